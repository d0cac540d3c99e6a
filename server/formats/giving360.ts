// 360Giving grants data (standard 1.4.3) as funding ties: who funds whom, how much, since when and where.
// Input is a JSON package `{grants: [...]}`, validated against the package schema, or the flat spreadsheet (CSV or
// XLSX) whose column titles walk the schema ("Recipient Org:Identifier", "Beneficiary Location:0:Latitude"): each row
// is rebuilt into a grant and validated against the grant schema, so both forms get the same checks.
// - Funding and recipient organisations become actors, merged by organisation identifier (slugified when it is not a
//   valid id). Funders are of type funder; recipients are schools, libraries... when their name says so, else
//   nonprofits (an organisation that both funds and receives is a funder).
// - Each grant becomes a `funds` relationship from each funder to each recipient: the grant identifier (slugified) is
//   its id, amountAwarded its amount in the grant's currency (ISO 4217, which the schema requires), awardDate its
//   `since`, the first planned end date its `until`. Amounts are stored as given, never converted; the report names
//   the currencies read.
// - Locations come from the recipient organisation's location, else the grant's beneficiary location (lat/lon, the
//   location's name as region); grant programme titles tag funders, classification titles tag recipients.
// - Grants to individuals name no organisation to tie to and are skipped (reported).
import type { ErrorObject } from "ajv";
import { isCurrency } from "../domain/units";
import type { Bundle } from "../schemas/domain";
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { IdTable } from "./ids";
import { Issues, Origins, Provenance, StopImport, type Where } from "./issues";
import { parseItem } from "./item-schemas";
import { limitsOf, wholeFileBytes } from "./limits";
import { guessActorType } from "./synonyms";
import { decodeText, readAll } from "./text";
import { parseNumber, toIsoDate } from "./values";
import { csvTable, readXlsx, tableName } from "./sheets";
import type { Cell, Table } from "./sheets";
import { describeAjvError, dotted, dropForgivable, giving360 } from "./standards";
import type { JsonSchema } from "./standards";
import { isZip, readZip } from "./zip";
import type { ImportFile, ImportInput, ImportResult } from "./types";
import { webUrl } from "./web-urls";

interface Org {
  id?: string;
  name?: string;
  description?: string;
  url?: string;
  charityNumber?: string;
  companyNumber?: string;
  streetAddress?: string;
  addressLocality?: string;
  addressRegion?: string;
  postalCode?: string;
  location?: Loc[];
}

interface Loc {
  name?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

interface Grant {
  id?: string;
  currency?: string;
  amountAwarded?: number;
  awardDate?: string;
  plannedDates?: { endDate?: string }[];
  recipientOrganization?: Org[];
  recipientIndividual?: unknown;
  fundingOrganization?: Org[];
  beneficiaryLocation?: Loc[];
  grantProgramme?: { title?: string | null }[];
  classifications?: { title?: string | null }[];
}

/** A grant with where it came from: a row (spreadsheets) or an index (JSON). */
interface Located {
  grant: Grant;
  where: Where;
  /** Spreadsheets: the column each JSON path came from, for messages. */
  headers?: Map<string, string>;
}

export async function import360Giving(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "grants", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  const grants: Located[] = [];
  try {
    for (const file of files) {
      const bytes = await readAll(file, wholeFileBytes(limits));
      const lower = file.name.toLowerCase();
      if (
        lower.endsWith(".json") ||
        (!isZip(bytes) && /^\s*[[{]/.test(new TextDecoder().decode(bytes.subarray(0, 64))))
      ) {
        grants.push(...readPackage(file.name, decodeText(file.name, bytes, options.encoding), issues));
      } else if (isZip(bytes)) {
        const tables = (await readXlsx(file.name, readZip(bytes, file.name, limits))).filter((t) =>
          t.header.some((h) => /^identifier$/i.test(h)),
        );
        if (!tables.length)
          throw new StopImport("missing_column", `${file.name} has no sheet with an Identifier column`, {
            file: file.name,
          });
        for (const table of tables) grants.push(...readSheet(table, issues));
      } else {
        grants.push(
          ...readSheet(
            csvTable(file.name, decodeText(file.name, bytes, options.encoding), options.delimiter ?? ","),
            issues,
          ),
        );
      }
    }
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("360giving", names, issues);
  }
  if (issues.errors) return emptyResult("360giving", names, issues, grants.length);
  const { bundle, origins } = toBundle(grants, issues);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options);
  return finish("360giving", names, grants.length, bundle, issues);
}

function readPackage(file: string, text: string, issues: Issues): Located[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StopImport("malformed", `${file} is not valid JSON: ${(err as Error).message}`, { file });
  }
  const { validatePackage } = giving360();
  if (!validatePackage(json)) {
    reportAjv(validatePackage.errors ?? [], (path) => ({ file, field: dotted(path) }), issues, json);
  }
  const grants = (json as { grants?: unknown }).grants;
  if (!Array.isArray(grants)) return [];
  return grants.map((grant, i) => ({ grant: grant as Grant, where: { file, field: `grants[${i}]` } }));
}

function reportAjv(
  errors: readonly ErrorObject[],
  where: (path: string[]) => Where,
  issues: Issues,
  data: unknown,
): void {
  const seen = new Set<string>();
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "if");
  for (const error of specific.length ? specific : errors) {
    const { path, message } = describeAjvError(error);
    const key = `${path.join("/")}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const w = where(path);
    const text = w.column ? message : `${w.field ?? dotted(path)}: ${message}`;
    const forgiven = dropForgivable(error, path, message, data);
    if (forgiven) issues.warn("invalid_value", w.column ? forgiven : `${w.field ?? dotted(path)}: ${forgiven}`, w);
    else issues.error("schema", text, w);
  }
}

// ---- Spreadsheets -------------------------------------------------------------------------------

type Step = string | number;

/** Resolves `#/$defs/X` within the grant schema. */
function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)[part];
  return deref(node as JsonSchema, root);
}

