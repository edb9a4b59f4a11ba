/**
 * selectinload over a composite key: `(a, b) IN ((?, ?), ...)` where the dialect has tuple IN,
 * an OR of ANDs elsewhere, chunked under the driver's parameter limit. Runs on real SQLite
 * (libsql, in memory) with the limit lowered through the driver's declared capabilities.
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, declarativeBase, mappedColumn, relationship, selectinload } from "../../../src/orm/index.js";
import { inCriteria } from "../../../src/orm/loading/post-load.js";

function models() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Region extends Base.model("regions", {
    code: mappedColumn(sa.String(5), { primaryKey: true }),
    zone: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    stores: relationship<Store[]>("Store", { backPopulates: "region" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Store extends Base.model("stores", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    regionCode: mappedColumn(sa.String(5)),
    regionZone: mappedColumn(sa.Integer),
    region: relationship<Region>("Region", { backPopulates: "stores" }),
  }, { tableArgs: [sa.ForeignKeyConstraint(["region_code", "region_zone"], ["regions.code", "regions.zone"])] }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Region, Store };
}

function engineWithLimit(maxParams: number) {
  const driver = libsql({ url: ":memory:" });
  Object.defineProperty(driver, "capabilities", { value: Object.freeze({ ...driver.capabilities, maxParams }) });
  return sa.createEngine({ driver });
}

describe("selectinload over a composite key", () => {
  it("renders a tuple IN on PostgreSQL and MySQL, an OR of ANDs on SQLite", () => {
    const { Region } = models();
    const keys = [["a", 1], ["b", 2]];
    const tuple = sa.select(Region.name).where(inCriteria([Region.code, Region.zone], keys, true));
    expect(tuple.compile({ dialect: "postgresql" }).sql).toMatch(/WHERE \(regions\.code, regions\.zone\) IN \(\(\$1, \$2\), \(\$3, \$4\)\)$/);
    expect(tuple.compile({ dialect: "mysql" }).sql).toMatch(/WHERE \(regions\.code, regions\.zone\) IN \(\(\?, \?\), \(\?, \?\)\)$/);
    const ors = sa.select(Region.name).where(inCriteria([Region.code, Region.zone], keys, false));
    expect(ors.compile({ dialect: "sqlite" }).sql).toMatch(/WHERE regions\.code = \? AND regions\.zone = \? OR regions\.code = \? AND regions\.zone = \?$/);
  });

  it("loads every parent's children, in chunks that stay under the parameter limit (both directions)", async () => {
    const { Base, Region, Store } = models();
    // (16 - 10 reserved) / 2 key columns = 3 keys per statement
    const engine = engineWithLimit(16);
    try {
      await Base.metadata.createAll(engine);
      await engine.begin(async (c) => {
        await c.execute(sa.insert(Region.__table__).values(Array.from({ length: 7 }, (_, i) => ({ code: `r${i}`, zone: i % 2, name: `R${i}` })) as never));
        await c.execute(sa.insert(Store.__table__).values(Array.from({ length: 14 }, (_, i) => ({ id: i + 1, regionCode: `r${i % 7}`, regionZone: (i % 7) % 2 })) as never));
      });
      const sent: { sql: string; params: readonly unknown[] }[] = [];
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string, params: readonly unknown[]) => {
        if (/^\s*SELECT/i.test(sql)) sent.push({ sql, params });
      });
      const s = new Session(engine); // in-memory SQLite: one connection, so one session at a time
      const regions = await s.scalars(sa.select(Region).orderBy(Region.code).options(selectinload(Region.stores))).all();
      await s.close();
      expect(sent).toHaveLength(1 + Math.ceil(7 / 3));
      expect(sent.slice(1).map((x) => x.params.length)).toEqual([6, 6, 2]);
      expect(sent.every((x) => x.params.length <= 16)).toBe(true);
      expect(regions.map((r) => r.stores.map((st) => st.id).sort((a, b) => a - b))).toEqual(Array.from({ length: 7 }, (_, i) => [i + 1, i + 8]));

      sent.length = 0;
      await using s2 = new Session(engine);
      const stores = await s2.scalars(sa.select(Store).orderBy(Store.id).options(selectinload(Store.region))).all();
      expect(sent).toHaveLength(1 + Math.ceil(7 / 3)); // 7 distinct parent keys among 14 stores
      expect(stores.map((st) => st.region.name)).toEqual(Array.from({ length: 14 }, (_, i) => `R${i % 7}`));
      expect(stores[0]!.region).toBe(stores[7]!.region);
    } finally {
      await engine.dispose();
    }
  });
});
