// Maps written before units were a controlled list hold free text ("laptops", "hours/week") or nothing. At start-up,
// after the schema, every map that holds such items is migrated: each unit becomes the one its text names
// (unitFromText), else its category's default unit, else "items"; categories of the default taxonomy get the unit it
// gives them, and commitments their offering's unit. Units already on the list are never touched, so running it
// again changes nothing.
import type { Driver, ManagedTransaction } from "neo4j-driver";
import { allUnits, migratedUnit } from "../domain/units";
import type { CategoryInput } from "../schemas/domain";
import { rows, type Row } from "./session";

export interface UnitMigration {
  /** Maps whose items, categories or commitments were given units. */
  maps: number;
  /** Needs and offerings whose unit changed. */
  items: number;
}

export async function migrateUnits(driver: Driver, taxonomy: readonly CategoryInput[]): Promise<UnitMigration> {
  const units = allUnits();
  const defaults = taxonomy.filter((c) => c.unit).map((c) => ({ id: c.id, unit: c.unit! }));
  const session = driver.session();
  try {
    const pending = await session.executeRead((tx) => rows(tx, "units-pending", { units, defaults }));
    let items = 0;
    for (const { mapId } of pending) {
      // One write transaction per map: the read and the write see the same items, and a failure leaves the map as
      // it was, to be migrated at the next start.
      items += await session.executeWrite((tx) => migrateMap(tx, mapId as string, units, defaults));
    }
    return { maps: pending.length, items };
  } finally {
    await session.close();
  }
}

async function migrateMap(
  tx: ManagedTransaction,
  mapId: string,
  units: string[],
  defaults: { id: string; unit: string }[],
): Promise<number> {
  const [row] = await rows(tx, "units-read", { mapId, units });
  if (!row) return 0; // deleted meanwhile
  const own = new Map((row.categories as Row[]).map((c) => [c.id as string, (c.unit as string | null) ?? undefined]));
  // The taxonomy's units count as the category's own from here on, as the write below gives them to it.
  const categories = defaults.filter((d) => own.has(d.id) && own.get(d.id) === undefined);
  for (const d of categories) own.set(d.id, d.unit);
  const fixed = (row.items as Row[]).map((i) => ({
    kind: i.kind as string,
    id: i.id as string,
    unit: migratedUnit(i.unit as string | null, i.category as string, own),
  }));
  await rows(tx, "units-write", {
    mapId,
    categories,
    needs: fixed.filter((i) => i.kind === "need"),
    offerings: fixed.filter((i) => i.kind === "offering"),
  });
  return fixed.length;
}
