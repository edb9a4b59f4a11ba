/** Runner behaviour on a real database, bound per dialect by runner-<db>.test.ts. */
import { afterAll, describe, expect, it } from "vitest";
import { event, text, type Engine } from "../../../src/index.js";
import { MigrationFailedError, Migrator, type MigrationModule, type Operations } from "../../../src/migrate/index.js";
import { smallSet } from "../../unit/migrate/fixtures.js";

export interface RunnerTarget {
  name: string;
  unavailable: string | null;
  makeEngine(): Engine;
  /** Does a failed migration roll back its DDL? */
  transactionalDdl: boolean;
}

let counter = 0;
const uniq = (db: string) => `mg_${db}_${process.pid % 10000}_${++counter}`;

async function tableNames(engine: Engine): Promise<string[]> {
  return engine.connect(async (c) => (await c.execute(text(engine.dialect.tableNamesSQL()!))).all().map((r) => String(r[0])));
}

async function dropAll(engine: Engine, names: string[]): Promise<void> {
  const existing = new Set(await tableNames(engine));
  for (const n of names) if (existing.has(n)) await engine.begin((c) => c.execute(text(`DROP TABLE ${n}`)));
}

function inline(sql: string, params: readonly unknown[]): string {
  const lit = (v: unknown) => (typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : v === null ? "NULL" : String(v));
  let i = 0;
  return sql.replace(/\$(\d+)|\?/g, (m, n) => (n ? lit(params[Number(n) - 1]) : lit(params[i++])));
}

const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b/i;

export function bindRunnerSuite(t: RunnerTarget): void {
  describe.skipIf(t.unavailable !== null)(`migrations runner on ${t.name}`, () => {
    const engine = t.makeEngine();
    const cleanup: string[] = [];
    afterAll(async () => {
      await dropAll(engine, cleanup);
      await engine.dispose();
    });

    it("upgrade head, downgrade base leaves an empty database, upgrade again", async () => {
      const p = uniq(t.name);
      const vt = `${p}_version`;
      cleanup.push(`${p}_acct`, vt);
      const m = new Migrator({ engine, migrations: smallSet(p), versionTable: vt });
      expect(await m.current()).toEqual([]);
      expect(await m.upgrade("head")).toEqual(["1a0000000002"]);
      expect(await m.current()).toEqual(["1a0000000002"]);
      expect(await tableNames(engine)).toContain(`${p}_acct`);
      const rows = await engine.connect(async (c) => (await c.execute(text(`SELECT id, name FROM ${p}_acct ORDER BY id`))).all().map((r) => [Number(r[0]), r[1]]));
      expect(rows).toEqual([[1, "o'neil"], [2, "b"]]);
      expect(await m.downgrade("-1")).toEqual(["1a0000000001"]);
      expect(await m.downgrade("base")).toEqual([]);
      expect(await m.current()).toEqual([]);
      expect((await tableNames(engine)).filter((n) => n.startsWith(p))).toEqual([vt]);
      expect(await m.upgrade("heads")).toEqual(["1a0000000002"]);
      expect(await m.downgrade("base")).toEqual([]);
    });

    it("a branched history (two heads from base, merged) upgrades and downgrades in order", async () => {
      const p = uniq(t.name);
      const vt = `${p}_version`;
      cleanup.push(vt, `${p}_b0`, `${p}_b1`, `${p}_b2`);
      const log: string[] = [];
      const mk = (rev: string, down: string | string[] | null, table?: string): MigrationModule => ({
        revision: rev,
        downRevision: down,
        async upgrade(op: Operations) {
          log.push(`+${rev}`);
          if (table) await op.execute(`CREATE TABLE ${table} (id INTEGER)`);
        },
        async downgrade(op: Operations) {
          log.push(`-${rev}`);
          if (table) await op.execute(`DROP TABLE ${table}`);
        },
      });
      const ms = [mk("b0", null, `${p}_b0`), mk("b1", "b0", `${p}_b1`), mk("b2", "b0", `${p}_b2`), mk("bm", ["b1", "b2"])];
      const m = new Migrator({ engine, migrations: ms, versionTable: vt });
      expect(await m.upgrade("b1")).toEqual(["b1"]);
      expect(await m.upgrade("b2")).toEqual(["b1", "b2"]);
      expect((await m.current()).sort()).toEqual(["b1", "b2"]);
      expect(await m.upgrade("heads")).toEqual(["bm"]);
      expect(await m.current()).toEqual(["bm"]);
      expect(await m.downgrade("b2")).toEqual(["b1", "b2"]);
      expect(await m.downgrade("base")).toEqual([]);
      expect(log).toEqual(["+b0", "+b1", "+b2", "+bm", "-bm", "-b2", "-b1", "-b0"]);
    });

    it(`a failing migration ${t.transactionalDdl ? "leaves the previous revision" : "keeps the version table at the last good revision"}`, async () => {
      const p = uniq(t.name);
      const vt = `${p}_version`;
      cleanup.push(vt, `${p}_ok`, `${p}_bad`);
      const ms: MigrationModule[] = [
        { revision: "f1", downRevision: null, upgrade: (op) => op.execute(`CREATE TABLE ${p}_ok (id INTEGER)`), downgrade: (op) => op.execute(`DROP TABLE ${p}_ok`) },
        {
          revision: "f2",
          downRevision: "f1",
          async upgrade(op) {
            await op.execute(`CREATE TABLE ${p}_bad (id INTEGER)`);
            await op.execute(`INSERT INTO ${p}_nowhere VALUES (1)`);
          },
          downgrade: () => {},
        },
      ];
      const m = new Migrator({ engine, migrations: ms, versionTable: vt });
      const err = await m.upgrade("heads").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationFailedError);
      expect((err as MigrationFailedError).revision).toBe("f2");
      expect(await m.current()).toEqual(["f1"]);
      const names = await tableNames(engine);
      expect(names).toContain(`${p}_ok`);
      if (t.transactionalDdl) expect(names).not.toContain(`${p}_bad`);
    });

    it("offline SQL equals the SQL the online run executes", async () => {
      const p = uniq(t.name);
      const vt = `${p}_version`;
      cleanup.push(vt, `${p}_acct`);
      const recorded: string[] = [];
      const off = event.listen(engine, "beforeCursorExecute", (_c, sql, params) => {
        recorded.push(inline(sql, params));
      });
      const m = new Migrator({ engine, migrations: smallSet(p), versionTable: vt });
      try {
        await m.upgrade("heads");
        await m.downgrade("base");
      } finally {
        off();
      }
      const offline = new Migrator({ dialect: engine.dialect, migrations: smallSet(p), versionTable: vt });
      const sql = (await offline.upgrade("heads", { sql: true })) + (await offline.downgrade("1a0000000002:base", { sql: true }));
      const expected = sql
        .split(";\n\n")
        .map((s) => s.replace(/^--[^\n]*\n+/gm, "").trim())
        .filter((s) => s && !CONTROL.test(s));
      const online = recorded.filter((s) => !CONTROL.test(s) && !/^SELECT\b/i.test(s));
      expect(online).toEqual(expected);
    });
  });
}
