// The audit trail: who changed what in a map, and when. Every write records its entry in its own transaction
// (recordAudit with the write's `tx`), so the entry and the change commit together or not at all. Who comes from
// the request being served (server/auth/context.ts), so repositories pass no caller around.
import type { ManagedTransaction } from "neo4j-driver";
import { currentPrincipal } from "../auth/context";
import { AtlasMap } from "../schemas/domain";
import type { AUDIT_ACTIONS, AUDIT_ENTITIES } from "../schemas/history";
import { checkReferences } from "./references";
import { newId, now, rows, type Row, type StoreSession } from "./session";
import type { ListResult, Page } from "./types";

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** What a write records; who and when are added here. */
export interface AuditRecord {
  mapId: string;
  action: AuditAction;
  entityType: AuditEntity;
  entityId: string;
  /** The entity as the API returned it before the write; absent for a create. */
  before?: object | null;
  /** The entity as the API returns it after the write; absent for a delete. */
  after?: object | null;
  /** Overrides the summary made from the action and the entity. */
  summary?: string;
  /** Items an import wrote, or a deletion took with it, per kind. */
  counts?: Record<string, number>;
  /** The actors the entity belongs to or ties, so an actor's history shows its needs, offerings and ties too. */
  actorIds?: string[];
}

export interface AuditEntry {
  id: string;
  at: string;
  user: { id: string; name: string } | null;
  via: string;
  action: AuditAction;
  entityType: AuditEntity;
  entityId: string;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  counts?: Record<string, number>;
}

export interface AuditFilter {
  entityId?: string;
  entityType?: AuditEntity;
  userId?: string;
  action?: AuditAction;
  actorId?: string;
  since?: string;
  until?: string;
}

/** Fields every write moves on: left out of "what changed". */
const STAMPS = new Set(["createdAt", "updatedAt", "version"]);

/** The top-level fields whose values differ between two states of an entity, timestamps aside. */
export function changedFields(before: object | null | undefined, after: object | null | undefined): string[] {
  const b = (before ?? {}) as Row;
  const a = (after ?? {}) as Row;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !STAMPS.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
}

const plural = (n: number, kind: string) => `${n} ${n === 1 ? kind.replace(/ies$/, "y").replace(/s$/, "") : kind}`;

/** "Updated actor 'Riverbend Food Bank': name, tags", and the like. */
function summaryOf(entry: AuditRecord): string {
  const state = (entry.after ?? entry.before ?? {}) as Row;
  const name = [state.name, state.title].find((v) => typeof v === "string") ?? entry.entityId;
  const label = `${entry.entityType} '${name}'`;
  const counted = Object.entries(entry.counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => plural(n, kind))
    .join(", ");
  switch (entry.action) {
    case "create":
      return `Created ${label}${counted ? ` with ${counted}` : ""}`;
    case "update": {
      const fields = changedFields(entry.before, entry.after);
      return `Updated ${label}${fields.length ? `: ${fields.join(", ")}` : " (no change)"}`;
    }
    case "delete":
      return `Deleted ${label}${counted ? ` with ${counted}` : ""}`;
    case "transition":
      return `Moved ${label} from ${String((entry.before as Row | null)?.status)} to ${String(state.status)}`;
    case "import":
      return `Imported ${counted || "nothing"}`;
    case "undo":
      return `Undid a failed import${counted ? ` (${counted})` : ""}`;
  }
}

/** What the API shows of a map, less its item counts (derived, and costly on a large map) and its version. */
const MAP_FIELDS = Object.keys(AtlasMap.shape).filter((k) => k !== "counts" && k !== "version" && k !== "access");

/**
 * A map's own fields as the write's transaction sees them, or undefined when there is no such map. Only fields the
 * API shows are kept: the node holds others (keys, internal counters) that no history should carry.
 */
export async function mapState(tx: ManagedTransaction, mapId: string): Promise<Row | undefined> {
  const [row] = await rows(tx, "audit-map", { mapId });
  if (!row) return undefined;
  const props = row.map as Row;
  return Object.fromEntries(
    MAP_FIELDS.filter((k) => props[k] !== undefined && props[k] !== null).map((k) => [k, props[k]]),
  );
}

/** What an actor's deletion takes with it, per kind; read under the actor's lock, before the deletion. */
export async function actorCascade(tx: ManagedTransaction, mapId: string, id: string): Promise<Record<string, number>> {
  const [row] = await rows(tx, "audit-actor-cascade", { mapId, id });
  const count = (kind: string) => Number(row?.[kind] ?? 0);
  return {
    needs: count("needs"),
    offerings: count("offerings"),
    relationships: count("relationships"),
    commitments: count("commitments"),
  };
}

/** Writes the entry in `tx`, the transaction of the write it records. */
export async function recordAudit(tx: ManagedTransaction, entry: AuditRecord): Promise<void> {
  const who = currentPrincipal();
  await rows(tx, "audit-record", {
    mapId: entry.mapId,
    id: newId(),
    at: now(),
    userId: who.userId,
    userName: who.userId ? (who.name ?? who.userId) : "system",
    via: who.via,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    actorIds: entry.actorIds ?? [],
    before: entry.before ? JSON.stringify(entry.before) : null,
    after: entry.after ? JSON.stringify(entry.after) : null,
    summary: entry.summary ?? summaryOf(entry),
    counts: entry.counts ? JSON.stringify(entry.counts) : null,
  });
}

const parsed = (json: unknown) => (typeof json === "string" ? (JSON.parse(json) as Record<string, unknown>) : null);

function entryFromProps(p: Row): AuditEntry {
  return {
    id: p.id as string,
    at: p.at as string,
    user: p.userId ? { id: p.userId as string, name: (p.userName as string) ?? (p.userId as string) } : null,
    via: p.via as string,
    action: p.action as AuditAction,
    entityType: p.entityType as AuditEntity,
    entityId: p.entityId as string,
    summary: p.summary as string,
    before: parsed(p.before),
    after: parsed(p.after),
    ...(typeof p.counts === "string" ? { counts: JSON.parse(p.counts) as Record<string, number> } : {}),
  };
}

/** A page of the map's history, newest first; 404 for an unknown map. */
export async function listAudit(
  session: StoreSession,
  mapId: string,
  filter: AuditFilter,
  page: Page,
): Promise<ListResult<AuditEntry>> {
  return session.read(async (tx) => {
    await checkReferences(tx, mapId);
    const [row] = await rows(tx, "audit-list", {
      mapId,
      entityId: filter.entityId ?? null,
      entityType: filter.entityType ?? null,
      userId: filter.userId ?? null,
      action: filter.action ?? null,
      actorId: filter.actorId ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      ...page,
    });
    return { items: (row!.items as Row[]).map(entryFromProps), total: row!.total as number, ...page };
  });
}

/** Items per transaction when a deleted map's history goes with it. */
const CLEAR_BATCH = 5000;

/** Deletes the map's history in batches of a transaction each (a map's deletion does so before removing the map). */
export async function clearAudit(session: StoreSession, mapId: string): Promise<void> {
  let deleted: number;
  do {
    const [row] = await session.write((tx) => rows(tx, "audit-clear", { mapId, batch: CLEAR_BATCH }));
    deleted = row!.deleted as number;
  } while (deleted > 0);
}
