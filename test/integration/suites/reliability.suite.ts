/**
 * Reliability scenarios (reference/reliability-scenarios.md, group A and D01) on real databases.
 * Scenarios that need a server session to terminate skip on embedded transports, by capability.
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import { rejection, requires, sleep, type AdapterTarget } from "./target.js";

const one = sa.text("SELECT 1 AS one");

/** Counts pool events of an engine; `live` is connects minus closes. */
function watch(engine: Engine) {
  const counts = { connect: 0, close: 0, checkout: 0, checkin: 0, maxLive: 0, closed: [] as unknown[] };
  const offs = [
    sa.event.listen(engine, "connect", () => {
      counts.connect++;
      counts.maxLive = Math.max(counts.maxLive, counts.connect - counts.close);
    }),
    sa.event.listen(engine, "close", (dc: unknown) => {
      counts.close++;
      counts.closed.push(dc);
    }),
    sa.event.listen(engine, "checkout", () => void counts.checkout++),
    sa.event.listen(engine, "checkin", () => void counts.checkin++),
  ];
  return { counts, off: () => offs.forEach((f) => f()) };
}

function poolCounts(engine: Engine) {
  return { size: engine.pool.size(), checkedin: engine.pool.checkedin(), checkedout: engine.pool.checkedout(), overflow: engine.pool.overflow() };
}

/** A driver whose connections record how many execute() calls overlap (a driver spy for A40). */
function spyDriver(driver: Driver) {
  const stats = { inFlight: new Map<DriverConnection, number>(), maxPerConnection: 0, total: 0 };
  const spied: Driver = {
    name: driver.name,
    capabilities: driver.capabilities,
    errorInfo: (e) => driver.errorInfo(e),
    ...(driver.dispose ? { dispose: () => driver.dispose!() } : {}),
    async connect() {
      const dc = await driver.connect();
      const execute = dc.execute.bind(dc);
      dc.execute = async (stmt) => {
        const n = (stats.inFlight.get(dc) ?? 0) + 1;
        stats.inFlight.set(dc, n);
        stats.maxPerConnection = Math.max(stats.maxPerConnection, n);
        stats.total++;
        try {
          return await execute(stmt);
        } finally {
          stats.inFlight.set(dc, stats.inFlight.get(dc)! - 1);
        }
      };
      return dc;
    },
  };
  return { driver: spied, stats };
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await sleep(5);
  }
}

