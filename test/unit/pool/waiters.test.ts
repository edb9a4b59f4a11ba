import { describe, expect, it } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeDisconnect, FakeServer, ManualTimers, flush, isDisconnect, track } from "./fake-driver.js";

function fullPool() {
  const server = new FakeServer();
  const timers = new ManualTimers(); // no timeout fires unless a test fires it
  const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 0, timer: timers.timer });
  return { server, pool };
}

describe("waiters are woken (A33, A34)", () => {
  it("A33: a returned connection goes to the longest waiter, in FIFO order", async () => {
    const { server, pool } = fullPool();
    const holder = await pool.connect();
    const waiters = [track(pool.connect()), track(pool.connect()), track(pool.connect())];
    await flush();
    expect(pool.waiting()).toBe(3);
    await holder.release();
    await flush();
    expect(waiters.map((w) => w.state)).toEqual(["fulfilled", "pending", "pending"]);
    await waiters[0]!.value!.release();
    await flush();
    expect(waiters.map((w) => w.state)).toEqual(["fulfilled", "fulfilled", "pending"]);
    await waiters[1]!.value!.release();
    await flush();
    expect(waiters[2]!.state).toBe("fulfilled");
    expect(waiters.every((w) => w.value!.record.id === holder.record.id)).toBe(true);
    expect(server.connections).toHaveLength(1);
  });

  it("A34: invalidating the holder's connection wakes a waiter, which gets a new connection", async () => {
    const { server, pool } = fullPool();
    const holder = await pool.connect();
    const w1 = track(pool.connect());
    const w2 = track(pool.connect());
    await flush();
    await holder.invalidate(new FakeDisconnect("connection reset"));
    await flush();
    expect(w1.state).toBe("fulfilled");
    expect(w1.value!.driverConnection).toBe(server.connections[1]);
    expect(w2.state).toBe("pending");
    await w1.value!.invalidate(new FakeDisconnect("again"));
    await flush();
    expect(w2.state).toBe("fulfilled");
    expect(w2.value!.driverConnection).toBe(server.connections[2]);
    expect([pool.checkedout(), pool.checkedin(), pool.overflow()]).toEqual([1, 0, 0]);
  });

  it("A34: an overflow connection failing to open frees its slot for a waiter", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new QueuePool({ creator: server.creator, poolSize: 1, maxOverflow: 1, timer: timers.timer });
    const a = await pool.connect();
    server.failNext = 1;
    server.connectDelayMs = 5;
    const failing = track(pool.connect()); // reserves the overflow slot, then fails
    const waiter = track(pool.connect());
    await flush();
    expect(pool.waiting()).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(failing.state).toBe("rejected");
    expect(waiter.state).toBe("fulfilled");
    expect([pool.checkedout(), pool.overflow()]).toEqual([2, 1]);
    await a.release();
  });
});
