/** SQLite batch mode without a readable database: the shadow of sqlite_master, and offline SQL. */
import { describe, expect, it } from "vitest";
import { Migrator, sa, type MigrationModule } from "../../../src/migrate/index.js";
import { SqliteShadow } from "../../../src/migrate/sqlite-shadow.js";

describe("SqliteShadow", () => {
  it("replays CREATE/ADD COLUMN/indexes/DROP/RENAME TO as SQLite stores them", () => {
    const s = new SqliteShadow();
    s.apply("CREATE TABLE t (\n\tid INTEGER NOT NULL,\n\tPRIMARY KEY (id)\n)");
    s.apply("ALTER TABLE t ADD COLUMN name VARCHAR(20)");
    s.apply("CREATE INDEX ix_b ON t (name)");
    s.apply("CREATE UNIQUE INDEX ix_a ON t (id, name)");
    s.apply("DROP INDEX ix_b");
    expect(s.rows("t")).toEqual([
      ["table", "CREATE TABLE t (\n\tid INTEGER NOT NULL,\n\tPRIMARY KEY (id), name VARCHAR(20))"],
      ["index", "CREATE UNIQUE INDEX ix_a ON t (id, name)"],
    ]);
    s.apply('CREATE TABLE "_alembic_tmp_t" (id INTEGER)');
    s.apply("DROP TABLE t");
    s.apply('ALTER TABLE "_alembic_tmp_t" RENAME TO t');
    expect(s.rows("t")).toEqual([["table", 'CREATE TABLE "t" (id INTEGER)']]);
    expect(s.rows("_alembic_tmp_t")).toEqual([]);
    s.apply("ALTER TABLE t DROP COLUMN id");
    expect(() => s.rows("t")).toThrow(/split the migration/);
  });
});

describe("offline SQL with SQLite batch mode", () => {
  const ms: MigrationModule[] = [
    {
      revision: "o1",
      downRevision: null,
      upgrade: async (op) => {
        await op.createTable("ob", new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("v", sa.String(10)));
        await op.createIndex("ix_ob_v", "ob", ["v"]);
      },
      downgrade: (op) => op.dropTable("ob"),
    },
    {
      revision: "o2",
      downRevision: "o1",
      upgrade: (op) => op.alterColumn("ob", "v", { nullable: false, existingType: sa.String(10) }),
      downgrade: (op) => op.alterColumn("ob", "v", { nullable: true, existingType: sa.String(10) }),
    },
  ];
  const m = new Migrator({ dialect: "sqlite", migrations: ms });

  it("renders the table copy from the definitions the earlier migrations created", async () => {
    const sql = await m.upgrade("heads", { sql: true });
    expect(sql).toContain("CREATE TABLE _alembic_tmp_ob (");
    expect(sql).toMatch(/v VARCHAR ?\(10\) NOT NULL/);
    expect(sql).toContain("ALTER TABLE _alembic_tmp_ob RENAME TO ob");
    expect(sql.match(/CREATE INDEX ix_ob_v ON ob \(v\)/g)).toHaveLength(2);
  });

  it("a range above base (and a downgrade) is primed with the upgrade from base", async () => {
    expect(await m.upgrade("o1:o2", { sql: true })).toContain("CREATE TABLE _alembic_tmp_ob (");
    const down = await m.downgrade("o2:base", { sql: true });
    expect(down).toContain("CREATE TABLE _alembic_tmp_ob (");
    expect(down).toContain("DROP TABLE ob");
  });
});
