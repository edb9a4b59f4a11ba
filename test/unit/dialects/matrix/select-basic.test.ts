import { describe, it } from "vitest";
import { and, cast, not, or, select, Integer } from "../../../../src/index.js";
import * as sa from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

const c = users.c;

describe("select: columns and WHERE", () => {
  it("quotes the camelCase columns only", () => {
    testSql(select(c.id, c.name, c.isActive, c.loginCount), {
      postgresql: { sql: 'SELECT users.id, users.name, users."isActive", users."loginCount" FROM users' },
      mysql: { sql: "SELECT users.id, users.name, users.`isActive`, users.`loginCount` FROM users" },
      sqlite: { sql: 'SELECT users.id, users.name, users."isActive", users."loginCount" FROM users' },
      mssql: { sql: "SELECT users.id, users.name, users.[isActive], users.[loginCount] FROM users" },
    });
  });

  it("and / or / not with parentheses where OR sits inside AND", () => {
    testSql(select(c.id).where(and(c.id.eq(1), or(c.name.eq("a"), not(c.email.isNull())))), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id = $1 AND (users.name = $2 OR users.email IS NOT NULL)", params: [1, "a"] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id = ? AND (users.name = ? OR users.email IS NOT NULL)", params: [1, "a"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id = ? AND (users.name = ? OR users.email IS NOT NULL)", params: [1, "a"] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.id = @p1 AND (users.name = @p2 OR users.email IS NOT NULL)", params: [1, "a"] },
    });
  });

  it("every comparison operator (eq ne lt le gt ge)", () => {
    const w = "users.id = X AND users.id <> X AND users.id < X AND users.id <= X AND users.id > X AND users.id >= X";
    const stmt = select(c.id).where(c.id.eq(0), c.id.ne(1), c.id.lt(2), c.id.le(3), c.id.gt(4), c.id.ge(5));
    let n = 0;
    const params = [0, 1, 2, 3, 4, 5];
    testSql(stmt, {
      postgresql: { sql: "SELECT users.id FROM users WHERE " + w.replace(/X/g, () => "$" + ++n), params },
      mysql: { sql: "SELECT users.id FROM users WHERE " + w.replace(/X/g, "?"), params },
      sqlite: { sql: "SELECT users.id FROM users WHERE " + w.replace(/X/g, "?"), params },
      mssql: { sql: "SELECT users.id FROM users WHERE " + w.replace(/X/g, (() => { let m = 0; return () => "@p" + ++m; })()), params },
    });
  });

  it("eq(null) / ne(null) become IS NULL / IS NOT NULL", () => {
    testSql(select(c.id).where(c.email.eq(null), c.email.ne(null)), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.email IS NULL AND users.email IS NOT NULL" },
      mysql: { sql: "SELECT users.id FROM users WHERE users.email IS NULL AND users.email IS NOT NULL" },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.email IS NULL AND users.email IS NOT NULL" },
      mssql: { sql: "SELECT users.id FROM users WHERE users.email IS NULL AND users.email IS NOT NULL" },
    });
  });

  it("is / isNot / isNull / isNotNull", () => {
    const w = "users.email IS NULL AND users.email IS NOT NULL AND users.email IS NULL AND users.email IS NOT NULL";
    testSql(select(c.id).where(c.email.is(null), c.email.isNot(null), c.email.isNull(), c.email.isNotNull()), {
      postgresql: { sql: `SELECT users.id FROM users WHERE ${w}` },
      mysql: { sql: `SELECT users.id FROM users WHERE ${w}` },
      sqlite: { sql: `SELECT users.id FROM users WHERE ${w}` },
      mssql: { sql: `SELECT users.id FROM users WHERE ${w}` },
    });
  });

  it("is(true) / isNot(false) render keywords, never a bound value after IS", () => {
    testSql(select(c.id).where(c.isActive.is(true), c.isActive.isNot(false)), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."isActive" IS true AND users."isActive" IS NOT false' },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`isActive` IS true AND users.`isActive` IS NOT false" },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."isActive" IS 1 AND users."isActive" IS NOT 0' },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[isActive] = 1 AND (users.[isActive] IS NULL OR users.[isActive] <> 0)" },
    });
  });

  it("between / notBetween", () => {
    testSql(select(c.id).where(c.id.between(1, 10), c.id.notBetween(3, 4)), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id BETWEEN $1 AND $2 AND users.id NOT BETWEEN $3 AND $4", params: [1, 10, 3, 4] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id BETWEEN ? AND ? AND users.id NOT BETWEEN ? AND ?", params: [1, 10, 3, 4] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id BETWEEN ? AND ? AND users.id NOT BETWEEN ? AND ?", params: [1, 10, 3, 4] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.id BETWEEN @p1 AND @p2 AND users.id NOT BETWEEN @p3 AND @p4", params: [1, 10, 3, 4] },
    });
  });
});

