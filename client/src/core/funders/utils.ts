import type { Funding } from "../api";
import type { FunderRow, FundingTie } from "./types";

const plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** "USD 5,000" when the currency is known, "5,000" when not: amounts are money, never of another unit. */
export function formatMoney(amount: number, currency: string | null): string {
  return currency ? `${currency} ${plain.format(amount)}` : plain.format(amount);
}

/**
 * The server's funders, each with its own ties. A funder giving in several currencies has a row per currency
 * (largest first); each row lists the ties in its currency, and ties stating no amount go with the funder's first row.
 */
export function funderRows(funding: Funding): FunderRow[] {
  const rowsOf = new Map<string, Funding["funders"]>();
  for (const f of funding.funders) rowsOf.set(f.id, [...(rowsOf.get(f.id) ?? []), f]);
  const tiesOf = new Map<Funding["funders"][number], FundingTie[]>();
  for (const tie of funding.ties) {
    const rows = rowsOf.get(tie.from);
    if (!rows) continue;
    const row = rows.find((r) => r.currency === tie.currency) ?? rows[0]!;
    tiesOf.set(row, [...(tiesOf.get(row) ?? []), tie]);
  }
  return funding.funders.map((funder) => ({
    funder,
    ties: [...(tiesOf.get(funder) ?? [])].sort((a, b) => (b.amount ?? -1) - (a.amount ?? -1)),
  }));
}

/** A row's key: a funder has one row per currency. */
export function funderRowKey(row: FunderRow): string {
  return `${row.funder.id}:${row.funder.currency ?? ""}`;
}
