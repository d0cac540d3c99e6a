// Seeded synthetic ecosystems for demos, benchmarks and tests. Ties grow by preferential attachment
// (Barabási & Albert 1999) mostly inside a region, which yields the heavy-tailed degrees and community structure
// of real partnership networks; needs and offerings follow actor types, and offering supply varies by region so
// the gap analysis has real gaps to find. The same options and seed always give the same bundle.
import type { ActorType, Bundle, Priority, RelationshipType } from "../schemas/domain";
import { parentPath } from "../domain/taxonomy";
import { createRng } from "./random";
import type { Rng } from "./random";

export interface GenerateEcosystemOptions {
  actors: number;
  seed?: number;
  /** Average relationships per actor; the bundle holds about actors * relationshipsPerActor ties. */
  relationshipsPerActor?: number;
  /** Number of regions (geographic clusters); default one per 500 actors, at least 1. */
  regions?: number;
  /** Share of ties that stay inside the actor's region. */
  withinRegionShare?: number;
}

export type SyntheticEcosystem = Pick<Bundle, "categories" | "actors" | "relationships" | "needs" | "offerings">;

export const SYNTHETIC_CATEGORIES: ReadonlyArray<{ id: string; name: string; unit: string; scale: number }> = [
  { id: "technology", name: "Technology", unit: "items", scale: 40 },
  { id: "technology/devices", name: "Devices", unit: "devices", scale: 60 },
  { id: "technology/connectivity", name: "Connectivity", unit: "devices", scale: 30 },
  { id: "technology/software", name: "Software", unit: "items", scale: 80 },
  { id: "funding", name: "Funding", unit: "EUR", scale: 20000 },
  { id: "funding/grants", name: "Grants", unit: "EUR", scale: 25000 },
  { id: "funding/scholarships", name: "Scholarships", unit: "places", scale: 10 },
  { id: "mentoring", name: "Mentoring", unit: "hours", scale: 50 },
  { id: "mentoring/career", name: "Career mentoring", unit: "hours", scale: 40 },
  { id: "mentoring/academic", name: "Academic tutoring", unit: "hours", scale: 60 },
  { id: "facilities", name: "Facilities", unit: "sessions", scale: 20 },
  { id: "facilities/space", name: "Space", unit: "sessions", scale: 15 },
  { id: "facilities/transport", name: "Transport", unit: "sessions", scale: 25 },
  { id: "learning_materials", name: "Learning materials", unit: "kits", scale: 50 },
  { id: "learning_materials/books", name: "Books", unit: "items", scale: 300 },
  { id: "learning_materials/stem_kits", name: "STEM kits", unit: "kits", scale: 20 },
  { id: "wellbeing", name: "Wellbeing", unit: "sessions", scale: 30 },
  { id: "wellbeing/nutrition", name: "Nutrition", unit: "meals", scale: 500 },
  { id: "wellbeing/counselling", name: "Counselling", unit: "sessions", scale: 40 },
];

/** Categories whose offerings are physical, hence almost always in person and of limited reach. */
const PHYSICAL = new Set([
  "technology",
  "technology/devices",
  "technology/connectivity",
  "facilities",
  "facilities/space",
  "facilities/transport",
  "learning_materials",
  "learning_materials/books",
  "learning_materials/stem_kits",
  "wellbeing/nutrition",
]);

const TYPE_SHARES: ReadonlyArray<[ActorType, number]> = [
  ["school", 0.34],
  ["nonprofit", 0.12],
  ["business", 0.1],
  ["community_group", 0.08],
  ["individual", 0.07],
  ["family_group", 0.06],
  ["funder", 0.04],
  ["library", 0.04],
  ["health_provider", 0.04],
  ["university", 0.03],
  ["government", 0.03],
  ["museum", 0.03],
  ["other", 0.02],
];

const TYPE_LABELS: Record<ActorType, string> = {
  school: "School",
  university: "University",
  nonprofit: "Foundation",
  business: "Ltd",
  government: "Council",
  community_group: "Community Group",
  family: "Family",
  family_group: "Parents' Association",
  funder: "Fund",
  health_provider: "Health Centre",
  library: "Library",
  museum: "Museum",
  individual: "Volunteer",
  other: "Collective",
};

/** Categories (top-level prefixes) each type typically needs and offers. */
const NEEDS_BY_TYPE: Partial<Record<ActorType, string[]>> = {
  school: ["technology", "funding", "mentoring", "facilities", "learning_materials", "wellbeing"],
  community_group: ["funding", "facilities", "mentoring"],
  family_group: ["learning_materials", "wellbeing", "mentoring"],
  nonprofit: ["funding", "technology", "facilities"],
  library: ["technology", "learning_materials"],
  museum: ["funding", "technology"],
};
const OFFERS_BY_TYPE: Partial<Record<ActorType, string[]>> = {
  business: ["technology", "mentoring", "facilities"],
  university: ["mentoring", "facilities", "technology"],
  nonprofit: ["mentoring", "learning_materials", "wellbeing"],
  funder: ["funding"],
  government: ["funding", "facilities"],
  library: ["facilities", "learning_materials", "technology"],
  museum: ["learning_materials", "facilities"],
  health_provider: ["wellbeing"],
  individual: ["mentoring"],
  community_group: ["facilities", "wellbeing"],
};

