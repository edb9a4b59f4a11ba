import { describe, it } from "vitest";
import { select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("SELECT ... FOR UPDATE", () => {
  it("FOR UPDATE; SQLite omits it; MSSQL uses a table hint", () => {
    testSql(select(users.c.id).where(users.c.id.eq(1)).forUpdate(), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id = $1 FOR UPDATE", params: [1] },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id = ? FOR UPDATE", params: [1] },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id = ?", params: [1] },
      mssql: { sql: "SELECT users.id FROM users WITH (UPDLOCK, ROWLOCK) WHERE users.id = @p1", params: [1] },
    });
  });

  it("read: FOR SHARE / LOCK IN SHARE MODE / HOLDLOCK", () => {
    testSql(select(users.c.id).forUpdate({ read: true }), {
      postgresql: { sql: "SELECT users.id FROM users FOR SHARE" },
      mysql: { sql: "SELECT users.id FROM users LOCK IN SHARE MODE" },
      sqlite: { sql: "SELECT users.id FROM users" },
      mssql: { sql: "SELECT users.id FROM users WITH (HOLDLOCK, ROWLOCK)" },
    });
  });

  it("NOWAIT", () => {
    testSql(select(users.c.id).forUpdate({ nowait: true }), {
      postgresql: { sql: "SELECT users.id FROM users FOR UPDATE NOWAIT" },
      mysql: { sql: "SELECT users.id FROM users FOR UPDATE NOWAIT" },
      sqlite: { sql: "SELECT users.id FROM users" },
      mssql: { sql: "SELECT users.id FROM users WITH (UPDLOCK, ROWLOCK, NOWAIT)" },
    });
  });

  it("SKIP LOCKED (READPAST on MSSQL)", () => {
    testSql(select(users.c.id).forUpdate({ skipLocked: true }), {
      postgresql: { sql: "SELECT users.id FROM users FOR UPDATE SKIP LOCKED" },
      mysql: { sql: "SELECT users.id FROM users FOR UPDATE SKIP LOCKED" },
      sqlite: { sql: "SELECT users.id FROM users" },
      mssql: { sql: "SELECT users.id FROM users WITH (UPDLOCK, ROWLOCK, READPAST)" },
    });
  });

  it("OF: only the named table is locked; not on MySQL", () => {
    testSql(select(users.c.id, posts.c.id).join(posts).forUpdate({ of: [users] }), {
      postgresql: { sql: "SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id FOR UPDATE OF users" },
      mysql: NOT_SUPPORTED(/mysql: FOR UPDATE OF is not supported/),
      sqlite: { sql: "SELECT users.id, posts.id AS id_1 FROM users JOIN posts ON posts.user_id = users.id" },
      mssql: { sql: "SELECT users.id, posts.id AS id_1 FROM users WITH (UPDLOCK, ROWLOCK) JOIN posts ON posts.user_id = users.id" },
      mariadb: NOT_SUPPORTED(/mariadb: FOR UPDATE OF is not supported/),
    });
  });

  it("without OF every joined table is locked; an aliased table takes the hint after its alias", () => {
    const u2 = users.alias("u2");
    testSql(select(users.c.id, u2.c.id).join(u2, users.c.org_id.eq(u2.c.org_id)).forUpdate(), {
      postgresql: { sql: "SELECT users.id, u2.id AS id_1 FROM users JOIN users AS u2 ON users.org_id = u2.org_id FOR UPDATE" },
      mysql: { sql: "SELECT users.id, u2.id AS id_1 FROM users JOIN users AS u2 ON users.org_id = u2.org_id FOR UPDATE" },
      sqlite: { sql: "SELECT users.id, u2.id AS id_1 FROM users JOIN users AS u2 ON users.org_id = u2.org_id" },
      mssql: { sql: "SELECT users.id, u2.id AS id_1 FROM users WITH (UPDLOCK, ROWLOCK) JOIN users AS u2 WITH (UPDLOCK, ROWLOCK) ON users.org_id = u2.org_id" },
    });
  });

  it("FOR UPDATE after LIMIT; TOP with the hint on MSSQL", () => {
    testSql(select(users.c.id).forUpdate().limit(1), {
      postgresql: { sql: "SELECT users.id FROM users LIMIT $1 FOR UPDATE", params: [1] },
      mysql: { sql: "SELECT users.id FROM users LIMIT ? FOR UPDATE", params: [1] },
      sqlite: { sql: "SELECT users.id FROM users LIMIT ?", params: [1] },
      mssql: { sql: "SELECT TOP (@p1) users.id FROM users WITH (UPDLOCK, ROWLOCK)", params: [1] },
    });
  });

  it("a subquery in WHERE does not inherit the lock hint on MSSQL", () => {
    testSql(select(users.c.id).where(users.c.id.in(select(posts.c.user_id))).forUpdate(), {
      postgresql: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts) FOR UPDATE" },
      mysql: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts) FOR UPDATE" },
      sqlite: { sql: "SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id FROM posts)" },
      mssql: { sql: "SELECT users.id FROM users WITH (UPDLOCK, ROWLOCK) WHERE users.id IN (SELECT posts.user_id FROM posts)" },
    });
  });
});
