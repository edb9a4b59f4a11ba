/**
 * A small bounded cache with second-chance (CLOCK-like) eviction, used for the compiled-statement
 * cache. A hit only sets a flag (no reordering, so a hit costs one Map lookup); when the cache is
 * full, the oldest entries that were used since they were last considered move to the back once,
 * and the first unused one is evicted.
 */
interface Entry<V> {
  value: V;
  used: boolean;
}

export class LRUCache<K, V> {
  readonly #map = new Map<K, Entry<V>>();
  hits = 0;
  misses = 0;

  declare readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("LRUCache capacity must be a positive integer");
  }

  get(key: K): V | undefined {
    const e = this.#map.get(key);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    e.used = true;
    return e.value;
  }

  set(key: K, value: V): void {
    const map = this.#map;
    const existing = map.get(key);
    if (existing) {
      existing.value = value;
      existing.used = true;
      return;
    }
    if (map.size >= this.capacity) this.#evictOne();
    map.set(key, { value, used: false });
  }

  #evictOne(): void {
    const map = this.#map;
    // at most one full pass gives every used entry its second chance
    for (let i = 0, n = map.size; i <= n; i++) {
      const first = map.keys().next();
      if (first.done) return;
      const e = map.get(first.value)!;
      map.delete(first.value);
      if (!e.used || i === n) return;
      e.used = false;
      map.set(first.value, e);
    }
  }

  get size(): number {
    return this.#map.size;
  }

  clear(): void {
    this.#map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
