/** conn.stream(stmt, { batchSize }): every row, typed and processed, in order. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { tableName, type AdapterTarget } from "./target.js";

export function streamSuite(target: AdapterTarget): void {
  describe("stream", () => {
    const T = tableName("stream", target);
    const metadata = new sa.MetaData();
    const t = new sa.Table(T, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("flag", sa.Boolean),
      new sa.Column("happened", sa.DateTime),
      new sa.Column("data", sa.JSON),
    );
    const base = Date.UTC(2024, 4, 1, 12, 0, 0, 250);
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, flag: i % 2 === 0, happened: new Date(base + i * 1000), data: { i } }));
    let engine: Engine;

    beforeAll(async () => {
      engine = target.makeEngine();
      await metadata.dropAll(engine);
      await metadata.createAll(engine);
      await engine.begin((c) => c.execute(sa.insert(t).values(rows)));
    });
    afterAll(async () => {
      await metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("for await over conn.stream(stmt, { batchSize: 2 }) yields all rows, typed and processed", async () => {
      const got = await engine.connect(async (c) => {
        const out: { id: number; flag: boolean; happened: Date; data: unknown }[] = [];
        for await (const row of c.stream(sa.select(t.c.id, t.c.flag, t.c.happened, t.c.data).orderBy(t.c.id), { batchSize: 2 })) {
          expect(row.happened).toBeInstanceOf(Date);
          expect(typeof row.flag).toBe("boolean");
          out.push({ id: row.id as number, flag: row.flag as boolean, happened: row.happened as Date, data: row.data });
        }
        return out;
      });
      expect(got.map((r) => ({ ...r, happened: r.happened.toISOString() }))).toEqual(rows.map((r) => ({ ...r, happened: r.happened.toISOString() })));
      expect(engine.pool.checkedout()).toBe(0);
    });

    it.skipIf(!target.capabilities.cursors)("with server-side cursors the rows come page by page from an open cursor, closed when the loop is left", async () => {
      await engine.connect(async (c) => {
        const open = async () => Number((await c.execute(sa.text("SELECT count(*) AS n FROM pg_cursors WHERE name LIKE 'alkahest_cursor_%'"))).scalar());
        const ids: number[] = [];
        for await (const row of c.stream(sa.select(t.c.id).orderBy(t.c.id), { batchSize: 2 })) {
          ids.push(row[0] as number);
          if (ids.length === 1) expect(await open()).toBe(1); // only the first page has been read
          if (ids.length === 3) break;
        }
        expect(ids).toEqual([1, 2, 3]);
        expect(await open()).toBe(0);
        // a statement that cannot be a cursor (not a query) is streamed from its result
        const inserted: number[] = [];
        for await (const row of c.stream(sa.insert(t).values({ id: 6, flag: true }).returning(t.c.id), { batchSize: 2 })) inserted.push(row[0] as number);
        expect(inserted).toEqual([6]);
        await c.rollback();
      });
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("stream with params; breaking out early leaves the connection usable", async () => {
      await engine.connect(async (c) => {
        const ids: number[] = [];
        for await (const row of c.stream(sa.select(t.c.id).where(t.c.id.gt(sa.bindparam("min"))).orderBy(t.c.id), { batchSize: 2, params: { min: 1 } })) {
          ids.push(row[0] as number);
          if (ids.length === 3) break;
        }
        expect(ids).toEqual([2, 3, 4]);
        expect(Number((await c.execute(sa.text(`SELECT COUNT(*) AS n FROM ${T}`))).scalar())).toBe(5);
      });
      expect(engine.pool.checkedout()).toBe(0);
    });
  });
}
