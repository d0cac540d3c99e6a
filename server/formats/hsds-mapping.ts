// HSDS records to a bundle: organizations become actors, active services offerings of them (capacity 1, in person
// within a reach unless virtual), each service's category found by a keyword table over its taxonomy terms, name and
// description, or created under community_services/.
import { nearestKnownCategory } from "../domain/taxonomy";
import type { Bundle } from "../schemas/domain";
import type { Rec, Records } from "./hsds-read";
import { IdTable, slugify } from "./ids";
import { keyOf, Origins, Provenance, type Issues } from "./issues";
import { parseItem } from "./item-schemas";
import { guessActorType } from "./synonyms";
import type { ImportOptions } from "./types";
import { unitCell, type UnmappedUnits } from "./units";
import { stripUndefined } from "./values";
import { webUrl } from "./web-urls";

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

/** Organizations to actors and active services to offerings of them, with categories found or created. */
/**
 * A service's capacity: HSDS 3.1 services list theirs (`capacities`: `maximum`, else `available`, in a unit named by
 * `unit.name`, mapped to Atlas's list); HSDS 3.0 ones state none, so they offer 1, in their category's default unit.
 */
function capacityOf(data: Rec["data"]): { amount: number; unit?: string; text?: string } {
  const list = Array.isArray(data.capacities) ? (data.capacities as unknown[]) : [];
  for (const entry of list) {
    if (!entry || typeof entry !== "object") continue;
    const c = entry as Record<string, unknown>;
    const amount = [c.maximum, c.available].find((v): v is number => typeof v === "number" && v > 0);
    if (amount === undefined) continue;
    const named = c.unit && typeof c.unit === "object" ? (c.unit as Record<string, unknown>) : {};
    const text = str(named.name) ?? str(named.identifier) ?? str(c.unit);
    return { amount, unit: unitCell(text), text };
  }
  return { amount: 1 };
}

export function toBundle(records: Records, issues: Issues, options: ImportOptions) {
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
  const addresses = new Map<string, Rec>();
  for (const rec of records.address) {
    const loc = str(rec.data.location_id);
    if (loc && !addresses.has(loc)) addresses.set(loc, rec);
  }
  const locations = new Map<string, Rec>();
  for (const rec of records.location) {
    const id = str(rec.data.id);
    if (id && !locations.has(id)) locations.set(id, rec);
  }
  const locationsOfService = new Map<string, string[]>();
  for (const { data } of records.service_at_location) {
    const s = str(data.service_id);
    const l = str(data.location_id);
    if (s && l) locationsOfService.set(s, [...(locationsOfService.get(s) ?? []), l]);
  }
  const located = (loc: Rec | undefined): loc is Rec =>
    !!loc &&
    typeof loc.data.latitude === "number" &&
    typeof loc.data.longitude === "number" &&
    loc.data.location_type !== "virtual";
  /** The actor's location from a location record and its address, each value's place noted in `source`. */
  const locationOf = ({ data: loc, where }: Rec, source: Provenance) => {
    const address: Rec | undefined =
      addresses.get(str(loc.id) ?? "") ??
      (Array.isArray(loc.addresses) && loc.addresses[0]
        ? { data: loc.addresses[0] as Record<string, unknown>, where: keyOf(where, "addresses[0]") }
        : undefined);
    const out: Record<string, unknown> = { lat: loc.latitude, lon: loc.longitude };
    source.set("location.lat", keyOf(where, "latitude")).set("location.lon", keyOf(where, "longitude"));
    const text = address ? [str(address.data.address_1), str(address.data.city)].filter(Boolean).join(", ") : "";
    if (text) {
      out.address = text;
      source.set("location.address", keyOf(address!.where, "address_1"));
    }
    const region = str(address?.data.region);
    if (region) {
      out.region = region;
      source.set("location.region", keyOf(address!.where, "region"));
    }
    return out;
  };

  // Organizations, once each (nested copies in services repeat them).
  const orgs = new Map<string, Rec>();
  for (const rec of records.organization) {
    const id = str(rec.data.id);
    if (!id) continue;
    if (!orgs.has(id)) orgs.set(id, rec);
  }
  const firstLocation = new Map<string, Rec>();
  for (const rec of records.location) {
    const org = str(rec.data.organization_id);
    if (org && located(rec) && !firstLocation.has(org)) firstLocation.set(org, rec);
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
    const urlKey = str(data.website) !== undefined ? "website" : "url";
    const source = new Provenance(where)
      .set("id", keyOf(where, "id"))
      .set("name", keyOf(where, "name"))
      .set("description", keyOf(where, "description"))
      .set("url", keyOf(where, urlKey));
    const actor = stripUndefined({
      id,
      name,
      type: guessActorType(name, "nonprofit"),
      description: typeof data.description === "string" ? data.description : "",
      tags: [],
      location: loc ? locationOf(loc, source) : undefined,
      attributes: {},
      url: webUrl(str(data[urlKey]), issues, keyOf(where, urlKey)),
    });
    const parsed = parseItem("actors", actor, issues, source);
    if (!parsed) continue;
    bundle.actors.push(parsed);
    origins.add("actors", where.file, where.row);
  }

  // Services, once each.
  const unmapped: UnmappedUnits = new Map();
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
      category = nearestKnownCategory(category, knownCategories);
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
      .map((l) => locations.get(l)?.data)
      .filter((l): l is Record<string, unknown> => !!l);
    const virtual = linked.filter((l) => l.location_type === "virtual").length;
    const modality = linked.length > 0 && virtual === linked.length ? "remote" : virtual > 0 ? "both" : "in_person";
    const capacity = capacityOf(data);
    const offering = stripUndefined({
      id: offeringIds.assign(rawId, where),
      actorId,
      category,
      title: name,
      description: typeof data.description === "string" ? data.description : "",
      capacity: capacity.amount,
      unit: capacity.unit,
      modality,
      reachKm: modality === "remote" ? undefined : reachKm,
      status: "available",
    });
    const provenance = new Provenance(where)
      .set("id", keyOf(where, "id"))
      .set("actorId", keyOf(where, "organization_id"))
      .set("title", keyOf(where, "name"))
      .set("description", keyOf(where, "description"));
    const parsed = parseItem("offerings", offering, issues, provenance);
    if (!parsed) continue;
    bundle.offerings.push(parsed);
    origins.add("offerings", where.file, where.row);
    if (capacity.text !== undefined && capacity.unit === undefined) unmapped.set(parsed, capacity.text);
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
  return { bundle, origins, unmapped };
}
