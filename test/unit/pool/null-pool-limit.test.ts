/** NullPool's `maxConnections`: the bound Workers need (E03: at most 6 connections open per request). */
import { describe, expect, it } from "vitest";
import { InvalidRequestError, TimeoutError } from "../../../src/errors.js";
import { NullPool } from "../../../src/pool/index.js";
import { FakeServer, flush, isDisconnect, ManualTimers, track } from "./fake-driver.js";

describe("NullPool maxConnections (E03)", () => {
  it("10 parallel checkouts never open more than 6 connections; the rest queue first come first served", async () => {
    const server = new FakeServer();
    server.connectDelayMs = 2;
    const pool = new NullPool({ creator: server.creator, isDisconnect, maxConnections: 6 });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const c = await pool.connect();
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        await c.release();
      }),
    );
    expect(server.maxOpen).toBe(6);
    expect(server.creatorCalls).toBe(10);
    expect(order.slice(6).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
    expect([pool.checkedout(), pool.waiting()]).toEqual([0, 0]);
    expect(pool.status()).toBe("NullPool checked out: 0 of 6, waiting: 0");
  });

  it("a failed connect frees its place for the next waiter", async () => {
    const server = new FakeServer();
    const pool = new NullPool({ creator: server.creator, isDisconnect, maxConnections: 1 });
    const a = await pool.connect();
    server.failNext = 1;
    const b = track(pool.connect());
    const c = track(pool.connect());
    await flush();
    expect(pool.waiting()).toBe(2);
    await a.release();
    await flush();
    expect(b.state).toBe("rejected");
    expect(c.state).toBe("fulfilled");
    expect(pool.checkedout()).toBe(1);
  });

  it("a waiter gives up after poolTimeout with a TimeoutError that says what to do", async () => {
    const server = new FakeServer();
    const timers = new ManualTimers();
    const pool = new NullPool({ creator: server.creator, isDisconnect, maxConnections: 1, poolTimeout: 2, timer: timers.timer });
    await pool.connect();
    const waiting = track(pool.connect());
    await flush();
    expect(timers.pending.at(-1)!.ms).toBe(2000);
    timers.fireNext();
    await flush();
    expect(waiting.error).toBeInstanceOf(TimeoutError);
    expect(String((waiting.error as Error).message)).toMatch(/limit of 1 connections open at once.*timeout 2\.00 s.*fewer statements in parallel/);
    expect(pool.waiting()).toBe(0);
  });

  it("dispose fails the waiters", async () => {
    const server = new FakeServer();
    const pool = new NullPool({ creator: server.creator, isDisconnect, maxConnections: 1 });
    await pool.connect();
    const waiting = track(pool.connect());
    await flush();
    await pool.dispose();
    await flush();
    expect(waiting.error).toBeInstanceOf(InvalidRequestError);
  });

  it("rejects a bound that is not a positive integer", () => {
    const server = new FakeServer();
    expect(() => new NullPool({ creator: server.creator, maxConnections: 0 })).toThrow(/maxConnections must be an integer ≥ 1 \(got 0\)/);
  });

  it("no bound by default", async () => {
    const server = new FakeServer();
    const pool = new NullPool({ creator: server.creator });
    const all = await Promise.all(Array.from({ length: 20 }, () => pool.connect()));
    expect(server.maxOpen).toBe(20);
    expect(pool.maxConnections()).toBe(Infinity);
    await Promise.all(all.map((c) => c.release()));
  });
});
