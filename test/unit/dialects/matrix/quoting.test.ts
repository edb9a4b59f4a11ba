import { describe, it } from "vitest";
import { Column, Integer, MetaData, Table, select } from "../../../../src/index.js";
import { NOT_SUPPORTED, testSql } from "../../support/test-sql.js";
import { posts, users } from "../../support/fixtures.js";

describe("identifier quoting", () => {
  it("a reserved word (`order`) is quoted everywhere it appears", () => {
    testSql(select(posts.c.order).where(posts.c.order.gt(1)).orderBy(posts.c.order), {
      postgresql: { sql: 'SELECT posts."order" FROM posts WHERE posts."order" > $1 ORDER BY posts."order"', params: [1] },
      mysql: { sql: "SELECT posts.`order` FROM posts WHERE posts.`order` > ? ORDER BY posts.`order`", params: [1] },
      sqlite: { sql: 'SELECT posts."order" FROM posts WHERE posts."order" > ? ORDER BY posts."order"', params: [1] },
      mssql: { sql: "SELECT posts.[order] FROM posts WHERE posts.[order] > @p1 ORDER BY posts.[order]", params: [1] },
    });
  });

  it("upper case, spaces, leading digits and reserved words are quoted; plain names are not", () => {
    const md = new MetaData();
    const t = new Table("t", md,
      new Column("id", Integer), new Column("Up", Integer), new Column("has space", Integer),
      new Column("9lead", Integer), new Column("select", Integer), new Column("user", Integer));
    const stmt = select(t.c.id, t.c.Up, t.c["has space"], t.c["9lead"], t.c.select, t.c.user);
    testSql(stmt, {
      postgresql: { sql: 'SELECT t.id, t."Up", t."has space", t."9lead", t."select", t."user" FROM t' },
      mysql: { sql: "SELECT t.id, t.`Up`, t.`has space`, t.`9lead`, t.`select`, t.`user` FROM t" },
      sqlite: { sql: 'SELECT t.id, t."Up", t."has space", t."9lead", t."select", t."user" FROM t' },
      mssql: { sql: "SELECT t.id, t.[Up], t.[has space], t.[9lead], t.[select], t.[user] FROM t" },
    });
  });

  it("embedded quote characters are doubled: \" on pg/sqlite, ` on mysql, ] on mssql", () => {
    const md = new MetaData();
    const t = new Table('we"ird', md, new Column("a`b", Integer), new Column("x]y", Integer));
    testSql(select(t.c["a`b"], t.c["x]y"]), {
      postgresql: { sql: 'SELECT "we""ird"."a`b", "we""ird"."x]y" FROM "we""ird"' },
      mysql: { sql: 'SELECT `we"ird`.`a``b`, `we"ird`.`x]y` FROM `we"ird`' },
      sqlite: { sql: 'SELECT "we""ird"."a`b", "we""ird"."x]y" FROM "we""ird"' },
      mssql: { sql: 'SELECT [we"ird].[a`b], [we"ird].[x]]y] FROM [we"ird]' },
    });
  });

  it("labels are quoted the same way", () => {
    testSql(select(users.c.id.label('l"a`b]')), {
      postgresql: { sql: 'SELECT users.id AS "l""a`b]" FROM users' },
      mysql: { sql: 'SELECT users.id AS `l"a``b]` FROM users' },
      sqlite: { sql: 'SELECT users.id AS "l""a`b]" FROM users' },
      mssql: { sql: 'SELECT users.id AS [l"a`b]]] FROM users' },
    });
  });

  it("a schema-qualified table", () => {
    const t = new Table("items", new MetaData(), new Column("id", Integer), { schema: "Sales" });
    testSql(select(t.c.id), {
      postgresql: { sql: 'SELECT "Sales".items.id FROM "Sales".items' },
      mysql: { sql: "SELECT `Sales`.items.id FROM `Sales`.items" },
      sqlite: { sql: 'SELECT "Sales".items.id FROM "Sales".items' },
      mssql: { sql: "SELECT [Sales].items.id FROM [Sales].items" },
    });
  });

  it("a NUL character in an identifier is a CompileError", () => {
    const t = new Table("t", new MetaData(), new Column("a\u0000b", Integer));
    const e = NOT_SUPPORTED(/contains a NUL character/);
    testSql(select(t.c["a\u0000b"]), { postgresql: e, mysql: e, sqlite: e, mssql: e });
  });

  it("an identifier over the dialect's length limit is a CompileError (63 pg, 64 mysql, 128 mssql)", () => {
    const t70 = new Table("t70", new MetaData(), new Column("x".repeat(70), Integer));
    testSql(select(t70.c["x".repeat(70)]), {
      postgresql: NOT_SUPPORTED(/longer than 63 bytes/),
      mysql: NOT_SUPPORTED(/longer than 64 bytes/),
      sqlite: { sql: `SELECT t70.${"x".repeat(70)} FROM t70` },
      mssql: { sql: `SELECT t70.${"x".repeat(70)} FROM t70` },
    });
    const t200 = new Table("t200", new MetaData(), new Column("y".repeat(200), Integer));
    testSql(select(t200.c["y".repeat(200)]), {
      postgresql: NOT_SUPPORTED(/longer than 63 bytes/),
      mysql: NOT_SUPPORTED(/longer than 64 bytes/),
      sqlite: { sql: `SELECT t200.${"y".repeat(200)} FROM t200` },
      mssql: NOT_SUPPORTED(/longer than 128 bytes/),
    });
  });

  it("the limit counts bytes, not characters", () => {
    const name = "é".repeat(40); // 80 bytes in UTF-8
    const t = new Table("tb", new MetaData(), new Column(name, Integer));
    testSql(select(t.c[name]), {
      postgresql: NOT_SUPPORTED(/longer than 63 bytes/),
      mysql: NOT_SUPPORTED(/longer than 64 bytes/),
      sqlite: { sql: `SELECT tb."${name}" FROM tb` },
      mssql: { sql: `SELECT tb.[${name}] FROM tb` },
    });
  });
});
