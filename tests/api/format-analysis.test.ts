// Acceptance: the fixture of every format, uploaded through the API, gives a map whose analysis (centrality,
// communities, structure, gaps, bridges) is the analysis of the same data imported as a JSON bundle, that is
// expected.json cut down to the items and fields the format carries. A dropped or reversed tie, a lost weight, need,
// offering, capacity or region moves some measure, so such a loss in an importer shows up here as a different number.
// (Coordinates count only where there are needs and offerings to reach, so tests/formats checks them field by field.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { App } from "../../server/app";
import type { Format } from "../../server/formats";
import { DEFAULT_REACH_KM } from "../../server/formats/hsds-mapping";
import type { Centrality, Communities, Gaps, Structure } from "../../server/schemas/analysis";
import type { Bridges as BridgesSchema } from "../../server/schemas/matching";
import { ACTOR_FIELDS, expected, TIE_FIELDS, type Carried } from "../formats/helpers";
import { buildTestApp, call, newMap } from "../helpers/app";
import { csvZip, fixtureUpload, upload, type Upload } from "../helpers/uploads";

type Item = Record<string, unknown>;
type Bridges = z.infer<typeof BridgesSchema>;

interface Variant {
  label: string;
  format: Format;
  files: () => Upload[];
  /** What the format carries of expected.json, as in tests/formats; "all" for the lossless formats. */
  carried: Carried | "all";
  /** Fields an importer sets to the same value on every item because the format has no such field. */
  offeringDefaults?: Item;
}

const GRAPH: Carried = { actors: ACTOR_FIELDS, relationships: TIE_FIELDS };
const FUNDED = [...new Set(expected.relationships.filter((r) => r.type === "funds").flatMap((r) => [r.from, r.to]))];
const SERVED = [
  "riverbend-public-library",
  "riverbend-valley-food-bank",
  "mindbridge-counselling",
  "valley-mentoring-partnership",
];
const STANDARD_ACTOR_FIELDS = ["id", "name", "type", "description", "location", "url"] as const;
const HSDS_TABLES = [
  "addresses",
  "attributes",
  "locations",
  "organizations",
  "service_at_location",
  "services",
  "taxonomy_terms",
];

const HSDS: Pick<Variant, "format" | "carried" | "offeringDefaults"> = {
  format: "hsds",
  carried: {
    byName: true,
    actorIds: SERVED,
    actors: STANDARD_ACTOR_FIELDS,
    offerings: ["actorId", "title", "category"],
  },
  // HSDS states no capacity and the fixture's services have physical locations: see server/formats/hsds.ts.
  offeringDefaults: { capacity: 1, modality: "in_person", reachKm: DEFAULT_REACH_KM },
};
const GIVING: Pick<Variant, "format" | "carried"> = {
  format: "360giving",
  carried: {
    byName: true,
    actorIds: FUNDED,
    actors: STANDARD_ACTOR_FIELDS,
    relationships: ["from", "to", "type", "amount", "since", "until"],
    relationshipTypes: ["funds"],
  },
};
const graphFile = (label: string, format: Format, path: string): Variant => ({
  label,
  format,
  files: () => [fixtureUpload(path)],
  carried: GRAPH,
});

const VARIANTS: Variant[] = [
  { label: "JSON bundle file", format: "json", files: () => [fixtureUpload("expected.json")], carried: "all" },
  { label: "CSV zip", format: "csv", files: () => [csvZip()], carried: "all" },
  {
    label: "CSV files",
    format: "csv",
    files: () => ["actors", "relationships", "needs", "offerings"].map((kind) => fixtureUpload(`csv/${kind}.csv`)),
    carried: "all",
  },
  { label: "Kumu workbook", format: "kumu", files: () => [fixtureUpload("kumu/ecosystem.xlsx")], carried: GRAPH },
  {
    label: "Kumu CSV sheets",
    format: "kumu",
    files: () => [fixtureUpload("kumu/elements.csv"), fixtureUpload("kumu/connections.csv")],
    carried: GRAPH,
  },
  { label: "Kumu JSON blueprint", format: "kumu", files: () => [fixtureUpload("kumu/blueprint.json")], carried: GRAPH },
  { label: "Kumu project backup", format: "kumu", files: () => [fixtureUpload("kumu/backup.json")], carried: GRAPH },
  graphFile("Gephi GEXF", "gexf", "graph/gephi.gexf"),
  graphFile("NetworkX GEXF", "gexf", "graph/networkx.gexf"),
  graphFile("Gephi GraphML", "graphml", "graph/gephi.graphml"),
  graphFile("NetworkX GraphML", "graphml", "graph/networkx.graphml"),
  graphFile("igraph GraphML", "graphml", "graph/igraph.graphml"),
  { label: "HSDS nested JSON", ...HSDS, files: () => [fixtureUpload("hsds/organizations.json")] },
  {
    label: "HSDS tabular CSV",
    ...HSDS,
    files: () => HSDS_TABLES.map((name) => fixtureUpload(`hsds/tabular/${name}.csv`)),
  },
  { label: "360Giving JSON package", ...GIVING, files: () => [fixtureUpload("360giving/grants.json")] },
  { label: "360Giving CSV sheet", ...GIVING, files: () => [fixtureUpload("360giving/grants.csv")] },
];

