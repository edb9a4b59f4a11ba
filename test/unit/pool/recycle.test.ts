import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueuePool, StaticPool } from "../../../src/pool/index.js";
import { FakeServer, isDisconnect } from "./fake-driver.js";

describe("poolRecycle, soft and pool-wide invalidation (A25, A26)", () => {
  // Recycling reads the injected clock at checkout: it must work with every timer frozen.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("A25: recycle=30 s: same connection at +1 s, a new one at +35 s, the old one closed", async () => {
    const server = new FakeServer();
    let now = 1_000_000;
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolRecycle: 30, clock: () => now });
    const first = await pool.connect();
    const c1 = first.driverConnection;
    await first.release();

    now += 1_000;
    const second = await pool.connect();
    expect(second.driverConnection).toBe(c1);
    await second.release();

    now += 34_000; // 35 s after the connection was made
    const third = await pool.connect();
    expect(third.driverConnection).not.toBe(c1);
    expect(third.record.id).toBe(first.record.id); // same slot, new connection
    expect(server.connections[0]!.closed).toBe(true);
    expect([pool.checkedout(), pool.checkedin(), pool.overflow()]).toEqual([1, 0, -4]);
    await third.release();
  });

  it("A25: exactly at the recycle age the connection is kept (strictly older is recycled)", async () => {
    const server = new FakeServer();
    let now = 0;
    const pool = new StaticPool({ creator: server.creator, poolRecycle: 30, clock: () => now });
    await (await pool.connect()).release();
    now = 30_000;
    const a = await pool.connect();
    expect(a.driverConnection).toBe(server.connections[0]);
    await a.release();
    now = 30_001;
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[1]);
  });

  it("A26: a soft-invalidated connection keeps working for its holder and is replaced at the next checkout, in the same slot", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1 });
    const proxy = await pool.connect();
    await proxy.invalidate(new Error("stale"), { soft: true });
    expect(proxy.closed).toBe(false);
    await expect(proxy.driverConnection.execute({ sql: "SELECT 1", params: [] })).resolves.toBeDefined();
    const slot = proxy.record.id;
    await proxy.release();
    expect(server.connections[0]!.closed).toBe(false);
    const next = await pool.connect();
    expect(next.driverConnection).toBe(server.connections[1]);
    expect(next.record.id).toBe(slot);
    expect(server.connections[0]!.closed).toBe(true);
  });

  it("invalidateAll(): every connection made before is replaced at its next checkout; holders keep theirs", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 2 });
    const [a, b] = [await pool.connect(), await pool.connect()];
    await a.release();
    pool.invalidateAll();
    expect(b.driverConnection).toBe(server.connections[1]);
    await b.release();
    const again = [await pool.connect(), await pool.connect()];
    expect(again.map((p) => p.driverConnection)).toEqual([server.connections[2], server.connections[3]]);
    expect(server.connections.slice(0, 2).every((c) => c.closed)).toBe(true);
  });
});