function isArraySchema(schema: JsonSchema): boolean {
  return (
    schema.type === "array" ||
    (Array.isArray(schema.type) && schema.type.includes("array")) ||
    schema.items !== undefined
  );
}

/** A column title as a path into a grant, e.g. "Recipient Org:Location:0:Latitude" -> recipientOrganization.0.location.0.latitude. */
function titlePath(title: string, root: JsonSchema): { path: Step[]; leaf: JsonSchema } | undefined {
  const segments = title.split(":").map((s) => s.trim());
  let node = root;
  const path: Step[] = [];
  let i = 0;
  while (i < segments.length) {
    node = deref(node, root);
    if (isArraySchema(node)) {
      const index = /^\d+$/.test(segments[i]!) ? Number(segments[i++]) : 0;
      path.push(index);
      node = (node.items as JsonSchema) ?? {};
      continue;
    }
    const props = (node.properties as Record<string, JsonSchema>) ?? {};
    const seg = segments[i]!.toLowerCase();
    const key = Object.keys(props).find(
      (k) => k.toLowerCase() === seg || String(props[k]!.title ?? "").toLowerCase() === seg,
    );
    if (!key) return undefined;
    path.push(key);
    node = props[key]!;
    i++;
  }
  node = deref(node, root);
  // A title that stops at an array of objects ("Beneficiary Location") names no value.
  if (isArraySchema(node) && deref((node.items as JsonSchema) ?? {}, root).type === "object") return undefined;
  return { path, leaf: node };
}

function cast(value: Cell, leaf: JsonSchema): unknown {
  const types = Array.isArray(leaf.type) ? leaf.type : [leaf.type];
  if (types.includes("number") || types.includes("integer")) {
    if (typeof value === "number") return value;
    return parseNumber(String(value)) ?? value;
  }
  if (types.includes("boolean"))
    return typeof value === "boolean" ? value : /^(true|yes|1)$/i.test(String(value).trim());
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (types.includes("array"))
    return String(value)
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean);
  return typeof value === "string" ? value.trim() : String(value);
}

function setPath(target: Record<string, unknown>, path: Step[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((step, i) => {
    if (i === path.length - 1) {
      node[step] = value;
      return;
    }
    const next = path[i + 1];
    node[step] ??= typeof next === "number" ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  });
}

/** The flat spreadsheet form: one grant per row, nested by the titles of the schema. */
function readSheet(table: Table, issues: Issues): Located[] {
  const { grant: root, validateGrant } = giving360();
  const file = tableName(table);
  const columns = table.header.map((title) => (title ? titlePath(title, root) : undefined));
  const unknown = table.header.filter((h, i) => h && !columns[i]);
  if (unknown.length) {
    issues.warn("unknown_column", `${file}: columns not in the 360Giving schema are ignored: ${unknown.join(", ")}`, {
      file,
      row: 1,
    });
  }
  if (!columns.some((c) => c?.path.join(".") === "id")) {
    throw new StopImport("missing_column", `${file}: no Identifier column; is this a 360Giving grants sheet?`, {
      file,
      row: 1,
    });
  }
  const headers = new Map<string, string>();
  columns.forEach((c, i) => c && headers.set(c.path.join("/"), table.header[i]!));
  const out: Located[] = [];
  for (const { row, cells } of table.rows) {
    const grant: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const value = cells[i];
      if (c && value !== undefined) setPath(grant, c.path, cast(value, c.leaf));
    });
    const where = { file, row };
    if (!validateGrant(grant)) {
      reportAjv(
        validateGrant.errors ?? [],
        (path) => {
          const header = headers.get(path.join("/")) ?? titleOf(path, root);
          return { ...where, column: header };
        },
        issues,
        grant,
      );
    }
    out.push({ grant: grant as Grant, where, headers });
  }
  return out;
}

