// Conversion between domain objects and the flat properties Neo4j stores. Neo4j properties cannot nest,
// so a location becomes lat/lon/address/region and free attributes a JSON string. Neo4j drops
// properties set to null, which is how an update removes an optional field.
import { ACTIVE_COMMITMENT_STATUSES } from "../domain/commitments";
import { RELATIONSHIP_TYPES, UNDIRECTED_TYPES } from "../domain/vocabulary";
import type {
  Commitment,
  Actor,
  Category,
  Need,
  Offering,
  Provenance,
  Relationship,
  RelationshipInput,
  RelationshipType,
} from "../schemas/domain";
import { NeedInput, OfferingInput } from "../schemas/domain";

type Props = Record<string, unknown>;

/** The statuses of commitments that hold capacity, as the list parameter the queries take. */
export const ACTIVE = [...ACTIVE_COMMITMENT_STATUSES];

/** Drops undefined and null so optional fields are absent, not null, in JSON. */
function compact<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined || o[key] === null) delete o[key];
  return o;
}

/**
 * Every property an upsert writes, with null for the optional ones left out: upserts use `SET x += row`, which
 * removes a property set to null and leaves the key properties (mapId, id) alone. Replacing the whole map
 * (`SET x = row`) would drop and re-add the indexed keys, which costs index churn that slows the rest of a large
 * import's transaction several times over.
 */
function complete(props: Props, keys: readonly string[]): Props {
  for (const key of keys) if (!(key in props)) props[key] = null;
  return props;
}
const ACTOR_KEYS = [
  "id",
  "name",
  "type",
  "description",
  "tags",
  "lat",
  "lon",
  "address",
  "region",
  "attributes",
  "url",
  "sensitive",
];
const NEED_KEYS = Object.keys(NeedInput.shape);
const OFFERING_KEYS = Object.keys(OfferingInput.shape).filter((k) => k !== "committed");
const RELATIONSHIP_KEYS = ["id", "weight", "amount", "currency", "since", "until", "createdAt", "updatedAt"];

export function actorToProps(a: Omit<Actor, "createdAt" | "updatedAt">): Props {
  return complete(
    compact({
      id: a.id,
      name: a.name,
      type: a.type,
      description: a.description,
      tags: a.tags,
      lat: a.location?.lat,
      lon: a.location?.lon,
      address: a.location?.address,
      region: a.location?.region,
      attributes: JSON.stringify(a.attributes),
      url: a.url,
      // Stored only when set, so maps written before the flag read the same.
      sensitive: a.sensitive || undefined,
    }),
    ACTOR_KEYS,
  );
}

export function actorFromProps(p: Props): Actor {
  return compact({
    id: p.id as string,
    name: p.name as string,
    type: p.type as Actor["type"],
    description: (p.description as string) ?? "",
    tags: (p.tags as string[]) ?? [],
    location:
      typeof p.lat === "number"
        ? compact({
            lat: p.lat,
            lon: p.lon as number,
            address: p.address as string | undefined,
            region: p.region as string | undefined,
          })
        : undefined,
    attributes: p.attributes ? JSON.parse(p.attributes as string) : {},
    url: p.url as string | undefined,
    sensitive: p.sensitive === true || undefined,
    createdAt: p.createdAt as string,
    updatedAt: p.updatedAt as string,
  });
}

/** Provenance nests, so it is stored as JSON; absent on items no survey answer wrote. */
const provenanceToProp = (p: Provenance | undefined) => (p ? JSON.stringify(p) : undefined);
const provenanceFromProp = (p: unknown) => (typeof p === "string" ? (JSON.parse(p) as Provenance) : undefined);

export function needToProps(n: Omit<Need, "createdAt" | "updatedAt">): Props {
  return complete(compact({ ...n, provenance: provenanceToProp(n.provenance) }), NEED_KEYS);
}

export function needFromProps(p: Props): Need {
  const { mapId: _mapId, _lock: _l, rev: _rev, ...rest } = p;
  return compact({ ...rest, provenance: provenanceFromProp(p.provenance) }) as Need;
}

export function offeringToProps(o: Omit<Offering, "createdAt" | "updatedAt">): Props {
  const { committed: _committed, ...rest } = o;
  return complete(compact({ ...rest, provenance: provenanceToProp(o.provenance) }), OFFERING_KEYS);
}

export function offeringFromProps(p: Props): Offering {
  const { mapId: _mapId, _lock: _l, rev: _rev, ...rest } = p;
  return compact({
    ...rest,
    provenance: provenanceFromProp(p.provenance),
    committed: (p.committed as number | undefined) ?? 0,
  }) as Offering;
}

export function commitmentFromProps(p: Props): Commitment {
  return {
    id: p.id as string,
    offeringId: p.offeringId as string,
    needId: p.needId as string,
    amount: p.amount as number,
    unit: p.unit as string,
    status: p.status as Commitment["status"],
    history: JSON.parse((p.history as string) ?? "[]"),
    createdAt: p.createdAt as string,
    updatedAt: p.updatedAt as string,
  };
}

export function categoryFromProps(p: Props): Category {
  return compact({
    id: p.id as string,
    name: p.name as string,
    parent: p.parent as string | undefined,
    unit: p.unit as string | undefined,
  });
}

/** Domain relationship types map onto Neo4j relationship types through this allow-list only. */
export function neo4jType(type: RelationshipType): string {
  if (!RELATIONSHIP_TYPES.includes(type)) throw new Error(`neo4jType: unknown relationship type '${type}'`);
  return type.toUpperCase();
}

export function relationshipRow(r: RelationshipInput & { id: string; weight: number }, createdAt: string, now: string) {
  return {
    from: r.from,
    to: r.to,
    neo4jType: neo4jType(r.type),
    props: complete(
      compact({
        id: r.id,
        weight: r.weight,
        amount: r.amount,
        currency: r.currency,
        since: r.since,
        until: r.until,
        createdAt,
        updatedAt: now,
      }),
      RELATIONSHIP_KEYS,
    ),
  };
}

export function relationshipFromProps(p: Props): Relationship {
  const type = (p.neo4jType as string).toLowerCase() as RelationshipType;
  return compact({
    id: p.id as string,
    from: p.from as string,
    to: p.to as string,
    type,
    weight: p.weight as number,
    amount: p.amount as number | undefined,
    currency: p.currency as string | undefined,
    since: p.since as string | undefined,
    until: p.until as string | undefined,
    directed: !UNDIRECTED_TYPES.has(type),
    reportedBy: (p.reportedBy as string[] | undefined) ?? undefined,
    provenance: provenanceFromProp(p.provenance),
    createdAt: p.createdAt as string,
    updatedAt: p.updatedAt as string,
  });
}

/** Applies a patch in which null removes an optional field. */
export function applyPatch<T extends object>(current: T, patch: object): T {
  const next = { ...current } as Props;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

export function stripTimestamps<T extends { createdAt?: string; updatedAt?: string }>(item: T) {
  const { createdAt: _c, updatedAt: _u, ...rest } = item;
  return rest;
}
