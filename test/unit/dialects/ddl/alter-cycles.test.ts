import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { CompileError } from "../../../../src/errors.js";
import { createAllPlan, dropAllPlan } from "../../../../src/sql/ddl/schema-plan.js";
import { ct, sql, DIALECTS } from "./helpers.js";

const { MetaData, Table, Column, Integer, ForeignKey, AddConstraint, DropConstraint, UniqueConstraint, CheckConstraint, ForeignKeyConstraint } = sa;

function cycle() {
  const md = new MetaData();
  // declared before its target: FK order is by dependency, not declaration
  new Table("comments", md, new Column("id", Integer, { primaryKey: true }), new Column("post_id", Integer, ForeignKey("posts.id")));
  new Table("users", md, new Column("id", Integer, { primaryKey: true }), new Column("fav_post_id", Integer, ForeignKey("posts.id")));
  new Table("posts", md, new Column("id", Integer, { primaryKey: true }), new Column("user_id", Integer, ForeignKey("users.id", { ondelete: "CASCADE", name: "fk_posts_author" })));
  return md;
}

const head = (s: string) => s.split(" (")[0];

describe("ALTER TABLE ADD/DROP CONSTRAINT", () => {
  it("renders per dialect; MySQL drops by kind; SQLite refuses", () => {
    const md = new MetaData();
    new Table("p", md, new Column("id", Integer, { primaryKey: true }));
    const t = new Table("t", md, new Column("id", Integer, { primaryKey: true }), new Column("p_id", Integer), new Column("c", Integer));
    const uq = UniqueConstraint("c", { name: "uq_c" });
    const fk = ForeignKeyConstraint(["p_id"], ["p.id"], { name: "fk_t_p", ondelete: "SET NULL" });
    const ck = CheckConstraint("c > 0", { name: "ck_c" });
    const add = (c: Parameters<typeof t.appendConstraint>[0]) => new AddConstraint(t, c);
    for (const c of [uq, fk, ck]) t.appendConstraint(c);
    for (const d of ["postgresql", "mysql", "mssql"] as const) {
      expect(sql(add(uq), d)).toBe("ALTER TABLE t ADD CONSTRAINT uq_c UNIQUE (c)");
      expect(sql(add(fk), d)).toBe("ALTER TABLE t ADD CONSTRAINT fk_t_p FOREIGN KEY(p_id) REFERENCES p (id) ON DELETE SET NULL");
      expect(sql(add(ck), d)).toBe("ALTER TABLE t ADD CONSTRAINT ck_c CHECK (c > 0)");
    }
    const drop = new DropConstraint(t, "fk_t_p", "foreignKey");
    expect(["postgresql", "mysql", "mssql"].map((d) => sql(drop, d as "mysql"))).toEqual(["ALTER TABLE t DROP CONSTRAINT fk_t_p", "ALTER TABLE t DROP FOREIGN KEY fk_t_p", "ALTER TABLE t DROP CONSTRAINT fk_t_p"]);
    expect(sql(new DropConstraint(t, "uq_c", "unique"), "mysql")).toBe("ALTER TABLE t DROP INDEX uq_c");
    expect(sql(new DropConstraint(t, "ck_c", "check"), "mysql")).toBe("ALTER TABLE t DROP CHECK ck_c");
    expect(sql(new DropConstraint(t, "x"), "mysql")).toBe("ALTER TABLE t DROP CONSTRAINT x");
    expect(() => sql(add(fk), "sqlite")).toThrow(CompileError);
    expect(() => sql(new DropConstraint(t, "fk_t_p", "foreignKey"), "sqlite")).toThrow(/sqlite cannot drop a constraint/);
  });

  it("acyclic: tables in dependency order whatever the declaration order", () => {
    const md = new MetaData();
    new Table("c", md, new Column("id", Integer, { primaryKey: true }), new Column("b_id", Integer, ForeignKey("b.id")));
    new Table("b", md, new Column("id", Integer, { primaryKey: true }), new Column("a_id", Integer, ForeignKey("a.id")));
    new Table("a", md, new Column("id", Integer, { primaryKey: true }));
    for (const d of DIALECTS) {
      expect(createAllPlan(md, { dialect: d }).map((e) => head(sql(e, d)))).toEqual(["CREATE TABLE a", "CREATE TABLE b", "CREATE TABLE c"]);
      expect(dropAllPlan(md, { dialect: d }).map((e) => sql(e, d))).toEqual(["DROP TABLE c", "DROP TABLE b", "DROP TABLE a"]);
    }
    // existing tables are skipped (checkfirst), and dropAll only drops existing ones when told
    expect(createAllPlan(md, { dialect: "postgresql", existing: new Set(["a"]) }).map((e) => head(sql(e, "postgresql")))).toEqual(["CREATE TABLE b", "CREATE TABLE c"]);
    expect(dropAllPlan(md, { dialect: "postgresql", existing: new Set(["a", "c"]) }).map((e) => sql(e, "postgresql"))).toEqual(["DROP TABLE c", "DROP TABLE a"]);
  });

  it("a cycle: the closing FK is left out of CREATE TABLE and added by ALTER (named), dropped first", () => {
    const md = cycle();
    for (const d of ["postgresql", "mysql", "mssql"] as const) {
      const plan = createAllPlan(md, { dialect: d }).map((e) => sql(e, d));
      expect(plan.map(head)).toEqual(["CREATE TABLE users", "CREATE TABLE posts", "CREATE TABLE comments", "ALTER TABLE users ADD CONSTRAINT fk_users_fav_post_id_posts FOREIGN KEY(fav_post_id) REFERENCES posts"]);
      expect(plan[0]).not.toContain("FOREIGN KEY");
      expect(plan[1]).toContain("CONSTRAINT fk_posts_author FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE");
      expect(plan[3]).toBe("ALTER TABLE users ADD CONSTRAINT fk_users_fav_post_id_posts FOREIGN KEY(fav_post_id) REFERENCES posts (id)");
      const drop = dropAllPlan(md, { dialect: d }).map((e) => sql(e, d));
      expect(drop).toEqual([
        d === "mysql" ? "ALTER TABLE users DROP FOREIGN KEY fk_users_fav_post_id_posts" : "ALTER TABLE users DROP CONSTRAINT fk_users_fav_post_id_posts",
        "DROP TABLE comments",
        "DROP TABLE posts",
        "DROP TABLE users",
      ]);
    }
  });

  it("a cycle on SQLite: every FK stays inline, no ALTER", () => {
    const md = cycle();
    const plan = createAllPlan(md, { dialect: "sqlite" }).map((e) => sql(e, "sqlite"));
    expect(plan[0]).toBe(ct("CREATE TABLE users", ["id INTEGER NOT NULL", "fav_post_id INTEGER", "PRIMARY KEY (id)", "FOREIGN KEY(fav_post_id) REFERENCES posts (id)"]));
    expect(plan.map(head)).toEqual(["CREATE TABLE users", "CREATE TABLE posts", "CREATE TABLE comments"]);
    expect(dropAllPlan(md, { dialect: "sqlite" }).map((e) => sql(e, "sqlite"))).toEqual(["DROP TABLE comments", "DROP TABLE posts", "DROP TABLE users"]);
  });

  it("useAlter: deferred on ALTER-capable dialects, inline on SQLite; a self-reference stays inline", () => {
    const md = new MetaData();
    new Table("a", md, new Column("id", Integer, { primaryKey: true }));
    const b = new Table("b", md, new Column("id", Integer, { primaryKey: true }), new Column("a_id", Integer, ForeignKey("a.id", { useAlter: true })), new Column("parent_id", Integer, ForeignKey("b.id")));
    const pg = createAllPlan(md, { dialect: "postgresql" }).map((e) => sql(e, "postgresql"));
    expect(pg[1]).toBe(ct("CREATE TABLE b", ["id SERIAL NOT NULL", "a_id INTEGER", "parent_id INTEGER", "PRIMARY KEY (id)", "FOREIGN KEY(parent_id) REFERENCES b (id)"]));
    expect(pg[2]).toBe("ALTER TABLE b ADD CONSTRAINT fk_b_a_id_a FOREIGN KEY(a_id) REFERENCES a (id)");
    expect(sql(new sa.CreateTable(b), "sqlite")).toContain("FOREIGN KEY(a_id) REFERENCES a (id)");
  });
});
