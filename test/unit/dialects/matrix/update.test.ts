import { describe, it } from "vitest";
import { update } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { orgs, users } from "../../support/fixtures.js";

describe("UPDATE", () => {
  it("values with an expression and a value; SET targets unqualified", () => {
    testSql(update(users).where(users.c.id.eq(1)).values({ loginCount: users.c.loginCount.plus(1), name: "x" }), {
      postgresql: { sql: 'UPDATE users SET "loginCount" = users."loginCount" + $1, name = $2 WHERE users.id = $3', params: [1, "x", 1] },
      mysql: { sql: "UPDATE users SET `loginCount` = users.`loginCount` + ?, name = ? WHERE users.id = ?", params: [1, "x", 1] },
      sqlite: { sql: 'UPDATE users SET "loginCount" = users."loginCount" + ?, name = ? WHERE users.id = ?', params: [1, "x", 1] },
      mssql: { sql: "UPDATE users SET [loginCount] = users.[loginCount] + @p1, name = @p2 WHERE users.id = @p3", params: [1, "x", 1] },
    });
  });

  it("without WHERE; boolean value converted per dialect", () => {
    testSql(update(users).values({ isActive: false }), {
      postgresql: { sql: 'UPDATE users SET "isActive" = $1', params: [false] },
      mysql: { sql: "UPDATE users SET `isActive` = ?", params: [0] },
      sqlite: { sql: 'UPDATE users SET "isActive" = ?', params: [0] },
      mssql: { sql: "UPDATE users SET [isActive] = @p1", params: [0] },
    });
  });

  it("returning: OUTPUT inserted on MSSQL, not on MySQL nor MariaDB", () => {
    testSql(update(users).where(users.c.id.eq(1)).values({ name: "x" }).returning(users.c.id, users.c.name), {
      postgresql: { sql: "UPDATE users SET name = $1 WHERE users.id = $2 RETURNING users.id, users.name", params: ["x", 1] },
      mysql: NOT_SUPPORTED(/mysql does not support RETURNING for UPDATE/),
      sqlite: { sql: "UPDATE users SET name = ? WHERE users.id = ? RETURNING users.id, users.name", params: ["x", 1] },
      mssql: { sql: "UPDATE users SET name = @p1 OUTPUT inserted.id, inserted.name WHERE users.id = @p2", params: ["x", 1] },
      mariadb: NOT_SUPPORTED(/mariadb does not support RETURNING for UPDATE/),
    });
  });

  it("UPDATE ... FROM another table, per dialect", () => {
    testSql(update(users).values({ name: orgs.c.title }).where(users.c.org_id.eq(orgs.c.id), orgs.c.id.eq(5)), {
      postgresql: { sql: "UPDATE users SET name = orgs.title FROM orgs WHERE users.org_id = orgs.id AND orgs.id = $1", params: [5] },
      mysql: { sql: "UPDATE users, orgs SET users.name = orgs.title WHERE users.org_id = orgs.id AND orgs.id = ?", params: [5] },
      sqlite: { sql: "UPDATE users SET name = orgs.title FROM orgs WHERE users.org_id = orgs.id AND orgs.id = ?", params: [5] },
      mssql: { sql: "UPDATE users SET name = orgs.title FROM users, orgs WHERE users.org_id = orgs.id AND orgs.id = @p1", params: [5] },
    });
  });

  it("UPDATE ... FROM with returning", () => {
    testSql(update(users).values({ name: orgs.c.title }).where(users.c.org_id.eq(orgs.c.id)).returning(users.c.id), {
      postgresql: { sql: "UPDATE users SET name = orgs.title FROM orgs WHERE users.org_id = orgs.id RETURNING users.id" },
      mysql: NOT_SUPPORTED(/mysql: RETURNING is not supported on a multi-table UPDATE/),
      sqlite: { sql: "UPDATE users SET name = orgs.title FROM orgs WHERE users.org_id = orgs.id RETURNING users.id" },
      mssql: { sql: "UPDATE users SET name = orgs.title OUTPUT inserted.id FROM users, orgs WHERE users.org_id = orgs.id" },
    });
  });

  it("no values is a CompileError", () => {
    const e = NOT_SUPPORTED(/update\(users\): no values to set/);
    testSql(update(users).where(users.c.id.eq(1)), { postgresql: e, mysql: e, sqlite: e, mssql: e });
  });
});
