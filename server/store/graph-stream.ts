// The whole map as a stream of records: the queries store.graph runs (snapshot-reader.ts), in one read transaction,
// each record decoded as store.graph decodes it and handed on as it arrives. The driver pulls the next batch of
// records only as the consumer iterates, so a map of any size goes out without this process (or Neo4j) holding all
// of it. Not a managed transaction: a read whose first bytes already left cannot be retried, so a failure ends the
// stream instead.
import neo4j, { type Driver } from "neo4j-driver";
import { NotFoundError } from "../domain/errors";
import { DEFAULT_REDACTED_TYPES } from "../privacy/policy";
import type { AtlasMap, GraphView } from "../schemas/domain";
import { cypher, type QueryName } from "./cypher";
import { fromNeo4jError } from "./neo4j-errors";
import {
  actorFromProps,
  categoryFromProps,
  commitmentFromProps,
  needFromProps,
  offeringFromProps,
  relationshipFromProps,
} from "./records";
import type { Row, StoreSession } from "./session";

/** Records pulled from Neo4j at a time (about 2 MB of a large map's records): what the stream holds at most. */
const FETCH_SIZE = 5000;

/** The lists of a GraphView, in the order the GraphView schema (and store.graph) gives them. */
export const GRAPH_PARTS = ["categories", "actors", "relationships", "needs", "offerings", "commitments"] as const;
export type GraphPart = (typeof GRAPH_PARTS)[number];
export type GraphItem<P extends GraphPart = GraphPart> = GraphView[P][number];

const READS: { [P in GraphPart]: { query: QueryName; decode: (row: Row) => GraphItem<P> } } = {
  categories: { query: "category-list", decode: (r) => categoryFromProps(r.category as Row) },
  actors: { query: "map-actors", decode: (r) => actorFromProps(r.actor as Row) },
  relationships: { query: "map-relationships", decode: (r) => relationshipFromProps(r.relationship as Row) },
  needs: { query: "map-needs", decode: (r) => needFromProps(r.need as Row) },
  offerings: { query: "map-offerings", decode: (r) => offeringFromProps(r.offering as Row) },
  commitments: { query: "map-commitments", decode: (r) => commitmentFromProps(r.commitment as Row) },
};

/** One item of the list read at `step`, or the end of that list (`item` absent). */
export interface GraphRecord {
  step: number;
  part: GraphPart;
  item?: GraphItem;
}

export interface OpenGraph {
  /** The map, read first (with its version and counts, and its privacy key, which no response carries). */
  map: AtlasMap;
  /** The lists named when the graph was opened, in that order; the transaction closes when they end. */
  records(): AsyncGenerator<GraphRecord>;
  /** Ends the read early; safe to call more than once and after the records ended. */
  close(): Promise<void>;
}

/**
 * Opens a read of the map: the map itself is read at once (NotFoundError before any byte is sent), then `steps`
 * lists one after the other. A list may be named twice (a writer that needs a first pass, such as the CSV export's
 * attribute columns). The caller either iterates `records()` to the end or calls `close()`.
 */
export async function openGraph(
  session: StoreSession,
  driver: Driver,
  mapId: string,
  steps: readonly GraphPart[],
): Promise<OpenGraph> {
  await session.ensureSchema();
  // Larger batches than the driver's 1000 records: a 60k-actor map is 400k records, and each batch is a round trip.
  const driverSession = driver.session({ defaultAccessMode: neo4j.session.READ, fetchSize: FETCH_SIZE });
  const tx = driverSession.beginTransaction();
  let closing: Promise<void> | undefined;
  const close = (commit: boolean) =>
    (closing ??= (async () => {
      try {
        if (tx.isOpen()) await (commit ? tx.commit() : tx.rollback());
      } finally {
        await driverSession.close();
      }
    })());
  let map: AtlasMap;
  try {
    const result = await tx.run(cypher("map-get"), { mapId, defaultRedactedTypes: DEFAULT_REDACTED_TYPES });
    const row = result.records[0]?.toObject();
    if (!row) throw new NotFoundError("Map", mapId);
    map = row.map as AtlasMap;
  } catch (err) {
    await close(false).catch(() => undefined);
    throw fromNeo4jError(err);
  }
  async function* records(): AsyncGenerator<GraphRecord> {
    let finished = false;
    try {
      for (const [step, part] of steps.entries()) {
        const { query, decode } = READS[part];
        for await (const record of tx.run(cypher(query), { mapId })) {
          const row = record.toObject();
          // A tie deleted by another transaction while this long read streams comes back without its type: it is
          // gone, so it is left out, as a read a moment later would leave it out.
          if (part === "relationships" && (row.relationship as Row | null)?.neo4jType == null) continue;
          yield { step, part, item: decode(row) };
        }
        yield { step, part };
      }
      finished = true;
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await close(finished);
    }
  }
  return { map, records, close: () => close(false).catch(() => undefined) };
}
