// Open Referral HSDS 3.0 (Human Services Data Specification): directories of community services. Accepted as JSON
// (organizations with nested services and locations, as the HSDS API returns them; a list of services with their
// organization; or `{organizations, services, locations, taxonomy_terms, ...}`) or as the tabular form, CSV files
// named as the standard names them (organizations.csv, services.csv, locations.csv, addresses.csv,
// service_at_location(s).csv, taxonomy_terms.csv, attributes.csv), zipped or not. Each record is validated against its
// HSDS schema; a value in the wrong format (HSDS wants UUIDs for ids) is a warning, anything else an error.
// - Organizations become actors: nonprofit unless the name says school, library, clinic... (guessActorType); the
//   location of the organization (or of its first service) gives coordinates, address and region.
// - Active services become offerings of their organization: capacity 1 (HSDS states no capacity) with no unit,
//   in person with a reach of 10 km (option reachKm) unless every location of the service is virtual (remote).
// - A service's category comes from its taxonomy terms, else its name, else its description, matched against a keyword
//   table onto the Atlas taxonomy (food pantry -> food/family, mental health -> health/mental...). Services nothing
//   matches get a category created under community_services/, named after their first term or their name.
import type { Bundle } from "../schemas/domain";
import {
  ActorRow,
  checkBundle,
  decodeText,
  emptyResult,
  finish,
  guessActorType,
  IdTable,
  Issues,
  isZip,
  limitsOf,
  OfferingRow,
  Origins,
  parseNumber,
  readAll,
  slugify,
  StopImport,
  zodIssues,
} from "./common";
import type { Where } from "./common";
import { csvTable } from "./sheets";
import { describeAjvError, dotted, hsdsSchemas } from "./standards";
import type { JsonSchema } from "./standards";
import { baseName, readZip } from "./zip";
import type { ImportFile, ImportInput, ImportOptions, ImportResult } from "./types";

const TABLES = [
  "organization",
  "service",
  "location",
  "address",
  "service_at_location",
  "taxonomy_term",
  "attribute",
] as const;
type TableName = (typeof TABLES)[number];

interface Rec {
  data: Record<string, unknown>;
  where: Where;
}

type Records = Record<TableName, Rec[]>;

/** Keyword -> Atlas category, most specific first; matched against lower-case text. */
export const HSDS_CATEGORY_KEYWORDS: ReadonlyArray<[RegExp, string]> = [
  [/mental health|counsel+ing|therap|psycholog|psychiatr|crisis line/, "health/mental"],
  [/check-?ups?|screening|vaccin|immuni[sz]|dental|vision care/, "health/checkups"],
  [/school meals?|school lunch|breakfast program|snack/, "food/school_meals"],
  [/food pantr|food bank|food shelf|grocer|backpack|weekend food|meal/, "food/family"],
  [/\bfood\b|nutrition/, "food"],
  [/coding|programming|computer science/, "stem/coding"],
  [/laptop|computer|device|tablet|chromebook/, "technology/devices"],
  [/wi-?fi|internet|hotspot|broadband|connectivity/, "technology/connectivity"],
  [/digital|technology/, "technology"],
  [/mentor/, "mentorship"],
  [/reading|literacy/, "tutoring/literacy"],
  [/\bmath/, "tutoring/math"],
  [/tutor|homework/, "tutoring"],
  [/scholarship/, "funding/scholarships"],
  [/\bgrants?\b/, "funding/grants"],
  [/internship|apprentice|work placement|job shadow/, "internships"],
  [/robot|engineering/, "stem/engineering"],
  [/science|\bstem\b/, "stem"],
  [/visual art|painting|drawing/, "arts/visual"],
  [/music|dance|theat/, "arts/performing"],
  [/\barts?\b/, "arts"],
  [/interpret|translat/, "language/interpretation"],
  [/\besl\b|english class|english as a second|english language/, "language/esl"],
  [/field trip/, "transport/field_trips"],
  [/transport|\bbus(es)?\b|\brides?\b/, "transport"],
  [/teacher training|professional development/, "training/teachers"],
  [/training|workshop/, "training"],
  [/volunteer/, "volunteers"],
  [/family engagement|parenting|parent support/, "family_engagement"],
  [/school supplies|books|stationery/, "supplies"],
  [/meeting space|rooms?\b|halls?\b|facilit/, "facilities/space"],
  [/health|clinic|medical/, "health"],
];

export const DEFAULT_REACH_KM = 10;
const COMMUNITY = "community_services";

