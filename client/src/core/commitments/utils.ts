import { COMMITMENT_TRANSITIONS, formatAmount } from "../../../../server/schemas/domain";
import type { Commitment, CommitmentStatus } from "../api/types";
import type { Ecosystem } from "../graph/types";
import type { AmountCheck, BoardColumn, BoardFilter, CommitmentCard, DeliveredRow } from "./types";

/** The lifecycle in board order; the last two are where commitments end when they do not happen. */
export const BOARD_STATUSES: readonly CommitmentStatus[] = [
  "proposed",
  "contacted",
  "accepted",
  "delivered",
  "declined",
  "cancelled",
];
const CLOSED: ReadonlySet<CommitmentStatus> = new Set(["declined", "cancelled"]);

export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  proposed: "Proposed",
  contacted: "Contacted",
  accepted: "Accepted",
  delivered: "Delivered",
  declined: "Declined",
  cancelled: "Cancelled",
};

/** The button that moves a card to a status, in words a facilitator uses. */
export const MOVE_LABELS: Record<CommitmentStatus, string> = {
  proposed: "Propose",
  contacted: "Mark contacted",
  accepted: "Mark accepted",
  delivered: "Mark delivered",
  declined: "Decline",
  cancelled: "Cancel",
};

export function getEmptyBoardFilter(): BoardFilter {
  return { actorId: null, category: null, region: null };
}

/** The moves the server allows from a status (server/domain/commitments.ts), so no button offers a 409. */
export function nextStatuses(status: CommitmentStatus): CommitmentStatus[] {
  return [...COMMITMENT_TRANSITIONS[status]];
}

const within = (category: string | undefined, path: string) =>
  !!category && (category === path || category.startsWith(`${path}/`));

/** Whether a commitment passes the board's filter; an unknown need or offering only passes an empty filter. */
export function matchesFilter(eco: Ecosystem, c: Commitment, f: BoardFilter): boolean {
  if (!f.actorId && !f.category && !f.region) return true;
  const offering = eco.offerings.get(c.offeringId);
  const need = eco.needs.get(c.needId);
  const sides = [offering?.actorId, need?.actorId];
  if (f.actorId && !sides.includes(f.actorId)) return false;
  if (f.category && !within(need?.category, f.category) && !within(offering?.category, f.category)) return false;
  if (f.region && !sides.some((id) => !!id && eco.actors.get(id)?.location?.region === f.region)) return false;
  return true;
}

export function commitmentCard(eco: Ecosystem, c: Commitment): CommitmentCard {
  const offering = eco.offerings.get(c.offeringId);
  const need = eco.needs.get(c.needId);
  const from = offering ? eco.actors.get(offering.actorId) : undefined;
  const to = need ? eco.actors.get(need.actorId) : undefined;
  return {
    id: c.id,
    status: c.status,
    amount: c.amount,
    unit: c.unit,
    amountText: formatAmount(c.amount, c.unit),
    offeringId: c.offeringId,
    offeringTitle: offering?.title ?? c.offeringId,
    fromActorId: from?.id ?? null,
    fromName: from?.name ?? offering?.actorId ?? "unknown actor",
    needId: c.needId,
    needTitle: need?.title ?? c.needId,
    toActorId: to?.id ?? null,
    toName: to?.name ?? need?.actorId ?? "unknown actor",
    history: c.history,
    next: nextStatuses(c.status),
    capacityLeft: offering ? Math.max(0, offering.capacity - offering.committed) : null,
    needStatus: need?.status ?? null,
    updatedAt: c.updatedAt,
  };
}

/** The board: one column per status in lifecycle order, each card newest change first. */
export function boardColumns(eco: Ecosystem, filter: BoardFilter): BoardColumn[] {
  const byStatus = new Map<CommitmentStatus, CommitmentCard[]>(BOARD_STATUSES.map((s) => [s, []]));
  for (const c of eco.view.commitments ?? []) {
    if (matchesFilter(eco, c, filter)) byStatus.get(c.status)?.push(commitmentCard(eco, c));
  }
  return BOARD_STATUSES.map((status) => ({
    status,
    cards: byStatus.get(status)!.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id)),
    closed: CLOSED.has(status),
  }));
}

