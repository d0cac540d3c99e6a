// Actor and relationship types as other tools write them: the labels exports use, the synonyms imports accept
// ("Foundation" -> funder, "Grant" -> funds), and a guess from an organisation's name for formats without types.
import { ACTOR_TYPES, RELATIONSHIP_TYPES, type ActorType, type RelationshipType } from "../domain/vocabulary";

/** How a type reads in a spreadsheet: exports write these, imports read them back (case-insensitively). */
export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  school: "School",
  university: "University",
  nonprofit: "Nonprofit",
  business: "Business",
  government: "Government",
  community_group: "Community group",
  family: "Family",
  family_group: "Family group",
  funder: "Funder",
  health_provider: "Health provider",
  library: "Library",
  museum: "Museum",
  individual: "Individual",
  other: "Other",
};

export const RELATIONSHIP_TYPE_LABELS: Record<RelationshipType, string> = {
  partners_with: "Partners with",
  funds: "Funds",
  mentors: "Mentors",
  supplies: "Supplies",
  member_of: "Member of",
  refers_to: "Refers to",
  volunteers_at: "Volunteers at",
};

const ACTOR_SYNONYMS: Record<ActorType, string[]> = {
  school: [
    "primary school",
    "elementary school",
    "middle school",
    "high school",
    "secondary school",
    "academy",
    "k12",
    "k 12",
    "charter school",
    "kindergarten",
    "preschool",
  ],
  university: ["college", "community college", "higher education", "institute"],
  nonprofit: [
    "non profit",
    "not for profit",
    "ngo",
    "npo",
    "charity",
    "nonprofit organization",
    "nonprofit organisation",
  ],
  business: ["company", "firm", "corporation", "employer", "enterprise", "corporate", "private sector", "for profit"],
  government: [
    "public agency",
    "agency",
    "local authority",
    "local government",
    "public sector",
    "municipality",
    "ministry",
    "department",
    "school district",
    "education office",
  ],
  community_group: [
    "community organization",
    "community organisation",
    "association",
    "club",
    "cbo",
    "grassroots group",
    "community",
  ],
  family: ["families", "household", "parent", "guardian", "carer"],
  family_group: ["parent group", "parents group", "parents", "pta", "pto", "parent association"],
  funder: [
    "foundation",
    "donor",
    "grantmaker",
    "grant maker",
    "philanthropy",
    "philanthropic",
    "trust",
    "funding organisation",
    "funding organization",
  ],
  health_provider: [
    "health",
    "clinic",
    "hospital",
    "healthcare",
    "health care",
    "medical",
    "health centre",
    "health center",
  ],
  library: ["public library", "libraries"],
  museum: ["gallery", "science centre", "science center"],
  individual: ["person", "people", "volunteer", "expert"],
  other: [],
};

const RELATIONSHIP_SYNONYMS: Record<RelationshipType, string[]> = {
  partners_with: [
    "partner",
    "partners",
    "partnership",
    "collaboration",
    "collaborates with",
    "collaborator",
    "works with",
    "alliance",
  ],
  funds: [
    "funding",
    "funder",
    "fund",
    "grant",
    "grants",
    "donates",
    "donation",
    "sponsors",
    "sponsorship",
    "invests in",
  ],
  mentors: ["mentoring", "mentorship", "mentor", "coaches", "coaching"],
  supplies: ["supply", "supplier", "provides", "provides to", "in kind", "delivers"],
  member_of: ["member", "membership", "belongs to", "part of"],
  refers_to: ["referral", "refers", "refer", "referrals"],
  volunteers_at: ["volunteering", "volunteer", "volunteers"],
};

/** Lower case, punctuation and '_' as spaces: "Community_Group", "community group" and "Community-group" are one key. */
export function typeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function synonymTable<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
  synonyms: Record<T, string[]>,
) {
  const table = new Map<string, T>();
  for (const value of values) {
    table.set(typeKey(value), value);
    table.set(typeKey(labels[value]), value);
    for (const s of synonyms[value] ?? []) table.set(typeKey(s), value);
  }
  return table;
}

const ACTOR_TABLE = synonymTable(ACTOR_TYPES, ACTOR_TYPE_LABELS, ACTOR_SYNONYMS);
const RELATIONSHIP_TABLE = synonymTable(RELATIONSHIP_TYPES, RELATIONSHIP_TYPE_LABELS, RELATIONSHIP_SYNONYMS);
const ACTOR_EXACT = synonymTable(ACTOR_TYPES, ACTOR_TYPE_LABELS, {} as Record<ActorType, string[]>);
const RELATIONSHIP_EXACT = synonymTable(
  RELATIONSHIP_TYPES,
  RELATIONSHIP_TYPE_LABELS,
  {} as Record<RelationshipType, string[]>,
);

/** An actor type from another tool's vocabulary ("Foundation" -> funder); undefined when unknown. */
export function actorTypeFrom(text: string): ActorType | undefined {
  return ACTOR_TABLE.get(typeKey(text));
}

export function relationshipTypeFrom(text: string): RelationshipType | undefined {
  return RELATIONSHIP_TABLE.get(typeKey(text));
}

/** Only the type's own name or label, in any case ("Community group", "community_group"): for Atlas's own CSV. */
export function actorTypeExact(text: string): ActorType | undefined {
  return ACTOR_EXACT.get(typeKey(text));
}

export function relationshipTypeExact(text: string): RelationshipType | undefined {
  return RELATIONSHIP_EXACT.get(typeKey(text));
}

const NAME_RULES: ReadonlyArray<[RegExp, ActorType]> = [
  [/\b(school district|education office|department of|city of|county of|ministry)\b/i, "government"],
  [/\b(school|academy|elementary|primary|kindergarten|preschool|k-?12)\b/i, "school"],
  [/\b(university|college)\b/i, "university"],
  [/\blibrar(y|ies)\b/i, "library"],
  [/\b(museum|science cent(er|re)|gallery)\b/i, "museum"],
  [/\b(health|clinic|hospital|medical|counsel+ing|therapy)\b/i, "health_provider"],
];

/** The type an organisation's name suggests (a school, a library...), else `fallback`: for formats without types. */
export function guessActorType(name: string, fallback: ActorType): ActorType {
  for (const [pattern, type] of NAME_RULES) if (pattern.test(name)) return type;
  return fallback;
}
