/** Offline (--sql) output per dialect: golden SQL, version-table statements, BEGIN/COMMIT. */
import { describe, expect, it } from "vitest";
import { Migrator, RevisionError, sa, type MigrationModule } from "../../../src/migrate/index.js";
import { smallSet } from "./fixtures.js";

describe("offline SQL", () => {
  it("postgresql upgrade", async () => {
    expect(await new Migrator({ dialect: "postgresql", migrations: smallSet("g") }).upgrade("heads", { sql: true })).toMatchInlineSnapshot(`
      "-- Running upgrade  -> 1a0000000001

      BEGIN;

      CREATE TABLE alkahest_version (
      	version_num VARCHAR(32) NOT NULL,
      	CONSTRAINT alkahest_version_pkc PRIMARY KEY (version_num)
      );

      CREATE TABLE g_acct (
      	id SERIAL NOT NULL,
      	name VARCHAR(50) NOT NULL,
      	PRIMARY KEY (id)
      );

      INSERT INTO alkahest_version (version_num) VALUES ('1a0000000001');

      COMMIT;

      -- Running upgrade 1a0000000001 -> 1a0000000002

      BEGIN;

      ALTER TABLE g_acct ADD COLUMN note VARCHAR(20);

      CREATE UNIQUE INDEX ix_g_acct_name ON g_acct (name);

      INSERT INTO g_acct (id, name) VALUES (1, 'o''neil'), (2, 'b');

      UPDATE alkahest_version SET version_num = '1a0000000002' WHERE alkahest_version.version_num = '1a0000000001';

      COMMIT;

      "
    `);
  });
  it("mysql upgrade has no BEGIN/COMMIT (no transactional DDL)", async () => {
    expect(await new Migrator({ dialect: "mysql", migrations: smallSet("g") }).upgrade("head", { sql: true })).toMatchInlineSnapshot(`
      "-- Running upgrade  -> 1a0000000001

      CREATE TABLE alkahest_version (
      	version_num VARCHAR(32) NOT NULL,
      	CONSTRAINT alkahest_version_pkc PRIMARY KEY (version_num)
      );

      CREATE TABLE g_acct (
      	id INTEGER NOT NULL AUTO_INCREMENT,
      	name VARCHAR(50) NOT NULL,
      	PRIMARY KEY (id)
      );

      INSERT INTO alkahest_version (version_num) VALUES ('1a0000000001');

      -- Running upgrade 1a0000000001 -> 1a0000000002

      ALTER TABLE g_acct ADD COLUMN note VARCHAR(20);

      CREATE UNIQUE INDEX ix_g_acct_name ON g_acct (name);

      INSERT INTO g_acct (id, name) VALUES (1, 'o''neil'), (2, 'b');

      UPDATE alkahest_version SET version_num = '1a0000000002' WHERE alkahest_version.version_num = '1a0000000001';

      "
    `);
  });
  it("sqlite downgrade range", async () => {
    expect(await new Migrator({ dialect: "sqlite", migrations: smallSet("g") }).downgrade("1a0000000002:base", { sql: true })).toMatchInlineSnapshot(`
      "-- Running downgrade 1a0000000002 -> 1a0000000001

      BEGIN;

      DELETE FROM g_acct;

      DROP INDEX ix_g_acct_name;

      ALTER TABLE g_acct DROP COLUMN note;

      UPDATE alkahest_version SET version_num = '1a0000000001' WHERE alkahest_version.version_num = '1a0000000002';

      COMMIT;

      -- Running downgrade 1a0000000001 -> 

      BEGIN;

      DROP TABLE g_acct;

      DELETE FROM alkahest_version WHERE alkahest_version.version_num = '1a0000000001';

      COMMIT;

      "
    `);
  });
  it("mssql upgrade from a revision", async () => {
    expect(await new Migrator({ dialect: "mssql", migrations: smallSet("g") }).upgrade("1a0000000001:heads", { sql: true })).toMatchInlineSnapshot(`
      "-- Running upgrade 1a0000000001 -> 1a0000000002

      BEGIN TRANSACTION;

      ALTER TABLE g_acct ADD note NVARCHAR(20);

      CREATE UNIQUE INDEX ix_g_acct_name ON g_acct (name);

      INSERT INTO g_acct (id, name) VALUES (1, N'o''neil'), (2, N'b');

      UPDATE alkahest_version SET version_num = N'1a0000000002' WHERE alkahest_version.version_num = N'1a0000000001';

      COMMIT TRANSACTION;

      "
    `);
  });
  it("downgrade without a range is refused offline; transactional=false has no BEGIN", async () => {
    await expect(new Migrator({ dialect: "postgresql", migrations: smallSet("g") }).downgrade("base", { sql: true })).rejects.toThrow("downgrade with --sql requires <fromrev>:<torev>");
    const m: MigrationModule = {
      revision: "c0",
      downRevision: null,
      transactional: false,
      upgrade: (op) => op.createIndex("ix_x", "x", ["a"]),
      downgrade: () => {},
    };
    const sql = await new Migrator({ dialect: "postgresql", migrations: [m] }).upgrade("heads", { sql: true });
    expect(sql).not.toContain("BEGIN");
  });
  it("getBind() and results are refused offline with a clear message", async () => {
    const m: MigrationModule = { revision: "c0", downRevision: null, upgrade: (op) => void op.getBind(), downgrade: () => {} };
    await expect(new Migrator({ dialect: "postgresql", migrations: [m] }).upgrade("heads", { sql: true })).rejects.toThrow(/op.getBind\(\) is not available in offline/);
    const m2: MigrationModule = {
      revision: "c0",
      downRevision: null,
      async upgrade(op) {
        const r = await op.execute("SELECT 1");
        r!.all();
      },
      downgrade: () => {},
    };
    await expect(new Migrator({ dialect: "postgresql", migrations: [m2] }).upgrade("heads", { sql: true })).rejects.toThrow(/result of op.execute\(\)/);
  });
  it("a branched history records several heads, then merges them", async () => {
    const noop = () => {};
    const ms: MigrationModule[] = [
      { revision: "b0", downRevision: null, upgrade: noop, downgrade: noop },
      { revision: "b1", downRevision: "b0", upgrade: noop, downgrade: noop },
      { revision: "b2", downRevision: "b0", upgrade: noop, downgrade: noop },
      { revision: "bm", downRevision: ["b1", "b2"], upgrade: noop, downgrade: noop },
    ];
    const sql = await new Migrator({ dialect: "sqlite", migrations: ms }).upgrade("heads", { sql: true });
    const versionLines = sql.split("\n").filter((l) => l.includes("alkahest_version") && !l.startsWith("CREATE") && !l.startsWith("\t"));
    expect(versionLines).toEqual([
      "INSERT INTO alkahest_version (version_num) VALUES ('b0');",
      "UPDATE alkahest_version SET version_num = 'b1' WHERE alkahest_version.version_num = 'b0';",
      "INSERT INTO alkahest_version (version_num) VALUES ('b2');",
      "DELETE FROM alkahest_version WHERE alkahest_version.version_num = 'b2';",
      "UPDATE alkahest_version SET version_num = 'bm' WHERE alkahest_version.version_num = 'b1';",
    ]);
    const down = await new Migrator({ dialect: "sqlite", migrations: ms }).downgrade("bm:base", { sql: true });
    expect(down.split("\n").filter((l) => /^(INSERT|UPDATE|DELETE)/.test(l))).toEqual([
      "UPDATE alkahest_version SET version_num = 'b1' WHERE alkahest_version.version_num = 'bm';",
      "INSERT INTO alkahest_version (version_num) VALUES ('b2');",
      "DELETE FROM alkahest_version WHERE alkahest_version.version_num = 'b2';",
      "UPDATE alkahest_version SET version_num = 'b0' WHERE alkahest_version.version_num = 'b1';",
      "DELETE FROM alkahest_version WHERE alkahest_version.version_num = 'b0';",
    ]);
  });
  it("errors name the problem", async () => {
    await expect(new Migrator({ dialect: "sqlite", migrations: smallSet("g") }).upgrade("nope", { sql: true })).rejects.toBeInstanceOf(RevisionError);
    const m: MigrationModule = { revision: "c0", downRevision: null, upgrade: (op) => op.alterColumn("t", "c", { nullable: false }), downgrade: () => {} };
    await expect(new Migrator({ dialect: "mysql", migrations: [m] }).upgrade("heads", { sql: true })).rejects.toThrow(/needs existingType/);
    void sa;
  });
});
