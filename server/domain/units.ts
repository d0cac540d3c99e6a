// Units of quantity. A need for 30 laptops and an offering of 25 broadband vouchers are not comparable, so every
// need and offering carries a unit from one small list, and amounts of different units are never added,
// compared, matched or allocated against each other. Money is a currency written as its ISO 4217 code.
import { parentPath } from "./taxonomy";

export const COUNT_UNITS = ["devices", "hours", "sessions", "meals", "people", "places", "kits", "items"] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];
/** A count unit, or a currency as its upper-case ISO 4217 code (USD, EUR, GBP...). */
export type Unit = CountUnit | (string & {});

/** ISO 4217 codes, as the platform's Intl knows them. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));
/** What an item without a recognisable unit is counted in. */
export const FALLBACK_UNIT: CountUnit = "items";

export function isCurrency(unit: string): boolean {
  return CURRENCIES.has(unit);
}

export function isUnit(unit: string): unit is Unit {
  return (COUNT_UNITS as readonly string[]).includes(unit) || isCurrency(unit);
}

/** "30 devices", "1 place", "USD 5,000". */
export function formatAmount(amount: number, unit: string): string {
  const n = amount.toLocaleString("en", { maximumFractionDigits: 2 });
  if (isCurrency(unit)) return `${unit} ${n}`;
  return `${n} ${amount === 1 && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;
}

// Words people write for amounts, mapped to the list. Rates ("hours/week") keep their unit: the amount is
// what one period holds. Checked first word by word, so "hours per week" and "laptops (refurbished)" map too.
const UNIT_WORDS: Readonly<Record<string, CountUnit>> = {
  device: "devices",
  laptop: "devices",
  computer: "devices",
  chromebook: "devices",
  tablet: "devices",
  ipad: "devices",
  hotspot: "devices",
  router: "devices",
  phone: "devices",
  hour: "hours",
  hr: "hours",
  session: "sessions",
  class: "sessions",
  workshop: "sessions",
  visit: "sessions",
  event: "sessions",
  performance: "sessions",
  residency: "sessions",
  "field day": "sessions",
  trip: "sessions",
  club: "sessions",
  evening: "sessions",
  day: "sessions",
  repair: "sessions",
  meal: "meals",
  lunch: "meals",
  breakfast: "meals",
  snack: "meals",
  person: "people",
  people: "people",
  student: "people",
  pupil: "people",
  learner: "people",
  kid: "people",
  youth: "people",
  tutor: "people",
  patient: "people",
  child: "people",
  children: "people",
  adult: "people",
  family: "people",
  families: "people",
  volunteer: "people",
  mentor: "people",
  teacher: "people",
  counsellor: "people",
  counselor: "people",
  participant: "people",
  staff: "people",
  place: "places",
  seat: "places",
  slot: "places",
  scholarship: "places",
  internship: "places",
  placement: "places",
  room: "places",
  kit: "kits",
  backpack: "kits",
  box: "kits",
  hamper: "kits",
  pack: "kits",
  item: "items",
  book: "items",
  instrument: "items",
  pass: "items",
  voucher: "items",
  dictionary: "items",
  route: "items",
  pantry: "items",
  loaf: "items",
  kg: "items",
};
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY" };

function singular(word: string): string {
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("ves")) return `${word.slice(0, -3)}f`;
  if (word.endsWith("ches") || word.endsWith("xes") || word.endsWith("sses")) return word.slice(0, -2);
  return word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

/** The unit a free-text unit names ("laptops", "hours/week", "USD", "$"), or undefined when none is clear. */
export function unitFromText(text: string): Unit | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (isCurrency(trimmed)) return trimmed;
  if (isUnit(trimmed.toLowerCase())) return trimmed.toLowerCase();
  if (CURRENCY_SYMBOLS[trimmed]) return CURRENCY_SYMBOLS[trimmed];
  const code = /^([A-Za-z]{3})\b/.exec(trimmed)?.[1]?.toUpperCase();
  if (code && isCurrency(code) && !UNIT_WORDS[code.toLowerCase()]) return code;
  const lower = trimmed.toLowerCase();
  for (const [phrase, unit] of Object.entries(UNIT_WORDS))
    if (phrase.includes(" ") && lower.includes(phrase)) return unit;
  for (const word of lower.split(/[^a-z]+/)) {
    if (!word) continue;
    const unit = UNIT_WORDS[word] ?? UNIT_WORDS[singular(word)];
    if (unit) return unit;
  }
  return undefined;
}

/** The counted units and the currencies most maps use, for pickers; any other ISO 4217 code is valid too. */
export const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD"] as const;

/** What the schemas say when a unit is not on the list. */
export const UNIT_MESSAGE = `must be one of ${COUNT_UNITS.join(", ")}, or a currency as its ISO 4217 code (USD, EUR, GBP...)`;

/** Every valid unit, for queries that keep the list as a parameter. */
export function allUnits(): string[] {
  return [...COUNT_UNITS, ...CURRENCIES];
}

/**
 * The unit an item of `category` is counted in when it names none: the unit of the category or of its nearest
 * ancestor that has one, else FALLBACK_UNIT. `units` holds the categories' own default units, by id.
 */
export function defaultUnitFor(category: string, units: ReadonlyMap<string, string | undefined>): Unit {
  for (let path: string | null = category; path !== null; path = parentPath(path)) {
    const unit = units.get(path);
    if (unit && isUnit(unit)) return unit;
  }
  return FALLBACK_UNIT;
}

/** A stored unit as it must be: kept when valid, else mapped from its text, else the category's default. */
export function migratedUnit(
  stored: string | null | undefined,
  category: string,
  units: ReadonlyMap<string, string | undefined>,
): Unit {
  if (stored && isUnit(stored)) return stored;
  return (stored ? unitFromText(stored) : undefined) ?? defaultUnitFor(category, units);
}
