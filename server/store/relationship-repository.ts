// A map's relationships: the typed, weighted ties between actors, stored as Neo4j relationships whose type comes
// from the allow-list in records.ts.
import type { ManagedTransaction } from "neo4j-driver";
import type { Relationship, RelationshipInput, RelationshipPatch } from "../schemas/domain";
import { ConflictError, InvalidReferenceError, NotFoundError } from "../domain/errors";
import { neo4jType, relationshipFromProps, relationshipRow } from "./records";
import { recordAudit } from "./audit";
import { assertVersion, revOf, versioned, versionOf } from "./preconditions";
import { checkReferences } from "./references";
import { newId, now, rows, touch, touchToDelete, type Row, type StoreSession } from "./session";
import type { ListResult, Page, RelationshipFilter } from "./types";

export class RelationshipRepository {
  constructor(private readonly session: StoreSession) {}

  async list(mapId: string, filter: RelationshipFilter, page: Page): Promise<ListResult<Relationship>> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const [row] = await rows(tx, "relationship-list", {
        mapId,
        neo4jType: filter.type ? neo4jType(filter.type) : null,
        actorId: filter.actorId ?? null,
        ...page,
      });
      return { items: (row!.items as Row[]).map(relationshipFromProps), total: row!.total as number, ...page };
    });
  }

  async get(mapId: string, id: string): Promise<Relationship> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return tieIn(tx, mapId, id);
    });
  }

  async create(mapId: string, input: RelationshipInput): Promise<Relationship> {
    const rel = { ...input, id: input.id ?? newId(), weight: input.weight ?? 1 };
    if (rel.from === rel.to)
      throw new InvalidReferenceError([{ field: "to", message: "an actor cannot be tied to itself" }]);
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId, {
        actors: [
          { id: rel.from, field: "from" },
          { id: rel.to, field: "to" },
        ],
      });
      // Touching the map first takes its lock, so two requests cannot both find the id free (no constraint can
      // keep tie ids unique across types).
      await touch(tx, mapId);
      if ((await rows(tx, "ids-taken", { mapId, ids: [rel.id] })).length) {
        throw new ConflictError(`Relationship '${rel.id}' already exists in map '${mapId}'`);
      }
      const t = now();
      await rows(tx, "relationship-create", { mapId, rows: [relationshipRow(rel, t, t)] });
      const after = await tieIn(tx, mapId, rel.id);
      await recordAudit(tx, {
        mapId,
        action: "create",
        entityType: "relationship",
        entityId: rel.id,
        after,
        actorIds: [rel.from, rel.to],
      });
    });
    return this.get(mapId, rel.id);
  }

  async update(mapId: string, id: string, patch: RelationshipPatch): Promise<Relationship> {
    // A currency only says what the amount is counted in, so removing the amount removes it too.
    const set = patch.amount === null && patch.currency === undefined ? { ...patch, currency: null } : patch;
    // One write transaction: a currency left without an amount throws inside it, so the patch is rolled back whole.
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      // Locked before it is read: concurrent patches queue, and the version compared is the one this write replaces.
      await rows(tx, "relationship-lock", { mapId, id });
      const before = await tieIn(tx, mapId, id);
      assertVersion("Relationship", id, versionOf(before)!);
      const [row] = await rows(tx, "relationship-update", { mapId, id, set, now: now() });
      if (!row) throw new NotFoundError("Relationship", id);
      if (row.currencyWithoutAmount) {
        throw new InvalidReferenceError([
          { field: "currency", message: "a currency needs an amount; the tie has none" },
        ]);
      }
      // Read back as patched, in the same write (which holds the tie's lock), so the stored other end counts too.
      if (patch.since || patch.until) {
        const [patched] = await rows(tx, "relationship-get", { mapId, id });
        const tie = relationshipFromProps(patched!.relationship as Row);
        if (tie.since && tie.until && tie.until < tie.since) {
          throw new InvalidReferenceError([
            {
              field: patch.until ? "until" : "since",
              message: `must keep until on or after since (${tie.since} to ${tie.until})`,
            },
          ]);
        }
      }
      await touch(tx, mapId);
      const after = await tieIn(tx, mapId, id);
      await recordAudit(tx, {
        mapId,
        action: "update",
        entityType: "relationship",
        entityId: id,
        before,
        after,
        actorIds: [before.from, before.to],
      });
    });
    return this.get(mapId, id);
  }

  async delete(mapId: string, id: string): Promise<void> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      await rows(tx, "relationship-lock", { mapId, id }); // as for an update
      const before = await tieIn(tx, mapId, id);
      assertVersion("Relationship", id, versionOf(before)!);
      const [row] = await rows(tx, "relationship-delete-by-ids", { mapId, ids: [id] });
      if (!row || row.count === 0) throw new NotFoundError("Relationship", id);
      await touchToDelete(tx, mapId);
      await recordAudit(tx, {
        mapId,
        action: "delete",
        entityType: "relationship",
        entityId: id,
        before,
        actorIds: [before.from, before.to],
      });
    });
  }
}

async function tieIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Relationship> {
  const [row] = await rows(tx, "relationship-get", { mapId, id });
  if (!row) throw new NotFoundError("Relationship", id);
  const props = row.relationship as Row;
  return versioned(relationshipFromProps(props), revOf(props));
}