export async function importHsds(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "hsds", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  const records: Records = {
    organization: [],
    service: [],
    location: [],
    address: [],
    service_at_location: [],
    taxonomy_term: [],
    attribute: [],
  };
  let rows = 0;
  try {
    for (const file of files) {
      const bytes = await readAll(file, limits.maxFileBytes);
      if (isZip(bytes)) {
        for (const entry of readZip(bytes, file.name, limits)) {
          if (!entry.name.toLowerCase().endsWith(".csv")) continue;
          rows += readTable(
            `${file.name}/${entry.name}`,
            decodeText(entry.name, entry.data, options.encoding),
            records,
            issues,
            options,
          );
        }
      } else if (file.name.toLowerCase().endsWith(".csv")) {
        rows += readTable(file.name, decodeText(file.name, bytes, options.encoding), records, issues, options);
      } else {
        rows += readJsonDoc(file.name, decodeText(file.name, bytes, options.encoding), records, issues);
      }
    }
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("hsds", names, issues, rows);
  }
  if (!records.organization.length && !records.service.length) {
    issues.error("empty", "no HSDS organizations or services found");
    return emptyResult("hsds", names, issues, rows);
  }
  if (issues.errors) return emptyResult("hsds", names, issues, rows);
  const { bundle, origins } = toBundle(records, issues, options);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options);
  return finish("hsds", names, rows, bundle, issues);
}

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
    // HSDS asks for UUIDs and URIs; data that uses other ids is still usable.
    if (error.keyword === "format") issues.warn("schema", `${text} (HSDS wants ${String(error.params.format)})`, w);
    else issues.error("schema", text, w);
  }
}

// ---- JSON ---------------------------------------------------------------------------------------

