/** Configuration of foreignKeys / primaryjoin / postUpdate (no database). */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { declarativeBase, mappedColumn, relationship, type JoinColumns } from "../../../src/orm/index.js";

type PJ = (a: JoinColumns, b: JoinColumns) => sa.ColumnElement<unknown>;

function models(opts: { posts?: Parameters<typeof relationship>[1]; author?: Parameters<typeof relationship>[1] } = {}) {
  const Base = declarativeBase({ naming: "snake_case" });
  class User extends Base.model("users", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    isActive: mappedColumn(sa.Boolean),
    posts: relationship<Post[]>("Post", opts.posts ?? { foreignKeys: ["authorId"] }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Post extends Base.model("posts", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(20)),
    authorId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
    editorId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
    author: relationship<User>("User", opts.author ?? { foreignKeys: ["authorId"] }),
  }) {
    static {
      Base.register(this);
    }
  }
  return { Base, User, Post };
}

describe("relationship foreignKeys / primaryjoin", () => {
  it("an ambiguous one-to-many names both foreign keys and the fix", () => {
    const { Base } = models({ posts: {} });
    expect(() => Base.registry.configure()).toThrow(
      /User\.posts: several foreign keys could be used \(posts\.author_id → users\.id, posts\.editor_id → users\.id\); give foreignKeys: \["authorId"\] \(one of "authorId", "editorId"\) or a primaryjoin/,
    );
  });

  it("an ambiguous many-to-one names both foreign keys and the fix", () => {
    const { Base } = models({ author: {} });
    expect(() => Base.registry.configure()).toThrow(/Post\.author: several foreign keys could be used \(posts\.author_id → users\.id, posts\.editor_id → users\.id\)/);
  });

  it("primaryjoin: the foreign-key equality links the sides, the rest filters the target in joins", () => {
    const pj: PJ = (post, user) => sa.and(post.editorId!.eq(user.id!), user.isActive!);
    const { Base, Post, User } = models({ author: { primaryjoin: pj } });
    Base.registry.configure();
    const rel = Post.author as unknown as { direction: string; pairs: { fk: { key: string } }[] };
    expect(rel.direction).toBe("manyToOne");
    expect(rel.pairs.map((p) => p.fk.key)).toEqual(["editorId"]);
    const sql = sa.select(Post.title).join(Post.author).compile({ dialect: "sqlite" }).sql;
    expect(sql).toMatch(/JOIN users ON posts\.editor_id = users\.id AND users\.is_active/);
    void User;
  });

  it("primaryjoin errors: criteria on the parent, no foreign-key equality, not an expression", () => {
    const parent: PJ = (user, post) => sa.and(post.authorId!.eq(user.id!), user.isActive!);
    expect(() => models({ posts: { primaryjoin: parent } }).Base.registry.configure()).toThrow(/User\.posts: primaryjoin criteria other than foreign-key equalities may only use posts's columns/);
    const noFk: PJ = (user, post) => post.id!.eq(user.id!);
    expect(() => models({ posts: { primaryjoin: noFk } }).Base.registry.configure()).toThrow(/compares users\.id and posts\.id, but neither has a foreign key to the other/);
    const onlyFilter: PJ = (_user, post) => post.title!.eq("x");
    expect(() => models({ posts: { primaryjoin: onlyFilter } }).Base.registry.configure()).toThrow(/no equality between a foreign key and the column it references/);
    const bad = (() => 3) as unknown as PJ;
    expect(() => models({ posts: { primaryjoin: bad } }).Base.registry.configure()).toThrow(/primaryjoin must return a SQL expression/);
  });
});
