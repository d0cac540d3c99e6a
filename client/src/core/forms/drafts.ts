// Form drafts (text per input) to API bodies and back, one pair per kind of item. What the API rejects, the same
// zod schemas reject here first; the paths of both kinds of error are the draft's keys.
import type { Actor, Need, Offering, Relationship } from "../api/types";
import { formatAttributes, numberOrUndefined, parseAttributes, splitTags, stringOrUndefined } from "./utils";
import type { Draft } from "./types";

const text = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
/** Blank optional fields are left out on create and cleared (null) on edit. */
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function actorDraft(a?: Actor): Draft {
  return {
    id: a?.id ?? "",
    name: a?.name ?? "",
    type: a?.type ?? "school",
    description: a?.description ?? "",
    tags: (a?.tags ?? []).join(", "),
    url: a?.url ?? "",
    sensitive: a?.sensitive ? "true" : "false",
    "location.lat": text(a?.location?.lat),
    "location.lon": text(a?.location?.lon),
    "location.region": a?.location?.region ?? "",
    "location.address": a?.location?.address ?? "",
    attributes: formatAttributes(a?.attributes ?? {}),
  };
}

function location(d: Draft) {
  const parts = ["location.lat", "location.lon", "location.region", "location.address"].map((k) => (d[k] ?? "").trim());
  if (parts.every((p) => !p)) return undefined;
  return {
    lat: numberOrUndefined(d["location.lat"] ?? ""),
    lon: numberOrUndefined(d["location.lon"] ?? ""),
    region: stringOrUndefined(d["location.region"] ?? ""),
    address: stringOrUndefined(d["location.address"] ?? ""),
  };
}

export function actorInput(d: Draft) {
  return {
    id: stringOrUndefined(d.id ?? ""),
    name: d.name ?? "",
    type: d.type,
    description: d.description ?? "",
    tags: splitTags(d.tags ?? ""),
    url: stringOrUndefined(d.url ?? ""),
    sensitive: d.sensitive === "true",
    location: location(d),
    attributes: parseAttributes(d.attributes ?? ""),
  };
}

export function actorPatch(d: Draft) {
  const { id: _id, ...rest } = actorInput(d);
  return { ...rest, url: orNull(rest.url), location: orNull(rest.location) };
}

export function needDraft(n?: Need, actorId = ""): Draft {
  return {
    id: n?.id ?? "",
    actorId: n?.actorId ?? actorId,
    category: n?.category ?? "",
    title: n?.title ?? "",
    description: n?.description ?? "",
    quantity: text(n?.quantity),
    unit: n?.unit ?? "",
    priority: n?.priority ?? "medium",
    status: n?.status ?? "open",
    dueDate: n?.dueDate ?? "",
  };
}

export function needInput(d: Draft) {
  return {
    id: stringOrUndefined(d.id ?? ""),
    actorId: d.actorId ?? "",
    category: d.category ?? "",
    title: d.title ?? "",
    description: d.description ?? "",
    quantity: numberOrUndefined(d.quantity ?? ""),
    // Left out when blank: the API counts the item in its category's default unit.
    unit: stringOrUndefined(d.unit ?? ""),
    priority: d.priority,
    status: d.status,
    dueDate: stringOrUndefined(d.dueDate ?? ""),
  };
}

export function needPatch(d: Draft) {
  const { id: _id, actorId: _actor, ...rest } = needInput(d);
  return { ...rest, dueDate: orNull(rest.dueDate) };
}

export function offeringDraft(o?: Offering, actorId = ""): Draft {
  return {
    id: o?.id ?? "",
    actorId: o?.actorId ?? actorId,
    category: o?.category ?? "",
    title: o?.title ?? "",
    description: o?.description ?? "",
    capacity: text(o?.capacity),
    unit: o?.unit ?? "",
    modality: o?.modality ?? "in_person",
    reachKm: text(o?.reachKm),
    status: o?.status ?? "available",
    validFrom: o?.validFrom ?? "",
    validUntil: o?.validUntil ?? "",
  };
}

export function offeringInput(d: Draft) {
  return {
    id: stringOrUndefined(d.id ?? ""),
    actorId: d.actorId ?? "",
    category: d.category ?? "",
    title: d.title ?? "",
    description: d.description ?? "",
    capacity: numberOrUndefined(d.capacity ?? ""),
    // Left out when blank: the API counts the item in its category's default unit.
    unit: stringOrUndefined(d.unit ?? ""),
    modality: d.modality,
    reachKm: numberOrUndefined(d.reachKm ?? ""),
    status: d.status,
    validFrom: stringOrUndefined(d.validFrom ?? ""),
    validUntil: stringOrUndefined(d.validUntil ?? ""),
  };
}

export function offeringPatch(d: Draft) {
  const { id: _id, actorId: _actor, ...rest } = offeringInput(d);
  return {
    ...rest,
    reachKm: orNull(rest.reachKm),
    validFrom: orNull(rest.validFrom),
    validUntil: orNull(rest.validUntil),
  };
}

export function relationshipDraft(r?: Relationship, from = ""): Draft {
  return {
    id: r?.id ?? "",
    from: r?.from ?? from,
    to: r?.to ?? "",
    type: r?.type ?? "partners_with",
    weight: text(r?.weight ?? 1),
    amount: text(r?.amount),
    since: r?.since ?? "",
    until: r?.until ?? "",
  };
}

export function relationshipInput(d: Draft) {
  return {
    id: stringOrUndefined(d.id ?? ""),
    from: d.from ?? "",
    to: d.to ?? "",
    type: d.type,
    weight: numberOrUndefined(d.weight ?? ""),
    amount: numberOrUndefined(d.amount ?? ""),
    since: stringOrUndefined(d.since ?? ""),
    until: stringOrUndefined(d.until ?? ""),
  };
}

export function relationshipPatch(d: Draft) {
  const r = relationshipInput(d);
  return { weight: r.weight, amount: orNull(r.amount), since: orNull(r.since), until: orNull(r.until) };
}
