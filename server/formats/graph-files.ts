// GEXF and GraphML, the files of Gephi, NetworkX, igraph and yEd. Nodes become actors and edges relationships; the
// parsing is graphology-gexf's and graphology-graphml's, after a pass over the DOM that fixes what those tools write
// and those parsers trip on:
// - NetworkX writes an edge attribute called `type` into GEXF's own `type` (directedness) attribute: moved to `kind`.
// - Gephi, NetworkX and igraph number their edges ("0", "1"...; NetworkX multigraphs even repeat them per pair): such
//   ids say nothing and would clash between files, so they are dropped and the store derives `from--type--to`.
// - igraph numbers its nodes n0, n1... and keeps the real names in a `name` attribute, and writes missing strings as
//   "None": the names become the ids and "None" means nothing.
// Viz data (positions, sizes, colours) is left out: Atlas lays maps out itself.
import Graph from "graphology";
import { parse as parseGexf, write as writeGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { UNDIRECTED_TYPES } from "../schemas/domain";
import type { Bundle, RelationshipType } from "../schemas/domain";
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { IdTable } from "./ids";
import { Issues, Origins, Provenance, StopImport } from "./issues";
import { parseItem } from "./item-schemas";
import { limitsOf, wholeFileBytes } from "./limits";
import { actorTypeExact, actorTypeFrom, relationshipTypeExact, relationshipTypeFrom } from "./synonyms";
import { readAll } from "./text";
import { attributeName, parseNumber, splitList, toIsoDate } from "./values";
import { decodeXml, elements, escapeXml, lineOf, parseXml } from "./xml";
import type { ImportFile, ImportInput, ImportResult } from "./types";
import { webUrl } from "./web-urls";

type GraphFormat = "gexf" | "graphml";
type Attrs = Record<string, unknown>;

export async function importGexf(input: ImportInput): Promise<ImportResult> {
  return importGraphFile("gexf", input);
}

export async function importGraphml(input: ImportInput): Promise<ImportResult> {
  return importGraphFile("graphml", input);
}

/** Node attributes that are Atlas fields, by lower-case name. */
const NODE_FIELDS = new Set([
  "label",
  "type",
  "actor_type",
  "description",
  "tags",
  "lat",
  "latitude",
  "lon",
  "lng",
  "longitude",
  "address",
  "region",
  "url",
  "website",
]);
/** What drawing tools add to nodes and edges; none of it is data. */
const VIZ = new Set(["x", "y", "z", "size", "color", "colour", "shape", "thickness", "r", "g", "b", "pid"]);
/** Edge attributes that may hold the relationship type, in order of preference. */
const EDGE_TYPE_KEYS = ["type", "relationship_type", "relationship", "relation", "kind", "label", "edge label"];
const EDGE_FIELDS = new Set([...EDGE_TYPE_KEYS, "weight", "amount", "since", "until"]);
/** Bookkeeping of the tools: NetworkX's multigraph keys, Gephi's copy of the edge id. */
const EDGE_NOISE = new Set(["networkx_key", "key", "id", "edge id", "edgeid"]);

async function importGraphFile(format: GraphFormat, input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files)
    ? [{ name: `graph.${format}`, data: input.files }]
    : input.files;
  const names = files.map((f) => f.name);
  if (files.length !== 1) {
    issues.error("unexpected_file", `a ${format.toUpperCase()} import takes exactly one file, not ${files.length}`);
    return emptyResult(format, names, issues);
  }
  const file = files[0]!;
  let graph: Graph;
  let prepared: Prepared;
  try {
    const text = decodeXml(file.name, await readAll(file, wholeFileBytes(limits)));
    options.onProgress?.({ phase: "parse", file: file.name, done: 0 });
    const doc = parseXml(file.name, text, format);
    prepared = prepare(format, doc, file.name, issues);
    if (issues.errors) return emptyResult(format, names, issues);
    graph = format === "gexf" ? parseGexf(Graph, doc, { allowUndeclaredAttributes: true }) : parseGraphml(Graph, doc);
  } catch (err) {
    if (err instanceof StopImport) issues.error(err.code, err.message, err.where);
    else
      issues.error("malformed", `${file.name}: ${(err as Error).message.replace(/^graphology-[a-z]+\/parser: /, "")}`, {
        file: file.name,
      });
    return emptyResult(format, names, issues);
  }
  const { bundle, origins, rows } = toBundle(graph, prepared, file.name, issues);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options);
  return finish(format, names, rows, bundle, issues);
}

