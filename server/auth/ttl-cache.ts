// A small cache of recent access facts (token grants, sessions, map reach) so that checking a request costs no
// database round trip most of the time. Entries live a second or two; this process clears it on every change it
// makes to accounts or access, so its own changes apply at once and another process's within the TTL.
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until < performance.now()) return undefined;
    return entry.value;
  }

  /** The value kept for `key` even past its time: what was last known, for when the database cannot be asked. */
  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: performance.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
