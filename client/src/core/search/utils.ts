import type { Actor } from "../api/types";
import type { SearchHit } from "./types";

/** Lower-case without accents, so "ecole" finds "École". */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

function rankOf(name: string, q: string): number {
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.split(/[\s\-_'’/(),.]+/).some((w) => w.startsWith(q))) return 2;
  if (name.includes(q)) return 3;
  return -1;
}

/** Actors whose name (then id, tags or region) matches the query, best first. Linear: fine for 100k actors. */
export function searchActors(actors: Iterable<Actor>, query: string, limit = 8): SearchHit[] {
  const q = fold(query.trim());
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const a of actors) {
    let rank = rankOf(fold(a.name), q);
    if (
      rank < 0 &&
      (fold(a.id).includes(q) ||
        a.tags.some((t) => fold(t).includes(q)) ||
        (a.location?.region && fold(a.location.region).includes(q)))
    )
      rank = 4;
    if (rank >= 0) hits.push({ id: a.id, name: a.name, type: a.type, region: a.location?.region, rank });
  }
  hits.sort((x, y) => x.rank - y.rank || x.name.length - y.name.length || x.name.localeCompare(y.name));
  return hits.slice(0, limit);
}
