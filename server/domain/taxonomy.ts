// The category taxonomy is a tree of paths: `technology/devices` sits under `technology`. Every layer that
// walks it (store, imports, gaps, matching, allocation) uses these helpers, so "parent" means one thing.

/** The path one level up, or null at the top: `a/b/c` -> `a/b`, `a` -> null. */
export function parentPath(path: string): string | null {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? null : path.slice(0, slash);
}

/** The path itself and every ancestor, nearest first: `a/b/c` -> `a/b/c`, `a/b`, `a`. */
export function categoryLineage(path: string): string[] {
  const out = [path];
  for (let p = parentPath(path); p !== null; p = parentPath(p)) out.push(p);
  return out;
}

/** The nearest of the path and its ancestors that `known` holds (a map's taxonomy), or undefined. */
export function nearestKnownCategory(path: string, known: ReadonlySet<string>): string | undefined {
  return categoryLineage(path).find((p) => known.has(p));
}

/** How the offering's category stands to the need's. */
export type CategoryRelation = "same" | "broader" | "narrower" | "sibling" | "unrelated";

export function categoryRelation(offeringCategory: string, needCategory: string): CategoryRelation {
  if (offeringCategory === needCategory) return "same";
  if (needCategory.startsWith(`${offeringCategory}/`)) return "broader";
  if (offeringCategory.startsWith(`${needCategory}/`)) return "narrower";
  const parent = parentPath(needCategory);
  if (parent !== null && parent === parentPath(offeringCategory)) return "sibling";
  return "unrelated";
}

/** Broader and narrower swap when the question is asked from the other side of the match. */
export function invertRelation(relation: CategoryRelation): CategoryRelation {
  return relation === "broader" ? "narrower" : relation === "narrower" ? "broader" : relation;
}

export interface RelatedCategory {
  category: string;
  /** The related category's position relative to the queried one. */
  relation: Exclude<CategoryRelation, "unrelated">;
}

/** The category tree implied by every path it has seen; related categories are computed once per category. */
export class Taxonomy {
  private readonly children = new Map<string, string[]>();
  private readonly known = new Set<string>();
  private readonly cache = new Map<string, RelatedCategory[]>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) this.add(path);
  }

  has(path: string): boolean {
    return this.known.has(path);
  }

  /** Every known category that fits `path` at all, itself first, then broader, narrower and sibling ones. */
  related(path: string): readonly RelatedCategory[] {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const out: RelatedCategory[] = categoryLineage(path).map((category, i) => ({
      category,
      relation: i === 0 ? "same" : "broader",
    }));
    const stack = [...(this.children.get(path) ?? [])];
    while (stack.length > 0) {
      const c = stack.pop()!;
      out.push({ category: c, relation: "narrower" });
      stack.push(...(this.children.get(c) ?? []));
    }
    const parent = parentPath(path);
    if (parent !== null) {
      for (const s of this.children.get(parent) ?? []) if (s !== path) out.push({ category: s, relation: "sibling" });
    }
    this.cache.set(path, out);
    return out;
  }

  private add(path: string): void {
    // Ancestors are implied by the path even when the map never declared them.
    for (let p: string | null = path; p !== null && !this.known.has(p); p = parentPath(p)) {
      this.known.add(p);
      const parent = parentPath(p);
      if (parent !== null) {
        const siblings = this.children.get(parent);
        if (siblings) siblings.push(p);
        else this.children.set(parent, [p]);
      }
    }
  }
}
