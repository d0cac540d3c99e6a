import type { Funding } from "../api";

export type FundingTie = Funding["ties"][number];

/** A funder with its ties, as the Funders tab lists them. */
export interface FunderRow {
  funder: Funding["funders"][number];
  /** Its ties, largest stated amount first (unstated last). */
  ties: FundingTie[];
}
