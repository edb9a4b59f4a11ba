/**
 * The tedious adapter against a real SQL Server, only when `MSSQL_URL` is set
 * (`mssql+tedious://sa:pw@127.0.0.1:1433/master?encrypt=false`, e.g. the
 * `mcr.microsoft.com/mssql/server:2022-latest` container). Not run in this workspace: SQL Server
 * cannot run here, so the adapter is otherwise checked against the fake TDS server only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";

const url = process.env["MSSQL_URL"];

describe.skipIf(!url)("tedious on a live SQL Server" + (url ? "" : " (skipped: no SQL Server here: set MSSQL_URL to run)"), () => {
  const metadata = new sa.MetaData();
  const items = new sa.Table("alkahest_live_items", metadata,
    new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
    new sa.Column("name", sa.String(50), { nullable: false, unique: true }),
    new sa.Column("score", sa.Float),
    new sa.Column("active", sa.Boolean),
  );
  let engine: sa.Engine;

  beforeAll(async () => {
    engine = sa.createEngine(url!);
    await metadata.dropAll(engine);
    await metadata.createAll(engine);
  });
  afterAll(async () => {
    if (engine) {
      await metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    }
  });

  it("inserts, updates and selects typed values in a committed transaction", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 1, name: "o'brien ☃", score: -1.5, active: true }));
      await conn.execute(sa.update(items).where(items.c.id.eq(1)).values({ score: 2.25 }));
    });
    const row = await engine.connect(async (conn) => (await conn.execute(sa.select(items.c.name, items.c.score, items.c.active).where(items.c.id.eq(1)))).one());
    expect([...row]).toEqual(["o'brien ☃", 2.25, true]);
  });

  it("maps a unique violation to IntegrityError", async () => {
    const err = await engine.begin((conn) => conn.execute(sa.insert(items).values({ id: 2, name: "o'brien ☃" }))).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(sa.IntegrityError);
  });

  it("rolls back a transaction and a savepoint", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 3, name: "kept" }));
      const nested = await conn.beginNested();
      await conn.execute(sa.insert(items).values({ id: 4, name: "undone" }));
      await nested.rollback();
    });
    const boom = new Error("boom");
    await expect(engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 5, name: "rolled back" }));
      throw boom;
    })).rejects.toBe(boom);
    const ids = await engine.connect(async (conn) => (await conn.execute(sa.select(items.c.id).orderBy(items.c.id))).scalars().all());
    expect(ids).toEqual([1, 3]);
  });
});
