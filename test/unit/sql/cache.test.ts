/** The compiled-statement cache: keyed by structure, values excluded, bounded. */
import { describe, expect, it } from "vitest";
import { BaseDialect, MetaData, Table, Column, Integer, getDialect, select, insert } from "../../../src/index.js";
import * as sa from "../../../src/index.js";
import { DIALECTS } from "../support/test-sql.js";

/** A private schema so that other test files cannot have warmed the cache for these statements. */
function schema() {
  const md = new MetaData();
  return new Table("cache_items", md, new Column("id", Integer, { primaryKey: true }), new Column("label", sa.String(20)));
}

describe("compiled-statement cache", () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: the same statement rebuilt with other values hits the cache`, () => {
      const t = schema();
      const build = (id: number, label: string) => select(t.c.id).where(t.c.id.gt(id), t.c.label.eq(label)).limit(10);
      const first = build(1, "a").compile({ dialect });
      const second = build(2, "b").compile({ dialect });
      expect(first.cacheHit).toBe(false);
      expect(second.cacheHit).toBe(true);
      expect(second.sql).toBe(first.sql);
      // MSSQL renders TOP (n) before WHERE, so the limit comes first
      expect(first.params).toEqual(dialect === "mssql" ? [10, 1, "a"] : [1, "a", 10]);
      expect(second.params).toEqual(dialect === "mssql" ? [10, 2, "b"] : [2, "b", 10]);
    });
  }

  it("a structural change misses", () => {
    const t = schema();
    select(t.c.id).where(t.c.id.gt(1)).compile({ dialect: "postgresql" });
    const ge = select(t.c.id).where(t.c.id.ge(1)).compile({ dialect: "postgresql" });
    expect(ge.cacheHit).toBe(false);
    expect(ge.sql).toBe("SELECT cache_items.id FROM cache_items WHERE cache_items.id >= $1");
    const other = select(t.c.label).where(t.c.id.gt(1)).compile({ dialect: "postgresql" });
    expect(other.cacheHit).toBe(false);
    expect(other.sql).toBe("SELECT cache_items.label FROM cache_items WHERE cache_items.id > $1");
  });

  it("a table with the same name in another MetaData is a different entry", () => {
    const a = schema();
    const b = new Table("cache_items", new MetaData(), new Column("id", Integer), new Column("label", sa.String(20)), { schema: "other" });
    select(a.c.id).compile({ dialect: "postgresql" });
    const c = select(b.c.id).compile({ dialect: "postgresql" });
    expect(c.cacheHit).toBe(false);
    expect(c.sql).toBe("SELECT other.cache_items.id FROM other.cache_items");
  });

  it("in() lists of different length are different entries", () => {
    const t = schema();
    const two = select(t.c.id).where(t.c.id.in([1, 2])).compile({ dialect: "postgresql" });
    const three = select(t.c.id).where(t.c.id.in([1, 2, 3])).compile({ dialect: "postgresql" });
    const threeAgain = select(t.c.id).where(t.c.id.in([4, 5, 6])).compile({ dialect: "postgresql" });
    expect(three.cacheHit).toBe(false);
    expect(two.sql).toBe("SELECT cache_items.id FROM cache_items WHERE cache_items.id IN ($1, $2)");
    expect(three.sql).toBe("SELECT cache_items.id FROM cache_items WHERE cache_items.id IN ($1, $2, $3)");
    expect(threeAgain.cacheHit).toBe(true);
    expect(threeAgain.params).toEqual([4, 5, 6]);
  });

  it("an insert with other values hits; with another column set misses", () => {
    const t = schema();
    insert(t).values({ id: 1, label: "a" }).compile({ dialect: "sqlite" });
    const hit = insert(t).values({ id: 2, label: "b" }).compile({ dialect: "sqlite" });
    expect(hit.cacheHit).toBe(true);
    expect(hit.params).toEqual([2, "b"]);
    const miss = insert(t).values({ id: 3 }).compile({ dialect: "sqlite" });
    expect(miss.cacheHit).toBe(false);
    expect(miss.sql).toBe("INSERT INTO cache_items (id) VALUES (?)");
  });

  it("literalBinds compilations are not cached and do not poison the cache", () => {
    const t = schema();
    const lit = select(t.c.id).where(t.c.label.eq("q")).compile({ dialect: "sqlite", literalBinds: true });
    expect(lit.sql).toBe("SELECT cache_items.id FROM cache_items WHERE cache_items.label = 'q'");
    const bound = select(t.c.id).where(t.c.label.eq("r")).compile({ dialect: "sqlite" });
    expect(bound.sql).toBe("SELECT cache_items.id FROM cache_items WHERE cache_items.label = ?");
    expect(bound.params).toEqual(["r"]);
  });

  it("the cache is bounded", () => {
    const dialect = getDialect("sqlite") as BaseDialect;
    const t = schema();
    const capacity = dialect.cache.capacity;
    for (let i = 0; i < capacity + 50; i++) {
      select(t.c.id).where(t.c.id.in(Array.from({ length: (i % 400) + 1 }, (_, k) => k)), i >= 400 ? t.c.label.isNull() : t.c.id.gt(0))
        .limit(i < 800 ? 1 : null).compile({ dialect: "sqlite" });
    }
    expect(dialect.cache.size).toBeLessThanOrEqual(capacity);
    expect(capacity).toBeGreaterThan(0);
  });
});
