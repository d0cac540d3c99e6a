// Pure helpers of the survey page: the drafts a form starts from, the answers a draft sends (complete rows only) and
// what each row still lacks, and where the server's field errors belong.
import { surveyMessages as msg } from "./messages";
import type {
  Answers,
  Drafts,
  FieldErrors,
  Frequency,
  NeedAnswer,
  NeedDraft,
  OfferingAnswer,
  OfferingDraft,
  PartnerAnswer,
  PartnerDraft,
  Rating,
  RespondentForm,
  RowKeys,
  Section,
} from "./types";

export const FREQUENCIES: readonly Frequency[] = ["weekly", "monthly", "quarterly", "yearly"];
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];
/** PARTNER's trust and value scales have three items each. */
export const RATING_ITEMS = 3;

/**
 * The token of a respondent's link: `/survey/<token>`, or `?respond=<token>` on any page (the form the API's links
 * take); null when the address is not a survey's.
 */
export function surveyTokenFromLocation(pathname: string, search = ""): string | null {
  const match = /^\/survey\/([^/]+)\/?$/.exec(pathname);
  if (match)
    try {
      return decodeURIComponent(match[1]!);
    } catch {
      return null;
    }
  return new URLSearchParams(search).get("respond") || null;
}

let lastKey = 0;
/** Rows keep one key for their life, so errors and focus follow a row when others are removed. */
export const newKey = (section: Section) => `${section}-${++lastKey}`;

export const getEmptyDrafts = (): Drafts => ({ partners: [], needs: [], offerings: [] });

/** A saved scale answer as the page's 1-4 choice (the schema checks it as an integer from 1 to 4). */
const asRating = (n: number): Rating | null => ((RATINGS as readonly number[]).includes(n) ? (n as Rating) : null);
const blankRatings = (): (Rating | null)[] => Array.from({ length: RATING_ITEMS }, () => null);

export const newPartner = (actorId: string): PartnerDraft => ({
  key: newKey("partners"),
  actorId,
  type: "partners_with",
  frequency: "",
  strength: null,
  trust: blankRatings(),
  value: blankRatings(),
});

export const newNeed = (): NeedDraft => ({
  key: newKey("needs"),
  category: "",
  title: "",
  quantity: "",
  unit: "",
  priority: "medium",
  description: "",
});

export const newOffering = (): OfferingDraft => ({
  key: newKey("offerings"),
  category: "",
  title: "",
  capacity: "",
  unit: "",
  modality: "in_person",
  reachKm: "",
  description: "",
});

/**
 * Before the first save the form starts from what the map already holds about the organisation (its needs, offerings
 * and ties to roster members), so it corrects rather than retypes; after that, from the saved draft.
 */
export const startsFromMap = (form: RespondentForm): boolean =>
  !form.respondent.savedAt && form.respondent.status === "not_opened";

/** A need as a form row: one the map holds (its id kept, so the editor sees a correction) or one answered before. */
const needDraft = (n: NeedAnswer): NeedDraft => ({
  key: newKey("needs"),
  ...(n.id ? { id: n.id } : {}),
  category: n.category,
  title: n.title,
  quantity: String(n.quantity),
  unit: n.unit ?? "",
  priority: n.priority,
  description: n.description ?? "",
});

/** An offering as a form row, as needDraft. */
const offeringDraft = (o: OfferingAnswer): OfferingDraft => ({
  key: newKey("offerings"),
  ...(o.id ? { id: o.id } : {}),
  category: o.category,
  title: o.title,
  capacity: String(o.capacity),
  unit: o.unit ?? "",
  modality: o.modality,
  reachKm: o.reachKm === undefined ? "" : String(o.reachKm),
  description: o.description ?? "",
});

