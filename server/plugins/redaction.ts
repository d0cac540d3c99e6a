// Privacy by default on every route of a map: a caller whose access is redacted (a viewer, a share-link visitor, the
// public) reads every response, and every export, with protected actors under pseudonyms (server/privacy), and may
// name them by those pseudonyms in paths, queries and bodies. Editors and owners pass through untouched.
//
// A redaction plan is built once per map version from the full map and kept. Whether the map moved on is read at
// most every FRESH_MS per map, and at once after a write through this API process, so most redacted responses cost
// no database read. A response naming an item the plan does not know (written since, by another process) is
// redacted with a plan read afresh. A plan keeps the entries of the version before it, for data read just before a
// write.
import fp from "fastify-plugin";
import type { FastifyRequest } from "fastify";
import {
  buildPlan,
  DEFAULT_REDACTED_TYPES,
  dropHiddenMatches,
  mentionsUnknown,
  PSEUDONYM_PREFIX,
  redact,
  unredact,
  type RedactionPlan,
} from "../privacy";
import type { AtlasStore } from "../store/atlas-store";

declare module "fastify" {
  interface FastifyInstance {
    redaction: Redaction;
  }
}

/** Plans kept in memory; the least recently used map's goes first. */
const MAX_CACHED_MAPS = 16;
/** How long a plan is taken as current without reading the map's version again. */
const FRESH_MS = 250;

/**
 * A protected actor's real id in a redacted caller's request. Answered as a route would answer an id it does not
 * know, without echoing the id, so a guess such as `family-garcia` is neither confirmed nor tied to its pseudonym.
 */
class HiddenIdError extends Error {
  readonly statusCode = 404;
  constructor() {
    super("Not found in this map");
  }
}

export class Redaction {
  private readonly plans = new Map<string, RedactionPlan>();
  private readonly loading = new Map<string, Promise<RedactionPlan>>();
  /** Payloads already redacted (an export's bundle), which the serialization hook must not redact twice. */
  private readonly redacted = new WeakSet<object>();
  /** When each map's plan was last found current. */
  private readonly checked = new Map<string, number>();

  constructor(private readonly store: Pick<AtlasStore, "mapVersion" | "graph">) {}

  /** Forgets that a map's plan is current: this process just wrote to the map. */
  changed(mapId: string): void {
    this.checked.delete(mapId);
  }

  /** The plan, current as of at most FRESH_MS ago (or of this process's last write to the map). */
  private async recentPlan(mapId: string): Promise<RedactionPlan> {
    const cached = this.plans.get(mapId);
    const at = this.checked.get(mapId);
    if (cached && at !== undefined && performance.now() - at < FRESH_MS) return cached;
    return this.plan(mapId);
  }

