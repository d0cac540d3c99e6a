// The registry of import and export formats, and format sniffing for uploads that do not say what they are.
// Everything here is pure: no Fastify, no database. The API runs an importer, shows its report (a dry run) or hands the
// bundle to the store's importBundle, which upserts it all or nothing.
import { importCsv, exportCsv, entityOfFileName } from "./csv";
import { exportGexf, exportGraphml, importGexf, importGraphml } from "./graph-files";
import { import360Giving } from "./giving360";
import { importHsds } from "./hsds";
import { exportJsonBundle, importJsonBundle } from "./json";
import { exportKumuBlueprint, exportKumuCsv, exportKumuXlsx, importKumu } from "./kumu";
import { emptyResult, isReadable, isZip, Issues, limitsOf, StopImport } from "./common";
import { baseName, readZip, zipNames } from "./zip";
import type { Bundle } from "../schemas/domain";
import type {
  ExportFormat,
  Exporter,
  Format,
  ImportFile,
  ImportInput,
  ImportOptions,
  ImportResult,
  Importer,
} from "./types";

export * from "./types";
export { MAX_FILE_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES, DEFAULT_LIMITS } from "./common";
export { CSV_COLUMNS, CSV_REQUIRED } from "./csv";

export const importers: Record<Format, Importer> = {
  json: importJsonBundle,
  csv: importCsv,
  kumu: importKumu,
  gexf: importGexf,
  graphml: importGraphml,
  hsds: importHsds,
  "360giving": import360Giving,
};

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const exporters: Record<ExportFormat, Exporter> = {
  json: async (bundle, options) => ({
    contentType: "application/json; charset=utf-8",
    filename: `${options?.name ?? "map"}.json`,
    body: exportJsonBundle(bundle),
  }),
  csv: async (bundle, options) => ({
    contentType: "application/zip",
    filename: `${options?.name ?? "map"}-csv.zip`,
    body: exportCsv(bundle),
  }),
  kumu: async (bundle, options) => {
    const name = `${options?.name ?? "map"}-kumu`;
    switch (options?.kumu ?? "xlsx") {
      case "json":
        return {
          contentType: "application/json; charset=utf-8",
          filename: `${name}.json`,
          body: exportKumuBlueprint(bundle),
        };
      case "csv":
        return { contentType: "application/zip", filename: `${name}.zip`, body: exportKumuCsv(bundle) };
      default:
        return { contentType: XLSX_TYPE, filename: `${name}.xlsx`, body: await exportKumuXlsx(bundle) };
    }
  },
  gexf: async (bundle, options) => ({
    contentType: "application/gexf+xml; charset=utf-8",
    filename: `${options?.name ?? "map"}.gexf`,
    body: exportGexf(bundle),
  }),
  graphml: async (bundle, options) => ({
    contentType: "application/graphml+xml; charset=utf-8",
    filename: `${options?.name ?? "map"}.graphml`,
    body: exportGraphml(bundle),
  }),
};

export function isFormat(value: string): value is Format {
  return value in importers;
}

export function isExportFormat(value: string): value is ExportFormat {
  return value in exporters;
}

/** Runs the importer for `format`, or for the format the files look like when none is given. */
export async function importData(input: ImportInput & { format?: Format }): Promise<ImportResult> {
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "upload", data: input.files }] : input.files;
  let format = input.format;
  if (!format) {
    try {
      format = await sniffFormat(files, input.options);
    } catch (err) {
      if (!(err instanceof StopImport)) throw err;
      const issues = new Issues(input.options?.maxIssues);
      issues.error(err.code, err.message, err.where);
      return emptyResult(
        "unknown",
        files.map((f) => f.name),
        issues,
      );
    }
  }
  if (!format) {
    const issues = new Issues();
    issues.error(
      "unknown_format",
      `cannot tell the format of ${files.map((f) => f.name).join(", ")}; give one of ${Object.keys(importers).join(", ")}`,
    );
    return emptyResult(
      "unknown",
      files.map((f) => f.name),
      issues,
    );
  }
  return importers[format]({ files, options: input.options });
}

export async function exportData(format: ExportFormat, bundle: Bundle, options?: Parameters<Exporter>[1]) {
  return exporters[format](bundle, options);
}

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

function csvByName(name: string): Format | undefined {
  if (
    /^(organizations?|services?|locations?|addresses|service_at_locations?|taxonomy_terms?|attributes?)\.csv$/.test(
      name,
    )
  )
    return "hsds";
  if (/element|connection/.test(name)) return "kumu";
  if (/grant/.test(name)) return "360giving";
  return entityOfFileName(name) ? "csv" : undefined;
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
