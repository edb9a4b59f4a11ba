import { describe, it } from "vitest";
import { func, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("select: GROUP BY / HAVING", () => {
  it("groupBy, having, orderBy by label name", () => {
    const stmt = select(users.c.org_id, func.count(users.c.id).label("n")).groupBy(users.c.org_id).having(func.count(users.c.id).gt(2)).orderBy("n");
    testSql(stmt, {
      postgresql: { sql: "SELECT users.org_id, count(users.id) AS n FROM users GROUP BY users.org_id HAVING count(users.id) > $1 ORDER BY n", params: [2] },
      mysql: { sql: "SELECT users.org_id, count(users.id) AS n FROM users GROUP BY users.org_id HAVING count(users.id) > ? ORDER BY n", params: [2] },
      sqlite: { sql: "SELECT users.org_id, count(users.id) AS n FROM users GROUP BY users.org_id HAVING count(users.id) > ? ORDER BY n", params: [2] },
      mssql: { sql: "SELECT users.org_id, count(users.id) AS n FROM users GROUP BY users.org_id HAVING count(users.id) > @p1 ORDER BY n", params: [2] },
    });
  });

  it("a camelCase label is quoted where it is referenced", () => {
    const stmt = select(users.c.id, func.count(posts.c.id).label("postCount")).outerjoin(posts).groupBy(users.c.id).orderBy("postCount");
    testSql(stmt, {
      postgresql: { sql: 'SELECT users.id, count(posts.id) AS "postCount" FROM users LEFT OUTER JOIN posts ON posts.user_id = users.id GROUP BY users.id ORDER BY "postCount"' },
      mysql: { sql: "SELECT users.id, count(posts.id) AS `postCount` FROM users LEFT OUTER JOIN posts ON posts.user_id = users.id GROUP BY users.id ORDER BY `postCount`" },
      sqlite: { sql: 'SELECT users.id, count(posts.id) AS "postCount" FROM users LEFT OUTER JOIN posts ON posts.user_id = users.id GROUP BY users.id ORDER BY "postCount"' },
      mssql: { sql: "SELECT users.id, count(posts.id) AS [postCount] FROM users LEFT OUTER JOIN posts ON posts.user_id = users.id GROUP BY users.id ORDER BY [postCount]" },
    });
  });

  it("orderBy a selected column's name renders the column", () => {
    const sql = "SELECT users.org_id, users.name FROM users ORDER BY users.name";
    testSql(select(users.c.org_id, users.c.name).orderBy("name"), { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("groupBy a label name groups by the labelled expression (SQL Server cannot group by an alias)", () => {
    const stmt = select(func.lower(users.c.name).label("lname"), func.count().label("n")).selectFrom(users).groupBy("lname").orderBy("lname");
    testSql(stmt, {
      postgresql: { sql: "SELECT lower(users.name) AS lname, count(*) AS n FROM users GROUP BY lower(users.name) ORDER BY lname" },
      mysql: { sql: "SELECT lower(users.name) AS lname, count(*) AS n FROM users GROUP BY lower(users.name) ORDER BY lname" },
      sqlite: { sql: "SELECT lower(users.name) AS lname, count(*) AS n FROM users GROUP BY lower(users.name) ORDER BY lname" },
      mssql: { sql: "SELECT lower(users.name) AS lname, count(*) AS n FROM users GROUP BY lower(users.name) ORDER BY lname" },
    });
  });

  it("a Label object in GROUP BY is its expression, in ORDER BY its name; one bind reused keeps one number", () => {
    const day = func.date_trunc("day", users.c.name).label("day");
    const stmt = select(day, func.count().label("n")).selectFrom(users).groupBy(day).orderBy(day);
    testSql(stmt, {
      // PostgreSQL matches the GROUP BY expression to the select list only when both say $1
      postgresql: { sql: "SELECT date_trunc($1, users.name) AS day, count(*) AS n FROM users GROUP BY date_trunc($1, users.name) ORDER BY day", params: ["day"] },
      mysql: { sql: "SELECT date_trunc(?, users.name) AS day, count(*) AS n FROM users GROUP BY date_trunc(?, users.name) ORDER BY day", params: ["day", "day"] },
      sqlite: { sql: "SELECT date_trunc(?, users.name) AS day, count(*) AS n FROM users GROUP BY date_trunc(?, users.name) ORDER BY day", params: ["day", "day"] },
      mssql: { sql: "SELECT date_trunc(@p1, users.name) AS day, count(*) AS n FROM users GROUP BY date_trunc(@p1, users.name) ORDER BY date_trunc(@p1, users.name)", params: ["day"] },
    });
  });

  it("groupBy / orderBy a column name with a join renders the qualified column", () => {
    const stmt = select(users.c.name, func.count(posts.c.id).label("n")).join(posts).groupBy("name").orderBy("name");
    const sql = "SELECT users.name, count(posts.id) AS n FROM users JOIN posts ON posts.user_id = users.id GROUP BY users.name ORDER BY users.name";
    testSql(stmt, { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } });
  });

  it("several HAVING criteria are ANDed", () => {
    const stmt = select(users.c.org_id).groupBy(users.c.org_id).having(func.count(users.c.id).gt(1), func.max(users.c.loginCount).lt(9));
    testSql(stmt, {
      postgresql: { sql: 'SELECT users.org_id FROM users GROUP BY users.org_id HAVING count(users.id) > $1 AND max(users."loginCount") < $2', params: [1, 9] },
      mysql: { sql: "SELECT users.org_id FROM users GROUP BY users.org_id HAVING count(users.id) > ? AND max(users.`loginCount`) < ?", params: [1, 9] },
      sqlite: { sql: 'SELECT users.org_id FROM users GROUP BY users.org_id HAVING count(users.id) > ? AND max(users."loginCount") < ?', params: [1, 9] },
      mssql: { sql: "SELECT users.org_id FROM users GROUP BY users.org_id HAVING count(users.id) > @p1 AND max(users.[loginCount]) < @p2", params: [1, 9] },
    });
  });

  it("an unknown label in ORDER BY is a CompileError", () => {
    const e = NOT_SUPPORTED(/Can't resolve label reference "nope"/);
    testSql(select(users.c.org_id).orderBy("nope"), { postgresql: e, mysql: e, sqlite: e, mssql: e });
  });

  it("an unknown label in GROUP BY is a CompileError, and SQL in a label string is never rendered", () => {
    const e = NOT_SUPPORTED(/Can't resolve label reference/);
    testSql(select(users.c.org_id).groupBy("org_id; DROP TABLE users"), { postgresql: e, mysql: e, sqlite: e, mssql: e });
  });
});
