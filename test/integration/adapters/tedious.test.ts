/**
 * The tedious adapter against the canned-response TDS server (`test/support/endpoints/fake-tds.ts`):
 * connection handling, the RPC parameters the adapter sends (names, type ids, values), result
 * decoding (INTN, BIGINT, FLTN, BIT, NVARCHAR), error mapping, transactions through tedious'
 * transaction manager, and the engine on top. The server cannot run T-SQL: the SQL is only
 * logged and answered from a script. A live SQL Server is exercised by test/integration/mssql.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { configFromURL, fromURL, tedious } from "../../../adapters/tedious/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { startFakeTds, type FakeReply, type FakeRpc, type FakeTdsServer } from "../../support/endpoints/fake-tds.js";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

/** Scripted answers by SQL prefix; the rest get DONE(count 1). */
const replies = new Map<string, FakeReply>();
function reply(call: FakeRpc): FakeReply {
  for (const [prefix, r] of replies) if (call.sql.startsWith(prefix)) return r;
  return { rowCount: 1 };
}

let server: FakeTdsServer;
let url: string;
beforeAll(async () => {
  server = await startFakeTds({ rpc: reply });
  url = `mssql+tedious://sa:s3cr%40t@127.0.0.1:${server.port}/app?encrypt=false`;
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  replies.clear();
});

