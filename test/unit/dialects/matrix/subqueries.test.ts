import { describe, it } from "vitest";
import { exists, func, not, select } from "../../../../src/index.js";
import { testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("subqueries", () => {
  it("correlated scalar subquery in the select list", () => {
    const n = select(func.count(posts.c.id)).where(posts.c.user_id.eq(users.c.id)).scalarSubquery().label("n");
    const sql = "SELECT users.name, (SELECT count(posts.id) AS count_1 FROM posts WHERE posts.user_id = users.id) AS n FROM users";
    testSql(select(users.c.name, n), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("uncorrelated scalar subquery in WHERE keeps its own FROM", () => {
    testSql(select(users.c.id).where(users.c.loginCount.gt(select(func.avg(users.c.loginCount)).scalarSubquery())), {
      postgresql: { sql: 'SELECT users.id FROM users WHERE users."loginCount" > (SELECT avg(users."loginCount") AS avg_1 FROM users)' },
      mysql: { sql: "SELECT users.id FROM users WHERE users.`loginCount` > (SELECT avg(users.`loginCount`) AS avg_1 FROM users)" },
      sqlite: { sql: 'SELECT users.id FROM users WHERE users."loginCount" > (SELECT avg(users."loginCount") AS avg_1 FROM users)' },
      mssql: { sql: "SELECT users.id FROM users WHERE users.[loginCount] > (SELECT avg(users.[loginCount]) AS avg_1 FROM users)" },
    });
  });

  it("exists() correlated in WHERE", () => {
    const sql = "SELECT users.id FROM users WHERE EXISTS (SELECT * FROM posts WHERE posts.user_id = users.id)";
    testSql(select(users.c.id).where(exists().where(posts.c.user_id.eq(users.c.id))), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("NOT EXISTS from select().exists()", () => {
    const sql = "SELECT users.id FROM users WHERE NOT EXISTS (SELECT posts.id FROM posts WHERE posts.user_id = users.id)";
    testSql(select(users.c.id).where(not(select(posts.c.id).where(posts.c.user_id.eq(users.c.id)).exists())), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("exists() as a selected value: CASE WHEN on MSSQL", () => {
    testSql(select(exists().where(users.c.name.eq("alice"))), {
      postgresql: { sql: "SELECT EXISTS (SELECT * FROM users WHERE users.name = $1) AS anon_1", params: ["alice"] },
      mysql: { sql: "SELECT EXISTS (SELECT * FROM users WHERE users.name = ?) AS anon_1", params: ["alice"] },
      sqlite: { sql: "SELECT EXISTS (SELECT * FROM users WHERE users.name = ?) AS anon_1", params: ["alice"] },
      mssql: { sql: "SELECT CASE WHEN EXISTS (SELECT * FROM users WHERE users.name = @p1) THEN 1 ELSE 0 END AS anon_1", params: ["alice"] },
    });
  });

  it("named subquery in FROM, its columns on .c, params in text order", () => {
    const pc = select(posts.c.user_id, func.count(posts.c.id).label("cnt")).where(posts.c.score.ge(2)).groupBy(posts.c.user_id).subquery("pc");
    const stmt = select(users.c.name, pc.c.cnt).join(pc, users.c.id.eq(pc.c.user_id)).where(pc.c.cnt.gt(1));
    const sql = (p1: string, p2: string) =>
      `SELECT users.name, pc.cnt FROM users JOIN (SELECT posts.user_id, count(posts.id) AS cnt FROM posts WHERE posts.score >= ${p1} GROUP BY posts.user_id) AS pc ON users.id = pc.user_id WHERE pc.cnt > ${p2}`;
    testSql(stmt, {
      postgresql: { sql: sql("$1", "$2"), params: [2, 1] },
      mysql: { sql: sql("?", "?"), params: [2, 1] },
      sqlite: { sql: sql("?", "?"), params: [2, 1] },
      mssql: { sql: sql("@p1", "@p2"), params: [2, 1] },
    });
  });

  it("an anonymous subquery is named anon_1", () => {
    const anon = select(users.c.id, users.c.name).where(users.c.isActive).subquery();
    testSql(select(anon.c.name).where(anon.c.id.gt(5)), {
      postgresql: { sql: 'SELECT anon_1.name FROM (SELECT users.id, users.name FROM users WHERE users."isActive") AS anon_1 WHERE anon_1.id > $1', params: [5] },
      mysql: { sql: "SELECT anon_1.name FROM (SELECT users.id, users.name FROM users WHERE users.`isActive`) AS anon_1 WHERE anon_1.id > ?", params: [5] },
      sqlite: { sql: 'SELECT anon_1.name FROM (SELECT users.id, users.name FROM users WHERE users."isActive") AS anon_1 WHERE anon_1.id > ?', params: [5] },
      mssql: { sql: "SELECT anon_1.name FROM (SELECT users.id, users.name FROM users WHERE users.[isActive] = 1) AS anon_1 WHERE anon_1.id > @p1", params: [5] },
    });
  });

  it("two anonymous subqueries get anon_1 and anon_2", () => {
    const a = select(users.c.id).subquery();
    const b = select(posts.c.user_id).subquery();
    const sql = "SELECT anon_1.id, anon_2.user_id FROM (SELECT users.id FROM users) AS anon_1 JOIN (SELECT posts.user_id FROM posts) AS anon_2 ON anon_1.id = anon_2.user_id";
    testSql(select(a.c.id, b.c.user_id).join(b, a.c.id.eq(b.c.user_id)), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });
});
