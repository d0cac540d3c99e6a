// Writes an import bundle into a map. Up to TRANSACTION_ITEMS items go in one transaction: all or nothing. A larger
// bundle (a 100k-actor ecosystem is beyond Neo4j's transaction memory) goes in chunks, each a transaction of its own,
// two at a time so that this process packs one chunk while Neo4j writes the other. If a chunk fails, the ones
// written before it are undone: what the import created is deleted, and what it replaced is written back as it was
// read before the import began. Either way, later steps find actors by the element ids their upserts return, not by
// index seeks, and every statement checks that it wrote each of its rows.
import type { ManagedTransaction } from "neo4j-driver";
import { AMOUNT_EPSILON } from "../domain/commitments";
import { parentPath } from "../domain/taxonomy";
import type { Actor, Bundle, Category, Commitment, GraphView, Need, Offering, Relationship } from "../schemas/domain";
import { cypher } from "./cypher";
import { ConflictError, UnavailableError } from "../domain/errors";
import { ACTIVE, actorToProps, needToProps, neo4jType, offeringToProps, relationshipRow } from "./records";
import { recordAudit, type AuditRecord } from "./audit";
import { categoryUnits, withUnits } from "./category-units";
import { rows, touch, type Row, type Transact } from "./session";
import {
  changedMeanwhile,
  columns,
  inChunks,
  inTransaction,
  STATEMENT_ROWS,
  step,
  type Runner,
} from "./bundle-runners";

/**
 * Items an import writes in one transaction; beyond this, it writes in chunks. 765k items overflowed 2.8 GiB of
 * Neo4j's transaction memory; 50k stay well inside the 1 GiB heap `npm start` gives it.
 */
export const TRANSACTION_ITEMS = 50_000;
/** How long a chunked import's lease on its map lasts unless renewed (map-import-lease.cypher). */
const LEASE_MS = 60_000;
/** Items per transaction of a chunked import: at 100k actors 5,000 wrote fastest (10,000 took 6% longer, 2,500 8%). */
const CHUNK_ITEMS = 5_000;
/** Runs work in a write transaction of its own, with the store's error mapping (StoreSession's `write`). */
export type Write = Transact;
type Kind = "categories" | "actors" | "relationships" | "needs" | "offerings" | "commitments";
export type MapIds = Record<Kind, Set<string>>;

/** Items as a bundle carries them, or as the map held them (with timestamps) when an undo writes them back. */
interface Stamped {
  createdAt?: string;
  updatedAt?: string;
}
type Tie = Bundle["relationships"][number] & { id: string } & Stamped;
interface Items {
  categories: Bundle["categories"];
  actors: (Bundle["actors"][number] & Stamped)[];
  relationships: Tie[];
  needs: (Bundle["needs"][number] & Stamped)[];
  offerings: (Bundle["offerings"][number] & Stamped)[];
  commitments: Bundle["commitments"];
}

export interface BundleWrite {
  mapId: string;
  /** The bundle, every relationship with its id. */
  items: Items;
  /** Checks, in the import's first transaction, that the map and everything the bundle refers to exist. */
  check: (tx: ManagedTransaction) => Promise<void>;
  /** The whole map as it is: what a chunked import restores the items it replaced from, should it fail. */
  readMap: () => Promise<GraphView>;
  /** Items per transaction: a bundle of more is written in chunks of at most this many (and CHUNK_ITEMS). */
  transactionItems?: number;
  /**
   * Items written so far, of all items; `committed` when they are kept whatever comes next (the chunks of a chunked
   * import). A returned promise is awaited (between transactions when chunked). Throwing ImportStoppedError there stops
   * a chunked import at that chunk boundary and keeps what it wrote.
   */
  onProgress?: (done: number, total: number, committed: boolean) => void | Promise<void>;
  /**
   * The audit entry the import records, in the transaction that completes it: the only one, or the last chunk's.
   * None for a map's copy, whose creation records its own.
   */
  audit?: AuditRecord;
}

/** What an undo deletes first: ties and commitments, then what they hang on. */
const UNDO_ORDER: Kind[] = ["relationships", "commitments", "needs", "offerings", "actors", "categories"];

/** Chunked imports are not isolated from each other, so a map takes one at a time (in this process). */
const importing = new Set<string>();