describe("tedious adapter (driver contract, fake TDS server)", () => {
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });
  const lastRpc = () => server.rpcs().at(-1)!;

  beforeAll(async () => {
    driver = tedious(url);
    conn = await driver.connect();
  });
  afterAll(async () => {
    await conn?.close();
  });

  it("declares its capabilities", () => {
    expect(driver.name).toBe("tedious");
    expect(driver.capabilities).toMatchObject({
      dialect: "mssql", transport: "tcp", interactiveTransactions: true, atomicBatch: false,
      returning: true, savepoints: true, cursors: false, maxParams: 2100,
    });
    expect(conn.batch).toBeUndefined();
    expect(typeof conn.begin).toBe("function");
  });

  it("parses mssql+tedious:// URLs into a tedious config", () => {
    const cfg = configFromURL({
      dialect: "mssql", driver: "tedious", username: "sa", password: "p@ss", host: "db.local", port: 14330,
      database: "app", query: { encrypt: "false", trustServerCertificate: "true", requestTimeout: "5000" },
    });
    expect(cfg).toEqual({
      server: "db.local",
      authentication: { type: "default", options: { userName: "sa", password: "p@ss" } },
      options: { port: 14330, database: "app", encrypt: false, trustServerCertificate: true, requestTimeout: 5000 },
    });
    expect(configFromURL({ dialect: "mssql", driver: null, username: null, password: null, host: null, port: null, database: null, query: {} }).options)
      .toMatchObject({ port: 1433, encrypt: true, trustServerCertificate: false });
  });

  it("opens one TDS connection per DriverConnection (prelogin, login, session SET batch) and close() ends it", async () => {
    const before = server.connections();
    const c = await driver.connect();
    expect(server.connections()).toBe(before + 1);
    const mine = server.log.filter((e) => e.connection === server.connections()).map((e) => e.kind);
    expect(mine).toEqual(["prelogin", "login", "batch"]);
    const open = server.openConnections();
    await c.close();
    await c.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.openConnections()).toBe(open - 1);
  });

  it("sends sp_executesql with @p1… typed from the JS values", async () => {
    const when = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789));
    const long = "é".repeat(4001);
    await run("UPDATE t SET a = @p1", 42, -1.5, 2 ** 40, 9007199254740993n, true, "it's ☃", null, when, new Uint8Array([0, 1, 255]), long, -(2 ** 31));
    const rpc = lastRpc();
    expect(rpc.sql).toBe("UPDATE t SET a = @p1");
    expect(rpc.declaration).toBe(
      "@p1 int, @p2 float, @p3 bigint, @p4 bigint, @p5 bit, @p6 nvarchar(6), @p7 nvarchar(1), @p8 datetime2(7), @p9 varbinary(3), @p10 nvarchar(max), @p11 int",
    );
    expect(rpc.params.map((p) => [p.name, p.typeId, p.length])).toEqual([
      ["@p1", 0x26, 4], ["@p2", 0x6d, 8], ["@p3", 0x26, 8], ["@p4", 0x26, 8], ["@p5", 0x68, 1], ["@p6", 0xe7, 12],
      ["@p7", 0xe7, 8000], ["@p8", 0x2a, 7], ["@p9", 0xa5, 3], ["@p10", 0xe7, 0xffff], ["@p11", 0x26, 4],
    ]);
    expect(rpc.params.map((p) => p.value)).toEqual([
      42, -1.5, 2n ** 40n, 9007199254740993n, true, "it's ☃", null, when, Buffer.from([0, 1, 255]), long, -(2 ** 31),
    ]);
    await expect(run("SELECT @p1", { a: 1 })).rejects.toBeInstanceOf(TypeError);
  });

  it("decodes INTN, BIGINT, FLTN, BIT and NVARCHAR rows as arrays; rowCount from DONE", async () => {
    replies.set("SELECT", {
      columns: [{ name: "id", type: "int" }, { name: "big", type: "bigint" }, { name: "score", type: "float" }, { name: "ok", type: "bit" }, { name: "name", type: "nvarchar" }],
      rows: [[1, 9007199254740993n, 2.25, true, "alice ☃"], [null, null, null, false, null]],
    });
    const r = await run("SELECT id, big, score, ok, name FROM t");
    expect(r.columns).toEqual(["id", "big", "score", "ok", "name"]);
    expect(r.rows).toEqual([[1, "9007199254740993", 2.25, true, "alice ☃"], [null, null, null, false, null]]);
    expect(r.rowCount).toBe(2);
    expect(r.columnTypes).toEqual(["IntN", "IntN", "FloatN", "BitN", "NVarChar"]);
    replies.set("UPDATE", { rowCount: 7 });
    expect(await run("UPDATE t SET a = 1")).toMatchObject({ columns: [], rows: [], rowCount: 7 });
  });

  it("sends one request at a time per connection (queued, in order)", async () => {
    const before = server.rpcs().length;
    const results = await Promise.all([run("UPDATE a"), run("UPDATE b"), run("UPDATE c")]);
    expect(results.map((r) => r.rowCount)).toEqual([1, 1, 1]);
    expect(server.rpcs().slice(before).map((r) => r.sql)).toEqual(["UPDATE a", "UPDATE b", "UPDATE c"]);
  });

  it("maps SQL Server error numbers to categories; the connection stays usable", async () => {
    const cases: [number, string][] = [
      [2627, "integrity"], [2601, "integrity"], [547, "integrity"], [515, "integrity"],
      [102, "programming"], [207, "programming"], [208, "programming"], [8152, "data"], [245, "data"],
    ];
    for (const [number, category] of cases) {
      replies.set("FAIL", { error: { number, message: `scripted error ${number}` } });
      const info = driver.errorInfo(await rejection(run("FAIL")));
      expect(info).toMatchObject({ code: String(number), errno: number, category, isDisconnect: false, message: `scripted error ${number}` });
    }
    await conn.ping();
    for (const e of [{ code: "ETIMEOUT", message: "Timeout: Request failed to complete in 15000ms" }, { code: "ECONNRESET", message: "read ECONNRESET" }, new Error("Connection lost - read ECONNRESET")]) {
      expect(driver.errorInfo(e)).toMatchObject({ isDisconnect: true, category: "operational" });
    }
  });

  it("runs transactions through the transaction manager; requests inside carry the descriptor", async () => {
    const start = server.log.length;
    await conn.begin!({ isolationLevel: "SERIALIZABLE" });
    await run("INSERT inside");
    await run("SAVE TRANSACTION [sp1]");
    await conn.commit!();
    await conn.begin!();
    await conn.rollback!();
    const entries = server.log.slice(start);
    expect(entries.map((e) => (e.kind === "tm" ? `tm:${e.request}` : e.kind === "rpc" ? e.rpc.sql : e.kind)))
      .toEqual(["tm:begin", "INSERT inside", "SAVE TRANSACTION [sp1]", "tm:commit", "tm:begin", "tm:rollback"]);
    const [begin, inside, , commit] = entries;
    expect(begin).toMatchObject({ kind: "tm", isolationLevel: 4 });
    expect(inside?.kind === "rpc" && inside.rpc.transactionDescriptor.readBigUInt64LE()).not.toBe(0n);
    expect(commit?.kind === "tm" && commit.transactionDescriptor).toEqual(inside?.kind === "rpc" && inside.rpc.transactionDescriptor);
    await expect(conn.begin!({ isolationLevel: "CHAOS" })).rejects.toThrow(/unknown isolation level/);
  });

  it("reports a dropped socket as a disconnect, to the request in flight and to idle listeners", async () => {
    const idle = await driver.connect();
    const lost = new Promise<unknown>((resolve) => idle.onDisconnect!(resolve));
    server.dropConnections();
    expect(driver.errorInfo(await lost)).toMatchObject({ isDisconnect: true, category: "operational" });
    const err = await rejection(idle.execute({ sql: "SELECT 1", params: [] }));
    expect(driver.errorInfo(err)).toMatchObject({ isDisconnect: true });
    await idle.close();
    await conn.close();
    conn = await driver.connect(); // for afterAll
  });

  it("fails to connect with an operational error when nothing listens", async () => {
    const dead = tedious({ server: "127.0.0.1", options: { port: 9, encrypt: false, connectTimeout: 2000 }, authentication: { type: "default", options: { userName: "sa", password: "x" } } });
    const info = dead.errorInfo(await rejection(dead.connect()));
    expect(info).toMatchObject({ code: "ESOCKET", isDisconnect: true, category: "operational" });
  });
});

