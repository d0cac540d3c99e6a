// A map's commitments: an amount of an offering reserved for a need, moved along its lifecycle by the rules of
// server/domain/commitments.ts. Each write keeps the offering's `committed` and both items' statuses in step.
import type { ManagedTransaction } from "neo4j-driver";
import type { Commitment, CommitmentInput, CommitmentPatch } from "../schemas/domain";
import {
  AMOUNT_EPSILON,
  assertTransition,
  freesCapacity,
  needStatusFor,
  offeringStatusFor,
} from "../domain/commitments";
import { ConflictError, InvalidReferenceError, NotFoundError } from "../domain/errors";
import { recordAudit } from "./audit";
import { ACTIVE, commitmentFromProps } from "./records";
import { assertVersion, revOf, versioned, versionOf } from "./preconditions";
import { checkReferences } from "./references";
import { newId, now, rows, touch, type Row, type StoreSession } from "./session";
import type { CommitmentFilter, ListResult, Page } from "./types";

export class CommitmentRepository {
  constructor(private readonly session: StoreSession) {}

  async list(mapId: string, filter: CommitmentFilter, page: Page): Promise<ListResult<Commitment>> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const [row] = await rows(tx, "commitment-list", {
        mapId,
        status: filter.status ?? null,
        offeringId: filter.offeringId ?? null,
        needId: filter.needId ?? null,
        actorId: filter.actorId ?? null,
        ...page,
      });
      return { items: (row!.items as Row[]).map(commitmentFromProps), total: row!.total as number, ...page };
    });
  }

  async get(mapId: string, id: string): Promise<Commitment> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return commitmentIn(tx, mapId, id);
    });
  }

  /**
   * Reserves `amount` of an offering for a need. The offering and the need are locked before their state is
   * read, so concurrent commitments queue and can never over-commit the offering (409 instead).
   */
  async create(mapId: string, input: CommitmentInput): Promise<Commitment> {
    const id = input.id ?? newId();
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId, {
        offerings: [{ id: input.offeringId, field: "offeringId" }],
        needs: [{ id: input.needId, field: "needId" }],
      });
      const state = await lockedState(tx, mapId, input.offeringId, input.needId);
      // Checked under the locks: a concurrent create of the same id on the same items has committed by now (the
      // write below would replace it), and one on other items fails on the FULFILLS key constraint (409).
      if ((await rows(tx, "commitment-get", { mapId, id })).length) {
        throw new ConflictError(`Commitment '${id}' already exists in map '${mapId}'`);
      }
      if (state.offeringActor === state.needActor) {
        throw new InvalidReferenceError([
          { field: "needId", message: "an actor's own offering cannot meet its own need" },
        ]);
      }
      // Checked under the locks: neither item's unit can change before this commitment is written.
      if (state.offeringUnit !== state.needUnit) {
        throw new ConflictError(
          `Offering '${input.offeringId}' counts in ${state.offeringUnit} and need '${input.needId}' in ${state.needUnit}: a commitment cannot turn one unit into another`,
        );
      }
      if (state.offeringStatus === "exhausted") throw new ConflictError(`Offering '${input.offeringId}' is exhausted`);
      if (state.needStatus === "closed" || state.needStatus === "met") {
        throw new ConflictError(`Need '${input.needId}' is ${state.needStatus}`);
      }
      const remaining = state.capacity - state.committed;
      if (input.amount > remaining + AMOUNT_EPSILON) {
        throw new ConflictError(
          `Offering '${input.offeringId}' has ${remaining} of ${state.capacity} left; committing ${input.amount} would exceed its capacity`,
        );
      }
      const t = now();
      await writeCommitment(tx, mapId, input.offeringId, input.needId, state, {
        committed: state.committed + input.amount,
        needAmount: state.needAmount + input.amount,
        commitment: {
          id,
          amount: input.amount,
          unit: state.offeringUnit,
          status: input.status,
          history: JSON.stringify([
            { status: input.status, by: input.by, at: t, ...(input.note ? { note: input.note } : {}) },
          ]),
          createdAt: t,
          updatedAt: t,
          rev: 1,
        },
        now: t,
      });
      await recordAudit(tx, {
        mapId,
        action: "create",
        entityType: "commitment",
        entityId: id,
        after: await commitmentIn(tx, mapId, id),
        actorIds: [state.offeringActor, state.needActor],
      });
    });
    return this.get(mapId, id);
  }

  /** Moves a commitment along its lifecycle; declining or cancelling frees what it held. */
  async update(mapId: string, id: string, patch: CommitmentPatch): Promise<Commitment> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      const before = await commitmentIn(tx, mapId, id);
      const state = await lockedState(tx, mapId, before.offeringId, before.needId);
      const current = await commitmentIn(tx, mapId, id); // re-read under the locks
      assertVersion("Commitment", id, versionOf(current)!);
      assertTransition(id, current.status, patch.status);
      const frees = freesCapacity(current.status, patch.status);
      const t = now();
      const history = [
        ...current.history,
        { status: patch.status, by: patch.by, at: t, ...(patch.note ? { note: patch.note } : {}) },
      ];
      await writeCommitment(tx, mapId, current.offeringId, current.needId, state, {
        committed: state.committed - (frees ? current.amount : 0),
        needAmount: state.needAmount - (frees ? current.amount : 0),
        commitment: {
          id,
          amount: current.amount,
          unit: current.unit,
          status: patch.status,
          history: JSON.stringify(history),
          createdAt: current.createdAt,
          updatedAt: t,
          rev: versionOf(current)! + 1,
        },
        now: t,
      });
      await recordAudit(tx, {
        mapId,
        action: "transition",
        entityType: "commitment",
        entityId: id,
        before: current,
        after: await commitmentIn(tx, mapId, id),
        actorIds: [state.offeringActor, state.needActor],
      });
    });
    return this.get(mapId, id);
  }
}

