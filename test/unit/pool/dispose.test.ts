import { describe, expect, it, vi } from "vitest";
import { InvalidRequestError } from "../../../src/errors.js";
import { AssertionPool, NullPool, QueuePool, StaticPool } from "../../../src/pool/index.js";
import { FakeServer, ManualTimers, flush, isDisconnect, track } from "./fake-driver.js";

describe("dispose (A27)", () => {
  it("A27: idle connections close at once, checked-out ones when they come back (without a reset)", async () => {
    const server = new FakeServer();
    const reset = vi.fn(async () => {});
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 2, maxOverflow: 1, resetOnReturn: reset });
    const [a, b, c] = [await pool.connect(), await pool.connect(), await pool.connect()];
    await a.release();
    reset.mockClear();
    await pool.dispose();
    expect(server.connections[0]!.closed).toBe(true);
    expect(server.connections[1]!.closed).toBe(false);
    expect(pool.checkedin()).toBe(0);
    await b.release();
    await c.invalidate(new Error("bye"));
    expect(server.unclosed()).toHaveLength(0);
    expect(reset).not.toHaveBeenCalled();
    expect([pool.checkedout(), pool.checkedin(), pool.overflow()]).toEqual([0, 0, -2]);
    expect(server.connections.every((conn) => conn.closeCalls === 1)).toBe(true);
  });

  it("A27: connect() on a disposed pool rejects with a clear error; dispose() is idempotent", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator });
    await pool.dispose();
    await pool.dispose();
    expect(pool.disposed).toBe(true);
    const error = await pool.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/disposed.*recreate\(\)/);
    expect(server.creatorCalls).toBe(0);
  });

  it("A27: callers waiting for a connection are rejected by dispose()", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new QueuePool({ creator: server.creator, poolSize: 1, maxOverflow: 0, timer: timers.timer });
    const holder = await pool.connect();
    const waiter = track(pool.connect());
    await flush();
    await pool.dispose();
    await flush();
    expect(waiter.state).toBe("rejected");
    expect(waiter.error).toBeInstanceOf(InvalidRequestError);
    expect(timers.active()).toBe(0);
    await holder.release();
    expect(server.unclosed()).toHaveLength(0);
  });

  it.each([
    ["NullPool", (s: FakeServer) => new NullPool({ creator: s.creator })],
    ["StaticPool", (s: FakeServer) => new StaticPool({ creator: s.creator })],
    ["AssertionPool", (s: FakeServer) => new AssertionPool({ creator: s.creator })],
  ] as const)("A27: %s closes everything on dispose and refuses new checkouts", async (_n, make) => {
    const server = new FakeServer();
    const pool = make(server);
    await (await pool.connect()).release();
    const held = await pool.connect();
    await pool.dispose();
    await held.release();
    expect(server.unclosed()).toHaveLength(0);
    await expect(pool.connect()).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it("recreate() gives a fresh pool with the same options and listeners", async () => {
    const server = new FakeServer();
    const seen: number[] = [];
    const pool = new QueuePool({ creator: server.creator, poolSize: 3 });
    pool.on("connect", (_c, record) => {
      seen.push(record.id);
    });
    await (await pool.connect()).release();
    await pool.dispose();
    const next = pool.recreate();
    expect(next).toBeInstanceOf(QueuePool);
    expect(next.size()).toBe(3);
    await (await next.connect()).release();
    expect(seen).toEqual([1, 1]);
    expect(next.checkedin()).toBe(1);
  });
});
