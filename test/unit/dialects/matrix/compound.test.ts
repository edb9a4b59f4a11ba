import { describe, it } from "vitest";
import { except_, intersect, intersectAll, select, union, unionAll } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql, type Expectations } from "../../support/test-sql.js";
import { orgs, users } from "../../support/fixtures.js";

const a = select(users.c.name).where(users.c.id.lt(5));
const b = select(orgs.c.title).where(orgs.c.id.gt(1));

function twoParts(op: string): Expectations {
  const sql = (p1: string, p2: string) => `SELECT users.name FROM users WHERE users.id < ${p1} ${op} SELECT orgs.title FROM orgs WHERE orgs.id > ${p2}`;
  return {
    postgresql: { sql: sql("$1", "$2"), params: [5, 1] },
    mysql: { sql: sql("?", "?"), params: [5, 1] },
    sqlite: { sql: sql("?", "?"), params: [5, 1] },
    mssql: { sql: sql("@p1", "@p2"), params: [5, 1] },
  };
}

describe("compound selects", () => {
  it("union", () => testSql(union(a, b), twoParts("UNION")));
  it("unionAll (function and method)", () => {
    testSql(unionAll(a, b), twoParts("UNION ALL"));
    testSql(a.unionAll(b), twoParts("UNION ALL"));
  });
  it("intersect", () => testSql(intersect(a, b), twoParts("INTERSECT")));
  it("except", () => testSql(except_(a, b), twoParts("EXCEPT")));

  it("intersectAll: not on SQLite or MSSQL", () => {
    const e = twoParts("INTERSECT ALL");
    testSql(intersectAll(a, b), { ...e, sqlite: NOT_SUPPORTED(/sqlite has no INTERSECT ALL/), mssql: NOT_SUPPORTED(/mssql has no INTERSECT ALL/) });
  });

  it("ORDER BY / LIMIT / OFFSET on the compound", () => {
    const head = "SELECT users.name FROM users WHERE users.id < X UNION SELECT orgs.title FROM orgs WHERE orgs.id > X ORDER BY name";
    const n = (prefix: string) => { let i = 0; return () => prefix + ++i; };
    testSql(union(a, b).orderBy("name").limit(5).offset(2), {
      postgresql: { sql: head.replace(/X/g, n("$")) + " LIMIT $3 OFFSET $4", params: [5, 1, 5, 2] },
      mysql: { sql: head.replace(/X/g, "?") + " LIMIT ? OFFSET ?", params: [5, 1, 5, 2] },
      sqlite: { sql: head.replace(/X/g, "?") + " LIMIT ? OFFSET ?", params: [5, 1, 5, 2] },
      mssql: { sql: head.replace(/X/g, n("@p")) + " OFFSET @p3 ROWS FETCH NEXT @p4 ROWS ONLY", params: [5, 1, 2, 5] },
    });
  });

  it("LIMIT without OFFSET on a compound: OFFSET 0 ROWS FETCH NEXT on MSSQL (no TOP on a UNION)", () => {
    testSql(union(select(users.c.name), select(orgs.c.title)).orderBy("name").limit(3), {
      postgresql: { sql: "SELECT users.name FROM users UNION SELECT orgs.title FROM orgs ORDER BY name LIMIT $1", params: [3] },
      mysql: { sql: "SELECT users.name FROM users UNION SELECT orgs.title FROM orgs ORDER BY name LIMIT ?", params: [3] },
      sqlite: { sql: "SELECT users.name FROM users UNION SELECT orgs.title FROM orgs ORDER BY name LIMIT ?", params: [3] },
      mssql: { sql: "SELECT users.name FROM users UNION SELECT orgs.title FROM orgs ORDER BY name OFFSET 0 ROWS FETCH NEXT @p1 ROWS ONLY", params: [3] },
    });
  });

  it("parts with their own LIMIT are parenthesised", () => {
    testSql(union(a.limit(2), b), {
      postgresql: { sql: "(SELECT users.name FROM users WHERE users.id < $1 LIMIT $2) UNION SELECT orgs.title FROM orgs WHERE orgs.id > $3", params: [5, 2, 1] },
      mysql: { sql: "(SELECT users.name FROM users WHERE users.id < ? LIMIT ?) UNION SELECT orgs.title FROM orgs WHERE orgs.id > ?", params: [5, 2, 1] },
      sqlite: { sql: "(SELECT users.name FROM users WHERE users.id < ? LIMIT ?) UNION SELECT orgs.title FROM orgs WHERE orgs.id > ?", params: [5, 2, 1] },
      mssql: { sql: "(SELECT TOP (@p1) users.name FROM users WHERE users.id < @p2) UNION SELECT orgs.title FROM orgs WHERE orgs.id > @p3", params: [2, 5, 1] },
    });
  });
});
