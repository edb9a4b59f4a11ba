/** The pg adapter against the harness's PostgreSQL, driven directly through the driver contract. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pg } from "../../../adapters/pg/index.js";
import type { PgConnection } from "../../../adapters/pg/connection.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { providedDatabase } from "../../support/db/provided.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";
const T = "adapter_pg_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.skipIf("skip" in db)(`pg adapter${"skip" in db ? ` (skipped: ${db.skip})` : ""}`, () => {
  let driver: Driver;
  let conn: DriverConnection;

  beforeAll(async () => {
    driver = pg(url);
    conn = await driver.connect();
    await conn.execute({ sql: `DROP TABLE IF EXISTS ${T}`, params: [] });
    await conn.execute({ sql: `CREATE TABLE ${T} (id serial PRIMARY KEY, name text UNIQUE NOT NULL)`, params: [] });
  });
  afterAll(async () => {
    await conn?.execute({ sql: `DROP TABLE IF EXISTS ${T}`, params: [] }).catch(() => undefined);
    await conn?.close();
  });

  it("declares its capabilities", () => {
    expect(driver.name).toBe("pg");
    expect(driver.capabilities).toMatchObject({
      dialect: "postgresql", transport: "tcp", interactiveTransactions: true, atomicBatch: false,
      returning: true, savepoints: true, cursors: true, maxParams: 65535,
    });
    expect(conn.batch).toBeUndefined();
    expect(conn.stream).toBeTypeOf("function");
  });

  it("binds parameters of every JS type and returns rows as arrays", async () => {
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const r = await conn.execute({
      sql: "SELECT $1::text AS s, $2::int AS n, $3::float8 AS neg, $4::int8 AS big, $5::text AS nul, $6::bool AS b, $7::int AS one, $8::bytea AS bin, $9::timestamp AS ts",
      params: [text, 42, -1.5, "9007199254740993", null, true, 1, bytes, "2024-02-03 04:05:06.789"],
    });
    expect(r.columns).toEqual(["s", "n", "neg", "big", "nul", "b", "one", "bin", "ts"]);
    const [row] = r.rows;
    expect(row!.slice(0, 7)).toEqual([text, 42, -1.5, "9007199254740993", null, true, 1]);
    expect(new Uint8Array(row![7] as Uint8Array)).toEqual(bytes);
    expect(row![8]).toBe("2024-02-03 04:05:06.789");
    expect(r.rowCount).toBe(1);
    expect(r.columnTypes).toEqual([25, 23, 701, 20, 25, 16, 23, 17, 1114]);
  });

  it("returns time-zone-sensitive and exact types as text, never through pg's global parsers", async () => {
    const r = await conn.execute({
      sql: `SELECT '2024-01-02 03:04:05.123456'::timestamp, '2024-01-02'::date, '2024-01-02 03:04:05+00'::timestamptz,
              '12:34:56'::time, interval '1 day 02:00:00', 12.50::numeric, '{"a":[1,2]}'::json, '"s"'::jsonb,
              ARRAY['2024-01-01'::date, NULL], ARRAY[1,2]::int4[], '\\x0102'::bytea`,
      params: [],
    });
    const [ts, d, tstz, time, interval, num, json, jsonb, dates, ints, bin] = r.rows[0]!;
    expect(ts).toBe("2024-01-02 03:04:05.123456");
    expect(d).toBe("2024-01-02");
    // text in the session's TimeZone, with its offset: the same instant whatever the zone
    expect(tstz).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:05[+-]\d\d(:\d\d)?$/);
    const iso = (tstz as string).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
    expect(new Date(iso).toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(time).toBe("12:34:56");
    expect(interval).toBe("1 day 02:00:00");
    expect(num).toBe("12.50");
    expect(json).toBe('{"a":[1,2]}');
    expect(jsonb).toBe('"s"');
    expect(dates).toEqual(["2024-01-01", null]);
    expect(ints).toEqual([1, 2]);
    expect(bin).toBeInstanceOf(Uint8Array);
  });

  it("sends Date parameters as UTC", async () => {
    const r = await conn.execute({ sql: "SELECT $1::timestamp", params: [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))] });
    expect(r.rows[0]![0]).toBe("2024-01-02 03:04:05.006");
  });

  it("reports DML row counts; lastInsertId is null (RETURNING gives keys)", async () => {
    const ins = await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1), ($2)`, params: ["a", "b"] });
    expect(ins).toMatchObject({ rowCount: 2, lastInsertId: null, columns: [], rows: [] });
    const ret = await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1) RETURNING id`, params: ["c"] });
    expect(ret.columns).toEqual(["id"]);
    expect(typeof ret.rows[0]![0]).toBe("number");
    const upd = await conn.execute({ sql: `UPDATE ${T} SET name = name || '!' WHERE name <> $1`, params: ["zzz"] });
    expect(upd.rowCount).toBe(3);
  });

  it("classifies a unique violation as integrity, a syntax error as programming; neither is a disconnect", async () => {
    await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["dup"] });
    const dup = driver.errorInfo(await rejection(conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["dup"] })));
    expect(dup).toMatchObject({ code: "23505", sqlState: "23505", category: "integrity", isDisconnect: false });
    const syntax = driver.errorInfo(await rejection(conn.execute({ sql: "SELEC 1", params: [] })));
    expect(syntax).toMatchObject({ sqlState: "42601", category: "programming", isDisconnect: false });
    const div = driver.errorInfo(await rejection(conn.execute({ sql: "SELECT 1/0", params: [] })));
    expect(div).toMatchObject({ sqlState: "22012", category: "data", isDisconnect: false });
    await conn.ping(); // still usable
  });

  it("refuses two statements in one parameterised request (C12)", async () => {
    const err = await rejection(conn.execute({ sql: "SELECT $1::text; SELECT 2", params: ["1; DROP TABLE t"] }));
    expect(driver.errorInfo(err)).toMatchObject({ sqlState: "42601", isDisconnect: false });
  });

  it("runs transactions and savepoints as SQL", async () => {
    await conn.execute({ sql: `DELETE FROM ${T}`, params: [] });
    await conn.execute({ sql: "BEGIN", params: [] });
    await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["kept"] });
    await conn.execute({ sql: "SAVEPOINT sp1", params: [] });
    await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["undone"] });
    await conn.execute({ sql: "ROLLBACK TO SAVEPOINT sp1", params: [] });
    await conn.execute({ sql: "RELEASE SAVEPOINT sp1", params: [] });
    await conn.execute({ sql: "COMMIT", params: [] });
    await conn.execute({ sql: "BEGIN", params: [] });
    await conn.execute({ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["rolled back"] });
    await conn.execute({ sql: "ROLLBACK", params: [] });
    const r = await conn.execute({ sql: `SELECT name FROM ${T} ORDER BY id`, params: [] });
    expect(r.rows).toEqual([["kept"]]);
  });

  it("detects a server-side kill: onDisconnect fires and the next execute is a disconnect", async () => {
    const victim = (await driver.connect()) as PgConnection;
    const killer = await driver.connect();
    try {
      const fired = new Promise<unknown>((resolve) => victim.onDisconnect(resolve));
      await killer.execute({ sql: "SELECT pg_terminate_backend($1)", params: [victim.processId] });
      const event = await fired;
      expect(driver.errorInfo(event).isDisconnect).toBe(true);
      const err = await rejection(victim.execute({ sql: "SELECT 1", params: [] }));
      expect(driver.errorInfo(err)).toMatchObject({ isDisconnect: true, category: "operational" });
      const pingErr = await rejection(victim.ping());
      expect(driver.errorInfo(pingErr).isDisconnect).toBe(true);
    } finally {
      await victim.close();
      await victim.close();
      await killer.close();
    }
  });

  it("pings, and close is idempotent and harmless", async () => {
    const c = await driver.connect();
    await c.ping();
    let fired = false;
    c.onDisconnect!(() => (fired = true));
    await c.close();
    await c.close();
    expect(fired).toBe(false);
    expect(driver.errorInfo(await rejection(c.execute({ sql: "SELECT 1", params: [] }))).isDisconnect).toBe(true);
  });

  it("reports a refused connection as operational, not a disconnect", async () => {
    const err = await rejection(pg({ host: "127.0.0.1", port: 1, user: "x", database: "x" }).connect());
    expect(driver.errorInfo(err)).toMatchObject({ code: "ECONNREFUSED", category: "operational", isDisconnect: false });
  });

  it("classifies the A14 error table", () => {
    const info = driver.errorInfo;
    expect(info({ code: "57P01", message: "terminating connection due to administrator command" }).isDisconnect).toBe(true);
    expect(info(new Error("Connection terminated unexpectedly")).isDisconnect).toBe(true);
    expect(info(new Error("Client has encountered a connection error and is not queryable")).isDisconnect).toBe(true);
    for (const code of ["ECONNRESET", "EPIPE", "ETIMEDOUT"]) expect(info(Object.assign(new Error(code), { code }))).toMatchObject({ isDisconnect: true, category: "operational" });
    expect(info({ code: "40001", message: "serialization" })).toMatchObject({ category: "operational", isDisconnect: false });
    expect(info({ code: "0A000", message: "x" }).category).toBe("notSupported");
    expect(info({ code: "XX000", message: "x" }).category).toBe("internal");
    expect(info({ code: "42501", message: "permission denied" })).toMatchObject({ category: "programming", isDisconnect: false });
    expect(info("a string")).toMatchObject({ message: "a string", isDisconnect: false });
  });
});
