import type { Commitment, CommitmentStatus, Need } from "../api/types";

export type { CommitmentPatch } from "../../../../server/schemas/domain";
export type CommitmentEvent = Commitment["history"][number];

/** What the board shows: commitments touching an actor (on either side), a category (with its sub-categories, on
 * either side) or a region (either actor's). Null means any. */
export interface BoardFilter {
  actorId: string | null;
  category: string | null;
  region: string | null;
}

/** A commitment as a card reads it: both sides named, the amount in words, and where it may go next. */
export interface CommitmentCard {
  id: string;
  status: CommitmentStatus;
  amount: number;
  unit: string;
  amountText: string;
  offeringId: string;
  offeringTitle: string;
  fromActorId: string | null;
  fromName: string;
  needId: string;
  needTitle: string;
  toActorId: string | null;
  toName: string;
  history: CommitmentEvent[];
  /** The moves the lifecycle allows from `status` (the server's rule), in its order. */
  next: CommitmentStatus[];
  /** What the offering has left after every active commitment, in its unit; null when the offering is unknown. */
  capacityLeft: number | null;
  needStatus: Need["status"] | null;
  updatedAt: string;
}

export interface BoardColumn {
  status: CommitmentStatus;
  cards: CommitmentCard[];
  /** Declined and cancelled commitments: out of the way unless asked for. */
  closed: boolean;
}

/** What has been delivered to a need or out of an offering, in its unit. */
export interface DeliveredRow {
  id: string;
  title: string;
  actorName: string;
  delivered: number;
  /** The need's quantity or the offering's capacity, for "80 of 100 devices". */
  of: number;
  unit: string;
}

export type AmountCheck = { ok: true; value: number } | { ok: false; error: string };
