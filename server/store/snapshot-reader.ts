// Whole-map reads: the full graph view, the lean snapshot the analysis and matching read (decoded from records of
// parallel lists), the items' texts, every id per kind, and the map as an importable bundle.
import { DEFAULT_REDACTED_TYPES } from "../privacy/policy";
import type { Actor, AtlasMap, Bundle, GraphView } from "../schemas/domain";
import { NotFoundError } from "../domain/errors";
import { RELATIONSHIP_TYPES } from "../domain/vocabulary";
import { mapIds, type MapIds } from "./bundle-writer";
import type { GraphItem, GraphPart } from "./graph-stream";
import type { MapRepository } from "./map-repository";
import {
  ACTIVE,
  actorFromProps,
  categoryFromProps,
  commitmentFromProps,
  needFromProps,
  offeringFromProps,
  relationshipFromProps,
  stripTimestamps,
} from "./records";
import { rows, type Row, type StoreSession } from "./session";
import type { ItemTexts, MapSnapshot } from "./types";

/** Items per snapshot record: see cypher/snapshot-actors.cypher. */
const SNAPSHOT_CHUNK = 20_000;

export class SnapshotReader {
  constructor(
    private readonly session: StoreSession,
    private readonly maps: MapRepository,
  ) {}

  /** The whole map, read in one transaction with one query per kind (never one per actor). */
  async graph(mapId: string): Promise<GraphView> {
    return this.session.read(async (tx) => {
      const [mapRow] = await rows(tx, "map-get", { mapId, defaultRedactedTypes: DEFAULT_REDACTED_TYPES });
      if (!mapRow) throw new NotFoundError("Map", mapId);
      const categories = await rows(tx, "category-list", { mapId });
      const actors = await rows(tx, "map-actors", { mapId });
      const relationships = await rows(tx, "map-relationships", { mapId });
      const needs = await rows(tx, "map-needs", { mapId });
      const offerings = await rows(tx, "map-offerings", { mapId });
      const commitments = await rows(tx, "map-commitments", { mapId });
      return {
        map: mapRow.map as AtlasMap,
        categories: categories.map((r) => categoryFromProps(r.category as Row)),
        actors: actors.map((r) => actorFromProps(r.actor as Row)),
        // A tie deleted while this read ran comes back without its type: it is gone, and left out.
        relationships: relationships
          .filter((r) => (r.relationship as Row | null)?.neo4jType != null)
          .map((r) => relationshipFromProps(r.relationship as Row)),
        needs: needs.map((r) => needFromProps(r.need as Row)),
        offerings: offerings.map((r) => offeringFromProps(r.offering as Row)),
        commitments: commitments.map((r) => commitmentFromProps(r.commitment as Row)),
      };
    });
  }

  /**
   * The analysis snapshot in a few queries, each one record of parallel lists: at 100k actors and 500k
   * relationships this decodes far faster than a record per object.
   */
  async snapshot(mapId: string): Promise<MapSnapshot> {
    // The five reads run side by side, each in a transaction of its own, so Neo4j streams one list while this
    // process decodes another (a third faster at 100k actors). An unchanged map version before and after proves
    // that no write landed in between; otherwise, after a few tries, one transaction reads them in turn.
    const params = { mapId, chunk: SNAPSHOT_CHUNK, active: ACTIVE };
    const reads = [
      "snapshot-actors",
      "snapshot-relationships",
      "snapshot-needs",
      "snapshot-offerings",
      "category-list",
    ] as const;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.maps.version(mapId);
      const parts = await Promise.all(reads.map((name) => this.session.read((tx) => rows(tx, name, params))));
      if ((await this.maps.version(mapId)) === before) return decodeSnapshot(mapId, parts);
    }
    return this.session.read(async (tx) => {
      const parts: Row[][] = [];
      for (const name of reads) parts.push(await rows(tx, name, params));
      return decodeSnapshot(mapId, parts);
    });
  }

  /** Descriptions and tags of every need and offering, and the amount active commitments cover per need. */
  async itemTexts(mapId: string): Promise<ItemTexts> {
    return this.session.read(async (tx) => {
      const t = joinChunks(await rows(tx, "snapshot-texts", { mapId, active: ACTIVE, chunk: SNAPSHOT_CHUNK }));
      return {
        id: (t.id ?? []) as string[],
        description: (t.description ?? []) as string[],
        tags: (t.tags ?? []) as string[][],
        covered: (t.covered ?? []) as number[],
      };
    });
  }

  /** Every id in the map, per kind: what an import may refer to, and what tells a dry run's creates from updates. */
  async existingIds(mapId: string): Promise<MapIds> {
    const ids = await this.session.read((tx) => mapIds(tx, mapId));
    if (!ids) throw new NotFoundError("Map", mapId);
    return ids;
  }

  /** The map as an importable bundle: the same shape import takes, so export -> import -> export is stable. */
  async exportBundle(mapId: string): Promise<Bundle> {
    const g = await this.graph(mapId);
    const part = <P extends BundlePart>(p: P) => g[p].map((item) => bundleItem(p, item as GraphItem<P>));
    return {
      categories: part("categories"),
      actors: part("actors"),
      relationships: part("relationships"),
      needs: part("needs"),
      offerings: part("offerings"),
      commitments: part("commitments"),
    };
  }
}

