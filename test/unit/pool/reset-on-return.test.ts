import { describe, expect, it, vi } from "vitest";
import type { DriverConnection } from "../../../src/engine/driver.js";
import { NullPool, QueuePool } from "../../../src/pool/index.js";
import { FakeServer, isDisconnect } from "./fake-driver.js";

describe("reset on return (A28, mock)", () => {
  it("A28: the injected reset hook runs on every live connection coming back, before it is reused", async () => {
    const server = new FakeServer();
    const order: string[] = [];
    const reset = vi.fn(async (conn: DriverConnection) => {
      order.push("reset");
      await conn.execute({ sql: "ROLLBACK", params: [] });
    });
    const pool = new QueuePool({ creator: server.creator, isDisconnect, resetOnReturn: reset });
    pool.on("checkin", () => {
      order.push("checkin");
    });
    const a = await pool.connect();
    await a.release();
    expect(reset).toHaveBeenCalledTimes(1);
    expect(reset.mock.calls[0]![0]).toBe(server.connections[0]);
    expect(server.connections[0]!.executed.map((s) => s.sql)).toEqual(["ROLLBACK"]);
    expect(order).toEqual(["reset", "checkin"]);
  });

  it("A28: a reset that fails discards the connection; the slot stays and the next checkout reconnects", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({
      creator: server.creator,
      isDisconnect,
      poolSize: 1,
      resetOnReturn: async () => {
        throw new Error("ROLLBACK failed");
      },
    });
    const logged: string[] = [];
    const pool2 = new QueuePool({ creator: server.creator, poolSize: 1, log: (m) => logged.push(m), resetOnReturn: async () => Promise.reject(new Error("x")) });
    const a = await pool.connect();
    await a.release();
    expect(server.connections[0]!.closed).toBe(true);
    expect([pool.checkedout(), pool.checkedin(), pool.overflow()]).toEqual([0, 1, 0]);
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[1]);

    await (await pool2.connect()).release();
    expect(logged.some((m) => /reset on return failed/.test(m))).toBe(true);
  });

  it("an invalidated connection is not reset", async () => {
    const server = new FakeServer();
    const reset = vi.fn(async () => {});
    const pool = new NullPool({ creator: server.creator, resetOnReturn: reset });
    const a = await pool.connect();
    await a.invalidate(new Error("dead"));
    expect(reset).not.toHaveBeenCalled();
    const b = await pool.connect();
    await b.release();
    expect(reset).toHaveBeenCalledTimes(1);
    expect(server.connections[1]!.closed).toBe(true);
  });
});
