// An editor's decisions on a submission's change list. Accepted changes land on the map in the transaction that
// records the decisions, each created or changed item and tie carrying the answer's provenance, and each tie the
// respondents who named it (both ends: confirmed). A tie another respondent's accepted answer created meanwhile is
// confirmed rather than duplicated.
import type { ManagedTransaction } from "neo4j-driver";
import type { PartnerRating } from "../analysis/survey-scores";
import { currentPrincipal } from "../auth/context";
import { ConflictError, InvalidReferenceError, NotFoundError, type FieldIssue } from "../domain/errors";
import type { Need, Offering, Provenance, Relationship, RelationshipType } from "../schemas/domain";
import type { Change, Decide, NeedAnswer, OfferingAnswer, PartnerAnswer, Submission } from "../schemas/surveys";
import { recordAudit } from "./audit";
import { categoryUnits, withUnits } from "./category-units";
import {
  needFromProps,
  needToProps,
  neo4jType,
  offeringFromProps,
  offeringToProps,
  relationshipFromProps,
  relationshipRow,
  stripTimestamps,
} from "./records";
import { assertHoldsCommitments } from "./item-repository";
import { checkReferences } from "./references";
import { newId, now, rows, touch, type Row, type StoreSession } from "./session";
import { lockSurvey, responseFromProps, type ResponseRecord } from "./survey-records";

export class SurveyDecisions {
  constructor(private readonly session: StoreSession) {}

  /** The submission of the current round of `actorId`, with its change list and decisions. */
  submission(mapId: string, surveyId: string, actorId: string): Promise<Submission> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const [row] = await rows(tx, "survey-get", { mapId, id: surveyId });
      if (!row) throw new NotFoundError("Survey", surveyId);
      const round = Number((row.survey as Row).round);
      const [found] = await rows(tx, "survey-response-get", { mapId, surveyId, round, actorId });
      return submissionOf(actorId, found ? responseFromProps(found.response as Row) : undefined);
    });
  }

  /**
   * The PARTNER ratings (trust, value) of a round's accepted ties, one per respondent and partner: what
   * server/analysis/survey-scores.ts scores. The current round unless one is named.
   */
  acceptedRatings(mapId: string, surveyId: string, round?: number): Promise<PartnerRating[]> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      if (!(await rows(tx, "survey-get", { mapId, id: surveyId })).length) throw new NotFoundError("Survey", surveyId);
      const out: PartnerRating[] = [];
      for (const row of await rows(tx, "survey-changes", { mapId, surveyId, round: round ?? null })) {
        for (const c of JSON.parse(row.changes as string) as Change[]) {
          const a = c.after as { to?: string; trust?: number[]; value?: number[] };
          if (!c.key.startsWith("tie:") || c.decision !== "accepted" || (!a.trust && !a.value)) continue;
          out.push({
            rater: row.actorId as string,
            rated: a.to!,
            ...(a.trust ? { trust: a.trust } : {}),
            ...(a.value ? { value: a.value } : {}),
          });
        }
      }
      return out;
    });
  }

  /**
   * One write transaction: the survey's and the respondent's staging node's locks, then the actors', items' and map's
   * (touch), so two editors deciding at once queue, and the accepted changes, their audit entries and the decisions
   * commit together or not at all.
   */
  async decide(mapId: string, surveyId: string, actorId: string, decide: Decide): Promise<Submission> {
    return this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      const survey = await lockSurvey(tx, mapId, surveyId);
      const key = { mapId, surveyId, round: survey.round, actorId };
      const [locked] = await rows(tx, "survey-response-lock", key);
      const response = locked ? responseFromProps(locked.response as Row) : undefined;
      const submission = submissionOf(actorId, response);
      const byKey = new Map(submission.changes.map((c) => [c.key, c]));
      const issues: FieldIssue[] = [];
      decide.accept.forEach((k, i) => {
        if (!byKey.has(k)) issues.push({ field: `accept[${i}]`, message: `no change '${k}' in this submission` });
      });
      decide.reject.forEach((k, i) => {
        if (!byKey.has(k)) issues.push({ field: `reject[${i}]`, message: `no change '${k}' in this submission` });
        else if (decide.accept.includes(k)) issues.push({ field: `reject[${i}]`, message: "is also accepted" });
        else if (byKey.get(k)!.decision === "accepted")
          issues.push({ field: `reject[${i}]`, message: "was accepted already: its change is on the map" });
      });
      if (issues.length) throw new InvalidReferenceError(issues);

      const toApply = decide.accept.map((k) => byKey.get(k)!).filter((c) => c.decision !== "accepted");
      if (toApply.length) {
        // Locks in the order every other write takes them (actors, then items, then the map, as an item's create,
        // update and an actor's deletion do), each list sorted, so two decisions never wait on each other in a cycle.
        const partners = toApply.filter((c) => c.key.startsWith("tie:")).map((c) => String(c.after.to));
        const present = new Set<string>();
        for (const id of [...new Set([actorId, ...partners])].sort())
          if ((await rows(tx, "actor-lock", { mapId, id })).length) present.add(id);
        if (!present.has(actorId)) throw new ConflictError(`Actor '${actorId}' is no longer on the map`);
        for (const change of [...toApply].sort((a, b) => a.key.localeCompare(b.key)))
          if (change.kind === "change_need" || change.kind === "change_offering")
            await rows(tx, "item-lock", { mapId, id: itemIdOf(change), kind: kindOf(change) });
        await touch(tx, mapId);
        const who = currentPrincipal();
        const provenance: Provenance = {
          surveyId,
          round: survey.round,
          respondentId: actorId,
          acceptedAt: now(),
          acceptedBy: who.name ?? who.userId ?? "system",
        };
        for (const change of toApply) await apply(tx, mapId, change, provenance, present);
      }
      const accepted = new Set(decide.accept);
      const rejected = new Set(decide.reject);
      const changes = submission.changes.map((c) =>
        accepted.has(c.key)
          ? { ...c, decision: "accepted" as const }
          : rejected.has(c.key)
            ? { ...c, decision: "rejected" as const }
            : c,
      );
      await rows(tx, "survey-response-write", { ...key, set: { changes: JSON.stringify(changes) } });
      return { ...submission, changes };
    });
  }
}