export function reliabilitySuite(target: AdapterTarget): void {
  const hasServer = target.capabilities.transport !== "embedded" && target.killConnection !== undefined;
  const noServer = `${target.name} transport is ${target.capabilities.transport}: no server session to terminate`;

  describe("reliability", () => {
    it("A01: server kills an idle pooled connection; with poolPrePing the next checkout works transparently", async (ctx) => {
      requires(ctx, hasServer, noServer);
      const engine = target.makeEngine({ poolSize: 2, maxOverflow: 0, poolPrePing: true });
      const w = watch(engine);
      try {
        const dc = await engine.connect(async (c) => {
          await c.execute(one);
          return c.driverConnection!;
        });
        const before = poolCounts(engine);
        await target.killConnection!(dc);
        const n = await engine.connect(async (c) => {
          const r = await c.execute(one);
          expect(c.driverConnection).not.toBe(dc);
          return Number(r.scalar());
        });
        expect(n).toBe(1);
        expect(poolCounts(engine)).toEqual(before);
        expect(w.counts.closed).toContain(dc);
        expect(w.counts.connect).toBe(2);
      } finally {
        w.off();
        await engine.dispose();
      }
    });

    it("A03: database unreachable (unused port) → OperationalError; pool counters unchanged", async (ctx) => {
      requires(ctx, target.makeUnreachableEngine !== undefined && target.capabilities.transport !== "embedded",
        `${target.name} transport is ${target.capabilities.transport}: no server that could be down`);
      const engine = target.makeUnreachableEngine!({ poolPrePing: true, poolSize: 2, maxOverflow: 1 });
      try {
        const before = poolCounts(engine);
        for (let i = 0; i < 2; i++) {
          const err = await rejection(engine.connect((c) => c.execute(one)));
          expect(err).toBeInstanceOf(sa.OperationalError);
          expect((err as sa.DBAPIError).orig).toBeDefined();
          expect(poolCounts(engine)).toEqual(before);
        }
      } finally {
        await engine.dispose();
      }
    });

    it("A05: without pre-ping, a killed checked-out connection raises with connectionInvalidated; the next execute works", async (ctx) => {
      requires(ctx, hasServer, noServer);
      const engine = target.makeEngine({ poolSize: 1, maxOverflow: 0, poolPrePing: false });
      const conn = await engine.connect();
      try {
        await conn.execute(one);
        await conn.commit();
        const dc = conn.driverConnection!;
        await target.killConnection!(dc);
        const err = await rejection(conn.execute(one));
        expect(err).toBeInstanceOf(sa.DBAPIError);
        expect((err as sa.DBAPIError).connectionInvalidated).toBe(true);
        expect(conn.invalidated).toBe(true);
        expect(conn.closed).toBe(false);
        // outside a transaction: reconnects
        expect(Number((await conn.execute(one)).scalar())).toBe(1);
        expect(conn.driverConnection).not.toBe(dc);
        expect(conn.invalidated).toBe(false);
      } finally {
        await conn.close();
        expect(engine.pool.checkedout()).toBe(0);
        await engine.dispose();
      }
    });

    it("A06: disconnect during a statement in a transaction → PendingRollbackError until rollback(); nothing runs on a new connection before", async (ctx) => {
      requires(ctx, hasServer && target.sleepSQL !== undefined, noServer);
      const engine = target.makeEngine({ poolSize: 2, maxOverflow: 0 });
      const w = watch(engine);
      let cursorCalls = 0;
      const offCursor = sa.event.listen(engine, "beforeCursorExecute", () => void cursorCalls++);
      const conn = await engine.connect();
      try {
        const tx = await conn.begin();
        await conn.execute(one);
        const dc = conn.driverConnection!;
        const slow = rejection(conn.execute(sa.text(target.sleepSQL!(10))));
        await sleep(300); // the statement is running on the server
        await target.killConnection!(dc);
        const err = await slow;
        expect(err).toBeInstanceOf(sa.DBAPIError);
        expect((err as sa.DBAPIError).connectionInvalidated).toBe(true);
        const connects = w.counts.connect;
        const checkouts = w.counts.checkout;
        const cursors = cursorCalls;
        for (let i = 0; i < 2; i++) {
          const e1 = await rejection(conn.execute(one));
          expect(e1).toBeInstanceOf(sa.PendingRollbackError);
          expect((e1 as Error).message).toMatch(/Can't reconnect until invalid transaction is rolled back/);
          expect(await rejection(conn.commit())).toBeInstanceOf(sa.PendingRollbackError);
        }
        expect(await rejection(conn.beginNested())).toBeInstanceOf(sa.PendingRollbackError);
        // no statement ran on a new connection before rollback
        expect([w.counts.connect, w.counts.checkout, cursorCalls]).toEqual([connects, checkouts, cursors]);
        await conn.rollback();
        expect(tx.isActive).toBe(false);
        expect(Number((await conn.execute(one)).scalar())).toBe(1);
        expect(conn.driverConnection).not.toBe(dc);
      } finally {
        offCursor();
        w.off();
        await conn.close();
        expect(engine.pool.checkedout()).toBe(0);
        await engine.dispose();
      }
    });

    it("A15: server kills an idle pooled connection → no unhandled error; the pool drops it; next checkout succeeds", async (ctx) => {
      requires(ctx, hasServer, noServer);
      const engine = target.makeEngine({ poolSize: 2, maxOverflow: 0, poolPrePing: false });
      const w = watch(engine);
      const unhandled: unknown[] = [];
      const onError = (e: unknown) => void unhandled.push(e);
      process.on("uncaughtException", onError);
      process.on("unhandledRejection", onError);
      try {
        const dc = await engine.connect(async (c) => {
          await c.execute(one);
          return c.driverConnection!;
        });
        await target.killConnection!(dc);
        await until(() => w.counts.closed.includes(dc));
        await sleep(50);
        expect(unhandled).toEqual([]);
        expect(w.counts.close).toBe(1);
        const dc2 = await engine.connect(async (c) => {
          expect(Number((await c.execute(one)).scalar())).toBe(1);
          return c.driverConnection!;
        });
        expect(dc2).not.toBe(dc);
        expect(engine.pool.checkedout()).toBe(0);
      } finally {
        process.off("uncaughtException", onError);
        process.off("unhandledRejection", onError);
        w.off();
        await engine.dispose();
      }
    });

    it("A17: closing a connection twice is harmless; pool counts unchanged", async () => {
      const engine = target.makeEngine({ poolSize: 2, maxOverflow: 0 });
      try {
        const conn = await engine.connect();
        await conn.execute(one);
        await conn.close();
        const after = poolCounts(engine);
        await conn.close();
        await conn[Symbol.asyncDispose]();
        expect(poolCounts(engine)).toEqual(after);
        expect(after.checkedout).toBe(0);
        expect(after.checkedin).toBe(1);
        await expect(conn.execute(one)).rejects.toThrow(/closed/);
      } finally {
        await engine.dispose();
      }
    });

    it("A18: pool exhausted (size 1, overflow 0, timeout 0.2 s) → TimeoutError at ≥ 0.2 s; other waiters unaffected", async () => {
      const engine = target.makeEngine({ poolSize: 1, maxOverflow: 0, poolTimeout: 0.2 });
      try {
        const holder = await engine.connect();
        await holder.execute(one);
        const started = performance.now();
        const timedOut = rejection(engine.connect()).then((e) => ({ e, elapsed: performance.now() - started }));
        await sleep(100);
        const second = engine.connect(async (c) => Number((await c.execute(one)).scalar()));
        const { e, elapsed } = await timedOut;
        expect(e).toBeInstanceOf(sa.TimeoutError);
        // libuv timers have millisecond resolution: allow for sub-millisecond rounding only
        expect(elapsed).toBeGreaterThanOrEqual(199);
        expect(elapsed).toBeLessThan(2000);
        // the holder is unaffected
        expect(Number((await holder.execute(one)).scalar())).toBe(1);
        await holder.close();
        // the later waiter is served by the release, not disturbed by the timeout
        expect(await second).toBe(1);
        expect(engine.pool.checkedout()).toBe(0);
        expect(engine.pool.checkedin()).toBe(1);
      } finally {
        await engine.dispose();
      }
    });

    it("A25: poolRecycle with an injected clock: same connection at +1 s, a new one at +35 s", async () => {
      let now = 1_000_000;
      const engine = target.makeEngine({ poolSize: 1, maxOverflow: 0, poolRecycle: 30, clock: () => now });
      const w = watch(engine);
      const dcOf = () => engine.connect(async (c) => {
        await c.execute(one);
        return c.driverConnection!;
      });
      try {
        const first = await dcOf();
        now += 1_000;
        expect(await dcOf()).toBe(first);
        now += 35_000;
        const third = await dcOf();
        expect(third).not.toBe(first);
        expect(w.counts.closed).toContain(first);
        expect(w.counts.connect).toBe(2);
      } finally {
        w.off();
        await engine.dispose();
      }
    });

    it("A34: waiters blocked on a size-1 pool are served when the holder invalidates", async () => {
      const engine = target.makeEngine({ poolSize: 1, maxOverflow: 0, poolTimeout: 10 });
      try {
        const holder = await engine.connect();
        await holder.execute(one);
        const started = Date.now();
        const waiters = [1, 2, 3].map(() => engine.connect(async (c) => Number((await c.execute(one)).scalar())));
        await sleep(50);
        await holder.invalidate();
        expect(await Promise.all(waiters)).toEqual([1, 1, 1]);
        expect(Date.now() - started).toBeLessThan(5000);
        await holder.close();
        expect(engine.pool.checkedout()).toBe(0);
      } finally {
        await engine.dispose();
      }
    });

    it("A40: size-1 pool with 20 concurrent executes → at most one statement in flight on the connection", async () => {
      const { driver, stats } = spyDriver(target.makeDriver());
      const engine = sa.createEngine({ driver, poolSize: 1, maxOverflow: 0, poolTimeout: 30 });
      try {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
          engine.connect(async (c) => Number((await c.execute(sa.text("SELECT :i AS i"), { i })).scalar()))));
        expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
        // and 20 concurrent executes on one Connection
        const shared = await engine.connect(async (c) =>
          Promise.all(Array.from({ length: 20 }, (_, i) => c.execute(sa.text("SELECT :i AS i"), { i }).then((r) => Number(r.scalar())))));
        expect(shared).toEqual(results);
        expect(stats.total).toBeGreaterThanOrEqual(40);
        expect(stats.maxPerConnection).toBe(1);
        expect(stats.inFlight.size).toBe(1);
      } finally {
        await engine.dispose();
      }
    });

    it("D01: 40 concurrent tasks × 10 executes, poolSize 3, maxOverflow 5 → never more than 8 connections; none left checked out", async () => {
      const engine = target.makeEngine({ poolSize: 3, maxOverflow: 5, poolTimeout: 30 });
      const w = watch(engine);
      let maxOut = 0;
      try {
        await Promise.all(Array.from({ length: 40 }, async (_, task) => {
          for (let i = 0; i < 10; i++) {
            await engine.connect(async (c) => {
              maxOut = Math.max(maxOut, engine.pool.checkedout());
              expect(Number((await c.execute(sa.text("SELECT :n AS n"), { n: task * 10 + i })).scalar())).toBe(task * 10 + i);
            });
          }
        }));
        expect(w.counts.maxLive).toBeLessThanOrEqual(8);
        expect(maxOut).toBeLessThanOrEqual(8);
        expect(engine.pool.overflow()).toBeLessThanOrEqual(5);
        expect(engine.pool.checkedout()).toBe(0);
        expect(w.counts.checkout).toBe(400);
        expect(w.counts.checkin).toBe(400);
      } finally {
        await engine.dispose();
        w.off();
      }
      // at teardown every connection is closed
      expect(w.counts.close).toBe(w.counts.connect);
    });
  });
}
