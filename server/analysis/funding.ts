// Who funds whom: the map's `funds` ties with their amounts, each funder's totals, the actors two or more funders
// support, and the under-served actors (those the gap analysis finds short) that no funds tie reaches. Amounts are
// money in a currency (ISO 4217): the tie's own when it states one; otherwise the one currency its funder's
// offerings are counted in, and unknown when they have none or several. Amounts of different currencies (unknown
// counting as one of its own) are never added: totals are per funder and currency.
import { isCurrency } from "../domain/units";

export interface FundsTieInput {
  id: string;
  from: string;
  to: string;
  type: string;
  amount?: number;
  currency?: string;
}

export interface FunderOfferingInput {
  actorId: string;
  unit?: string;
}

/** An actor the gap analysis finds short: not one whose needs are all covered, nor one with none recorded. */
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

/**
 * A funder's ties in one currency: a funder that gives in several currencies has one row per currency, since
 * their amounts cannot be added. Ties without an amount carry no money, so they count on its largest row.
 */
export interface FunderTotal {
  actorId: string;
  currency: string | null;
  /** Sum of the stated amounts of its ties in `currency`. */
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
      // The tie says what its amount is counted in. Only a tie that does not (stored before ties had a currency, or
      // without an amount) falls back on its funder's offerings: a guess, right when the funder works in one currency.
      currency: r.currency ?? currencies.get(r.from) ?? null,
    }))
    .sort((a, b) => byId(a.from, b.from) || byId(a.to, b.to) || byId(a.id, b.id));

  type Row = FunderTotal & { recipientSet: Set<string> };
  const rowsOf = new Map<string, Map<string | null, Row>>();
  const rowFor = (funder: string, currency: string | null) => {
    const rows = rowsOf.get(funder) ?? new Map<string | null, Row>();
    rowsOf.set(funder, rows);
    let row = rows.get(currency);
    if (!row) {
      row = { actorId: funder, currency, total: 0, recipients: 0, ties: 0, unstated: 0, recipientSet: new Set() };
      rows.set(currency, row);
    }
    return row;
  };
  const fundersOf = new Map<string, Set<string>>();
  const receivedBy = new Map<string, Map<string | null, number>>();
  const unstatedTies: FundingTie[] = [];
  for (const t of ties) {
    if (t.amount === null) unstatedTies.push(t);
    else {
      const row = rowFor(t.from, t.currency);
      row.ties++;
      row.total += t.amount;
      row.recipientSet.add(t.to);
    }
    const set = fundersOf.get(t.to) ?? new Set<string>();
    set.add(t.from);
    fundersOf.set(t.to, set);
    const received = receivedBy.get(t.to) ?? new Map<string | null, number>();
    received.set(t.currency, (received.get(t.currency) ?? 0) + (t.amount ?? 0));
    receivedBy.set(t.to, received);
  }
  const byTotal = (a: FunderTotal, b: FunderTotal) =>
    b.total - a.total ||
    b.recipients - a.recipients ||
    byId(a.actorId, b.actorId) ||
    byId(a.currency ?? "", b.currency ?? "");
  for (const t of unstatedTies) {
    const rows = [...(rowsOf.get(t.from)?.values() ?? [])];
    const row =
      rows.sort((a, b) => b.total - a.total || byId(a.currency ?? "", b.currency ?? ""))[0] ??
      rowFor(t.from, t.currency);
    row.ties++;
    row.unstated++;
    row.recipientSet.add(t.to);
  }

  return {
    ties,
    funders: [...rowsOf.values()]
      .flatMap((rows) => [...rows.values()])
      .map(({ recipientSet, ...f }) => ({ ...f, recipients: recipientSet.size }))
      .sort(byTotal),
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
