// The analysis of survey data for a map: the store's rosters, reported ties and accepted ratings, scored by
// analysis/survey-scores.ts. The reported ties (a scan of the map's ties) are kept per map version, as every
// decision that reports one moves the version on; rosters and submissions are read on each request, since a
// submission changes the response rates without changing the map.
import { keptWhenConfirmedOnly, ratingScores, reciprocity, responseRate, tieStatus } from "../analysis/survey-scores";
import type { SurveyAnalysis } from "../schemas/survey-analysis";
import type { AtlasStore } from "../store/atlas-store";
import type { SurveyData, TieRating, TypedTie } from "../store/survey-analysis";
import type { MapSnapshot } from "../store/types";
import type { MapCache } from "./map-cache";

export async function surveyAnalysis(
  store: Pick<AtlasStore, "surveyAnalysis">,
  cache: MapCache,
  mapId: string,
  ties: "all" | "confirmed",
): Promise<SurveyAnalysis> {
  const data = await store.surveyAnalysis.read(mapId);
  const snapshot = await cache.snapshot(mapId);
  // A map without surveys has no survey ties worth a scan of all its ties.
  const reported = data.surveys.length
    ? await cache.memo(mapId, "survey:reported-ties", () => store.surveyAnalysis.reportedTies(mapId))
    : [];
  return analyzeSurveys(snapshot, data, reported, ties);
}

export function analyzeSurveys(
  snapshot: MapSnapshot,
  data: SurveyData,
  reported: readonly TypedTie[],
  ties: "all" | "confirmed",
): SurveyAnalysis {
  const byId = new Map(snapshot.actors.map((a) => [a.id, a]));
  const rounds = data.surveys.map((s) => ({ ...s, rate: responseRate(s.roster, new Set(s.submitted)) }));
  const surveyed = new Set(rounds.flatMap((s) => s.roster));
  const missing = new Set(rounds.flatMap((s) => s.rate.nonRespondents));
  const counted = ties === "confirmed" ? reported.filter(keptWhenConfirmedOnly) : reported;
  // A rating counts with the tie it rates: left out with it when only confirmed ties count.
  const kept = new Set(counted.map((t) => `${t.from}\u0000${t.to}\u0000${t.type}`));
  const ratings = ratingsOnTies(data.ratings, reported).filter(
    (r) =>
      kept.has(`${r.rater}\u0000${r.rated}\u0000${r.type}`) || kept.has(`${r.rated}\u0000${r.rater}\u0000${r.type}`),
  );
  const scores = ratingScores(ratings.filter((r) => byId.has(r.rater) && byId.has(r.rated)));
  const recip = reciprocity(counted, surveyed);

  const tieCounts = new Map<string, { confirmed: number; unconfirmed: number }>();
  for (const t of counted) {
    const status = tieStatus(t);
    if (status === "not_surveyed") continue;
    for (const id of [t.from, t.to]) {
      const c = tieCounts.get(id) ?? { confirmed: 0, unconfirmed: 0 };
      c[status]++;
      tieCounts.set(id, c);
    }
  }
  const scored = new Map(scores.actors.map((a) => [a.actorId, a]));
  const ids = [...new Set([...surveyed, ...scored.keys()])].filter((id) => byId.has(id)).sort();
  const roster = rounds.reduce((n, s) => n + s.rate.roster, 0);
  const submitted = rounds.reduce((n, s) => n + s.rate.submitted, 0);
  return {
    mapVersion: snapshot.version,
    ties,
    network: {
      trust: scores.network.trust,
      value: scores.network.value,
      reciprocity: recip.rate,
      reportedTies: recip.reported,
      confirmedTies: recip.confirmed,
      surveyed: surveyed.size,
      responseRate: roster ? submitted / roster : 0,
      nonRespondents: [...missing].sort(),
    },
    surveys: rounds.map((s) => ({
      id: s.id,
      title: s.title,
      round: s.round,
      roster: s.rate.roster,
      submitted: s.rate.submitted,
      responseRate: s.rate.rate,
      nonRespondents: s.rate.nonRespondents,
    })),
    actors: ids.map((id) => {
      const a = byId.get(id)!;
      const s = scored.get(id);
      const c = tieCounts.get(id);
      return {
        id,
        name: a.name,
        type: a.type,
        trust: s?.trust ?? null,
        value: s?.value ?? null,
        confirmedTies: c?.confirmed ?? 0,
        unconfirmedTies: c?.unconfirmed ?? 0,
        surveyed: surveyed.has(id),
        responded: surveyed.has(id) && !missing.has(id),
      };
    }),
  };
}

/** The ratings whose tie is on the map, reported by the rater. */
export function ratingsOnTies(ratings: readonly TieRating[], ties: readonly TypedTie[]): TieRating[] {
  const reported = new Set<string>();
  for (const t of ties)
    for (const by of t.reportedBy ?? []) {
      const other = by === t.from ? t.to : by === t.to ? t.from : null;
      if (other) reported.add(`${by}\u0000${other}\u0000${t.type}`);
    }
  return ratings.filter((r) => reported.has(`${r.rater}\u0000${r.rated}\u0000${r.type}`));
}
