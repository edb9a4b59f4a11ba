import { describe, it } from "vitest";
import { and, exists, false_, not, or, select, true_ } from "../../../../src/index.js";
import { testSql } from "../../support/test-sql.js";
import { users } from "../../support/fixtures.js";

const c = users.c;

describe("booleans", () => {
  it("a bare boolean column in WHERE: `= 1` on MSSQL", () => {
    testSql(select(c.id).where(c.isActive), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."isActive"' },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`isActive`" },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."isActive"' },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[isActive] = 1" },
    });
  });

  it("not(col)", () => {
    testSql(select(c.id).where(not(c.isActive)), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE NOT users."isActive"' },
      mysql: { sql: "SELECT users.id FROM users WHERE NOT users.`isActive`" },
      sqlite: { sql: 'SELECT users.id FROM users WHERE NOT users."isActive"' },
      mssql: { sql: "SELECT users.id FROM users WHERE NOT users.[isActive] = 1" },
    });
  });

  it("bare booleans inside and / or", () => {
    testSql(select(c.id).where(or(and(c.isActive, c.id.gt(1)), not(c.isActive))), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."isActive" AND users.id > $1 OR NOT users."isActive"', params: [1] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`isActive` AND users.id > ? OR NOT users.`isActive`", params: [1] },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."isActive" AND users.id > ? OR NOT users."isActive"', params: [1] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[isActive] = 1 AND users.id > @p1 OR NOT users.[isActive] = 1", params: [1] },
    });
  });

  it("true / false literals in WHERE", () => {
    testSql(select(c.id).where(true_()), {
      postgresql: { sql: "SELECT users.id FROM users WHERE true" },
      mysql: { sql: "SELECT users.id FROM users WHERE 1" },
      sqlite: { sql: "SELECT users.id FROM users WHERE 1" },
      mssql: { sql: "SELECT users.id FROM users WHERE 1 = 1" },
    });
    testSql(select(c.id).where(false_()), {
      postgresql: { sql: "SELECT users.id FROM users WHERE false" },
      mysql: { sql: "SELECT users.id FROM users WHERE 0" },
      sqlite: { sql: "SELECT users.id FROM users WHERE 0" },
      mssql: { sql: "SELECT users.id FROM users WHERE 1 = 0" },
    });
  });

  it("true / false literals as values", () => {
    const e = { sql: "SELECT 1 AS anon_1, 0 AS anon_2" };
    testSql(select(true_(), false_()), { postgresql: { sql: "SELECT true AS anon_1, false AS anon_2" }, mysql: e, sqlite: e, mssql: e });
  });

  it("a bound boolean is converted by the type: true on PostgreSQL, 1 elsewhere", () => {
    testSql(select(c.id).where(c.isActive.eq(true)), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."isActive" = $1', params: [true] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`isActive` = ?", params: [1] },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."isActive" = ?', params: [1] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[isActive] = @p1", params: [1] },
    });
  });

  it("a selected boolean column is not compared", () => {
    testSql(select(c.isActive), {
      postgresql: { sql: 'SELECT users."isActive" FROM users' },
      mysql: { sql: "SELECT users.`isActive` FROM users" },
      sqlite: { sql: 'SELECT users."isActive" FROM users' },
      mssql: { sql: "SELECT users.[isActive] FROM users" },
    });
  });

  it("a labelled comparison in the select list: CASE WHEN on MSSQL", () => {
    testSql(select(c.id.gt(1).label("big")), {
      postgresql: { sql: "SELECT users.id > $1 AS big FROM users", params: [1] },
      mysql: { sql: "SELECT users.id > ? AS big FROM users", params: [1] },
      sqlite: { sql: "SELECT users.id > ? AS big FROM users", params: [1] },
      mssql: { sql: "SELECT CASE WHEN users.id > @p1 THEN 1 ELSE 0 END AS big FROM users", params: [1] },
    });
  });

  it("NOT EXISTS in the select list: CASE WHEN on MSSQL", () => {
    testSql(select(not(exists().where(c.id.eq(1)))), {
      postgresql: { sql: "SELECT NOT EXISTS (SELECT * FROM users WHERE users.id = $1) AS anon_1", params: [1] },
      mysql: { sql: "SELECT NOT EXISTS (SELECT * FROM users WHERE users.id = ?) AS anon_1", params: [1] },
      sqlite: { sql: "SELECT NOT EXISTS (SELECT * FROM users WHERE users.id = ?) AS anon_1", params: [1] },
      mssql: { sql: "SELECT CASE WHEN NOT EXISTS (SELECT * FROM users WHERE users.id = @p1) THEN 1 ELSE 0 END AS anon_1", params: [1] },
    });
  });
});
