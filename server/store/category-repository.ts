// A map's categories: its taxonomy, a tree of paths ("food/fresh") whose parent is always the path above.
import type { ManagedTransaction } from "neo4j-driver";
import type { Category, CategoryInput, CategoryPatch } from "../schemas/domain";
import { ConflictError, InvalidReferenceError, NotFoundError } from "../domain/errors";
import { parentPath } from "../domain/taxonomy";
import { categoryFromProps } from "./records";
import { recordAudit } from "./audit";
import { assertVersion, revOf, versioned, versionOf } from "./preconditions";
import { checkReferences } from "./references";
import { rows, touch, touchToDelete, type Row, type StoreSession } from "./session";

export class CategoryRepository {
  constructor(private readonly session: StoreSession) {}

  async list(mapId: string): Promise<Category[]> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return (await rows(tx, "category-list", { mapId })).map((r) => categoryFromProps(r.category as Row));
    });
  }

  async get(mapId: string, id: string): Promise<Category> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return categoryIn(tx, mapId, id);
    });
  }

  async create(mapId: string, input: CategoryInput): Promise<Category> {
    const parent = parentPath(input.id);
    if (input.parent !== undefined && input.parent !== parent) {
      throw new InvalidReferenceError([
        { field: "parent", message: `must be '${parent ?? "(none)"}', the path above '${input.id}'` },
      ]);
    }
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId, { categories: parent ? [{ id: parent, field: "parent" }] : [] });
      if ((await rows(tx, "category-get", { mapId, id: input.id })).length) {
        throw new ConflictError(`Category '${input.id}' already exists`);
      }
      const [written] = await rows(tx, "category-upsert", {
        mapId,
        rows: [{ id: input.id, name: input.name, parent: parent ?? null, unit: input.unit ?? null }],
      });
      // A concurrent create of the same id finds the node its MERGE waited for: it created nothing, so it is the 409.
      if (!written?.created) throw new ConflictError(`Category '${input.id}' already exists`);
      await touch(tx, mapId);
      const after = await categoryIn(tx, mapId, input.id);
      await recordAudit(tx, { mapId, action: "create", entityType: "category", entityId: input.id, after });
    });
    return this.get(mapId, input.id);
  }

  /** A new unit applies to items created from now on; items already in the category keep the unit they have. */
  async update(mapId: string, id: string, patch: CategoryPatch): Promise<Category> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      // Locked before it is read: concurrent patches queue, and the version compared is the one this write replaces.
      await rows(tx, "category-lock", { mapId, id });
      const current = await categoryIn(tx, mapId, id);
      assertVersion("Category", id, versionOf(current)!);
      await rows(tx, "category-upsert", {
        mapId,
        rows: [
          {
            id,
            name: patch.name ?? current.name,
            parent: current.parent ?? null,
            unit: patch.unit ?? current.unit ?? null,
          },
        ],
      });
      await touch(tx, mapId);
      const after = await categoryIn(tx, mapId, id);
      await recordAudit(tx, { mapId, action: "update", entityType: "category", entityId: id, before: current, after });
    });
    return this.get(mapId, id);
  }

  /** Refused while needs, offerings or sub-categories use the category. */
  async delete(mapId: string, id: string): Promise<void> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      await rows(tx, "category-lock", { mapId, id }); // as for an update
      const [usage] = await rows(tx, "category-usage", { mapId, id });
      if (!usage) throw new NotFoundError("Category", id);
      if ((usage.items as number) > 0 || (usage.children as number) > 0) {
        throw new ConflictError(
          `Category '${id}' is in use by ${usage.items} needs or offerings and ${usage.children} sub-categories`,
        );
      }
      const before = await categoryIn(tx, mapId, id);
      assertVersion("Category", id, versionOf(before)!);
      await rows(tx, "category-delete", { mapId, id });
      await touchToDelete(tx, mapId);
      await recordAudit(tx, { mapId, action: "delete", entityType: "category", entityId: id, before });
    });
  }
}

async function categoryIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Category> {
  const [row] = await rows(tx, "category-get", { mapId, id });
  if (!row) throw new NotFoundError("Category", id);
  const props = row.category as Row;
  return versioned(categoryFromProps(props), revOf(props));
}