interface Prepared {
  igraph: boolean;
  nodeLines: Map<string, number | undefined>;
  edgeLines: (number | undefined)[];
  /** Edge ids that mean something (not a tool's counter), to keep as relationship ids. */
  keptEdgeIds: Set<string>;
}

/** Checks and repairs the DOM before the graphology parser sees it (see the header comment). */
function prepare(format: GraphFormat, doc: Document, file: string, issues: Issues): Prepared {
  const nodeLines = new Map<string, number | undefined>();
  const nodeEls = elements(doc, "node");
  for (const el of nodeEls) {
    const id = el.getAttribute("id");
    const line = lineOf(el);
    if (!id) {
      issues.error("invalid_value", "a node has no id", { file, row: line });
      continue;
    }
    if (nodeLines.has(id)) {
      issues.error(
        "duplicate_id",
        `duplicate node id '${id}' on lines ${nodeLines.get(id) ?? "?"} and ${line ?? "?"}`,
        { file, row: line },
      );
    }
    nodeLines.set(id, line);
  }
  const keys = elements(doc, "key");
  // igraph (and yEd) number nodes n0, n1...; igraph keeps the names people gave in a `name` attribute.
  const igraph =
    format === "graphml" &&
    nodeEls.length > 0 &&
    nodeEls.every((el) => /^n\d+$/.test(el.getAttribute("id") ?? "")) &&
    keys.some((k) => k.getAttribute("for") === "node" && k.getAttribute("attr.name") === "name");

  const edgeLines: (number | undefined)[] = [];
  const keptEdgeIds = new Set<string>();
  const edgeIdLines = new Map<string, number | undefined>();
  for (const el of elements(doc, "edge")) {
    const line = lineOf(el);
    edgeLines.push(line);
    for (const end of ["source", "target"]) {
      const ref = el.getAttribute(end);
      if (!ref) issues.error("invalid_value", `an edge has no ${end}`, { file, row: line, column: end });
      else if (!nodeLines.has(ref)) {
        issues.error("dangling_reference", `edge ${end} '${ref}' names no node in the file`, {
          file,
          row: line,
          column: end,
        });
      }
    }
    if (format === "gexf") {
      const direction = el.getAttribute("type");
      if (direction && !["directed", "undirected", "mutual"].includes(direction)) {
        if (!el.getAttribute("kind")) el.setAttribute("kind", direction);
        el.removeAttribute("type");
      }
    }
    const id = el.getAttribute("id");
    if (!id) continue;
    if (/^\d+$/.test(id)) {
      el.removeAttribute("id");
      continue;
    }
    if (edgeIdLines.has(id)) {
      issues.error(
        "duplicate_id",
        `duplicate edge id '${id}' on lines ${edgeIdLines.get(id) ?? "?"} and ${line ?? "?"}`,
        { file, row: line },
      );
    }
    edgeIdLines.set(id, line);
    keptEdgeIds.add(id);
  }
  return { igraph, nodeLines, edgeLines, keptEdgeIds };
}

/** Attribute lookup by lower-case name, with empty values (and igraph's "None", and NaN) as absent. */
function lowerAttrs(attrs: Attrs, igraph: boolean): Map<string, { name: string; value: unknown }> {
  const out = new Map<string, { name: string; value: unknown }>();
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === "" || (typeof value === "number" && Number.isNaN(value)))
      continue;
    if (igraph && value === "None") continue;
    out.set(name.toLowerCase(), { name, value });
  }
  return out;
}

function text(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join("|");
  return String(value).trim() || undefined;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  return typeof value === "string" ? parseNumber(value) : undefined;
}

