import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../src/errors.js";
import { AssertionPool } from "../../../src/pool/index.js";
import { FakeServer, isDisconnect } from "./fake-driver.js";

describe("AssertionPool", () => {
  it("allows one checkout at a time and names where the first one happened", async () => {
    const server = new FakeServer();
    const pool = new AssertionPool({ creator: server.creator, isDisconnect });
    const a = await pool.connect();
    const error = await pool.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/already checked out; it was checked out at:\n/);
    expect(pool.checkedout()).toBe(1);
    await a.release();
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[0]);
    await b.release();
    expect([pool.checkedin(), pool.checkedout()]).toEqual([1, 0]);
  });

  it("reconnects after an invalidation and recovers from a failed creation", async () => {
    const server = new FakeServer();
    server.failNext = 1;
    const pool = new AssertionPool({ creator: server.creator, storeTraceback: false });
    await expect(pool.connect()).rejects.toThrow("password authentication failed");
    const a = await pool.connect();
    await a.invalidate(new Error("x"));
    const b = await pool.connect();
    expect(b.driverConnection).toBe(server.connections[1]);
  });
});