/** The spreadsheet title of a path, for a required field the sheet lacks ("Recipient Org:Name"). */
function titleOf(path: string[], root: JsonSchema): string | undefined {
  let node = root;
  const titles: string[] = [];
  for (const step of path) {
    node = deref(node, root);
    if (/^\d+$/.test(step)) {
      node = (node.items as JsonSchema) ?? {};
      continue;
    }
    const prop = ((node.properties as Record<string, JsonSchema>) ?? {})[step];
    if (!prop) return undefined;
    titles.push(String(prop.title ?? step));
    node = prop;
  }
  return titles.join(":") || undefined;
}

// ---- Grants to actors and ties ------------------------------------------------------------------

/** Where a value of a grant was read: its column in a spreadsheet row, its JSON path in a package. */
interface Place {
  where: Where;
  of: (path: Step[]) => Where;
}

function placeIn({ where, headers }: Located): Place {
  const { grant: root } = giving360();
  return {
    where,
    of: (path) => {
      if (!headers) return { file: where.file, field: dotted([where.field ?? "", ...path.map(String)]) };
      const key = path.join("/");
      // A spreadsheet without the column: the path's title says which column would hold it.
      return { file: where.file, row: where.row, column: headers.get(key) ?? titleOf(path.map(String), root) };
    },
  };
}

