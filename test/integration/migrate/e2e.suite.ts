/**
 * The Alembic workflow end to end on one database (issue 7's acceptance), bound per database by
 * e2e-<db>.test.ts:
 *   Core models -> autogenerate a script -> upgrade head -> change the models -> autogenerate again
 *   (the script holds exactly the changes) -> upgrade -> downgrade base -> upgrade again;
 *   offline SQL equals what the online run sent (statement recorder on `beforeCursorExecute`);
 *   a branched history (two roots, merged) upgrades and downgrades in dependency order;
 *   a failing migration leaves the previous revision and a version table that matches the schema;
 *   `transactional = false` really runs outside a transaction.
 *
 * Scripts are authored in three ways: by the `alkahest` CLI in a temp project (`cli`), or
 * programmatically with compareMetadata + renderMigration written to files that are loaded by a
 * FileMigrationSource (`files`) or imported and handed over as bundled modules (`bundled`, the
 * Worker path used for D1, whose binding has no URL the CLI could connect to).
 *
 * Decision: `downgrade base` leaves the (empty) version table and nothing else, as Alembic does;
 * the suite drops it by hand before re-upgrading so that the recorded run starts from nothing.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event, inspect, text, type Engine } from "../../../src/index.js";
import { BundledMigrationSource, compareMetadata, MigrationFailedError, Migrator, renderMigration, type MigrationModule, type MigrationSource, type Operations } from "../../../src/migrate/index.js";
import { FileMigrationSource } from "../../../src/migrate/node/index.js";
import { e2eModels } from "./e2e-models.js";

export interface E2ETarget {
  name: string;
  unavailable: string | null;
  makeEngine(): Engine | Promise<Engine>;
  /** Does a failed migration roll back its DDL (PostgreSQL, SQLite; D1 as one batch)? */
  transactionalDdl: boolean;
  authoring: "cli" | "files" | "bundled";
  /** `cli` only: the database URL the CLI connects with. */
  url?: string;
  teardown?(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "bin/alkahest.mjs");
const MODELS = join(import.meta.dirname, "e2e-models.ts");
const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b/i;

async function tableNames(engine: Engine): Promise<string[]> {
  return engine.connect(async (c) => (await c.execute(text(engine.dialect.tableNamesSQL()!))).all().map((r) => String(r[0])));
}

/** Drops every table whose name starts with `p` (retrying in rounds, for foreign keys). */
async function dropPrefixed(engine: Engine, p: string): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const left = (await tableNames(engine)).filter((n) => n.startsWith(p));
    if (left.length === 0) return;
    for (const n of left) await engine.connect(async (c) => {
      try {
        await c.execute(text(`DROP TABLE ${n}`), undefined, { autocommit: true });
      } catch {
        /* referenced: next round */
      }
    });
  }
}

/** The SQL the database received, with parameters inlined (to compare with offline output). */
function inline(sql: string, params: readonly unknown[]): string {
  const lit = (v: unknown) => (typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : v === null ? "NULL" : String(v));
  let i = 0;
  return sql.replace(/\$(\d+)|\?/g, (_m, n) => (n ? lit(params[Number(n) - 1]) : lit(params[i++])));
}

/** Statements of an offline script, without comments and transaction control. */
function offlineStatements(sql: string): string[] {
  return sql
    .split(";\n\n")
    .map((s) => s.replace(/^--[^\n]*\n+/gm, "").trim())
    .filter((s) => s && !CONTROL.test(s));
}

/** `await op.<name>(<first two arguments>` of each statement in the body of `fn` of a script. */
function opCalls(script: string, fn: "upgrade" | "downgrade"): string[] {
  const start = script.indexOf(`export async function ${fn}(`);
  const body = script.slice(start, script.indexOf("\n}\n", start));
  return [...body.matchAll(/await op\.(\w+)\(\s*("[^"]*")(?:,\s*("[^"]*"))?/g)].map((m) => `${m[1]}(${m[2]}${m[3] ? `, ${m[3]}` : ""})`);
}

let counter = 0;

