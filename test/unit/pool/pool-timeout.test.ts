import { describe, expect, it } from "vitest";
import { TimeoutError } from "../../../src/errors.js";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeServer, ManualTimers, flush, isDisconnect, track } from "./fake-driver.js";

describe("QueuePool exhaustion (A18)", () => {
  it("A18: the N+1th acquire rejects with TimeoutError, not earlier than poolTimeout", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 2, maxOverflow: 0, poolTimeout: 0.05 });
    const held = [await pool.connect(), await pool.connect()];
    const start = performance.now();
    const error = await pool.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - start;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/limit of size 2 overflow 0 reached.*timeout 0\.05/);
    // Node may round a timer's start down by up to 1 ms.
    expect(elapsed).toBeGreaterThanOrEqual(50 - 2);
    expect(pool.checkedout()).toBe(2);
    expect(pool.waiting()).toBe(0);
    for (const p of held) await p.release();
  });

  it("A18: poolTimeout 0 fails at once when nothing is free", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, poolSize: 1, maxOverflow: 0, poolTimeout: 0 });
    const held = await pool.connect();
    await expect(pool.connect()).rejects.toBeInstanceOf(TimeoutError);
    await held.release();
    const again = await pool.connect();
    expect(again.driverConnection).toBe(server.connections[0]);
  });

  it("A18: one waiter timing out does not disturb the next one, which is served after a release", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 0, timer: timers.timer });
    const holder = await pool.connect();
    const first = track(pool.connect());
    const second = track(pool.connect());
    await flush();
    expect(pool.waiting()).toBe(2);
    timers.fireNext(); // first waiter's poolTimeout elapses
    await flush();
    expect(first.state).toBe("rejected");
    expect(first.error).toBeInstanceOf(TimeoutError);
    expect(second.state).toBe("pending");
    expect(pool.waiting()).toBe(1);
    await holder.release();
    await flush();
    expect(second.state).toBe("fulfilled");
    expect(second.value!.driverConnection).toBe(server.connections[0]);
    expect(timers.active()).toBe(0); // the served waiter's timer was cancelled
    expect(first.settlements + second.settlements).toBe(2);
    await second.value!.release();
    expect([pool.checkedout(), pool.checkedin()]).toEqual([0, 1]);
  });

  it("A18: the pool recovers after timeouts: a later acquire succeeds once a connection is released", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, poolSize: 1, maxOverflow: 0, poolTimeout: 0.01 });
    const holder = await pool.connect();
    for (let i = 0; i < 3; i++) await expect(pool.connect()).rejects.toBeInstanceOf(TimeoutError);
    await holder.release();
    const next = await pool.connect();
    expect(next.driverConnection).toBe(server.connections[0]);
    expect(server.creatorCalls).toBe(1);
    await next.release();
  });
});