function toBundle(graph: Graph, prepared: Prepared, file: string, issues: Issues) {
  const bundle: Bundle = { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] };
  const origins = new Origins();
  const actorIds = new IdTable("actor", issues);
  const relationshipIds = new IdTable("relationship", issues);
  const actorOf = new Map<string, string>();
  const retyped = new Map<string, number>();
  let untyped = 0;
  const lossy = new Set<string>();
  // igraph's own node ids are positions; its names are the ids people gave, when every node has a distinct one.
  const names = new Set<string>();
  if (prepared.igraph) {
    graph.forEachNode((_key, attrs) => {
      const name = attrs.name;
      if (typeof name === "string" && name && name !== "None") names.add(name);
    });
  }
  const useNames = prepared.igraph && names.size === graph.order;

  graph.forEachNode((key, raw) => {
    const line = prepared.nodeLines.get(key);
    const where = { file, row: line };
    const a = lowerAttrs(raw, prepared.igraph);
    const idSource = useNames ? String(a.get("name")!.value) : key;
    const id = actorIds.assign(idSource, where);
    actorOf.set(key, id);
    const name = text(a.get("label")?.value) ?? (useNames ? undefined : text(a.get("name")?.value)) ?? idSource;
    const attributes: Record<string, string | number | boolean> = {};
    const typeText = text(a.get("type")?.value ?? a.get("actor_type")?.value);
    let type = typeText === undefined ? undefined : actorTypeExact(typeText);
    if (typeText === undefined) {
      untyped++;
      type = "other";
    } else if (!type) {
      type = actorTypeFrom(typeText) ?? "other";
      attributes.original_type = typeText;
      retyped.set(`'${typeText}' -> ${type}`, (retyped.get(`'${typeText}' -> ${type}`) ?? 0) + 1);
    }
    // Each value is named by the attribute it was read from: the file's own name for it, on the node's line.
    const attr = (...keys: string[]) => keys.map((k) => a.get(k)).find((v) => v !== undefined);
    const source = new Provenance(where, (path) =>
      path[0] === "location" ? String(path[1]) : path.map(String).join("."),
    );
    const noted = (field: string, found: { name: string } | undefined) =>
      found && source.set(field, { ...where, column: found.name });
    const latAttr = attr("lat", "latitude");
    const lonAttr = attr("lon", "lng", "longitude");
    noted("location.lat", latAttr);
    noted("location.lon", lonAttr);
    noted("location.address", attr("address"));
    noted("location.region", attr("region"));
    noted("url", attr("url", "website"));
    noted("name", attr("label") ?? attr("name"));
    noted("description", attr("description"));
    noted("tags", attr("tags"));
    // Text that is no number goes on as it is, for the item check to leave the location out and say why.
    const coordinate = (found: { value: unknown } | undefined) =>
      found === undefined ? undefined : (numeric(found.value) ?? text(found.value));
    let lat = coordinate(latAttr);
    let lon = coordinate(lonAttr);
    if ((lat === undefined) !== (lon === undefined)) {
      issues.warn(
        "invalid_value",
        `node '${key}' has ${lat === undefined ? "a longitude but no latitude" : "a latitude but no longitude"}; the location was left out`,
        { ...where, column: (latAttr ?? lonAttr)?.name },
      );
      lat = lon = undefined;
    }
    for (const [lower, { name: attrName, value }] of a) {
      // `name` is the id (igraph) or the name (no label); beside a label it is data like any other attribute.
      if (NODE_FIELDS.has(lower) || VIZ.has(lower) || (lower === "name" && (useNames || !a.has("label")))) continue;
      const clean = attributeName(attrName.startsWith("attr:") ? attrName.slice(5) : attrName);
      if (typeof value === "number" || typeof value === "boolean") attributes[clean] = value;
      else if (typeof value === "string") attributes[clean] = value;
      else if (Array.isArray(value)) attributes[clean] = value.join("|");
      else lossy.add(`node attribute '${attrName}' (not a scalar)`);
    }
    const description = text(a.get("description")?.value);
    const tags = a.get("tags")?.value;
    const item = {
      id,
      name,
      type,
      description,
      tags: tags === undefined ? [] : Array.isArray(tags) ? tags.map(String) : splitList(String(tags)),
      location:
        lat !== undefined && lon !== undefined
          ? stripped({ lat, lon, address: text(a.get("address")?.value), region: text(a.get("region")?.value) })
          : undefined,
      attributes,
      url: webUrl(text(attr("url", "website")?.value), issues, source.locate(["url"])),
    };
    if (!item.location) {
      const address = text(a.get("address")?.value);
      const region = text(a.get("region")?.value);
      if (address) attributes.address = address;
      if (region) attributes.region = region;
    }
    const parsed = parseItem("actors", stripped(item), issues, source);
    if (!parsed) return;
    bundle.actors.push(parsed);
    origins.add("actors", file, line);
  });

  const unknownTypes = new Map<string, number>();
  let edgeIndex = 0;
  graph.forEachEdge((key, raw, source, target) => {
    const line = prepared.edgeLines[edgeIndex++];
    const where = { file, row: line };
    const a = lowerAttrs(raw, prepared.igraph);
    let type: RelationshipType | undefined;
    let typeText: string | undefined;
    for (const k of EDGE_TYPE_KEYS) {
      typeText = text(a.get(k)?.value);
      if (typeText === undefined) continue;
      type = relationshipTypeExact(typeText) ?? relationshipTypeFrom(typeText);
      break;
    }
    if (!type) {
      const label = typeText ?? "(none)";
      unknownTypes.set(label, (unknownTypes.get(label) ?? 0) + 1);
      type = "partners_with";
    }
    for (const [lower, { name: attrName }] of a) {
      if (!EDGE_FIELDS.has(lower) && !EDGE_NOISE.has(lower) && !VIZ.has(lower))
        lossy.add(`edge attribute '${attrName}'`);
    }
    const weight = a.get("weight")?.value;
    const amount = a.get("amount")?.value;
    const since = a.get("since")?.value;
    const until = a.get("until")?.value;
    const item = {
      id: prepared.keptEdgeIds.has(key) ? relationshipIds.assign(key, where) : undefined,
      from: actorOf.get(source),
      to: actorOf.get(target),
      type,
      weight: weight === undefined ? undefined : (numeric(weight) ?? weight),
      amount: amount === undefined ? undefined : (numeric(amount) ?? amount),
      since: since === undefined ? undefined : (toIsoDate(since) ?? since),
      until: until === undefined ? undefined : (toIsoDate(until) ?? until),
    };
    const edgeSource = new Provenance(where, (path) => a.get(String(path[0]))?.name ?? path.map(String).join("."));
    const parsed = parseItem("relationships", stripped(item), issues, edgeSource);
    if (!parsed) return;
    bundle.relationships.push(parsed);
    origins.add("relationships", file, line);
  });

  if (untyped)
    issues.warn("mapped", `${untyped} nodes have no type attribute; they are actors of type 'other'`, { file });
  for (const [change, n] of retyped) {
    issues.warn("mapped", `node type ${change} (${n} nodes); the original is kept in attributes.original_type`, {
      file,
    });
  }
  for (const [label, n] of unknownTypes) {
    issues.warn(
      "lossy",
      `edge type ${label === "(none)" ? "missing" : `'${label}'`} is no relationship type; ${n} edges become partners_with (relationships carry no attributes, so the original is lost)`,
      { file },
    );
  }
  for (const what of lossy) issues.warn("lossy", `${what} has no place in a map and was left out`, { file });
  return { bundle, origins, rows: graph.order + graph.size };
}

