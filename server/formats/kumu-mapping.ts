// Kumu rows to a bundle: elements become actors (types through synonyms, the Kumu type kept in attributes.kumu_type,
// custom columns as attributes), connections relationships (From and To by ID or label, several split by '|', a label
// that names no element creating one, Strength in numbers or words). What has no place in Atlas is reported as lost.
import type { ActorType, Bundle, RelationshipType } from "../schemas/domain";
import { IdTable } from "./ids";
import { Origins, Provenance, type Issues, type Where } from "./issues";
import { currencyCell } from "./csv-rows";
import { parseItem } from "./item-schemas";
import type { Row } from "./kumu-read";
import type { Cell } from "./sheets";
import { ACTOR_TYPE_LABELS, actorTypeFrom, relationshipTypeFrom, typeKey } from "./synonyms";
import { attributeName, coerceScalar, parseNumber, splitList, stripUndefined, toIsoDate } from "./values";
import { webUrl } from "./web-urls";

export const ELEMENT_COLUMNS: Record<string, string> = {
  id: "id",
  label: "name",
  type: "type",
  "element type": "type",
  description: "description",
  tags: "tags",
  url: "url",
  website: "url",
  latitude: "lat",
  lat: "lat",
  longitude: "lon",
  lon: "lon",
  lng: "lon",
  address: "address",
  region: "region",
};

const CONNECTION_COLUMNS: Record<string, string> = {
  id: "id",
  from: "from",
  to: "to",
  type: "type",
  "connection type": "type",
  strength: "strength",
  direction: "direction",
  amount: "amount",
  currency: "currency",
  since: "since",
  until: "until",
};

const STRENGTH_WORDS: Record<string, number> = {
  weak: 1,
  low: 1,
  medium: 2,
  moderate: 2,
  strong: 3,
  high: 3,
  "very strong": 4,
};

function cellText(value: Cell | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join("|");
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim() || undefined;
}

function cellNumber(value: Cell | string[] | undefined): number | undefined {
  if (typeof value === "number") return value;
  const t = cellText(value);
  return t === undefined ? undefined : parseNumber(t);
}

/** A custom cell as an attribute: typed cells keep their type; text is coerced as CSV cells are. */
function cellAttribute(value: Cell | string[]): string | number | boolean {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.join("|");
  return coerceScalar(value ?? "");
}