/** The choices the filter offers: only actors, categories (with their ancestors) and regions some commitment has. */
export function filterOptions(eco: Ecosystem): {
  actors: { id: string; name: string }[];
  categories: string[];
  regions: string[];
} {
  const actors = new Set<string>();
  const categories = new Set<string>();
  const regions = new Set<string>();
  const addCategory = (path: string | undefined) => {
    for (let p = path; p; p = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : undefined) categories.add(p);
  };
  for (const c of eco.view.commitments ?? []) {
    const offering = eco.offerings.get(c.offeringId);
    const need = eco.needs.get(c.needId);
    for (const id of [offering?.actorId, need?.actorId]) {
      if (!id || !eco.actors.has(id)) continue;
      actors.add(id);
      const region = eco.actors.get(id)!.location?.region;
      if (region) regions.add(region);
    }
    addCategory(offering?.category);
    addCategory(need?.category);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  return {
    actors: [...actors]
      .map((id) => ({ id, name: eco.actors.get(id)!.name }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    categories: [...categories].sort(),
    regions: [...regions].sort(collator.compare),
  };
}

/** Delivered amounts per need and per offering, among the commitments the filter keeps, most delivered first. */
export function deliveredTotals(
  eco: Ecosystem,
  filter: BoardFilter,
): { needs: DeliveredRow[]; offerings: DeliveredRow[] } {
  const needs = new Map<string, DeliveredRow>();
  const offerings = new Map<string, DeliveredRow>();
  for (const c of eco.view.commitments ?? []) {
    if (c.status !== "delivered" || !matchesFilter(eco, c, filter)) continue;
    const need = eco.needs.get(c.needId);
    const offering = eco.offerings.get(c.offeringId);
    const needRow = needs.get(c.needId) ?? {
      id: c.needId,
      title: need?.title ?? c.needId,
      actorName: (need && eco.actors.get(need.actorId)?.name) ?? "",
      delivered: 0,
      of: need?.quantity ?? 0,
      unit: c.unit,
    };
    needRow.delivered += c.amount;
    needs.set(c.needId, needRow);
    const offeringRow = offerings.get(c.offeringId) ?? {
      id: c.offeringId,
      title: offering?.title ?? c.offeringId,
      actorName: (offering && eco.actors.get(offering.actorId)?.name) ?? "",
      delivered: 0,
      of: offering?.capacity ?? 0,
      unit: c.unit,
    };
    offeringRow.delivered += c.amount;
    offerings.set(c.offeringId, offeringRow);
  }
  const order = (a: DeliveredRow, b: DeliveredRow) => b.delivered - a.delivered || a.id.localeCompare(b.id);
  return { needs: [...needs.values()].sort(order), offerings: [...offerings.values()].sort(order) };
}

/** Reads a typed amount: a positive number no larger than `max` (what the offering and the need allow). */
export function checkAmount(text: string, max: number, unit: string): AmountCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: "Enter an amount." };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: "The amount must be a number." };
  if (value <= 0) return { ok: false, error: "The amount must be more than 0." };
  if (value > max + 1e-9) return { ok: false, error: `At most ${formatAmount(max, unit)} can be committed here.` };
  return { ok: true, value };
}

const SESSION_KEY = "atlas.commitments.by";

/** Who is making changes, remembered for the browser tab's session so the dialogs ask only once. */
export function readSessionName(storage: Pick<Storage, "getItem"> | undefined = globalThis.sessionStorage): string {
  try {
    return storage?.getItem(SESSION_KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveSessionName(
  name: string,
  storage: Pick<Storage, "setItem"> | undefined = globalThis.sessionStorage,
) {
  try {
    storage?.setItem(SESSION_KEY, name.trim());
  } catch {
    // Storage may be off (private mode); the dialog then asks again, which is all that is lost.
  }
}

/** "proposed by Ana · 3 Mar 2025, 14:05" */
export function describeEvent(e: { status: CommitmentStatus; by: string; at: string }, locale?: string): string {
  const when = new Date(e.at);
  const at = Number.isNaN(when.getTime())
    ? e.at
    : when.toLocaleString(locale, {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      });
  return `${STATUS_LABELS[e.status].toLowerCase()} by ${e.by} · ${at}`;
}
