import { describe, expect, it } from "vitest";
import { LRUCache } from "../../../src/sql/util/lru-cache.js";

describe("LRUCache (second-chance eviction)", () => {
  it("never holds more than its capacity", () => {
    const c = new LRUCache<number, number>(3);
    for (let i = 0; i < 100; i++) c.set(i, i);
    expect(c.size).toBe(3);
  });
  it("keeps an entry that was read since insertion over one that was not", () => {
    const c = new LRUCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a gets a second chance
    c.set("c", 3); // evicts b, the oldest unused entry
    expect(c.get("a")).toBe(1);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("c")).toBe(3);
  });
  it("evicts something even when every entry was used", () => {
    const c = new LRUCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    c.get("a");
    c.get("b");
    c.set("c", 3);
    expect(c.size).toBe(2);
    expect(c.get("c")).toBe(3);
  });
  it("counts hits and misses", () => {
    const c = new LRUCache<string, number>(2);
    c.set("a", 1);
    c.get("a");
    c.get("x");
    expect([c.hits, c.misses]).toEqual([1, 1]);
  });
});