export async function writeBundle(write: Write, job: BundleWrite): Promise<void> {
  const total = Object.values(job.items).reduce((n, list) => n + list.length, 0);
  let done = 0;
  const progress = (committed: boolean) => async (count: number) => {
    done += count;
    await job.onProgress?.(done, total, committed);
  };
  const perTransaction = job.transactionItems ?? TRANSACTION_ITEMS;
  if (total <= perTransaction) {
    await write(async (tx) => {
      done = 0; // a retried transaction starts over
      await job.check(tx);
      // Touching the map first takes its lock: no other write can claim a tie id this import found free.
      await touch(tx, job.mapId);
      await writeItems(inTransaction(tx, progress(false)), job.mapId, job.items);
      if (job.audit) await recordAudit(tx, job.audit);
    });
    return;
  }
  if (importing.has(job.mapId)) throw new ConflictError(`An import into map '${job.mapId}' is still running`);
  importing.add(job.mapId);
  try {
    await writeInChunks(write, job, Math.min(CHUNK_ITEMS, perTransaction), progress(true));
  } finally {
    importing.delete(job.mapId);
  }
}

async function writeInChunks(
  write: Write,
  job: BundleWrite,
  chunkItems: number,
  progress: (count: number) => Promise<void>,
) {
  const { mapId, items } = job;
  const run = inChunks(write, chunkItems, progress);
  // The version moves on before the first chunk and after the last, so no cache keeps a half-written map.
  // The lease is taken with the first version bump and given back with the last, or once the import failed or
  // stopped; renewed meanwhile, it runs out LEASE_MS after this process stops renewing it (killed, say).
  const lease = (tx: ManagedTransaction, ms: number | null, renew = false) =>
    tx.run(cypher("map-import-lease"), { mapId, ms, renew });
  const existing = await run.one(async (tx) => {
    await job.check(tx);
    await touch(tx, mapId);
    await lease(tx, LEASE_MS);
    return (await mapIds(tx, mapId))!; // the check found the map
  });
  const renewal = setInterval(() => {
    // A renewal still in flight when the import gives the lease back finds it gone and leaves it so.
    write((tx) => lease(tx, LEASE_MS, true)).catch(() => {}); // a missed renewal is caught up by the next
  }, LEASE_MS / 4);
  let released = false;
  try {
    const replaced = replacedItems(items, existing);
    const before = Object.values(replaced).some((ids) => ids.size) ? await job.readMap() : undefined;
    try {
      await writeItems(run, mapId, items, { known: existing });
      // A chunked import's entry is written with its last version bump: once every chunk has landed, never before.
      await run.one(async (tx) => {
        await touch(tx, mapId);
        await lease(tx, null);
        if (job.audit) await recordAudit(tx, job.audit);
      });
      released = true;
    } catch (err) {
      // Stopped on purpose (the server is shutting down): what was written stays, and importing the same file again
      // finishes it, where an undo could outlast the shutdown and be cut short itself.
      if (err instanceof ImportStoppedError) throw err;
      try {
        await undo(write, chunkItems, mapId, items, existing, before && itemsOf(before, replaced), job.audit);
      } catch (undoErr) {
        throw new PartialImportError(mapId, err, undoErr);
      }
      throw err;
    }
  } finally {
    clearInterval(renewal);
    if (!released) await write((tx) => lease(tx, null)).catch(() => {}); // else it runs out by itself
  }
}

/**
 * The steps of an import, in order. `known` (when given) are the ids the map holds: other items are created without
 * an upsert's lookup, and other ties skip the search for an old version. When `restoring` the items an undo writes
 * back, those tied to actors deleted since are left out, not refused.
 */
