import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../src/errors.js";
import { NullPool, QueuePool, StaticPool, type Pool } from "../../../src/pool/index.js";
import { FakeServer, isDisconnect } from "./fake-driver.js";

const counts = (pool: Pool) => [pool.checkedout(), pool.checkedin(), pool.overflow()];

describe.each([
  ["QueuePool", (s: FakeServer) => new QueuePool({ creator: s.creator, isDisconnect, poolSize: 2, maxOverflow: 1 })],
  ["StaticPool", (s: FakeServer) => new StaticPool({ creator: s.creator, isDisconnect })],
  ["NullPool", (s: FakeServer) => new NullPool({ creator: s.creator, isDisconnect })],
] as const)("%s", (_name, make) => {
  it("A17: a second release() throws InvalidRequestError each time and leaves the counts alone", async () => {
    const server = new FakeServer();
    const pool = make(server);
    const proxy = await pool.connect();
    await proxy.release();
    const after = counts(pool);
    await expect(proxy.release()).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(proxy.release()).rejects.toThrow(/release\(\) called twice/);
    expect(counts(pool)).toEqual(after);
    expect(server.connections.every((c) => c.closeCalls <= 1)).toBe(true);
  });

  it("A17: two overlapping release() calls check the connection in once", async () => {
    const server = new FakeServer();
    const pool = make(server);
    const proxy = await pool.connect();
    const first = proxy.release();
    const second = proxy.release();
    await first;
    await expect(second).rejects.toBeInstanceOf(InvalidRequestError);
    expect(pool.checkedout()).toBe(0);
  });

  it("A11: invalidate() twice is a no-op the second time; release() after invalidate() is a no-op", async () => {
    const server = new FakeServer();
    const pool = make(server);
    const proxy = await pool.connect();
    await proxy.invalidate(new Error("boom"));
    const after = counts(pool);
    await proxy.invalidate(new Error("again"));
    await proxy.release();
    expect(counts(pool)).toEqual(after);
    expect(server.connections[0]!.closeCalls).toBe(1);
    expect(() => proxy.driverConnection).toThrow(InvalidRequestError);
  });

  it("A17: invalidate() after release() throws and does not close the pooled connection", async () => {
    const server = new FakeServer();
    const pool = make(server);
    const proxy = await pool.connect();
    await proxy.release();
    const closesBefore = server.connections[0]!.closeCalls;
    await expect(proxy.invalidate()).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.connections[0]!.closeCalls).toBe(closesBefore);
  });
});
