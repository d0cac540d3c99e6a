// Maps: list, read, create (with the default taxonomy), duplicate, rename, and delete in batches.
import type { ManagedTransaction } from "neo4j-driver";
import type { AtlasMap, Bundle, CategoryInput, MapCreate, MapPatch } from "../schemas/domain";
import { ConflictError, NotFoundError } from "../domain/errors";
import { clearAudit, mapState, recordAudit } from "./audit";
import { currentPrincipal } from "../auth/context";
import { DEFAULT_REDACTED_TYPES } from "../privacy/policy";
import { checkBundle } from "./bundle-checks";
import { writeBundle } from "./bundle-writer";
import { assertVersion, hasCondition, revOf, versioned } from "./preconditions";
import { checkReferences } from "./references";
import { newId, now, rows, type Row, type StoreSession } from "./session";
import type { ListResult, Page } from "./types";

/** Items per transaction when a map is deleted: actors take their ties with them, about ten each. */
const DELETE_BATCH = 5000;

export class MapRepository {
  constructor(
    private readonly session: StoreSession,
    private readonly taxonomy: CategoryInput[],
  ) {}

  /** `ids`: the maps the caller may see, or null for all of them. */
  async list(page: Page, ids: readonly string[] | null = null): Promise<ListResult<AtlasMap>> {
    return this.session.read(async (tx) => {
      const result = await rows(tx, "map-list", { ...page, ids, defaultRedactedTypes: DEFAULT_REDACTED_TYPES });
      const total = result.length
        ? (result[0]!.total as number)
        : ((await rows(tx, "map-count", { ids }))[0]!.total as number);
      return { items: result.map((r) => r.map as AtlasMap), total, ...page };
    });
  }

  async get(mapId: string): Promise<AtlasMap> {
    const [row] = await this.session.read((tx) =>
      rows(tx, "map-get", { mapId, defaultRedactedTypes: DEFAULT_REDACTED_TYPES }),
    );
    if (!row) throw new NotFoundError("Map", mapId);
    return versioned(row.map as AtlasMap, revOf(row.map as Row));
  }

  async version(mapId: string): Promise<number> {
    const [row] = await this.session.read((tx) => rows(tx, "map-version", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
    return row.version as number;
  }

  /** A new map starts with the default taxonomy, which it may then extend. */
  async create(input: MapCreate): Promise<AtlasMap> {
    const id = input.id ?? newId();
    try {
      await this.session.write(async (tx) => {
        await rows(tx, "map-create", createParams(id, input, this.taxonomy));
        await recordAudit(tx, {
          mapId: id,
          action: "create",
          entityType: "map",
          entityId: id,
          after: await mapState(tx, id),
        });
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(`Map '${id}' already exists`);
      throw err;
    }
    return this.get(id);
  }

  /**
   * A new map holding a copy of `bundle` (another map's export) with that map's own taxonomy, not the default one.
   * The map node and every item are created in one write transaction (the bundle writer is handed that transaction
   * and told never to split it into chunks), so a failed copy, or an id taken meanwhile (409 from the Map id
   * constraint), leaves no half-filled map behind.
   */
  async duplicate(bundle: Bundle, input: MapCreate): Promise<AtlasMap> {
    const id = input.id ?? newId();
    const { items, references } = checkBundle(bundle);
    try {
      await writeBundle(
        (work) =>
          this.session.write(async (tx) => {
            await rows(tx, "map-create", createParams(id, input, bundle.categories));
            const written = await work(tx);
            await recordAudit(tx, {
              mapId: id,
              action: "create",
              entityType: "map",
              entityId: id,
              after: await mapState(tx, id),
              counts: Object.fromEntries(Object.entries(items).map(([kind, list]) => [kind, list.length])),
            });
            return written;
          }),
        {
          mapId: id,
          items,
          check: (tx) => checkReferences(tx, id, references),
          // Only read when a chunked import fails; a duplicate is never chunked.
          readMap: () => Promise.reject(new Error("map-repository: a duplicate is written in one transaction")),
          transactionItems: Number.POSITIVE_INFINITY,
        },
      );
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(`Map '${id}' already exists`);
      throw err;
    }
    return this.get(id);
  }

  async update(mapId: string, patch: MapPatch): Promise<AtlasMap> {
    await this.session.write(async (tx) => {
      await lockedRevision(tx, mapId);
      const before = await mapState(tx, mapId);
      const [row] = await rows(tx, "map-update", { mapId, set: patch, now: now() });
      if (!before || !row) throw new NotFoundError("Map", mapId);
      const after = await mapState(tx, mapId);
      await recordAudit(tx, { mapId, action: "update", entityType: "map", entityId: mapId, before, after });
    });
    return this.get(mapId);
  }

  /**
   * Items go in batches, each its own transaction, and the map node last: a large map does not fit in one
   * transaction. A deletion cut short leaves the map in place, partly emptied, and deleting again finishes it.
   */
  async delete(mapId: string): Promise<void> {
    await this.version(mapId); // 404 before anything is deleted
    // The batches below cannot share one transaction, so the version is compared under the map's lock before the
    // first of them: a change committed after this check is deleted with the map.
    if (hasCondition()) await this.session.write((tx) => lockedRevision(tx, mapId));
    let deleted: number;
    do {
      const [row] = await this.session.write((tx) => rows(tx, "map-clear", { mapId, batch: DELETE_BATCH }));
      deleted = row!.deleted as number;
    } while (deleted > 0);
    // Its history goes with it: a map created later under the same id starts with none.
    await clearAudit(this.session, mapId);
    const [row] = await this.session.write((tx) => rows(tx, "map-delete", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
  }
}

/** Takes the map's lock, then refuses the write (412) when the request's If-Match names another version of the map. */
async function lockedRevision(tx: ManagedTransaction, mapId: string): Promise<void> {
  const [lock] = await rows(tx, "access-map-lock", { mapId });
  if (!lock?.found) throw new NotFoundError("Map", mapId);
  const [row] = await rows(tx, "audit-map", { mapId });
  assertVersion("Map", mapId, revOf(row?.map as Row | undefined));
}

function createParams(id: string, input: MapCreate, categories: readonly CategoryInput[]) {
  return {
    id,
    name: input.name,
    description: input.description,
    visibility: input.visibility ?? "private",
    // Who creates a map owns it (null outside a request: the sample map at start-up, the CLI).
    ownerId: currentPrincipal().userId,
    now: now(),
    categories: categories.map((c) => ({ id: c.id, name: c.name, parent: c.parent ?? null, unit: c.unit ?? null })),
  };
}
