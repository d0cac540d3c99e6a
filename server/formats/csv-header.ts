// The columns of Atlas CSV files and how a header maps onto them: documented names, accepted spellings, `attr:<name>`
// columns and the caller's own mapping; which entity a file holds, by its name or else its header.
import { CSV_ENTITIES } from "../schemas/imports";
import type { Issues } from "./issues";
import type { CsvEntity, ImportOptions } from "./types";
import { attributeName } from "./values";
import { baseName } from "./zip";

/** The documented columns of each file, in the order exports write them. Actors also take `attr:<name>` columns. */
export const CSV_COLUMNS: Record<CsvEntity, readonly string[]> = {
  categories: ["id", "name", "parent", "unit"],
  actors: ["id", "name", "type", "description", "tags", "lat", "lon", "address", "region", "url"],
  needs: ["id", "actorId", "category", "title", "description", "quantity", "unit", "priority", "status", "dueDate"],
  offerings: [
    "id",
    "actorId",
    "category",
    "title",
    "description",
    "capacity",
    "unit",
    "modality",
    "reachKm",
    "status",
    "validFrom",
    "validUntil",
  ],
  relationships: ["id", "from", "to", "type", "weight", "amount", "currency", "since", "until"],
  commitments: ["id", "offeringId", "needId", "amount", "unit", "status", "history"],
};

/** Columns a file cannot do without. Actor, need and offering ids may be left out: they are derived then. */
export const CSV_REQUIRED: Record<CsvEntity, readonly string[]> = {
  categories: ["id", "name"],
  actors: ["name", "type"],
  needs: ["actorId", "category", "title", "quantity", "priority"],
  offerings: ["actorId", "category", "title", "capacity", "modality"],
  relationships: ["from", "to", "type"],
  commitments: ["id", "offeringId", "needId", "amount", "status"],
};

/** Other spellings accepted without a mapping, compared after `headerKey` (case, spaces and '_' ignored). */
const ALIASES: Record<string, string> = {
  latitude: "lat",
  longitude: "lon",
  lng: "lon",
  long: "lon",
  website: "url",
  actor: "actorId",
  source: "from",
  target: "to",
  offering: "offeringId",
  need: "needId",
  reach: "reachKm",
};

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

const FIELD_BY_KEY: Record<CsvEntity, Map<string, string>> = Object.fromEntries(
  CSV_ENTITIES.map((entity) => {
    const map = new Map<string, string>();
    for (const field of CSV_COLUMNS[entity]) map.set(headerKey(field), field);
    for (const [alias, field] of Object.entries(ALIASES))
      if (CSV_COLUMNS[entity].includes(field)) map.set(alias, field);
    return [entity, map];
  }),
) as Record<CsvEntity, Map<string, string>>;

const ENTITY_WORDS: ReadonlyArray<[RegExp, CsvEntity]> = [
  [/categor/, "categories"],
  [/actor/, "actors"],
  [/need/, "needs"],
  [/offer/, "offerings"],
  [/relation|ties|edges/, "relationships"],
  [/commit/, "commitments"],
];

export function entityOfFileName(name: string): CsvEntity | undefined {
  const base = baseName(name).replace(/\.[a-z0-9]+$/, "");
  return ENTITY_WORDS.find(([pattern]) => pattern.test(base))?.[1];
}

/** The entity a header describes, for a lone file whose name does not say. */
function entityOfHeader(fields: Set<string>): CsvEntity {
  if (fields.has("offeringId") && fields.has("needId")) return "commitments";
  if (fields.has("from") && fields.has("to")) return "relationships";
  if (fields.has("quantity")) return "needs";
  if (fields.has("capacity")) return "offerings";
  if (fields.has("parent") && !fields.has("type")) return "categories";
  return "actors";
}

export interface Column {
  header: string;
  field?: string;
  attr?: string;
}

/** Unknown columns an issue names; the rest are counted. */
const MAX_NAMED_COLUMNS = 20;

const DELIMITER_CANDIDATES = [";", "\t", "|", ","];

