// A small hand-built ecosystem in the spirit of the sample map: a rural school that needs laptops, a refurbisher
// two ties away through the library, a STEM school and an arts school that could help each other, and items that
// must never match (expired, exhausted, fully committed, closed, out of reach, one's own).
import type { MatchIndexOptions, MatchNeed, MatchOffering, MatchSnapshot } from "../../server/matching";
import type { ActorNode, RelationshipEdge } from "../../server/analysis/graph";
import type { ItemText } from "../../server/matching";

/** Along one meridian a degree of latitude is 6371.0088 * pi / 180 km, whatever haversine's other terms do. */
export const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
export const TODAY = "2025-03-01";

const at = (lat: number, lon: number, region = "Hillside") => ({ lat, lon, region });

export const actors: ActorNode[] = [
  { id: "rural", name: "Hillside Rural School", type: "school", location: at(52.0, 5.0) },
  { id: "byteworks", name: "ByteWorks Refurbish", type: "business", location: at(52.3, 5.0) },
  { id: "library", name: "Riverbend Library", type: "library", location: at(52.15, 5.0) },
  { id: "clinic", name: "Harbour Health Clinic", type: "health_provider", location: at(52.05, 5.05) },
  { id: "techhub", name: "City Tech Hub", type: "business", location: at(53.0, 5.0, "City") },
  { id: "fund", name: "Valley Fund", type: "funder", location: at(52.5, 5.5) },
  { id: "mentors", name: "Brightpath Mentors", type: "business" },
  { id: "town", name: "Town Primary School", type: "school", location: at(52.6, 5.0) },
  { id: "parents", name: "Hillside Parents' Association", type: "family_group", location: at(52.0, 5.0) },
  { id: "stem", name: "Northgate STEM Academy", type: "school", location: at(51.0, 4.0, "Northgate") },
  { id: "stemclub", name: "Northgate Robotics Club", type: "community_group", location: at(51.01, 4.0, "Northgate") },
  { id: "arts", name: "Southside Arts School", type: "school", location: at(51.05, 4.1, "Northgate") },
  { id: "gallery", name: "Southside Gallery", type: "museum", location: at(51.06, 4.1, "Northgate") },
  { id: "lonely", name: "Lonely Trust", type: "nonprofit", location: at(52.0, 6.0) },
];

export const relationships: RelationshipEdge[] = [
  { from: "rural", to: "library", type: "partners_with", weight: 3 },
  { from: "byteworks", to: "library", type: "supplies", weight: 2 },
  { from: "clinic", to: "rural", type: "refers_to", weight: 1 },
  // A second two-tie route from the school to ByteWorks, whose weakest tie (1) is weaker than the library's (2).
  { from: "clinic", to: "byteworks", type: "partners_with", weight: 5 },
  { from: "clinic", to: "techhub", type: "partners_with", weight: 1 },
  { from: "fund", to: "techhub", type: "funds", weight: 1 },
  { from: "parents", to: "rural", type: "member_of", weight: 1 },
  { from: "stemclub", to: "stem", type: "volunteers_at", weight: 2 },
  { from: "gallery", to: "arts", type: "partners_with", weight: 2 },
];

/** Each category's unit, as a map's taxonomy defaults it; items may say otherwise. */
export const UNIT_OF: Readonly<Record<string, string>> = {
  technology: "devices",
  "technology/devices": "devices",
  "technology/software": "items",
  "mentoring/stem": "hours",
  "arts/workshops": "sessions",
  "wellbeing/counselling": "sessions",
  "funding/grants": "EUR",
};

const need = (n: Partial<MatchNeed> & Pick<MatchNeed, "id" | "actorId" | "category" | "title">): MatchNeed => ({
  quantity: 1,
  priority: "medium",
  status: "open",
  unit: UNIT_OF[n.category] ?? "items",
  ...n,
});

export const needs: MatchNeed[] = [
  need({
    id: "n-devices",
    actorId: "rural",
    category: "technology/devices",
    title: "Laptops for pupils",
    quantity: 30,
    priority: "high",
  }),
  need({
    id: "n-closed",
    actorId: "rural",
    category: "technology/devices",
    title: "Tablets for the library corner",
    quantity: 10,
    status: "closed",
  }),
  need({
    id: "n-met",
    actorId: "rural",
    category: "technology/devices",
    title: "Chargers",
    quantity: 10,
    status: "met",
  }),
  need({
    id: "n-rural-grants",
    actorId: "rural",
    category: "funding/grants",
    title: "Grant for a reading corner",
    quantity: 2000,
  }),
  need({
    id: "n-town-devices",
    actorId: "town",
    category: "technology/devices",
    title: "Laptops for the computer room",
    quantity: 20,
  }),
  need({
    id: "n-arts-stem",
    actorId: "arts",
    category: "mentoring/stem",
    title: "Coding and robotics mentoring",
    quantity: 10,
  }),
  need({
    id: "n-stem-arts",
    actorId: "stem",
    category: "arts/workshops",
    title: "Art and drama workshops",
    quantity: 6,
  }),
  need({
    id: "n-parents",
    actorId: "parents",
    category: "wellbeing/counselling",
    title: "Counselling for families",
    quantity: 12,
    priority: "critical",
  }),
  need({
    id: "n-lonely-grants",
    actorId: "lonely",
    category: "funding/grants",
    title: "Grant for a reading programme",
    quantity: 5000,
    priority: "high",
  }),
];

