// Pure helpers of the editor's side of surveys: the empty draft, the body it sends, who its roster will hold, the
// figures of a survey's page, and the sentences that say where a need, offering or tie came from.
import type { Actor, Relationship } from "../../../../server/schemas/domain";
import type { Change, Provenance, Respondent, RosterFilter, SurveyCreate, SurveyDraft } from "./types";

const DAY = 86_400_000;

/** Surveys are their map's members' business (viewers read them): link visitors and the public do not see them. */
export const isMemberReach = (reach: string | undefined): boolean =>
  reach === "viewer" || reach === "editor" || reach === "owner";

/** Two weeks from today, as a day. */
export function getEmptySurveyDraft(now: number = Date.now()): SurveyDraft {
  return {
    title: "",
    intro: "",
    closesOn: dayOf(new Date(now + 14 * DAY).toISOString()),
    questions: { partners: true, needs: true, offerings: true, ratings: false },
    types: [],
    regions: [],
    tags: [],
    actorIds: [],
  };
}

/** Only the filters given: the server reads an empty list as "matches nothing", not as "no filter". */
export function rosterFilterOf(d: Pick<SurveyDraft, "types" | "regions" | "tags" | "actorIds">): RosterFilter {
  return {
    ...(d.actorIds.length ? { actorIds: d.actorIds } : {}),
    ...(d.types.length ? { types: d.types } : {}),
    ...(d.regions.length ? { regions: d.regions } : {}),
    ...(d.tags.length ? { tags: d.tags } : {}),
  };
}

/** A survey closes at the end of the chosen day (`YYYY-MM-DD`), in the editor's time zone. */
export function endOfDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d!, 23, 59, 59).toISOString();
}