function toBundle(grants: Located[], issues: Issues) {
  const bundle: Bundle = { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] };
  const origins = new Origins();
  const orgIds = new IdTable("organisation", issues);
  const grantIds = new IdTable("grant", issues);
  const actors = new Map<
    string,
    { actor: Record<string, unknown>; where: Where; source: Provenance; tags: Set<string> }
  >();
  const currencies = new Map<string, number>();
  let individuals = 0;

  /** Creates or completes the actor of an organisation at `path` of the grant; `fallback` is a beneficiary location. */
  const upsert = (
    org: Org,
    role: "funder" | "recipient",
    at: Place,
    path: Step[],
    fallback: { loc: Loc; path: Step[] } | undefined,
    tags: string[],
  ) => {
    const raw = String(org.id ?? "").trim();
    if (!raw) return undefined;
    const where = at.where;
    const id = orgIds.assign(raw, at.of([...path, "id"]));
    let entry = actors.get(id);
    if (!entry) {
      const name = String(org.name ?? raw).trim();
      const attributes: Record<string, string | number | boolean> = {};
      if (id !== raw) attributes.org_id = raw;
      if (org.charityNumber) attributes.charity_number = String(org.charityNumber);
      if (org.companyNumber) attributes.company_number = String(org.companyNumber);
      const source = new Provenance(where)
        .set("id", at.of([...path, "id"]))
        .set("name", at.of([...path, "name"]))
        .set("description", at.of([...path, "description"]))
        .set("url", at.of([...path, "url"]));
      entry = {
        actor: {
          id,
          name,
          type: role === "funder" ? "funder" : guessActorType(name, "nonprofit"),
          description: org.description ?? "",
          attributes,
          url: webUrl(org.url || undefined, issues, at.of([...path, "url"])),
        },
        where,
        source,
        tags: new Set(),
      };
      actors.set(id, entry);
    } else if (role === "funder") entry.actor.type = "funder";
    if (!entry.actor.location) {
      const own = (org.location ?? []).findIndex(
        (l) => typeof l?.latitude === "number" && typeof l?.longitude === "number",
      );
      const found = own >= 0 ? { loc: org.location![own]!, path: [...path, "location", own] as Step[] } : fallback;
      const address = [org.streetAddress, org.addressLocality, org.postalCode].filter(Boolean).join(", ") || undefined;
      const loc = found?.loc;
      if (found && loc && typeof loc.latitude === "number" && typeof loc.longitude === "number") {
        entry.actor.location = strip({
          lat: loc.latitude,
          lon: loc.longitude,
          address,
          region: loc.name || org.addressRegion || undefined,
        });
        entry.source
          .set("location.lat", at.of([...found.path, "latitude"]))
          .set("location.lon", at.of([...found.path, "longitude"]))
          .set("location.address", at.of([...path, "streetAddress"]))
          .set("location.region", at.of(loc.name ? [...found.path, "name"] : [...path, "addressRegion"]));
        const attrs = entry.actor.attributes as Record<string, unknown>;
        delete attrs.address;
        delete attrs.region;
      } else {
        const attrs = entry.actor.attributes as Record<string, unknown>;
        if (address) attrs.address ??= address;
        if (org.addressRegion) attrs.region ??= org.addressRegion;
      }
    }
    for (const t of tags) if (entry.tags.size < 30) entry.tags.add(t.slice(0, 50));
    return id;
  };

  const seenGrants = new Map<string, Where>();
  for (const located of grants) {
    const { grant, where } = located;
    const at = placeIn(located);
    const grantId = String(grant.id ?? "").trim();
    if (grantId) {
      const first = seenGrants.get(grantId);
      if (first) {
        issues.error(
          "duplicate_id",
          `duplicate grant identifier '${grantId}' (also ${first.row ? `row ${first.row}` : first.field})`,
          where,
        );
        continue;
      }
      seenGrants.set(grantId, where);
    }
    const recipients = grant.recipientOrganization ?? [];
    if (!recipients.length) {
      if (grant.recipientIndividual !== undefined) individuals++;
      continue;
    }
    if (grant.currency) currencies.set(grant.currency, (currencies.get(grant.currency) ?? 0) + 1);
    const programmes = (grant.grantProgramme ?? []).map((p) => p?.title).filter((t): t is string => !!t);
    const classes = (grant.classifications ?? []).map((c) => c?.title).filter((t): t is string => !!t);
    const funders = (grant.fundingOrganization ?? []).map((f, k) =>
      upsert(f, "funder", at, ["fundingOrganization", k], undefined, programmes),
    );
    const b = (grant.beneficiaryLocation ?? []).findIndex(
      (l) => typeof l?.latitude === "number" && typeof l?.longitude === "number",
    );
    const beneficiary = b >= 0 ? { loc: grant.beneficiaryLocation![b]!, path: ["beneficiaryLocation", b] } : undefined;
    const receivers = recipients.map((r, k) =>
      upsert(r, "recipient", at, ["recipientOrganization", k], beneficiary, classes),
    );
    const pairs = funders.flatMap((f, i) => receivers.map((r, j) => [f, r, i, j] as const)).filter(([f, r]) => f && r);
    // The 360Giving schema allows every ISO 4217 code, old ones too; a code this platform does not know (ADP, say)
    // keeps the amount, drops the currency and says so, rather than refusing the file.
    const known = (code: string | undefined, at: Where) => {
      if (code === undefined || isCurrency(code)) return code;
      issues.warn(
        "lossy",
        `currency ${code} is not a current ISO 4217 code: the amount is kept without a currency`,
        at,
      );
      return undefined;
    };
    const currency = grant.amountAwarded === undefined ? undefined : known(grant.currency, where);
    pairs.forEach(([from, to, i, j], k) => {
      const item = strip({
        // Co-funded grants give one tie per funder; the first keeps the grant's id.
        id: grantId ? grantIds.assign(k === 0 ? grantId : `${grantId}-${k + 1}`, where) : undefined,
        from,
        to,
        type: "funds",
        amount: grant.amountAwarded,
        currency,
        since: toIsoDate(grant.awardDate),
        until: toIsoDate(grant.plannedDates?.[0]?.endDate),
      });
      const source = new Provenance(where)
        .set("id", at.of(["id"]))
        .set("from", at.of(["fundingOrganization", i, "id"]))
        .set("to", at.of(["recipientOrganization", j, "id"]))
        .set("amount", at.of(["amountAwarded"]))
        .set("currency", at.of(["currency"]))
        .set("since", at.of(["awardDate"]))
        .set("until", at.of(["plannedDates", 0, "endDate"]));
      const parsed = parseItem("relationships", item, issues, source);
      if (!parsed) return;
      bundle.relationships.push(parsed);
      origins.add("relationships", where.file, where.row);
    });
  }
  for (const { actor, where, source, tags } of actors.values()) {
    const parsed = parseItem("actors", strip({ ...actor, tags: [...tags] }), issues, source);
    if (!parsed) continue;
    bundle.actors.push(parsed);
    origins.add("actors", where.file, where.row);
  }
  if (individuals) {
    issues.warn("lossy", `${individuals} grants go to individuals rather than organisations and were skipped`);
  }
  if (currencies.size) {
    const list = [...currencies].map(([c, n]) => `${c} (${n} grants)`).join(", ");
    issues.warn(
      "mapped",
      currencies.size > 1
        ? `currencies read: ${list}; each tie keeps its grant's currency and amounts are not converted`
        : `currency read: ${list}; each tie keeps it`,
    );
  }
  return { bundle, origins };
}

function strip<T extends object>(item: T): T {
  for (const key of Object.keys(item) as (keyof T)[]) if (item[key] === undefined) delete item[key];
  return item;
}