describe("tedious adapter through the engine (fake TDS server)", () => {
  const metadata = new sa.MetaData();
  const users = new sa.Table("users", metadata,
    new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
    new sa.Column("name", sa.String(50), { nullable: false, unique: true }),
    new sa.Column("active", sa.Boolean),
  );
  let engine: sa.Engine;

  beforeAll(() => {
    engine = sa.createEngine({ driver: fromURL({ dialect: "mssql", driver: "tedious", username: "sa", password: "x", host: "127.0.0.1", port: server.port, database: "app", query: { encrypt: "false" } }) });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it("compiles @p1 parameters for the RPC and decodes the rows", async () => {
    replies.set("SELECT", { columns: [{ name: "id", type: "int" }, { name: "name", type: "nvarchar" }, { name: "active", type: "bit" }], rows: [[1, "alice", true]] });
    const rows = await engine.connect(async (conn) => (await conn.execute(sa.select(users).where(users.c.name.eq("alice")))).all());
    expect(rows.map((r) => [...r])).toEqual([[1, "alice", true]]);
    const rpc = server.rpcs().at(-1)!;
    expect(rpc.sql).toMatch(/^SELECT \[?users\]?\.\[?id\]?.*WHERE \[?users\]?\.\[?name\]? = @p1$/);
    expect(rpc.params.map((p) => [p.name, p.value])).toEqual([["@p1", "alice"]]);
  });

  it("engine.begin() commits through the transaction manager with the insert inside", async () => {
    const start = server.log.length;
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(users).values({ id: 1, name: "alice", active: true }));
    });
    const kinds = server.log.slice(start).filter((e) => e.kind === "tm" || e.kind === "rpc")
      .map((e) => (e.kind === "tm" ? `tm:${e.request}` : e.kind === "rpc" ? e.rpc.sql.split(" ")[0] : ""));
    expect(kinds).toEqual(["tm:begin", "INSERT", "tm:commit"]);
    const insert = server.rpcs().at(-1)!;
    // the mssql dialect's Boolean bind processor sends 1/0, which the adapter types as INT
    expect(insert.params.map((p) => [p.name, p.typeId, p.value])).toEqual([["@p1", 0x26, 1], ["@p2", 0xe7, "alice"], ["@p3", 0x26, 1]]);
  });

  it("maps a unique violation (2627) to IntegrityError and rolls the transaction back", async () => {
    replies.set("INSERT", { error: { number: 2627, message: "Violation of UNIQUE KEY constraint 'UQ_users_name'. Cannot insert duplicate key in object 'dbo.users'." } });
    const start = server.log.length;
    const err = await rejection(engine.begin((conn) => conn.execute(sa.insert(users).values({ id: 2, name: "alice" }))));
    expect(err).toBeInstanceOf(sa.IntegrityError);
    expect((err as sa.DBAPIError).message).toMatch(/UNIQUE KEY/);
    expect(server.log.slice(start).filter((e) => e.kind === "tm").map((e) => e.kind === "tm" && e.request)).toEqual(["begin", "rollback"]);
  });

  it("createEngine(\"mssql+tedious://…\") loads this adapter by name", async () => {
    const byUrl = sa.createEngine(url);
    try {
      replies.set("SELECT 42", { columns: [{ name: "n", type: "int" }], rows: [[42]] });
      expect(await byUrl.connect(async (conn) => (await conn.execute(sa.text("SELECT 42 AS n"))).scalar())).toBe(42);
      expect(byUrl.driver.name).toBe("tedious");
    } finally {
      await byUrl.dispose();
    }
  });

  it("savepoints go out as SAVE TRANSACTION inside the transaction", async () => {
    const start = server.rpcs().length;
    await engine.begin(async (conn) => {
      const nested = await conn.beginNested();
      await conn.execute(sa.insert(users).values({ id: 3, name: "carol" }));
      await nested.rollback();
    });
    const sqls = server.rpcs().slice(start).map((r) => r.sql);
    expect(sqls[0]).toMatch(/^SAVE TRANSACTION /);
    expect(sqls[1]).toMatch(/^INSERT INTO/);
    expect(sqls[2]).toMatch(/^ROLLBACK TRANSACTION /);
  });
});
