// Under-served actors: actors of the receiving types scored in [0, 1] from four components, combined as
//   score = (w.needs * needs + w.support * support + w.distance * distance + w.network * network) / (sum of w)
// with the weights UNDERSERVED_WEIGHTS (0.4, 0.2, 0.2, 0.2) unless the caller sets others:
// - needs: U / (U + 4), where U = sum over the actor's open needs of priority weight x uncovered / outstanding:
//   the need's quantity that offerings within reach cannot cover once shared (gaps-coverage.ts), as a fraction of
//   its own quantity, so devices and hours are never added. Priority weights are PRIORITY_WEIGHTS (low 1 ...
//   critical 4); one critical need left entirely uncovered gives 0.5, everything covered gives 0. A plain share of
//   the actor's own quantity was tried and dropped: it put a school whose one low need is open (share 1) above
//   one with ten high-priority needs half covered;
// - support: 1 / (1 + support ties received) (funds, mentors, supplies to the actor; partnerships either way);
// - distance: over open needs, the mean of min(1, km to the nearest fitting offering / distanceScaleKm (50)),
//   reach aside; 0 when an offering reaching everyone fits, 1 when none fits or the distance is unknown;
// - network: 1 / (1 + distinct neighbours over any tie).
// An actor with no need recorded at all is "unknown": nothing says what it lacks, so it is listed apart, unscored.
// Reasons say only what makes an actor worse off, with figures in units; good news goes into notes.
import { PRIORITY_WEIGHTS } from "../domain/priority";
import { formatAmount } from "../domain/units";
import type { ActorType } from "../schemas/domain";
import type { CoveragePass } from "./gaps-coverage";
import { coordinates, regionOf } from "./gaps-reach";
import type { Reach } from "./gaps-reach";
import { km } from "./gaps-unmet-needs";
import { GAP_DEFAULTS, UNDERSERVED_COMPONENTS, UNDERSERVED_WEIGHTS } from "./gaps-types";
import type {
  EcosystemData,
  UnderServedActor,
  UnderServedOptions,
  UnderServedWeights,
  UnknownActor,
  UnmetNeed,
} from "./gaps-types";

/** The weights after defaults; each finite and non-negative, with a positive sum. */
export function underServedWeights(weights: Partial<UnderServedWeights> = {}): UnderServedWeights {
  const out = { ...UNDERSERVED_WEIGHTS, ...weights };
  for (const c of UNDERSERVED_COMPONENTS) {
    if (!(Number.isFinite(out[c]) && out[c] >= 0)) throw new Error(`gaps: weight ${c} must be a number >= 0`);
  }
  if (!(UNDERSERVED_COMPONENTS.reduce((s, c) => s + out[c], 0) > 0)) {
    throw new Error("gaps: under-served weights must have a positive sum");
  }
  return out;
}

/** "school" -> "schools", "community_group" -> "community groups", for "shared with 2 other schools". */
function typeWord(type: ActorType | undefined, count: number): string {
  const word = type === undefined || type === "other" ? "actor" : type.replace(/_/g, " ");
  if (count === 1) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return /(s|sh|ch|x)$/.test(word) ? `${word}es` : `${word}s`;
}

/** Formatted amounts by unit and value: number formatting costs microseconds, and large maps repeat amounts. */
const amounts = new Map<string, Map<number, string>>();

/** Shares are fractions of units: one decimal is as precise as a reason needs to be. */
function amount(quantity: number, unit: string): string {
  const rounded = Math.round(quantity * 10) / 10;
  let byValue = amounts.get(unit);
  if (!byValue) amounts.set(unit, (byValue = new Map()));
  let text = byValue.get(rounded);
  if (text === undefined) {
    text = formatAmount(rounded, unit);
    // Bounded, so a long-running server does not keep every amount it ever wrote.
    if (byValue.size < 10_000) byValue.set(rounded, text);
  }
  return text;
}

export interface UnderServedResult {
  underServed: UnderServedActor[];
  unknown: UnknownActor[];
}

