// The whole-map answers written as their records arrive from Neo4j (server/store/graph-stream.ts): the graph view and
// the exports as a JSON bundle or a CSV zip. Each record is redacted on its own for a redacted caller (redacting each
// item of a list gives what redacting the list gives) and encoded with its schema exactly as the response serializer
// would encode the whole object, so the bytes are those of the answer built in memory, without building it.
import { Readable } from "node:stream";
import { z } from "zod";
import { CSV_ENTITIES } from "../schemas/imports";
import { Bundle, GraphView, type AtlasMap } from "../schemas/domain";
import { exportCsvStream, type CsvRecord } from "../formats/csv-export";
import { GRAPH_PARTS, type GraphItem, type GraphPart, type OpenGraph } from "../store/graph-stream";
import { bundleItem, type BundleItem, type BundlePart } from "../store/snapshot-reader";

/** Redacts one record for the caller (Redaction.recordRedactor), or undefined to send it as it is. */
export type RecordRedactor = (<T>(record: T) => Promise<T>) | undefined;

/** Bytes handed to the response at a time: large enough that a 100 MB answer is a few thousand writes. */
const CHUNK_BYTES = 64 * 1024;

const schemasOf = (pick: (part: GraphPart) => z.ZodType) =>
  Object.fromEntries(GRAPH_PARTS.map((p) => [p, pick(p)])) as Record<GraphPart, z.ZodType>;
const GRAPH_ITEM = schemasOf((p) => GraphView.shape[p].element);
const BUNDLE_ITEM = schemasOf((p) => Bundle.shape[p].unwrap().element);

const encoded = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

/** Collects text into chunks of about CHUNK_BYTES. */
class Chunks {
  private parts: string[] = [];
  private length = 0;
  add(text: string): Buffer | undefined {
    this.parts.push(text);
    this.length += text.length;
    return this.length >= CHUNK_BYTES ? this.take() : undefined;
  }
  take(): Buffer {
    const chunk = Buffer.from(this.parts.join(""));
    this.parts = [];
    this.length = 0;
    return chunk;
  }
}

/** The first bytes of the graph view: its map, as this caller sees it (already redacted for them). */
export const graphHead = (map: AtlasMap): Buffer => Buffer.from(`{"map":${encoded(GraphView.shape.map, map)}`);

/**
 * The rest of the graph view, after graphHead: `,"categories":[…],"actors":[…],…}` in the schema's order. The same
 * bytes for every caller of one redaction, so concurrent callers may share them (shared-reads.ts).
 */
export async function* graphBody(graph: OpenGraph, redactRecord: RecordRedactor): AsyncGenerator<Buffer> {
  yield* lists(
    graph,
    redactRecord,
    GRAPH_ITEM,
    (part) => `,"${part}":[`,
    "}",
    (_part, item) => item,
  );
}

/** The map as the JSON bundle the export sends, `{"categories":[…],…}`; open `graph` with GRAPH_PARTS. */
export async function* bundleBody(graph: OpenGraph, redactRecord: RecordRedactor): AsyncGenerator<Buffer> {
  yield* lists(
    graph,
    redactRecord,
    BUNDLE_ITEM,
    (part) => `${part === GRAPH_PARTS[0] ? "{" : ","}"${part}":[`,
    "}",
    (part, item) => bundleItem(part, item),
  );
}

/** The lists of `graph` as JSON arrays, each item mapped, redacted and encoded with the schema of its list. */
async function* lists(
  graph: OpenGraph,
  redactRecord: RecordRedactor,
  schemas: Record<GraphPart, z.ZodType>,
  opening: (part: GraphPart) => string,
  closing: string,
  map: (part: GraphPart, item: GraphItem) => unknown,
): AsyncGenerator<Buffer> {
  const chunks = new Chunks();
  let step = -1;
  let first = true;
  for await (const record of graph.records()) {
    let text = "";
    if (record.step !== step) {
      step = record.step;
      first = true;
      text = opening(record.part);
    }
    if (record.item) {
      const item = map(record.part, record.item);
      text += (first ? "" : ",") + encoded(schemas[record.part], redactRecord ? await redactRecord(item) : item);
      first = false;
    } else {
      text += "]";
    }
    const chunk = chunks.add(text);
    if (chunk) yield chunk;
  }
  chunks.add(closing);
  yield chunks.take();
}

/** The CSV export's steps: the actors once for their attribute columns, then the six files in the zip's order. */
export const CSV_STEPS: readonly GraphPart[] = ["actors", ...CSV_ENTITIES];

/** The map as the CSV export's zip; open `graph` with CSV_STEPS. */
export async function* csvBody(graph: OpenGraph, redactRecord: RecordRedactor): AsyncGenerator<Uint8Array> {
  const records = graph.records();
  const redacted = async <P extends BundlePart>(part: P, item: GraphItem): Promise<BundleItem<P>> => {
    const mapped = bundleItem(part, item as GraphItem<P>);
    return redactRecord ? redactRecord(mapped) : mapped;
  };
  // The first pass ends at the end of its step; only the attribute names are kept.
  async function* firstPass(): AsyncGenerator<BundleItem<"actors">> {
    for (;;) {
      const next = await records.next();
      if (next.done || !next.value.item) return;
      yield await redacted("actors", next.value.item);
    }
  }
  const attrNames = new Set<string>();
  for await (const actor of firstPass()) for (const name of Object.keys(actor.attributes ?? {})) attrNames.add(name);
  async function* rest(): AsyncGenerator<CsvRecord> {
    for await (const record of { [Symbol.asyncIterator]: () => records }) {
      const entity = record.part as CsvRecord["entity"];
      yield record.item ? { entity, item: await redacted(entity, record.item) } : { entity };
    }
  }
  yield* exportCsvStream([...attrNames].sort(), rest());
}

/** An export written as it is read: the formats that need no whole graph first. */
export type StreamedFormat = "json" | "csv";
export const isStreamedFormat = (format: string): format is StreamedFormat => format === "json" || format === "csv";

/**
 * The JSON bundle or the CSV zip of a map, as a stream of its bytes. The map is read before this returns (a missing
 * map fails before any byte); `redactorFor` gives the caller's record redactor for the version read, if any.
 */
export async function openExport(
  format: StreamedFormat,
  mapId: string,
  open: (steps: readonly GraphPart[]) => Promise<OpenGraph>,
  redactorFor: (version: number) => Promise<RecordRedactor>,
): Promise<{ contentType: string; filename: string; body: Readable }> {
  const graph = await open(format === "json" ? GRAPH_PARTS : CSV_STEPS);
  try {
    const redactRecord = await redactorFor(graph.map.version);
    const body = Readable.from(format === "json" ? bundleBody(graph, redactRecord) : csvBody(graph, redactRecord), {
      objectMode: false,
    });
    // A client gone before the first read never starts the generator, whose end would close the read.
    body.on("close", () => void graph.close());
    return format === "json"
      ? { contentType: "application/json; charset=utf-8", filename: `${mapId}.json`, body }
      : { contentType: "application/zip", filename: `${mapId}-csv.zip`, body };
  } catch (err) {
    await graph.close();
    throw err;
  }
}
