import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { all, ct } from "./helpers.js";

const { MetaData, Table, Column, Integer, ForeignKey, CreateTable, PrimaryKeyConstraint, UniqueConstraint, CheckConstraint, ForeignKeyConstraint } = sa;

describe("CREATE TABLE constraints", () => {
  it("composite named primary key, UNIQUE column and UniqueConstraint, named CHECK", () => {
    const md = new MetaData();
    const t = new Table("acct", md,
      new Column("a", Integer),
      new Column("b", Integer),
      new Column("email", sa.String(100), { unique: true, nullable: false }),
      PrimaryKeyConstraint("a", "b", { name: "pk_acct" }),
      UniqueConstraint("a", "email", { name: "uq_a_email" }),
      CheckConstraint("a >= 0", { name: "check_positive" }),
    );
    const r = all(new CreateTable(t));
    expect(r.postgresql).toBe(ct("CREATE TABLE acct", [
      "a INTEGER NOT NULL", "b INTEGER NOT NULL", "email VARCHAR(100) NOT NULL",
      "CONSTRAINT pk_acct PRIMARY KEY (a, b)", "UNIQUE (email)", "CONSTRAINT uq_a_email UNIQUE (a, email)", "CONSTRAINT check_positive CHECK (a >= 0)",
    ]));
    expect(r.mysql).toBe(ct("CREATE TABLE acct", [
      "a INTEGER NOT NULL", "b INTEGER NOT NULL", "email VARCHAR(100) NOT NULL",
      "CONSTRAINT pk_acct PRIMARY KEY (a, b)", "UNIQUE (email)", "CONSTRAINT uq_a_email UNIQUE (a, email)", "CONSTRAINT check_positive CHECK (a >= 0)",
    ]));
    expect(r.sqlite).toBe(r.postgresql);
    expect(r.mssql).toBe(ct("CREATE TABLE acct", [
      "a INTEGER NOT NULL", "b INTEGER NOT NULL", "email NVARCHAR(100) NOT NULL",
      "CONSTRAINT pk_acct PRIMARY KEY (a, b)", "UNIQUE (email)", "CONSTRAINT uq_a_email UNIQUE (a, email)", "CONSTRAINT check_positive CHECK (a >= 0)",
    ]));
  });

  it("column ForeignKey with ondelete/onupdate and a composite ForeignKeyConstraint, quoted names", () => {
    const md = new MetaData();
    new Table("parent", md, new Column("x", Integer, { primaryKey: true }), new Column("y", Integer, { primaryKey: true }));
    new Table("orgs", md, new Column("id", Integer, { primaryKey: true }));
    const child = new Table("child", md,
      new Column("id", Integer, { primaryKey: true }),
      new Column("org_id", Integer, ForeignKey("orgs.id", { ondelete: "CASCADE", onupdate: "SET NULL", name: "fk_org" })),
      new Column("px", Integer), new Column("py", Integer), new Column("order", Integer),
      ForeignKeyConstraint(["px", "py"], ["parent.x", "parent.y"], { ondelete: "RESTRICT" }),
    );
    const r = all(new CreateTable(child));
    const lines = (q: (s: string) => string, serial: string) => [
      `id ${serial}`, "org_id INTEGER", "px INTEGER", "py INTEGER", `${q("order")} INTEGER`, "PRIMARY KEY (id)",
      "FOREIGN KEY(px, py) REFERENCES parent (x, y) ON DELETE RESTRICT",
      "CONSTRAINT fk_org FOREIGN KEY(org_id) REFERENCES orgs (id) ON DELETE CASCADE ON UPDATE SET NULL",
    ];
    expect(r.postgresql).toBe(ct("CREATE TABLE child", lines((s) => `"${s}"`, "SERIAL NOT NULL")));
    expect(r.mysql).toBe(ct("CREATE TABLE child", lines((s) => `\`${s}\``, "INTEGER NOT NULL AUTO_INCREMENT")));
    expect(r.sqlite).toBe(ct("CREATE TABLE child", lines((s) => `"${s}"`, "INTEGER NOT NULL")));
    expect(r.mssql).toBe(ct("CREATE TABLE child", lines((s) => `[${s}]`, "INTEGER NOT NULL IDENTITY")));
  });

  it("column comment: inline on MySQL only (COMMENT ON is not emitted elsewhere), table comment on MySQL", () => {
    const md = new MetaData();
    const t = new Table("notes", md, new Column("id", Integer, { primaryKey: true, autoincrement: false }), new Column("body", sa.Text, { comment: "the body" }), { comment: "notes table" });
    const r = all(new CreateTable(t));
    expect(r.mysql).toBe(ct("CREATE TABLE notes", ["id INTEGER NOT NULL", "body TEXT COMMENT 'the body'", "PRIMARY KEY (id)"], " COMMENT='notes table'"));
    expect(r.postgresql).toBe(ct("CREATE TABLE notes", ["id INTEGER NOT NULL", "body TEXT", "PRIMARY KEY (id)"]));
    expect(r.sqlite).toBe(r.postgresql);
    expect(r.mssql).toBe(ct("CREATE TABLE notes", ["id INTEGER NOT NULL", "body NVARCHAR(max)", "PRIMARY KEY (id)"]));
  });

  it("schema-qualified table and IF NOT EXISTS", () => {
    const md = new MetaData();
    const t = new Table("t", md, new Column("id", Integer, { primaryKey: true, autoincrement: false }), { schema: "app" });
    expect(new CreateTable(t, { ifNotExists: true }).compile({ dialect: "postgresql" }).sql).toBe(ct("CREATE TABLE IF NOT EXISTS app.t", ["id INTEGER NOT NULL", "PRIMARY KEY (id)"]));
    expect(new CreateTable(t).compile({ dialect: "mssql" }).sql).toBe(ct("CREATE TABLE app.t", ["id INTEGER NOT NULL", "PRIMARY KEY (id)"]));
  });
});
