// Format sniffing, for uploads that do not say what they are: file extensions first (.gexf, .graphml, .xlsx...), then
// the names inside zips, CSV headers and JSON keys.
import { formatOfFileName } from "../schemas/imports";
import { entityOfFileName } from "./csv-header";
import { limitsOf } from "./limits";
import { isReadable } from "./text";
import type { Format, ImportFile, ImportOptions } from "./types";
import { baseName, isZip, readZip, zipNames } from "./zip";

const SNIFF_BYTES = 64 * 1024;

/**
 * The format files look like, from their names and first bytes: extensions first (.gexf, .graphml, .xlsx...), then
 * the names inside zips, CSV headers and JSON keys. Streams are judged by name only. Undefined when unsure.
 */
export async function sniffFormat(files: ImportFile[], options?: ImportOptions): Promise<Format | undefined> {
  const votes = new Set<Format>();
  for (const file of files) {
    const format = sniffOne(file, options);
    if (format) votes.add(format);
  }
  if (votes.size === 1) return [...votes][0];
  // CSV files of Atlas's own format sit happily beside nothing else; anything mixed is ambiguous.
  return undefined;
}

function sniffOne(file: ImportFile, options?: ImportOptions): Format | undefined {
  const name = baseName(file.name);
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  if (ext === "gexf") return "gexf";
  if (ext === "graphml") return "graphml";
  if (isReadable(file.data)) return ext === "csv" ? csvByName(name) : ext === "json" ? "json" : undefined;
  const bytes = file.data;
  const head = new TextDecoder("utf-8").decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, "");
  if (isZip(bytes)) return sniffZip(file.name, bytes, options);
  const start = head.trimStart()[0];
  if (start === "<") {
    if (/<gexf[\s>]/.test(head)) return "gexf";
    if (/<graphml[\s>]/.test(head)) return "graphml";
    return undefined;
  }
  if (start === "{" || start === "[") return sniffJson(head);
  return sniffCsv(name, head);
}

/** A CSV's format by its name; Atlas's own CSV only when the name is one of its entity files. */
function csvByName(name: string): Format | undefined {
  const format = formatOfFileName(name);
  return format === "csv" ? (entityOfFileName(name) ? "csv" : undefined) : format;
}

function sniffCsv(name: string, head: string): Format | undefined {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? "";
  const headers = firstLine.split(/[,;\t]/).map((h) => h.trim().replace(/^"|"$/g, ""));
  if (headers.some((h) => /^(amount awarded|recipient org:identifier|funding org:identifier)$/i.test(h)))
    return "360giving";
  if (headers.includes("Label") || (headers.includes("From") && headers.includes("To"))) return "kumu";
  return csvByName(name) ?? "csv";
}

function sniffJson(head: string): Format | undefined {
  if (/"grants"\s*:/.test(head)) return "360giving";
  if (/"elements"\s*:/.test(head) || /"connections"\s*:/.test(head)) return "kumu";
  if (/"(actors|relationships|bundle|needs|offerings|categories)"\s*:/.test(head)) return "json";
  if (/"(organizations|services|location_type|organization_id|service_at_locations|taxonomy_terms)"\s*:/.test(head))
    return "hsds";
  return undefined;
}

function sniffZip(file: string, bytes: Uint8Array, options?: ImportOptions): Format | undefined {
  const names = zipNames(bytes, file, limitsOf(options)).map(baseName);
  if (names.includes("workbook.xml")) return sniffWorkbook(file, bytes, options);
  const formats = new Set(names.filter((n) => n.endsWith(".csv")).map((n) => csvByName(n)));
  formats.delete(undefined);
  return formats.size === 1 ? [...formats][0] : undefined;
}

/** Workbooks are Kumu's unless their strings hold 360Giving's column titles. */
function sniffWorkbook(file: string, bytes: Uint8Array, options?: ImportOptions): Format {
  const strings = readZip(bytes, file, limitsOf(options)).filter((e) =>
    /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(e.name),
  );
  const grants = strings.some((e) =>
    /Amount Awarded|Recipient Org:Identifier|Funding Org:Identifier/.test(e.data.toString("utf8")),
  );
  return grants ? "360giving" : "kumu";
}
