import { describe, expect, it } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeServer } from "./fake-driver.js";

// The exact identity sequences of SQLAlchemy's test_lifo / test_fifo (test/engine/test_pool.py).
describe("idle reuse order (A30)", () => {
  it("A30: lifo=true reuses the most recently returned connection", async () => {
    const server = new FakeServer();
    const p = new QueuePool({ creator: server.creator, lifo: true });
    const conn = (n: number) => server.connections[n - 1];
    let pc1 = await p.connect();
    let pc2 = await p.connect();
    let pc3 = await p.connect();
    await pc1.release();
    await pc2.release();
    await pc3.release();
    for (let i = 0; i < 5; i++) {
      pc1 = await p.connect();
      expect(pc1.driverConnection).toBe(conn(3));
      await pc1.release();
      pc1 = await p.connect();
      expect(pc1.driverConnection).toBe(conn(3));
      pc2 = await p.connect();
      expect(pc2.driverConnection).toBe(conn(2));
      await pc2.release();
      pc3 = await p.connect();
      expect(pc3.driverConnection).toBe(conn(2));
      pc2 = await p.connect();
      expect(pc2.driverConnection).toBe(conn(1));
      await pc2.release();
      await pc3.release();
      await pc1.release();
    }
    expect(server.connections).toHaveLength(3);
  });

  it("A30: lifo=false (default) reuses the connection idle the longest", async () => {
    const server = new FakeServer();
    const p = new QueuePool({ creator: server.creator });
    const conn = (n: number) => server.connections[n - 1];
    let pc1 = await p.connect();
    let pc2 = await p.connect();
    let pc3 = await p.connect();
    await pc1.release();
    await pc2.release();
    await pc3.release();
    pc1 = await p.connect();
    expect(pc1.driverConnection).toBe(conn(1));
    await pc1.release();
    pc1 = await p.connect();
    expect(pc1.driverConnection).toBe(conn(2));
    pc2 = await p.connect();
    expect(pc2.driverConnection).toBe(conn(3));
    await pc2.release();
    pc3 = await p.connect();
    expect(pc3.driverConnection).toBe(conn(1));
    pc2 = await p.connect();
    expect(pc2.driverConnection).toBe(conn(3));
    await pc2.release();
    await pc3.release();
    await pc1.release();
    expect(server.connections).toHaveLength(3);
  });
});