export function draftsFromForm(form: RespondentForm): Drafts {
  const onRoster = new Set(form.roster.map((r) => r.id));
  if (startsFromMap(form)) {
    const { current } = form;
    return {
      partners: current.partners
        .filter((p) => onRoster.has(p.actorId))
        .map((p) => ({ ...newPartner(p.actorId), type: p.type })),
      needs: current.needs.map(needDraft),
      offerings: current.offerings.map(offeringDraft),
    };
  }
  const { answers } = form;
  return {
    partners: answers.partners.map((p) => ({
      key: newKey("partners"),
      actorId: p.actorId,
      type: p.type,
      frequency: p.frequency,
      strength: asRating(p.strength),
      trust: p.trust ? p.trust.map(asRating) : blankRatings(),
      value: p.value ? p.value.map(asRating) : blankRatings(),
    })),
    needs: answers.needs.map(needDraft),
    offerings: answers.offerings.map(offeringDraft),
  };
}

/** The key of a field's error, and (with dots as dashes) the id of its control. */
export const errorKey = (section: Section, rowKey: string, field: string) => `${section}.${rowKey}.${field}`;
export const controlId = (key: string) => `sv-${key.replace(/\./g, "-")}`;

const positive = (text: string): number | null => {
  const n = Number(text.trim().replace(",", "."));
  return text.trim() !== "" && Number.isFinite(n) && n > 0 ? n : null;
};
const nonNegative = (text: string): number | null | undefined => {
  if (text.trim() === "") return undefined;
  const n = Number(text.trim().replace(",", "."));
  return Number.isFinite(n) && n >= 0 ? n : null;
};
/** A scale is sent only once all its items are answered (the contract takes three or none). */
const fullScale = (items: (Rating | null)[]) =>
  items.length === RATING_ITEMS && items.every((r) => r !== null) ? (items as [Rating, Rating, Rating]) : undefined;

export interface Outgoing {
  answers: Answers;
  rows: RowKeys;
  /** What incomplete rows lack, by error key; those rows are left out of `answers`. */
  problems: FieldErrors;
}

/**
 * The answers a draft sends. Saving as it goes sends the complete rows only, so a half-filled row never blocks the
 * save of the rest; submitting asks for `problems` to be empty first. Sections the survey does not ask are empty.
 */
export function toAnswers(drafts: Drafts, questions: RespondentForm["survey"]["questions"]): Outgoing {
  const answers: Answers = { partners: [], needs: [], offerings: [] };
  const rows: RowKeys = { partners: [], needs: [], offerings: [] };
  const problems: FieldErrors = {};
  const lack = (section: Section, key: string, field: string, message: string) =>
    void (problems[errorKey(section, key, field)] = message);

  if (questions.partners)
    for (const p of drafts.partners) {
      if (!p.frequency) lack("partners", p.key, "frequency", msg.chooseFrequency);
      if (!p.strength) lack("partners", p.key, "strength", msg.chooseStrength);
      if (!p.frequency || !p.strength) continue;
      const answer: PartnerAnswer = { actorId: p.actorId, type: p.type, frequency: p.frequency, strength: p.strength };
      const trust = questions.ratings ? fullScale(p.trust) : undefined;
      const value = questions.ratings ? fullScale(p.value) : undefined;
      answers.partners.push({ ...answer, ...(trust ? { trust } : {}), ...(value ? { value } : {}) });
      rows.partners.push(p.key);
    }

  if (questions.needs)
    for (const n of drafts.needs) {
      const quantity = positive(n.quantity);
      if (!n.category) lack("needs", n.key, "category", msg.chooseCategory);
      if (!n.title.trim()) lack("needs", n.key, "title", msg.enterTitle);
      if (quantity === null) lack("needs", n.key, "quantity", msg.enterAmount);
      if (!n.category || !n.title.trim() || quantity === null) continue;
      answers.needs.push({
        ...(n.id ? { id: n.id } : {}),
        category: n.category,
        title: n.title.trim(),
        quantity,
        ...(n.unit ? { unit: n.unit } : {}),
        priority: n.priority,
        ...(n.description ? { description: n.description } : {}),
      });
      rows.needs.push(n.key);
    }

  if (questions.offerings)
    for (const o of drafts.offerings) {
      const capacity = positive(o.capacity);
      const reachKm = nonNegative(o.reachKm);
      if (!o.category) lack("offerings", o.key, "category", msg.chooseCategory);
      if (!o.title.trim()) lack("offerings", o.key, "title", msg.enterTitle);
      if (capacity === null) lack("offerings", o.key, "capacity", msg.enterAmount);
      if (reachKm === null) lack("offerings", o.key, "reachKm", msg.enterReach);
      if (!o.category || !o.title.trim() || capacity === null || reachKm === null) continue;
      answers.offerings.push({
        ...(o.id ? { id: o.id } : {}),
        category: o.category,
        title: o.title.trim(),
        capacity,
        ...(o.unit ? { unit: o.unit } : {}),
        modality: o.modality,
        ...(reachKm === undefined ? {} : { reachKm }),
        ...(o.description ? { description: o.description } : {}),
      });
      rows.offerings.push(o.key);
    }

  return { answers, rows, problems };
}