export type BundlePart = keyof Bundle & GraphPart;
export type BundleItem<P extends BundlePart = BundlePart> = Bundle[P][number];

/** One item of a GraphView as the bundle carries it (also what the streamed export writes, record by record). */
export function bundleItem<P extends BundlePart>(part: P, item: GraphItem<P>): BundleItem<P> {
  return BUNDLE_ITEM[part](item as never) as BundleItem<P>;
}

const BUNDLE_ITEM: { [P in BundlePart]: (item: GraphItem<P>) => BundleItem<P> } = {
  categories: (c) => c,
  actors: (a) => stripTimestamps(a),
  // Survey provenance is the map's own history, not data an import takes: it stays behind.
  relationships: (r) => {
    const { directed: _d, reportedBy: _r, provenance: _p, ...rest } = stripTimestamps(r);
    return rest;
  },
  needs: (n) => {
    const { provenance: _p, ...rest } = stripTimestamps(n);
    return rest;
  },
  // `committed` is derived from the commitments, which travel with their history.
  offerings: (o) => {
    const { committed: _c, provenance: _p, ...rest } = stripTimestamps(o);
    return rest;
  },
  commitments: (c) => ({
    id: c.id,
    offeringId: c.offeringId,
    needId: c.needId,
    amount: c.amount,
    unit: c.unit,
    status: c.status,
    history: c.history,
  }),
};

function decodeSnapshot(
  mapId: string,
  [actorRows, relationshipRows, needRows, offeringRows, categoryRows]: Row[][],
): MapSnapshot {
  if (!actorRows!.length) throw new NotFoundError("Map", mapId);
  const a = joinChunks(actorRows!);
  const r = joinChunks(relationshipRows!);
  const n = joinChunks(needRows!);
  const o = joinChunks(offeringRows!);
  const categories = categoryRows!.map((row) => categoryFromProps(row.category as Row));
  const col = <T>(record: Row, key: string) => (record[key] ?? []) as T[];
  const lat = col<number>(a, "lat");
  const lon = col<number>(a, "lon");
  const region = col<string>(a, "region");
  const names = col<string>(a, "name");
  const types = col<Actor["type"]>(a, "type");
  const relTypes = col<number>(r, "type");
  const relWeights = col<number>(r, "weight");
  const relTo = col<number>(r, "to");
  const unconfirmed = new Set(col<number>(r, "unconfirmed"));
  const reach = col<number>(o, "reachKm");
  const validFrom = col<string>(o, "validFrom");
  const validUntil = col<string>(o, "validUntil");
  const offeringCols = ["actorId", "category", "title", "capacity", "unit", "committed", "modality", "status"].map(
    (k) => col<never>(o, k),
  );
  const needCols = ["actorId", "category", "title", "quantity", "unit", "priority", "status", "covered"].map((k) =>
    col<never>(n, k),
  );
  const ids = col<string>(a, "id");
  const idOf = new Map<number, string>(col<number>(a, "ix").map((ix, i) => [ix, ids[i]!]));
  return {
    mapId,
    version: actorRows![0]!.version as number,
    // Absent coordinates travel as 1000 (no real latitude), because collect() drops nulls.
    actors: ids.map((id, i) => ({
      id,
      name: names[i]!,
      type: types[i]!,
      location: lat[i]! <= 90 ? { lat: lat[i]!, lon: lon[i]!, ...(region[i] ? { region: region[i] } : {}) } : undefined,
    })),
    relationships: col<number>(r, "from").map((from, i) => {
      const tie: MapSnapshot["relationships"][number] = {
        from: idOf.get(from)!,
        to: idOf.get(relTo[i]!)!,
        type: RELATIONSHIP_TYPES[relTypes[i]!]!,
        weight: relWeights[i]!,
      };
      if (unconfirmed.has(i)) tie.unconfirmed = true;
      return tie;
    }),
    needs: col<string>(n, "id").map((id, i) => {
      const [actorId, category, title, quantity, unit, priority, status, covered] = needCols.map((c) => c[i]!);
      return { id, actorId, category, title, quantity, unit, priority, status, covered };
    }),
    offerings: col<string>(o, "id").map((id, i) => {
      const [actorId, category, title, capacity, unit, committed, modality, status] = offeringCols.map((c) => c[i]!);
      return {
        id,
        actorId,
        category,
        title,
        capacity,
        unit,
        committed,
        modality,
        status,
        reachKm: reach[i]! >= 0 ? reach[i] : undefined,
        validFrom: validFrom[i] || undefined,
        validUntil: validUntil[i] || undefined,
      };
    }),
    categories,
  };
}

/** Concatenates the list columns of chunked snapshot records. */
function joinChunks(records: Row[]): Row {
  const out: Record<string, unknown[]> = {};
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (!Array.isArray(value)) continue;
      const list = (out[key] ??= []);
      for (let i = 0; i < value.length; i++) list.push(value[i]);
    }
  }
  return out;
}