function submissionOf(actorId: string, response: ResponseRecord | undefined): Submission {
  if (!response || response.status !== "submitted" || !response.submittedAt)
    throw new NotFoundError("Submission of actor", actorId);
  return { actorId, submittedAt: response.submittedAt, round: response.round, changes: response.changes };
}

/** Applies one accepted change; `present`: the actors locked for this decision that are on the map. */
async function apply(
  tx: ManagedTransaction,
  mapId: string,
  change: Change,
  provenance: Provenance,
  present: ReadonlySet<string>,
): Promise<void> {
  switch (change.kind) {
    case "add_tie":
    case "confirm_tie": {
      const answer = change.after as unknown as PartnerAnswer & { from: string; to: string };
      if (!present.has(answer.to)) throw new ConflictError(`Actor '${answer.to}' is no longer on the map`);
      return reportTie(tx, mapId, answer, provenance, auditSummary(change, provenance));
    }
    case "add_need":
    case "add_offering":
      return addItem(tx, mapId, change, provenance);
    case "change_need":
    case "change_offering":
      return changeItem(tx, mapId, change, provenance);
  }
}

/** The history's line for an accepted change: which survey answer it came from, in the change's own words. */
const auditSummary = (change: Change, p: Provenance) =>
  `Survey '${p.surveyId}' round ${p.round}, answer of '${p.respondentId}': ${change.summary}`;

/** Confirms the tie of the type between the two actors, in either direction, or creates it when there is none. */
async function reportTie(
  tx: ManagedTransaction,
  mapId: string,
  answer: { from: string; to: string; type: RelationshipType; strength: number },
  provenance: Provenance,
  summary: string,
): Promise<void> {
  const found = await rows(tx, "survey-tie-find", {
    mapId,
    from: answer.from,
    to: answer.to,
    neo4jType: neo4jType(answer.type),
  });
  let id = found[0]?.id as string | undefined;
  const before = id ? await tieIn(tx, mapId, id) : undefined;
  if (!id) {
    id = newId();
    const t = now();
    await rows(tx, "relationship-create", {
      mapId,
      rows: [
        relationshipRow({ id, from: answer.from, to: answer.to, type: answer.type, weight: answer.strength }, t, t),
      ],
    });
  }
  await rows(tx, "survey-tie-report", {
    mapId,
    id,
    respondentId: provenance.respondentId,
    provenance: JSON.stringify(provenance),
    now: now(),
  });
  const after = await tieIn(tx, mapId, id);
  await recordAudit(tx, {
    mapId,
    action: before ? "update" : "create",
    entityType: "relationship",
    entityId: id,
    before,
    after,
    summary,
    actorIds: [after.from, after.to],
  });
}

