import { describe, expect, it } from "vitest";
import { Integer, literal, select } from "../../../../src/index.js";
import { testSql } from "../../support/test-sql.js";
import { users } from "../../support/fixtures.js";

describe("common table expressions", () => {
  it("a plain CTE with a bound value inside its body", () => {
    const active = select(users.c.id, users.c.org_id).where(users.c.isActive.eq(true)).cte("active");
    const stmt = select(active.c.id).where(active.c.org_id.eq(3));
    const sql = (flag: string, p1: string, p2: string) =>
      `WITH active AS (SELECT users.id, users.org_id FROM users WHERE users.${flag} = ${p1}) SELECT active.id FROM active WHERE active.org_id = ${p2}`;
    testSql(stmt, {
      postgresql: { sql: sql('"isActive"', "$1", "$2"), params: [true, 3] },
      mysql: { sql: sql("`isActive`", "?", "?"), params: [1, 3] },
      sqlite: { sql: sql('"isActive"', "?", "?"), params: [1, 3] },
      mssql: { sql: sql("[isActive]", "@p1", "@p2"), params: [1, 3] },
    });
  });

  it("the CTE body is part of the cache key: two CTEs of the same name do not share SQL", () => {
    const a = select(users.c.id).where(users.c.id.gt(1)).cte("c");
    const b = select(users.c.id).where(users.c.name.eq("x")).cte("c");
    const sa = select(a.c.id).compile({ dialect: "postgresql" });
    const sb = select(b.c.id).compile({ dialect: "postgresql" });
    expect(sa.sql).toBe("WITH c AS (SELECT users.id FROM users WHERE users.id > $1) SELECT c.id FROM c");
    expect(sb.sql).toBe("WITH c AS (SELECT users.id FROM users WHERE users.name = $1) SELECT c.id FROM c");
    expect(sb.params).toEqual(["x"]);
  });

  it("a recursive CTE with unionAll: RECURSIVE keyword everywhere but MSSQL", () => {
    const base = select(literal(1, Integer).label("n")).cte("nums", { recursive: true });
    const nums = base.unionAll(select(base.c.n.plus(1)).where(base.c.n.lt(10)));
    const body = (p: () => string) => `nums(n) AS (SELECT ${p()} AS n UNION ALL SELECT nums.n + ${p()} AS anon_1 FROM nums WHERE nums.n < ${p()}) SELECT nums.n FROM nums`;
    const counter = (prefix: string) => { let i = 0; return () => prefix + ++i; };
    const params = [1, 1, 10];
    testSql(select(nums.c.n), {
      postgresql: { sql: "WITH RECURSIVE " + body(counter("$")), params },
      mysql: { sql: "WITH RECURSIVE " + body(() => "?"), params },
      sqlite: { sql: "WITH RECURSIVE " + body(() => "?"), params },
      mssql: { sql: "WITH " + body(counter("@p")), params },
    });
  });
});
