// A map's needs and offerings ("items"): what actors lack and what they can give. Both hang on an actor and a
// category and share their storage shape, so one repository serves both, naming the queries of each kind.
import type { ManagedTransaction } from "neo4j-driver";
import type { Need, NeedInput, NeedPatch, Offering, OfferingInput, OfferingPatch } from "../schemas/domain";
import { AMOUNT_EPSILON } from "../domain/commitments";
import { ConflictError, InvalidReferenceError, NotFoundError } from "../domain/errors";
import {
  ACTIVE,
  applyPatch,
  needFromProps,
  needToProps,
  offeringFromProps,
  offeringToProps,
  stripTimestamps,
} from "./records";
import { recordAudit } from "./audit";
import { categoryUnits, withUnits } from "./category-units";
import { assertVersion, revOf, versioned, versionOf } from "./preconditions";
import { checkReferences } from "./references";
import { newId, now, nullsToNull, rows, touch, touchToDelete, type Row, type StoreSession } from "./session";
import type { ItemFilter, ListResult, Page } from "./types";

const ITEM_KINDS = {
  need: {
    label: "Need",
    upsert: "need-upsert",
    get: "need-get",
    list: "need-list",
    del: "need-delete",
    toProps: needToProps,
    fromProps: needFromProps,
  },
  offering: {
    label: "Offering",
    upsert: "offering-upsert",
    get: "offering-get",
    list: "offering-list",
    del: "offering-delete",
    toProps: offeringToProps,
    fromProps: offeringFromProps,
  },
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;
export type ItemOf<K extends ItemKind> = K extends "need" ? Need : Offering;
export type ItemInputOf<K extends ItemKind> = K extends "need" ? NeedInput : OfferingInput;
export type ItemPatchOf<K extends ItemKind> = K extends "need" ? NeedPatch : OfferingPatch;

export class ItemRepository {
  constructor(private readonly session: StoreSession) {}

  async list<K extends ItemKind>(
    kind: K,
    mapId: string,
    filter: ItemFilter,
    page: Page,
  ): Promise<ListResult<ItemOf<K>>> {
    const k = ITEM_KINDS[kind];
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const params = {
        actorId: null,
        actorType: null,
        region: null,
        category: null,
        status: null,
        priority: null,
        modality: null,
        ...nullsToNull({ ...filter }),
        q: filter.q?.toLowerCase() ?? null,
      };
      const [row] = await rows(tx, k.list, { mapId, ...params, ...page });
      return {
        items: (row!.items as Row[]).map((p) => k.fromProps(p) as ItemOf<K>),
        total: row!.total as number,
        ...page,
      };
    });
  }

  async get<K extends ItemKind>(kind: K, mapId: string, id: string): Promise<ItemOf<K>> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return itemIn(tx, kind, mapId, id);
    });
  }

  async create<K extends ItemKind>(kind: K, mapId: string, input: ItemInputOf<K>): Promise<ItemOf<K>> {
    const k = ITEM_KINDS[kind];
    const given = { ...input, id: input.id ?? newId() };
    // Read in the write transaction: the default unit is the category's as this item is created.
    await this.session.write(async (tx) => {
      const [item] = withUnits([given], await categoryUnits(tx, mapId, [given.category]));
      if (!item) return;
      // Locked before the check, as an actor's deletion locks it first: either the deletion sees this item, or
      // this write sees the actor gone (400) and no item is left without its actor (actor-lock.cypher).
      await rows(tx, "actor-lock", { mapId, id: item.actorId });
      await checkReferences(tx, mapId, {
        actors: [{ id: item.actorId, field: "actorId" }],
        categories: [{ id: item.category, field: "category" }],
      });
      if ((await rows(tx, k.get, { mapId, id: item.id })).length) {
        throw new ConflictError(`${k.label} '${item.id}' already exists in map '${mapId}'`);
      }
      // A concurrent create of the same id finds the node its MERGE waited for: it created nothing, so it is the 409.
      const [written] = await rows(tx, k.upsert, { mapId, now: now(), rows: [k.toProps(item as never)] });
      if (!written?.created) throw new ConflictError(`${k.label} '${item.id}' already exists in map '${mapId}'`);
      await touch(tx, mapId);
      const after = await itemIn(tx, kind, mapId, item.id);
      await recordAudit(tx, {
        mapId,
        action: "create",
        entityType: kind,
        entityId: item.id,
        after,
        actorIds: [item.actorId],
      });
    });
    return this.get(kind, mapId, given.id);
  }

  async update<K extends ItemKind>(kind: K, mapId: string, id: string, patch: ItemPatchOf<K>): Promise<ItemOf<K>> {
    const k = ITEM_KINDS[kind];
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId, {
        categories: patch.category ? [{ id: patch.category, field: "category" }] : [],
      });
      // Locked before it is read, as commitments lock it: its status and what its commitments hold are current
      // here and stay so until this write commits (item-lock.cypher).
      await rows(tx, "item-lock", { mapId, id, kind });
      const before = await itemIn(tx, kind, mapId, id);
      assertVersion(k.label, id, versionOf(before)!);
      const current = stripTimestamps(before);
      await assertHoldsCommitments(tx, kind, mapId, id, current.unit, patch);
      const next = applyPatch(current, patch);
      // Checked in this write transaction against the item as stored, and the item is written whole as checked,
      // so a concurrent PATCH of the other end cannot combine with this one into a backwards range.
      const dates = next as { validFrom?: string; validUntil?: string };
      if (dates.validFrom && dates.validUntil && dates.validUntil < dates.validFrom) {
        const field = "validUntil" in patch && patch.validUntil ? "validUntil" : "validFrom";
        throw new InvalidReferenceError([
          { field, message: `must keep validUntil on or after validFrom (${dates.validFrom} to ${dates.validUntil})` },
        ]);
      }
      await rows(tx, k.upsert, { mapId, now: now(), rows: [k.toProps(next as never)] });
      await touch(tx, mapId);
      const after = await itemIn(tx, kind, mapId, id);
      await recordAudit(tx, {
        mapId,
        action: "update",
        entityType: kind,
        entityId: id,
        before,
        after,
        actorIds: [before.actorId],
      });
    });
    return this.get(kind, mapId, id);
  }

  /**
   * An item with active commitments is not deleted (409): they would vanish with their history and, for a need,
   * give back capacity nobody released. The item is locked before the count, so none can land in between.
   */
  async delete(kind: ItemKind, mapId: string, id: string): Promise<void> {
    const k = ITEM_KINDS[kind];
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      if (!(await rows(tx, "item-lock", { mapId, id, kind })).length) throw new NotFoundError(k.label, id);
      const before = await itemIn(tx, kind, mapId, id);
      assertVersion(k.label, id, versionOf(before)!);
      const held = await heldBy(tx, kind, mapId, id);
      if (held.active > 0) {
        throw new ConflictError(
          `${k.label} '${id}' has ${held.active} active commitment(s) holding ${held.amount}: cancel or decline them before deleting it`,
        );
      }
      const [row] = await rows(tx, k.del, { mapId, id, active: ACTIVE });
      if (!row) throw new NotFoundError(k.label, id);
      await touchToDelete(tx, mapId);
      await recordAudit(tx, {
        mapId,
        action: "delete",
        entityType: kind,
        entityId: id,
        before,
        actorIds: [before.actorId],
      });
    });
  }
}

