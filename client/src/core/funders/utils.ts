import type { Funding } from "../api";
import type { FunderRow, FundingTie } from "./types";

const plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** "USD 5,000" when the currency is known, "5,000" when not: amounts are money, never of another unit. */
export function formatMoney(amount: number, currency: string | null): string {
  return currency ? `${currency} ${plain.format(amount)}` : plain.format(amount);
}

/** The server's funders, each with its own ties (the response lists ties once, by funder then recipient). */
export function funderRows(funding: Funding): FunderRow[] {
  const byFunder = new Map<string, FundingTie[]>();
  for (const tie of funding.ties) byFunder.set(tie.from, [...(byFunder.get(tie.from) ?? []), tie]);
  return funding.funders.map((funder) => ({
    funder,
    ties: [...(byFunder.get(funder.id) ?? [])].sort((a, b) => (b.amount ?? -1) - (a.amount ?? -1)),
  }));
}
