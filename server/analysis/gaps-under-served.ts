// Under-served actors: actors of the receiving types scored from four components (unmet needs, support ties
// received, distance to suitable offerings, network isolation), weighted by UNDERSERVED_WEIGHTS, with reasons.
import { PRIORITY_ORDER, PRIORITY_WEIGHTS } from "../domain/priority";
import { coordinates, isOpen, Matcher, regionOf } from "./gaps-reach";
import type { NeedMatch } from "./gaps-reach";
import { km, unmetWith } from "./gaps-unmet-needs";
import { GAP_DEFAULTS, UNDERSERVED_WEIGHTS } from "./gaps-types";
import type { EcosystemData, GapNeed, UnderServedActor, UnderServedOptions, UnmetNeed } from "./gaps-types";

function describeUnmet(unmet: readonly UnmetNeed[]): string {
  const counts = PRIORITY_ORDER.map((p) => [p, unmet.filter((u) => u.priority === p).length] as const).filter(
    ([, c]) => c > 0,
  );
  const parts = counts.map(([p, c]) => `${c} ${p}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
  return `${list} ${unmet.length === 1 ? "need" : "needs"} unmet`;
}

export function underServedWith(
  data: EcosystemData,
  matcher: Matcher,
  unmet: readonly UnmetNeed[],
  matches: Map<string, NeedMatch>,
  options: UnderServedOptions,
): UnderServedActor[] {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  const supportTypes = new Set(options.supportTypes ?? GAP_DEFAULTS.supportTypes);
  const scale = options.distanceScaleKm ?? GAP_DEFAULTS.distanceScaleKm;
  const weights = { ...UNDERSERVED_WEIGHTS, ...options.weights };
  const weightSum = weights.needs + weights.support + weights.distance + weights.network;
  if (!(weightSum > 0)) throw new Error("gaps: under-served weights must have a positive sum");

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
  const needsByActor = new Map<string, GapNeed[]>();
  for (const need of data.needs) {
    if (!isOpen(need)) continue;
    const list = needsByActor.get(need.actorId);
    if (list) list.push(need);
    else needsByActor.set(need.actorId, [need]);
  }
  const unmetByActor = new Map<string, UnmetNeed[]>();
  for (const u of unmet) {
    const list = unmetByActor.get(u.actorId);
    if (list) list.push(u);
    else unmetByActor.set(u.actorId, [u]);
  }

  const out: UnderServedActor[] = [];
  for (const actor of data.actors) {
    if (!receiving.has(actor.type)) continue;
    const open = needsByActor.get(actor.id) ?? [];
    const missing = unmetByActor.get(actor.id) ?? [];
    const ties = support.get(actor.id) ?? { ties: 0, funding: 0 };
    const degree = neighbours.get(actor.id)?.size ?? 0;
    const reasons: string[] = [];

    const unmetWeight = missing.reduce((s, u) => s + PRIORITY_WEIGHTS[u.priority], 0);
    const needsComponent = unmetWeight / (unmetWeight + GAP_DEFAULTS.needsHalfSaturation);
    if (missing.length > 0) reasons.push(describeUnmet(missing));
    else if (open.length === 1) reasons.push("its open need is within reach of an offering");
    else if (open.length > 1) reasons.push(`all ${open.length} open needs are within reach of an offering`);
    else reasons.push("no open needs");

    const supportComponent = 1 / (1 + ties.ties);
    if (ties.ties === 0) reasons.push("no support ties");
    else if (ties.funding === 0) reasons.push("no funding ties");

    // Distance: per open need, nearest suitable offering over the scale (remote offerings count as 0 km,
    // needs with no offering or no known distance as the full scale); the mean over needs.
    let distanceSum = 0;
    let farthest: { km: number; category: string } | null = null;
    const nowhere = new Set<string>();
    for (const need of open) {
      const match = matches.get(need.id)!;
      if (match.nearestKm === null) {
        distanceSum += 1;
        if (match.candidates === 0) nowhere.add(need.category);
        continue;
      }
      distanceSum += Math.min(1, match.nearestKm / scale);
      if (match.nearestKm > 0 && (!farthest || match.nearestKm > farthest.km)) {
        farthest = { km: match.nearestKm, category: need.category };
      }
    }
    const distanceComponent = open.length > 0 ? distanceSum / open.length : 0;
    if (open.length > 0 && !coordinates(actor)) reasons.push("no known location, so distances cannot be judged");
    // Short distances are not worth a reason; a fifth of the scale is where the component starts to tell.
    if (farthest && farthest.km >= 0.2 * scale) {
      reasons.push(`nearest ${matcher.label(farthest.category)} offering ${km(farthest.km)} away`);
    }
    for (const category of nowhere) reasons.push(`no ${matcher.label(category)} offering anywhere`);

    const networkComponent = 1 / (1 + degree);
    if (degree === 0) reasons.push("isolated: no ties to other actors");
    else if (degree === 1) reasons.push("only 1 tie in the network");

    const components = {
      needs: needsComponent,
      support: supportComponent,
      distance: distanceComponent,
      network: networkComponent,
    };
    const score =
      (weights.needs * needsComponent +
        weights.support * supportComponent +
        weights.distance * distanceComponent +
        weights.network * networkComponent) /
      weightSum;
    out.push({
      actorId: actor.id,
      name: actor.name,
      type: actor.type,
      region: regionOf(actor),
      score,
      components,
      openNeeds: open.length,
      unmetNeeds: missing.length,
      supportTies: ties.ties,
      degree,
      reasons,
    });
  }
  out.sort((a, b) => b.score - a.score || (a.actorId < b.actorId ? -1 : 1));
  return options.limit !== undefined ? out.slice(0, options.limit) : out;
}

/** Needs whose nearest offering distance the under-served score will ask for. */
export function receivingNeeds(matcher: Matcher, options: UnderServedOptions): (need: GapNeed) => boolean {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  return (need) => {
    const type = matcher.actors.get(need.actorId)?.type;
    return type !== undefined && receiving.has(type);
  };
}

/**
 * Actors of the receiving types scored in [0, 1] from unmet needs (priority-weighted, saturating), support ties
 * received, distance to the nearest suitable offering per need, and network isolation; most under-served first.
 */
export function findUnderServedActors(data: EcosystemData, options: UnderServedOptions = {}): UnderServedActor[] {
  const matcher = new Matcher(data, options);
  const { unmet, matches } = unmetWith(matcher, data.needs, receivingNeeds(matcher, options));
  return underServedWith(data, matcher, unmet, matches, options);
}
