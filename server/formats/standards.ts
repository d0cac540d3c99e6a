// The JSON Schemas of the two open standards we import, compiled once with ajv. They are copied from
// ../shared/standards/ into ./standards/ so the server does not depend on a folder outside the repository:
// HSDS 3.0 (Open Referral, CC BY-SA 4.0) and 360Giving 1.4.3 (360Giving, CC BY 4.0).
import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { isForgivable } from "./item-schemas";

// ajv-formats is CommonJS: under Node's ESM loader the default import is the module object on some toolchains.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

const DIR = new URL("./standards/", import.meta.url);
const GRANT_ID = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json";
/** The 1.4.3 package schema still points its grants at the 1.4.2 grant schema's address. */
const GRANT_ID_142 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json";
const HSDS_BASE = "https://hsds.openreferral.org/3.0/";

export type JsonSchema = Record<string, unknown>;

function load(path: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(path, DIR), "utf8")) as JsonSchema;
}

interface Giving360 {
  grant: JsonSchema;
  validatePackage: ValidateFunction;
  validateGrant: ValidateFunction;
}

let giving: Giving360 | undefined;

export function giving360(): Giving360 {
  if (giving) return giving;
  const grant = load("360giving-1.4.3/360-giving-schema.json");
  const pkg = load("360giving-1.4.3/360-giving-package-schema.json");
  // They name the 2020-12 meta-schema as http://...; ajv knows it as https://..., and it is the dialect Ajv2020 speaks.
  delete grant.$schema;
  delete pkg.$schema;
  // uniqueItems on grants compares every grant with every other (quadratic); duplicate grant ids are checked instead.
  const grants = (pkg.properties as Record<string, JsonSchema>).grants!;
  delete grants.uniqueItems;
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: GRANT_ID_142 });
  giving = { grant, validatePackage: ajv.compile(pkg), validateGrant: ajv.getSchema(GRANT_ID)! };
  return giving;
}

interface Hsds {
  schemas: Record<string, JsonSchema>;
  validate: (table: string) => ValidateFunction;
  /** Columns of each table of the tabular (CSV) form. */
  columns: Record<string, Set<string>>;
}

let hsds: Hsds | undefined;

export function hsdsSchemas(): Hsds {
  if (hsds) return hsds;
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  const schemas: Record<string, JsonSchema> = {};
  for (const file of readdirSync(new URL("hsds-3.0/", DIR))) {
    if (!file.endsWith(".json")) continue;
    const schema = load(`hsds-3.0/${file}`);
    // The schemas refer to each other by file name; giving each an id under one base makes those refs resolve.
    schemas[file.replace(/\.json$/, "")] = schema;
    ajv.addSchema({ ...schema, $id: `${HSDS_BASE}${file}` });
  }
  // The tabular form's columns are each table's scalar fields (simple/schema.csv lists the same, less precisely).
  const columns: Record<string, Set<string>> = {};
  for (const [table, schema] of Object.entries(schemas)) {
    const props = (schema.properties as Record<string, JsonSchema>) ?? {};
    columns[table] = new Set(
      Object.keys(props).filter((k) => ["string", "number", "integer", "boolean"].includes(String(props[k]!.type))),
    );
  }
  const compiled = new Map<string, ValidateFunction>();
  hsds = {
    schemas,
    columns,
    validate: (table) => {
      let fn = compiled.get(table);
      if (!fn) {
        fn = ajv.getSchema(`${HSDS_BASE}${table}.json`);
        if (!fn) throw new Error(`formats/standards: no HSDS schema for ${table}`);
        compiled.set(table, fn);
      }
      return fn;
    },
  };
  return hsds;
}

/** An ajv error as a short sentence, e.g. "recipientOrganization[0].name: is required". */
export function describeAjvError(error: ErrorObject): { path: string[]; message: string } {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") {
    return { path: [...path, String(error.params.missingProperty)], message: "is required" };
  }
  if (error.keyword === "enum") return { path, message: "is not one of the allowed codes" };
  if (error.keyword === "additionalProperties") {
    return { path: [...path, String(error.params.additionalProperty)], message: "is not a field of the standard" };
  }
  return { path, message: error.message ?? error.keyword };
}

/** A JSON pointer's segments as `a[0].b`. */
export function dotted(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, p) => (/^\d+$/.test(String(p)) ? `${out}[${p}]` : out ? `${out}.${p}` : String(p)),
    "",
  );
}

/** Properties of both standards that become optional actor fields, by name wherever they sit. */
const ACTOR_FIELD_OF: Record<string, string> = {
  latitude: "location.lat",
  longitude: "location.lon",
  url: "url",
  website: "url",
};

/**
 * A value the standard's schema refuses where it is one an actor can do without (a latitude that is not a number, a
 * web address that is not a URI) is removed from `data`, so the mapping never sees it, and the warning to give
 * instead of an error is returned. The rule for what can be left out is the items' own (item-schemas.ts).
 */
export function dropForgivable(
  error: ErrorObject,
  path: readonly string[],
  message: string,
  data: unknown,
): string | undefined {
  if (error.keyword === "required" || error.keyword === "additionalProperties") return undefined;
  const field = ACTOR_FIELD_OF[path.at(-1) ?? ""];
  if (!field || !isForgivable("actors", field)) return undefined;
  let node = data;
  for (const step of path.slice(0, -1)) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  if (!node || typeof node !== "object") return undefined;
  const parent = node as Record<string, unknown>;
  const value = parent[path.at(-1)!];
  delete parent[path.at(-1)!];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const shown = text && text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `'${shown}': ${message}; the ${field.split(".")[0]} was left out`;
}
