import type { Ecosystem } from "../graph/types";
import type { FunderLens, FunderRow } from "./types";

/** Who funds whom (with amounts), who is co-funded, and who any chain of funds ties reaches. */
export function funderLens(eco: Ecosystem): FunderLens {
  const byFunder = new Map<string, FunderRow>();
  const fundersOf = new Map<string, Set<string>>();
  const receivedBy = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const r of eco.view.relationships) {
    if (r.type !== "funds") continue;
    let row = byFunder.get(r.from);
    if (!row) byFunder.set(r.from, (row = { funderId: r.from, total: 0, grants: [] }));
    row.grants.push({ recipientId: r.to, amount: r.amount, relationshipId: r.id });
    row.total += r.amount ?? 0;
    if (!fundersOf.has(r.to)) fundersOf.set(r.to, new Set());
    fundersOf.get(r.to)!.add(r.from);
    receivedBy.set(r.to, (receivedBy.get(r.to) ?? 0) + (r.amount ?? 0));
    out.set(r.from, [...(out.get(r.from) ?? []), r.to]);
  }
  for (const row of byFunder.values()) row.grants.sort((a, b) => (b.amount ?? 0) - (a.amount ?? 0));
  const reached = new Set<string>();
  const queue = [...byFunder.keys()];
  for (const id of queue) reached.add(id);
  while (queue.length) {
    const id = queue.pop()!;
    for (const next of out.get(id) ?? [])
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
  }
  return {
    funders: [...byFunder.values()].sort((a, b) => b.total - a.total || b.grants.length - a.grants.length),
    coFunded: [...fundersOf]
      .filter(([, set]) => set.size > 1)
      .map(([actorId, set]) => ({ actorId, funders: [...set], total: receivedBy.get(actorId) ?? 0 }))
      .sort((a, b) => b.funders.length - a.funders.length || b.total - a.total),
    reached,
  };
}
