/**
 * A small bounded LRU map (insertion order of `Map` is the recency order).
 * Used for the compiled-statement cache.
 */
export class LRUCache<K, V> {
  private readonly map = new Map<K, V>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("LRUCache capacity must be a positive integer");
  }

  get(key: K): V | undefined {
    const map = this.map;
    const value = map.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // refresh recency only when not already the newest entry (cheap check keeps hits fast)
    map.delete(key);
    map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    const map = this.map;
    if (map.has(key)) map.delete(key);
    else if (map.size >= this.capacity) map.delete(map.keys().next().value as K);
    map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
