/** Migrations runner on SQLite (libsql file database), plus batch mode (table copy). */
import { afterAll, describe, expect, it } from "vitest";
import { createEngine, text } from "../../../src/index.js";
import { Migrator, sa, type MigrationModule } from "../../../src/migrate/index.js";
import { tempSqliteFile } from "../../support/db/sqlite.js";
import { bindRunnerSuite } from "./runner.suite.js";

const file = await tempSqliteFile("migrate.db");
const url = `sqlite+libsql:///${file.path}`;
afterAll(() => file.remove());

bindRunnerSuite({ name: "sqlite", unavailable: null, makeEngine: () => createEngine(url), transactionalDdl: true });

describe("SQLite batch mode", () => {
  it("alters a column's type and nullability by table copy, keeping rows, indexes and foreign keys", async () => {
    const engine = createEngine(url);
    try {
      const ms: MigrationModule[] = [
        {
          revision: "s1",
          downRevision: null,
          async upgrade(op) {
            await op.createTable("bm_parent", new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("code", sa.String(10), { nullable: false }));
            await op.createTable("bm_child", new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("parent_id", sa.Integer, sa.ForeignKey("bm_parent.id")));
            await op.createIndex("ix_bm_parent_code", "bm_parent", ["code"]);
            await op.bulkInsert(sa.table("bm_parent", sa.column("id"), sa.column("code")), [{ id: 1, code: "a" }, { id: 2, code: "b" }]);
            await op.bulkInsert(sa.table("bm_child", sa.column("id"), sa.column("parent_id")), [{ id: 10, parent_id: 2 }]);
          },
          async downgrade(op) {
            await op.dropTable("bm_child");
            await op.dropTable("bm_parent");
          },
        },
        {
          revision: "s2",
          downRevision: "s1",
          async upgrade(op) {
            await op.alterColumn("bm_parent", "code", { type: sa.Text(), nullable: true });
            await op.createUniqueConstraint("uq_bm_parent_code", "bm_parent", ["code"]);
            await op.alterColumn("bm_parent", "code", { newColumnName: "label" });
          },
          async downgrade(op) {
            await op.alterColumn("bm_parent", "label", { newColumnName: "code" });
            await op.dropConstraint("uq_bm_parent_code", "bm_parent", { type: "unique" });
            await op.alterColumn("bm_parent", "code", { type: sa.String(10), nullable: false });
          },
        },
      ];
      const m = new Migrator({ engine, migrations: ms, versionTable: "bm_version" });
      await m.upgrade("heads");
      const info = await engine.connect(async (c) => (await c.execute(text("SELECT name, type, \"notnull\" FROM pragma_table_info('bm_parent') ORDER BY cid"))).all().map((r) => [...r]));
      expect(info).toEqual([["id", "INTEGER", 1], ["label", "TEXT", 0]]);
      const rows = await engine.connect(async (c) => (await c.execute(text("SELECT p.id, p.label, c.id FROM bm_parent p LEFT JOIN bm_child c ON c.parent_id = p.id ORDER BY p.id"))).all().map((r) => [...r]));
      expect(rows).toEqual([[1, "a", null], [2, "b", 10]]);
      const idx = await engine.connect(async (c) => (await c.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bm_parent' AND sql IS NOT NULL"))).all().map((r) => r[0]));
      expect(idx).toEqual(["ix_bm_parent_code"]);
      await expect(engine.begin((c) => c.execute(text("INSERT INTO bm_parent (id, label) VALUES (3, 'a')")))).rejects.toThrow(/UNIQUE/);
      await m.downgrade("s1");
      const back = await engine.connect(async (c) => (await c.execute(text("SELECT name, type, \"notnull\" FROM pragma_table_info('bm_parent') ORDER BY cid"))).all().map((r) => [...r]));
      expect(back).toEqual([["id", "INTEGER", 1], ["code", "VARCHAR(10)", 1]]);
      await m.downgrade("base");
      expect(await m.current()).toEqual([]);
      await engine.begin((c) => c.execute(text("DROP TABLE bm_version")));
    } finally {
      await engine.dispose();
    }
  });
});
