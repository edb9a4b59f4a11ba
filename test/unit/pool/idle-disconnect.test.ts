import { describe, expect, it, vi } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeServer, flush, isDisconnect } from "./fake-driver.js";

describe("connections that die on their own (A15, A16, via DriverConnection.onDisconnect)", () => {
  it("A15: an idle connection killed by the server is dropped at once; the next checkout reconnects without a ping", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolPrePing: true, poolSize: 2 });
    const invalidated = vi.fn();
    pool.on("invalidate", invalidated);
    const [a, b] = [await pool.connect(), await pool.connect()];
    await a.release();
    await b.release();
    const before = [pool.checkedin(), pool.overflow()];
    server.connections[0]!.kill();
    await flush();
    expect(server.connections[0]!.closed).toBe(true);
    expect(invalidated).toHaveBeenCalledTimes(1);
    expect(server.connections[0]!.disconnectListeners.size).toBe(0); // unsubscribed
    expect([pool.checkedin(), pool.overflow()]).toEqual(before);
    server.connections[0]!.kill(); // a second report changes nothing
    await flush();
    expect(invalidated).toHaveBeenCalledTimes(1);
    const next = await pool.connect(); // FIFO: the dropped slot comes first
    expect(next.driverConnection).toBe(server.connections[2]);
    expect(server.connections[2]!.pings).toBe(0);
  });

  it("A16: a checked-out connection that dies stays checked out, and is closed (not reset) when released", async () => {
    const server = new FakeServer();
    const reset = vi.fn(async () => {});
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, resetOnReturn: reset });
    const a = await pool.connect();
    server.connections[0]!.kill();
    await flush();
    expect(server.connections[0]!.closed).toBe(false);
    expect(pool.checkedout()).toBe(1);
    expect(a.driverConnection).toBe(server.connections[0]);
    await a.release();
    expect(reset).not.toHaveBeenCalled();
    expect(server.connections[0]!.closeCalls).toBe(1);
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[1]);
  });

  it("reports about a connection already replaced are ignored", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1 });
    const a = await pool.connect();
    await a.invalidate(new Error("x"));
    const b = await pool.connect();
    server.connections[0]!.kill(); // the old one
    await flush();
    expect(b.driverConnection).toBe(server.connections[1]);
    await b.release();
    expect(server.connections[1]!.closed).toBe(false);
  });
});
