import { describe, it } from "vitest";
import { insert, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("INSERT", () => {
  it("a single row: booleans as 0/1 off PostgreSQL", () => {
    testSql(insert(users).values({ name: "a", isActive: true }), {
      postgresql: { sql: 'INSERT INTO users (name, "isActive") VALUES ($1, $2)', params: ["a", true] },
      mysql: { sql: "INSERT INTO users (name, `isActive`) VALUES (?, ?)", params: ["a", 1] },
      sqlite: { sql: 'INSERT INTO users (name, "isActive") VALUES (?, ?)', params: ["a", 1] },
      mssql: { sql: "INSERT INTO users (name, [isActive]) VALUES (@p1, @p2)", params: ["a", 1] },
    });
  });

  it("multiple rows in one VALUES", () => {
    testSql(insert(users).values([{ name: "a", isActive: true }, { name: "b", isActive: false }]), {
      postgresql: { sql: 'INSERT INTO users (name, "isActive") VALUES ($1, $2), ($3, $4)', params: ["a", true, "b", false] },
      mysql: { sql: "INSERT INTO users (name, `isActive`) VALUES (?, ?), (?, ?)", params: ["a", 1, "b", 0] },
      sqlite: { sql: 'INSERT INTO users (name, "isActive") VALUES (?, ?), (?, ?)', params: ["a", 1, "b", 0] },
      mssql: { sql: "INSERT INTO users (name, [isActive]) VALUES (@p1, @p2), (@p3, @p4)", params: ["a", 1, "b", 0] },
    });
  });

  it("a reserved-word column in the column list", () => {
    testSql(insert(posts).values({ title: "t", order: 2 }), {
      postgresql: { sql: 'INSERT INTO posts (title, "order") VALUES ($1, $2)', params: ["t", 2] },
      mysql: { sql: "INSERT INTO posts (title, `order`) VALUES (?, ?)", params: ["t", 2] },
      sqlite: { sql: 'INSERT INTO posts (title, "order") VALUES (?, ?)', params: ["t", 2] },
      mssql: { sql: "INSERT INTO posts (title, [order]) VALUES (@p1, @p2)", params: ["t", 2] },
    });
  });

  it("fromSelect", () => {
    testSql(insert(posts).fromSelect(["user_id", "title"], select(users.c.id, users.c.name).where(users.c.isActive)), {
      postgresql: { sql: 'INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users."isActive"' },
      mysql: { sql: "INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users.`isActive`" },
      sqlite: { sql: 'INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users."isActive"' },
      mssql: { sql: "INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users.[isActive] = 1" },
    });
  });

  it("empty values: DEFAULT VALUES, or () VALUES () on MySQL", () => {
    const e = {
      postgresql: { sql: "INSERT INTO users DEFAULT VALUES" },
      mysql: { sql: "INSERT INTO users () VALUES ()" },
      sqlite: { sql: "INSERT INTO users DEFAULT VALUES" },
      mssql: { sql: "INSERT INTO users DEFAULT VALUES" },
      mariadb: { sql: "INSERT INTO users () VALUES ()" },
    };
    testSql(insert(users).values({}), e);
    testSql(insert(users), e);
  });

  it("returning: RETURNING, OUTPUT inserted on MSSQL, not on MySQL, RETURNING on MariaDB", () => {
    testSql(insert(users).values({ name: "a", isActive: true }).returning(users.c.id, users.c.name), {
      postgresql: { sql: 'INSERT INTO users (name, "isActive") VALUES ($1, $2) RETURNING users.id, users.name', params: ["a", true] },
      mysql: NOT_SUPPORTED(/mysql does not support RETURNING for INSERT.*use the mariadb dialect/),
      sqlite: { sql: 'INSERT INTO users (name, "isActive") VALUES (?, ?) RETURNING users.id, users.name', params: ["a", 1] },
      mssql: { sql: "INSERT INTO users (name, [isActive]) OUTPUT inserted.id, inserted.name VALUES (@p1, @p2)", params: ["a", 1] },
      mariadb: { sql: "INSERT INTO users (name, `isActive`) VALUES (?, ?) RETURNING users.id, users.name", params: ["a", 1] },
    });
  });

  it("returning a labelled column", () => {
    testSql(insert(users).values({ name: "a", isActive: true }).returning(users.c.id.label("newId")), {
      postgresql: { sql: 'INSERT INTO users (name, "isActive") VALUES ($1, $2) RETURNING users.id AS "newId"', params: ["a", true] },
      mysql: NOT_SUPPORTED(/does not support RETURNING/),
      sqlite: { sql: 'INSERT INTO users (name, "isActive") VALUES (?, ?) RETURNING users.id AS "newId"', params: ["a", 1] },
      mssql: { sql: "INSERT INTO users (name, [isActive]) OUTPUT inserted.id AS [newId] VALUES (@p1, @p2)", params: ["a", 1] },
    });
  });

  it("DEFAULT VALUES with OUTPUT puts OUTPUT first on MSSQL", () => {
    testSql(insert(users).returning(users.c.id), {
      postgresql: { sql: "INSERT INTO users DEFAULT VALUES RETURNING users.id" },
      mysql: NOT_SUPPORTED(/does not support RETURNING/),
      sqlite: { sql: "INSERT INTO users DEFAULT VALUES RETURNING users.id" },
      mssql: { sql: "INSERT INTO users OUTPUT inserted.id DEFAULT VALUES" },
    });
  });
});

describe("INSERT upserts", () => {
  const row = { id: 1, name: "a", isActive: true };

  it("onConflictDoNothing with and without a target", () => {
    testSql(insert(users).values(row).onConflictDoNothing({ indexElements: ["id"] }), {
      postgresql: { sql: 'INSERT INTO users (id, name, "isActive") VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', params: [1, "a", true] },
      mysql: NOT_SUPPORTED(/mysql has no ON CONFLICT; use onDuplicateKeyUpdate\(\)/),
      sqlite: { sql: 'INSERT INTO users (id, name, "isActive") VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', params: [1, "a", 1] },
      mssql: NOT_SUPPORTED(/mssql has no ON CONFLICT; use a MERGE/),
      mariadb: NOT_SUPPORTED(/mariadb has no ON CONFLICT; use onDuplicateKeyUpdate\(\)/),
    });
    testSql(insert(users).values(row).onConflictDoNothing(), {
      postgresql: { sql: 'INSERT INTO users (id, name, "isActive") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', params: [1, "a", true] },
      mysql: NOT_SUPPORTED(/has no ON CONFLICT/),
      sqlite: { sql: 'INSERT INTO users (id, name, "isActive") VALUES (?, ?, ?) ON CONFLICT DO NOTHING', params: [1, "a", 1] },
      mssql: NOT_SUPPORTED(/has no ON CONFLICT/),
    });
  });

  it("onConflictDoUpdate with stmt.excluded.c and an expression", () => {
    const stmt = insert(users).values(row);
    const upsert = stmt.onConflictDoUpdate({ indexElements: ["id"], set: { name: stmt.excluded.c.name, loginCount: users.c.loginCount.plus(1) } });
    testSql(upsert, {
      postgresql: { sql: 'INSERT INTO users (id, name, "isActive") VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "loginCount" = users."loginCount" + $4', params: [1, "a", true, 1] },
      mysql: NOT_SUPPORTED(/mysql has no ON CONFLICT/),
      sqlite: { sql: 'INSERT INTO users (id, name, "isActive") VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "loginCount" = users."loginCount" + ?', params: [1, "a", 1, 1] },
      mssql: NOT_SUPPORTED(/mssql has no ON CONFLICT/),
    });
  });

  it("onConflictDoUpdate with a WHERE", () => {
    const stmt = insert(users).values(row);
    testSql(stmt.onConflictDoUpdate({ indexElements: [users.c.id], set: { name: stmt.excluded.c.name }, where: users.c.isActive }), {
      postgresql: { sql: 'INSERT INTO users (id, name, "isActive") VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE users."isActive"', params: [1, "a", true] },
      mysql: NOT_SUPPORTED(/has no ON CONFLICT/),
      sqlite: { sql: 'INSERT INTO users (id, name, "isActive") VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE users."isActive"', params: [1, "a", 1] },
      mssql: NOT_SUPPORTED(/has no ON CONFLICT/),
    });
  });

  it("onDuplicateKeyUpdate with stmt.inserted.c renders VALUES(col) on MySQL", () => {
    const stmt = insert(users).values(row);
    const upsert = stmt.onDuplicateKeyUpdate({ name: stmt.inserted.c.name, loginCount: users.c.loginCount.plus(1) });
    const sql = "INSERT INTO users (id, name, `isActive`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), `loginCount` = users.`loginCount` + ?";
    testSql(upsert, {
      postgresql: NOT_SUPPORTED(/postgresql has no ON DUPLICATE KEY UPDATE; use onConflictDoUpdate\(\)/),
      mysql: { sql, params: [1, "a", 1, 1] },
      sqlite: NOT_SUPPORTED(/sqlite has no ON DUPLICATE KEY UPDATE/),
      mssql: NOT_SUPPORTED(/mssql has no ON DUPLICATE KEY UPDATE/),
      mariadb: { sql, params: [1, "a", 1, 1] },
    });
  });

  it("stmt.excluded inside onDuplicateKeyUpdate is refused on MySQL, pointing at stmt.inserted", () => {
    const stmt = insert(users).values(row);
    const upsert = stmt.onDuplicateKeyUpdate({ name: stmt.excluded.c.name });
    testSql(upsert, {
      postgresql: NOT_SUPPORTED(/has no ON DUPLICATE KEY UPDATE/),
      mysql: NOT_SUPPORTED(/use stmt\.inserted\.c\.<column>/),
      sqlite: NOT_SUPPORTED(/has no ON DUPLICATE KEY UPDATE/),
      mssql: NOT_SUPPORTED(/has no ON DUPLICATE KEY UPDATE/),
    });
  });
});
