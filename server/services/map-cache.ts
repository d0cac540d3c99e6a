// Map snapshots and every result computed from them, per map, reused until the map's version (bumped by every
// write) moves on. The analysis and matching services share one cache, so a map is loaded once for both and
// matching reuses the graphs and communities the analysis built.
import type { z } from "zod";
import { buildActorGraph, type ActorGraph } from "../analysis/graph";
import type { GraphQuery, TieSelection as TieSelectionSchema } from "../schemas/analysis";
import type { GraphView } from "../schemas/domain";
import type { AtlasStore, MapSnapshot } from "../store/atlas-store";

type TieSelection = z.output<typeof TieSelectionSchema>;
/** A graph's options; `ties` left out: every tie. */
export type GraphOptions = Omit<z.output<typeof GraphQuery>, "ties"> & { ties?: TieSelection };

export interface CacheEntry {
  snapshot: MapSnapshot;
  results: Map<string, unknown>;
}

/** Maps whose snapshots stay in memory; the least recently used one goes first. */
const MAX_CACHED_MAPS = 8;

export class MapCache {
  private readonly maps = new Map<string, CacheEntry>();
  private computed = 0;

  constructor(private readonly store: Pick<AtlasStore, "mapVersion" | "snapshot" | "graph">) {}

  /** Results computed rather than served from the cache so far: what shows a recomputation from the outside. */
  get computations(): number {
    return this.computed;
  }

  /** The map's snapshot, reloaded only when the map changed since it was taken. */
  async snapshot(mapId: string): Promise<MapSnapshot> {
    return (await this.entry(mapId)).snapshot;
  }

  private async entry(mapId: string): Promise<CacheEntry> {
    const version = await this.store.mapVersion(mapId);
    let entry = this.maps.get(mapId);
    if (!entry || entry.snapshot.version !== version) {
      entry = { snapshot: await this.store.snapshot(mapId), results: new Map() };
    }
    this.maps.delete(mapId);
    this.maps.set(mapId, entry);
    while (this.maps.size > MAX_CACHED_MAPS) this.maps.delete(this.maps.keys().next().value!);
    return entry;
  }

  /** Computes once per map version and key; a failed computation is not kept. */
  async memo<T>(
    mapId: string,
    key: string,
    compute: (snapshot: MapSnapshot, entry: CacheEntry) => T,
  ): Promise<Awaited<T>> {
    const entry = await this.entry(mapId);
    if (!entry.results.has(key)) {
      this.computed++;
      const value = compute(entry.snapshot, entry);
      entry.results.set(key, value);
      if (value instanceof Promise) value.catch(() => entry.results.delete(key));
    }
    return entry.results.get(key) as Awaited<T>;
  }

  /**
   * The map's full view (every field of every item, which the lean snapshot leaves out), read once per map
   * version; only the few results that need such a field read it.
   */
  view(mapId: string): Promise<GraphView> {
    return this.memo(mapId, "view", () => this.store.graph(mapId));
  }

  /** The actor graph of a cached snapshot for these tie types and direction, built once per entry. */
  graph(entry: CacheEntry, query: GraphOptions): ActorGraph {
    const key = `graph:${JSON.stringify([query.relationshipTypes ?? null, query.directed, query.ties ?? "all"])}`;
    if (!entry.results.has(key)) {
      entry.results.set(
        key,
        buildActorGraph(entry.snapshot.actors, this.ties(entry, query.ties), {
          relationshipTypes: query.relationshipTypes,
          directed: query.directed,
        }),
      );
    }
    return entry.results.get(key) as ActorGraph;
  }

  /** The snapshot's ties, or (`confirmed`) without those a survey reported from one end only; kept per entry. */
  ties(entry: CacheEntry, ties: TieSelection = "all"): MapSnapshot["relationships"] {
    if (ties === "all") return entry.snapshot.relationships;
    if (!entry.results.has("ties:confirmed"))
      entry.results.set(
        "ties:confirmed",
        entry.snapshot.relationships.filter((r) => !r.unconfirmed),
      );
    return entry.results.get("ties:confirmed") as MapSnapshot["relationships"];
  }
}

/** Looks actors of a snapshot up by id, as the { id, name, type } results name them with. */
export function actorRefs(snapshot: MapSnapshot) {
  const byId = new Map(snapshot.actors.map((a) => [a.id, a]));
  return (id: string) => {
    const a = byId.get(id)!;
    return { id, name: a.name, type: a.type };
  };
}