describe("select: IN", () => {
  it("in / notIn with values: one placeholder per value", () => {
    testSql(select(c.id).where(c.id.in([1, 2, 3]), c.name.notIn(["x"])), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id IN ($1, $2, $3) AND users.name NOT IN ($4)", params: [1, 2, 3, "x"] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id IN (?, ?, ?) AND users.name NOT IN (?)", params: [1, 2, 3, "x"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id IN (?, ?, ?) AND users.name NOT IN (?)", params: [1, 2, 3, "x"] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.id IN (@p1, @p2, @p3) AND users.name NOT IN (@p4)", params: [1, 2, 3, "x"] },
    });
  });

  it("an empty in() is always false and never renders IN ()", () => {
    const sql = "SELECT users.id FROM users WHERE 1 != 1";
    testSql(select(c.id).where(c.id.in([])), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("an empty notIn() is always true", () => {
    const sql = "SELECT users.id FROM users WHERE users.id > $1 AND 1 = 1";
    testSql(select(c.id).where(c.id.gt(0), c.id.notIn([])), {
      postgresql: { sql, params: [0] },
      mysql: { sql: sql.replace("$1", "?"), params: [0] },
      sqlite: { sql: sql.replace("$1", "?"), params: [0] },
      mssql: { sql: sql.replace("$1", "@p1"), params: [0] },
    });
  });

  it("in(subquery) keeps the subquery's own parameters in order", () => {
    testSql(select(c.id).where(c.id.in(select(posts.c.user_id).where(posts.c.score.gt(3))), c.name.ne("z")), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts WHERE posts.score > $1) AND users.name <> $2", params: [3, "z"] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts WHERE posts.score > ?) AND users.name <> ?", params: [3, "z"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts WHERE posts.score > ?) AND users.name <> ?", params: [3, "z"] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts WHERE posts.score > @p1) AND users.name <> @p2", params: [3, "z"] },
    });
  });
});

describe("select: LIKE", () => {
  it("like / notLike", () => {
    testSql(select(c.id).where(c.name.like("a%"), c.name.notLike("b%")), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.name LIKE $1 AND users.name NOT LIKE $2", params: ["a%", "b%"] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.name LIKE ? AND users.name NOT LIKE ?", params: ["a%", "b%"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.name LIKE ? AND users.name NOT LIKE ?", params: ["a%", "b%"] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.name LIKE @p1 AND users.name NOT LIKE @p2", params: ["a%", "b%"] },
    });
  });

  it("ilike is native on PostgreSQL and lower() LIKE lower() elsewhere", () => {
    testSql(select(c.id).where(c.email.ilike("%@EX.COM")), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.email ILIKE $1", params: ["%@EX.COM"] },
      mysql: { sql: "SELECT users.id FROM users WHERE lower(users.email) LIKE lower(?)", params: ["%@EX.COM"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE lower(users.email) LIKE lower(?)", params: ["%@EX.COM"] },
      mssql: { sql: "SELECT users.id FROM users WHERE lower(users.email) LIKE lower(@p1)", params: ["%@EX.COM"] },
    });
  });

  it("notIlike", () => {
    testSql(select(c.id).where(c.email.notIlike("x%")), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.email NOT ILIKE $1", params: ["x%"] },
      mysql: { sql: "SELECT users.id FROM users WHERE lower(users.email) NOT LIKE lower(?)", params: ["x%"] },
      sqlite: { sql: "SELECT users.id FROM users WHERE lower(users.email) NOT LIKE lower(?)", params: ["x%"] },
      mssql: { sql: "SELECT users.id FROM users WHERE lower(users.email) NOT LIKE lower(@p1)", params: ["x%"] },
    });
  });

  it("startsWith / endsWith / contains autoescape %, _ and / with ESCAPE '/'", () => {
    const stmt = select(c.id).where(c.name.startsWith("a_b"), c.name.endsWith("50%"), c.name.contains("x/y"));
    const params = ["a/_b%", "%50/%", "%x//y%"];
    const w = (p: () => string, esc: string) => `SELECT users.id FROM users WHERE users.name LIKE ${p()} ESCAPE ${esc} AND users.name LIKE ${p()} ESCAPE ${esc} AND users.name LIKE ${p()} ESCAPE ${esc}`;
    const counter = (prefix: string) => { let n = 0; return () => prefix + ++n; };
    testSql(stmt, {
      postgresql: { sql: w(counter("$"), "'/'"), params },
      mysql: { sql: w(() => "?", "'/'"), params },
      sqlite: { sql: w(() => "?", "'/'"), params },
      mssql: { sql: w(counter("@p"), "N'/'"), params },
    });
  });
});

