/**
 * Every example of the Querying section of ../shared/API.md, run through a Session on the models
 * of its Declarative models section (User, Post, Comment, Employee, Order), checking the objects
 * and rows each returns. Dialect-specific examples (date_trunc; ON CONFLICT vs ON DUPLICATE KEY;
 * RETURNING) run where the database has them and skip by declared dialect support elsewhere.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { and, cast, delete_, exists, func, insert, not, or, select, text, union, update } from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { Session, aliased, declarativeBase, mappedColumn, relationship } from "../../../src/orm/index.js";
import { requires, type AdapterTarget } from "./target.js";

function makeApiModels(prefix: string) {
  const Base = declarativeBase();
  const t = (n: string) => `${prefix}_${n}`;

  class User extends Base.model(t("users"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    username: mappedColumn(sa.String(50), { unique: true, index: true }),
    email: mappedColumn(sa.String(100), { nullable: true }),
    isActive: mappedColumn(sa.Boolean, { default: true }),
    loginCount: mappedColumn(sa.Integer, { default: 0 }),
    createdAt: mappedColumn(sa.DateTime, { default: () => new Date() }),
    posts: relationship<Post[]>("Post", { backPopulates: "author", cascade: "all, delete-orphan" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Post extends Base.model(t("posts"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(200)),
    userId: mappedColumn(sa.Integer, { foreignKey: `${t("users")}.id` }),
    author: relationship<User>("User", { backPopulates: "posts" }),
    comments: relationship<Comment[]>("Comment", { backPopulates: "post", cascade: "all, delete-orphan" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Comment extends Base.model(t("comments"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    content: mappedColumn(sa.String(200)),
    postId: mappedColumn(sa.Integer, { foreignKey: `${t("posts")}.id` }),
    post: relationship<Post>("Post", { backPopulates: "comments" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Employee extends Base.model(t("employees"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    managerId: mappedColumn(sa.Integer, { foreignKey: `${t("employees")}.id`, nullable: true }),
    manager: relationship<Employee | null>("Employee", { remoteSide: ["id"], backPopulates: "subordinates" }),
    subordinates: relationship<Employee[]>("Employee", { backPopulates: "manager" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Order extends Base.model(t("orders"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    total: mappedColumn(sa.Integer),
    createdAt: mappedColumn(sa.DateTime),
  }) {
    static {
      Base.register(this);
    }
  }

  return { Base, User, Post, Comment, Employee, Order };
}

export function ormApiQueryingSuite(target: AdapterTarget): void {
  describe("API.md Querying examples through a Session", () => {
    const { Base, User, Post, Comment, Employee, Order } = makeApiModels(`it_api_${target.name}`);
    let engine: Engine;
    let session: Session;
    const start = new Date(Date.UTC(2026, 0, 1));
    const end = new Date(Date.UTC(2100, 0, 1));
    const names = (users: readonly { username: string }[]) => users.map((u) => u.username).sort();

    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
    });
    beforeEach(async () => {
      await session?.close();
      await engine.begin(async (c) => {
        await c.execute(sa.update(Employee.__table__).values({ managerId: null }));
        for (const tb of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(tb));
      });
      const s = new Session(engine);
      const alicePosts = Array.from({ length: 6 }, (_, i) => new Post({ title: `a${i + 1}` }));
      alicePosts[0]!.comments.push(new Comment({ content: "x marks the spot" }), new Comment({ content: "plain" }));
      s.addAll([
        new User({ username: "alice", email: "alice@example.com", loginCount: 3, posts: alicePosts }),
        new User({ username: "bob", email: "bob@a.com", posts: [new Post({ title: "b1", comments: [new Comment({ content: "nothing" })] })] }),
        new User({ username: "carol", email: null, isActive: false }),
        new User({ username: "dave", email: "dave@b.com" }),
      ]);
      const boss = new Employee({ name: "boss" });
      s.addAll([boss, new Employee({ name: "ann", manager: boss }), new Employee({ name: "ben", manager: boss })]);
      s.addAll([
        new Order({ total: 10, createdAt: new Date(Date.UTC(2026, 5, 1, 9)) }),
        new Order({ total: 20, createdAt: new Date(Date.UTC(2026, 5, 1, 17)) }),
        new Order({ total: 5, createdAt: new Date(Date.UTC(2026, 5, 2, 8)) }),
      ]);
      await s.commit();
      await s.close();
      session = new Session(engine);
    });
    afterAll(async () => {
      await session?.close();
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("where, and/or/not, and the column operators", async () => {
      expect(names(await session.scalars(select(User).where(User.username.eq("alice"))).all())).toEqual(["alice"]);
      const rows = await session.execute(select(User.username, User.email).where(User.isActive.eq(true), User.email.like("%@example.com")));
      expect(rows.all().map((r) => [r[0], r[1]])).toEqual([["alice", "alice@example.com"]]);
      expect(names(await session.scalars(select(User).where(or(User.username.eq("alice"), User.username.eq("bob")))).all())).toEqual(["alice", "bob"]);
      expect(
        names(await session.scalars(select(User).where(and(User.isActive, or(User.email.like("%@a.com"), User.email.like("%@b.com"))))).all()),
      ).toEqual(["bob", "dave"]);
      expect(names(await session.scalars(select(User).where(not(User.isActive))).all())).toEqual(["carol"]);
      const q = async (...where: sa.ColumnElement<unknown>[]) => names(await session.scalars(select(User).where(...where)).all());
      expect(await q(User.username.in(["a", "bob"]))).toEqual(["bob"]);
      expect(await q(User.username.notIn(["alice", "bob"]))).toEqual(["carol", "dave"]);
      expect(await q(User.email.ilike("%@EXAMPLE.COM"))).toEqual(["alice"]);
      expect(await q(User.createdAt.between(start, end))).toEqual(["alice", "bob", "carol", "dave"]);
      expect(await q(User.email.isNull())).toEqual(["carol"]);
      expect(await q(User.email.isNotNull())).toEqual(["alice", "bob", "dave"]);
      const bobId = (await session.scalars(select(User).where(User.username.eq("bob"))).one()).id;
      expect(await q(User.id.gt(bobId))).toEqual(["carol", "dave"]);
      expect(await q(User.id.ge(bobId), User.id.lt(bobId + 2), User.id.ne(bobId + 1))).toEqual(["bob"]);
      expect(await q(User.id.le(bobId), User.username.notLike("a%"))).toEqual(["bob"]);
      expect(await q(User.username.startsWith("al"))).toEqual(["alice"]);
      expect(await q(User.username.endsWith("ve"))).toEqual(["dave"]);
      expect(await q(User.email.contains("@a."))).toEqual(["bob"]);
      const [row] = (
        await session.execute(
          select(User.loginCount.plus(1), User.loginCount.minus(1), User.loginCount.times(2), User.loginCount.div(3), User.username.concat("!")).where(
            User.username.eq("alice"),
          ),
        )
      ).all();
      expect([row![0], row![1], row![2], Number(row![3]), row![4]]).toEqual([4, 2, 6, 1, "alice!"]);
    });

    it("orderBy/limit/offset, distinct, exists", async () => {
      expect(await session.scalars(select(User).orderBy(User.createdAt.desc()).limit(10).offset(20)).all()).toEqual([]);
      expect(names(await session.scalars(select(User).orderBy(User.username).limit(2).offset(1)).all())).toEqual(["bob", "carol"]);
      const emails = (await session.scalars(select(User.email).distinct()).all()).sort();
      expect(emails).toEqual([null, "alice@example.com", "bob@a.com", "dave@b.com"].sort());
      expect(Boolean(await session.scalar(select(exists().where(User.username.eq("alice")))))).toBe(true);
      expect(Boolean(await session.scalar(select(exists().where(User.username.eq("zed")))))).toBe(false);
    });

    it("joins: entity pairs, along relationships, outer joins, aliases", async () => {
      const pairs = (await session.execute(select(User, Post).join(Post, User.id.eq(Post.userId)))).all();
      expect(pairs).toHaveLength(7);
      for (const [u, p] of pairs) expect(p.author).toBe(u); // one object per row, relationships consistent
      const withX = await session.scalars(select(User).join(User.posts).join(Post.comments).where(Comment.content.like("%x%")).distinct()).all();
      expect(names(withX)).toEqual(["alice"]);
      const outer = await session.scalars(select(User).outerjoin(Post, User.id.eq(Post.userId))).unique().all();
      expect(names(outer)).toEqual(["alice", "bob", "carol", "dave"]);
      const PostAlias = aliased(Post);
      const Manager = aliased(Employee);
      const titles = await session.scalars(select(PostAlias).where(PostAlias.title.startsWith("b"))).all();
      expect(titles.map((p) => p.title)).toEqual(["b1"]);
      const reports = (await session.execute(select(Employee.name, Manager.name).join(Manager, Employee.managerId.eq(Manager.id)).orderBy(Employee.name))).all();
      expect(reports.map((r) => [r[0], r[1]])).toEqual([["ann", "boss"], ["ben", "boss"]]);
    });

    it("aggregates: count, count distinct, grouped counts with having", async () => {
      expect(Number(await session.scalar(select(func.count()).selectFrom(User)))).toBe(4);
      expect(Number(await session.scalar(select(func.count(func.distinct(User.email)))))).toBe(3);
      const rows = (
        await session.execute(
          select(User.id, User.username, func.count(Post.id).label("postCount"))
            .outerjoin(Post, User.id.eq(Post.userId))
            .groupBy(User.id, User.username)
            .having(func.count(Post.id).gt(5))
            .orderBy(func.count(Post.id).desc()),
        )
      ).all();
      expect(rows.map((r) => [r.username, Number(r.postCount)])).toEqual([["alice", 6]]);
    });

    it("func.date_trunc renders verbatim (PostgreSQL)", async (ctx) => {
      requires(ctx, engine.dialect.name === "postgresql", "date_trunc is PostgreSQL's");
      const day = func.date_trunc("day", Order.createdAt).label("day");
      const days = (await session.execute(select(day, func.sum(Order.total).label("total")).groupBy(day).orderBy(day))).all();
      expect(days.map((r) => Number(r.total))).toEqual([30, 5]);
    });

    it("update and delete: rowcount, expressions, RETURNING", async (ctx) => {
      const r = await session.execute(update(User).where(User.isActive.eq(false)).values({ isActive: true }));
      expect(r.rowcount).toBe(1);
      const aliceId = (await session.scalars(select(User).where(User.username.eq("alice"))).one()).id;
      await session.execute(update(User).where(User.id.eq(aliceId)).values({ loginCount: User.loginCount.plus(1) }));
      expect(await session.scalar(select(User.loginCount).where(User.id.eq(aliceId)))).toBe(4);
      await session.execute(update(User).where(User.isActive.eq(true)).values({ isActive: false }));
      const d = await session.execute(delete_(User).where(User.isActive.eq(false), User.username.eq("dave")));
      expect(d.rowcount).toBe(1);
      if (engine.dialect.supportsReturning("update")) {
        const updated = await session.scalars(update(User).where(User.id.eq(aliceId)).values({ email: "x" }).returning(User)).all();
        expect(updated.map((u) => [u.username, u.email])).toEqual([["alice", "x"]]);
      }
      requires(ctx, engine.dialect.supportsReturning("delete"), "the dialect has no DELETE ... RETURNING");
      const carolId = (await session.scalars(select(User).where(User.username.eq("carol"))).one()).id;
      const ids = await session.scalars(delete_(User).where(User.id.eq(carolId)).returning(User.id)).all();
      expect(ids).toEqual([carolId]);
    });

    it("insert: multi-row values, and upserts per dialect", async () => {
      await session.execute(insert(User).values([{ username: "u1" }, { username: "u2" }]));
      expect(names(await session.scalars(select(User).where(User.username.startsWith("u"))).all())).toEqual(["u1", "u2"]);
      const row = { username: "u1", email: "new@example.com" };
      if (engine.dialect.name === "mysql" || engine.dialect.name === "mariadb") {
        await session.execute(insert(User).values(row).onDuplicateKeyUpdate({ email: "new@example.com" }));
      } else {
        const stmt = insert(User).values(row);
        await session.execute(stmt.onConflictDoUpdate({ indexElements: ["username"], set: { email: stmt.excluded.c.email } }));
      }
      expect(await session.scalar(select(User.email).where(User.username.eq("u1")))).toBe("new@example.com");
      expect(Number(await session.scalar(select(func.count()).selectFrom(User)))).toBe(6);
    });

    it("cte, subquery, union, case, cast, window functions", async () => {
      const counts = select(Post.userId, func.count(Post.id).label("n")).groupBy(Post.userId).cte("post_counts");
      const viaCte = (await session.execute(select(User.username, counts.c.n).join(counts, counts.c.userId.eq(User.id)).orderBy(User.username))).all();
      expect(viaCte.map((r) => [r[0], Number(r[1])])).toEqual([["alice", 6], ["bob", 1]]);
      const sub = select(Post.userId).where(Post.title.eq("b1")).subquery("sq");
      expect(names(await session.scalars(select(User).join(sub, sub.c.userId.eq(User.id))).all())).toEqual(["bob"]);
      const both = (await session.execute(union(select(User.username).where(User.username.eq("alice")), select(User.username).where(User.username.eq("bob"))))).all();
      expect(both.map((r) => r[0]).sort()).toEqual(["alice", "bob"]);
      const kind = sa.case([[User.email.isNull(), "none"]], { else: "some" });
      const kinds = (await session.execute(select(User.username, kind.label("kind")).orderBy(User.username))).all();
      expect(kinds.map((r) => r.kind)).toEqual(["some", "some", "none", "some"]);
      expect(Number(await session.scalar(select(cast(User.loginCount, sa.Integer)).where(User.username.eq("alice"))))).toBe(3);
      const ranked = (
        await session.execute(
          select(Post.title, func.row_number().over({ partitionBy: Post.userId, orderBy: Post.title.desc() }).label("rn")).where(Post.title.in(["a1", "a2", "b1"])).orderBy(Post.title),
        )
      ).all();
      expect(ranked.map((r) => [r.title, Number(r.rn)])).toEqual([["a1", 2], ["a2", 1], ["b1", 1]]);
    });

    it("raw SQL: named params, bindparams, executemany, fromStatement", async () => {
      const T = User.__table__.name;
      const q = (sql: string) => engine.dialect.preparer.quote(sql);
      const one = await session.execute(text(`SELECT ${q("username")} FROM ${q(T)} WHERE ${q("username")} = :username`), { username: "alice" });
      expect(one.all().map((r) => r[0])).toEqual(["alice"]);
      const active = await session.execute(text(`SELECT ${q("username")} FROM ${q(T)} WHERE ${q("isActive")} = :active ORDER BY ${q("username")}`).bindparams({ active: true }));
      expect(active.all().map((r) => r[0])).toEqual(["alice", "bob", "dave"]);
      await session.execute(text(`UPDATE ${q(T)} SET ${q("loginCount")} = :n WHERE ${q("username")} = :u`), [{ n: 7, u: "bob" }, { n: 8, u: "dave" }]);
      expect(await session.scalars(select(User.loginCount).where(User.username.in(["bob", "dave"])).orderBy(User.username)).all()).toEqual([7, 8]);
      const users = await session.scalars(select(User).fromStatement(text(`SELECT * FROM ${q(T)} WHERE ${q("username")} LIKE :p ORDER BY ${q("username")}`).bindparams({ p: "%a%" }))).all();
      expect(users.map((u) => u.username)).toEqual(["alice", "carol", "dave"]);
      expect(users[0]).toBe(await session.get(User, users[0]!.id)); // through the identity map
    });
  });
}
