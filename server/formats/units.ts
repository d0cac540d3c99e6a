// Units of the needs and offerings an import brings. What a file writes ("laptops", "hours/week", "$") is mapped to the
// list with unitFromText; an item whose unit names nothing on the list, or that has none, is counted in its category's
// default unit (the import's categories, else the map's, else "items"), and the report says so, item by item, as a
// warning: a unit was assumed. Units already on the list pass as they are; the JSON bundle, being Atlas's own format,
// must carry valid units or none (an invalid one is an error of the item's `unit`).
import { categoryLineage } from "../domain/taxonomy";
import { COUNT_UNITS, defaultUnitFor, unitFromText } from "../domain/units";
import type { Bundle } from "../schemas/domain";
import { originColumn, type Issues, type Origins } from "./issues";
import type { ImportOptions } from "./types";

/** The unit text of items whose text named no unit, by the item as the bundle holds it. */
export type UnmappedUnits = Map<object, string>;

/** The unit `text` names, or undefined for none (no text, or text that names nothing on the list). */
export function unitCell(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : unitFromText(text);
}

/**
 * Gives every need and offering without a unit its category's default and warns, naming the item and the unit
 * assumed. Categories the import carries count before the map's (`options.categoryUnits`).
 */
export function assignUnits(
  bundle: Bundle,
  issues: Issues,
  origins: Origins,
  options: ImportOptions | undefined,
  unmapped: UnmappedUnits = new Map(),
): void {
  const units = new Map<string, string | undefined>(Object.entries(options?.categoryUnits ?? {}));
  for (const c of bundle.categories) if (c.unit) units.set(c.id, c.unit);
  for (const kind of ["needs", "offerings"] as const) {
    const list = bundle[kind];
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      if (item.unit) continue;
      const unit = defaultUnitFor(item.category, units);
      item.unit = unit;
      const text = unmapped.get(item);
      const why =
        text === undefined ? "no unit given" : `unit '${text}' is none of ${COUNT_UNITS.join(", ")} or a currency`;
      const source = categoryLineage(item.category).find((p) => units.get(p) === unit);
      const from = source ? `the default of category ${source}` : `as no category above it has a default unit`;
      issues.warn("unit_assumed", `${why}: '${item.id}' is counted in ${unit}, ${from}`, {
        ...originColumn(origins.locate(kind, i) ?? { field: `${kind}[${i}]` }, "unit"),
      });
    }
  }
}
