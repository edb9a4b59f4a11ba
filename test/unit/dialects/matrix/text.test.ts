import { describe, expect, it } from "vitest";
import { bindparam, select, text } from "../../../../src/index.js";
import { DIALECTS, testSql } from "../../support/test-sql.js";
import { users } from "../../support/fixtures.js";

describe("text()", () => {
  it(":name params become each driver's placeholders", () => {
    testSql(text("SELECT * FROM users WHERE name = :name AND id > :id").bindparams({ name: "a", id: 3 }), {
      postgresql: { sql: "SELECT * FROM users WHERE name = $1 AND id > $2", params: ["a", 3] },
      mysql: { sql: "SELECT * FROM users WHERE name = ? AND id > ?", params: ["a", 3] },
      sqlite: { sql: "SELECT * FROM users WHERE name = ? AND id > ?", params: ["a", 3] },
      mssql: { sql: "SELECT * FROM users WHERE name = @p1 AND id > @p2", params: ["a", 3] },
    });
  });

  it("`::` casts are left untouched", () => {
    const s = "SELECT x::int, y::text FROM t WHERE a = ";
    testSql(text("SELECT x::int, y::text FROM t WHERE a = :a").bindparams({ a: 1 }), {
      postgresql: { sql: s + "$1", params: [1] },
      mysql: { sql: s + "?", params: [1] },
      sqlite: { sql: s + "?", params: [1] },
      mssql: { sql: s + "@p1", params: [1] },
    });
  });

  it("params inside quotes, quoted identifiers, comments and dollar-quotes are untouched", () => {
    const body = "SELECT ':no', \"col:x\", $$ :dq $$, $tag$ :t2 $tag$ -- :c1\n FROM t /* :c2 */ WHERE a = ";
    testSql(text(body + ":a").bindparams({ a: 1 }), {
      postgresql: { sql: body + "$1", params: [1] },
      mysql: { sql: body + "?", params: [1] },
      sqlite: { sql: body + "?", params: [1] },
      mssql: { sql: body + "@p1", params: [1] },
    });
  });

  it("a repeated name binds once per occurrence", () => {
    testSql(text("SELECT :a, :a").bindparams({ a: 7 }), {
      postgresql: { sql: "SELECT $1, $2", params: [7, 7] },
      mysql: { sql: "SELECT ?, ?", params: [7, 7] },
      sqlite: { sql: "SELECT ?, ?", params: [7, 7] },
      mssql: { sql: "SELECT @p1, @p2", params: [7, 7] },
    });
  });

  it("an unbound :name is a placeholder keyed by its name", () => {
    for (const dialect of DIALECTS) {
      const c = text("SELECT * FROM t WHERE a = :a AND b = 1").compile({ dialect });
      expect(c.paramKeys).toEqual(["a"]);
      expect(c.sql).not.toContain(":a");
    }
  });

  it("bindparam('x') without a value: a placeholder whose paramKeys entry is 'x'", () => {
    const stmt = select(users.c.id).where(users.c.name.eq(bindparam("x")));
    testSql(stmt, {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.name = $1", params: [undefined] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.name = ?", params: [undefined] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.name = ?", params: [undefined] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.name = @p1", params: [undefined] },
    });
    for (const dialect of DIALECTS) expect(stmt.compile({ dialect }).paramKeys).toEqual(["x"]);
  });

  it("bindparam with a value binds it; anonymous values have a null key", () => {
    const stmt = select(users.c.id).where(users.c.name.eq(bindparam("x", "v")), users.c.id.gt(2));
    testSql(stmt, {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.name = $1 AND users.id > $2", params: ["v", 2] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.name = ? AND users.id > ?", params: ["v", 2] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.name = ? AND users.id > ?", params: ["v", 2] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.name = @p1 AND users.id > @p2", params: ["v", 2] },
    });
    expect(stmt.compile({ dialect: "postgresql" }).paramKeys).toEqual(["x", null]);
  });

  it("the generic rendering keeps :names", () => {
    expect(String(text("SELECT * FROM users WHERE name = :name").bindparams({ name: "a" }))).toBe("SELECT * FROM users WHERE name = :name");
  });
});
