// A commitment is an accepted match: an amount of an offering reserved for a need. Its lifecycle is
// proposed -> contacted -> accepted -> delivered, or declined / cancelled on the way out.
import { ConflictError } from "./errors";

export const COMMITMENT_STATUSES = ["proposed", "contacted", "accepted", "delivered", "declined", "cancelled"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** The statuses a commitment may be created in. */
export const INITIAL_COMMITMENT_STATUSES = ["proposed", "contacted", "accepted", "delivered"] as const;

/** Commitments in these statuses hold the offering's capacity; declining or cancelling frees it. */
export const ACTIVE_COMMITMENT_STATUSES: ReadonlySet<CommitmentStatus> = new Set(INITIAL_COMMITMENT_STATUSES);

/** Active commitments not yet delivered: the ones a facilitator still follows up. */
export const IN_FLIGHT_COMMITMENT_STATUSES: ReadonlySet<CommitmentStatus> = new Set([
  "proposed",
  "contacted",
  "accepted",
]);

/** Where a commitment may go next from each status. */
export const COMMITMENT_TRANSITIONS: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  proposed: ["contacted", "accepted", "declined", "cancelled"],
  contacted: ["accepted", "declined", "cancelled"],
  accepted: ["delivered", "cancelled"],
  delivered: [],
  declined: [],
  cancelled: [],
};

/** Refuses a move the lifecycle does not allow (409, naming the moves it does allow). */
export function assertTransition(id: string, from: CommitmentStatus, to: CommitmentStatus): void {
  const allowed = COMMITMENT_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new ConflictError(
      `Commitment '${id}' is ${from}; it can move to ${allowed.length ? allowed.join(", ") : "nothing (final)"}, not ${to}`,
    );
  }
}

/** Whether moving from one status to the other gives the reserved amount back to the offering. */
export function freesCapacity(from: CommitmentStatus, to: CommitmentStatus): boolean {
  return ACTIVE_COMMITMENT_STATUSES.has(from) && !ACTIVE_COMMITMENT_STATUSES.has(to);
}

/** Amounts closer than this count as equal (capacities and quantities are decimals). */
export const AMOUNT_EPSILON = 1e-9;

/** An offering's status follows what is committed of it, unless a person marked it exhausted. */
export function offeringStatusFor(current: string, committed: number, capacity: number): string {
  if (current === "exhausted") return "exhausted";
  return committed >= capacity - AMOUNT_EPSILON ? "committed" : "available";
}

/** A need's status follows what is committed to it, unless a person closed it. */
export function needStatusFor(current: string, committed: number, quantity: number): string {
  if (current === "closed") return "closed";
  if (committed >= quantity - AMOUNT_EPSILON) return "met";
  return committed > AMOUNT_EPSILON ? "partially_met" : "open";
}