async function tieIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Relationship> {
  const [row] = await rows(tx, "relationship-get", { mapId, id });
  if (!row) throw new NotFoundError("Relationship", id);
  return relationshipFromProps(row.relationship as Row);
}

const KINDS = {
  need: { upsert: "need-upsert", get: "need-get", toProps: needToProps, fromProps: needFromProps },
  offering: { upsert: "offering-upsert", get: "offering-get", toProps: offeringToProps, fromProps: offeringFromProps },
} as const;
const kindOf = (change: Change) => (change.kind.endsWith("need") ? "need" : "offering");
/** The item a change_need or change_offering names: its key is `<kind>:<id>`. */
const itemIdOf = (change: Change) => change.key.slice(kindOf(change).length + 1);

async function itemIn(tx: ManagedTransaction, kind: "need" | "offering", mapId: string, id: string) {
  const [row] = await rows(tx, KINDS[kind].get, { mapId, id });
  return row ? (KINDS[kind].fromProps(row[kind] as Row) as Need | Offering) : undefined;
}

async function addItem(tx: ManagedTransaction, mapId: string, change: Change, provenance: Provenance): Promise<void> {
  const kind = kindOf(change);
  const answer = change.after as unknown as NeedAnswer | OfferingAnswer;
  const [given] = withUnits([answer], await categoryUnits(tx, mapId, [answer.category]));
  if (!(await rows(tx, "category-units", { mapId, ids: [answer.category] })).length)
    throw new ConflictError(`Category '${answer.category}' is no longer in the map: ${change.key} cannot be accepted`);
  const id = newId();
  const item =
    kind === "need"
      ? { ...(given as NeedAnswer & { unit: string }), id, actorId: provenance.respondentId, status: "open" }
      : { ...(given as OfferingAnswer & { unit: string }), id, actorId: provenance.respondentId, status: "available" };
  const props = KINDS[kind].toProps({ description: "", ...item, provenance } as never);
  await rows(tx, KINDS[kind].upsert, { mapId, now: now(), rows: [props] });
  const after = await itemIn(tx, kind, mapId, id);
  await recordAudit(tx, {
    mapId,
    action: "create",
    entityType: kind,
    entityId: id,
    after,
    summary: auditSummary(change, provenance),
    actorIds: [provenance.respondentId],
  });
}

/** As an item's update: under the item's lock (taken before the map's), never below what its commitments hold nor out of their unit. */
async function changeItem(tx: ManagedTransaction, mapId: string, change: Change, provenance: Provenance) {
  const kind = kindOf(change);
  const id = itemIdOf(change);
  const before = await itemIn(tx, kind, mapId, id);
  if (!before || before.actorId !== provenance.respondentId)
    throw new ConflictError(`${kind === "need" ? "Need" : "Offering"} '${id}' is no longer this respondent's`);
  const patch = change.after as Record<string, unknown>;
  if (patch.category !== undefined && !(await rows(tx, "category-units", { mapId, ids: [patch.category] })).length)
    throw new ConflictError(
      `Category '${String(patch.category)}' is no longer in the map: ${change.key} cannot be accepted`,
    );
  await assertHoldsCommitments(tx, kind, mapId, id, before.unit, patch);
  const next = { ...stripTimestamps(before), ...patch, provenance };
  await rows(tx, KINDS[kind].upsert, { mapId, now: now(), rows: [KINDS[kind].toProps(next as never)] });
  const after = await itemIn(tx, kind, mapId, id);
  await recordAudit(tx, {
    mapId,
    action: "update",
    entityType: kind,
    entityId: id,
    before,
    after,
    summary: auditSummary(change, provenance),
    actorIds: [provenance.respondentId],
  });
}
