/**
 * Engine-level behaviour of the drivers without interactive transactions (neon-http, d1): autocommit
 * execution with parameters of every JS type, IntegrityError, `begin()` refused with
 * NotSupportedError naming the alternatives (E07), and `engine.batch([...])` as ONE request that
 * is all or nothing (E08) — counted at the local endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { Session, declarativeBase, mappedColumn } from "../../../src/orm/index.js";
import { neonHttp } from "../../../adapters/neon-http/index.js";
import { d1 } from "../../../adapters/d1/index.js";
import type { Driver } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startNeonHttpEndpoint } from "../../support/endpoints/neon-http.js";
import { startD1 } from "../../support/endpoints/d1.js";

interface BatchTarget {
  name: string;
  skip: string | null;
  start(): Promise<{ driver: Driver; requests: () => number; stop(): Promise<void> }>;
}

const pgDb = providedDatabase("postgres");
const targets: BatchTarget[] = [
  {
    name: "neon-http",
    skip: "skip" in pgDb ? pgDb.skip : null,
    async start() {
      const url = "url" in pgDb ? pgDb.url : "";
      const ep = await startNeonHttpEndpoint(url);
      return { driver: neonHttp({ connectionString: url, fetchEndpoint: ep.url }), requests: () => ep.stats.requests, stop: () => ep.stop() };
    },
  },
  {
    name: "d1",
    skip: null,
    async start() {
      const local = await startD1();
      return { driver: d1(local.db), requests: () => local.stats.requests, stop: () => local.stop() };
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.skip !== null)(`${target.name} through the engine${target.skip ? ` (skipped: ${target.skip})` : ""}`, () => {
    const metadata = new sa.MetaData();
    const users = new sa.Table(`sl_users_${target.name.replace("-", "_")}`, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("name", sa.String(50), { nullable: false, unique: true }),
      new sa.Column("score", sa.Float),
      new sa.Column("active", sa.Boolean),
    );
    let engine: Engine;
    let requests: () => number;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const started = await target.start();
      requests = started.requests;
      stop = started.stop;
      engine = sa.createEngine({ driver: started.driver });
      await metadata.dropAll(engine);
      // createAll has no interactive transaction here: its plan goes out as one atomic batch
      const before = requests();
      await metadata.createAll(engine);
      createRequests = requests() - before;
    });
    let createRequests = 0;

    it("createAll sends its DDL as one atomic batch after one table-list query", () => {
      expect(createRequests).toBe(2);
    });

    it("a Session flush() is refused before anything is sent (it could not be atomic); commit() sends one batch; reads work", async () => {
      const Base = declarativeBase();
      class Member extends Base.model(users.name, {
        id: mappedColumn(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: mappedColumn(sa.String(50)),
      }) {
        static {
          Base.register(this);
        }
      }
      const session = new Session(engine);
      try {
        session.add(new Member({ id: 900, name: "via-session" }));
        const before = requests();
        await expect(session.flush()).rejects.toThrow(sa.NotSupportedError);
        expect(requests()).toBe(before);
        await session.commit();
        expect(requests() - before).toBe(1);
        expect((await session.scalars(sa.select(Member).where(Member.id.eq(900))).all()).length).toBe(1);
        await engine.connect((conn) => conn.execute(sa.delete_(users).where(users.c.id.eq(900))));
      } finally {
        await session.close();
      }
    });
    afterAll(async () => {
      await engine?.connect((conn) => conn.execute(sa.text(`DROP TABLE IF EXISTS ${users.name}`))).catch(() => undefined);
      await engine?.dispose();
      await stop?.();
    });

    it("executes insert/select/update in autocommit, one request each", async () => {
      const before = requests();
      await engine.connect(async (conn) => {
        await conn.execute(sa.insert(users).values({ id: 1, name: `o'brien \\ "q"`, score: -1.5, active: true }));
        await conn.execute(sa.update(users).where(users.c.id.eq(1)).values({ score: 2.25 }));
        const row = (await conn.execute(sa.select(users.c.name, users.c.score, users.c.active).where(users.c.id.eq(1)))).one();
        expect([...row]).toEqual([`o'brien \\ "q"`, 2.25, true]);
      });
      expect(requests() - before).toBe(3);
    });

    it("maps a unique violation to IntegrityError", async () => {
      await expect(engine.connect((conn) => conn.execute(sa.insert(users).values({ id: 2, name: `o'brien \\ "q"` })))).rejects.toBeInstanceOf(sa.IntegrityError);
    });

    it("refuses begin() with NotSupportedError naming the alternatives, and never sends BEGIN (E07)", async () => {
      const before = requests();
      const err = await engine.begin(async () => undefined).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(sa.NotSupportedError);
      expect(String((err as Error).message)).toMatch(/no interactive transactions/);
      expect(String((err as Error).message)).toMatch(/batch\(\[\.\.\.\]\)/);
      if (target.name === "neon-http") expect(String((err as Error).message)).toMatch(/neon-ws/);
      await engine.connect(async (conn) => {
        await expect(conn.begin()).rejects.toBeInstanceOf(sa.NotSupportedError);
      });
      expect(requests()).toBe(before);
    });

    it("engine.batch([...]) sends ONE request and reports each statement's result", async () => {
      const before = requests();
      const results = await engine.batch([
        sa.insert(users).values({ id: 10, name: "ten", score: 1 }),
        sa.update(users).where(users.c.id.eq(10)).values({ score: 11 }),
        sa.select(users.c.id, users.c.score).where(users.c.id.eq(10)),
      ]);
      expect(requests() - before).toBe(1);
      expect(results[0]!.rowcount).toBe(1);
      expect(results[1]!.rowcount).toBe(1);
      expect(results[2]!.all().map((r) => [...r])).toEqual([[10, 11]]);
    });

    it("a failing statement rolls back the whole batch; the error says so (E08)", async () => {
      const before = requests();
      const err = await engine.batch([
        sa.insert(users).values({ id: 20, name: "twenty" }),
        sa.insert(users).values({ id: 21, name: "ten" }),
      ]).then(() => null, (e: unknown) => e);
      expect(requests() - before).toBe(1);
      expect(err).toBeInstanceOf(sa.IntegrityError);
      // neither neon-http nor D1 reports the failing position: the message says the batch rolled back
      expect((err as sa.DBAPIError).statementIndex).toBeUndefined();
      expect((err as Error).message).toMatch(/batch of 2 statements rolled back/);
      const n = await engine.connect(async (conn) => (await conn.execute(sa.select(users.c.id).where(users.c.id.in([20, 21])))).all().length);
      expect(n).toBe(0);
    });
  });
}
