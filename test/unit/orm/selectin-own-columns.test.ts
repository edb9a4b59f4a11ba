/**
 * selectinload of a relationship whose link columns are the target's own columns (one-to-many,
 * many-to-one) selects the target alone (`SELECT posts.* FROM posts WHERE posts.user_id IN (...)`)
 * and groups the children by their own column values as in the database: a child whose foreign
 * key was changed in memory (not flushed) still belongs to the parent its row names. Runs on real
 * SQLite (libsql, in memory).
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, declarativeBase, mappedColumn, relationship, selectinload } from "../../../src/orm/index.js";

async function setup() {
  const Base = declarativeBase({ naming: "snake_case" });
  class User extends Base.model("users", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    posts: relationship<Post[]>("Post", { backPopulates: "user" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Post extends Base.model("posts", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    userId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
    title: mappedColumn(sa.String(20)),
    user: relationship<User>("User", { backPopulates: "posts" }),
  }) {
    static {
      Base.register(this);
    }
  }
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  await engine.begin(async (c) => {
    await c.execute(sa.insert(User.__table__).values([{ id: 1, name: "Ann" }, { id: 2, name: "Bo" }] as never));
    await c.execute(sa.insert(Post.__table__).values([{ id: 1, userId: 1, title: "a" }, { id: 2, userId: 1, title: "b" }, { id: 3, userId: 2, title: "c" }] as never));
  });
  const selects: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
    if (/^\s*SELECT/i.test(sql)) selects.push(sql);
  });
  return { User, Post, engine, selects };
}

describe("selectinload through the target's own columns", () => {
  it("selects the target's columns once and groups children by their foreign key", async () => {
    const { User, Post, engine, selects } = await setup();
    const s = new Session(engine);
    const users = await s.scalars(sa.select(User).orderBy(User.id).options(selectinload(User.posts))).all();
    expect(selects).toHaveLength(2);
    expect(selects[1]).toMatch(/^SELECT posts\.id, posts\.user_id, posts\.title\s+FROM posts\s+WHERE posts\.user_id IN \(\?, \?\)$/);
    expect(users.map((u) => u.posts.map((p) => p.title).sort())).toEqual([["a", "b"], ["c"]]);
    expect(users[0]!.posts[0]!.user).toBe(users[0]); // many-to-one from the identity map, no SQL
    selects.length = 0;
    const posts = await s.scalars(sa.select(Post).orderBy(Post.id).options(selectinload(Post.user))).all();
    expect(posts.map((p) => p.user.name)).toEqual(["Ann", "Ann", "Bo"]);
    expect(selects).toHaveLength(1); // both users were in the identity map already
    await s.close();
    await engine.dispose();
  });

  it("a child moved in memory (not flushed) is grouped by the parent its row names", async () => {
    const { User, Post, engine } = await setup();
    const s = new Session(engine, { autoflush: false });
    const p3 = (await s.get(Post, 3))!;
    p3.userId = 1; // not flushed: the database still says user 2
    const users = await s.scalars(sa.select(User).orderBy(User.id).options(selectinload(User.posts))).all();
    expect(users[1]!.posts).toEqual([p3]);
    expect(users[0]!.posts.map((p) => p.id).sort()).toEqual([1, 2]);
    await s.close();
    await engine.dispose();
  });
});