  /** The plan for the map as it is now: its version is read, and the plan rebuilt only when it moved on. */
  async plan(mapId: string): Promise<RedactionPlan> {
    const checkedAt = performance.now();
    const version = await this.store.mapVersion(mapId);
    this.checked.set(mapId, checkedAt);
    const cached = this.plans.get(mapId);
    if (cached && cached.version >= version) {
      this.plans.delete(mapId);
      this.plans.set(mapId, cached);
      return cached;
    }
    const key = `${mapId}@${version}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(mapId, cached).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(mapId: string, previous: RedactionPlan | undefined): Promise<RedactionPlan> {
    const view = await this.store.graph(mapId);
    // Read with the map (map-get returns every property) and never sent: the response schema has no such field.
    const { privacyKey } = view.map as { privacyKey?: unknown };
    if (typeof privacyKey !== "string") throw new Error(`Map '${mapId}' has no privacy key`);
    const plan = buildPlan(
      {
        ...view,
        key: privacyKey,
        version: view.map.version,
        redactedTypes: view.map.redactedTypes ?? DEFAULT_REDACTED_TYPES,
      },
      previous && previous.version < view.map.version ? previous : undefined,
    );
    const current = this.plans.get(mapId);
    if (!current || current.version < plan.version) {
      this.plans.delete(mapId);
      this.plans.set(mapId, plan);
      while (this.plans.size > MAX_CACHED_MAPS) this.plans.delete(this.plans.keys().next().value!);
    }
    return plan;
  }

  /** `payload` as the caller of `request` may see it: redacted, or untouched for editors and owners. */
  async forRequest<T>(request: FastifyRequest, payload: T): Promise<T> {
    const access = request.mapAccess;
    if (!access?.redacted || payload === null || typeof payload !== "object" || this.redacted.has(payload)) {
      return payload;
    }
    // A stream or bytes (a streamed answer, an export) is redacted as it is written, record by record.
    const proto = Object.getPrototypeOf(payload);
    if (!Array.isArray(payload) && proto !== Object.prototype && proto !== null) return payload;
    let plan = await this.recentPlan(access.mapId);
    if (mentionsUnknown(payload, plan)) plan = await this.plan(access.mapId);
    let out = redact(payload, plan);
    const q = (request.query as { q?: unknown } | undefined)?.q;
    if (typeof q === "string" && q.trim()) out = dropHiddenMatches(out, q, plan);
    if (out !== null && typeof out === "object") this.redacted.add(out);
    return out;
  }

  /**
   * Redacts a streamed answer record by record, as forRequest redacts a whole payload (redacting each item of a list
   * on its own gives what redacting the list gives): with a plan at least as recent as `version`, the version the
   * stream reads, and a plan read afresh once a record names an item the plan does not know.
   */
  async recordRedactor(mapId: string, version: number): Promise<<T>(record: T) => Promise<T>> {
    let plan = await this.recentPlan(mapId);
    if (plan.version < version) plan = await this.plan(mapId);
    let fresh = false;
    return async (record) => {
      if (!fresh && mentionsUnknown(record, plan)) {
        plan = await this.plan(mapId);
        fresh = true;
      }
      return redact(record, plan);
    };
  }

  /** Reads the pseudonyms a redacted caller sent in the path, the query and the body as the real ids. */
  async translateRequest(request: FastifyRequest): Promise<void> {
    const access = request.mapAccess;
    if (!access?.redacted) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const body = request.body;
    const named = Object.keys(params).some((k) => k !== "mapId") || Object.keys(query).length > 0;
    if (!named && (body === null || typeof body !== "object")) return;
    // A pseudonym names an actor the caller was shown, so the plan kept in memory knows it; only a pseudonym it does
    // not know (one shown since a write) costs a look at the map's version. The response is checked afresh anyway.
    let plan = this.plans.get(access.mapId) ?? (await this.plan(access.mapId));
    const unknown = (value: unknown) =>
      typeof value === "string" && value.startsWith(PSEUDONYM_PREFIX) && !plan.reverse.has(value);
    const sent = [...Object.values(params), ...Object.values(query).flat()];
    if (sent.some(unknown)) plan = await this.plan(access.mapId);
    const realId = (value: string) => {
      const real = plan.reverse.get(value);
      if (real !== undefined) return real;
      if (plan.ids.has(value)) throw new HiddenIdError();
      return value;
    };
    for (const [key, value] of Object.entries(params)) {
      if (key !== "mapId" && typeof value === "string") params[key] = realId(value);
    }
    for (const [key, value] of Object.entries(query)) {
      // A search text is matched, not looked up: dropHiddenMatches keeps it from finding hidden text.
      if (key === "q") continue;
      if (typeof value === "string") query[key] = realId(value);
      else if (Array.isArray(value)) query[key] = value.map((v) => (typeof v === "string" ? realId(v) : v));
    }
    if (body !== null && typeof body === "object") request.body = unredact(body, plan);
  }
}

export default fp(
  async (app) => {
    const redaction = new Redaction(app.store);
    app.decorate("redaction", redaction);
    app.addHook("preValidation", async (request) => redaction.translateRequest(request));
    app.addHook("preSerialization", async (request, _reply, payload) => redaction.forRequest(request, payload));
    // A write through this process makes the next redacted read of its map look at the version again (before its
    // answer leaves, so a client reading right after it never meets the old plan).
    app.addHook("onSend", async (request, _reply, payload) => {
      const mapId = (request.params as { mapId?: unknown } | undefined)?.mapId;
      if (request.method !== "GET" && request.method !== "HEAD" && typeof mapId === "string") redaction.changed(mapId);
      return payload;
    });
  },
  { name: "redaction", dependencies: ["neo4j"] },
);
