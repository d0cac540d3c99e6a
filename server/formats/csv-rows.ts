// One CSV record to one bundle item: cells by column, ids assigned or derived and references resolved through the id
// tables, numbers and enumerations read as people write them, then the item validated with the domain's schema and
// every bad cell reported with its line and column.
import type { z } from "zod";
import { isCurrency, unitFromText } from "../domain/units";
import type { Bundle } from "../schemas/domain";
import type { Column } from "./csv-header";
import { slugify, type IdTable } from "./ids";
import { Provenance, zodIssues, type Issues, type Origins } from "./issues";
import { ActorRow, CategoryRow, CommitmentRow, NeedRow, OfferingRow, parseItem, RelationshipRow } from "./item-schemas";
import { actorTypeExact, relationshipTypeExact } from "./synonyms";
import type { CsvEntity, ImportOptions, Limits } from "./types";
import { unitCell, type UnmappedUnits } from "./units";
import { coerceScalar, parseNumber, splitList } from "./values";
import { webUrl } from "./web-urls";

/** Enumerations written in any case and with spaces ("Partially met" for partially_met). */
const ENUMS = new Set(["priority", "status", "modality"]);

const SCHEMAS: Record<CsvEntity, z.ZodType> = {
  categories: CategoryRow,
  actors: ActorRow,
  needs: NeedRow,
  offerings: OfferingRow,
  relationships: RelationshipRow,
  commitments: CommitmentRow,
};

/** What reading the files of one import builds up. */
export interface CsvState {
  issues: Issues;
  options: ImportOptions;
  limits: Limits;
  ids: Record<"actors" | "needs" | "offerings" | "relationships" | "commitments", IdTable>;
  bundle: Bundle;
  origins: Origins;
  rows: number;
  /** Records read per kind of item, valid or not: what the per-kind limit is checked against as the parse goes. */
  rowsOf: Partial<Record<CsvEntity, number>>;
  derivedActorIds: number;
  /** Needs and offerings whose unit text named nothing on the list: checkBundle counts them in a default and says so. */
  unmapped: UnmappedUnits;
}

/** Turns one record into an item of the bundle, or reports why it cannot. */
export function readRow(
  record: string[],
  row: number,
  header: Column[],
  entity: CsvEntity,
  columns: Record<string, string>,
  file: string,
  state: CsvState,
): void {
  const { issues, ids } = state;
  const where = { file, row };
  if (record.length !== header.length) {
    // A trailing empty cell or two is what spreadsheets write; anything else shifts every value after it.
    const extra = record.slice(header.length);
    if (record.length < header.length || extra.some((v) => v.trim() !== "")) {
      issues.error("malformed", `${record.length} fields where the header has ${header.length}`, where);
      return;
    }
  }
  const raw: Record<string, string> = {};
  const attributes: Record<string, string | number | boolean> = {};
  for (let i = 0; i < header.length; i++) {
    const col = header[i]!;
    const value = record[i]?.trim() ?? "";
    if (value === "") continue;
    if (col.field) raw[col.field] = value;
    else if (col.attr) attributes[col.attr] = coerceScalar(value);
  }
  // One plain object per row rather than closures: tsx names every closure it creates, which shows at a million rows.
  const ctx: RowContext = { raw, issues, where, columns, badFields: new Set(), bad: false };
  const badFields = ctx.badFields;
  let item: Record<string, unknown>;
  switch (entity) {
    case "categories":
      item = {
        id: raw.id?.toLowerCase(),
        name: raw.name,
        parent: raw.parent?.toLowerCase(),
        unit: unitCell(raw.unit),
      };
      unnamedUnit(ctx, "the category has no default unit");
      break;
    case "actors": {
      let id: string;
      if (raw.id !== undefined) id = ids.actors.assign(raw.id, { ...where, column: columns.id });
      else {
        id = ids.actors.derive(raw.name ?? "");
        state.derivedActorIds++;
      }
      const lat = coordinateCell(ctx, "lat");
      const lon = coordinateCell(ctx, "lon");
      let location: Record<string, unknown> | undefined;
      if (lat !== undefined || lon !== undefined) {
        const missing = lat === undefined ? "lat" : lon === undefined ? "lon" : undefined;
        if (missing) {
          // A location is optional: one coordinate alone leaves it out rather than refusing the actor.
          issues.warn("invalid_value", "lat and lon go together: give both or neither; the location was left out", {
            ...where,
            column: columns[missing] ?? missing,
          });
        } else {
          location = { lat, lon };
          if (raw.address !== undefined) location.address = raw.address;
          if (raw.region !== undefined) location.region = raw.region;
        }
      } else if (raw.address !== undefined || raw.region !== undefined) {
        // A location needs coordinates; keep the text rather than drop it.
        if (raw.address !== undefined) attributes.address ??= raw.address;
        if (raw.region !== undefined) attributes.region ??= raw.region;
        issues.warn(
          "lossy",
          "address and region without lat and lon are kept as attributes: a location needs coordinates",
          where,
        );
      }
      item = {
        id,
        name: raw.name,
        type: raw.type === undefined ? undefined : (actorTypeExact(raw.type) ?? raw.type),
        description: raw.description,
        tags: raw.tags === undefined ? undefined : splitList(raw.tags),
        location,
        attributes,
        url: webUrl(raw.url, issues, { ...where, column: columns.url ?? "url" }),
      };
      break;
    }
    case "needs":
    case "offerings": {
      const actorId = raw.actorId === undefined ? undefined : ids.actors.resolve(raw.actorId);
      const table = ids[entity];
      const kind = entity === "needs" ? "need" : "offer";
      const id =
        raw.id !== undefined
          ? table.assign(raw.id, { ...where, column: columns.id })
          : table.derive(`${actorId ?? "x"}.${kind}.${slugify(raw.title ?? "item", 60)}`, true);
      item =
        entity === "needs"
          ? {
              id,
              actorId,
              category: raw.category?.toLowerCase(),
              title: raw.title,
              description: raw.description,
              quantity: numberCell(ctx, "quantity"),
              unit: unitCell(raw.unit),
              priority: enumCell(raw, "priority"),
              status: enumCell(raw, "status"),
              dueDate: raw.dueDate,
            }
          : {
              id,
              actorId,
              category: raw.category?.toLowerCase(),
              title: raw.title,
              description: raw.description,
              capacity: numberCell(ctx, "capacity"),
              unit: unitCell(raw.unit),
              modality: enumCell(raw, "modality"),
              reachKm: numberCell(ctx, "reachKm"),
              status: enumCell(raw, "status"),
              validFrom: raw.validFrom,
              validUntil: raw.validUntil,
            };
      break;
    }
    case "relationships":
      item = {
        id: raw.id === undefined ? undefined : ids.relationships.assign(raw.id, { ...where, column: columns.id }),
        from: raw.from === undefined ? undefined : ids.actors.resolve(raw.from),
        to: raw.to === undefined ? undefined : ids.actors.resolve(raw.to),
        type: raw.type === undefined ? undefined : (relationshipTypeExact(raw.type) ?? raw.type),
        weight: numberCell(ctx, "weight"),
        amount: numberCell(ctx, "amount"),
        currency: raw.currency === undefined ? undefined : currencyCell(raw.currency),
        since: raw.since,
        until: raw.until,
      };
      break;
    case "commitments": {
      let history: unknown;
      if (raw.history !== undefined) {
        try {
          history = JSON.parse(raw.history);
        } catch {
          issues.error("invalid_value", "history must be a JSON array of events", {
            ...where,
            column: columns.history,
          });
          badFields.add("history");
          ctx.bad = true;
        }
      }
      item = {
        id: raw.id === undefined ? undefined : ids.commitments.assign(raw.id, { ...where, column: columns.id }),
        offeringId: raw.offeringId === undefined ? undefined : ids.offerings.resolve(raw.offeringId),
        needId: raw.needId === undefined ? undefined : ids.needs.resolve(raw.needId),
        amount: numberCell(ctx, "amount"),
        unit: unitCell(raw.unit),
        status: enumCell(raw, "status"),
        history,
      };
      break;
    }
  }
  for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
  const source = new Provenance(where, (path) => columnOfPath(path, columns, header));
  if (ctx.bad) {
    // Fields already reported as not numbers would only repeat themselves as "expected number".
    const parsed = SCHEMAS[entity].safeParse(item);
    const rest = parsed.success
      ? []
      : parsed.error.issues.filter((i) => !badFields.has(String(i.path[0] === "location" ? i.path[1] : i.path[0])));
    if (rest.length) zodIssues(issues, { issues: rest }, source);
    return;
  }
  const data = parseItem(entity, item, issues, source);
  if (data === undefined) return;
  const parsed = { data };
  if ((entity === "needs" || entity === "offerings") && raw.unit !== undefined && item.unit === undefined) {
    state.unmapped.set(parsed.data as object, raw.unit);
  }
  if (entity === "commitments") unnamedUnit(ctx, "the commitment counts in its offering's unit");
  state.bundle[entity].push(parsed.data as never);
  state.origins.add(entity, file, row, columns);
}

