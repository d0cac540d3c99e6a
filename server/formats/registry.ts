// The registry of import and export formats: an importer per format, an exporter per export format, and importData,
// which runs the importer the caller names or the one the files look like. The API runs an importer, shows its report
// (a dry run) or hands the bundle to the store's importBundle, which upserts it all or nothing.
import { emptyResult } from "./bundle-check";
import { importCsv } from "./csv";
import { exportCsv } from "./csv-export";
import { import360Giving } from "./giving360";
import { exportGexf, exportGraphml, importGexf, importGraphml } from "./graph-files";
import { importHsds } from "./hsds";
import { Issues, StopImport } from "./issues";
import { exportJsonBundle, importJsonBundle } from "./json";
import { importKumu } from "./kumu";
import { exportKumuBlueprint, exportKumuCsv, exportKumuXlsx } from "./kumu-export";
import { sniffFormat } from "./sniff";
import type { ExportFormat, Exporter, Format, ImportFile, ImportInput, ImportResult, Importer } from "./types";

export const importers: Record<Format, Importer> = {
  json: importJsonBundle,
  csv: importCsv,
  kumu: importKumu,
  gexf: importGexf,
  graphml: importGraphml,
  hsds: importHsds,
  "360giving": import360Giving,
};

/** The media type of an XLSX workbook. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
