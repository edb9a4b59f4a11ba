import { describe, it } from "vitest";
import { delete_ } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("DELETE", () => {
  it("with WHERE", () => {
    testSql(delete_(users).where(users.c.id.eq(1)), {
      postgresql: { sql: "DELETE FROM users WHERE users.id = $1", params: [1] },
      mysql: { sql: "DELETE FROM users WHERE users.id = ?", params: [1] },
      sqlite: { sql: "DELETE FROM users WHERE users.id = ?", params: [1] },
      mssql: { sql: "DELETE FROM users WHERE users.id = @p1", params: [1] },
    });
  });

  it("a boolean value in WHERE", () => {
    testSql(delete_(users).where(users.c.isActive.eq(false)), {
      postgresql: { sql: 'DELETE FROM users WHERE users."isActive" = $1', params: [false] },
      mysql: { sql: "DELETE FROM users WHERE users.`isActive` = ?", params: [0] },
      sqlite: { sql: 'DELETE FROM users WHERE users."isActive" = ?', params: [0] },
      mssql: { sql: "DELETE FROM users WHERE users.[isActive] = @p1", params: [0] },
    });
  });

  it("returning: OUTPUT deleted on MSSQL, RETURNING on MariaDB but not MySQL", () => {
    testSql(delete_(users).where(users.c.id.eq(1)).returning(users.c.id, users.c.name), {
      postgresql: { sql: "DELETE FROM users WHERE users.id = $1 RETURNING users.id, users.name", params: [1] },
      mysql: NOT_SUPPORTED(/mysql does not support RETURNING for DELETE/),
      sqlite: { sql: "DELETE FROM users WHERE users.id = ? RETURNING users.id, users.name", params: [1] },
      mssql: { sql: "DELETE FROM users OUTPUT deleted.id, deleted.name WHERE users.id = @p1", params: [1] },
      mariadb: { sql: "DELETE FROM users WHERE users.id = ? RETURNING users.id, users.name", params: [1] },
    });
  });

  it("multi-table DELETE per dialect; not on SQLite", () => {
    testSql(delete_(posts).where(posts.c.user_id.eq(users.c.id), users.c.name.eq("x")), {
      postgresql: { sql: "DELETE FROM posts USING users WHERE posts.user_id = users.id AND users.name = $1", params: ["x"] },
      mysql: { sql: "DELETE FROM posts USING posts, users WHERE posts.user_id = users.id AND users.name = ?", params: ["x"] },
      sqlite: NOT_SUPPORTED(/sqlite has no multi-table DELETE; use a subquery/),
      mssql: { sql: "DELETE FROM posts FROM posts, users WHERE posts.user_id = users.id AND users.name = @p1", params: ["x"] },
    });
  });

  it("multi-table DELETE with RETURNING is refused on MariaDB", () => {
    testSql(delete_(posts).where(posts.c.user_id.eq(users.c.id)).returning(posts.c.id), {
      postgresql: { sql: "DELETE FROM posts USING users WHERE posts.user_id = users.id RETURNING posts.id" },
      mysql: NOT_SUPPORTED(/RETURNING is not supported on a multi-table DELETE/),
      sqlite: NOT_SUPPORTED(/sqlite has no multi-table DELETE/),
      mssql: { sql: "DELETE FROM posts OUTPUT deleted.id FROM posts, users WHERE posts.user_id = users.id" },
      mariadb: NOT_SUPPORTED(/mariadb: RETURNING is not supported on a multi-table DELETE/),
    });
  });
});