async function itemIn<K extends ItemKind>(
  tx: ManagedTransaction,
  kind: K,
  mapId: string,
  id: string,
): Promise<ItemOf<K>> {
  const k = ITEM_KINDS[kind];
  const [row] = await rows(tx, k.get, { mapId, id });
  if (!row) throw new NotFoundError(k.label, id);
  const props = row[kind] as Row;
  return versioned(k.fromProps(props) as ItemOf<K>, revOf(props));
}

/** How many active commitments the item has and the amount they hold; read after item-lock in the same transaction. */
async function heldBy(tx: ManagedTransaction, kind: ItemKind, mapId: string, id: string) {
  const [row] = await rows(tx, "item-held", { mapId, id, kind, active: ACTIVE });
  return { active: Number(row?.active ?? 0), amount: Number(row?.held ?? 0) };
}

/**
 * The rule POST /commitments keeps, kept by every change of an item (a PATCH, an accepted survey answer): an
 * offering's capacity never drops below what its active commitments hold, nor a need's quantity below what they
 * cover, and the unit they count in stays while any is active (409 naming the field and the amount). Called after
 * item-lock in the same transaction, so no commitment can land in between.
 */
export async function assertHoldsCommitments(
  tx: ManagedTransaction,
  kind: ItemKind,
  mapId: string,
  id: string,
  unit: string,
  patch: { capacity?: number; quantity?: number; unit?: string },
): Promise<void> {
  const field = kind === "offering" ? "capacity" : "quantity";
  const next = patch[field];
  const newUnit = patch.unit !== undefined && patch.unit !== unit;
  if (next === undefined && !newUnit) return;
  const held = await heldBy(tx, kind, mapId, id);
  if (newUnit && held.active > 0) {
    throw new ConflictError(
      `${ITEM_KINDS[kind].label} '${id}' has ${held.active} active commitment(s) in ${unit}: cancel them before changing its unit`,
    );
  }
  if (next !== undefined && next < held.amount - AMOUNT_EPSILON) {
    throw new ConflictError(
      `${field}: ${ITEM_KINDS[kind].label} '${id}' has ${held.amount} ${kind === "offering" ? "committed" : "committed to it"} by ${held.active} active commitment(s); ${field} cannot drop to ${next} below that: cancel or decline commitments first`,
    );
  }
}
