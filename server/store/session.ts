// Driver sessions and the managed transactions every repository runs its queries in: the schema applied once
// before the first one, driver errors turned into domain errors at this edge, and the map's version bump that
// every write ends with. One query runs through `rows`, by its typed name in cypher/.
import { randomUUID } from "node:crypto";
import type { Driver, ManagedTransaction } from "neo4j-driver";
import { ConflictError } from "../domain/errors";
import { cypher, schemaStatements, type QueryName } from "./cypher";
import { fromNeo4jError } from "./neo4j-errors";

export type Row = Record<string, unknown>;
/** Runs work in a managed transaction of its own (retried by the driver), with the store's error mapping. */
export type Transact = <T>(work: (tx: ManagedTransaction) => Promise<T>) => Promise<T>;

export const newId = () => randomUUID();
export const now = () => new Date().toISOString();

export async function rows(tx: ManagedTransaction, name: QueryName, params: object): Promise<Row[]> {
  const result = await tx.run(cypher(name), params);
  return result.records.map((r) => r.toObject());
}

/** Bumps the map's version, so caches of analysis and matching know the map changed; it also takes the map's lock. */
export async function touch(tx: ManagedTransaction, mapId: string): Promise<void> {
  await tx.run(cypher("map-touch"), { mapId, now: now() });
}

/**
 * `touch` for a delete: refused (and so rolled back whole) while a chunked import holds the map's lease. The lease is
 * read under the map's lock, so a delete either commits before the import's first transaction (whose reference check
 * then names what is gone) or waits for the import's end: it never takes items the import reports as written.
 */
export async function touchToDelete(tx: ManagedTransaction, mapId: string): Promise<void> {
  const result = await tx.run(cypher("map-touch"), { mapId, now: now() });
  if (result.records[0]?.get("importing")) {
    throw new ConflictError(`An import into map '${mapId}' is in progress; delete once it has finished`);
  }
}

/** A query names every parameter it reads: filter fields left out are sent as null. */
export function nullsToNull(filter: object): Row {
  return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v ?? null]));
}

export class StoreSession {
  private schemaReady: Promise<void> | undefined;

  /** `afterSchema` runs once the schema is in place and before any other transaction: the data migrations. */
  constructor(
    private readonly driver: Driver,
    private readonly afterSchema?: (driver: Driver) => Promise<unknown>,
  ) {}

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
      await this.afterSchema?.(this.driver);
    })().catch((err) => {
      this.schemaReady = undefined;
      throw fromNeo4jError(err);
    });
    return this.schemaReady;
  }

  read: Transact = async (work) => {
    await this.ensureSchema();
    const session = this.driver.session({ defaultAccessMode: "READ" });
    try {
      return await session.executeRead(work);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close();
    }
  };

  write: Transact = async (work) => {
    await this.ensureSchema();
    const session = this.driver.session({ defaultAccessMode: "WRITE" });
    try {
      return await session.executeWrite(work);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close();
    }
  };

  async health(): Promise<{ version: string; edition: string; latencyMs: number }> {
    const started = performance.now();
    const info = await this.driver.executeQuery(
      "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
    );
    const record = info.records[0]!.toObject() as { version: string; edition: string };
    return { ...record, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}