/** The day (`YYYY-MM-DD`, the editor's time zone) a moment falls on: what a date field shows of a closing time. */
export function dayOf(iso: string): string {
  const t = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}`;
}

/** A new round's closing day: the survey's own while still ahead, else two weeks from today. */
export function roundClosingDay(closesAt: string, now: number = Date.now()): string {
  return Date.parse(closesAt) > now ? dayOf(closesAt) : dayOf(new Date(now + 14 * DAY).toISOString());
}

export function toSurveyCreate(d: SurveyDraft): SurveyCreate {
  return {
    title: d.title.trim(),
    intro: d.intro.trim(),
    closesAt: endOfDay(d.closesOn),
    questions: d.questions,
    roster: rosterFilterOf(d),
  };
}

/** What the form still lacks before it can be sent, by field; empty when it can be. */
export function draftProblems(d: SurveyDraft, rosterSize: number, now: number = Date.now()): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.title.trim()) out.title = "Give the survey a title.";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.closesOn)) out.closesOn = "Choose the day the survey closes.";
  else if (Date.parse(endOfDay(d.closesOn)) <= now) out.closesOn = "The closing day has passed.";
  if (!Object.values(d.questions).some(Boolean)) out.questions = "Ask at least one question.";
  else if (d.questions.ratings && !d.questions.partners) out.questions = "Ratings are asked about partners.";
  if (rosterSize === 0) out.roster = "The roster holds no actor: pick some, or filter by type, region or tag.";
  return out;
}

/** The actors the server will put on the roster: those named, and those matching every filter given (survey-roster). */
export function rosterOf(actors: Iterable<Actor>, filter: RosterFilter): Actor[] {
  const named = new Set(filter.actorIds ?? []);
  const filtered = !!(filter.types || filter.regions || filter.tags);
  const out: Actor[] = [];
  for (const a of actors) {
    const matches =
      filtered &&
      (!filter.types || filter.types.includes(a.type)) &&
      (!filter.regions || (!!a.location?.region && filter.regions.includes(a.location.region))) &&
      (!filter.tags || a.tags.some((t) => filter.tags!.includes(t)));
    if (named.has(a.id) || matches) out.push(a);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Every tag on the map, sorted. */
export function tagsOf(actors: Iterable<Actor>): string[] {
  const tags = new Set<string>();
  for (const a of actors) for (const t of a.tags) tags.add(t);
  return [...tags].sort((a, b) => a.localeCompare(b));
}

export const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/**
 * How far a respondent got, and since when: "submitted 3 Mar 2026", "started" (saved a draft), "opened" (the link
 * was followed: the server's status stays not_opened until a first save), "not opened".
 */
export function progressOf(r: Pick<Respondent, "status" | "openedAt" | "savedAt" | "submittedAt">): {
  label: string;
  since?: string;
} {
  if (r.status === "submitted") return { label: "submitted", since: r.submittedAt };
  if (r.status === "started") return { label: "started", since: r.savedAt };
  return r.openedAt ? { label: "opened", since: r.openedAt } : { label: "not opened" };
}

/** A day as the editor reads it ("3 Mar 2026"). */
export const dayLabel = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

export const linksCsvUrl = (mapId: string, surveyId: string, onlyMissing = false) =>
  `/api/maps/${encodeURIComponent(mapId)}/surveys/${encodeURIComponent(surveyId)}/links.csv${
    onlyMissing ? "?status=not_submitted" : ""
  }`;

const FIELD_WORDS: Record<string, string> = { reachKm: "reach (km)" };
/** Fields whose values are words of the vocabulary, written with underscores ("partners_with", "in_person"). */
const WORD_FIELDS = new Set(["type", "frequency", "modality", "priority"]);

/**
 * A change's lines: each changed field as "field: before → after", or each field of what it adds. The ends of a tie
 * and an added item's title are in the summary already, and a tie's id and reporters say nothing to the reviewer.
 * Categories read by name where `categoryName` knows them.
 */
export function changeLines(
  change: Pick<Change, "kind" | "before" | "after">,
  categoryName: (id: string) => string | undefined = () => undefined,
): string[] {
  const skip = new Set(["from", "to", "id", "actorId", "reportedBy", "directed"]);
  if (change.kind === "add_need" || change.kind === "add_offering") skip.add("title");
  const show = (k: string, v: unknown): string => {
    if (v === undefined || v === null || v === "") return "—";
    if (Array.isArray(v)) return v.join("/");
    if (k === "category" && typeof v === "string") return categoryName(v) ?? v;
    return WORD_FIELDS.has(k) ? String(v).replace(/_/g, " ") : String(v);
  };
  return Object.entries(change.after)
    .filter(([k, v]) => !skip.has(k) && v !== undefined)
    .map(([k, v]) => {
      const name = FIELD_WORDS[k] ?? k;
      const before = change.before?.[k];
      return change.before && before !== undefined && show(k, before) !== show(k, v)
        ? `${name}: ${show(k, before)} → ${show(k, v)}`
        : `${name}: ${show(k, v)}`;
    });
}

/** Pending keys split by the reviewer's ticks: "Reject the rest" rejects what is pending and not ticked. */
export function decisionOf(changes: readonly Change[], ticked: ReadonlySet<string>, rejectRest: boolean) {
  const pending = changes.filter((c) => c.decision === "pending").map((c) => c.key);
  return {
    accept: pending.filter((k) => ticked.has(k)),
    reject: rejectRest ? pending.filter((k) => !ticked.has(k)) : [],
  };
}

/**
 * "From survey Partners 2026, round 2, answered by Oak School; accepted by Ada on 3 Mar 2026". Provenance keeps the
 * day of the acceptance, not of the answer, so the day goes with the acceptance.
 */
export function provenanceText(p: Provenance, names: { survey?: string; respondent?: string } = {}): string {
  return (
    `From survey ${names.survey ?? p.surveyId}, round ${p.round}, answered by ${names.respondent ?? p.respondentId}` +
    `; accepted by ${p.acceptedBy} on ${dayLabel(p.acceptedAt)}`
  );
}

/** Whether both ends of a tie reported it: "confirmed by both", "reported by <name> only", or nothing. */
export function tieReport(tie: Pick<Relationship, "from" | "to" | "reportedBy">, nameOf: (id: string) => string) {
  const by = tie.reportedBy ?? [];
  if (by.includes(tie.from) && by.includes(tie.to)) return "confirmed by both";
  const one = by.find((id) => id === tie.from || id === tie.to);
  return one ? `reported by ${nameOf(one)} only` : null;
}
