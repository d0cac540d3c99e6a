// Ids of items. They travel in URL paths, so they are URL-safe; ties without one get an id derived from their
// ends and type, the same way in the store and in an import's dry run (whose counts depend on both agreeing).

export const ID_MAX_LENGTH = 128;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** The longest path parameter the router accepts: a longer one answers 404, so every id that can be created must
 * fit, even with each character percent-encoded by a cautious client (three characters each). */
export const PATH_PARAM_MAX_LENGTH = ID_MAX_LENGTH * 3;

export function isValidId(id: string): boolean {
  return id.length > 0 && id.length <= ID_MAX_LENGTH && ID_PATTERN.test(id);
}

interface TieEnds {
  id?: string;
  from: string;
  to: string;
  type: string;
}

/** Each tie's id: its own, or `from--type--to`, numbered on collision, so re-importing a file changes nothing. */
export function relationshipIds(list: readonly TieEnds[]): string[] {
  const used = new Set(list.flatMap((r) => (r.id ? [r.id] : [])));
  return list.map((r) => {
    if (r.id) return r.id;
    const base = `${r.from}--${r.type}--${r.to}`.slice(0, 120);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}