/** The columns a header gives, or undefined (with the issues reported) when the file cannot be read by them. */
export function planHeader(
  record: string[],
  hint: CsvEntity | undefined,
  file: string,
  issues: Issues,
  options: ImportOptions,
): { columns: Column[]; entity: CsvEntity } | undefined {
  const headers = record.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
  const delimiter = options.delimiter ?? ",";
  if (headers.length === 1) {
    const found = DELIMITER_CANDIDATES.filter((d) => d !== delimiter && headers[0]!.includes(d));
    if (found.length) {
      const name = (d: string) => (d === "\t" ? "tab" : `'${d}'`);
      issues.error(
        "delimiter",
        `${file}: the header is one column, '${headers[0]!.slice(0, 80)}': the file seems to be separated by ${name(found[0]!)}, not ${name(delimiter)}. ` +
          `Save it comma-separated, or import it with delimiter=${found[0] === "\t" ? "\\t" : found[0]}`,
        { file, row: 1 },
      );
      return undefined;
    }
  }
  // A lone file whose name does not say its entity is told by its header.
  const guessKeys = new Set<string>();
  for (const h of headers)
    for (const e of CSV_ENTITIES) {
      const f = FIELD_BY_KEY[e].get(headerKey(h));
      if (f) guessKeys.add(f);
    }
  const entity = hint ?? entityOfHeader(guessKeys);
  const mapping = options.columns?.[entity] ?? {};
  const mappingLower = new Map(Object.entries(mapping).map(([k, v]) => [k.toLowerCase(), v]));
  const columns: Column[] = [];
  const unknown: string[] = [];
  const byField = new Map<string, string>();
  const badMappings: string[] = [];
  headers.forEach((header, i) => {
    if (!header) {
      issues.warn("unknown_column", `${file}: column ${i + 1} has no header and is ignored`, { file, row: 1 });
      columns.push({ header });
      return;
    }
    const target = mapping[header] ?? mappingLower.get(header.toLowerCase());
    let field: string | undefined;
    let attr: string | undefined;
    const asAttr = (name: string) => {
      if (entity !== "actors") return false;
      const clean = name.trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(clean) || clean.length > 64) {
        issues.error(
          "unknown_column",
          `${file}: attribute column '${header}' needs a name of letters, digits and '_' (up to 64), e.g. attr:${attributeName(clean)}`,
          { file, row: 1, column: header },
        );
        return true;
      }
      attr = clean;
      return true;
    };
    if (target !== undefined) {
      if (target.toLowerCase().startsWith("attr:") && asAttr(target.slice(5))) {
        // mapped onto an attribute
      } else if (CSV_COLUMNS[entity].includes(target)) field = target;
      else badMappings.push(`'${header}' -> '${target}'`);
    } else if (header.toLowerCase().startsWith("attr:") && asAttr(header.slice(5))) {
      // an attribute column
    } else {
      field = FIELD_BY_KEY[entity].get(headerKey(header));
      if (!field) unknown.push(header);
    }
    if (field) {
      const other = byField.get(field);
      if (other !== undefined) {
        issues.error("unknown_column", `${file}: columns '${other}' and '${header}' both give ${field}`, {
          file,
          row: 1,
          column: header,
        });
      }
      byField.set(field, header);
    }
    columns.push({ header, field, attr });
  });
  if (badMappings.length) {
    issues.error(
      "unknown_column",
      `${file}: column mapping names no ${entity} column: ${badMappings.join(", ")}; the columns are ${CSV_COLUMNS[entity].join(", ")}`,
      { file, row: 1 },
    );
  }
  if (unknown.length) {
    // Named up to a few, so a file of a thousand stray columns still answers in a few lines.
    const named = unknown
      .slice(0, MAX_NAMED_COLUMNS)
      .map((h) => `'${h.length > 80 ? `${h.slice(0, 80)}…` : h}'`)
      .join(", ");
    const more = unknown.length > MAX_NAMED_COLUMNS ? ` and ${unknown.length - MAX_NAMED_COLUMNS} more` : "";
    issues.error(
      "unknown_column",
      `${file}: unknown ${unknown.length > 1 ? "columns" : "column"} ${named}${more} for ${entity}. ` +
        `Known: ${CSV_COLUMNS[entity].join(", ")}${entity === "actors" ? ", attr:<name>" : ""}. Map them with the columns option${entity === "actors" ? " or prefix attr:" : ""}`,
      { file, row: 1, column: unknown.slice(0, MAX_NAMED_COLUMNS).join(", ") + more },
    );
  }
  const missing = CSV_REQUIRED[entity].filter((f) => !byField.has(f));
  if (missing.length) {
    issues.error(
      "missing_column",
      `${file}: ${entity} need the ${missing.length > 1 ? "columns" : "column"} ${missing.join(", ")}`,
      {
        file,
        row: 1,
      },
    );
  }
  const attrs = columns.filter((c) => c.attr).length;
  if (attrs > 50)
    issues.error("unknown_column", `${file}: ${attrs} attribute columns; an actor holds at most 50`, { file, row: 1 });
  if (unknown.length || missing.length || badMappings.length) return undefined;
  return { columns, entity };
}
