import { describe, expect, it } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import type { DriverConnection } from "../../../src/engine/driver.js";
import { FakeConnection, FakeDisconnect, FakeServer, isDisconnect } from "./fake-driver.js";

const id = (conn: DriverConnection) => (conn as FakeConnection).id;

describe("pool events", () => {
  it("connect, checkout, checkin, invalidate and close fire in order with the connection and record", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1, maxOverflow: 0 });
    const log: string[] = [];
    pool.on("connect", (conn, record) => void log.push(`connect ${id(conn)} r${record.id}`));
    pool.on("checkout", (conn, _record, proxy) => {
      log.push(`checkout ${id(conn)}`);
      expect(proxy.driverConnection).toBe(conn);
    });
    pool.on("checkin", (conn) => void log.push(`checkin ${conn === null ? "null" : id(conn)}`));
    pool.on("invalidate", (conn, _r, error) => void log.push(`invalidate ${id(conn)} ${(error as Error).message}`));
    pool.on("close", (conn) => void log.push(`close ${id(conn)}`));
    const a = await pool.connect();
    await a.release();
    const b = await pool.connect();
    await b.invalidate(new FakeDisconnect("reset"));
    await pool.dispose();
    expect(log).toEqual([
      "connect 1 r1",
      "checkout 1",
      "checkin 1",
      "checkout 1",
      "invalidate 1 reset",
      "close 1",
      "checkin null",
    ]);
  });

  it("on() returns an unsubscribe function; async listeners are awaited", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator });
    let calls = 0;
    const off = pool.on("checkout", async () => {
      await new Promise((r) => setTimeout(r, 2));
      calls++;
    });
    await (await pool.connect()).release();
    expect(calls).toBe(1);
    off();
    off();
    await (await pool.connect()).release();
    expect(calls).toBe(1);
  });

  it("errors in checkin/close listeners are logged, not raised", async () => {
    const server = new FakeServer();
    const logged: unknown[] = [];
    const pool = new QueuePool({ creator: server.creator, log: (_m, e) => logged.push(e) });
    const boom = new Error("listener bug");
    pool.on("checkin", () => {
      throw boom;
    });
    await (await pool.connect()).release();
    expect(logged).toContain(boom);
    expect(pool.checkedin()).toBe(1);
  });

  it("connection info is per connection, recordInfo per slot", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 1 });
    const a = await pool.connect();
    a.info.x = 1;
    a.recordInfo.y = 2;
    await a.invalidate();
    const b = await pool.connect();
    expect(b.info).toEqual({});
    expect(b.recordInfo).toEqual({ y: 2 });
  });
});
