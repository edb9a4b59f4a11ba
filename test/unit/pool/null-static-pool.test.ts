import { describe, expect, it } from "vitest";
import { NullPool, StaticPool } from "../../../src/pool/index.js";
import { FakeDisconnect, FakeServer, isDisconnect } from "./fake-driver.js";

describe("NullPool (A31)", () => {
  it("A31: every checkout opens a new connection and every release closes it", async () => {
    const server = new FakeServer();
    const pool = new NullPool({ creator: server.creator, isDisconnect });
    const a = await pool.connect();
    const b = await pool.connect();
    expect(a.driverConnection).not.toBe(b.driverConnection);
    expect(pool.checkedout()).toBe(2);
    await a.release();
    expect(server.connections[0]!.closed).toBe(true);
    await b.invalidate(new FakeDisconnect("gone"));
    expect(server.connections[1]!.closeCalls).toBe(1);
    expect([pool.size(), pool.checkedin(), pool.checkedout(), pool.overflow()]).toEqual([0, 0, 0, 0]);
    const c = await pool.connect();
    expect(c.driverConnection).toBe(server.connections[2]);
    expect(pool.status()).toBe("NullPool checked out: 1");
  });
});

describe("StaticPool (A31)", () => {
  it("A31: every checkout shares the one connection", async () => {
    const server = new FakeServer();
    const pool = new StaticPool({ creator: server.creator, isDisconnect });
    const a = await pool.connect();
    const b = await pool.connect();
    expect(a.driverConnection).toBe(b.driverConnection);
    expect(pool.checkedout()).toBe(2);
    await a.release();
    await b.release();
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.closed).toBe(false);
    expect([pool.checkedin(), pool.checkedout()]).toEqual([1, 0]);
  });

  it("A31: concurrent first checkouts open a single connection", async () => {
    const server = new FakeServer();
    server.connectDelayMs = 5;
    const pool = new StaticPool({ creator: server.creator });
    const proxies = await Promise.all(Array.from({ length: 5 }, () => pool.connect()));
    expect(server.creatorCalls).toBe(1);
    expect(new Set(proxies.map((p) => p.driverConnection)).size).toBe(1);
  });

  it("A31: after an invalidation the next checkout reconnects", async () => {
    const server = new FakeServer();
    const pool = new StaticPool({ creator: server.creator, isDisconnect });
    const a = await pool.connect();
    await a.invalidate(new FakeDisconnect("server closed the connection"));
    expect(server.connections[0]!.closed).toBe(true);
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[1]);
    await b.release();
    const c = await pool.connect();
    expect(c.driverConnection).toBe(server.connections[1]);
  });

  it("A31: a failed creation leaves the pool empty and a later checkout retries", async () => {
    const server = new FakeServer();
    server.failNext = 1;
    const pool = new StaticPool({ creator: server.creator });
    await expect(pool.connect()).rejects.toThrow("password authentication failed");
    expect([pool.checkedin(), pool.checkedout()]).toEqual([0, 0]);
    const a = await pool.connect();
    expect(a.driverConnection).toBe(server.connections[0]);
  });
});
