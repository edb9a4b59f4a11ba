import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { CompileError } from "../../../../src/errors.js";
import { all, ct, sql } from "./helpers.js";

const { MetaData, Table, Column, Integer, CreateTable, func, text } = sa;

function table(...cols: InstanceType<typeof Column>[]) {
  return new Table("t", new MetaData(), new Column("id", Integer, { primaryKey: true, autoincrement: false }), ...cols);
}

describe("server defaults", () => {
  it("a string is a quoted literal; func.now() per dialect (SQLite parenthesised, MySQL with precision)", () => {
    const t = table(new Column("status", sa.String(10), { serverDefault: "new", nullable: false }), new Column("created", sa.DateTime, { serverDefault: func.now() }));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "status VARCHAR(10) DEFAULT 'new' NOT NULL", "created TIMESTAMP DEFAULT now()", "PRIMARY KEY (id)"]));
    expect(r.mysql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "status VARCHAR(10) DEFAULT 'new' NOT NULL", "created DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "status VARCHAR(10) DEFAULT 'new' NOT NULL", "created DATETIME DEFAULT (CURRENT_TIMESTAMP)", "PRIMARY KEY (id)"]));
    expect(r.mssql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "status NVARCHAR(10) DEFAULT N'new' NOT NULL", "created DATETIME2 DEFAULT CURRENT_TIMESTAMP", "PRIMARY KEY (id)"]));
  });

  it("text() is written as given (parenthesised on SQLite)", () => {
    const t = table(new Column("n", Integer, { serverDefault: text("0") }));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toContain("\tn INTEGER DEFAULT 0,\n");
    expect(r.mysql).toContain("\tn INTEGER DEFAULT 0,\n");
    expect(r.sqlite).toContain("\tn INTEGER DEFAULT (0),\n");
    expect(r.mssql).toContain("\tn INTEGER DEFAULT 0,\n");
  });

  it("literal escaping: quote, backslash, ${ and backticks render safely in defaults and comments", () => {
    const nasty = "it's \\ ${x} `y`";
    const t = table(new Column("s", sa.String(40), { serverDefault: nasty, comment: nasty }));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toContain("\ts VARCHAR(40) DEFAULT 'it''s \\ ${x} `y`',\n");
    expect(r.sqlite).toContain("\ts VARCHAR(40) DEFAULT 'it''s \\ ${x} `y`',\n");
    expect(r.mssql).toContain("\ts NVARCHAR(40) DEFAULT N'it''s \\ ${x} `y`',\n");
    // MySQL treats backslash as an escape: doubled
    expect(r.mysql).toContain("\ts VARCHAR(40) DEFAULT 'it''s \\\\ ${x} `y`' COMMENT 'it''s \\\\ ${x} `y`',\n");
  });

  it("a NUL character is refused in a default and a comment", () => {
    const t = table(new Column("s", sa.String(5), { serverDefault: "a\u0000b" }));
    for (const d of ["postgresql", "mysql", "sqlite", "mssql"] as const) expect(() => sql(new CreateTable(t), d)).toThrow(CompileError);
    const t2 = table(new Column("s", sa.String(5), { comment: "a\u0000b" }));
    expect(() => sql(new CreateTable(t2), "mysql")).toThrow(/NUL/);
  });
});
