// The default taxonomy every new map starts with, and the sample ecosystem loaded on first start.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Bundle, CategoryInput, MapCreate } from "./schemas/domain";
import type { AtlasStore } from "./store/atlas-store";
import { NotFoundError } from "./domain/errors";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export function loadTaxonomy(): CategoryInput[] {
  return z.array(CategoryInput).parse(JSON.parse(readFileSync(path.join(fixtures, "taxonomy.json"), "utf8")));
}

export const SampleEcosystem = z.object({ map: MapCreate.extend({ id: z.string() }), bundle: Bundle });
export type SampleEcosystem = z.infer<typeof SampleEcosystem>;

export function loadSample(): SampleEcosystem {
  return SampleEcosystem.parse(JSON.parse(readFileSync(path.join(fixtures, "sample-ecosystem.json"), "utf8")));
}

/** Creates the sample map unless a map with its id exists; returns whether it did. */
export async function seedSample(store: AtlasStore, mapId?: string): Promise<boolean> {
  const sample = loadSample();
  const id = mapId ?? sample.map.id;
  try {
    await store.getMap(id);
    return false;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  // Public, so a newcomer sees it at once without signing in (redacted, read-only); its owners are the admins.
  await store.createMap({ ...sample.map, id, visibility: "public" });
  try {
    await store.importBundle(id, sample.bundle);
  } catch (err) {
    await store.deleteMap(id); // never leave a half-seeded map behind
    throw err;
  }
  return true;
}