function stripped<T extends object>(item: T): T {
  for (const key of Object.keys(item) as (keyof T)[]) if (item[key] === undefined) delete item[key];
  return item;
}

// ---- Export -------------------------------------------------------------------------------------

function nodeAttributes(a: Bundle["actors"][number]): Attrs {
  const fields: Attrs = {
    type: a.type,
    description: a.description || undefined,
    tags: a.tags?.length ? a.tags.join("|") : undefined,
    lat: a.location?.lat,
    lon: a.location?.lon,
    address: a.location?.address,
    region: a.location?.region,
    url: a.url,
  };
  for (const [name, value] of Object.entries(a.attributes ?? {})) {
    // An attribute named like a field (say `type`) would be read back as that field: mark it.
    const clash = NODE_FIELDS.has(name.toLowerCase()) || VIZ.has(name.toLowerCase()) || name.toLowerCase() === "name";
    fields[clash ? `attr:${name}` : name] = value;
  }
  return stripped(fields);
}

function relationshipKey(r: Bundle["relationships"][number], used: Set<string>): string {
  if (r.id) return r.id;
  const base = `${r.from}--${r.type}--${r.to}`;
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
  used.add(key);
  return key;
}

/** The map as GEXF 1.3: partners_with ties are undirected edges, the others directed; Gephi opens it as a mixed graph. */
export function exportGexf(bundle: Bundle): string {
  const graph = new Graph({ multi: true, type: "mixed" });
  graph.setAttribute("creator", "Ecosystem Atlas");
  for (const a of bundle.actors) graph.addNode(a.id, { label: a.name, ...nodeAttributes(a) });
  const used = new Set(bundle.relationships.flatMap((r) => (r.id ? [r.id] : [])));
  for (const r of bundle.relationships) {
    const attrs = stripped({ weight: r.weight ?? 1, type: r.type, amount: r.amount, since: r.since, until: r.until });
    const key = relationshipKey(r, used);
    if (UNDIRECTED_TYPES.has(r.type)) graph.addUndirectedEdgeWithKey(key, r.from, r.to, attrs);
    else graph.addDirectedEdgeWithKey(key, r.from, r.to, attrs);
  }
  return writeGexf(graph, {
    version: "1.3",
    formatNode: (_key, attrs) => {
      const { label, ...rest } = attrs;
      return { label: String(label), attributes: rest };
    },
    formatEdge: (_key, attrs) => {
      const { weight, ...rest } = attrs;
      return { weight: Number(weight), attributes: rest };
    },
  });
}

