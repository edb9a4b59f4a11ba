import { describe, expect, it, vi } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeDatabaseError, FakeDisconnect, FakeServer, isDisconnect } from "./fake-driver.js";

const counts = (pool: QueuePool) => ({ out: pool.checkedout(), idle: pool.checkedin(), overflow: pool.overflow() });

async function warmPool(size = 2) {
  const server = new FakeServer();
  const reset = vi.fn(async () => {});
  const pool = new QueuePool({ creator: server.creator, isDisconnect, poolPrePing: true, poolSize: size, resetOnReturn: reset });
  const proxies = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const p of proxies) await p.release();
  reset.mockClear();
  return { server, pool, reset };
}

describe("pre-ping (A01–A04)", () => {
  it("A01: after a server restart, checkout transparently replaces the dead idle connection", async () => {
    const { server, pool, reset } = await warmPool();
    const before = counts(pool);
    server.restart();
    const proxy = await pool.connect();
    expect(proxy.driverConnection).toBe(server.connections[2]);
    await expect(proxy.driverConnection.execute({ sql: "SELECT 1", params: [] })).resolves.toBeDefined();
    expect(server.connections[0]!.closeCalls).toBe(1); // the stale one, closed once...
    expect(reset).not.toHaveBeenCalled(); // ...without a reset/rollback attempt
    await proxy.release();
    expect(counts(pool)).toEqual(before);
  });

  it("A02: a fresh connection is not pinged on its first checkout; a reused one is pinged every time", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolPrePing: true });
    const a = await pool.connect();
    expect(server.connections[0]!.pings).toBe(0);
    await a.release();
    await (await pool.connect()).release();
    await (await pool.connect()).release();
    expect(server.connections[0]!.pings).toBe(2);
    // A reconnected slot is fresh again.
    const b = await pool.connect();
    await b.invalidate(new FakeDisconnect("x"));
    const c = await pool.connect();
    expect(server.connections[1]!.pings).toBe(0);
    await c.release();
  });

  it("A03: the database stays down: the connect error propagates and the counters are exactly as before", async () => {
    const { server, pool } = await warmPool();
    const before = counts(pool);
    server.restart();
    server.down = true;
    const error = await pool.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeDisconnect);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(counts(pool)).toEqual(before);
    await expect(pool.connect()).rejects.toBeInstanceOf(FakeDisconnect);
    expect(counts(pool)).toEqual(before);
    server.down = false;
    const ok = await pool.connect();
    expect(ok.driverConnection).toBe(server.connections[2]);
  });

  it("A04: a ping that fails with a non-disconnect error propagates; the connection is discarded, counts unchanged", async () => {
    const { server, pool } = await warmPool(1);
    const before = counts(pool);
    const denied = new FakeDatabaseError("permission denied for function pg_sleep");
    server.pingError = denied;
    await expect(pool.connect()).rejects.toBe(denied);
    expect(server.connections[0]!.closed).toBe(true);
    expect(counts(pool)).toEqual(before);
    server.pingError = undefined;
    const ok = await pool.connect();
    expect(ok.driverConnection).toBe(server.connections[1]);
  });

  it("A04: checkout gives up after 3 attempts when every attempt meets a disconnect", async () => {
    const { server, pool } = await warmPool(1);
    const before = counts(pool);
    let attempts = 0;
    pool.on("checkout", () => {
      attempts++;
      throw new FakeDisconnect("connection reset by peer");
    });
    await expect(pool.connect()).rejects.toBeInstanceOf(FakeDisconnect);
    expect(attempts).toBe(3);
    expect(counts(pool)).toEqual(before);
    expect(server.unclosed()).toHaveLength(0);
  });

  it("without pre-ping, a dead idle connection is handed out as is (the engine finds out on execute)", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect });
    await (await pool.connect()).release();
    server.restart();
    const proxy = await pool.connect();
    expect(proxy.driverConnection).toBe(server.connections[0]);
    expect(server.connections[0]!.pings).toBe(0);
  });
});
