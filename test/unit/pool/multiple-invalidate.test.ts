import { describe, expect, it } from "vitest";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeDisconnect, FakeServer, isDisconnect, sleep } from "./fake-driver.js";

describe("concurrent invalidation (A33)", () => {
  it("A33: 15 checked-out connections hit a disconnect at once, close() is slow: each closed exactly once, 15 reconnects", async () => {
    const server = new FakeServer();
    server.closeDelayMs = 15;
    const pool = new QueuePool({ creator: server.creator, isDisconnect, poolSize: 5, maxOverflow: 10, poolTimeout: 5 });
    const proxies = await Promise.all(Array.from({ length: 15 }, () => pool.connect()));
    server.restart();
    await Promise.all(
      proxies.map(async (proxy, i) => {
        await sleep((i * 7) % 5); // spread the failures
        const error = await proxy.driverConnection.execute({ sql: "SELECT 1", params: [] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FakeDisconnect);
        pool.invalidateAll();
        // Two parts of the program react to the same failure.
        await Promise.all([proxy.invalidate(error), proxy.invalidate(error)]);
      }),
    );
    expect(server.connections.slice(0, 15).map((c) => c.closeCalls)).toEqual(Array(15).fill(1));
    const again = await Promise.all(Array.from({ length: 15 }, () => pool.connect()));
    expect(server.connections).toHaveLength(30);
    expect(new Set(again.map((p) => p.driverConnection)).size).toBe(15);
    expect(again.every((p) => !server.connections.slice(0, 15).includes(p.driverConnection as never))).toBe(true);
    await Promise.all(again.map((p) => p.release()));
    await pool.dispose();
    expect(server.unclosed()).toHaveLength(0);
    expect(server.connections.every((c) => c.closeCalls === 1)).toBe(true);
  });
});
