// The storage port of Ecosystem Atlas and its Neo4j adapter: domain objects in, domain objects out.
// Every multi-step write runs in one managed transaction, so a refused write leaves nothing behind; imports too
// large for one transaction are written in chunks that are undone if one fails (bundle-writer.ts).
import { randomUUID } from "node:crypto";
import type { Driver, ManagedTransaction } from "neo4j-driver";
import type {
  Actor,
  ActorInput,
  Commitment,
  CommitmentInput,
  CommitmentPatch,
  CommitmentStatus,
  ActorPatch,
  AtlasMap,
  Bundle,
  Category,
  CategoryInput,
  GraphView,
  MapCreate,
  MapPatch,
  Need,
  NeedInput,
  NeedPatch,
  Offering,
  OfferingInput,
  OfferingPatch,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
  RelationshipType,
} from "../schemas/domain";
import { ACTIVE_COMMITMENT_STATUSES, COMMITMENT_TRANSITIONS, RELATIONSHIP_TYPES } from "../schemas/domain";
import { mapIds, writeBundle, type MapIds } from "./bundle-writer";
import { cypher, schemaStatements, type QueryName } from "./cypher";
import { ConflictError, InvalidReferenceError, NotFoundError, fromNeo4jError, type FieldIssue } from "./errors";
import {
  actorFromProps,
  actorToProps,
  categoryFromProps,
  commitmentFromProps,
  neo4jType,
  needFromProps,
  needToProps,
  offeringFromProps,
  offeringToProps,
  relationshipFromProps,
  relationshipRow,
} from "./records";

export interface Page {
  limit: number;
  offset: number;
}
export interface ListResult<T> extends Page {
  items: T[];
  total: number;
}
export interface ActorFilter {
  type?: string;
  region?: string;
  tag?: string;
  category?: string;
  q?: string;
}
export interface ItemFilter {
  actorId?: string;
  actorType?: string;
  region?: string;
  category?: string;
  status?: string;
  priority?: string;
  modality?: string;
  q?: string;
}
export interface RelationshipFilter {
  type?: RelationshipType;
  actorId?: string;
}
/** What the analysis engine reads: a map's actors, ties, needs and offerings, without the prose. */
export interface MapSnapshot {
  mapId: string;
  version: number;
  actors: Pick<Actor, "id" | "name" | "type" | "location">[];
  relationships: Pick<Relationship, "from" | "to" | "type" | "weight">[];
  needs: Pick<Need, "id" | "actorId" | "category" | "title" | "quantity" | "priority" | "status">[];
  offerings: Pick<
    Offering,
    | "id"
    | "actorId"
    | "category"
    | "title"
    | "capacity"
    | "committed"
    | "modality"
    | "reachKm"
    | "status"
    | "validUntil"
  >[];
  categories: Category[];
}

export interface ImportBundleOptions {
  /** Called as batches are written: items written so far, of all items in the bundle. A promise is awaited. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Items per transaction; a larger bundle is written in chunks, undone if one fails (see bundle-writer.ts). */
  transactionItems?: number;
}

/** Parallel columns, one entry per need and offering; `covered` is 0 for offerings. */
export interface ItemTexts {
  id: string[];
  description: string[];
  tags: string[][];
  covered: number[];
}

export interface CommitmentFilter {
  status?: CommitmentStatus;
  offeringId?: string;
  needId?: string;
  actorId?: string;
}
export interface ImportCounts {
  categories: number;
  actors: number;
  relationships: number;
  needs: number;
  offerings: number;
  commitments: number;
}

type Row = Record<string, unknown>;
/** A reference to an item, with the request field that named it. */
type Ref = { id: string; field: string };
/** Items per transaction when a map is deleted: actors take their ties with them, about ten each. */
const DELETE_BATCH = 5000;

const newId = () => randomUUID();
const ACTIVE = [...ACTIVE_COMMITMENT_STATUSES];
/** Amounts are floats; a hair of rounding must not refuse an exact fit. */
const EPSILON = 1e-9;
const now = () => new Date().toISOString();

async function rows(tx: ManagedTransaction, name: QueryName, params: object): Promise<Row[]> {
  const result = await tx.run(cypher(name), params);
  return result.records.map((r) => r.toObject());
}

function nullsToNull(filter: object): Row {
  return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v ?? null]));
}

