import type { Ecosystem } from "../graph/types";
import type { MatchCandidate, PathStep, ScorePart } from "./types";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (...vs: unknown[]): number | undefined =>
  vs.find((v): v is number => typeof v === "number" && Number.isFinite(v));
const str = (...vs: unknown[]): string | undefined =>
  vs.find((v): v is string => typeof v === "string" && v.length > 0);

function partsOf(item: Json): ScorePart[] {
  const raw = item.breakdown ?? item.parts ?? item.components ?? item.scores;
  if (Array.isArray(raw))
    return raw.filter(isObj).flatMap((p) => {
      const name = str(p.name, p.key, p.factor);
      const value = num(p.value, p.score, p.contribution);
      return name !== undefined && value !== undefined ? [{ name, value }] : [];
    });
  if (isObj(raw))
    return Object.entries(raw).flatMap(([name, v]) => {
      const value = num(v, isObj(v) ? v.value : undefined, isObj(v) ? v.score : undefined);
      return value !== undefined ? [{ name, value }] : [];
    });
  return [];
}

function pathOf(item: Json, eco: Ecosystem): PathStep[] {
  const intro = isObj(item.introduction) ? item.introduction : undefined;
  const raw = item.introductionPath ?? item.path ?? intro?.path ?? item.intro;
  const list: unknown[] = Array.isArray(raw) ? raw : isObj(raw) && Array.isArray(raw.path) ? raw.path : [];
  return list.flatMap((step): PathStep[] => {
    if (typeof step === "string") {
      const actor = eco.actors.get(step);
      if (actor) return [{ id: actor.id, name: actor.name }];
      const byName = eco.view.actors.find((a) => a.name === step);
      return [{ id: byName?.id, name: step }];
    }
    if (isObj(step)) {
      const id = str(step.id, step.actorId);
      const name = str(step.name, step.actorName) ?? (id ? eco.actors.get(id)?.name : undefined);
      return name ? [{ id, name }] : [];
    }
    return [];
  });
}

/** What a need still lacks: its quantity less what active commitments already promise. */
export function needRemaining(eco: Ecosystem, needId: string): number {
  const need = eco.needs.get(needId);
  if (!need) return 0;
  const promised = (eco.commitmentsByNeed.get(needId) ?? [])
    .filter((c) => c.status !== "declined" && c.status !== "cancelled")
    .reduce((s, c) => s + c.amount, 0);
  return Math.max(0, need.quantity - promised);
}

/** Reads the candidates of `GET …/needs/:needId/matches` into the panel's view, best first. */
export function readMatches(raw: unknown, eco: Ecosystem, needId: string): MatchCandidate[] {
  const list = Array.isArray(raw)
    ? raw
    : isObj(raw)
      ? ((raw.candidates ?? raw.matches ?? raw.items ?? []) as unknown[])
      : [];
  const lacking = needRemaining(eco, needId);
  const out: MatchCandidate[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (!isObj(item)) continue;
    const offeringObj = isObj(item.offering) ? item.offering : undefined;
    const offeringId = str(item.offeringId, offeringObj?.id, item.id);
    if (!offeringId) continue;
    const offering = eco.offerings.get(offeringId);
    const actorObj = isObj(item.actor) ? item.actor : undefined;
    const actorId = str(item.actorId, actorObj?.id, offeringObj?.actorId, offering?.actorId);
    const left = offering ? Math.max(0, offering.capacity - offering.committed) : lacking;
    out.push({
      offeringId,
      actorId,
      actorName:
        str(item.actorName, actorObj?.name, actorId ? eco.actors.get(actorId)?.name : undefined) ?? actorId ?? "",
      title: str(item.title, offeringObj?.title, offering?.title) ?? offeringId,
      score: num(item.score, item.total, item.totalScore) ?? 0,
      parts: partsOf(item),
      explanation: str(item.explanation, item.reason, item.why) ?? "",
      path: pathOf(item, eco),
      amount: num(item.amount, item.suggestedAmount) ?? Math.max(0, Math.min(lacking, left)),
    });
  }
  return out.sort((a, b) => b.score - a.score);
}