/** The fields each row has a control for (and so a place for its error). */
const CONTROLS: Record<Section, string[]> = {
  partners: ["type", "frequency", "strength", "trust", "value"],
  needs: ["category", "title", "quantity", "unit", "priority"],
  offerings: ["category", "title", "capacity", "unit", "modality", "reachKm"],
};

/**
 * The server names a refused field by its path in the answers (`answers.partners.2.strength`, or `partners[2].strength`
 * as the validator writes it); this finds the row that answer came from. What names no row goes to `form`.
 */
export function placeIssues(issues: { field: string; message: string }[], rows: RowKeys): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.field
      .replace(/\[(\d+)\]/g, ".$1")
      .replace(/^(body|answers)\./, "")
      .split(".");
    const [section, index, ...rest] = path;
    const rowKey = section && section in rows ? rows[section as Section][Number(index)] : undefined;
    // A field the row shows no control for (a partner's actorId, an item's id) is told on the row itself.
    const field = rest[0] && CONTROLS[section as Section].includes(rest[0]) ? rest.join(".") : "row";
    const key = rowKey ? errorKey(section as Section, rowKey, field) : "form";
    errors[key] = errors[key] ? `${errors[key]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/** Errors of one row field (and of its items: `trust.1` belongs to `trust`) are dropped once the field is edited. */
export function withoutErrors(errors: FieldErrors, prefix: string): FieldErrors {
  const kept = Object.entries(errors).filter(([k]) => k !== prefix && !k.startsWith(`${prefix}.`));
  return kept.length === Object.keys(errors).length ? errors : Object.fromEntries(kept);
}

export const isClosed = (form: RespondentForm, now: number = Date.now()): boolean =>
  form.survey.closed || Date.parse(form.survey.closesAt) <= now;

/** Taxonomy entries in tree order, each with the names of its lineage (`Technology`, `Devices`) for its label. */
export function categoryOptions(taxonomy: RespondentForm["taxonomy"]): { id: string; lineage: string[] }[] {
  const names = new Map(taxonomy.map((c) => [c.id, c.name]));
  const lineage = (id: string) =>
    id
      .split("/")
      .map((_, i, parts) => parts.slice(0, i + 1).join("/"))
      .map((path) => names.get(path))
      .filter((name): name is string => name !== undefined);
  return [...taxonomy].sort((a, b) => a.id.localeCompare(b.id)).map((c) => ({ id: c.id, lineage: lineage(c.id) }));
}

/** Roster members whose name contains every word typed, ignoring case and accents. */
export function matchRoster<T extends { name: string }>(items: readonly T[], query: string, limit = 8): T[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  const hits = words.length ? items.filter((i) => words.every((w) => fold(i.name).includes(w))) : items;
  return hits.slice(0, limit);
}
