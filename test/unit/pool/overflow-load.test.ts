import { describe, expect, it } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeServer, isDisconnect, sleep } from "./fake-driver.js";

describe.each([0, 5])("load with poolSize=3, maxOverflow=%i (D01)", (maxOverflow) => {
  it(`D01: 40 concurrent tasks × 10 checkouts never exceed size + overflow, and all close at teardown`, async () => {
    const server = new FakeServer();
    server.connectDelayMs = 4; // a slow creator widens the race for overflow slots
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 3, maxOverflow, poolTimeout: 20 });
    let maxOut = 0;
    let maxOverflowSeen = -Infinity;
    const violations: string[] = [];
    const sample = () => {
      maxOut = Math.max(maxOut, pool.checkedout());
      maxOverflowSeen = Math.max(maxOverflowSeen, pool.overflow());
      if (pool.checkedin() < 0 || pool.checkedout() < 0) violations.push(pool.status());
    };
    for (const event of ["connect", "checkout", "checkin", "close"] as const) pool.on(event, sample);
    let checkouts = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, task) => {
        for (let i = 0; i < 10; i++) {
          const proxy = await pool.connect();
          sample();
          checkouts++;
          await proxy.driverConnection.execute({ sql: "SELECT ?", params: [task] });
          if ((task + i) % 3 === 0) await sleep(1);
          await proxy.release();
        }
      }),
    );
    expect(checkouts).toBe(400);
    expect(violations).toEqual([]);
    expect(maxOut).toBeLessThanOrEqual(3 + maxOverflow);
    expect(server.maxOpen).toBeLessThanOrEqual(3 + maxOverflow);
    expect(maxOverflowSeen).toBeLessThanOrEqual(maxOverflow);
    if (maxOverflow > 0) expect(maxOverflowSeen).toBeGreaterThan(0); // overflow really was used
    expect(pool.checkedout()).toBe(0);
    expect(pool.checkedin()).toBe(3);
    await pool.dispose();
    expect(server.unclosed()).toHaveLength(0);
    expect(server.connections.every((c) => c.closeCalls === 1)).toBe(true);
  });
});
