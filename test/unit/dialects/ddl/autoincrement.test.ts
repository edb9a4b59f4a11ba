import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { all, ct } from "./helpers.js";

const { MetaData, Table, Column, Integer, BigInteger, CreateTable } = sa;

describe("autoincrement", () => {
  it("integer primary key: SERIAL / AUTO_INCREMENT / INTEGER rowid alias / IDENTITY", () => {
    const t = new Table("t", new MetaData(), new Column("id", Integer, { primaryKey: true }));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE t", ["id SERIAL NOT NULL", "PRIMARY KEY (id)"]));
    expect(r.mysql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL AUTO_INCREMENT", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "PRIMARY KEY (id)"]));
    expect(r.mssql).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL IDENTITY", "PRIMARY KEY (id)"]));
  });

  it("bigint primary key: BIGSERIAL, and INTEGER on SQLite (only INTEGER is the rowid alias)", () => {
    const t = new Table("t", new MetaData(), new Column("id", BigInteger, { primaryKey: true }));
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE t", ["id BIGSERIAL NOT NULL", "PRIMARY KEY (id)"]));
    expect(r.mysql).toBe(ct("CREATE TABLE t", ["id BIGINT NOT NULL AUTO_INCREMENT", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(ct("CREATE TABLE t", ["id INTEGER NOT NULL", "PRIMARY KEY (id)"]));
    expect(r.mssql).toBe(ct("CREATE TABLE t", ["id BIGINT NOT NULL IDENTITY", "PRIMARY KEY (id)"]));
  });

  it("no autoincrement for composite keys, autoincrement: false, or a foreign-key column", () => {
    const md = new MetaData();
    new Table("p", md, new Column("id", Integer, { primaryKey: true }));
    const t = new Table("t", md, new Column("a", Integer, { primaryKey: true }), new Column("b", Integer, { primaryKey: true }));
    const u = new Table("u", md, new Column("id", Integer, { primaryKey: true, autoincrement: false }));
    const v = new Table("v", md, new Column("id", Integer, sa.ForeignKey("p.id"), { primaryKey: true }));
    for (const d of ["postgresql", "mysql", "sqlite", "mssql"] as const) {
      expect(new CreateTable(t).compile({ dialect: d }).sql).toBe(ct("CREATE TABLE t", ["a INTEGER NOT NULL", "b INTEGER NOT NULL", "PRIMARY KEY (a, b)"]));
      expect(new CreateTable(u).compile({ dialect: d }).sql).toBe(ct("CREATE TABLE u", ["id INTEGER NOT NULL", "PRIMARY KEY (id)"]));
      expect(new CreateTable(v).compile({ dialect: d }).sql).toBe(ct("CREATE TABLE v", ["id INTEGER NOT NULL", "PRIMARY KEY (id)", "FOREIGN KEY(id) REFERENCES p (id)"]));
    }
  });
});
