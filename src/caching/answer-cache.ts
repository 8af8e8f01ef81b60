/**
 * A bounded in-memory cache of answers, keyed by the caller's key. An entry is served while the data
 * version it was computed under is still current and it is younger than `ttlMs`; the least recently
 * used entries go first when the entries' size passes `maxBytes`.
 */
export interface AnswerCache<T> {
  get(key: string): T | undefined;
  /** `version`: the data version read before the answer was computed (a write meanwhile makes it stale). */
  set(key: string, value: T, version: number, bytes: number): void;
  readonly size: number;
}

interface Entry<T> {
  value: T;
  version: number;
  storedAt: number;
  bytes: number;
}

export function createAnswerCache<T>(options: { ttlMs: number; maxBytes: number; version(): number; clock?: () => number }): AnswerCache<T> {
  const clock = options.clock ?? (() => Date.now());
  // A Map iterates in insertion order: re-inserting on use makes its first key the least recently used.
  const entries = new Map<string, Entry<T>>();
  let bytes = 0;
  const remove = (key: string) => {
    bytes -= entries.get(key)?.bytes ?? 0;
    entries.delete(key);
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      remove(key);
      if (entry.version !== options.version() || clock() - entry.storedAt >= options.ttlMs) return undefined;
      entries.set(key, entry);
      bytes += entry.bytes;
      return entry.value;
    },
    set(key, value, version, size) {
      // One answer may take at most an eighth of the budget, so that one cannot empty the cache.
      if (options.ttlMs <= 0 || size > options.maxBytes / 8 || version !== options.version()) return;
      remove(key);
      entries.set(key, { value, version, storedAt: clock(), bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        remove(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
