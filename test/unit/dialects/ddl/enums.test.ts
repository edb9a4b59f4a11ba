import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { CompileError } from "../../../../src/errors.js";
import { createAllPlan, dropAllPlan } from "../../../../src/sql/ddl/schema-plan.js";
import { all, ct, sql } from "./helpers.js";

const { MetaData, Table, Column, Integer, CreateTable, Enum, CreateEnumType, DropEnumType } = sa;

describe("Enum", () => {
  it("named: native type on PostgreSQL, inline ENUM on MySQL, VARCHAR + CHECK on SQLite and MSSQL", () => {
    const t = new Table("t", new MetaData(), new Column("id", Integer, { primaryKey: true, autoincrement: false }), new Column("mood", Enum(["happy", "sad"], { name: "mood_t" })));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "mood mood_t", "PRIMARY KEY (id)"]));
    expect(r.mysql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "mood ENUM('happy', 'sad')", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "mood VARCHAR(5)", "PRIMARY KEY (id)", "CHECK (mood IN ('happy', 'sad'))"]));
    expect(r.mssql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "mood NVARCHAR(5)", "PRIMARY KEY (id)", "CHECK (mood IN (N'happy', N'sad'))"]));
  });

  it("unnamed: VARCHAR(n) + CHECK on PostgreSQL too; createConstraint: false leaves the CHECK out", () => {
    const t = new Table("t", new MetaData(), new Column("id", Integer, { primaryKey: true, autoincrement: false }), new Column("s", Enum(["a", "bb"])), new Column("u", Enum(["x"], { createConstraint: false })));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "s VARCHAR(2)", "u VARCHAR(1)", "PRIMARY KEY (id)", "CHECK (s IN ('a', 'bb'))"]));
    expect(r.mysql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "s ENUM('a', 'bb')", "u ENUM('x')", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(r.postgresql);
    expect(r.mssql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "s NVARCHAR(2)", "u NVARCHAR(1)", "PRIMARY KEY (id)", "CHECK (s IN (N'a', N'bb'))"]));
  });

  it("CREATE TYPE / DROP TYPE on PostgreSQL (values escaped); a CompileError elsewhere", () => {
    const e = Enum(["it's", "b\\c"], { name: "Weird" });
    expect(sql(new CreateEnumType(e), "postgresql")).toBe(`CREATE TYPE "Weird" AS ENUM ('it''s', 'b\\c')`);
    expect(sql(new DropEnumType(e, { ifExists: true }), "postgresql")).toBe(`DROP TYPE IF EXISTS "Weird"`);
    for (const d of ["mysql", "sqlite", "mssql"] as const) {
      expect(() => sql(new CreateEnumType(e), d)).toThrow(CompileError);
      expect(() => sql(new DropEnumType(e), d)).toThrow(CompileError);
    }
    expect(() => new CreateEnumType(Enum(["a"]))).toThrow(/name/);
    expect(() => sql(new CreateTable(new Table("n", new MetaData(), new Column("e", Enum(["a\u0000"])))), "mysql")).toThrow(/NUL/);
  });

  it("createAll plan: CREATE TYPE once before the first table using it, DROP TYPE after the tables", () => {
    const md = new MetaData();
    const mood = Enum(["happy", "sad"], { name: "mood_t" });
    new Table("a", md, new Column("id", Integer, { primaryKey: true }), new Column("m", mood));
    new Table("b", md, new Column("id", Integer, { primaryKey: true }), new Column("m", mood));
    expect(createAllPlan(md, { dialect: "postgresql" }).map((e) => sql(e, "postgresql").split(" (")[0])).toEqual([
      "CREATE TYPE mood_t AS ENUM",
      "CREATE TABLE a",
      "CREATE TABLE b",
    ]);
    expect(dropAllPlan(md, { dialect: "postgresql" }).map((e) => sql(e, "postgresql"))).toEqual(["DROP TABLE b", "DROP TABLE a", "DROP TYPE mood_t"]);
    // an existing table using the type means the type exists; a table that stays keeps it
    expect(createAllPlan(md, { dialect: "postgresql", existing: new Set(["a"]) }).map((e) => sql(e, "postgresql").split(" (")[0])).toEqual(["CREATE TABLE b"]);
    expect(dropAllPlan(md, { dialect: "postgresql", tables: [md.getTable("b")!] }).map((e) => sql(e, "postgresql"))).toEqual(["DROP TABLE b"]);
    // no types on other dialects
    for (const d of ["mysql", "sqlite", "mssql"] as const) {
      expect(createAllPlan(md, { dialect: d }).map((e) => e.kind)).toEqual(["createTable", "createTable"]);
      expect(dropAllPlan(md, { dialect: d }).map((e) => e.kind)).toEqual(["dropTable", "dropTable"]);
    }
  });
});
