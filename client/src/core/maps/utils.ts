// Pure helpers of the maps page: the typed confirmation, when a map last changed, and the default name of a copy.
import type { AtlasMap } from "./types";

/** Deleting asks for the map's name or its id, typed as shown (spaces around it aside). */
export function confirmsDeletion(typed: string, map: Pick<AtlasMap, "id" | "name">): boolean {
  const t = typed.trim();
  return t.length > 0 && (t === map.name.trim() || t === map.id);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date: how long since the map last changed. */
export function sinceLabel(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return "just now";
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"} ago`;
  if (seconds < 3600) return unit(Math.floor(seconds / 60), "minute");
  if (seconds < 86_400) return unit(Math.floor(seconds / 3600), "hour");
  if (seconds < 30 * 86_400) return unit(Math.floor(seconds / 86_400), "day");
  return new Date(iso).toISOString().slice(0, 10);
}

export const copyName = (name: string) => `${name} (copy)`;

/** A suggested id for a copy: the original's with "-copy", kept inside the id pattern and length. */
export const copyId = (id: string) => `${id.slice(0, 90)}-copy`;

export const countsLine = (m: AtlasMap) =>
  `${m.counts.actors} actors · ${m.counts.needs} needs · ${m.counts.offerings} offerings · ${m.counts.relationships} ties`;

/** Maps whose name, id or description holds every word typed, in the list's order. */
export function matchingMaps<M extends Pick<AtlasMap, "id" | "name" | "description">>(
  maps: readonly M[],
  text: string,
): M[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...maps];
  return maps.filter((m) => {
    const hay = `${m.name} ${m.id} ${m.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
