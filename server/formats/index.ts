// Pure import and export of maps (no Fastify, no database): the registry, format sniffing, the limits and the types.
export * from "./types";
export { CSV_ENTITIES, EXPORT_FORMATS, FORMATS } from "../schemas/imports";
export { exporters, importData, importers, XLSX_TYPE } from "./registry";
export { sniffFormat } from "./sniff";
export { isZip } from "./zip";
export { DEFAULT_LIMITS, MAX_FILE_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES } from "./limits";
export { CSV_COLUMNS, CSV_REQUIRED } from "./csv-header";
