// A map's actors: the organisations and people of the ecosystem, the nodes its ties, needs and offerings hang on.
import type { ManagedTransaction } from "neo4j-driver";
import type { Actor, ActorInput, ActorPatch } from "../schemas/domain";
import { ConflictError, NotFoundError } from "../domain/errors";
import { actorCascade, recordAudit } from "./audit";
import { ACTIVE, actorFromProps, actorToProps, applyPatch } from "./records";
import { assertVersion, revOf, versioned, versionOf } from "./preconditions";
import { checkReferences } from "./references";
import { newId, now, nullsToNull, rows, touch, touchToDelete, type Row, type StoreSession } from "./session";
import type { ActorFilter, ListResult, Page } from "./types";

export class ActorRepository {
  constructor(private readonly session: StoreSession) {}

  async list(mapId: string, filter: ActorFilter, page: Page): Promise<ListResult<Actor>> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const params = {
        type: null,
        region: null,
        tag: null,
        category: null,
        ...nullsToNull({ ...filter }),
        q: filter.q?.toLowerCase() ?? null,
      };
      const [row] = await rows(tx, "actor-list", { mapId, ...params, ...page });
      return { items: (row!.items as Row[]).map(actorFromProps), total: row!.total as number, ...page };
    });
  }

  async get(mapId: string, id: string): Promise<Actor> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return actorIn(tx, mapId, id);
    });
  }

  async create(mapId: string, input: ActorInput): Promise<Actor> {
    const actor = { ...input, id: input.id ?? newId() } as Omit<Actor, "createdAt" | "updatedAt">;
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      if ((await rows(tx, "actor-get", { mapId, id: actor.id })).length) {
        throw new ConflictError(`Actor '${actor.id}' already exists in map '${mapId}'`);
      }
      // A concurrent create of the same id passes the check above, then waits on the key's lock and finds the
      // node there (the upsert's MERGE): it created nothing, so it is the 409, and its write rolls back.
      const [written] = await rows(tx, "actor-upsert", { mapId, now: now(), rows: [actorToProps(actor)] });
      if (!written?.created) throw new ConflictError(`Actor '${actor.id}' already exists in map '${mapId}'`);
      await touch(tx, mapId);
      const after = await actorIn(tx, mapId, actor.id);
      await recordAudit(tx, {
        mapId,
        action: "create",
        entityType: "actor",
        entityId: actor.id,
        after,
        actorIds: [actor.id],
      });
    });
    return this.get(mapId, actor.id);
  }

  async update(mapId: string, id: string, patch: ActorPatch): Promise<Actor> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      // Locked before it is read, so concurrent patches queue and each entry's "before" is what the last one left.
      await rows(tx, "actor-lock", { mapId, id });
      const before = await actorIn(tx, mapId, id);
      assertVersion("Actor", id, versionOf(before)!);
      const next = applyPatch(before, patch);
      await rows(tx, "actor-upsert", { mapId, now: now(), rows: [actorToProps(next)] });
      await touch(tx, mapId);
      const after = await actorIn(tx, mapId, id);
      await recordAudit(tx, {
        mapId,
        action: "update",
        entityType: "actor",
        entityId: id,
        before,
        after,
        actorIds: [id],
      });
    });
    return this.get(mapId, id);
  }

  /**
   * The actor goes with its ties, needs and offerings; what its needs held on others' offerings is freed. The actor
   * is locked before its items are read, and a write hanging an item on it takes the same lock (actor-lock.cypher),
   * so no item created meanwhile is left behind without its actor.
   */
  async delete(mapId: string, id: string): Promise<void> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      if (!(await rows(tx, "actor-lock", { mapId, id })).length) throw new NotFoundError("Actor", id);
      const before = await actorIn(tx, mapId, id);
      assertVersion("Actor", id, versionOf(before)!);
      const counts = await actorCascade(tx, mapId, id);
      const [row] = await rows(tx, "actor-delete", { mapId, id, active: ACTIVE });
      if (!row) throw new NotFoundError("Actor", id);
      await touchToDelete(tx, mapId);
      await recordAudit(tx, {
        mapId,
        action: "delete",
        entityType: "actor",
        entityId: id,
        before,
        counts,
        actorIds: [id],
      });
    });
  }
}

async function actorIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Actor> {
  const [row] = await rows(tx, "actor-get", { mapId, id });
  if (!row) throw new NotFoundError("Actor", id);
  const props = row.actor as Row;
  return versioned(actorFromProps(props), revOf(props));
}