function pick(item: object, fields: readonly string[]): Item {
  const source = item as Item;
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));
}

/** The JSON bundle of the data the format carries: expected.json's items and fields that the format has. */
function sameData(variant: Variant): Record<string, Item[]> {
  const carried = variant.carried;
  if (carried === "all") return expected as unknown as Record<string, Item[]>;
  const kept = (id: string) => !carried.actorIds || carried.actorIds.includes(id);
  const types = carried.relationshipTypes;
  const items = (kind: "needs" | "offerings", defaults: Item = {}) =>
    carried[kind]
      ? expected[kind]
          .filter((n) => kept(n.actorId))
          .map((n) => ({ id: n.id, ...defaults, ...pick(n, carried[kind]!) }))
      : [];
  return {
    actors: expected.actors.filter((a) => kept(a.id)).map((a) => pick(a, carried.actors)),
    relationships: carried.relationships
      ? expected.relationships
          .filter((r) => kept(r.from) && kept(r.to) && (!types || types.includes(r.type)))
          .map((r) => pick(r, carried.relationships!))
      : [],
    needs: items("needs"),
    offerings: items("offerings", variant.offeringDefaults),
  };
}

/** A map and the translation of its ids into expected.json's. */
interface Side {
  mapId: string;
  actor: (id: string) => string;
  item: (id: string) => string;
}

const same = (id: string) => id;

/**
 * Formats with ids of their own are read back and matched to expected.json: actors by name, needs and offerings by
 * their actor and title. An item that matches nothing keeps a `?` id, so the comparison shows it.
 */
async function translation(mapId: string, bundle: Record<string, Item[]>): Promise<Side> {
  const mine = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
  const byName = new Map(expected.actors.map((a) => [a.name, a.id]));
  const actors = new Map<string, string>(
    mine.actors.map((a: Item) => [String(a.id), byName.get(String(a.name)) ?? `?${String(a.name)}`]),
  );
  const actor = (id: string) => actors.get(id) ?? `?${id}`;
  const key = (n: Item, of: (id: string) => string) => `${of(String(n.actorId))}|${String(n.title)}`;
  const theirs = new Map([...bundle.needs, ...bundle.offerings].map((n) => [key(n, same), String(n.id)]));
  const items = new Map<string, string>(
    [...mine.needs, ...mine.offerings].map((n: Item) => [
      String(n.id),
      theirs.get(key(n, actor)) ?? `?${key(n, actor)}`,
    ]),
  );
  return { mapId, actor, item: (id) => items.get(id) ?? `?${id}` };
}

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