/** Applies a patch in which null removes an optional field. */
function applyPatch<T extends object>(current: T, patch: object): T {
  const next = { ...current } as Row;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

function stripTimestamps<T extends { createdAt?: string; updatedAt?: string }>(item: T) {
  const { createdAt: _c, updatedAt: _u, ...rest } = item;
  return rest;
}

/** Needs and offerings share their storage shape; these name the queries and conversions of each. */
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
type ItemKind = keyof typeof ITEM_KINDS;
type ItemOf<K extends ItemKind> = K extends "need" ? Need : Offering;

export class AtlasStore {
  private schemaReady: Promise<void> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly taxonomy: CategoryInput[],
  ) {}

  // ---- plumbing ---------------------------------------------------------------------------------

  /** Applies cypher/schema.cypher once per process; retried after a failure (Neo4j may start later). */
  ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      const session = this.driver.session();
      try {
        for (const statement of schemaStatements()) {
          // Several processes may start at once (tests, a second API): racing on the same IF NOT EXISTS
          // statement can fail in the loser, which then simply tries again and finds the rule there.
          for (let attempt = 1; ; attempt++) {
            try {
              await session.run(statement);
              break;
            } catch (err) {
              const code = (err as { code?: string }).code ?? "";
              const racing = code.startsWith("Neo.ClientError.Schema") || code.startsWith("Neo.TransientError");
              if (!racing || attempt >= 5) throw err;
              await new Promise((r) => setTimeout(r, 100 * attempt));
            }
          }
        }
        await session.run("CALL db.awaitIndexes(60)");
      } finally {
        await session.close();
      }
    })().catch((err) => {
      this.schemaReady = undefined;
      throw fromNeo4jError(err);
    });
    return this.schemaReady;
  }

  private async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    await this.ensureSchema();
    const session = this.driver.session({ defaultAccessMode: "READ" });
    try {
      return await session.executeRead(work);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close();
    }
  }

  private async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    await this.ensureSchema();
    const session = this.driver.session({ defaultAccessMode: "WRITE" });
    try {
      return await session.executeWrite(work);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close();
    }
  }

  async health(): Promise<{ version: string; edition: string; latencyMs: number }> {
    const started = performance.now();
    const info = await this.driver.executeQuery(
      "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
    );
    const record = info.records[0]!.toObject() as { version: string; edition: string };
    return { ...record, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  /** Fails with the issues when the map is absent (404) or referenced actors or categories are (400). */
  private async checkReferences(
    tx: ManagedTransaction,
    mapId: string,
    actors: Ref[],
    categories: Ref[],
    items: { needs?: Ref[]; offerings?: Ref[] } = {},
  ): Promise<void> {
    const ids = (refs: Ref[] = []) => [...new Set(refs.map((r) => r.id))];
    const [check] = await rows(tx, "references-check", {
      mapId,
      actorIds: ids(actors),
      categoryIds: ids(categories),
      needIds: ids(items.needs),
      offeringIds: ids(items.offerings),
    });
    if (!check!.mapFound) throw new NotFoundError("Map", mapId);
    const issues: FieldIssue[] = [];
    const report = (refs: Ref[] = [], missing: unknown, what: string) => {
      const set = new Set(missing as string[]);
      for (const r of refs) if (set.has(r.id)) issues.push({ field: r.field, message: `unknown ${what} '${r.id}'` });
    };
    report(actors, check!.missingActors, "actor");
    report(items.offerings, check!.missingOfferings, "offering");
    report(items.needs, check!.missingNeeds, "need");
    report(categories, check!.missingCategories, "category");
    if (issues.length) throw new InvalidReferenceError(issues);
  }

  private async touch(tx: ManagedTransaction, mapId: string): Promise<void> {
    await tx.run(cypher("map-touch"), { mapId, now: now() });
  }

  // ---- maps -------------------------------------------------------------------------------------

  async listMaps(page: Page): Promise<ListResult<AtlasMap>> {
    return this.read(async (tx) => {
      const result = await rows(tx, "map-list", page);
      const total = result.length
        ? (result[0]!.total as number)
        : ((await rows(tx, "map-count", {}))[0]!.total as number);
      return { items: result.map((r) => r.map as AtlasMap), total, ...page };
    });
  }

  async getMap(mapId: string): Promise<AtlasMap> {
    const [row] = await this.read((tx) => rows(tx, "map-get", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
    return row.map as AtlasMap;
  }

  async mapVersion(mapId: string): Promise<number> {
    const [row] = await this.read((tx) => rows(tx, "map-version", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
    return row.version as number;
  }

  /** A new map starts with the default taxonomy, which it may then extend. */
  async createMap(input: MapCreate): Promise<AtlasMap> {
    const id = input.id ?? newId();
    try {
      await this.write((tx) =>
        rows(tx, "map-create", {
          id,
          name: input.name,
          description: input.description,
          now: now(),
          categories: this.taxonomy.map((c) => ({ id: c.id, name: c.name, parent: c.parent ?? null })),
        }),
      );
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(`Map '${id}' already exists`);
      throw err;
    }
    return this.getMap(id);
  }

  async updateMap(mapId: string, patch: MapPatch): Promise<AtlasMap> {
    const [row] = await this.write((tx) => rows(tx, "map-update", { mapId, set: patch, now: now() }));
    if (!row) throw new NotFoundError("Map", mapId);
    return this.getMap(mapId);
  }

  /**
   * Items go in batches, each its own transaction, and the map node last: a large map does not fit in one
   * transaction. A deletion cut short leaves the map in place, partly emptied, and deleting again finishes it.
   */
  async deleteMap(mapId: string): Promise<void> {
    await this.mapVersion(mapId); // 404 before anything is deleted
    let deleted: number;
    do {
      const [row] = await this.write((tx) => rows(tx, "map-clear", { mapId, batch: DELETE_BATCH }));
      deleted = row!.deleted as number;
    } while (deleted > 0);
    const [row] = await this.write((tx) => rows(tx, "map-delete", { mapId }));
    if (!row) throw new NotFoundError("Map", mapId);
  }

  // ---- categories -------------------------------------------------------------------------------

  async listCategories(mapId: string): Promise<Category[]> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      return (await rows(tx, "category-list", { mapId })).map((r) => categoryFromProps(r.category as Row));
    });
  }

  async getCategory(mapId: string, id: string): Promise<Category> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "category-get", { mapId, id });
      if (!row) throw new NotFoundError("Category", id);
      return categoryFromProps(row.category as Row);
    });
  }

  async createCategory(mapId: string, input: CategoryInput): Promise<Category> {
    const parent = parentOf(input.id);
    if (input.parent !== undefined && input.parent !== parent) {
      throw new InvalidReferenceError([
        { field: "parent", message: `must be '${parent ?? "(none)"}', the path above '${input.id}'` },
      ]);
    }
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], parent ? [{ id: parent, field: "parent" }] : []);
      if ((await rows(tx, "category-get", { mapId, id: input.id })).length) {
        throw new ConflictError(`Category '${input.id}' already exists`);
      }
      await rows(tx, "category-upsert", { mapId, rows: [{ id: input.id, name: input.name, parent: parent ?? null }] });
      await this.touch(tx, mapId);
    });
    return this.getCategory(mapId, input.id);
  }

  async updateCategory(mapId: string, id: string, patch: { name: string }): Promise<Category> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "category-get", { mapId, id });
      if (!row) throw new NotFoundError("Category", id);
      const current = categoryFromProps(row.category as Row);
      await rows(tx, "category-upsert", {
        mapId,
        rows: [{ ...current, name: patch.name, parent: current.parent ?? null }],
      });
      await this.touch(tx, mapId);
    });
    return this.getCategory(mapId, id);
  }

  async deleteCategory(mapId: string, id: string): Promise<void> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [usage] = await rows(tx, "category-usage", { mapId, id });
      if (!usage) throw new NotFoundError("Category", id);
      if ((usage.items as number) > 0 || (usage.children as number) > 0) {
        throw new ConflictError(
          `Category '${id}' is in use by ${usage.items} needs or offerings and ${usage.children} sub-categories`,
        );
      }
      await rows(tx, "category-delete", { mapId, id });
      await this.touch(tx, mapId);
    });
  }

  // ---- actors -----------------------------------------------------------------------------------

  async listActors(mapId: string, filter: ActorFilter, page: Page): Promise<ListResult<Actor>> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
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

  async getActor(mapId: string, id: string): Promise<Actor> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      return this.actorIn(tx, mapId, id);
    });
  }

  private async actorIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Actor> {
    const [row] = await rows(tx, "actor-get", { mapId, id });
    if (!row) throw new NotFoundError("Actor", id);
    return actorFromProps(row.actor as Row);
  }

  async createActor(mapId: string, input: ActorInput): Promise<Actor> {
    const actor = { ...input, id: input.id ?? newId() } as Omit<Actor, "createdAt" | "updatedAt">;
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      if ((await rows(tx, "actor-get", { mapId, id: actor.id })).length) {
        throw new ConflictError(`Actor '${actor.id}' already exists in map '${mapId}'`);
      }
      await rows(tx, "actor-upsert", { mapId, now: now(), rows: [actorToProps(actor)] });
      await this.touch(tx, mapId);
    });
    return this.getActor(mapId, actor.id);
  }

  async updateActor(mapId: string, id: string, patch: ActorPatch): Promise<Actor> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const next = applyPatch(await this.actorIn(tx, mapId, id), patch);
      await rows(tx, "actor-upsert", { mapId, now: now(), rows: [actorToProps(next)] });
      await this.touch(tx, mapId);
    });
    return this.getActor(mapId, id);
  }

  async deleteActor(mapId: string, id: string): Promise<void> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "actor-delete", { mapId, id, active: ACTIVE });
      if (!row) throw new NotFoundError("Actor", id);
      await this.touch(tx, mapId);
    });
  }

  // ---- needs and offerings ----------------------------------------------------------------------

  async listItems<K extends ItemKind>(
    kind: K,
    mapId: string,
    filter: ItemFilter,
    page: Page,
  ): Promise<ListResult<ItemOf<K>>> {
    const k = ITEM_KINDS[kind];
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
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

  async getItem<K extends ItemKind>(kind: K, mapId: string, id: string): Promise<ItemOf<K>> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      return this.itemIn(tx, kind, mapId, id);
    });
  }

  private async itemIn<K extends ItemKind>(
    tx: ManagedTransaction,
    kind: K,
    mapId: string,
    id: string,
  ): Promise<ItemOf<K>> {
    const k = ITEM_KINDS[kind];
    const [row] = await rows(tx, k.get, { mapId, id });
    if (!row) throw new NotFoundError(k.label, id);
    return k.fromProps(row[kind] as Row) as ItemOf<K>;
  }

  async createItem<K extends ItemKind>(
    kind: K,
    mapId: string,
    input: K extends "need" ? NeedInput : OfferingInput,
  ): Promise<ItemOf<K>> {
    const k = ITEM_KINDS[kind];
    const item = { ...input, id: input.id ?? newId() };
    await this.write(async (tx) => {
      await this.checkReferences(
        tx,
        mapId,
        [{ id: item.actorId, field: "actorId" }],
        [{ id: item.category, field: "category" }],
      );
      if ((await rows(tx, k.get, { mapId, id: item.id })).length) {
        throw new ConflictError(`${k.label} '${item.id}' already exists in map '${mapId}'`);
      }
      await rows(tx, k.upsert, { mapId, now: now(), rows: [k.toProps(item as never)] });
      await this.touch(tx, mapId);
    });
    return this.getItem(kind, mapId, item.id);
  }

  async updateItem<K extends ItemKind>(
    kind: K,
    mapId: string,
    id: string,
    patch: K extends "need" ? NeedPatch : OfferingPatch,
  ): Promise<ItemOf<K>> {
    const k = ITEM_KINDS[kind];
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], patch.category ? [{ id: patch.category, field: "category" }] : []);
      const next = applyPatch(stripTimestamps(await this.itemIn(tx, kind, mapId, id)), patch);
      await rows(tx, k.upsert, { mapId, now: now(), rows: [k.toProps(next as never)] });
      await this.touch(tx, mapId);
    });
    return this.getItem(kind, mapId, id);
  }

  async deleteItem(kind: ItemKind, mapId: string, id: string): Promise<void> {
    const k = ITEM_KINDS[kind];
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, k.del, { mapId, id, active: ACTIVE });
      if (!row) throw new NotFoundError(k.label, id);
      await this.touch(tx, mapId);
    });
  }

  // ---- relationships ----------------------------------------------------------------------------

  async listRelationships(mapId: string, filter: RelationshipFilter, page: Page): Promise<ListResult<Relationship>> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "relationship-list", {
        mapId,
        neo4jType: filter.type ? neo4jType(filter.type) : null,
        actorId: filter.actorId ?? null,
        ...page,
      });
      return { items: (row!.items as Row[]).map(relationshipFromProps), total: row!.total as number, ...page };
    });
  }

  async getRelationship(mapId: string, id: string): Promise<Relationship> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "relationship-get", { mapId, id });
      if (!row) throw new NotFoundError("Relationship", id);
      return relationshipFromProps(row.relationship as Row);
    });
  }

  async createRelationship(mapId: string, input: RelationshipInput): Promise<Relationship> {
    const rel = { ...input, id: input.id ?? newId(), weight: input.weight ?? 1 };
    if (rel.from === rel.to)
      throw new InvalidReferenceError([{ field: "to", message: "an actor cannot be tied to itself" }]);
    await this.write(async (tx) => {
      await this.checkReferences(
        tx,
        mapId,
        [
          { id: rel.from, field: "from" },
          { id: rel.to, field: "to" },
        ],
        [],
      );
      // Touching the map first takes its lock, so two requests cannot both find the id free (no constraint can
      // keep tie ids unique across types).
      await this.touch(tx, mapId);
      if ((await rows(tx, "ids-taken", { mapId, ids: [rel.id] })).length) {
        throw new ConflictError(`Relationship '${rel.id}' already exists in map '${mapId}'`);
      }
      const t = now();
      await rows(tx, "relationship-create", { mapId, rows: [relationshipRow(rel, t, t)] });
    });
    return this.getRelationship(mapId, rel.id);
  }

  async updateRelationship(mapId: string, id: string, patch: RelationshipPatch): Promise<Relationship> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "relationship-update", { mapId, id, set: patch, now: now() });
      if (!row) throw new NotFoundError("Relationship", id);
      await this.touch(tx, mapId);
    });
    return this.getRelationship(mapId, id);
  }

  async deleteRelationship(mapId: string, id: string): Promise<void> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const [row] = await rows(tx, "relationship-delete-by-ids", { mapId, ids: [id] });
      if (!row || row.count === 0) throw new NotFoundError("Relationship", id);
      await this.touch(tx, mapId);
    });
  }

  // ---- commitments ------------------------------------------------------------------------------

  async listCommitments(mapId: string, filter: CommitmentFilter, page: Page): Promise<ListResult<Commitment>> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
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

  async getCommitment(mapId: string, id: string): Promise<Commitment> {
    return this.read(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      return this.commitmentIn(tx, mapId, id);
    });
  }

  private async commitmentIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Commitment> {
    const [row] = await rows(tx, "commitment-get", { mapId, id });
    if (!row) throw new NotFoundError("Commitment", id);
    return commitmentFromProps(row.commitment as Row);
  }

  /**
   * Reserves `amount` of an offering for a need. The offering and the need are locked before their state is
   * read, so concurrent commitments queue and can never over-commit the offering (409 instead).
   */
  async createCommitment(mapId: string, input: CommitmentInput): Promise<Commitment> {
    const id = input.id ?? newId();
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], [], {
        offerings: [{ id: input.offeringId, field: "offeringId" }],
        needs: [{ id: input.needId, field: "needId" }],
      });
      if ((await rows(tx, "commitment-get", { mapId, id })).length) {
        throw new ConflictError(`Commitment '${id}' already exists in map '${mapId}'`);
      }
      const state = await this.lockedState(tx, mapId, input.offeringId, input.needId);
      if (state.offeringActor === state.needActor) {
        throw new InvalidReferenceError([
          { field: "needId", message: "an actor's own offering cannot meet its own need" },
        ]);
      }
      if (state.offeringStatus === "exhausted") throw new ConflictError(`Offering '${input.offeringId}' is exhausted`);
      if (state.needStatus === "closed" || state.needStatus === "met") {
        throw new ConflictError(`Need '${input.needId}' is ${state.needStatus}`);
      }
      const remaining = state.capacity - state.committed;
      if (input.amount > remaining + EPSILON) {
        throw new ConflictError(
          `Offering '${input.offeringId}' has ${remaining} of ${state.capacity} left; committing ${input.amount} would exceed its capacity`,
        );
      }
      const t = now();
      await this.writeCommitment(tx, mapId, input.offeringId, input.needId, state, {
        committed: state.committed + input.amount,
        needAmount: state.needAmount + input.amount,
        commitment: {
          id,
          amount: input.amount,
          status: input.status,
          history: JSON.stringify([
            { status: input.status, by: input.by, at: t, ...(input.note ? { note: input.note } : {}) },
          ]),
          createdAt: t,
          updatedAt: t,
        },
        now: t,
      });
    });
    return this.getCommitment(mapId, id);
  }

  /** Moves a commitment along its lifecycle; declining or cancelling frees what it held. */
  async updateCommitment(mapId: string, id: string, patch: CommitmentPatch): Promise<Commitment> {
    await this.write(async (tx) => {
      await this.checkReferences(tx, mapId, [], []);
      const before = await this.commitmentIn(tx, mapId, id);
      const state = await this.lockedState(tx, mapId, before.offeringId, before.needId);
      const current = await this.commitmentIn(tx, mapId, id); // re-read under the locks
      if (!COMMITMENT_TRANSITIONS[current.status].includes(patch.status)) {
        const allowed = COMMITMENT_TRANSITIONS[current.status];
        throw new ConflictError(
          `Commitment '${id}' is ${current.status}; it can move to ${allowed.length ? allowed.join(", ") : "nothing (final)"}, not ${patch.status}`,
        );
      }
      const frees = ACTIVE_COMMITMENT_STATUSES.has(current.status) && !ACTIVE_COMMITMENT_STATUSES.has(patch.status);
      const t = now();
      const history = [
        ...current.history,
        { status: patch.status, by: patch.by, at: t, ...(patch.note ? { note: patch.note } : {}) },
      ];
      await this.writeCommitment(tx, mapId, current.offeringId, current.needId, state, {
        committed: state.committed - (frees ? current.amount : 0),
        needAmount: state.needAmount - (frees ? current.amount : 0),
        commitment: {
          id,
          amount: current.amount,
          status: patch.status,
          history: JSON.stringify(history),
          createdAt: current.createdAt,
          updatedAt: t,
        },
        now: t,
      });
    });
    return this.getCommitment(mapId, id);
  }

  private async lockedState(tx: ManagedTransaction, mapId: string, offeringId: string, needId: string) {
    await rows(tx, "commitment-lock", { mapId, offeringId, needId });
    const [s] = await rows(tx, "commitment-state", { mapId, offeringId, needId, active: ACTIVE });
    return {
      capacity: s!.capacity as number,
      committed: s!.committed as number,
      offeringStatus: s!.offeringStatus as string,
      offeringActor: s!.offeringActor as string,
      quantity: s!.quantity as number,
      needStatus: s!.needStatus as string,
      needActor: s!.needActor as string,
      needAmount: (s!.needAmounts as number[]).reduce((a, b) => a + b, 0),
    };
  }

  private async writeCommitment(
    tx: ManagedTransaction,
    mapId: string,
    offeringId: string,
    needId: string,
    state: Awaited<ReturnType<AtlasStore["lockedState"]>>,
    next: { committed: number; needAmount: number; commitment: Row; now: string },
  ): Promise<void> {
    // Statuses follow the amounts, except the ones a person set by hand (exhausted, closed).
    const offeringStatus =
      state.offeringStatus === "exhausted"
        ? "exhausted"
        : next.committed >= state.capacity - EPSILON
          ? "committed"
          : "available";
    const needStatus =
      state.needStatus === "closed"
        ? "closed"
        : next.needAmount >= state.quantity - EPSILON
          ? "met"
          : next.needAmount > EPSILON
            ? "partially_met"
            : "open";
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
    await this.touch(tx, mapId);
  }

  // ---- bundles ----------------------------------------------------------------------------------

  /** Upserts a whole bundle by id in one transaction: every item lands, or none does. */
  async importBundle(mapId: string, bundle: Bundle, options: ImportBundleOptions = {}): Promise<ImportCounts> {
    const issues = bundleIssues(bundle);
    if (issues.length) throw new InvalidReferenceError(issues);
    const relationships = withRelationshipIds(bundle.relationships);
    const bundleActors = new Set(bundle.actors.map((a) => a.id));
    const bundleCategories = new Set(bundle.categories.map((c) => c.id));
    // Only references the bundle does not resolve itself are checked; a 100k-actor bundle has a million others.
    const actorRefs: Ref[] = [];
    const refer = (id: string, field: () => string) => {
      if (!bundleActors.has(id)) actorRefs.push({ id, field: field() });
    };
    relationships.forEach((r, i) => {
      refer(r.from, () => `relationships[${i}].from`);
      refer(r.to, () => `relationships[${i}].to`);
    });
    bundle.needs.forEach((n, i) => refer(n.actorId, () => `needs[${i}].actorId`));
    bundle.offerings.forEach((o, i) => refer(o.actorId, () => `offerings[${i}].actorId`));
    const bundleNeeds = new Set(bundle.needs.map((n) => n.id));
    const bundleOfferings = new Set(bundle.offerings.map((o) => o.id));
    const needRefs = bundle.commitments
      .map((c, i) => ({ id: c.needId, field: `commitments[${i}].needId` }))
      .filter((ref) => !bundleNeeds.has(ref.id));
    const offeringRefs = bundle.commitments
      .map((c, i) => ({ id: c.offeringId, field: `commitments[${i}].offeringId` }))
      .filter((ref) => !bundleOfferings.has(ref.id));
    const categoryRefs = [
      ...bundle.categories.flatMap((c, i) => {
        const parent = parentOf(c.id);
        return parent ? [{ id: parent, field: `categories[${i}].parent` }] : [];
      }),
      ...bundle.needs.map((n, i) => ({ id: n.category, field: `needs[${i}].category` })),
      ...bundle.offerings.map((o, i) => ({ id: o.category, field: `offerings[${i}].category` })),
    ].filter((ref) => !bundleCategories.has(ref.id));

    await writeBundle((work) => this.write(work), {
      mapId,
      items: { ...bundle, relationships },
      check: (tx) =>
        this.checkReferences(tx, mapId, actorRefs, categoryRefs, { needs: needRefs, offerings: offeringRefs }),
      readMap: () => this.graph(mapId),
      transactionItems: options.transactionItems,
      onProgress: options.onProgress,
    });
    return {
      categories: bundle.categories.length,
      actors: bundle.actors.length,
      relationships: relationships.length,
      needs: bundle.needs.length,
      offerings: bundle.offerings.length,
      commitments: bundle.commitments.length,
    };
  }

  /** The whole map, read in one transaction with one query per kind (never one per actor). */
  async graph(mapId: string): Promise<GraphView> {
    return this.read(async (tx) => {
      const [mapRow] = await rows(tx, "map-get", { mapId });
      if (!mapRow) throw new NotFoundError("Map", mapId);
      const categories = await rows(tx, "category-list", { mapId });
      const actors = await rows(tx, "map-actors", { mapId });
      const relationships = await rows(tx, "map-relationships", { mapId });
      const needs = await rows(tx, "map-needs", { mapId });
      const offerings = await rows(tx, "map-offerings", { mapId });
      const commitments = await rows(tx, "map-commitments", { mapId });
      return {
        map: mapRow.map as AtlasMap,
        categories: categories.map((r) => categoryFromProps(r.category as Row)),
        actors: actors.map((r) => actorFromProps(r.actor as Row)),
        relationships: relationships.map((r) => relationshipFromProps(r.relationship as Row)),
        needs: needs.map((r) => needFromProps(r.need as Row)),
        offerings: offerings.map((r) => offeringFromProps(r.offering as Row)),
        commitments: commitments.map((r) => commitmentFromProps(r.commitment as Row)),
      };
    });
  }

  /**
   * The analysis snapshot in a few queries, each one record of parallel lists: at 100k actors and 500k
   * relationships this decodes far faster than a record per object.
   */
  async snapshot(mapId: string): Promise<MapSnapshot> {
    // The five reads run side by side, each in a transaction of its own, so Neo4j streams one list while this
    // process decodes another (a third faster at 100k actors). An unchanged map version before and after proves
    // that no write landed in between; otherwise, after a few tries, one transaction reads them in turn.
    const params = { mapId, chunk: SNAPSHOT_CHUNK };
    const reads = [
      "snapshot-actors",
      "snapshot-relationships",
      "snapshot-needs",
      "snapshot-offerings",
      "category-list",
    ] as const;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.mapVersion(mapId);
      const parts = await Promise.all(reads.map((name) => this.read((tx) => rows(tx, name, params))));
      if ((await this.mapVersion(mapId)) === before) return this.decodeSnapshot(mapId, parts);
    }
    return this.read(async (tx) => {
      const parts: Row[][] = [];
      for (const name of reads) parts.push(await rows(tx, name, params));
      return this.decodeSnapshot(mapId, parts);
    });
  }

  private decodeSnapshot(
    mapId: string,
    [actorRows, relationshipRows, needRows, offeringRows, categoryRows]: Row[][],
  ): MapSnapshot {
    if (!actorRows!.length) throw new NotFoundError("Map", mapId);
    const a = joinChunks(actorRows!);
    const r = joinChunks(relationshipRows!);
    const n = joinChunks(needRows!);
    const o = joinChunks(offeringRows!);
    const categories = categoryRows!.map((row) => categoryFromProps(row.category as Row));
    const col = <T>(record: Row, key: string) => (record[key] ?? []) as T[];
    const lat = col<number>(a, "lat");
    const lon = col<number>(a, "lon");
    const region = col<string>(a, "region");
    const names = col<string>(a, "name");
    const types = col<Actor["type"]>(a, "type");
    const relTypes = col<number>(r, "type");
    const relWeights = col<number>(r, "weight");
    const relTo = col<number>(r, "to");
    const reach = col<number>(o, "reachKm");
    const validUntil = col<string>(o, "validUntil");
    const offeringCols = ["actorId", "category", "title", "capacity", "committed", "modality", "status"].map((k) =>
      col<never>(o, k),
    );
    const needCols = ["actorId", "category", "title", "quantity", "priority", "status"].map((k) => col<never>(n, k));
    const ids = col<string>(a, "id");
    const idOf = new Map<number, string>(col<number>(a, "ix").map((ix, i) => [ix, ids[i]!]));
    return {
      mapId,
      version: actorRows![0]!.version as number,
      // Absent coordinates travel as 1000 (no real latitude), because collect() drops nulls.
      actors: ids.map((id, i) => ({
        id,
        name: names[i]!,
        type: types[i]!,
        location:
          lat[i]! <= 90 ? { lat: lat[i]!, lon: lon[i]!, ...(region[i] ? { region: region[i] } : {}) } : undefined,
      })),
      relationships: col<number>(r, "from").map((from, i) => ({
        from: idOf.get(from)!,
        to: idOf.get(relTo[i]!)!,
        type: RELATIONSHIP_TYPES[relTypes[i]!]!,
        weight: relWeights[i]!,
      })),
      needs: col<string>(n, "id").map((id, i) => {
        const [actorId, category, title, quantity, priority, status] = needCols.map((c) => c[i]!);
        return { id, actorId, category, title, quantity, priority, status };
      }),
      offerings: col<string>(o, "id").map((id, i) => {
        const [actorId, category, title, capacity, committed, modality, status] = offeringCols.map((c) => c[i]!);
        return {
          id,
          actorId,
          category,
          title,
          capacity,
          committed,
          modality,
          status,
          reachKm: reach[i]! >= 0 ? reach[i] : undefined,
          validUntil: validUntil[i] || undefined,
        };
      }),
      categories,
    };
  }

  /** Descriptions and tags of every need and offering, and the amount active commitments cover per need. */
  async itemTexts(mapId: string): Promise<ItemTexts> {
    return this.read(async (tx) => {
      const t = joinChunks(await rows(tx, "snapshot-texts", { mapId, active: ACTIVE, chunk: SNAPSHOT_CHUNK }));
      return {
        id: (t.id ?? []) as string[],
        description: (t.description ?? []) as string[],
        tags: (t.tags ?? []) as string[][],
        covered: (t.covered ?? []) as number[],
      };
    });
  }

  /** Every id in the map, per kind: what an import may refer to, and what tells a dry run's creates from updates. */
  async existingIds(mapId: string): Promise<MapIds> {
    const ids = await this.read((tx) => mapIds(tx, mapId));
    if (!ids) throw new NotFoundError("Map", mapId);
    return ids;
  }

  /** The map as an importable bundle: the same shape import takes, so export -> import -> export is stable. */
  async exportBundle(mapId: string): Promise<Bundle> {
    const g = await this.graph(mapId);
    return {
      categories: g.categories,
      actors: g.actors.map(stripTimestamps),
      relationships: g.relationships.map((r) => {
        const { directed: _d, ...rest } = stripTimestamps(r);
        return rest;
      }),
      needs: g.needs.map(stripTimestamps),
      // `committed` is derived from the commitments, which travel with their history.
      offerings: g.offerings.map((o) => {
        const { committed: _c, ...rest } = stripTimestamps(o);
        return rest;
      }),
      commitments: g.commitments.map((c) => ({
        id: c.id,
        offeringId: c.offeringId,
        needId: c.needId,
        amount: c.amount,
        status: c.status,
        history: c.history,
      })),
    };
  }
}