export function bindE2ESuite(t: E2ETarget): void {
  describe.skipIf(t.unavailable !== null)(`migrations end to end on ${t.name} (${t.authoring})`, () => {
    const p = `e2e_${t.name}_${process.pid % 10000}_${++counter}`;
    const vt = `${p}_version`;
    const mine = (n: string) => n.startsWith(`${p}_`) && n !== vt;
    let engine: Engine;
    let dir: string;
    let versions: string;
    const revs = { r1: "e2e000000001", r2: "e2e000000002" };
    const model = (v: 1 | 2) => e2eModels(p, v);

    beforeAll(async () => {
      engine = await t.makeEngine();
      mkdirSync(join(ROOT, ".tmp"), { recursive: true });
      // inside the package, so that the scripts' `import { sa } from "alkahest/migrate"` resolves
      dir = await mkdtemp(join(ROOT, ".tmp", `mg-e2e-${t.name}-`));
      versions = join(dir, "migrations", "versions");
    });

    afterAll(async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (engine) {
        await dropPrefixed(engine, p);
        await engine.dispose();
      }
      await t.teardown?.();
    });

    // ---- authoring: the CLI, or compareMetadata + renderMigration ----------------------------

    function cli(version: 1 | 2, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
      const env = { ...process.env, DATABASE_URL: t.url!, E2E_PREFIX: p, E2E_MODELS: String(version), E2E_VT: vt, NO_COLOR: "1" };
      return new Promise((done) => {
        execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, out, err) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }));
      });
    }

    async function cliOk(version: 1 | 2, ...args: string[]): Promise<string> {
      const r = await cli(version, ...args);
      expect(r.code, `alkahest ${args.join(" ")}\n${r.err}`).toBe(0);
      return r.out;
    }

    async function source(): Promise<MigrationSource> {
      const files = new FileMigrationSource(versions);
      if (t.authoring !== "bundled") return files;
      // the Worker path: modules imported by the bundler, no file system at run time
      const modules = await Promise.all(files.files().map(async (f) => (await import(pathToFileURL(join(versions, f)).href)) as MigrationModule));
      return new BundledMigrationSource(modules);
    }

    const migrator = async () => new Migrator({ engine, migrations: await source(), versionTable: vt });

    /** Writes the autogenerated script for `version` of the models on top of `down`; returns its text. */
    async function autogenerate(rev: string, down: string | null, message: string, version: 1 | 2): Promise<string> {
      if (t.authoring === "cli") {
        await cliOk(version, "revision", "--autogenerate", "-m", message, "--rev-id", rev);
      } else {
        mkdirSync(versions, { recursive: true });
        const ops = await compareMetadata(inspect(engine), model(version), { compareType: true, includeTable: mine });
        writeFileSync(join(versions, `${rev}_${message.replace(/\W+/g, "_")}.ts`), renderMigration({ revision: rev, downRevision: down, message, ops, dialect: engine.dialect.name }));
      }
      const file = readdirSync(versions).find((f) => f.startsWith(rev))!;
      return readFileSync(join(versions, file), "utf8");
    }

    async function upgrade(target: string): Promise<string[]> {
      if (t.authoring === "cli") {
        expect(await cliOk(1, "upgrade", target)).toMatch(/Upgraded to /);
        return (await migrator()).current();
      }
      return (await migrator()).upgrade(target);
    }

    async function downgrade(target: string): Promise<string[]> {
      if (t.authoring === "cli") {
        expect(await cliOk(1, "downgrade", target)).toMatch(/Downgraded to /);
        return (await migrator()).current();
      }
      return (await migrator()).downgrade(target);
    }

    const drift = async (version: 1 | 2) => compareMetadata(inspect(engine), model(version), { compareType: true, includeTable: mine });
    const myTables = async () => (await tableNames(engine)).filter((n) => n.startsWith(p)).sort();

    // ---- the workflow ------------------------------------------------------------------------

    it("init + autogenerate from the models + upgrade head", { timeout: 120_000 }, async () => {
      if (t.authoring === "cli") {
        await cliOk(1, "init", "migrations");
        writeFileSync(
          join(dir, "alkahest.config.ts"),
          `import { e2eModels } from ${JSON.stringify(pathToFileURL(MODELS).href)};\n` +
            `export default {\n` +
            `  url: process.env.DATABASE_URL,\n` +
            `  metadata: () => e2eModels(process.env.E2E_PREFIX!, Number(process.env.E2E_MODELS) as 1 | 2),\n` +
            `  includeTable: (name: string) => name.startsWith(process.env.E2E_PREFIX! + "_"),\n` +
            `  scriptLocation: "migrations",\n` +
            `  versionTable: process.env.E2E_VT,\n` +
            `};\n`,
        );
      }
      // a table the models leave out (another application's): includeTable keeps it out of the script
      const stray = `stray_${p}`;
      await engine.connect(async (c) => {
        await c.execute(text(`CREATE TABLE ${stray} (id INTEGER PRIMARY KEY)`));
        await c.commit();
      });
      const script = await autogenerate(revs.r1, null, "initial schema", 1);
      expect(script).not.toContain(stray);
      expect(opCalls(script, "upgrade")).toEqual([
        `createTable("${p}_user")`,
        `createIndex("ix_${p}_user_name", "${p}_user")`,
        `createTable("${p}_post")`,
        `createIndex("ix_${p}_post_title", "${p}_post")`,
        `createTable("${p}_stable")`,
        `createIndex("ix_${p}_stable_label", "${p}_stable")`,
      ]);
      expect(opCalls(script, "downgrade")).toEqual([`dropTable("${p}_stable")`, `dropTable("${p}_post")`, `dropTable("${p}_user")`]);
      expect(await upgrade("head")).toEqual([revs.r1]);
      expect(await myTables()).toEqual([`${p}_post`, `${p}_stable`, `${p}_user`, vt].sort());
      expect(await drift(1)).toEqual([]);
      // rows that the next migration (a table copy on SQLite) must keep
      await engine.connect(async (c) => {
        await c.execute(text(`INSERT INTO ${p}_user (id, email) VALUES (1, 'a@x')`));
        await c.execute(text(`INSERT INTO ${p}_post (id, user_id, title) VALUES (1, 1, 'hello')`));
        await c.commit();
      });
    });

    it("changed models autogenerate exactly the changes; upgrade applies them", { timeout: 120_000 }, async () => {
      const script = await autogenerate(revs.r2, revs.r1, "add comments", 2);
      expect(script).toContain(`export const downRevision: string | string[] | null = "${revs.r1}";`);
      expect(opCalls(script, "upgrade")).toEqual([
        `createTable("${p}_comment")`,
        `addColumn("${p}_user")`,
        `dropIndex("ix_${p}_post_title", "${p}_post")`,
        `alterColumn("${p}_post", "title")`,
      ]);
      expect(script).toContain(`await op.addColumn("${p}_user", new sa.Column("bio", sa.String(200)));`);
      expect(script).toContain(`await op.alterColumn("${p}_post", "title", { nullable: false, existingType: sa.String(200) });`);
      expect(script).toMatch(new RegExp(`sa\\.ForeignKeyConstraint\\(\\["post_id"\\], \\["${p}_post\\.id"\\]`));
      expect(opCalls(script, "downgrade")).toEqual([
        `alterColumn("${p}_post", "title")`,
        `createIndex("ix_${p}_post_title", "${p}_post")`,
        `dropColumn("${p}_user", "bio")`,
        `dropTable("${p}_comment")`,
      ]);
      expect(script).not.toContain(`${p}_stable`);
      expect(script).not.toMatch(/TODO|possible rename/);

      expect(await upgrade("heads")).toEqual([revs.r2]);
      expect(await drift(2)).toEqual([]);
      const rows = await engine.connect(async (c) => (await c.execute(text(`SELECT p.id, p.title, u.email FROM ${p}_post p JOIN ${p}_user u ON u.id = p.user_id`))).all().map((r) => [Number(r[0]), r[1], r[2]]));
      expect(rows).toEqual([[1, "hello", "a@x"]]);
      await expect(engine.connect(async (c) => {
        await c.execute(text(`INSERT INTO ${p}_post (id, user_id) VALUES (2, 1)`));
        await c.commit();
      })).rejects.toThrow();
    });

    it("downgrade base leaves only the empty version table; offline SQL equals the online run; upgrade again", { timeout: 120_000 }, async () => {
      await engine.connect(async (c) => {
        await c.execute(text(`DELETE FROM ${p}_post`));
        await c.execute(text(`DELETE FROM ${p}_user`));
        await c.commit();
      });
      const recorded: string[] = [];
      const off = event.listen(engine, "beforeCursorExecute", (_c, sql, params) => {
        recorded.push(inline(sql, params));
      });
      try {
        if (t.authoring === "cli") {
          // the CLI runs in another process: record the programmatic run over the same files
          expect(await (await migrator()).downgrade("base")).toEqual([]);
        } else expect(await downgrade("base")).toEqual([]);
        expect(await myTables()).toEqual([vt]);
        expect(await (await migrator()).current()).toEqual([]);
        await engine.connect((c) => c.execute(text(`DROP TABLE ${vt}`), undefined, { autocommit: true }));
        expect(await myTables()).toEqual([]);
        if (t.authoring === "cli") expect(await (await migrator()).upgrade("heads")).toEqual([revs.r2]);
        else expect(await upgrade("heads")).toEqual([revs.r2]);
      } finally {
        off();
      }
      expect(await drift(2)).toEqual([]);

      const offline = new Migrator({ dialect: engine.dialect.name, migrations: await source(), versionTable: vt });
      const sql = (await offline.downgrade(`${revs.r2}:base`, { sql: true })) + (await offline.upgrade("heads", { sql: true }));
      // (the recorder also saw the suite's own DROP TABLE of the version table)
      const online = recorded.filter((s) => !CONTROL.test(s) && !/^\s*SELECT\b/i.test(s) && s !== `DROP TABLE ${vt}`);
      expect(online).toEqual(offlineStatements(sql));

      // and once more through the normal path (the CLI where that is the authoring tool)
      expect(await downgrade("base")).toEqual([]);
      expect(await myTables()).toEqual([vt]);
      expect(await upgrade("head")).toEqual([revs.r2]);
      expect(await drift(2)).toEqual([]);
    });

    // ---- branches ----------------------------------------------------------------------------

    it("a branched history (two heads from base, merged) upgrades and downgrades in order", { timeout: 60_000 }, async () => {
      const q = `${p}_br`;
      const log: string[] = [];
      const mk = (revision: string, downRevision: string | string[] | null, up: (op: Operations) => Promise<void>, down: (op: Operations) => Promise<void>, branchLabels?: string[]): MigrationModule => ({
        revision,
        downRevision,
        ...(branchLabels ? { branchLabels } : {}),
        async upgrade(op) {
          log.push(`+${revision}`);
          await up(op);
        },
        async downgrade(op) {
          log.push(`-${revision}`);
          await down(op);
        },
      });
      const sa = await import("../../../src/index.js");
      const ms = [
        mk("ba1", null, (op) => op.createTable(`${q}_a`, new sa.Column("id", sa.Integer, { primaryKey: true })).then(() => undefined), (op) => op.dropTable(`${q}_a`), ["alpha"]),
        mk("ba2", "ba1", (op) => op.addColumn(`${q}_a`, new sa.Column("note", sa.String(20))), (op) => op.dropColumn(`${q}_a`, "note")),
        mk("bb1", null, (op) => op.createTable(`${q}_b`, new sa.Column("id", sa.Integer, { primaryKey: true })).then(() => undefined), (op) => op.dropTable(`${q}_b`), ["beta"]),
        mk(
          "bm",
          ["ba2", "bb1"],
          (op) =>
            op
              .createTable(
                `${q}_m`,
                new sa.Column("id", sa.Integer, { primaryKey: true }),
                new sa.Column("a_id", sa.Integer, sa.ForeignKey(`${q}_a.id`)),
                new sa.Column("b_id", sa.Integer, sa.ForeignKey(`${q}_b.id`)),
              )
              .then(() => undefined),
          (op) => op.dropTable(`${q}_m`),
        ),
      ];
      const bvt = `${q}_version`;
      const m = new Migrator({ engine, migrations: ms, versionTable: bvt });
      const graph = await m.graph();
      expect([...graph.heads]).toEqual(["bm"]);
      // (`alpha@head` would be bm: the merge is the head of both branches, as in Alembic)
      expect(await m.upgrade("ba2")).toEqual(["ba2"]);
      expect(await m.upgrade("bb1")).toEqual(["ba2", "bb1"]);
      expect((await m.current()).sort()).toEqual(["ba2", "bb1"]);
      expect(await m.upgrade("heads")).toEqual(["bm"]);
      expect(await m.current()).toEqual(["bm"]);
      expect((await tableNames(engine)).filter((n) => n.startsWith(q)).sort()).toEqual([`${q}_a`, `${q}_b`, `${q}_m`, bvt].sort());
      expect(log).toEqual(["+ba1", "+ba2", "+bb1", "+bm"]);
      log.length = 0;
      await expect(m.downgrade("-1")).rejects.toThrow(/ambiguous at merge point bm/);
      expect((await m.downgrade("ba2")).sort()).toEqual(["ba2", "bb1"]);
      // one branch only: alpha's revisions go, beta stays at its head
      log.length = 0;
      expect(await m.downgrade("alpha@base")).toEqual(["bb1"]);
      expect(log).toEqual(["-ba2", "-ba1"]);
      expect((await tableNames(engine)).filter((n) => n.startsWith(q)).sort()).toEqual([`${q}_b`, bvt].sort());
      expect((await m.upgrade("ba2")).sort()).toEqual(["ba2", "bb1"]);
      await m.upgrade("heads");
      log.length = 0;
      expect(await m.downgrade("base")).toEqual([]);
      expect(log[0]).toBe("-bm");
      expect(log.indexOf("-ba2")).toBeLessThan(log.indexOf("-ba1"));
      expect([...log].sort()).toEqual(["-ba1", "-ba2", "-bb1", "-bm"]);
      expect((await tableNames(engine)).filter((n) => n.startsWith(q))).toEqual([bvt]);
      // and the whole graph in one go, both ways: dependencies first on the way up, last on the way down
      log.length = 0;
      expect(await m.upgrade("heads")).toEqual(["bm"]);
      expect(await m.downgrade("base")).toEqual([]);
      const at = (x: string) => log.indexOf(x);
      expect(at("+ba1")).toBeLessThan(at("+ba2"));
      expect(Math.max(at("+ba2"), at("+bb1"))).toBeLessThan(at("+bm"));
      expect(at("-bm")).toBeLessThan(Math.min(at("-ba2"), at("-bb1")));
      expect(at("-ba2")).toBeLessThan(at("-ba1"));
      expect(log).toHaveLength(8);
    });

    // ---- failures and transactions -----------------------------------------------------------

    it(`a failing migration ${t.transactionalDdl ? "leaves the previous revision" : "keeps the version table at the last completed migration"}`, async () => {
      const q = `${p}_f`;
      const fvt = `${q}_version`;
      const ms: MigrationModule[] = [
        { revision: "f1", downRevision: null, upgrade: (op) => op.execute(`CREATE TABLE ${q}_ok (id INTEGER)`), downgrade: (op) => op.execute(`DROP TABLE ${q}_ok`) },
        {
          revision: "f2",
          downRevision: "f1",
          async upgrade(op) {
            await op.execute(`CREATE TABLE ${q}_bad (id INTEGER)`);
            await op.execute(`INSERT INTO ${q}_nowhere VALUES (1)`);
          },
          downgrade: (op) => op.execute(`DROP TABLE ${q}_bad`),
        },
      ];
      const m = new Migrator({ engine, migrations: ms, versionTable: fvt });
      const err = await m.upgrade("heads").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationFailedError);
      expect((err as MigrationFailedError).revision).toBe("f2");
      expect(await m.current()).toEqual(["f1"]);
      const names = await tableNames(engine);
      expect(names).toContain(`${q}_ok`);
      // transactional DDL: the schema is exactly f1's; MySQL commits DDL at once, so f2's first
      // table stays although the version table (updated only with a completed migration) says f1
      if (t.transactionalDdl) expect(names).not.toContain(`${q}_bad`);
      else expect(names).toContain(`${q}_bad`);
      // a failing downgrade leaves f1 in place too
      const m2 = new Migrator({
        engine,
        migrations: [{ ...ms[0]!, downgrade: async (op) => { await op.execute(`DROP TABLE ${q}_ok`); await op.execute(`DROP TABLE ${q}_nowhere`); } }, ms[1]!],
        versionTable: fvt,
      });
      await expect(m2.downgrade("base")).rejects.toBeInstanceOf(MigrationFailedError);
      expect(await m2.current()).toEqual(["f1"]);
      if (t.transactionalDdl) expect(await tableNames(engine)).toContain(`${q}_ok`);
    });

    it("transactional = false runs outside a transaction", async () => {
      const q = `${p}_nt`;
      const concurrently = engine.dialect.name === "postgresql";
      const seen: { sql: string; inTx: boolean }[] = [];
      const off = event.listen(engine, "beforeCursorExecute", (c, sql) => {
        seen.push({ sql, inTx: c.inTransaction() });
      });
      const ms: MigrationModule[] = [
        {
          revision: "nt1",
          downRevision: null,
          async upgrade(op) {
            await op.execute(`CREATE TABLE ${q}_t (id INTEGER PRIMARY KEY, name VARCHAR(20))`);
          },
          downgrade: (op) => op.execute(`DROP TABLE ${q}_t`),
        },
        {
          revision: "nt2",
          downRevision: "nt1",
          transactional: false,
          async upgrade(op) {
            // PostgreSQL refuses this inside a transaction block
            await op.execute(`CREATE INDEX ${concurrently ? "CONCURRENTLY " : ""}ix_${q}_name ON ${q}_t (name)`);
          },
          async downgrade(op) {
            await op.execute(concurrently ? `DROP INDEX CONCURRENTLY ix_${q}_name` : engine.dialect.name === "sqlite" ? `DROP INDEX ix_${q}_name` : `DROP INDEX ix_${q}_name ON ${q}_t`);
          },
        },
      ];
      const m = new Migrator({ engine, migrations: ms, versionTable: `${q}_version` });
      try {
        expect(await m.upgrade("heads")).toEqual(["nt2"]);
        expect((await inspect(engine).getIndexes(`${q}_t`)).map((i) => i.name)).toEqual([`ix_${q}_name`]);
        expect(await m.downgrade("nt1")).toEqual(["nt1"]);
        expect(await inspect(engine).getIndexes(`${q}_t`)).toEqual([]);
        expect(await m.downgrade("base")).toEqual([]);
      } finally {
        off();
      }
      const nonTx = seen.filter((s) => /CREATE INDEX|DROP INDEX/.test(s.sql));
      expect(nonTx).toHaveLength(2);
      if (engine.driver.capabilities.interactiveTransactions) expect(nonTx.every((s) => !s.inTx)).toBe(true);
    });

    it.runIf(t.authoring !== "bundled")("Connection.execute(..., { autocommit: true }) skips autobegin, and refuses inside a transaction", async () => {
      const q = `${p}_ac`;
      await engine.connect(async (c) => {
        await c.execute(text(`CREATE TABLE ${q} (id INTEGER)`), undefined, { autocommit: true });
        expect(c.inTransaction()).toBe(false);
        await c.execute(text(`INSERT INTO ${q} VALUES (1)`), undefined, { autocommit: true });
        expect(c.inTransaction()).toBe(false);
        await c.rollback(); // nothing to roll back: the row is committed
        await c.execute(text(`INSERT INTO ${q} VALUES (2)`));
        expect(c.inTransaction()).toBe(true);
        await expect(c.execute(text(`INSERT INTO ${q} VALUES (3)`), undefined, { autocommit: true })).rejects.toThrow(/transaction is open/);
        await c.rollback();
      });
      const ids = await engine.connect(async (c) => (await c.execute(text(`SELECT id FROM ${q}`))).all().map((r) => Number(r[0])));
      expect(ids).toEqual([1]);
    });
  });
}