interface RowContext {
  raw: Record<string, string>;
  issues: Issues;
  where: { file: string; row: number };
  columns: Record<string, string>;
  badFields: Set<string>;
  bad: boolean;
}

/** A unit cell that names nothing on the list, where the item can do without one. */
function unnamedUnit(ctx: RowContext, instead: string): void {
  const text = ctx.raw.unit;
  if (text === undefined || unitCell(text) !== undefined) return;
  ctx.issues.warn("unit_assumed", `unit '${text}' is none of the list or a currency: ${instead}`, {
    ...ctx.where,
    column: ctx.columns.unit ?? "unit",
  });
}

/** A coordinate: a number, or the text as written, for the item check to leave out with a warning. */
function coordinateCell(ctx: RowContext, field: string): number | string | undefined {
  const text = ctx.raw[field];
  return text === undefined ? undefined : (parseNumber(text) ?? text);
}

function numberCell(ctx: RowContext, field: string): number | undefined {
  const text = ctx.raw[field];
  if (text === undefined) return undefined;
  const n = parseNumber(text);
  if (n === undefined) {
    ctx.issues.error("invalid_value", `'${text}' is not a number`, { ...ctx.where, column: ctx.columns[field] });
    ctx.badFields.add(field);
    ctx.bad = true;
  }
  return n;
}

/**
 * A tie's currency as people write it ("gbp", "£", "USD"); text that names no currency is passed on as it is, so the
 * schema refuses it naming the column.
 */
export function currencyCell(text: string): string {
  const unit = unitFromText(text);
  return unit !== undefined && isCurrency(unit) ? unit : text;
}

function enumCell(raw: Record<string, string>, field: string): string | undefined {
  const text = raw[field];
  return text === undefined || !ENUMS.has(field) ? text : text.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

function columnOfPath(path: PropertyKey[], columns: Record<string, string>, header: Column[]): string | undefined {
  const [first, second] = path.map(String);
  if (first === "location" && second) return columns[second] ?? second;
  if (first === "attributes")
    return second ? (header.find((c) => c.attr === second)?.header ?? `attr:${second}`) : undefined;
  return first ? (columns[first] ?? first) : undefined;
}
