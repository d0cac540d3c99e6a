// Maps: list, read, create (with the default taxonomy), rename, and delete in batches.
import type { AtlasMap, CategoryInput, MapCreate, MapPatch } from "../schemas/domain";
import { ConflictError, NotFoundError } from "../domain/errors";
import { newId, now, rows, type StoreSession } from "./session";
import type { ListResult, Page } from "./types";

/** Items per transaction when a map is deleted: actors take their ties with them, about ten each. */
const DELETE_BATCH = 5000;

export class MapRepository {
  constructor(
    private readonly session: StoreSession,
    private readonly taxonomy: CategoryInput[],
  ) {}

  async list(page: Page): Promise<ListResult<AtlasMap>> {
    return this.session.read(async (tx) => {
      const result = await rows(tx, "map-list", page);
      const total = result.length
        ? (result[0]!.total as number)
        : ((await rows(tx, "map-count", {}))[0]!.total as number);
      return { items: result.map((r) => r.map as AtlasMap), total, ...page };
    });
  }

  async get(mapId: string): Promise<AtlasMap> {
    const [row] = await this.session.read((tx) => rows(tx, "map-get", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
    return row.map as AtlasMap;
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
      await this.session.write((tx) =>
        rows(tx, "map-create", {
          id,
          name: input.name,
          description: input.description,
          now: now(),
          categories: this.taxonomy.map((c) => ({
            id: c.id,
            name: c.name,
            parent: c.parent ?? null,
            unit: c.unit ?? null,
          })),
        }),
      );
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(`Map '${id}' already exists`);
      throw err;
    }
    return this.get(id);
  }

  async update(mapId: string, patch: MapPatch): Promise<AtlasMap> {
    const [row] = await this.session.write((tx) => rows(tx, "map-update", { mapId, set: patch, now: now() }));
    if (!row) throw new NotFoundError("Map", mapId);
    return this.get(mapId);
  }

  /**
   * Items go in batches, each its own transaction, and the map node last: a large map does not fit in one
   * transaction. A deletion cut short leaves the map in place, partly emptied, and deleting again finishes it.
   */
  async delete(mapId: string): Promise<void> {
    await this.version(mapId); // 404 before anything is deleted
    let deleted: number;
    do {
      const [row] = await this.session.write((tx) => rows(tx, "map-clear", { mapId, batch: DELETE_BATCH }));
      deleted = row!.deleted as number;
    } while (deleted > 0);
    const [row] = await this.session.write((tx) => rows(tx, "map-delete", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
  }
}