/** Items per snapshot record: see cypher/snapshot-actors.cypher. */
const SNAPSHOT_CHUNK = 20_000;

/** Concatenates the list columns of chunked snapshot records. */
function joinChunks(records: Row[]): Row {
  const out: Record<string, unknown[]> = {};
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (!Array.isArray(value)) continue;
      const list = (out[key] ??= []);
      for (let i = 0; i < value.length; i++) list.push(value[i]);
    }
  }
  return out;
}

export function parentOf(path: string): string | undefined {
  const cut = path.lastIndexOf("/");
  return cut > 0 ? path.slice(0, cut) : undefined;
}

/** Checks a bundle on its own: duplicate ids and categories whose stated parent contradicts their path. */
function bundleIssues(bundle: Bundle): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const duplicates = (kind: string, items: { id?: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (item.id === undefined) return;
      if (seen.has(item.id)) issues.push({ field: `${kind}[${i}].id`, message: `duplicate id '${item.id}'` });
      seen.add(item.id);
    });
  };
  duplicates("categories", bundle.categories);
  duplicates("actors", bundle.actors);
  duplicates("relationships", bundle.relationships);
  duplicates("needs", bundle.needs);
  duplicates("offerings", bundle.offerings);
  duplicates("commitments", bundle.commitments);
  bundle.categories.forEach((c, i) => {
    if (c.parent !== undefined && c.parent !== parentOf(c.id)) {
      issues.push({
        field: `categories[${i}].parent`,
        message: `must be '${parentOf(c.id) ?? "(none)"}', the path above '${c.id}'`,
      });
    }
  });
  bundle.relationships.forEach((r, i) => {
    if (r.from === r.to) issues.push({ field: `relationships[${i}].to`, message: "an actor cannot be tied to itself" });
  });
  return issues;
}

/** Relationships without an id get one derived from their ends and type, so re-importing a file changes nothing. */
function withRelationshipIds(list: Bundle["relationships"]) {
  const used = new Set(list.flatMap((r) => (r.id ? [r.id] : [])));
  return list.map((r) => {
    if (r.id) return { ...r, id: r.id };
    const base = `${r.from}--${r.type}--${r.to}`.slice(0, 120);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { ...r, id };
  });
}