/** Elements to actors and connections to relationships, with what was mapped or lost reported. */
export function toBundle(elements: Row[], connections: Row[], issues: Issues) {
  const bundle: Bundle = { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] };
  const origins = new Origins();
  const actorIds = new IdTable("actor", issues);
  const relationshipIds = new IdTable("relationship", issues);
  const byRawId = new Map<string, string>();
  const byLabel = new Map<string, string[]>();
  const byLabelLower = new Map<string, string[]>();
  const remember = (label: string, id: string) => {
    byLabel.set(label, [...(byLabel.get(label) ?? []), id]);
    byLabelLower.set(label.toLowerCase(), [...(byLabelLower.get(label.toLowerCase()) ?? []), id]);
  };
  const retyped = new Map<string, number>();
  let untyped = 0;
  const renamed = new Map<string, string>();

  for (const el of elements) {
    const where = { file: el.file, row: el.row, field: el.field };
    const get = (field: string) => {
      for (const [key, cell] of el.cells) if (ELEMENT_COLUMNS[key] === field) return cell.value;
      return undefined;
    };
    const label = cellText(get("name"));
    const rawId = cellText(get("id"));
    const id =
      rawId !== undefined ? actorIds.assign(rawId, { ...where, column: "ID" }) : actorIds.derive(label ?? "element");
    if (rawId !== undefined) byRawId.set(rawId, id);
    if (label !== undefined) remember(label, id);

    const attributes: Record<string, string | number | boolean> = {};
    const typeText = cellText(get("type"));
    let type: ActorType = "other";
    if (typeText === undefined) untyped++;
    else {
      const mapped = actorTypeFrom(typeText);
      type = mapped ?? "other";
      const plain =
        mapped !== undefined &&
        (typeKey(typeText) === typeKey(ACTOR_TYPE_LABELS[mapped]) || typeKey(typeText) === typeKey(mapped));
      if (!plain) {
        attributes.kumu_type = typeText;
        const key = `'${typeText}' -> ${type}`;
        retyped.set(key, (retyped.get(key) ?? 0) + 1);
      }
    }
    for (const [key, { header, value }] of el.cells) {
      if (ELEMENT_COLUMNS[key] !== undefined) continue;
      const name = attributeName(header.toLowerCase().startsWith("attr:") ? header.slice(5) : header);
      if (name !== header && !header.toLowerCase().startsWith("attr:")) renamed.set(header, name);
      attributes[name] = cellAttribute(value);
    }
    // Text that is no number goes on as it is, for the item check to leave the location out and say why.
    const lat = cellNumber(get("lat")) ?? cellText(get("lat"));
    const lon = cellNumber(get("lon")) ?? cellText(get("lon"));
    const address = cellText(get("address"));
    const region = cellText(get("region"));
    let location: Record<string, unknown> | undefined;
    if (lat !== undefined || lon !== undefined) location = stripUndefined({ lat, lon, address, region });
    else {
      // A location needs coordinates; keep the text rather than drop it (CSV imports do the same).
      if (address !== undefined) attributes.address = address;
      if (region !== undefined) attributes.region = region;
    }
    const item = stripUndefined({
      id,
      name: label,
      type,
      description: cellText(get("description")),
      tags: (() => {
        const tags = get("tags");
        return tags === undefined ? [] : Array.isArray(tags) ? tags : splitList(String(tags));
      })(),
      location,
      attributes,
      url: webUrl(cellText(get("url")), issues, { ...where, column: columnName(el, ELEMENT_COLUMNS, ["url"]) }),
    });
    const parsed = parseItem("actors", item, issues, rowSource(el, where, ELEMENT_COLUMNS));
    if (!parsed) continue;
    bundle.actors.push(parsed);
    origins.add("actors", el.file, el.row);
  }

  const created: string[] = [];
  const resolve = (
    ref: string,
    where: { file: string; row?: number; field?: string },
    column: string,
  ): string | undefined => {
    const byId = byRawId.get(ref);
    if (byId) return byId;
    const labelled = byLabel.get(ref) ?? byLabelLower.get(ref.toLowerCase());
    if (labelled && labelled.length > 1) {
      issues.error(
        "invalid_value",
        `'${ref}' is the label of ${labelled.length} elements; give elements IDs and connect by ID`,
        { ...where, column },
      );
      return undefined;
    }
    if (labelled) return labelled[0];
    // Kumu creates an element for a label it does not know; so do we, and say so.
    const id = actorIds.derive(ref);
    byRawId.set(ref, id);
    remember(ref, id);
    created.push(ref);
    bundle.actors.push({ id, name: ref, type: "other", description: "", tags: [], attributes: {} });
    origins.add("actors", where.file, where.row);
    return id;
  };

  const unknownTypes = new Map<string, number>();
  const dropped = new Set<string>();
  let strengthWords = 0;
  for (const c of connections) {
    const where = { file: c.file, row: c.row, field: c.field };
    const get = (field: string) => {
      for (const [key, cell] of c.cells) if (CONNECTION_COLUMNS[key] === field) return cell.value;
      return undefined;
    };
    for (const [key, { header }] of c.cells) if (CONNECTION_COLUMNS[key] === undefined) dropped.add(header);
    const fromText = cellText(get("from"));
    const toText = cellText(get("to"));
    if (fromText === undefined || toText === undefined) {
      issues.error("invalid_value", `a connection needs From and To`, {
        ...where,
        column: fromText === undefined ? "From" : "To",
      });
      continue;
    }
    const typeText = cellText(get("type"));
    let type: RelationshipType | undefined = typeText === undefined ? undefined : relationshipTypeFrom(typeText);
    if (!type) {
      const key = typeText ?? "(none)";
      unknownTypes.set(key, (unknownTypes.get(key) ?? 0) + 1);
      type = "partners_with";
    }
    const strength = get("strength");
    let weight = cellNumber(strength);
    if (weight === undefined && strength !== undefined) {
      weight = STRENGTH_WORDS[String(strength).trim().toLowerCase()];
      if (weight === undefined) {
        issues.warn(
          "lossy",
          `Strength '${cellText(strength)}' is neither a number nor weak/medium/strong; the weight is 1`,
          {
            ...where,
            column: "Strength",
          },
        );
      } else strengthWords++;
    }
    const rawId = cellText(get("id"));
    const currencyText = cellText(get("currency"));
    const froms = splitList(fromText);
    const tos = splitList(toText);
    const many = froms.length * tos.length > 1;
    for (const f of froms) {
      for (const t of tos) {
        const from = resolve(f, where, "From");
        const to = resolve(t, where, "To");
        if (!from || !to) continue;
        const item = stripUndefined({
          // One ID cannot name several connections: a row that fans out leaves ids to the store.
          id: rawId !== undefined && !many ? relationshipIds.assign(rawId, { ...where, column: "ID" }) : undefined,
          from,
          to,
          type,
          weight,
          amount: get("amount") === undefined ? undefined : (cellNumber(get("amount")) ?? cellText(get("amount"))),
          currency: currencyText === undefined ? undefined : currencyCell(currencyText),
          since: get("since") === undefined ? undefined : (dateOf(get("since")) ?? cellText(get("since"))),
          until: get("until") === undefined ? undefined : (dateOf(get("until")) ?? cellText(get("until"))),
        });
        const parsed = parseItem("relationships", item, issues, rowSource(c, where, CONNECTION_COLUMNS));
        if (!parsed) continue;
        bundle.relationships.push(parsed);
        origins.add("relationships", c.file, c.row);
      }
    }
  }

  if (untyped) issues.warn("mapped", `${untyped} elements have no Type; they are actors of type 'other'`);
  for (const [change, n] of retyped) {
    issues.warn("mapped", `element type ${change} (${n} elements); the Kumu type is kept in attributes.kumu_type`);
  }
  for (const [header, name] of renamed) issues.warn("mapped", `column '${header}' is stored as attribute '${name}'`);
  if (created.length) {
    issues.warn(
      "mapped",
      `${created.length} connection ends name no element, so elements were created for them (as Kumu does): ${created.slice(0, 10).join(", ")}${created.length > 10 ? ", ..." : ""}`,
    );
  }
  for (const [label, n] of unknownTypes) {
    issues.warn(
      "lossy",
      `connection type ${label === "(none)" ? "missing" : `'${label}'`} is no relationship type; ${n} connections become partners_with (relationships carry no attributes, so the Kumu type is lost)`,
    );
  }
  if (strengthWords)
    issues.warn("mapped", `${strengthWords} connections give Strength in words; weak=1, medium=2, strong=3`);
  for (const header of dropped)
    issues.warn("lossy", `connection column '${header}' has no place in a relationship and was left out`);
  return { bundle, origins };
}

function dateOf(value: Cell | string[] | undefined): string | undefined {
  return value instanceof Date ? value.toISOString().slice(0, 10) : toIsoDate(cellText(value));
}

/**
 * Where a row's values are: their column in a sheet, their property in a JSON blueprint (whose "header" is the key),
 * the same way for both since a blueprint's row has no line.
 */
function rowSource(row: Row, where: Where, columns: Record<string, string>): Provenance {
  return new Provenance(where, (path) => columnName(row, columns, path));
}

function columnName(row: Row, columns: Record<string, string>, path: PropertyKey[]): string {
  const field = String(path[0] === "location" ? path[1] : path[0]);
  for (const [key, cell] of row.cells) if (columns[key] === field) return cell.header;
  if (path[0] === "attributes" && path[1] !== undefined) return String(path[1]);
  return { name: "Label", type: "Type", weight: "Strength", from: "From", to: "To" }[field] ?? field;
}
