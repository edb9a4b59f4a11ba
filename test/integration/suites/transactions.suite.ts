/** engine.begin, conn.commit/rollback, autobegin, savepoints, reset on return (A28), engine.batch. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { rejection, requires, tableName, type AdapterTarget } from "./target.js";

export function transactionsSuite(target: AdapterTarget): void {
  describe("transactions", () => {
    const T = tableName("tx", target);
    const metadata = new sa.MetaData();
    const items = new sa.Table(T, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("name", sa.String(50), { nullable: false }),
    );
    let engine: Engine;

    const names = () => engine.connect(async (c) =>
      (await c.execute(sa.select(items.c.name).orderBy(items.c.id))).scalars().all());

    beforeAll(async () => {
      engine = target.makeEngine();
      await metadata.dropAll(engine);
      await metadata.createAll(engine);
    });
    beforeEach(async () => {
      await engine.begin((c) => c.execute(sa.delete_(items)));
    });
    afterAll(async () => {
      await metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("engine.begin commits at the end and returns the callback's value", async () => {
      const out = await engine.begin(async (c) => {
        await c.execute(sa.insert(items).values({ id: 1, name: "kept" }));
        return "done";
      });
      expect(out).toBe("done");
      expect(await names()).toEqual(["kept"]);
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("engine.begin rolls back when the callback throws, and rethrows", async () => {
      const boom = new Error("boom");
      const err = await rejection(engine.begin(async (c) => {
        await c.execute(sa.insert(items).values({ id: 1, name: "gone" }));
        throw boom;
      }));
      expect(err).toBe(boom);
      expect(await names()).toEqual([]);
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("conn.commit() and conn.rollback() on an autobegun transaction", async () => {
      await engine.connect(async (c) => {
        await c.execute(sa.insert(items).values({ id: 1, name: "committed" }));
        expect(c.inTransaction()).toBe(true);
        await c.commit();
        expect(c.inTransaction()).toBe(false);
        await c.execute(sa.insert(items).values({ id: 2, name: "rolled back" }));
        await c.rollback();
        expect(c.inTransaction()).toBe(false);
      });
      expect(await names()).toEqual(["committed"]);
    });

    it("autobegin: work not committed is rolled back at close (seen from a second connection)", async () => {
      const c1 = await engine.connect();
      await c1.execute(sa.insert(items).values({ id: 1, name: "uncommitted" }));
      expect(c1.inTransaction()).toBe(true);
      await c1.close();
      expect(await names()).toEqual([]);
      // the callback form too
      await engine.connect((c) => c.execute(sa.insert(items).values({ id: 2, name: "uncommitted" })));
      expect(await names()).toEqual([]);
    });

    it("beginNested: a released savepoint keeps its work, a rolled-back one discards only its own", async (ctx) => {
      requires(ctx, target.capabilities.savepoints, `${target.name} declares savepoints: false`);
      await engine.begin(async (c) => {
        await c.execute(sa.insert(items).values({ id: 1, name: "outer" }));
        const sp1 = await c.beginNested();
        await c.execute(sa.insert(items).values({ id: 2, name: "sp1" }));
        await sp1.commit();
        expect(sp1.isActive).toBe(false);
        const sp2 = await c.beginNested();
        await c.execute(sa.insert(items).values({ id: 3, name: "sp2" }));
        await sp2.rollback();
        expect(c.inTransaction()).toBe(true);
        await c.execute(sa.insert(items).values({ id: 4, name: "after" }));
      });
      expect(await names()).toEqual(["outer", "sp1", "after"]);
    });

    it("beginNested: the outer rollback discards released savepoints too", async (ctx) => {
      requires(ctx, target.capabilities.savepoints, `${target.name} declares savepoints: false`);
      await engine.connect(async (c) => {
        const tx = await c.begin();
        await c.execute(sa.insert(items).values({ id: 1, name: "outer" }));
        const sp = await c.beginNested();
        await c.execute(sa.insert(items).values({ id: 2, name: "inner" }));
        await sp.commit();
        await tx.rollback();
        expect(tx.isActive).toBe(false);
      });
      expect(await names()).toEqual([]);
    });

    it("A28: a connection returned with an open transaction holding a row lock is rolled back before reuse", async (ctx) => {
      requires(ctx, target.capabilities.interactiveTransactions, `${target.name} has no interactive transactions`);
      await engine.begin((c) => c.execute(sa.insert(items).values({ id: 1, name: "original" })));
      const holder = await engine.connect();
      // takes the row lock (SQLite: the database write lock) and leaves the transaction open
      await holder.execute(sa.update(items).where(items.c.id.eq(1)).values({ name: "locked" }));
      await holder.close();
      const other = target.makeEngine({ poolSize: 1, maxOverflow: 0 });
      try {
        const started = Date.now();
        await other.begin(async (c) => {
          if (target.capabilities.dialect === "postgresql") await c.execute(sa.text("SET LOCAL lock_timeout = '2s'"));
          if (target.capabilities.dialect === "mysql") await c.execute(sa.text("SET SESSION innodb_lock_wait_timeout = 2"));
          const r = await c.execute(sa.update(items).where(items.c.id.eq(1)).values({ name: "updated" }));
          expect(r.rowcount).toBe(1);
        });
        expect(Date.now() - started).toBeLessThan(1500);
      } finally {
        await other.dispose();
      }
      expect(await names()).toEqual(["updated"]);
      // the same pooled connection, reused: no transaction, no lock
      const again = await engine.connect();
      try {
        expect(again.inTransaction()).toBe(false);
      } finally {
        await again.close();
      }
    });

    it("two connections with open (autobegun) transactions read at the same time, then one writes", async () => {
      await engine.begin((c) => c.execute(sa.insert(items).values({ id: 1, name: "shared" })));
      const a = await engine.connect();
      const b = await engine.connect();
      try {
        // SQLite: a transaction that has only read must not hold the write lock (BEGIN DEFERRED)
        expect((await a.execute(sa.select(items.c.name))).scalars().all()).toEqual(["shared"]);
        expect((await b.execute(sa.select(items.c.name))).scalars().all()).toEqual(["shared"]);
        expect(a.inTransaction() && b.inTransaction()).toBe(true);
        await b.rollback();
        await a.execute(sa.update(items).values({ name: "written" }));
        await a.commit();
      } finally {
        await a.close();
        await b.close();
      }
      expect(await names()).toEqual(["written"]);
    });

    it("engine.batch([...]) is atomic where the driver declares atomicBatch, NotSupportedError elsewhere", async () => {
      const stmts = [
        sa.insert(items).values({ id: 1, name: "b1" }),
        sa.insert(items).values({ id: 2, name: "b2" }),
      ];
      if (!target.capabilities.atomicBatch) {
        const err = await rejection(engine.batch(stmts));
        expect(err).toBeInstanceOf(sa.NotSupportedError);
        expect(String((err as Error).message)).toMatch(/engine\.begin/);
        expect(await names()).toEqual([]);
        expect(engine.pool.checkedout()).toBe(0);
        return;
      }
      const results = await engine.batch([...stmts, sa.select(items.c.name).orderBy(items.c.id)]);
      expect(results).toHaveLength(3);
      expect(results[0]!.rowcount).toBe(1);
      expect(results[2]!.scalars().all()).toEqual(["b1", "b2"]);
      // a failing statement (duplicate key) undoes the whole batch
      const err = await rejection(engine.batch([
        sa.insert(items).values({ id: 3, name: "b3" }),
        sa.insert(items).values({ id: 1, name: "dup" }),
      ]));
      expect(err).toBeInstanceOf(sa.IntegrityError);
      expect(await names()).toEqual(["b1", "b2"]);
      expect(engine.pool.checkedout()).toBe(0);
    });
  });
}
