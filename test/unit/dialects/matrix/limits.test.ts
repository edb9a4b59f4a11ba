import { describe, it } from "vitest";
import { insert, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { users } from "../../support/fixtures.js";

describe("statement size limits", () => {
  it("MSSQL takes at most 1000 rows in one INSERT ... VALUES", () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ id: i }));
    const stmt = insert(users).values(rows);
    const values = rows.map(() => "(X)").join(", ");
    const n = (prefix: string) => { let i = 0; return () => prefix + ++i; };
    const params = rows.map((r) => r.id);
    testSql(stmt, {
      postgresql: { sql: `INSERT INTO users (id) VALUES ${values.replace(/X/g, n("$"))}`, params },
      mysql: { sql: `INSERT INTO users (id) VALUES ${values.replace(/X/g, "?")}`, params },
      sqlite: { sql: `INSERT INTO users (id) VALUES ${values.replace(/X/g, "?")}`, params },
      mssql: NOT_SUPPORTED(/mssql accepts at most 1000 rows in one INSERT/),
    });
  });

  it("more bound parameters than the server accepts is a CompileError, not a server error", () => {
    const ids = Array.from({ length: 2100 }, (_, i) => i);
    const stmt = select(users.c.id).where(users.c.id.in(ids));
    const n = (prefix: string) => { let i = 0; return () => prefix + ++i; };
    const list = ids.map(() => "X").join(", ");
    testSql(stmt, {
      postgresql: { sql: `SELECT users.id FROM users WHERE users.id IN (${list.replace(/X/g, n("$"))})`, params: ids },
      mysql: { sql: `SELECT users.id FROM users WHERE users.id IN (${list.replace(/X/g, "?")})`, params: ids },
      sqlite: { sql: `SELECT users.id FROM users WHERE users.id IN (${list.replace(/X/g, "?")})`, params: ids },
      mssql: NOT_SUPPORTED(/mssql accepts at most 2099 bound parameters in one statement, this one has 2100/),
    });
  });

  it("SQLite's limit is 32766 parameters", () => {
    const ids = Array.from({ length: 32767 }, (_, i) => i);
    const stmt = select(users.c.id).where(users.c.id.in(ids));
    testSql({ compile: (o: { dialect: string }) => stmt.compile(o) }, {
      postgresql: { sql: `SELECT users.id FROM users WHERE users.id IN (${ids.map((i) => "$" + (i + 1)).join(", ")})`, params: ids },
      mysql: { sql: `SELECT users.id FROM users WHERE users.id IN (${ids.map(() => "?").join(", ")})`, params: ids },
      sqlite: NOT_SUPPORTED(/sqlite accepts at most 32766 bound parameters/),
      mssql: NOT_SUPPORTED(/mssql accepts at most 2099 bound parameters/),
    });
  });
});
