// Reading HSDS records: JSON in the API's nested shapes, flattened into one list per table, or the tabular CSV files;
// each record validated against its HSDS 3.0 schema (a value in the wrong format is a warning, anything else an error).
import type { Issues, Where } from "./issues";
import { StopImport } from "./issues";
import { csvTable } from "./sheets";
import { describeAjvError, dotted, dropForgivable, hsdsSchemas, type JsonSchema } from "./standards";
import type { ImportOptions } from "./types";
import { parseNumber } from "./values";
import { baseName } from "./zip";

const TABLES = [
  "organization",
  "service",
  "location",
  "address",
  "service_at_location",
  "taxonomy_term",
  "attribute",
] as const;
export type TableName = (typeof TABLES)[number];

export interface Rec {
  data: Record<string, unknown>;
  where: Where;
}

export type Records = Record<TableName, Rec[]>;

function validate(table: TableName, data: unknown, where: (path: string[]) => Where, issues: Issues): void {
  const check = hsdsSchemas().validate(table);
  if (check(data)) return;
  const seen = new Set<string>();
  for (const error of check.errors ?? []) {
    const { path, message } = describeAjvError(error);
    const w = where(path);
    const key = `${path.join("/")}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = w.column ? message : `${w.field ?? dotted(path)}: ${message}`;
    const forgiven = dropForgivable(error, path, message, data);
    if (forgiven) issues.warn("invalid_value", w.column ? forgiven : `${w.field ?? dotted(path)}: ${forgiven}`, w);
    // HSDS asks for UUIDs and URIs; data that uses other ids is still usable.
    else if (error.keyword === "format")
      issues.warn("schema", `${text} (HSDS wants ${String(error.params.format)})`, w);
    else issues.error("schema", text, w);
  }
}

/** Records of a JSON document (the API's nested organizations or services, or lists by table); returns how many. */
export function readJsonDoc(file: string, text: string, records: Records, issues: Issues): number {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StopImport("malformed", `${file} is not valid JSON: ${(err as Error).message}`, { file });
  }
  if (
    json &&
    typeof json === "object" &&
    !Array.isArray(json) &&
    Array.isArray((json as { contents?: unknown }).contents)
  ) {
    json = (json as { contents: unknown[] }).contents; // a page of the HSDS API
  }
  const before = count(records);
  const top = (table: TableName, list: unknown, field: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      const at = `${field}[${i}]`;
      validate(table, item, (path) => ({ file, field: dotted([at, ...path]) }), issues);
      // The API's organizations nest their services, which the organization schema does not describe.
      const services = table === "organization" ? (item as { services?: unknown }).services : undefined;
      if (Array.isArray(services)) {
        services.forEach((service, k) =>
          validate("service", service, (path) => ({ file, field: dotted([`${at}.services[${k}]`, ...path]) }), issues),
        );
      }
      flatten(table, item as Record<string, unknown>, { file, field: at }, records);
    });
  };
  if (Array.isArray(json)) {
    const services =
      json.length > 0 &&
      json.every(
        (x) =>
          x && typeof x === "object" && ("organization_id" in x || "organization" in x || "service_at_locations" in x),
      );
    top(services ? "service" : "organization", json, services ? "services" : "organizations");
  } else if (json && typeof json === "object") {
    const doc = json as Record<string, unknown>;
    const lists: [TableName, string][] = [
      ["organization", "organizations"],
      ["service", "services"],
      ["location", "locations"],
      ["address", "addresses"],
      ["service_at_location", "service_at_locations"],
      ["taxonomy_term", "taxonomy_terms"],
      ["attribute", "attributes"],
    ];
    if (lists.some(([, key]) => Array.isArray(doc[key]))) for (const [table, key] of lists) top(table, doc[key], key);
    else if ("id" in doc && "name" in doc)
      top("organization" in doc || "status" in doc ? "service" : "organization", [doc], "item");
    else
      throw new StopImport("malformed", `${file} is JSON but not HSDS: expected organizations or services`, { file });
  }
  return count(records) - before;
}

function count(records: Records): number {
  return TABLES.reduce((n, t) => n + records[t].length, 0);
}

/** Nested records (an organization's locations, a service's attributes...) become rows of their own tables. */
function flatten(
  table: TableName,
  data: Record<string, unknown> | null | undefined,
  where: Where,
  records: Records,
): void {
  if (!data || typeof data !== "object") return;
  records[table].push({ data, where });
  const each = (key: string, child: TableName, link: Record<string, unknown>) => {
    const list = data[key];
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (!item || typeof item !== "object") return;
      const row = item as Record<string, unknown>;
      for (const [k, v] of Object.entries(link)) if (row[k] === undefined && v !== undefined) row[k] = v;
      flatten(child, row, { file: where.file, field: `${where.field}.${key}[${i}]` }, records);
    });
  };
  switch (table) {
    case "organization":
      each("locations", "location", { organization_id: data.id });
      each("services", "service", { organization_id: data.id });
      each("attributes", "attribute", { link_id: data.id, link_type: "organization" });
      break;
    case "service": {
      const org = data.organization as Record<string, unknown> | undefined;
      if (org && typeof org === "object") {
        if (data.organization_id === undefined) data.organization_id = org.id;
        flatten("organization", org, { file: where.file, field: `${where.field}.organization` }, records);
      }
      each("service_at_locations", "service_at_location", { service_id: data.id });
      each("attributes", "attribute", { link_id: data.id, link_entity: "service" });
      break;
    }
    case "service_at_location": {
      const loc = data.location as Record<string, unknown> | undefined;
      if (loc && typeof loc === "object") {
        if (data.location_id === undefined) data.location_id = loc.id;
        flatten("location", loc, { file: where.file, field: `${where.field}.location` }, records);
      }
      break;
    }
    case "location":
      each("addresses", "address", { location_id: data.id });
      break;
    case "attribute": {
      const term = data.taxonomy_term as Record<string, unknown> | undefined;
      if (term && typeof term === "object") {
        if (data.taxonomy_term_id === undefined) data.taxonomy_term_id = term.id;
        flatten("taxonomy_term", term, { file: where.file, field: `${where.field}.taxonomy_term` }, records);
      }
      break;
    }
    default:
      break;
  }
}

// ---- Tabular CSV --------------------------------------------------------------------------------

const TABLE_FILES: Record<string, TableName> = {
  organizations: "organization",
  services: "service",
  locations: "location",
  addresses: "address",
  service_at_locations: "service_at_location",
  taxonomy_terms: "taxonomy_term",
  attributes: "attribute",
};

function tableOfFile(name: string): TableName | undefined {
  const base = baseName(name).replace(/\.csv$/, "");
  return TABLE_FILES[base] ?? TABLES.find((t) => t === base);
}

/** Records of one CSV file of the tabular form, named after its table; returns how many rows it had. */
export function readTable(
  file: string,
  text: string,
  records: Records,
  issues: Issues,
  options: ImportOptions,
): number {
  const table = tableOfFile(file);
  if (!table) {
    issues.warn("unexpected_file", `${file} is not a table this import uses; ignored`, { file });
    return 0;
  }
  const { columns, schemas } = hsdsSchemas();
  const schema = schemas[table]!;
  const properties = (schema.properties as Record<string, JsonSchema>) ?? {};
  const parsed = csvTable(file, text, options.delimiter ?? ",");
  const known = columns[table] ?? new Set(Object.keys(properties));
  const unknown = parsed.header.filter((h) => h && !known.has(h));
  if (unknown.length)
    issues.warn("unknown_column", `${file}: columns not in HSDS ${table} are ignored: ${unknown.join(", ")}`, {
      file,
      row: 1,
    });
  for (const { row, cells } of parsed.rows) {
    const data: Record<string, unknown> = {};
    parsed.header.forEach((h, i) => {
      const value = cells[i];
      if (value === undefined || !known.has(h)) return;
      const type = properties[h]?.type;
      data[h] = type === "number" || type === "integer" ? (parseNumber(String(value)) ?? value) : String(value).trim();
    });
    const where = { file, row };
    validate(table, data, (path) => ({ ...where, column: path[0] }), issues);
    records[table].push({ data, where });
  }
  return parsed.rows.length;
}