const REGION_PREFIXES = ["North", "South", "East", "West", "Upper", "Lower", "Greater", "New", "Old", "Port"];
const REGION_BASES = [
  "Alder",
  "Brook",
  "Cedar",
  "Dale",
  "Elm",
  "Fern",
  "Glen",
  "Harbor",
  "Ivy",
  "Juniper",
  "Kestrel",
  "Linden",
  "Maple",
  "Oak",
  "Pine",
  "Quarry",
  "River",
  "Stone",
  "Thorn",
  "Willow",
];

const PRIORITY_SHARES: ReadonlyArray<[Priority, number]> = [
  ["low", 0.2],
  ["medium", 0.4],
  ["high", 0.28],
  ["critical", 0.12],
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function pickShare<T>(rng: Rng, shares: ReadonlyArray<[T, number]>): T {
  let r = rng();
  for (const [item, share] of shares) {
    r -= share;
    if (r < 0) return item;
  }
  return shares[shares.length - 1]![0];
}

/** Standard normal by Box-Muller. */
function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function pad(i: number): string {
  return String(i).padStart(6, "0");
}

/** A category under the given top-level prefix: the prefix itself one time in four, otherwise a child. */
function categoryUnder(rng: Rng, prefix: string): (typeof SYNTHETIC_CATEGORIES)[number] {
  const children = SYNTHETIC_CATEGORIES.filter((c) => c.id.startsWith(`${prefix}/`));
  if (rng() < 0.25 || children.length === 0) return SYNTHETIC_CATEGORIES.find((c) => c.id === prefix)!;
  return pick(rng, children);
}

/** Who gives to whom for a pair of actor types, so tie types read naturally (funders fund, universities mentor). */
function tieFor(rng: Rng, a: ActorType, b: ActorType): { type: RelationshipType; giverFirst: boolean } {
  const rules: ReadonlyArray<[ActorType, RelationshipType]> = [
    ["funder", "funds"],
    ["government", "funds"],
    ["university", "mentors"],
    ["business", "supplies"],
    ["individual", "volunteers_at"],
    ["family_group", "member_of"],
    ["health_provider", "refers_to"],
  ];
  for (const [giver, type] of rules) {
    if (a === giver && b !== giver && rng() < 0.8) return { type, giverFirst: true };
    if (b === giver && a !== giver && rng() < 0.8) return { type, giverFirst: false };
  }
  return { type: "partners_with", giverFirst: true };
}

export function generateEcosystem(options: GenerateEcosystemOptions): SyntheticEcosystem {
  const n = options.actors;
  if (!Number.isInteger(n) || n < 0) throw new Error(`generateEcosystem: actors must be a non-negative integer`);
  const rng = createRng(options.seed ?? 1);
  const perActor = options.relationshipsPerActor ?? 5;
  const regionCount = Math.max(1, options.regions ?? Math.round(n / 500));
  const within = options.withinRegionShare ?? 0.85;

  const regions = Array.from({ length: regionCount }, (_, r) => {
    const base = `${REGION_PREFIXES[r % REGION_PREFIXES.length]} ${REGION_BASES[Math.floor(r / REGION_PREFIXES.length) % REGION_BASES.length]}`;
    const round = Math.floor(r / (REGION_PREFIXES.length * REGION_BASES.length));
    return {
      name: round > 0 ? `${base} ${round + 1}` : base,
      lat: 42 + rng() * 14,
      lon: -4 + rng() * 26,
      // Some regions are well served, others starved: the gap analysis needs contrast to show anything.
      richness: 0.2 + rng() * 1.3,
      members: [] as number[],
      endpoints: [] as number[],
    };
  });

  const actors: SyntheticEcosystem["actors"] = [];
  const actorRegion = new Int32Array(n);
  const types: ActorType[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rng() * regionCount);
    const region = regions[r]!;
    const type = pickShare(rng, TYPE_SHARES);
    actorRegion[i] = r;
    types.push(type);
    region.members.push(i);
    const actor: SyntheticEcosystem["actors"][number] = {
      id: `a-${pad(i)}`,
      name: `${region.name.split(" ").pop()} ${TYPE_LABELS[type]} ${region.members.length}`,
      type,
      description: "",
      tags: [],
      attributes: type === "school" ? { students: 80 + Math.floor(rng() * 1200) } : {},
    };
    // A few actors have no known location, as in real data; analyses must cope.
    if (rng() >= 0.02) {
      actor.location = {
        lat: Math.max(-90, Math.min(90, region.lat + gaussian(rng) * 0.18)),
        lon: Math.max(-180, Math.min(180, region.lon + gaussian(rng) * 0.25)),
        region: region.name,
      };
    }
    actors.push(actor);
  }

  const relationships: SyntheticEcosystem["relationships"] = [];
  const seen = new Set<number>();
  const globalEndpoints: number[] = [];
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // Actors join one at a time and tie to earlier ones chosen in proportion to their degree (endpoint lists hold
  // each node once per tie, plus once on arrival so newcomers can be chosen at all).
  for (const v of order) {
    const region = regions[actorRegion[v]!]!;
    // Exponentially distributed tie counts: most actors have a few ties, some one or none (the pendants and
    // isolates that make cut points and bridges), a few many.
    const want = Math.round(-Math.log(1 - rng()) * perActor);
    let made = 0;
    for (let attempt = 0; made < want && attempt < want * 4; attempt++) {
      const pool = region.endpoints.length > 0 && rng() < within ? region.endpoints : globalEndpoints;
      if (pool.length === 0) break;
      const u = pool[Math.floor(rng() * pool.length)]!;
      if (u === v) continue;
      const key = Math.min(u, v) * n + Math.max(u, v);
      if (seen.has(key)) continue;
      seen.add(key);
      const { type, giverFirst } = tieFor(rng, types[u]!, types[v]!);
      const [from, to] = giverFirst ? [u, v] : [v, u];
      const weight = 1 + Math.floor(-Math.log(1 - rng()) * 2);
      const relationship: SyntheticEcosystem["relationships"][number] = {
        id: `r-${pad(relationships.length)}`,
        from: actors[from]!.id,
        to: actors[to]!.id,
        type,
        weight,
      };
      if (type === "funds") relationship.amount = Math.round(Math.exp(8 + gaussian(rng) * 1.2));
      relationships.push(relationship);
      const uRegion = regions[actorRegion[u]!]!;
      uRegion.endpoints.push(u);
      region.endpoints.push(v);
      globalEndpoints.push(u, v);
      made++;
    }
    region.endpoints.push(v);
    globalEndpoints.push(v);
  }

  const needs: SyntheticEcosystem["needs"] = [];
  const offerings: SyntheticEcosystem["offerings"] = [];
  for (let i = 0; i < n; i++) {
    const type = types[i]!;
    const region = regions[actorRegion[i]!]!;
    const needPrefixes = NEEDS_BY_TYPE[type];
    if (needPrefixes) {
      const count = type === "school" ? 1 + Math.floor(rng() * 4) : rng() < 0.5 ? 1 : 0;
      for (let c = 0; c < count; c++) {
        const category = categoryUnder(rng, pick(rng, needPrefixes));
        const statusRoll = rng();
        needs.push({
          id: `n-${pad(needs.length)}`,
          actorId: actors[i]!.id,
          category: category.id,
          title: `${category.name} for ${actors[i]!.name}`,
          description: "",
          quantity: Math.max(1, Math.round(category.scale * (0.2 + rng() * 1.6))),
          unit: category.unit,
          priority: pickShare(rng, PRIORITY_SHARES),
          status:
            statusRoll < 0.6 ? "open" : statusRoll < 0.75 ? "partially_met" : statusRoll < 0.95 ? "met" : "closed",
        });
      }
    }
    const offerPrefixes = OFFERS_BY_TYPE[type];
    if (offerPrefixes) {
      const expected = region.richness * 1.4;
      const count = Math.floor(expected) + (rng() < expected - Math.floor(expected) ? 1 : 0);
      for (let c = 0; c < count; c++) {
        const category = categoryUnder(rng, pick(rng, offerPrefixes));
        // Things that must be delivered or visited are in person; advice and money travel.
        const modalityRoll = rng();
        const physical = PHYSICAL.has(category.id);
        const modality = physical
          ? "in_person"
          : modalityRoll < 0.4
            ? "in_person"
            : modalityRoll < 0.75
              ? "remote"
              : "both";
        const statusRoll = rng();
        const offering: SyntheticEcosystem["offerings"][number] = {
          id: `o-${pad(offerings.length)}`,
          actorId: actors[i]!.id,
          category: category.id,
          title: `${category.name} from ${actors[i]!.name}`,
          description: "",
          capacity: Math.max(1, Math.round(category.scale * (0.5 + rng() * 3))),
          unit: category.unit,
          modality,
          status: statusRoll < 0.75 ? "available" : statusRoll < 0.9 ? "committed" : "exhausted",
        };
        if (physical || (modality !== "remote" && rng() < 0.9)) offering.reachKm = 5 + Math.round(rng() * 35);
        offerings.push(offering);
      }
    }
  }

  const categories: SyntheticEcosystem["categories"] = SYNTHETIC_CATEGORIES.map(({ id, name }) => {
    const parent = parentPath(id);
    return parent === null ? { id, name } : { id, name, parent };
  });

  return { categories, actors, relationships, needs, offerings };
}
