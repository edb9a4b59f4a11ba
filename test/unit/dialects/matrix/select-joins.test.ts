import { describe, it } from "vitest";
import { and, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql, type Expectations } from "../../support/test-sql.js";
import { orgs, posts, users } from "../../support/fixtures.js";

/** The same SQL (no parameters) on every dialect. */
function everywhere(sql: string): Expectations {
  return { postgresql: { sql }, mysql: { sql }, sqlite: { sql }, mssql: { sql } };
}

describe("select: joins", () => {
  it("join with an explicit ON", () => {
    testSql(select(users.c.name, posts.c.title).join(posts, users.c.id.eq(posts.c.user_id)),
      everywhere("SELECT users.name, posts.title FROM users JOIN posts ON users.id = posts.user_id"));
  });

  it("outerjoin is LEFT OUTER JOIN", () => {
    testSql(select(users.c.name, posts.c.title).outerjoin(posts, users.c.id.eq(posts.c.user_id)),
      everywhere("SELECT users.name, posts.title FROM users LEFT OUTER JOIN posts ON users.id = posts.user_id"));
  });

  it("fullOuterJoin: not on MySQL", () => {
    const sql = "SELECT users.name, posts.title FROM users FULL OUTER JOIN posts ON users.id = posts.user_id";
    testSql(select(users.c.name, posts.c.title).fullOuterJoin(posts, users.c.id.eq(posts.c.user_id)), {
      postgresql: { sql },
      mysql: NOT_SUPPORTED(/mysql has no FULL OUTER JOIN/),
      sqlite: { sql },
      mssql: { sql },
    });
  });

  it("ON inferred from the single foreign key (either direction)", () => {
    testSql(select(users.c.name, orgs.c.title).join(orgs),
      everywhere("SELECT users.name, orgs.title FROM users JOIN orgs ON users.org_id = orgs.id"));
    testSql(select(users.c.name, posts.c.title).join(posts),
      everywhere("SELECT users.name, posts.title FROM users JOIN posts ON posts.user_id = users.id"));
  });

  it("chained joins, duplicate result names deduplicated with _1", () => {
    testSql(select(orgs.c.title, posts.c.title).selectFrom(orgs).join(users).join(posts),
      everywhere("SELECT orgs.title, posts.title AS title_1 FROM orgs JOIN users ON users.org_id = orgs.id JOIN posts ON posts.user_id = users.id"));
  });

  it("self-join through an alias", () => {
    const u2 = users.alias("u2");
    testSql(select(users.c.name, u2.c.name).join(u2, users.c.org_id.eq(u2.c.org_id)).where(users.c.id.ne(u2.c.id)),
      everywhere("SELECT users.name, u2.name AS name_1 FROM users JOIN users AS u2 ON users.org_id = u2.org_id WHERE users.id <> u2.id"));
  });

  it("an anonymous alias is named anon_1", () => {
    const a = users.alias();
    testSql(select(a.c.id).where(a.c.id.gt(1)), {
      postgresql: { sql: "SELECT anon_1.id FROM users AS anon_1 WHERE anon_1.id > $1", params: [1] },
      mysql: { sql: "SELECT anon_1.id FROM users AS anon_1 WHERE anon_1.id > ?", params: [1] },
      sqlite: { sql: "SELECT anon_1.id FROM users AS anon_1 WHERE anon_1.id > ?", params: [1] },
      mssql: { sql: "SELECT anon_1.id FROM users AS anon_1 WHERE anon_1.id > @p1", params: [1] },
    });
  });

  it("a boolean column in ON: `= 1` on MSSQL", () => {
    testSql(select(users.c.id, posts.c.id).join(posts, and(posts.c.user_id.eq(users.c.id), users.c.isActive)), {
      postgresql: { sql: 'SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id AND users."isActive"' },
      mysql: { sql: "SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id AND users.`isActive`" },
      sqlite: { sql: 'SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id AND users."isActive"' },
      mssql: { sql: "SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id AND users.[isActive] = 1" },
    });
  });
});