describe("select: expressions", () => {
  it("arithmetic plus / minus / times / div, parenthesised by precedence", () => {
    const cols = (lc: string, p: () => string) =>
      `SELECT ${lc} + ${p()} AS anon_1, ${lc} - ${p()} AS anon_2, ${lc} * ${p()} AS anon_3, ${lc} / ${p()} AS anon_4, (${lc} + ${p()}) * ${p()} AS anon_5 FROM users`;
    const counter = (prefix: string) => { let n = 0; return () => prefix + ++n; };
    const params = [1, 2, 3, 4, 1, 2];
    testSql(select(c.loginCount.plus(1), c.loginCount.minus(2), c.loginCount.times(3), c.loginCount.div(4), c.loginCount.plus(1).times(2)), {
      postgresql: { sql: cols('users."loginCount"', counter("$")), params },
      mysql: { sql: cols("users.`loginCount`", () => "?"), params },
      sqlite: { sql: cols('users."loginCount"', () => "?"), params },
      mssql: { sql: cols("users.[loginCount]", counter("@p")), params },
    });
  });

  it("minus binds tighter on the right: a - (b - c)", () => {
    testSql(select(c.id).where(c.loginCount.minus(c.id.minus(1)).gt(0)), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."loginCount" - (users.id - $1) > $2', params: [1, 0] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`loginCount` - (users.id - ?) > ?", params: [1, 0] },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."loginCount" - (users.id - ?) > ?', params: [1, 0] },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[loginCount] - (users.id - @p1) > @p2", params: [1, 0] },
    });
  });

  it("concat: || / concat() / +", () => {
    testSql(select(c.name.concat(" <").concat(c.email)), {
      postgresql: { sql: "SELECT users.name || $1 || users.email AS anon_1 FROM users", params: [" <"] },
      mysql: { sql: "SELECT concat(concat(users.name, ?), users.email) AS anon_1 FROM users", params: [" <"] },
      sqlite: { sql: "SELECT users.name || ? || users.email AS anon_1 FROM users", params: [" <"] },
      mssql: { sql: "SELECT users.name + @p1 + users.email AS anon_1 FROM users", params: [" <"] },
    });
  });

  it("distinct", () => {
    const sql = "SELECT DISTINCT users.name FROM users";
    testSql(select(c.name).distinct(), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("distinct(on) is PostgreSQL only", () => {
    testSql(select(c.org_id, c.name).distinct(c.org_id), {
      postgresql: { sql: "SELECT DISTINCT ON (users.org_id) users.org_id, users.name FROM users" },
      mysql: NOT_SUPPORTED(/has no DISTINCT ON/),
      sqlite: NOT_SUPPORTED(/has no DISTINCT ON/),
      mssql: NOT_SUPPORTED(/has no DISTINCT ON/),
    });
  });

  it("label, quoted when not a plain lower-case name", () => {
    testSql(select(c.name.label("userName"), c.id.label("uid")), {
      postgresql: { sql: 'SELECT users.name AS "userName", users.id AS uid FROM users' },
      mysql: { sql: "SELECT users.name AS `userName`, users.id AS uid FROM users" },
      sqlite: { sql: 'SELECT users.name AS "userName", users.id AS uid FROM users' },
      mssql: { sql: "SELECT users.name AS [userName], users.id AS uid FROM users" },
    });
  });

  it("cast uses each dialect's CAST target type", () => {
    testSql(select(cast(c.name, Integer).label("n")), {
      postgresql: { sql: "SELECT CAST(users.name AS INTEGER) AS n FROM users" },
      mysql: { sql: "SELECT CAST(users.name AS SIGNED INTEGER) AS n FROM users" },
      sqlite: { sql: "SELECT CAST(users.name AS INTEGER) AS n FROM users" },
      mssql: { sql: "SELECT CAST(users.name AS INTEGER) AS n FROM users" },
    });
  });

  it("cast to a string type", () => {
    testSql(select(cast(c.loginCount, sa.String(10)).label("s")), {
      postgresql: { sql: 'SELECT CAST(users."loginCount" AS VARCHAR(10)) AS s FROM users' },
      mysql: { sql: "SELECT CAST(users.`loginCount` AS CHAR(10)) AS s FROM users" },
      sqlite: { sql: 'SELECT CAST(users."loginCount" AS TEXT) AS s FROM users' },
      mssql: { sql: "SELECT CAST(users.[loginCount] AS NVARCHAR(10)) AS s FROM users" },
    });
  });
});

describe("select: ORDER BY, LIMIT, OFFSET", () => {
  it("asc / desc", () => {
    const sql = "SELECT users.id FROM users ORDER BY users.name ASC, users.id DESC";
    testSql(select(c.id).orderBy(c.name.asc(), c.id.desc()), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("nullsFirst / nullsLast: PostgreSQL and SQLite only", () => {
    const sql = "SELECT users.id FROM users ORDER BY users.email NULLS FIRST, users.name NULLS LAST";
    testSql(select(c.id).orderBy(c.email.nullsFirst(), c.name.nullsLast()), {
      postgresql: { sql },
      mysql: NOT_SUPPORTED(/mysql has no NULLS FIRST; order by a CASE/),
      sqlite: { sql },
      mssql: NOT_SUPPORTED(/mssql has no NULLS FIRST/),
    });
  });

  it("limit and offset are bound values; MSSQL uses OFFSET ... FETCH with an ORDER BY", () => {
    testSql(select(c.id).limit(10).offset(20), {
      postgresql: { sql: "SELECT users.id FROM users LIMIT $1 OFFSET $2", params: [10, 20] },
      mysql: { sql: "SELECT users.id FROM users LIMIT ? OFFSET ?", params: [10, 20] },
      sqlite: { sql: "SELECT users.id FROM users LIMIT ? OFFSET ?", params: [10, 20] },
      mssql: { sql: "SELECT users.id FROM users ORDER BY (SELECT NULL) OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY", params: [20, 10] },
    });
  });

  it("limit only: TOP on MSSQL", () => {
    testSql(select(c.id).where(c.id.gt(5)).limit(10), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id > $1 LIMIT $2", params: [5, 10] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id > ? LIMIT ?", params: [5, 10] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id > ? LIMIT ?", params: [5, 10] },
      mssql: { sql: "SELECT TOP (@p1) users.id FROM users WHERE users.id > @p2", params: [10, 5] },
    });
  });

  it("offset only: each dialect's 'no limit'", () => {
    testSql(select(c.id).orderBy(c.id).offset(20), {
      postgresql: { sql: "SELECT users.id FROM users ORDER BY users.id OFFSET $1", params: [20] },
      mysql: { sql: "SELECT users.id FROM users ORDER BY users.id LIMIT 18446744073709551615 OFFSET ?", params: [20] },
      sqlite: { sql: "SELECT users.id FROM users ORDER BY users.id LIMIT -1 OFFSET ?", params: [20] },
      mssql: { sql: "SELECT users.id FROM users ORDER BY users.id OFFSET @p1 ROWS", params: [20] },
    });
  });

  it("limit(0) is kept (not dropped as falsy)", () => {
    testSql(select(c.id).limit(0), {
      postgresql: { sql: "SELECT users.id FROM users LIMIT $1", params: [0] },
      mysql: { sql: "SELECT users.id FROM users LIMIT ?", params: [0] },
      sqlite: { sql: "SELECT users.id FROM users LIMIT ?", params: [0] },
      mssql: { sql: "SELECT TOP (@p1) users.id FROM users", params: [0] },
    });
  });
});