async function analysis<T>(side: Side, path: string): Promise<T> {
  const r = await call(app, "GET", `/api/maps/${side.mapId}/analysis/${path}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const order = <T>(list: readonly T[], key: (x: T) => string): T[] =>
  [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/**
 * A partition as lists of members, each list sorted and the lists ordered by first member: community and component
 * numbers follow the order actors were stored in, which is the file's order, not part of the result.
 */
const partition = (groups: { members: string[] }[], side: Side) =>
  order(
    groups.map((g) => g.members.map(side.actor).sort()),
    (members) => members[0]!,
  );

/** Community number -> its canonical name (its first member), for results that quote community numbers. */
async function communityNames(side: Side, query = "") {
  const body = await analysis<Communities>(side, `communities${query}`);
  return new Map(body.communities.map((c) => [c.id, c.members.map(side.actor).sort()[0]]));
}

const byActor = <T extends { id: string }>(rows: T[], side: Side) =>
  order(
    rows.map((r) => ({ ...r, id: side.actor(r.id) })),
    (r) => r.id,
  );

/** Each analysis, reduced to what it says about the ecosystem, in expected.json's ids and a canonical order. */
const VIEWS: [string, (side: Side) => Promise<unknown>][] = [
  [
    "centrality (degree, weighted degree, betweenness, closeness, eigenvector, PageRank)",
    (side) =>
      Promise.all(
        ["", "?directed=true", "?weighted=false"].map(async (query) => {
          const { mapVersion: _, actors, ...rest } = await analysis<Centrality>(side, `centrality${query}`);
          return { query, ...rest, actors: byActor(actors, side) };
        }),
      ),
  ],
  [
    "communities (Louvain partition and modularity)",
    (side) =>
      Promise.all(
        ["", "?weighted=false"].map(async (query) => {
          const body = await analysis<Communities>(side, `communities${query}`);
          const names = await communityNames(side, query);
          const membership = Object.entries(body.membership).map(([id, c]) => [side.actor(id), names.get(c)] as const);
          return {
            query,
            modularity: body.modularity,
            communities: partition(body.communities, side),
            membership: Object.fromEntries(order(membership, ([id]) => id)),
          };
        }),
      ),
  ],
  [
    "structure (components, articulation points, bridges, brokers, isolates)",
    (side) =>
      Promise.all(
        ["", "?weighted=false"].map(async (query) => {
          const body = await analysis<Structure>(side, `structure${query}`);
          // A bridge is an undirected tie: its ends are named in the order the depth-first search met them.
          const bridges = body.bridges.map((b) => ({
            ends: order(
              [
                { id: side.actor(b.from), name: b.fromName },
                { id: side.actor(b.to), name: b.toName },
              ],
              (e) => e.id,
            ),
            cutOff: b.cutOff,
          }));
          return {
            query,
            components: partition(body.components, side),
            articulationPoints: byActor(body.articulationPoints, side),
            bridges: order(bridges, (b) => `${b.ends[0]!.id}|${b.ends[1]!.id}`),
            brokers: byActor(body.brokers, side),
            isolates: byActor(body.isolates, side),
          };
        }),
      ),
  ],
  [
    "gaps (under-served actors, unmet needs, supply and demand by category and region)",
    (side) =>
      Promise.all(
        ["", "?receivingTypes=school,library,nonprofit,family_group&asOf=2023-06-01"].map(async (query) => {
          const body = await analysis<Gaps>(side, `gaps${query}`);
          const unmet = body.unmetNeeds.map((n) => ({
            ...n,
            needId: side.item(n.needId),
            actorId: side.actor(n.actorId),
          }));
          return {
            query,
            underServed: order(
              body.underServed.map((u) => ({ ...u, actorId: side.actor(u.actorId) })),
              (u) => u.actorId,
            ),
            unmetNeeds: order(unmet, (n) => n.needId),
            byCategory: order(body.byCategory, (r) => r.key),
            byRegion: order(body.byRegion, (r) => r.key),
          };
        }),
      ),
  ],
  [
    "bridges (introductions across weakly tied communities)",
    async (side) => {
      const { mapVersion: _, suggestions, ...rest } = await analysis<Bridges>(side, "bridges?limit=500&maxTieRatio=10");
      const names = await communityNames(side);
      type Suggestion = Bridges["suggestions"][number];
      const end = (a: Suggestion["needActor"]) => ({ ...a, id: side.actor(a.id), community: names.get(a.community) });
      const match = (m: Suggestion["match"]) => ({
        ...m,
        needId: side.item(m.needId),
        offeringId: side.item(m.offeringId),
      });
      const translated = suggestions.map((s) => ({
        ...s,
        needActor: end(s.needActor),
        offeringActor: end(s.offeringActor),
        match: match(s.match),
        reverse: s.reverse && match(s.reverse),
      }));
      return { ...rest, suggestions: order(translated, (s) => `${s.match.needId}|${s.match.offeringId}`) };
    },
  ],
];

/** Every number within 5e-10: sums over ties in another order may differ in the last bits. */
function approx(value: unknown): unknown {
  if (typeof value === "number") return expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(approx);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, approx(v)]));
  }
  return value;
}

describe.each(VARIANTS)("$label", (variant) => {
  let fromFile: Side;
  let fromJson: Side;

  beforeAll(async () => {
    const bundle = sameData(variant);
    const fileMap = await newMap(app, `file-${variant.format}`);
    const uploaded = await upload(app, fileMap, variant.files(), `?format=${variant.format}`);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const jsonMap = await newMap(app, `json-${variant.format}`);
    const imported = await call(app, "POST", `/api/maps/${jsonMap}/import`, bundle);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const byName = variant.carried !== "all" && variant.carried.byName;
    fromFile = byName ? await translation(fileMap, bundle) : { mapId: fileMap, actor: same, item: same };
    fromJson = { mapId: jsonMap, actor: same, item: same };
  });

  it("holds as many actors, ties, needs and offerings as the JSON bundle", async () => {
    const counts = async (side: Side) => (await call(app, "GET", `/api/maps/${side.mapId}`)).body.counts;
    const want = await counts(fromJson);
    expect(want.actors).toBeGreaterThan(0);
    expect(await counts(fromFile)).toEqual(want);
  });

  it.each(VIEWS)("gives the JSON bundle's %s", async (_what, view) => {
    const want = await view(fromJson);
    expect(await view(fromFile)).toEqual(approx(want));
  });
});
