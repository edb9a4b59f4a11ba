import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../src/errors.js";
import { QueuePool } from "../../../src/pool/index.js";
import { FakeServer } from "./fake-driver.js";

describe("QueuePool options and statistics", () => {
  it("defaults to poolSize 5, maxOverflow 10, and reports counts like SQLAlchemy", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator });
    expect(pool.status()).toBe("Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0");
    const held = await Promise.all(Array.from({ length: 7 }, () => pool.connect()));
    expect(pool.status()).toBe("Pool size: 5  Connections in pool: 0 Current Overflow: 2 Current Checked out connections: 7");
    for (const p of held) await p.release();
    // the two surplus connections were closed on return
    expect([pool.checkedin(), pool.overflow(), server.unclosed().length]).toEqual([5, 0, 5]);
  });

  it("maxOverflow -1 means no limit", async () => {
    const server = new FakeServer();
    const pool = new QueuePool({ creator: server.creator, poolSize: 1, maxOverflow: -1, poolTimeout: 0 });
    const held = await Promise.all(Array.from({ length: 20 }, () => pool.connect()));
    expect(pool.checkedout()).toBe(20);
    for (const p of held) await p.release();
    expect(pool.checkedin()).toBe(1);
  });

  it.each([
    [{ poolSize: 0 }, /poolSize/],
    [{ poolSize: 1.5 }, /poolSize/],
    [{ maxOverflow: -2 }, /maxOverflow/],
    [{ poolTimeout: -1 }, /poolTimeout/],
    [{ poolRecycle: -5 }, /poolRecycle/],
  ])("rejects bad options %o", (bad, message) => {
    const server = new FakeServer();
    expect(() => new QueuePool({ creator: server.creator, ...bad })).toThrow(ArgumentError);
    expect(() => new QueuePool({ creator: server.creator, ...bad })).toThrow(message);
  });

  it("needs a creator", () => {
    expect(() => new QueuePool({} as never)).toThrow(/needs a creator/);
  });
});