type GraphmlType = "string" | "double" | "boolean";

/** The map as GraphML, with a typed key per attribute; partners_with edges carry directed="false". */
export function exportGraphml(bundle: Bundle): string {
  const nodes = bundle.actors.map((a) => ({ id: a.id, attrs: { label: a.name, ...nodeAttributes(a) } as Attrs }));
  const used = new Set(bundle.relationships.flatMap((r) => (r.id ? [r.id] : [])));
  const edges = bundle.relationships.map((r) => ({
    id: relationshipKey(r, used),
    r,
    attrs: stripped({ type: r.type, weight: r.weight ?? 1, amount: r.amount, since: r.since, until: r.until }) as Attrs,
  }));
  const keyTypes = (items: { attrs: Attrs }[]) => {
    const types = new Map<string, GraphmlType>();
    for (const { attrs } of items) {
      for (const [name, value] of Object.entries(attrs)) {
        const t: GraphmlType = typeof value === "number" ? "double" : typeof value === "boolean" ? "boolean" : "string";
        const seen = types.get(name);
        // A key mixing kinds of values is written as strings: GraphML keys have one type.
        types.set(name, seen === undefined || seen === t ? t : "string");
      }
    }
    return types;
  };
  const nodeKeys = keyTypes(nodes);
  const edgeKeys = keyTypes(edges);
  const keyId = new Map<string, string>();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    "  <!-- Written by Ecosystem Atlas -->",
  ];
  let n = 0;
  for (const [domain, types] of [
    ["node", nodeKeys],
    ["edge", edgeKeys],
  ] as const) {
    for (const [name, type] of types) {
      const id = `d${n++}`;
      keyId.set(`${domain}:${name}`, id);
      lines.push(`  <key id="${id}" for="${domain}" attr.name="${escapeXml(name)}" attr.type="${type}"/>`);
    }
  }
  lines.push('  <graph id="atlas" edgedefault="directed">');
  const data = (domain: string, attrs: Attrs) =>
    Object.entries(attrs).map(
      ([name, value]) => `      <data key="${keyId.get(`${domain}:${name}`)}">${escapeXml(String(value))}</data>`,
    );
  for (const node of nodes) {
    lines.push(`    <node id="${escapeXml(node.id)}">`, ...data("node", node.attrs), "    </node>");
  }
  for (const e of edges) {
    const directed = UNDIRECTED_TYPES.has(e.r.type) ? ' directed="false"' : "";
    lines.push(
      `    <edge id="${escapeXml(e.id)}" source="${escapeXml(e.r.from)}" target="${escapeXml(e.r.to)}"${directed}>`,
      ...data("edge", e.attrs),
      "    </edge>",
    );
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}