async function writeItems(
  run: Runner,
  mapId: string,
  items: Items,
  { known, restoring = false }: { known?: MapIds; restoring?: boolean } = {},
): Promise<void> {
  const now = new Date().toISOString();
  const params = { mapId, now };
  /** [items the map does not hold yet, items it holds]; all are upserted when `known` is not given. */
  const split = <T extends { id: string }>(kind: Kind, list: readonly T[]) =>
    known ? [list.filter((i) => !known[kind].has(i.id)), list.filter((i) => known[kind].has(i.id))] : [[], list];

  await run.each(
    [
      step("category-upsert", items.categories, (c) => ({
        id: c.id,
        name: c.name,
        parent: parentPath(c.id),
        unit: c.unit ?? null,
      })),
    ],
    params,
  );

  const elements = new Map<string, string>();
  const remember = (records: Row[]) => {
    for (const r of records) elements.set(r.id as string, r.element as string);
  };
  // Upserts replace every property (a null removes one); a new item's row leaves its nulls out.
  const actorRow = (a: Items["actors"][number]) => ({ ...actorToProps(a as Actor), updatedAt: a.updatedAt ?? now });
  const [newActors, heldActors] = split("actors", items.actors);
  await run.each(
    [step("import-actors-create", newActors, (a) => present(actorRow(a))), step("import-actors", heldActors, actorRow)],
    params,
    remember,
  );
  const referenced = new Set<string>();
  for (const r of items.relationships) referenced.add(r.from).add(r.to);
  for (const n of items.needs) referenced.add(n.actorId);
  for (const o of items.offerings) referenced.add(o.actorId);
  const unknown = [...referenced].filter((id) => !elements.has(id));
  if (unknown.length) remember(await run.one((tx) => rows(tx, "import-actor-elements", { mapId, ids: unknown })));
  const gone = unknown.filter((id) => !elements.has(id));
  if (gone.length && !restoring) throw changedMeanwhile(`actor '${gone[0]}' was deleted`);
  if (gone.length) items = withoutActors(items, new Set(gone));
  const element = (id: string) => elements.get(id)!;

  // Ties are matched by id: unchanged ones are updated in place, keeping when they were first made.
  const lookup = known ? items.relationships.filter((r) => known.relationships.has(r.id)) : items.relationships;
  const old = new Map<string, Row>();
  if (lookup.length) {
    const ids = lookup.map((r) => r.id);
    for (const row of await run.one((tx) => rows(tx, "import-ties-existing", { mapId, ids }))) {
      old.set(row.id as string, row);
    }
  }
  const unchanged = (r: Tie, before: Row | undefined) =>
    before !== undefined && before.neo4jType === neo4jType(r.type) && before.from === r.from && before.to === r.to;
  const tieProps = (r: Tie) =>
    relationshipRow(
      r as Relationship,
      (old.get(r.id)?.createdAt as string | undefined) ?? r.createdAt ?? now,
      r.updatedAt ?? now,
    );
  const moved = items.relationships.filter((r) => old.has(r.id) && !unchanged(r, old.get(r.id)));
  const fresh = old.size ? items.relationships.filter((r) => !unchanged(r, old.get(r.id))) : items.relationships;
  await run.each([step("import-ties-remove", moved, (r) => ({ element: old.get(r.id)!.element, id: r.id }))], params);

  const needRow = (n: Items["needs"][number]) => ({
    actor: element(n.actorId),
    props: { ...needToProps(n as Need), updatedAt: n.updatedAt ?? now },
  });
  const offeringRow = (o: Items["offerings"][number]) => ({
    actor: element(o.actorId),
    props: { ...offeringToProps(o as Offering), updatedAt: o.updatedAt ?? now },
  });
  const created = <T extends { actor: string; props: Row }>(row: T) => ({
    actor: row.actor,
    props: present(row.props),
  });
  items = await withDefaultUnits(run, mapId, items);
  const [newNeeds, heldNeeds] = split("needs", items.needs);
  const [newOfferings, heldOfferings] = split("offerings", items.offerings);
  await run.each(
    [
      step("import-ties-set", old.size ? items.relationships.filter((r) => unchanged(r, old.get(r.id))) : [], (r) =>
        present({ element: old.get(r.id)!.element, ...tieProps(r).props, createdAt: null }),
      ),
      columns("import-ties-create", fresh, (slice) => {
        const list = <V>(value: (r: Tie) => V) => slice.map(value);
        return {
          from: list((r) => element(r.from)),
          fromId: list((r) => r.from),
          to: list((r) => element(r.to)),
          toId: list((r) => r.to),
          type: list((r) => neo4jType(r.type)),
          id: list((r) => r.id),
          weight: list((r) => r.weight ?? 1),
          amount: list((r) => r.amount ?? null),
          currency: list((r) => r.currency ?? null),
          since: list((r) => r.since ?? null),
          until: list((r) => r.until ?? null),
          createdAt: list((r) => (old.get(r.id)?.createdAt as string | undefined) ?? r.createdAt ?? now),
          updatedAt: list((r) => r.updatedAt ?? now),
        };
      }),
      step("import-needs-create", newNeeds, (n) => created(needRow(n))),
      step("import-needs", heldNeeds, needRow),
      step("import-offerings-create", newOfferings, (o) => created(offeringRow(o))),
      step("import-offerings", heldOfferings, offeringRow),
    ],
    params,
  );

  if (items.commitments.length) {
    await checkCommitmentUnits(run, mapId, items.commitments);
    await run.each(
      [
        step("commitment-upsert", items.commitments, (c) => ({
          offeringId: c.offeringId,
          needId: c.needId,
          props: {
            id: c.id,
            amount: c.amount,
            status: c.status,
            history: JSON.stringify(c.history),
            createdAt: c.history[0]?.at ?? now,
            updatedAt: c.history.at(-1)?.at ?? now,
          },
        })),
      ],
      params,
    );
    const offeringIds = [...new Set(items.commitments.map((c) => c.offeringId))];
    // The recount takes the offerings' write locks, so the check reads what no commitment can change before this
    // import ends; a failure rolls the import back whole (one transaction) or undoes its chunks.
    await run.one(async (tx) => {
      await tx.run(cypher("commitments-recount"), { mapId, offeringIds, active: ACTIVE });
      if (!restoring) await assertWithinCapacity(tx, mapId, offeringIds);
    });
  }
}

