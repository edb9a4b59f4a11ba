/** Dialect reflection without a database: MSSQL's catalog SQL text and parsers on canned rows, SQLite's CREATE TABLE reader, type-name mapping. */
import { describe, expect, it } from "vitest";
import { MSSQLReflector } from "../../../src/dialects/mssql/reflection.js";
import { mysqlTypeFromName } from "../../../src/dialects/mysql/reflection.js";
import { pgTypeFromName } from "../../../src/dialects/postgresql/reflection.js";
import { parseCreateTableSQL } from "../../../src/dialects/sqlite/table-sql.js";
import { text } from "../../../src/index.js";
import type { ReflectionQueryRunner } from "../../../src/dialects/base/reflection.js";

function canned(rows: Record<string, unknown>[]): ReflectionQueryRunner & { calls: { sql: string; params: unknown }[] } {
  const calls: { sql: string; params: unknown }[] = [];
  return { calls, query: async (sql, params) => (calls.push({ sql, params }), rows) };
}

describe("MSSQL reflection", () => {
  const r = new MSSQLReflector();
  it("lists tables of SCHEMA_NAME() and compiles with @p placeholders", () => {
    expect(r.tableNamesSQL()).toBe("SELECT TABLE_NAME AS name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    expect(text(r.columnsSQL("dbo")).compile({ dialect: "mssql" }).sql).toContain("WHERE c.TABLE_SCHEMA = @p1 AND c.TABLE_NAME = @p2 ORDER BY c.ORDINAL_POSITION");
    expect(r.foreignKeysSQL()).toContain("fk.delete_referential_action_desc AS ondelete");
    expect(r.indexesSQL()).toContain("i.is_primary_key = 0 AND i.is_unique_constraint = 0");
    expect(r.checkConstraintsSQL()).toBe(
      "SELECT cc.name AS name, cc.definition AS sqltext FROM sys.check_constraints cc JOIN sys.tables t ON t.object_id = cc.parent_object_id WHERE t.name = :table AND SCHEMA_NAME(t.schema_id) = SCHEMA_NAME() ORDER BY cc.name",
    );
  });
  it("parses columns: types, max lengths, identity, defaults in parentheses", async () => {
    const run = canned([
      { name: "id", data_type: "int", max_length: null, numeric_precision: 10, numeric_scale: 0, is_nullable: "NO", column_default: null, is_identity: 1, comment: null },
      { name: "name", data_type: "nvarchar", max_length: 50, numeric_precision: null, numeric_scale: null, is_nullable: "YES", column_default: "('anon')", is_identity: 0, comment: "who" },
      { name: "body", data_type: "nvarchar", max_length: -1, numeric_precision: null, numeric_scale: null, is_nullable: "YES", column_default: null, is_identity: 0, comment: null },
      { name: "n", data_type: "decimal", max_length: null, numeric_precision: 10, numeric_scale: 2, is_nullable: "YES", column_default: "((0))", is_identity: 0, comment: null },
      { name: "ok", data_type: "bit", max_length: null, numeric_precision: null, numeric_scale: null, is_nullable: "YES", column_default: null, is_identity: 0, comment: null },
    ]);
    const cols = await r.getColumns(run, "users");
    expect(run.calls[0]!.params).toEqual({ table: "users" });
    expect(cols.map((c) => [c.name, c.type.describe(), c.nullable, c.default, c.autoincrement, c.comment])).toEqual([
      ["id", "INTEGER", false, null, true, null],
      ["name", "VARCHAR(50)", true, "'anon'", false, "who"],
      ["body", "TEXT", true, null, false, null],
      ["n", "NUMERIC(10, 2)", true, "0", false, null],
      ["ok", "BOOLEAN", true, null, false, null],
    ]);
  });
  it("parses foreign keys with referential actions", async () => {
    const run = canned([{ name: "fk_a", column_name: "org_id", referred_table: "orgs", referred_column: "id", referred_schema: null, ondelete: "SET_NULL", onupdate: "NO_ACTION" }]);
    expect(await r.getForeignKeys(run, "users")).toEqual([
      { name: "fk_a", constrainedColumns: ["org_id"], referredSchema: null, referredTable: "orgs", referredColumns: ["id"], ondelete: "SET NULL", onupdate: null },
    ]);
  });
});

describe("SQLite CREATE TABLE reader", () => {
  it("finds named constraints, CHECKs and AUTOINCREMENT", () => {
    const parsed = parseCreateTableSQL(`CREATE TABLE "t" (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	"a,b" VARCHAR(5) CHECK (length("a,b") > 0),
	c INTEGER CONSTRAINT ck_c CHECK (c IN (1, 2)),
	CONSTRAINT "uq ""x""" UNIQUE ("a,b", c),
	CONSTRAINT fk_c FOREIGN KEY(c) REFERENCES other (id),
	CONSTRAINT ck_t CHECK ((c > 0) AND (c < 10))
)`);
    expect(parsed.autoincrementKeyword).toBe(true);
    expect(parsed.uniques).toEqual([{ name: 'uq "x"', columns: ["a,b", "c"] }]);
    expect(parsed.foreignKeys).toEqual([{ name: "fk_c", columns: ["c"] }]);
    expect(parsed.checks).toEqual([
      { name: null, sqltext: 'length("a,b") > 0' },
      { name: "ck_c", sqltext: "c IN (1, 2)" },
      { name: "ck_t", sqltext: "(c > 0) AND (c < 10)" },
    ]);
  });
});

describe("type names", () => {
  it("maps PostgreSQL format_type() names", () => {
    expect(pgTypeFromName("character varying(50)").describe()).toBe("VARCHAR(50)");
    expect(pgTypeFromName("timestamp(6) with time zone").describe()).toBe("TIMESTAMP WITH TIME ZONE");
    expect(pgTypeFromName("integer[]").describe()).toBe("INTEGER[]");
    expect(pgTypeFromName("mood", ["a", "b"], "mood").describe()).toBe("ENUM(a,b)");
  });
  it("maps MySQL column types", () => {
    expect(mysqlTypeFromName("tinyint(1)").kind).toBe("boolean");
    expect(mysqlTypeFromName("int(11)").kind).toBe("integer");
    expect(mysqlTypeFromName("datetime(6)").kind).toBe("datetime");
    expect(mysqlTypeFromName("enum('a','it''s')").describe()).toBe("ENUM(a,it's)");
    expect(mysqlTypeFromName("char(36)").kind).toBe("uuid");
  });
});
