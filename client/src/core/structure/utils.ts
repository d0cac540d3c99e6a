// Structure, read for the people on the map: the server's articulation points, bridges, brokers (Burt's
// structural holes) and isolates, each put in one sentence, and the actors each would strand found here so the map
// can show them (the server sends only their number).
import type { Structure, StructureItem } from "./types";

type Neighbours = ReadonlyMap<string, ReadonlySet<string>>;

const actors = (n: number) => `${n} ${n === 1 ? "actor" : "actors"}`;

/** The actors reached from `start` without passing through `removed` or along the tie `cut`. */
function reach(neighbours: Neighbours, start: string, removed: string | null, cut: [string, string] | null): string[] {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    for (const v of neighbours.get(u) ?? []) {
      if (v === removed || seen.has(v)) continue;
      if (cut && ((u === cut[0] && v === cut[1]) || (u === cut[1] && v === cut[0]))) continue;
      seen.add(v);
      queue.push(v);
    }
  }
  return queue;
}

/**
 * The actors that would lose every path to the rest of their part of the network if `id` stopped: all the pieces its
 * loss leaves except the largest (the server's `cutOff` counts the same; between equal pieces the first one
 * reached is kept).
 */
export function strandedBy(neighbours: Neighbours, id: string): string[] {
  const pieces: string[][] = [];
  const placed = new Set<string>();
  for (const start of neighbours.get(id) ?? []) {
    if (start === id || placed.has(start)) continue;
    const piece = reach(neighbours, start, id, null);
    for (const a of piece) placed.add(a);
    pieces.push(piece);
  }
  if (pieces.length < 2) return [];
  let largest = 0;
  pieces.forEach((p, i) => {
    if (p.length > pieces[largest]!.length) largest = i;
  });
  return pieces.flatMap((p, i) => (i === largest ? [] : p));
}

/** The smaller side of the tie `a`–`b` if it is a bridge (its end on that side first), or null when it is not. */
export function strandedByTie(neighbours: Neighbours, a: string, b: string): { end: string; actors: string[] } | null {
  const fromB = reach(neighbours, b, null, [a, b]);
  if (fromB.includes(a)) return null;
  const fromA = reach(neighbours, a, null, [a, b]);
  return fromB.length <= fromA.length ? { end: b, actors: fromB } : { end: a, actors: fromA };
}

/** Every item of the structure tab in the server's order (most damaging first, lowest constraint first). */
export function structureItems(s: Structure, neighbours: Neighbours): Record<StructureItem["kind"], StructureItem[]> {
  const articulation = s.articulationPoints.map((p): StructureItem => {
    const stranded = strandedBy(neighbours, p.id);
    const apart = p.pieces > 2 ? ` (its part of the map would fall into ${p.pieces} pieces)` : "";
    return {
      kind: "articulation",
      key: `articulation:${p.id}`,
      title: p.name,
      actorId: p.id,
      meaning: `If ${p.name} stopped, ${actors(p.cutOff)} would lose every path to the rest of the network${apart}.`,
      highlight: { key: `articulation:${p.id}`, focus: [p.id], related: stranded, ties: [], actorId: p.id },
    };
  });
  const bridges = s.bridges.map((b): StructureItem => {
    const side = strandedByTie(neighbours, b.from, b.to);
    const farName = side?.end === b.from ? b.fromName : b.toName;
    const who = b.cutOff === 1 ? farName : `${actors(b.cutOff)} around ${farName}`;
    return {
      kind: "bridge",
      key: `bridge:${b.from}:${b.to}`,
      title: `${b.fromName} – ${b.toName}`,
      meaning: `If the tie between ${b.fromName} and ${b.toName} ended, ${who} would be cut off from the rest.`,
      highlight: {
        key: `bridge:${b.from}:${b.to}`,
        focus: [b.from, b.to],
        related: side?.actors ?? [],
        ties: [[b.from, b.to]],
      },
    };
  });
  const brokers = s.brokers.map((b): StructureItem => {
    const contacts = Math.round(b.effectiveSize * 10) / 10;
    return {
      kind: "broker",
      key: `broker:${b.id}`,
      title: b.name,
      actorId: b.id,
      meaning:
        `${b.name} is tied to ${actors(b.degree)} who mostly do not know each other (${contacts} non-redundant ` +
        `contacts, constraint ${b.constraint.toFixed(2)}): introductions between their groups run through it.`,
      highlight: {
        key: `broker:${b.id}`,
        focus: [b.id],
        related: [...(neighbours.get(b.id) ?? [])],
        ties: [],
        actorId: b.id,
      },
    };
  });
  const isolates = s.isolates.map((a): StructureItem => ({
    kind: "isolate",
    key: `isolate:${a.id}`,
    title: a.name,
    actorId: a.id,
    meaning: `${a.name} has no ties on the map: nobody here can introduce it, and it can reach no one.`,
    highlight: { key: `isolate:${a.id}`, focus: [a.id], related: [], ties: [], actorId: a.id },
  }));
  return { articulation, bridge: bridges, broker: brokers, isolate: isolates };
}
