/** Per-dialect ALTER compilation and the SQLite batch (table copy) plan. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { alterCompilerFor } from "../../../src/dialects/alter.js";
import { sqliteBatchStatements } from "../../../src/dialects/sqlite/batch.js";
import { BUILTIN_DIALECTS } from "../../../src/dialects/index.js";

const ac = (name: keyof typeof BUILTIN_DIALECTS) => alterCompilerFor(new BUILTIN_DIALECTS[name]());

describe("ALTER per dialect", () => {
  const change = { type: sa.String(100), nullable: false, serverDefault: "x", newColumnName: "title" };
  it("postgresql", () => {
    expect(ac("postgresql").alterColumn("t", "name", change)).toEqual([
      "ALTER TABLE t ALTER COLUMN name SET NOT NULL",
      "ALTER TABLE t ALTER COLUMN name SET DEFAULT 'x'",
      "ALTER TABLE t ALTER COLUMN name TYPE VARCHAR(100)",
      "ALTER TABLE t RENAME COLUMN name TO title",
    ]);
  });
  it("mysql restates the column", () => {
    expect(ac("mysql").alterColumn("t", "name", change)).toEqual(["ALTER TABLE t CHANGE COLUMN name title VARCHAR(100) NOT NULL DEFAULT 'x'"]);
    expect(ac("mysql").alterColumn("t", "name", { nullable: true, existingType: sa.Integer })).toEqual(["ALTER TABLE t MODIFY COLUMN name INTEGER NULL"]);
    expect(ac("mysql").alterColumn("t", "name", { serverDefault: null })).toEqual(["ALTER TABLE t ALTER COLUMN name DROP DEFAULT"]);
    expect(() => ac("mysql").alterColumn("t", "name", { nullable: true })).toThrow(/existingType/);
    expect(ac("mysql").dropConstraint("fk1", "t", "foreignkey")).toBe("ALTER TABLE t DROP FOREIGN KEY fk1");
  });
  it("mssql", () => {
    expect(ac("mssql").alterColumn("t", "name", { type: sa.String(100), nullable: false })).toEqual(["ALTER TABLE t ALTER COLUMN name NVARCHAR(100) NOT NULL"]);
    expect(ac("mssql").renameTable("a", "b")).toBe("EXEC sp_rename N'a', N'b'");
  });
  it("sqlite: rename natively, the rest by batch", () => {
    const s = ac("sqlite");
    expect(s.needsBatch({ kind: "alterColumn", column: "c", changes: { newColumnName: "d" } })).toBe(false);
    expect(s.needsBatch({ kind: "alterColumn", column: "c", changes: { nullable: true } })).toBe(true);
    expect(s.needsBatch({ kind: "addConstraint", spec: "" })).toBe(true);
  });
  it("sqlite batch plan keeps the definition and rows", () => {
    const stmts = sqliteBatchStatements(
      ac("sqlite"),
      "acct",
      {
        createSql: `CREATE TABLE acct (\n\tid INTEGER NOT NULL,\n\tname VARCHAR(50) NOT NULL DEFAULT 'a, b',\n\tCONSTRAINT uq_x UNIQUE (name),\n\tPRIMARY KEY (id)\n)`,
        indexSql: ["CREATE INDEX ix_acct_name ON acct (name)"],
      },
      [
        { kind: "alterColumn", column: "name", changes: { type: sa.Text(), nullable: true, serverDefault: null } },
        { kind: "dropConstraint", name: "uq_x" },
        { kind: "addConstraint", spec: "CONSTRAINT ck CHECK (id > 0)" },
      ],
    );
    expect(stmts).toEqual([
      `CREATE TABLE _alembic_tmp_acct (\n\tid INTEGER NOT NULL,\n\tname TEXT,\n\tPRIMARY KEY (id),\n\tCONSTRAINT ck CHECK (id > 0)\n)`,
      "INSERT INTO _alembic_tmp_acct (id, name) SELECT id, CAST(name AS TEXT) FROM acct",
      "DROP TABLE acct",
      "ALTER TABLE _alembic_tmp_acct RENAME TO acct",
      "CREATE INDEX ix_acct_name ON acct (name)",
    ]);
  });
});