async function commitmentIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Commitment> {
  const [row] = await rows(tx, "commitment-get", { mapId, id });
  if (!row) throw new NotFoundError("Commitment", id);
  const props = row.commitment as Row;
  return versioned(commitmentFromProps(props), revOf(props));
}

/** Locks the offering and the need, then reads what their active commitments hold: the rest of the write relies on it. */
async function lockedState(tx: ManagedTransaction, mapId: string, offeringId: string, needId: string) {
  // Either item may be deleted after the request's reference check, even while this lock waits for the deletion
  // to commit (the lock query then still answers): the read after the lock tells, and that is a 404.
  const locked = await rows(tx, "commitment-lock", { mapId, offeringId, needId });
  const [s] = locked.length ? await rows(tx, "commitment-state", { mapId, offeringId, needId, active: ACTIVE }) : [];
  if (!s) throw await goneItem(tx, mapId, offeringId, needId);
  return {
    capacity: s!.capacity as number,
    committed: s!.committed as number,
    offeringStatus: s!.offeringStatus as string,
    offeringActor: s!.offeringActor as string,
    offeringUnit: s!.offeringUnit as string,
    needUnit: s!.needUnit as string,
    quantity: s!.quantity as number,
    needStatus: s!.needStatus as string,
    needActor: s!.needActor as string,
    needAmount: (s!.needAmounts as number[]).reduce((a, b) => a + b, 0),
  };
}
type LockedState = Awaited<ReturnType<typeof lockedState>>;

/** Which of the two items a commitment named is gone, as the 404 to answer. */
async function goneItem(tx: ManagedTransaction, mapId: string, offeringId: string, needId: string) {
  const [check] = await rows(tx, "references-check", {
    mapId,
    actorIds: [],
    categoryIds: [],
    needIds: [needId],
    offeringIds: [offeringId],
  });
  return (check?.missingOfferings as string[] | undefined)?.length
    ? new NotFoundError("Offering", offeringId)
    : new NotFoundError("Need", needId);
}

async function writeCommitment(
  tx: ManagedTransaction,
  mapId: string,
  offeringId: string,
  needId: string,
  state: LockedState,
  next: { committed: number; needAmount: number; commitment: Row; now: string },
): Promise<void> {
  const offeringStatus = offeringStatusFor(state.offeringStatus, next.committed, state.capacity);
  const needStatus = needStatusFor(state.needStatus, next.needAmount, state.quantity);
  await rows(tx, "commitment-write", {
    mapId,
    offeringId,
    needId,
    committed: Math.max(0, next.committed),
    offeringStatus,
    needStatus,
    commitment: next.commitment,
    now: next.now,
  });
  await touch(tx, mapId);
}
