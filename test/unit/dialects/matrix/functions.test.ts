import { describe, it } from "vitest";
import { case_, func, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { users } from "../../support/fixtures.js";

describe("functions", () => {
  it("func.count() is count(*)", () => {
    const sql = "SELECT count(*) AS count_1 FROM users";
    testSql(select(func.count()).selectFrom(users), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("func.count(col.distinct())", () => {
    const sql = "SELECT count(DISTINCT users.email) AS count_1 FROM users";
    testSql(select(func.count(users.c.email.distinct())), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("func.now() per dialect", () => {
    testSql(select(func.now()), {
      postgresql: { sql: "SELECT now() AS now_1" },
      mysql: { sql: "SELECT now() AS now_1" },
      sqlite: { sql: "SELECT CURRENT_TIMESTAMP AS now_1" },
      mssql: { sql: "SELECT CURRENT_TIMESTAMP AS now_1" },
    });
  });

  it("an arbitrary function renders verbatim, its string argument bound", () => {
    testSql(select(func.date_trunc("day", users.c.createdAt)), {
      postgresql: { sql: 'SELECT date_trunc($1, users."createdAt") AS date_trunc_1 FROM users', params: ["day"] },
      mysql: { sql: "SELECT date_trunc(?, users.`createdAt`) AS date_trunc_1 FROM users", params: ["day"] },
      sqlite: { sql: 'SELECT date_trunc(?, users."createdAt") AS date_trunc_1 FROM users', params: ["day"] },
      mssql: { sql: "SELECT date_trunc(@p1, users.[createdAt]) AS date_trunc_1 FROM users", params: ["day"] },
    });
  });

  it("case with else", () => {
    const stmt = select(case_([[users.c.loginCount.gt(10), "many"], [users.c.loginCount.gt(0), "some"]], { else: "none" }).label("activity"));
    const params = [10, "many", 0, "some", "none"];
    testSql(stmt, {
      postgresql: { sql: 'SELECT CASE WHEN users."loginCount" > $1 THEN $2 WHEN users."loginCount" > $3 THEN $4 ELSE $5 END AS activity FROM users', params },
      mysql: { sql: "SELECT CASE WHEN users.`loginCount` > ? THEN ? WHEN users.`loginCount` > ? THEN ? ELSE ? END AS activity FROM users", params },
      sqlite: { sql: 'SELECT CASE WHEN users."loginCount" > ? THEN ? WHEN users."loginCount" > ? THEN ? ELSE ? END AS activity FROM users', params },
      mssql: { sql: "SELECT CASE WHEN users.[loginCount] > @p1 THEN @p2 WHEN users.[loginCount] > @p3 THEN @p4 ELSE @p5 END AS activity FROM users", params },
    });
  });

  it("case on a bare boolean column: `= 1` on MSSQL", () => {
    testSql(select(case_([[users.c.isActive, 1]], { else: 0 }).label("a")), {
      postgresql: { sql: 'SELECT CASE WHEN users."isActive" THEN $1 ELSE $2 END AS a FROM users', params: [1, 0] },
      mysql: { sql: "SELECT CASE WHEN users.`isActive` THEN ? ELSE ? END AS a FROM users", params: [1, 0] },
      sqlite: { sql: 'SELECT CASE WHEN users."isActive" THEN ? ELSE ? END AS a FROM users', params: [1, 0] },
      mssql: { sql: "SELECT CASE WHEN users.[isActive] = 1 THEN @p1 ELSE @p2 END AS a FROM users", params: [1, 0] },
    });
  });

  it("window function with partitionBy, orderBy and a ROWS frame", () => {
    const stmt = select(func.sum(users.c.loginCount).over({ partitionBy: [users.c.org_id], orderBy: [users.c.id], rows: [null, 0] }).label("running"));
    const sql = (lc: string) => `SELECT sum(${lc}) OVER (PARTITION BY users.org_id ORDER BY users.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM users`;
    testSql(stmt, {
      postgresql: { sql: sql('users."loginCount"') },
      mysql: { sql: sql("users.`loginCount`") },
      sqlite: { sql: sql('users."loginCount"') },
      mssql: { sql: sql("users.[loginCount]") },
    });
  });

  it("row_number() over a single partition/order expression", () => {
    const stmt = select(users.c.id, func.row_number().over({ partitionBy: users.c.org_id, orderBy: users.c.createdAt.desc() }).label("rn"));
    testSql(stmt, {
      postgresql: { sql: 'SELECT users.id, row_number() OVER (PARTITION BY users.org_id ORDER BY users."createdAt" DESC) AS rn FROM users' },
      mysql: { sql: "SELECT users.id, row_number() OVER (PARTITION BY users.org_id ORDER BY users.`createdAt` DESC) AS rn FROM users" },
      sqlite: { sql: 'SELECT users.id, row_number() OVER (PARTITION BY users.org_id ORDER BY users."createdAt" DESC) AS rn FROM users' },
      mssql: { sql: "SELECT users.id, row_number() OVER (PARTITION BY users.org_id ORDER BY users.[createdAt] DESC) AS rn FROM users" },
    });
  });

  it("a RANGE frame with offsets", () => {
    const stmt = select(func.sum(users.c.id).over({ orderBy: users.c.id, range: [-1, 1] }).label("s"));
    const sql = "SELECT sum(users.id) OVER (ORDER BY users.id RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM users";
    testSql(stmt, { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("aggregate FILTER (WHERE ...) only where supported", () => {
    const stmt = select(func.count(users.c.id).filter(users.c.loginCount.gt(1)).label("n"));
    testSql(stmt, {
      postgresql: { sql: 'SELECT count(users.id) FILTER (WHERE users."loginCount" > $1) AS n FROM users', params: [1] },
      mysql: NOT_SUPPORTED(/mysql has no FILTER/),
      sqlite: { sql: 'SELECT count(users.id) FILTER (WHERE users."loginCount" > ?) AS n FROM users', params: [1] },
      mssql: NOT_SUPPORTED(/mssql has no FILTER/),
    });
  });
});