function readJsonDoc(file: string, text: string, records: Records, issues: Issues): number {
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

function readTable(file: string, text: string, records: Records, issues: Issues, options: ImportOptions): number {
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

// ---- Records to actors and offerings ------------------------------------------------------------

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim()
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;
}

/** The Atlas category a text names, by the keyword table. */
export function categoryFor(text: string): string | undefined {
  const lower = text.toLowerCase();
  return HSDS_CATEGORY_KEYWORDS.find(([pattern]) => pattern.test(lower))?.[1];
}

function toBundle(records: Records, issues: Issues, options: ImportOptions) {
  const bundle: Bundle = { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] };
  const origins = new Origins();
  const actorIds = new IdTable("organization", issues);
  const offeringIds = new IdTable("service", issues);
  const reachKm = options.reachKm ?? DEFAULT_REACH_KM;
  const knownCategories = options.known?.categories ? new Set(options.known.categories) : undefined;

  const terms = new Map<string, string>();
  for (const { data } of records.taxonomy_term) {
    const id = str(data.id);
    const name = str(data.name);
    if (id && name && !terms.has(id)) terms.set(id, name);
  }
  const termsOf = new Map<string, string[]>();
  for (const { data } of records.attribute) {
    const link = str(data.link_id);
    const term = terms.get(str(data.taxonomy_term_id) ?? "");
    if (link && term) termsOf.set(link, [...(termsOf.get(link) ?? []), term]);
  }
  const addresses = new Map<string, Record<string, unknown>>();
  for (const { data } of records.address) {
    const loc = str(data.location_id);
    if (loc && !addresses.has(loc)) addresses.set(loc, data);
  }
  const locations = new Map<string, Record<string, unknown>>();
  for (const { data } of records.location) {
    const id = str(data.id);
    if (id && !locations.has(id)) locations.set(id, data);
  }
  const locationsOfService = new Map<string, string[]>();
  for (const { data } of records.service_at_location) {
    const s = str(data.service_id);
    const l = str(data.location_id);
    if (s && l) locationsOfService.set(s, [...(locationsOfService.get(s) ?? []), l]);
  }
  const located = (loc: Record<string, unknown> | undefined) =>
    loc && typeof loc.latitude === "number" && typeof loc.longitude === "number" && loc.location_type !== "virtual";
  const locationOf = (loc: Record<string, unknown>) => {
    const address =
      addresses.get(str(loc.id) ?? "") ??
      (Array.isArray(loc.addresses) ? (loc.addresses[0] as Record<string, unknown>) : undefined);
    const text = address ? [str(address.address_1), str(address.city)].filter(Boolean).join(", ") : undefined;
    const out: Record<string, unknown> = { lat: loc.latitude, lon: loc.longitude };
    if (text) out.address = text;
    const region = str(address?.region);
    if (region) out.region = region;
    return out;
  };

  // Organizations, once each (nested copies in services repeat them).
  const orgs = new Map<string, Rec>();
  for (const rec of records.organization) {
    const id = str(rec.data.id);
    if (!id) continue;
    if (!orgs.has(id)) orgs.set(id, rec);
  }
  const firstLocation = new Map<string, Record<string, unknown>>();
  for (const { data } of records.location) {
    const org = str(data.organization_id);
    if (org && located(data) && !firstLocation.has(org)) firstLocation.set(org, data);
  }
  for (const { data } of records.service) {
    const org = str(data.organization_id);
    if (!org || firstLocation.has(org)) continue;
    const loc = (locationsOfService.get(str(data.id) ?? "") ?? []).map((l) => locations.get(l)).find(located);
    if (loc) firstLocation.set(org, loc);
  }
  const actorOf = new Map<string, string>();
  for (const [rawId, { data, where }] of orgs) {
    const id = actorIds.assign(rawId, where);
    actorOf.set(rawId, id);
    const name = str(data.name) ?? rawId;
    const loc = firstLocation.get(rawId);
    const actor = strip({
      id,
      name,
      type: guessActorType(name, "nonprofit"),
      description: typeof data.description === "string" ? data.description : "",
      tags: [],
      location: loc ? locationOf(loc) : undefined,
      attributes: {},
      url: str(data.website) ?? str(data.url),
    });
    const parsed = ActorRow.safeParse(actor);
    if (!parsed.success) {
      zodIssues(issues, parsed.error, where, () => undefined);
      continue;
    }
    bundle.actors.push(parsed.data);
    origins.add("actors", where.file, where.row);
  }

  // Services, once each.
  const seen = new Set<string>();
  const created = new Map<string, string>();
  const mapped = new Map<string, number>();
  let inactive = 0;
  let orphans = 0;
  for (const { data, where } of records.service) {
    const rawId = str(data.id);
    if (!rawId || seen.has(rawId)) continue;
    seen.add(rawId);
    const status = str(data.status) ?? "active";
    if (status !== "active") {
      inactive++;
      continue;
    }
    const org = str(data.organization_id);
    const actorId = org ? (actorOf.get(org) ?? actorIds.resolve(org)) : undefined;
    if (!actorId) {
      orphans++;
      continue;
    }
    const name = str(data.name) ?? rawId;
    const serviceTerms = termsOf.get(rawId) ?? [];
    const sources = [...serviceTerms, name, str(data.description) ?? ""];
    let category: string | undefined;
    let source = "";
    for (const text of sources) {
      category = categoryFor(text);
      if (category) {
        source = text;
        break;
      }
    }
    if (category && knownCategories) {
      // Fall back to the nearest category the map has.
      let c: string | undefined = category;
      while (c && !knownCategories.has(c)) c = c.includes("/") ? c.slice(0, c.lastIndexOf("/")) : undefined;
      category = c;
    }
    if (category) {
      const key = `'${source.slice(0, 40)}' -> ${category}`;
      mapped.set(key, (mapped.get(key) ?? 0) + 1);
    } else {
      const label = serviceTerms[0] ?? name;
      const slug =
        slugify(label, 80)
          .replace(/\./g, "-")
          .replace(/^[^a-z0-9]+/, "") || "other";
      category = `${COMMUNITY}/${slug}`;
      created.set(category, label.slice(0, 200));
    }
    const linked = (locationsOfService.get(rawId) ?? [])
      .map((l) => locations.get(l))
      .filter((l): l is Record<string, unknown> => !!l);
    const virtual = linked.filter((l) => l.location_type === "virtual").length;
    const modality = linked.length > 0 && virtual === linked.length ? "remote" : virtual > 0 ? "both" : "in_person";
    const offering = strip({
      id: offeringIds.assign(rawId, where),
      actorId,
      category,
      title: name,
      description: typeof data.description === "string" ? data.description : "",
      capacity: 1,
      unit: "",
      modality,
      reachKm: modality === "remote" ? undefined : reachKm,
      status: "available",
    });
    const parsed = OfferingRow.safeParse(offering);
    if (!parsed.success) {
      zodIssues(issues, parsed.error, where, () => undefined);
      continue;
    }
    bundle.offerings.push(parsed.data);
    origins.add("offerings", where.file, where.row);
  }
  if (created.size) {
    bundle.categories.push({ id: COMMUNITY, name: "Community services" });
    for (const [id, name] of created) bundle.categories.push({ id, name, parent: COMMUNITY });
    issues.warn(
      "mapped",
      `${created.size} service categories match nothing in the Atlas taxonomy and were created under ${COMMUNITY}/: ${[...created.keys()].slice(0, 10).join(", ")}`,
    );
  }
  if (mapped.size) {
    issues.warn("mapped", `service categories: ${[...mapped].map(([k, n]) => `${k} (${n})`).join("; ")}`);
  }
  if (inactive) issues.warn("lossy", `${inactive} services are not active and were skipped`);
  if (orphans) issues.warn("lossy", `${orphans} services name no organization and were skipped`);
  return { bundle, origins };
}

function strip<T extends object>(item: T): T {
  for (const key of Object.keys(item) as (keyof T)[]) if (item[key] === undefined) delete item[key];
  return item;
}
