import type { ActorRow, SortKey, SortState } from "./types";

const NUMERIC_KEYS: ReadonlySet<SortKey> = new Set([
  "degree",
  "pagerank",
  "betweenness",
  "underServed",
  "openNeeds",
  "offerings",
]);

/** Numbers start high-to-low and text A-Z on the first click; missing values always sort last. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: NUMERIC_KEYS.has(key) ? "desc" : "asc" };
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

export function sortRows(rows: readonly ActorRow[], { key, dir }: SortState): ActorRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || x === "") return y === null || y === "" ? collator.compare(a.name, b.name) : 1;
    if (y === null || y === "") return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c === 0 ? collator.compare(a.name, b.name) : sign * c;
  });
}
