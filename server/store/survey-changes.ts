// A submission's change list: what accepting a respondent's answers would change on the map, one change per tie,
// need and offering, each under a key that stays the same while the answers do. Pure: it reads the map state the
// caller read in its transaction, and decides nothing.
import type { Need, Offering, RelationshipType } from "../schemas/domain";
import type { Answers, Change, NeedAnswer, OfferingAnswer } from "../schemas/surveys";

/** A tie between the respondent and another actor, as the map holds it. */
export interface TieState {
  id: string;
  actorId: string;
  type: RelationshipType;
  from: string;
  to: string;
  reportedBy: string[];
}

export interface MapState {
  respondentId: string;
  /** Names of the actors answers may name. */
  names: ReadonlyMap<string, string>;
  ties: readonly TieState[];
  needs: readonly Need[];
  offerings: readonly Offering[];
}

const NEED_FIELDS = ["category", "title", "quantity", "unit", "priority", "description"] as const;
const OFFERING_FIELDS = ["category", "title", "capacity", "unit", "modality", "reachKm", "description"] as const;

const words = (type: string) => type.replace(/_/g, " ");

export function changesOf(answers: Answers, state: MapState): Change[] {
  const changes: Change[] = [];
  for (const p of answers.partners) {
    const name = state.names.get(p.actorId) ?? p.actorId;
    const tie = state.ties.find((t) => t.actorId === p.actorId && t.type === p.type);
    // Already reported by this respondent: the answer says what the map says.
    if (tie?.reportedBy.includes(state.respondentId)) continue;
    const after = { from: state.respondentId, to: p.actorId, ...p };
    delete (after as { actorId?: string }).actorId;
    changes.push(
      tie
        ? {
            key: `tie:${p.actorId}:${p.type}`,
            kind: "confirm_tie",
            summary: `confirms the ${words(p.type)} tie with ${name}`,
            before: { ...tie },
            after,
            decision: "pending",
          }
        : {
            key: `tie:${p.actorId}:${p.type}`,
            kind: "add_tie",
            summary: `adds a ${words(p.type)} tie to ${name}`,
            after,
            decision: "pending",
          },
    );
  }
  changes.push(...itemChanges("need", answers.needs, state.needs, NEED_FIELDS));
  changes.push(...itemChanges("offering", answers.offerings, state.offerings, OFFERING_FIELDS));
  return changes;
}

type Item = Need | Offering;
type ItemAnswer = NeedAnswer | OfferingAnswer;

function itemChanges(
  kind: "need" | "offering",
  answers: readonly ItemAnswer[],
  existing: readonly Item[],
  fields: readonly string[],
): Change[] {
  const out: Change[] = [];
  answers.forEach((answer, i) => {
    const { id, ...given } = answer as ItemAnswer & Record<string, unknown>;
    const current = id
      ? (existing.find((x) => x.id === id) as (Item & Record<string, unknown>) | undefined)
      : undefined;
    if (!current) {
      const amount = kind === "need" ? (answer as NeedAnswer).quantity : (answer as OfferingAnswer).capacity;
      out.push({
        key: `${kind}:new:${i}`,
        kind: `add_${kind}`,
        summary: `adds ${kind === "need" ? "a need" : "an offering"} '${answer.title}' (${amount}${answer.unit ? ` ${answer.unit}` : ""})`,
        after: given,
        decision: "pending",
      });
      return;
    }
    const changed = fields.filter(
      (f) => given[f] !== undefined && JSON.stringify(given[f]) !== JSON.stringify(current[f]),
    );
    if (!changed.length) return;
    out.push({
      key: `${kind}:${id}`,
      kind: `change_${kind}`,
      summary: `changes ${kind === "need" ? "the need" : "the offering"} '${current.title}': ${changed.join(", ")}`,
      before: Object.fromEntries(fields.filter((f) => current[f] !== undefined).map((f) => [f, current[f]])),
      after: Object.fromEntries(changed.map((f) => [f, given[f]])),
      decision: "pending",
    });
  });
  return out;
}

/**
 * A replaced submission keeps the decisions of the changes it still holds unchanged (same key, same change), so an
 * accepted change is not offered, nor applied, twice; every other change starts pending.
 */
export function carryDecisions(next: Change[], previous: readonly Change[]): Change[] {
  const decided = new Map(previous.filter((c) => c.decision !== "pending").map((c) => [c.key, c]));
  return next.map((c) => {
    const old = decided.get(c.key);
    return old && JSON.stringify(old.after) === JSON.stringify(c.after) ? { ...c, decision: old.decision } : c;
  });
}
