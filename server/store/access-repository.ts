// Who may reach a map: its members and their roles, its share links, its visibility. Member changes take the map
// node's write lock first (access-member-*.cypher), so two owners changing roles at once cannot both remove the
// other and leave the map with no owner. Each change records its audit entry in its own transaction.
import { ConflictError, NotFoundError } from "../domain/errors";
import type { MapRole } from "../auth/context";
import type { Visibility } from "../schemas/auth";
import { recordAudit } from "./audit";
import { newId, now, rows, type StoreSession } from "./session";

export interface MapReach {
  visibility: Visibility;
  role: MapRole | null;
  shared: boolean;
}

export interface MemberRow {
  userId: string;
  username: string;
  name: string;
  role: MapRole;
}

export interface ShareLinkRow {
  id: string;
  label: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export class AccessRepository {
  constructor(private readonly session: StoreSession) {}

  /** The map's visibility and the caller's role in it; null when the map does not exist. */
  async reach(mapId: string, userId: string | null, shareHash: string | null): Promise<MapReach | null> {
    const [row] = await this.session.read((tx) => rows(tx, "access-map", { mapId, userId, shareHash, now: now() }));
    return row ? (row as unknown as MapReach) : null;
  }

  /** The maps a caller may list, with its role in each. */
  async visibleMaps(
    userId: string | null,
    admin: boolean,
  ): Promise<{ id: string; visibility: Visibility; role: MapRole | null }[]> {
    const result = await this.session.read((tx) => rows(tx, "access-map-visible", { userId, admin }));
    return result as unknown as { id: string; visibility: Visibility; role: MapRole | null }[];
  }

  async members(mapId: string): Promise<MemberRow[]> {
    return (await this.session.read((tx) => rows(tx, "access-member-list", { mapId }))) as unknown as MemberRow[];
  }

  /**
   * Gives an account a role in a map. One transaction holds the map's lock while it checks that an owner is left,
   * so the map never ends up without one.
   */
  async setMember(mapId: string, userId: string, role: MapRole): Promise<MemberRow> {
    return this.session.write(async (tx) => {
      const owners = await lockAndCountOwners(tx, mapId);
      const before = (await rows(tx, "access-member-list", { mapId })).find((m) => m.userId === userId) ?? null;
      const [row] = await rows(tx, "access-member-set", { mapId, userId, role, now: now() });
      if (!row) throw new NotFoundError("Account", userId);
      await keepAnOwner(tx, mapId, owners);
      const action = before ? "update" : "create";
      await recordAudit(tx, { mapId, action, entityType: "member", entityId: userId, before, after: row });
      return row as unknown as MemberRow;
    });
  }

  async removeMember(mapId: string, userId: string): Promise<void> {
    await this.session.write(async (tx) => {
      const owners = await lockAndCountOwners(tx, mapId);
      const before = (await rows(tx, "access-member-list", { mapId })).find((m) => m.userId === userId) ?? null;
      const [row] = await rows(tx, "access-member-remove", { mapId, userId });
      if (!row || row.removed === 0) throw new NotFoundError("Member", userId);
      await keepAnOwner(tx, mapId, owners);
      await recordAudit(tx, { mapId, action: "delete", entityType: "member", entityId: userId, before });
    });
  }

  async createShareLink(
    mapId: string,
    input: { hash: string; label: string | null; expiresAt: string | null; userId: string | null },
  ): Promise<ShareLinkRow> {
    return this.session.write(async (tx) => {
      const [row] = await rows(tx, "access-share-create", { mapId, id: newId(), ...input, now: now() });
      if (!row) throw new NotFoundError("Map", mapId);
      const link = row.link as ShareLinkRow;
      await recordAudit(tx, { mapId, action: "create", entityType: "share_link", entityId: link.id, after: link });
      return link;
    });
  }

  async shareLinks(mapId: string): Promise<ShareLinkRow[]> {
    return (await this.session.read((tx) => rows(tx, "access-share-list", { mapId }))).map(
      (r) => r.link as ShareLinkRow,
    );
  }

  async revokeShareLink(mapId: string, id: string): Promise<void> {
    await this.session.write(async (tx) => {
      const [row] = await rows(tx, "access-share-revoke", { mapId, id });
      if (!row || row.removed === 0) throw new NotFoundError("Share link", id);
      await recordAudit(tx, { mapId, action: "delete", entityType: "share_link", entityId: id, before: { id } });
    });
  }
}

type Tx = Parameters<Parameters<StoreSession["write"]>[0]>[0];

async function lockAndCountOwners(tx: Tx, mapId: string): Promise<number> {
  const [lock] = await rows(tx, "access-map-lock", { mapId });
  if (!lock || lock.found === 0) throw new NotFoundError("Map", mapId);
  const [row] = await rows(tx, "access-owner-count", { mapId });
  return row!.owners as number;
}

/** A map that had an owner keeps one (maps made before accounts existed may have none; admins reach those). */
async function keepAnOwner(tx: Tx, mapId: string, before: number) {
  const [row] = await rows(tx, "access-owner-count", { mapId });
  if (before > 0 && (row!.owners as number) === 0)
    throw new ConflictError(`Map '${mapId}' must keep at least one owner`);
}
