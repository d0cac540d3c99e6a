// Who funds whom: the map's `funds` ties with their amounts, each funder's totals, the actors two or more funders
// support, and the under-served actors (as the gap analysis ranks them) that no funds tie reaches. Amounts are
// money; a tie carries no currency of its own, so a funder's currency is the one currency its own offerings are
// counted in (ISO 4217), and unknown when it has none or several. Amounts of different currencies are never added.
import { isCurrency } from "../domain/units";

export interface FundsTieInput {
  id: string;
  from: string;
  to: string;
  type: string;
  amount?: number;
}

export interface FunderOfferingInput {
  actorId: string;
  unit?: string;
}

export interface UnderServedInput {
  actorId: string;
  score: number;
  reasons: string[];
}

export interface FundingTie {
  id: string;
  from: string;
  to: string;
  /** null when the tie states no amount. */
  amount: number | null;
  currency: string | null;
}

export interface FunderTotal {
  actorId: string;
  currency: string | null;
  /** Sum of the stated amounts of its ties. */
  total: number;
  recipients: number;
  ties: number;
  /** Ties without an amount, left out of `total`. */
  unstated: number;
}

export interface MoneyAmount {
  currency: string | null;
  amount: number;
}

export interface CoFunded {
  actorId: string;
  /** Its funders, by id. */
  funders: string[];
  /** What it receives, one entry per currency (null: currency unknown), largest first. */
  received: MoneyAmount[];
}

export interface FundingResult {
  ties: FundingTie[];
  funders: FunderTotal[];
  coFunded: CoFunded[];
  /** Under-served actors without any funds tie in, in the gap analysis's order. */
  unreached: UnderServedInput[];
}

/** The one currency an actor's offerings are counted in, or null when none or several. */
export function funderCurrencies(offerings: readonly FunderOfferingInput[]): Map<string, string | null> {
  const seen = new Map<string, Set<string>>();
  for (const o of offerings) {
    if (!o.unit || !isCurrency(o.unit)) continue;
    const set = seen.get(o.actorId) ?? new Set<string>();
    set.add(o.unit);
    seen.set(o.actorId, set);
  }
  return new Map([...seen].map(([actor, set]) => [actor, set.size === 1 ? [...set][0]! : null]));
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function analyzeFunding(
  relationships: readonly FundsTieInput[],
  currencies: ReadonlyMap<string, string | null>,
  underServed: readonly UnderServedInput[],
): FundingResult {
  // Sorted by ends, then id, so the answer does not depend on the order the store returns ties in.
  const ties: FundingTie[] = relationships
    .filter((r) => r.type === "funds" && r.from !== r.to)
    .map((r) => ({
      id: r.id,
      from: r.from,
      to: r.to,
      amount: r.amount ?? null,
      currency: currencies.get(r.from) ?? null,
    }))
    .sort((a, b) => byId(a.from, b.from) || byId(a.to, b.to) || byId(a.id, b.id));

  const funders = new Map<string, FunderTotal & { recipientSet: Set<string> }>();
  const fundersOf = new Map<string, Set<string>>();
  const receivedBy = new Map<string, Map<string | null, number>>();
  for (const t of ties) {
    let f = funders.get(t.from);
    if (!f) {
      f = {
        actorId: t.from,
        currency: t.currency,
        total: 0,
        recipients: 0,
        ties: 0,
        unstated: 0,
        recipientSet: new Set(),
      };
      funders.set(t.from, f);
    }
    f.ties++;
    f.recipientSet.add(t.to);
    if (t.amount === null) f.unstated++;
    else f.total += t.amount;
    const set = fundersOf.get(t.to) ?? new Set<string>();
    set.add(t.from);
    fundersOf.set(t.to, set);
    const received = receivedBy.get(t.to) ?? new Map<string | null, number>();
    received.set(t.currency, (received.get(t.currency) ?? 0) + (t.amount ?? 0));
    receivedBy.set(t.to, received);
  }

  return {
    ties,
    funders: [...funders.values()]
      .map(({ recipientSet, ...f }) => ({ ...f, recipients: recipientSet.size }))
      .sort((a, b) => b.total - a.total || b.recipients - a.recipients || byId(a.actorId, b.actorId)),
    coFunded: [...fundersOf]
      .filter(([, set]) => set.size >= 2)
      .map(([actorId, set]) => ({
        actorId,
        funders: [...set].sort(byId),
        received: [...receivedBy.get(actorId)!]
          .map(([currency, amount]) => ({ currency, amount }))
          .sort((a, b) => b.amount - a.amount || byId(a.currency ?? "", b.currency ?? "")),
      }))
      .sort(
        (a, b) =>
          b.funders.length - a.funders.length ||
          (b.received[0]?.amount ?? 0) - (a.received[0]?.amount ?? 0) ||
          byId(a.actorId, b.actorId),
      ),
    unreached: underServed.filter((u) => !fundersOf.has(u.actorId)),
  };
}