/** The rule POST /commitments keeps: an offering's active commitments never hold more than its capacity (409). */
async function assertWithinCapacity(tx: ManagedTransaction, mapId: string, offeringIds: string[]): Promise<void> {
  const over = await rows(tx, "offerings-overcommitted", { mapId, offeringIds, epsilon: AMOUNT_EPSILON });
  if (!over.length) return;
  const list = over.map((o) => `offering '${o.id}' (capacity ${o.capacity}, committed ${o.committed})`).join(", ");
  throw new ConflictError(`The import's commitments would exceed the capacity of ${list}; nothing was imported`);
}

/**
 * Needs and offerings without a unit get their category's default: the bundle's own categories (written just before)
 * are in the map by now, so one read of the map's categories covers both.
 */
async function withDefaultUnits(run: Runner, mapId: string, items: Items): Promise<Items> {
  const bare = [...items.needs, ...items.offerings].filter((i) => !i.unit).map((i) => i.category);
  if (!bare.length) return items;
  const units = await run.one((tx) => categoryUnits(tx, mapId, bare));
  return { ...items, needs: withUnits(items.needs, units), offerings: withUnits(items.offerings, units) };
}

/** Refuses commitments whose offering and need count in different units, as the API does (409). */
async function checkCommitmentUnits(run: Runner, mapId: string, commitments: Items["commitments"]): Promise<void> {
  const list = commitments.map((c) => ({ id: c.id, offeringId: c.offeringId, needId: c.needId, unit: c.unit ?? null }));
  for (let i = 0; i < list.length; i += STATEMENT_ROWS) {
    const slice = list.slice(i, i + STATEMENT_ROWS);
    const [bad] = await run.one((tx) => rows(tx, "commitment-units", { mapId, rows: slice }));
    if (!bad) continue;
    throw new ConflictError(
      bad.offeringUnit !== bad.needUnit
        ? `Commitment '${bad.id}': offering '${bad.offeringId}' counts in ${bad.offeringUnit} and need '${bad.needId}' in ${bad.needUnit}; a commitment needs one unit`
        : `Commitment '${bad.id}' is in ${bad.unit}, but its offering '${bad.offeringId}' and need '${bad.needId}' count in ${bad.offeringUnit}`,
    );
  }
}

/**
 * Undoes a chunked import that failed part way: deletes what it created (by id, so what is already gone is skipped)
 * and writes back, as they were, the items it replaced. The map's version moves on, so caches are refreshed.
 */