export const offering = (
  o: Partial<MatchOffering> & Pick<MatchOffering, "id" | "actorId" | "category" | "title" | "capacity">,
): MatchOffering => ({ modality: "in_person", status: "available", unit: UNIT_OF[o.category] ?? "items", ...o });

export const offerings: MatchOffering[] = [
  offering({
    id: "o-laptops",
    actorId: "byteworks",
    category: "technology/devices",
    title: "Refurbished laptops",
    capacity: 40,
    reachKm: 80,
  }),
  offering({
    id: "o-tablets",
    actorId: "techhub",
    category: "technology/devices",
    title: "New tablets",
    capacity: 100,
    reachKm: 50,
  }),
  offering({
    id: "o-chromebooks",
    actorId: "techhub",
    category: "technology/devices",
    title: "Chromebooks on loan",
    capacity: 10,
    reachKm: 200,
  }),
  offering({
    id: "o-helpdesk",
    actorId: "techhub",
    category: "technology",
    title: "Remote IT helpdesk",
    capacity: 15,
    // Support hours: a general technology offering, but not in devices.
    unit: "hours",
    modality: "remote",
  }),
  offering({
    id: "o-licences",
    actorId: "mentors",
    category: "technology/software",
    title: "Coding software licences",
    capacity: 50,
    modality: "remote",
  }),
  offering({
    id: "o-expired",
    actorId: "library",
    category: "technology/devices",
    title: "Donated laptops",
    capacity: 5,
    reachKm: 20,
    validUntil: "2025-02-28",
  }),
  offering({
    id: "o-exhausted",
    actorId: "clinic",
    category: "technology/devices",
    title: "Laptops",
    capacity: 8,
    reachKm: 20,
    status: "exhausted",
  }),
  offering({
    id: "o-vouchers",
    actorId: "fund",
    category: "technology/devices",
    title: "Laptop vouchers",
    capacity: 20,
    committed: 20,
    modality: "remote",
    status: "committed",
  }),
  offering({
    id: "o-own",
    actorId: "rural",
    category: "technology/devices",
    title: "Spare projectors",
    capacity: 2,
    reachKm: 10,
  }),
  offering({
    id: "o-stem-mentoring",
    actorId: "stem",
    category: "mentoring/stem",
    title: "Robotics and coding mentoring",
    capacity: 20,
    modality: "both",
    reachKm: 30,
  }),
  offering({
    id: "o-arts-workshops",
    actorId: "arts",
    category: "arts/workshops",
    title: "Drama and painting workshops",
    capacity: 8,
    reachKm: 25,
  }),
  offering({
    id: "o-counselling",
    actorId: "clinic",
    category: "wellbeing/counselling",
    title: "Family counselling sessions",
    capacity: 20,
  }),
  offering({
    id: "o-grants",
    actorId: "fund",
    category: "funding/grants",
    title: "Small grants for reading",
    capacity: 10000,
    modality: "remote",
  }),
];

export const categories = [
  "technology",
  "technology/devices",
  "technology/software",
  "mentoring",
  "mentoring/stem",
  "arts",
  "arts/workshops",
  "wellbeing",
  "wellbeing/counselling",
  "funding",
  "funding/grants",
].map((id) => ({ id }));

export const texts = new Map<string, ItemText>([
  ["n-devices", { description: "Working laptops for year 9 pupils to take home", tags: ["laptops"] }],
  [
    "o-laptops",
    { description: "Refurbished laptops with a charger and a three-year warranty", tags: ["laptops", "refurbished"] },
  ],
  ["o-arts-workshops", { description: "Weekly drama and painting workshops for any school", tags: ["arts", "drama"] }],
  ["o-stem-mentoring", { description: "Our engineers mentor coding and robotics clubs", tags: ["stem", "robotics"] }],
]);

export const underServed = new Map<string, number>([
  ["rural", 0.8],
  ["town", 0.3],
  ["arts", 0.6],
  ["stem", 0.1],
  ["parents", 0.9],
  ["lonely", 1],
]);

export const snapshot: MatchSnapshot = { actors, relationships, needs, offerings, categories };

export const indexOptions: MatchIndexOptions = { texts, underServed, today: TODAY };
