/** engine.connect in its three forms, execute of Core and text statements, the Result and Row API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { requires, tableName, type AdapterTarget } from "./target.js";

export function connectExecuteSuite(target: AdapterTarget): void {
  describe("connect-execute", () => {
    const T = tableName("ce", target);
    const metadata = new sa.MetaData();
    const items = new sa.Table(T, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("name", sa.String(50), { nullable: false }),
      new sa.Column("qty", sa.Integer),
    );
    let engine: Engine;

    beforeAll(async () => {
      engine = target.makeEngine();
      await metadata.dropAll(engine);
      await metadata.createAll(engine);
    });
    afterAll(async () => {
      await metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    async function reset(conn: sa.Connection, rows: { id: number; name: string; qty: number | null }[]): Promise<void> {
      await conn.execute(sa.delete_(items));
      if (rows.length) await conn.execute(sa.insert(items).values(rows));
    }

    it("connect(callback) returns the callback's value and checks the connection back in", async () => {
      const n = await engine.connect(async (conn) => {
        expect(engine.pool.checkedout()).toBe(1);
        return (await conn.execute(sa.text("SELECT 41 + 1 AS n"))).scalarOne();
      });
      expect(Number(n)).toBe(42);
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("connect() manual form and await using both return the connection", async () => {
      const conn = await engine.connect();
      try {
        expect((await conn.execute(sa.select(sa.literal(1, sa.Integer).label("one")))).scalar()).toBe(1);
      } finally {
        await conn.close();
      }
      expect(conn.closed).toBe(true);
      expect(engine.pool.checkedout()).toBe(0);
      {
        await using c2 = await engine.connect();
        expect((await c2.execute(sa.text("SELECT 2 AS two"))).keys()).toEqual(["two"]);
        expect(engine.pool.checkedout()).toBe(1);
      }
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("insert / select / update / delete with Core statements, rowcount per statement", async () => {
      await engine.begin(async (conn) => {
        await conn.execute(sa.delete_(items));
        const ins = await conn.execute(sa.insert(items).values([
          { id: 1, name: "a", qty: 1 }, { id: 2, name: "b", qty: 2 }, { id: 3, name: "c", qty: null },
        ]));
        expect(ins.rowcount).toBe(3);
        const upd = await conn.execute(sa.update(items).where(items.c.qty.isNot(null)).values({ qty: 10 }));
        expect(upd.rowcount).toBe(2);
        const del = await conn.execute(sa.delete_(items).where(items.c.id.eq(3)));
        expect(del.rowcount).toBe(1);
        const rows = (await conn.execute(sa.select(items.c.id, items.c.name, items.c.qty).orderBy(items.c.id))).all();
        expect(rows.map((r) => r._tuple())).toEqual([[1, "a", 10], [2, "b", 10]]);
      });
    });

    it("text() with named params, .bindparams(), and bindparam() filled at execute", async () => {
      await engine.begin(async (conn) => {
        await reset(conn, [{ id: 1, name: "a", qty: 5 }, { id: 2, name: "b", qty: 7 }]);
        const r1 = await conn.execute(sa.text(`SELECT name FROM ${T} WHERE qty > :lo AND name <> :not ORDER BY id`), { lo: 4, not: "zzz" });
        expect(r1.scalars().all()).toEqual(["a", "b"]);
        const r2 = await conn.execute(sa.text(`SELECT name FROM ${T} WHERE id = :id`).bindparams({ id: 2 }));
        expect(r2.scalarOne()).toBe("b");
        const stmt = sa.select(items.c.name).where(items.c.id.eq(sa.bindparam("wanted")));
        expect((await conn.execute(stmt, { wanted: 1 })).scalarOne()).toBe("a");
        expect((await conn.execute(stmt, { wanted: 2 })).scalarOne()).toBe("b");
        await expect(conn.execute(stmt)).rejects.toThrow(/wanted/);
        // a value is bound, never spliced into the SQL text
        const hostile = "x'; DROP TABLE " + T + "; --";
        expect((await conn.execute(sa.text(`SELECT :v AS v`), { v: hostile })).scalar()).toBe(hostile);
      });
    });

    it("executemany: a params array runs the statement per set and sums rowcount", async () => {
      await engine.begin(async (conn) => {
        await reset(conn, []);
        const r = await conn.execute(sa.insert(items), [
          { id: 10, name: "x", qty: 1 }, { id: 11, name: "y", qty: 2 }, { id: 12, name: "z", qty: 3 },
        ]);
        expect(r.rowcount).toBe(3);
        const upd = await conn.execute(sa.text(`UPDATE ${T} SET qty = qty + :d WHERE id = :id`), [{ d: 1, id: 10 }, { d: 1, id: 11 }, { d: 1, id: 999 }]);
        expect(upd.rowcount).toBe(2);
        const total = await conn.execute(sa.select(sa.func.sum(items.c.qty)));
        expect(Number(total.scalar())).toBe(8);
      });
    });

    it("Result API: all first one oneOrNone scalar scalarOne scalars mappings unique partitions keys", async () => {
      await engine.begin(async (conn) => {
        await reset(conn, [{ id: 1, name: "a", qty: 1 }, { id: 2, name: "b", qty: 1 }, { id: 3, name: "c", qty: 2 }]);
        const q = sa.select(items.c.id, items.c.name, items.c.qty).orderBy(items.c.id);
        const r = await conn.execute(q);
        expect(r.keys()).toEqual(["id", "name", "qty"]);
        expect(r.all()).toHaveLength(3);
        expect(r.first()?._tuple()).toEqual([1, "a", 1]);
        expect((await conn.execute(q.where(items.c.id.eq(2)))).one()._tuple()).toEqual([2, "b", 1]);
        expect((await conn.execute(q.where(items.c.id.eq(99)))).oneOrNone()).toBeUndefined();
        expect((await conn.execute(q.where(items.c.id.eq(3)))).oneOrNone()?.name).toBe("c");
        expect((await conn.execute(q)).scalar()).toBe(1);
        expect((await conn.execute(q.where(items.c.id.eq(3)))).scalarOne()).toBe(3);
        expect((await conn.execute(q)).scalars(1).all()).toEqual(["a", "b", "c"]);
        expect((await conn.execute(q)).scalars().all()).toEqual([1, 2, 3]);
        expect((await conn.execute(sa.select(items.c.qty).orderBy(items.c.id))).scalars().unique().all()).toEqual([1, 2]);
        expect((await conn.execute(q)).mappings().map((m) => ({ ...m }))).toEqual([
          { id: 1, name: "a", qty: 1 }, { id: 2, name: "b", qty: 1 }, { id: 3, name: "c", qty: 2 },
        ]);
        expect((await conn.execute(sa.select(items.c.qty).orderBy(items.c.qty))).unique().all().map((x) => x[0])).toEqual([1, 2]);
        const parts = [...(await conn.execute(q)).partitions(2)];
        expect(parts.map((p) => p.map((row) => row.id))).toEqual([[1, 2], [3]]);
        const empty = await conn.execute(q.where(items.c.id.eq(99)));
        expect(empty.first()).toBeUndefined();
        expect(empty.scalar()).toBeUndefined();
        expect(empty.all()).toEqual([]);
      });
    });

    it("one()/scalarOne() raise NoResultFound and MultipleResultsFound", async () => {
      await engine.begin(async (conn) => {
        await reset(conn, [{ id: 1, name: "a", qty: 1 }, { id: 2, name: "b", qty: 1 }]);
        const none = await conn.execute(sa.select(items.c.id).where(items.c.id.eq(99)));
        expect(() => none.one()).toThrow(sa.NoResultFound);
        expect(() => none.scalarOne()).toThrow(sa.NoResultFound);
        const many = await conn.execute(sa.select(items.c.id));
        expect(() => many.one()).toThrow(sa.MultipleResultsFound);
        expect(() => many.oneOrNone()).toThrow(sa.MultipleResultsFound);
        expect(() => many.scalars().one()).toThrow(sa.MultipleResultsFound);
        expect(() => none.scalars().one()).toThrow(sa.NoResultFound);
      });
    });

    it("Row: by name, by index, destructuring, _mapping", async () => {
      await engine.begin(async (conn) => {
        await reset(conn, [{ id: 7, name: "seven", qty: null }]);
        const row = (await conn.execute(sa.select(items.c.id, items.c.name, items.c.qty))).one();
        expect(row.id).toBe(7);
        expect(row.name).toBe("seven");
        expect(row.qty).toBeNull();
        expect(row[0]).toBe(7);
        expect(row[1]).toBe("seven");
        const [id, name, qty] = row;
        expect([id, name, qty]).toEqual([7, "seven", null]);
        expect({ ...row._mapping }).toEqual({ id: 7, name: "seven", qty: null });
        expect(row.length).toBe(3);
        expect(Array.isArray(row)).toBe(true);
        // text() rows are keyed by the driver's column names
        const t = (await conn.execute(sa.text(`SELECT id AS ident, name AS label FROM ${T}`))).one();
        expect(t.ident).toBe(7);
        expect(t.label).toBe("seven");
        expect(t._fields).toEqual(["ident", "label"]);
      });
    });

    it("rowcount of DML and lastInsertId where the database reports one", async (ctx) => {
      const lastInsertIdDialects = ["mysql", "sqlite"];
      requires(ctx, lastInsertIdDialects.includes(target.capabilities.dialect),
        `${target.capabilities.dialect} reports no lastInsertId (keys come from RETURNING)`);
      const M = tableName("ce", target, "auto");
      const md = new sa.MetaData();
      const auto = new sa.Table(M, md,
        new sa.Column("id", sa.Integer, { primaryKey: true }),
        new sa.Column("name", sa.String(20)),
      );
      await md.dropAll(engine);
      await md.createAll(engine);
      try {
        await engine.begin(async (conn) => {
          const r1 = await conn.execute(sa.insert(auto).values({ name: "a" }));
          expect(r1.rowcount).toBe(1);
          const r2 = await conn.execute(sa.insert(auto).values({ name: "b" }));
          expect(Number(r2.lastInsertId)).toBe(Number(r1.lastInsertId) + 1);
          const got = await conn.execute(sa.select(auto.c.name).where(auto.c.id.eq(Number(r2.lastInsertId))));
          expect(got.scalarOne()).toBe("b");
        });
      } finally {
        await md.dropAll(engine);
      }
    });

    it("RETURNING gives generated keys where the dialect supports it", async (ctx) => {
      requires(ctx, target.capabilities.returning, `${target.name} declares returning: false`);
      await engine.begin(async (conn) => {
        await reset(conn, []);
        const r = await conn.execute(sa.insert(items).values({ id: 5, name: "r", qty: 1 }).returning(items.c.id, items.c.name));
        expect(r.one()._tuple()).toEqual([5, "r"]);
      });
    });
  });
}
