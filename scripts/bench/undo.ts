// `npm run bench -- --undo`: what the undo of a failed chunked import costs at scale. A map holding the first 1% of a
// generated 100k-actor ecosystem takes the whole ecosystem (those actors renamed) as one chunked import, made to fail
// once 90% of its items are written: the progress callback throws, as a chunk refused by Neo4j would. The undo then
// deletes what the chunks created and writes the replaced 1% back. Timed: the import up to the failure, and the undo
// (from the failure to the import's rejection); afterwards the map must hold exactly what it held before.
import { generateEcosystem } from "../../server/analysis/synthetic";
import type { AtlasStore } from "../../server/store/atlas-store";
import type { Bundle } from "../../server/schemas/domain";

export interface UndoMeasure {
  actors: number;
  /** Items in the failing import, and those written when it failed. */
  items: number;
  written: number;
  /** Items the map held before, which the import replaced and the undo wrote back. */
  replaced: number;
  importSeconds: number;
  undoSeconds: number;
  /** Items per kind before the import and after its undo. */
  before: Record<string, number>;
  after: Record<string, number>;
  /** The map's export after the undo is the one before it, item for item. */
  identical: boolean;
}

/** Where the import fails, as a share of its items: late, so that most of it has to be undone. */
const FAIL_AT = 0.9;
/** Share of the ecosystem's actors (with their ties, needs and offerings) the map holds before the import. */
const HELD = 0.01;

class Provoked extends Error {}

export async function benchUndo(
  store: AtlasStore,
  { actors = 100_000, seed = 1, log = (_: string) => {} } = {},
): Promise<UndoMeasure> {
  const eco = generateEcosystem({ actors, seed });
  const bundle: Bundle = { ...eco, commitments: [] };
  const held = new Set(eco.actors.slice(0, Math.round(actors * HELD)).map((a) => a.id));
  const part: Bundle = {
    categories: eco.categories,
    actors: eco.actors.filter((a) => held.has(a.id)).map((a) => ({ ...a, name: `${a.name} (before)` })),
    relationships: eco.relationships.filter((r) => held.has(r.from) && held.has(r.to)),
    needs: eco.needs.filter((n) => held.has(n.actorId)),
    offerings: eco.offerings.filter((o) => held.has(o.actorId)),
    commitments: [],
  };
  const mapId = `bench-undo-${Date.now().toString(36)}`;
  await store.createMap({
    id: mapId,
    name: `Undo of a failed ${actors}-actor import`,
    description: "npm run bench",
    visibility: "private",
  });
  try {
    await store.importBundle(mapId, part);
    const counts = async () =>
      Object.fromEntries(Object.entries(await store.existingIds(mapId)).map(([kind, ids]) => [kind, ids.size]));
    const before = await counts();
    const exported = JSON.stringify(await store.exportBundle(mapId));

    const items = Object.values(bundle).reduce((n, list) => n + list.length, 0);
    log(`undo: importing ${items} items into ${mapId}, failing after ${Math.round(FAIL_AT * 100)}%...`);
    let written = 0;
    let failedAt = 0;
    const started = performance.now();
    const outcome = await store
      .importBundle(mapId, bundle, {
        onProgress: (done) => {
          if (failedAt || done < FAIL_AT * items) return;
          written = done;
          failedAt = performance.now();
          throw new Provoked(`failed on purpose after ${done} items`);
        },
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    const rejected = performance.now();
    if (!(outcome instanceof Provoked)) throw new Error(`the import did not fail as provoked: ${String(outcome)}`);

    const after = await counts();
    const identical = JSON.stringify(await store.exportBundle(mapId)) === exported;
    return {
      actors,
      items,
      written,
      replaced: Object.values(part).reduce((n, list) => n + list.length, 0),
      importSeconds: (failedAt - started) / 1000,
      undoSeconds: (rejected - failedAt) / 1000,
      before,
      after,
      identical,
    };
  } finally {
    await store.deleteMap(mapId);
  }
}

export function printUndo(m: UndoMeasure) {
  const kinds = Object.keys(m.before);
  const same = kinds.every((k) => m.before[k] === m.after[k]);
  const s = (x: number) => `${x.toFixed(2)} s`;
  console.log(
    `\nUndo of a failed chunked import (${m.actors} actors, ${m.items.toLocaleString("en")} items; the map held ${m.replaced.toLocaleString("en")} of them before):\n` +
      "| import until the failure | items written | undo (failure to rejection) | items undone per second | map as before |\n" +
      "|---|---|---|---|---|\n" +
      `| ${s(m.importSeconds)} | ${m.written.toLocaleString("en")} | ${s(m.undoSeconds)} | ${Math.round(m.written / m.undoSeconds).toLocaleString("en")} | ${
        same && m.identical ? "yes" : "NO"
      } |\n\n` +
      `Items per kind before / after: ${kinds.map((k) => `${k} ${m.before[k]} / ${m.after[k]}`).join(", ")}; ` +
      `export ${m.identical ? "identical" : "DIFFERENT"}`,
  );
}
