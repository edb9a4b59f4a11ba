import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { createAllPlan } from "../../../../src/sql/ddl/schema-plan.js";
import { all, ct, sql } from "./helpers.js";

const { MetaData, Table, Column, Integer, CreateTable, CreateIndex, DropIndex, Index } = sa;

function users() {
  const md = new MetaData();
  const t = new Table("users", md,
    new Column("id", Integer, { primaryKey: true, autoincrement: false }),
    new Column("username", sa.String(50), { unique: true, index: true }),
    new Column("email", sa.String(100), { index: true }),
    Index("idx_username_email", "username", "email", { unique: true }),
    Index("idx_email", "email"),
  );
  return { md, t };
}

describe("indexes", () => {
  it("CREATE [UNIQUE] INDEX, multi-column", () => {
    const { t } = users();
    const [u, plain] = t.indexes;
    expect(all(new CreateIndex(u!))).toEqual({
      postgresql: "CREATE UNIQUE INDEX idx_username_email ON users (username, email)",
      mysql: "CREATE UNIQUE INDEX idx_username_email ON users (username, email)",
      sqlite: "CREATE UNIQUE INDEX idx_username_email ON users (username, email)",
      mssql: "CREATE UNIQUE INDEX idx_username_email ON users (username, email)",
    });
    expect(sql(new CreateIndex(plain!, { ifNotExists: true }), "sqlite")).toBe("CREATE INDEX IF NOT EXISTS idx_email ON users (email)");
  });

  it("DROP INDEX: ON table on MySQL and MSSQL, schema-qualified on PostgreSQL", () => {
    const { t } = users();
    expect(all(new DropIndex(t.indexes[1]!))).toEqual({
      postgresql: "DROP INDEX idx_email",
      mysql: "DROP INDEX idx_email ON users",
      sqlite: "DROP INDEX idx_email",
      mssql: "DROP INDEX idx_email ON users",
    });
    const s = new Table("s", new MetaData(), new Column("a", Integer), Index("ix_a", "a"), { schema: "app" });
    expect(sql(new DropIndex(s.indexes[0]!, { ifExists: true }), "postgresql")).toBe("DROP INDEX IF EXISTS app.ix_a");
    expect(sql(new DropIndex(s.indexes[0]!), "mssql")).toBe("DROP INDEX ix_a ON app.s");
  });

  it("index: true makes ix_<table>_<column>; with unique: true a UNIQUE INDEX instead of a UNIQUE constraint", () => {
    const { md, t } = users();
    expect(sql(new CreateTable(t), "postgresql")).toBe(ct("CREATE TABLE users", ["id INTEGER NOT NULL", "username VARCHAR(50)", "email VARCHAR(100)", "PRIMARY KEY (id)"]));
    for (const d of ["postgresql", "mysql", "sqlite", "mssql"] as const) {
      expect(createAllPlan(md, { dialect: d }).slice(1).map((e) => sql(e, d))).toEqual([
        "CREATE UNIQUE INDEX idx_username_email ON users (username, email)",
        "CREATE INDEX idx_email ON users (email)",
        "CREATE UNIQUE INDEX ix_users_username ON users (username)",
        "CREATE INDEX ix_users_email ON users (email)",
      ]);
    }
  });
});