async function undo(
  write: Write,
  chunkItems: number,
  mapId: string,
  items: Items,
  existing: MapIds,
  before: Items | undefined,
  audit: AuditRecord | undefined,
) {
  const none = () => ({ relationships: [], commitments: [], needs: [], offerings: [], actors: [], categories: [] });
  for (const kind of UNDO_ORDER) {
    const ids = (items[kind] as { id: string }[]).map((i) => i.id).filter((id) => !existing[kind].has(id));
    // Children before their parents, so no category is ever left pointing at a missing one.
    if (kind === "categories") ids.reverse();
    for (let i = 0; i < ids.length; i += STATEMENT_ROWS) {
      const some = ids.slice(i, i + STATEMENT_ROWS);
      await write((tx) => tx.run(cypher("import-undo"), { mapId, ...none(), [kind]: some }));
    }
  }
  const run = inChunks(write, chunkItems, async () => {});
  if (before) await writeItems(run, mapId, before, { restoring: true });
  const recount = [...new Set(items.commitments.map((c) => c.offeringId))];
  await run.one(async (tx) => {
    if (recount.length) await tx.run(cypher("commitments-recount"), { mapId, offeringIds: recount, active: ACTIVE });
    await touch(tx, mapId);
    // Its chunks were visible for a while: the trail says an import came and went, with what it tried to write.
    if (audit) await recordAudit(tx, { ...audit, action: "undo", summary: undefined });
  });
}

/** The items less those that name any of the `gone` actors, and the commitments of the needs and offerings left out. */
function withoutActors(items: Items, gone: Set<string>): Items {
  const needs = items.needs.filter((n) => !gone.has(n.actorId));
  const offerings = items.offerings.filter((o) => !gone.has(o.actorId));
  const kept = new Set([...needs, ...offerings].map((i) => i.id));
  const lost = new Set([...items.needs, ...items.offerings].map((i) => i.id).filter((id) => !kept.has(id)));
  return {
    ...items,
    relationships: items.relationships.filter((r) => !gone.has(r.from) && !gone.has(r.to)),
    needs,
    offerings,
    commitments: items.commitments.filter((c) => !lost.has(c.needId) && !lost.has(c.offeringId)),
  };
}

/** Ids, per kind, of items the import replaces: those the map already holds. */
function replacedItems(items: Items, existing: MapIds): Record<Kind, Set<string>> {
  const held = (kind: Kind, list: { id: string }[]) =>
    new Set(list.map((i) => i.id).filter((id) => existing[kind].has(id)));
  return {
    categories: held("categories", items.categories),
    actors: held("actors", items.actors),
    relationships: held("relationships", items.relationships),
    needs: held("needs", items.needs),
    offerings: held("offerings", items.offerings),
    commitments: held("commitments", items.commitments),
  };
}

/** The replaced items as the map held them, ready to be written back. */
function itemsOf(map: GraphView, ids: Record<Kind, Set<string>>): Items {
  const pick = <T extends { id: string }>(kind: Kind, list: T[]) => list.filter((i) => ids[kind].has(i.id));
  return {
    categories: pick("categories", map.categories as (Category & { id: string })[]),
    actors: pick("actors", map.actors),
    relationships: pick("relationships", map.relationships),
    needs: pick("needs", map.needs),
    offerings: pick("offerings", map.offerings),
    commitments: pick("commitments", map.commitments as Commitment[]),
  };
}

/** Every id in the map, per kind; undefined when there is no such map. */
export async function mapIds(tx: ManagedTransaction, mapId: string): Promise<MapIds | undefined> {
  const [row] = await rows(tx, "map-ids", { mapId });
  if (!row) return undefined;
  const ids = (kind: Kind) => new Set(row[kind] as string[]);
  return {
    categories: ids("categories"),
    actors: ids("actors"),
    relationships: ids("relationships"),
    needs: ids("needs"),
    offerings: ids("offerings"),
    commitments: ids("commitments"),
  };
}

/** A row without its nulls: the statements read a missing key as null, and a typical tie then packs a third less. */
function present(props: Row): Row {
  const out: Row = {};
  for (const key in props) if (props[key] !== null) out[key] = props[key];
  return out;
}

/** Thrown by an import's progress callback to stop a chunked import at a chunk boundary, keeping what it wrote. */
export class ImportStoppedError extends Error {
  constructor(message = "The import was stopped part way") {
    super(message);
    this.name = "ImportStoppedError";
  }
}

/** A chunked import failed and so did its undo (the database went away, say): the map holds part of the import. */
export class PartialImportError extends UnavailableError {
  constructor(mapId: string, cause: unknown, undoCause: unknown) {
    super({ cause, undoCause });
    this.message =
      `The import into map '${mapId}' failed part way (${(cause as Error).message}) and could not be undone ` +
      `(${(undoCause as Error).message}): the map holds part of it. Import the same file again once the database ` +
      "answers (imports replace items by id), or delete the map.";
  }
}