export function underServedWith(
  data: EcosystemData,
  reach: Reach,
  pass: CoveragePass,
  unmet: readonly UnmetNeed[],
  options: UnderServedOptions,
): UnderServedResult {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  const supportTypes = new Set(options.supportTypes ?? GAP_DEFAULTS.supportTypes);
  const scale = options.distanceScaleKm ?? GAP_DEFAULTS.distanceScaleKm;
  const weights = underServedWeights(options.weights);
  const weightSum = UNDERSERVED_COMPONENTS.reduce((s, c) => s + weights[c], 0);

  const support = new Map<string, { ties: number; funding: number }>();
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  const scored = new Set(data.actors.filter((a) => receiving.has(a.type)).map((a) => a.id));
  for (const rel of data.relationships ?? []) {
    if (rel.from === rel.to) continue;
    // Neighbour sets only for the actors being scored: building them for everyone dominates on large maps.
    if (scored.has(rel.from)) link(rel.from, rel.to);
    if (scored.has(rel.to)) link(rel.to, rel.from);
    if (!supportTypes.has(rel.type)) continue;
    const receivers = rel.type === "partners_with" ? [rel.from, rel.to] : [rel.to];
    for (const r of receivers) {
      const s = support.get(r) ?? { ties: 0, funding: 0 };
      s.ties++;
      if (rel.type === "funds") s.funding++;
      support.set(r, s);
    }
  }
  const recorded = new Set(data.needs.map((n) => n.actorId));
  const openByActor = new Map<string, number[]>();
  pass.open.forEach((need, i) => {
    if (!scored.has(need.actorId)) return;
    const list = openByActor.get(need.actorId);
    if (list) list.push(i);
    else openByActor.set(need.actorId, [i]);
  });
  const unmetById = new Map(unmet.map((u) => [u.needId, u]));

  /** One line per short need, worst first, up to GAP_DEFAULTS.needReasons; the rest summed up in one. */
  const shortNeedLines = (short: readonly number[]): string[] => {
    const lines: string[] = [];
    for (const i of short.slice(0, GAP_DEFAULTS.needReasons)) {
      const need = pass.open[i]!;
      const q = pass.outstanding[i]!;
      const what = `${amount(q, need.unit)} needed for ${reach.label(need.category)} (${need.priority})`;
      const within = pass.shared.withinReach[i]!;
      const gap = unmetById.get(need.id);
      if (gap || within === 0) {
        lines.push(`${what}, none within reach: ${gap?.reason ?? "nothing fitting reaches it"}`);
        continue;
      }
      // Competitors are counted only for the actors kept: the reverse index they need costs.
      const others = pass.competition.others(i);
      const kind = typeWord(others.kind as ActorType | undefined, others.count);
      const shared =
        others.count > 0 ? `, shared with ${others.atLeast ? "at least " : ""}${others.count} other ${kind}` : "";
      const left = q - pass.shared.covered[i]!;
      lines.push(
        `${what}, at most ${amount(within, need.unit)} within reach${shared}: ${amount(left, need.unit)} short`,
      );
    }
    if (short.length > GAP_DEFAULTS.needReasons) {
      lines.push(`${short.length - GAP_DEFAULTS.needReasons} more open needs short`);
    }
    return lines;
  };

  const out: UnderServedActor[] = [];
  const unknown: UnknownActor[] = [];
  const shortOf: number[][] = [];
  for (const actor of data.actors) {
    if (!receiving.has(actor.type)) continue;
    const ties = support.get(actor.id) ?? { ties: 0, funding: 0 };
    const degree = neighbours.get(actor.id)?.size ?? 0;
    const base = { actorId: actor.id, name: actor.name, type: actor.type, region: regionOf(actor) };
    if (!recorded.has(actor.id)) {
      unknown.push({ ...base, status: "unknown", supportTies: ties.ties, degree });
      continue;
    }
    const open = openByActor.get(actor.id) ?? [];
    const reasons: string[] = [];
    const notes: string[] = [];

    // Needs: each need's uncovered fraction of its own quantity (so units never mix) times its priority weight,
    // summed into priority-weighted needs left uncovered, then saturated.
    let uncoveredWeight = 0;
    const short: number[] = [];
    for (const i of open) {
      const q = pass.outstanding[i]!;
      if (q <= 0) continue;
      const uncovered = q - pass.shared.covered[i]!;
      if (uncovered <= 0) continue;
      uncoveredWeight += (PRIORITY_WEIGHTS[pass.open[i]!.priority] * uncovered) / q;
      short.push(i);
    }
    const needsComponent = uncoveredWeight / (uncoveredWeight + GAP_DEFAULTS.needsHalfSaturation);
    const covered = open.length - short.length;
    if (open.length === 0) notes.push("no open needs");
    else if (covered === open.length) {
      notes.push(
        open.length === 1
          ? "its open need is covered in full by offerings within reach"
          : `all ${open.length} open needs are covered in full by offerings within reach`,
      );
    } else if (covered > 0) notes.push(`${covered} of ${open.length} open needs covered in full within reach`);

    // The worst short needs first: the most priority-weighted share left uncovered.
    const urgency = (i: number) =>
      (PRIORITY_WEIGHTS[pass.open[i]!.priority] * (pass.outstanding[i]! - pass.shared.covered[i]!)) /
      pass.outstanding[i]!;
    short.sort((a, b) => urgency(b) - urgency(a) || a - b);
    const supportComponent = 1 / (1 + ties.ties);
    if (ties.ties === 0) reasons.push("no support ties");
    else {
      if (ties.funding === 0) reasons.push("no funding ties");
      notes.push(
        `${ties.ties} support ${ties.ties === 1 ? "tie" : "ties"}${ties.funding > 0 ? `, ${ties.funding} funding` : ""}`,
      );
    }

    // Distance: per open need, the nearest fitting offering over the scale, reach aside.
    let distanceSum = 0;
    let farthest: { km: number; category: string } | null = null;
    for (const i of open) {
      const nearest = pass.details.get(i)?.nearestKm ?? null;
      if (nearest === null) {
        distanceSum += 1;
        continue;
      }
      distanceSum += Math.min(1, nearest / scale);
      if (nearest > 0 && (!farthest || nearest > farthest.km))
        farthest = { km: nearest, category: pass.open[i]!.category };
    }
    const distanceComponent = open.length > 0 ? distanceSum / open.length : 0;
    if (open.length > 0 && !coordinates(actor)) reasons.push("no known location, so distances cannot be judged");
    // Short distances are not worth a reason; a fifth of the scale is where the component starts to tell.
    if (farthest && farthest.km >= 0.2 * scale) {
      reasons.push(`nearest ${reach.label(farthest.category)} offering ${km(farthest.km)} away`);
    }

    const networkComponent = 1 / (1 + degree);
    if (degree === 0) reasons.push("isolated: no ties to other actors");
    else if (degree === 1) reasons.push("only 1 tie in the network");

    const components = {
      needs: needsComponent,
      support: supportComponent,
      distance: distanceComponent,
      network: networkComponent,
    };
    const score = UNDERSERVED_COMPONENTS.reduce((s, c) => s + weights[c] * components[c], 0) / weightSum;
    out.push({
      ...base,
      status: short.length > 0 ? "short" : "covered",
      score,
      components,
      openNeeds: open.length,
      unmetNeeds: open.filter((i) => unmetById.has(pass.open[i]!.id)).length,
      shortNeeds: short.length,
      supportTies: ties.ties,
      degree,
      // Lines for short needs lead; they are written below, only for the actors kept.
      reasons,
      notes,
    });
    shortOf.push(short);
  }
  const rank = out.map((_, i) => i);
  rank.sort((a, b) => out[b]!.score - out[a]!.score || (out[a]!.actorId < out[b]!.actorId ? -1 : 1));
  const kept = options.limit !== undefined ? rank.slice(0, options.limit) : rank;
  for (const i of kept) out[i]!.reasons = [...shortNeedLines(shortOf[i]!), ...out[i]!.reasons];
  unknown.sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
  return {
    underServed: kept.map((i) => out[i]!),
    unknown: options.limit !== undefined ? unknown.slice(0, options.limit) : unknown,
  };
}
