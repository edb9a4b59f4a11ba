import { describe, expect, it } from "vitest";
import { QueuePool, type Pool } from "../../../src/pool/index.js";
import { FakeDatabaseError, FakeDisconnect, FakeServer, ManualTimers, flush, isDisconnect, track } from "./fake-driver.js";

const counts = (pool: Pool) => ({ out: pool.checkedout(), idle: pool.checkedin(), overflow: pool.overflow() });

describe("creator and hook failures restore the counters (A20, A22)", () => {
  it("A22: a creator that throws while an overflow slot is reserved gives the slot back", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 1, poolTimeout: 0.05 });
    const a = await pool.connect();
    const before = counts(pool);
    server.failNext = 1;
    await expect(pool.connect()).rejects.toBeInstanceOf(FakeDatabaseError);
    expect(counts(pool)).toEqual(before);
    // The overflow slot is usable again: this does not hang or time out.
    const b = await pool.connect();
    expect(counts(pool)).toEqual({ out: 2, idle: 0, overflow: 1 });
    await a.release();
    await b.release();
    expect(counts(pool)).toEqual({ out: 0, idle: 1, overflow: 0 });
  });

  it("A22: a failing first connect leaves a fresh pool exactly as it was", async () => {
    const server = new FakeServer();
    server.down = true;
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 3, maxOverflow: 0 });
    const before = counts(pool);
    for (let i = 0; i < 5; i++) await expect(pool.connect()).rejects.toBeInstanceOf(FakeDisconnect);
    expect(counts(pool)).toEqual(before);
    server.down = false;
    const conns = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    expect(conns.map((c) => c.driverConnection)).toHaveLength(3);
  });

  it("A22: reconnecting an invalidated slot fails: the slot stays in the pool and a waiter gets the error, not a hang", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 0, timer: timers.timer });
    const holder = await pool.connect();
    const waiter = track(pool.connect());
    await flush();
    server.down = true;
    await holder.invalidate(new FakeDisconnect("server closed the connection"));
    await flush();
    expect(waiter.state).toBe("rejected");
    expect(waiter.error).toBeInstanceOf(FakeDisconnect);
    expect(counts(pool)).toEqual({ out: 0, idle: 1, overflow: 0 });
    server.down = false;
    const next = await pool.connect();
    expect(next.driverConnection).toBe(server.connections[1]);
    expect(server.connections[0]!.closed).toBe(true);
  });

  it.each([
    ["an Error", new Error("checkout hook failed")],
    ["a non-Error value", "just a string"],
  ])("A22: a checkout listener throwing %s rejects connect() and restores the counters", async (_what, thrown) => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 1 });
    const warm = await pool.connect();
    await warm.release();
    const before = counts(pool);
    const off = pool.on("checkout", () => {
      throw thrown;
    });
    await expect(pool.connect()).rejects.toBe(thrown);
    expect(counts(pool)).toEqual(before);
    expect(server.connections[0]!.closed).toBe(true); // the refused connection is discarded
    off();
    const ok = await pool.connect();
    expect(ok.driverConnection).toBe(server.connections[1]);
  });

  it("A23: a connect listener failing 3 times then succeeding: each failure rejects, nothing is kept, the success is initialised", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 2, maxOverflow: 0 });
    let failures = 3;
    pool.on("connect", async (_conn, record) => {
      if (failures-- > 0) throw new Error("SET search_path failed");
      record.info.initialised = true;
    });
    for (let i = 0; i < 3; i++) await expect(pool.connect()).rejects.toThrow("SET search_path failed");
    expect(counts(pool)).toEqual({ out: 0, idle: 0, overflow: -2 });
    expect(server.unclosed()).toHaveLength(0);
    const ok = await pool.connect();
    expect(ok.info.initialised).toBe(true);
  });

  it("A20: the first connect fails and the waiter's connect is slow: the waiter settles exactly once and nothing leaks", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 0, timer: timers.timer });
    server.failNext = 1;
    server.connectDelayMs = 5;
    const first = track(pool.connect()); // takes the only slot, then fails
    const waiter = track(pool.connect()); // queued behind it
    await flush();
    expect(pool.waiting()).toBe(1);
    server.connectDelayMs = 30; // the waiter's own connect is slow
    await new Promise((r) => setTimeout(r, 10));
    expect(first.state).toBe("rejected");
    // The waiter now holds the freed slot; poolTimeout bounds waiting for a slot only (as in
    // SQLAlchemy), so a late timer cannot fail it after the fact.
    expect(timers.active()).toBe(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(waiter.state).toBe("fulfilled");
    expect(waiter.settlements).toBe(1);
    expect(counts(pool)).toEqual({ out: 1, idle: 0, overflow: 0 });
    await waiter.value!.release();
    await pool.dispose();
    expect(server.unclosed()).toHaveLength(0);
    expect(first.settlements).toBe(1);
  });
});
