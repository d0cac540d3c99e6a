// Fixture loading and comparison for the format tests: every fixture describes the ecosystem in
// fixtures/formats/expected.json, and each format is held to the fields it can carry.
import { readdirSync, readFileSync } from "node:fs";
import { expect } from "vitest";
import { Bundle } from "../../server/schemas/domain";
import type { Bundle as BundleType } from "../../server/schemas/domain";
import type { ImportFile, ImportIssue, ImportResult } from "../../server/formats";

export const FIXTURES = new URL("../../fixtures/formats/", import.meta.url);

export function fixture(path: string): ImportFile {
  return { name: path.split("/").pop()!, data: readFileSync(new URL(path, FIXTURES)) };
}

export function fixtureDir(path: string): ImportFile[] {
  return readdirSync(new URL(path, FIXTURES))
    .sort()
    .map((name) => fixture(`${path}/${name}`));
}

export const expected: BundleType = Bundle.parse(JSON.parse(readFileSync(new URL("expected.json", FIXTURES), "utf8")));

export function ok(result: ImportResult): BundleType {
  const errors = result.report.issues.filter((i) => i.level === "error");
  expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  expect(result.bundle).not.toBeNull();
  return result.bundle!;
}

/** The errors of a failed import; asserts there is no bundle. */
export function failed(result: ImportResult): ImportIssue[] {
  expect(result.bundle).toBeNull();
  const errors = result.report.issues.filter((i) => i.level === "error");
  expect(errors.length).toBeGreaterThan(0);
  expect(result.report.counts).toEqual({
    categories: 0,
    actors: 0,
    relationships: 0,
    needs: 0,
    offerings: 0,
    commitments: 0,
  });
  return errors;
}

type Item = Record<string, unknown>;

function pick(item: Item, fields: readonly string[]): Item {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
}

function sortBy(list: Item[], key: (i: Item) => string): Item[] {
  return [...list].sort((a, b) => key(a).localeCompare(key(b)));
}

export interface Carried {
  actors: readonly string[];
  relationships?: readonly string[];
  needs?: readonly string[];
  offerings?: readonly string[];
  /** Formats with ids of their own (HSDS UUIDs, 360Giving organisation identifiers) are matched by actor name. */
  byName?: boolean;
  /** Only these expected actors (by id) are in the format, with the ties among them of `relationshipTypes`. */
  actorIds?: readonly string[];
  relationshipTypes?: readonly string[];
}

export const ACTOR_FIELDS = ["id", "name", "type", "description", "tags", "location", "attributes", "url"] as const;
export const TIE_FIELDS = ["from", "to", "type", "weight", "amount", "since", "until"] as const;

/** Asserts that `bundle` holds what `expected` holds, on the fields and items the format carries. */
export function expectCarried(bundle: BundleType, carried: Carried): void {
  const nameToId = new Map(expected.actors.map((a) => [a.name, a.id]));
  const idOf = new Map(
    bundle.actors.map((a) => [a.id, carried.byName ? (nameToId.get(a.name) ?? `?${a.name}`) : a.id]),
  );
  const translate = (id: unknown) => idOf.get(String(id)) ?? `?${String(id)}`;
  const keep = carried.actorIds ? new Set(carried.actorIds) : undefined;

  const actorFields = carried.actors;
  const got = sortBy(
    bundle.actors.map((a) => pick({ ...a, id: translate(a.id) }, actorFields)),
    (a) => String(a.id ?? a.name),
  );
  const want = sortBy(
    expected.actors.filter((a) => !keep || keep.has(a.id)).map((a) => pick(a as Item, actorFields)),
    (a) => String(a.id ?? a.name),
  );
  expect(got).toEqual(want);

  const ties = (list: BundleType["relationships"], map: (id: unknown) => unknown) =>
    sortBy(
      list.map((r) => pick({ ...r, from: map(r.from), to: map(r.to) }, carried.relationships!)),
      (r) => `${String(r.from)}|${String(r.type)}|${String(r.to)}`,
    );
  if (carried.relationships) {
    const types = carried.relationshipTypes ? new Set(carried.relationshipTypes) : undefined;
    expect(ties(bundle.relationships, translate)).toEqual(
      ties(
        expected.relationships.filter((r) => !types || types.has(r.type)),
        (id) => id,
      ),
    );
  }
  for (const kind of ["needs", "offerings"] as const) {
    const fields = carried[kind];
    if (!fields) continue;
    const items = (list: Item[], map: (id: unknown) => unknown) =>
      sortBy(
        list.map((n) => pick({ ...n, actorId: map(n.actorId) }, fields)),
        (n) => `${String(n.actorId)}|${String(n.title)}`,
      );
    expect(items(bundle[kind] as Item[], translate)).toEqual(
      items(
        (expected[kind] as Item[]).filter((n) => !keep || keep.has(String(n.actorId))),
        (id) => id,
      ),
    );
  }
}

/** Issues as one line each, for failure messages. */
export function lines(issues: ImportIssue[]): string {
  return issues
    .map((i) => `${i.level} ${i.code} ${i.file ?? ""}:${i.row ?? i.field ?? ""} [${i.column ?? ""}] ${i.message}`)
    .join("\n");
}
