/** ORM loading strategies: loader options, statement counts, identity map, aliased, relationship joins, fromStatement. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import {
  InvalidRequestError,
  LazyLoadError,
  Session,
  aliased,
  containsEager,
  joinedload,
  noload,
  raiseload,
  selectinload,
  subqueryload,
} from "../../../src/orm/index.js";
import { makeModels } from "./orm-models.js";
import type { AdapterTarget } from "./target.js";

export function ormLoadingSuite(target: AdapterTarget): void {
  describe("orm loading", () => {
    const { Base, User, Post, Group, Node } = makeModels(`it_ormq_${target.name}`);
    let engine: Engine;
    const log: string[] = [];
    const selects = () => log.filter((s) => /^\s*SELECT/i.test(s)).length;

    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
        log.push(sql);
      });
    });
    beforeEach(async () => {
      await engine.begin(async (c) => {
        await c.execute(sa.update(Node.__table__).values({ parentId: null })); // MySQL checks self-referencing keys row by row
        for (const t of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(t));
      });
      const s = new Session(engine);
      const g1 = new Group({ name: "g1" });
      const g2 = new Group({ name: "g2" });
      s.addAll([
        new User({ username: "alice", posts: [new Post({ title: "a1" }), new Post({ title: "a2" })], groups: [g1, g2] }),
        new User({ username: "bob", posts: [new Post({ title: "b1" })], groups: [g1] }),
        new User({ username: "carol" }),
      ]);
      const root = new Node({ name: "root" });
      const c1 = new Node({ name: "c1", parent: root });
      new Node({ name: "c2", parent: root });
      new Node({ name: "c1a", parent: c1 });
      s.add(root);
      await s.commit();
      await s.close();
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    const titles = (u: InstanceType<typeof User>) => u.posts.map((p) => p.title);

    it("selectinload: one IN query per level, nested and several at once (1 + levels statements)", async () => {
      await using s = new Session(engine);
      const users = await s.scalars(sa.select(User).orderBy(User.username).options(selectinload(User.posts), selectinload(User.groups))).all();
      expect(selects()).toBe(3);
      expect(users.map(titles)).toEqual([["a2", "a1"], ["b1"], []]);
      expect(users.map((u) => u.groups.map((g) => g.name).sort())).toEqual([["g1", "g2"], ["g1"], []]);
      log.length = 0;
      const roots = await s.scalars(sa.select(Node).where(Node.parentId.isNull()).options(selectinload(Node.children).selectinload(Node.children))).all();
      expect(selects()).toBe(3);
      const root = roots[0]!;
      expect(root.children.map((c) => c.name).sort()).toEqual(["c1", "c2"]);
      expect(root.children.find((c) => c.name === "c1")!.children.map((c) => c.name)).toEqual(["c1a"]);
      expect(root.children.find((c) => c.name === "c2")!.children).toEqual([]);
    });

    it("joinedload: one statement; collections require unique()", async () => {
      await using s = new Session(engine);
      const stmt = sa.select(User).orderBy(User.username).options(joinedload(User.posts), joinedload(User.groups));
      await expect(s.scalars(stmt).all()).rejects.toThrow(
        "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections",
      );
      await expect(s.scalars(stmt).all()).rejects.toBeInstanceOf(InvalidRequestError);
      log.length = 0;
      const users = await s.scalars(stmt).unique().all();
      expect(selects()).toBe(1);
      expect(users.map((u) => u.username)).toEqual(["alice", "bob", "carol"]);
      expect(users.map(titles)).toEqual([["a2", "a1"], ["b1"], []]);
      expect(users[0]!.groups.map((g) => g.name).sort()).toEqual(["g1", "g2"]);
      const r = await s.execute(sa.select(User).options(joinedload(User.posts)));
      expect(() => r.all()).toThrow(/unique\(\) method must be invoked/);
      expect(r.unique().all()).toHaveLength(3);
      log.length = 0;
      const posts = await s.scalars(sa.select(Post).options(joinedload(Post.author))).all(); // many-to-one: no unique() needed
      expect(selects()).toBe(1);
      expect(posts.every((p) => p.author !== null)).toBe(true);
    });

    it("joinedload nested and self-referential", async () => {
      await using s = new Session(engine);
      const roots = await s.scalars(sa.select(Node).where(Node.parentId.isNull()).options(joinedload(Node.children).joinedload(Node.children))).unique().all();
      expect(selects()).toBe(1);
      const c1 = roots[0]!.children.find((c) => c.name === "c1")!;
      expect(c1.children.map((c) => c.name)).toEqual(["c1a"]);
    });

    it("subqueryload: the parent query again as a subquery (1 + levels statements)", async () => {
      await using s = new Session(engine);
      const users = await s.scalars(sa.select(User).where(User.username.ne("carol")).orderBy(User.username).options(subqueryload(User.posts), subqueryload(User.groups))).all();
      expect(selects()).toBe(3);
      expect(log.some((q) => /JOIN \(SELECT DISTINCT/i.test(q))).toBe(true);
      expect(users.map(titles)).toEqual([["a2", "a1"], ["b1"]]);
      expect(users[1]!.groups.map((g) => g.name)).toEqual(["g1"]);
      log.length = 0;
      const roots = await s.scalars(sa.select(Node).where(Node.parentId.isNull()).options(subqueryload(Node.children).subqueryload(Node.children))).all();
      expect(selects()).toBe(3);
      expect(roots[0]!.children.find((c) => c.name === "c1")!.children.map((c) => c.name)).toEqual(["c1a"]);
    });

    it("lazy loop via awaitableAttrs: 1 + N statements", async () => {
      await using s = new Session(engine);
      const users = await s.scalars(sa.select(User)).all();
      for (const u of users) await u.awaitableAttrs.posts;
      expect(selects()).toBe(1 + users.length);
    });

    it("raiseload and noload", async () => {
      await using s = new Session(engine);
      const [u] = await s.scalars(sa.select(User).where(User.username.eq("alice")).options(raiseload(User.posts), noload(User.groups))).all();
      expect(selects()).toBe(1);
      expect(() => u!.posts).toThrow(LazyLoadError);
      await expect(u!.awaitableAttrs.posts).rejects.toThrow(/raiseload\(.*posts\)/);
      expect(u!.groups).toEqual([]);
      expect(selects()).toBe(1);
    });

    it("containsEager with an explicit join, also to an alias", async () => {
      await using s = new Session(engine);
      const users = await s
        .scalars(sa.select(User).join(User.posts).where(Post.title.ne("a1")).orderBy(User.username).options(containsEager(User.posts)))
        .unique()
        .all();
      expect(selects()).toBe(1);
      expect(users.map(titles)).toEqual([["a2"], ["b1"]]);
      await s.close();
      const P = aliased(Post);
      const s2 = new Session(engine);
      log.length = 0;
      const u2 = await s2
        .scalars(sa.select(User).join(User.posts.ofType(P)).where(P.title.eq("a1")).options(containsEager(User.posts.ofType(P))))
        .unique()
        .all();
      expect(selects()).toBe(1);
      expect(u2.map(titles)).toEqual([["a1"]]);
      await s2.close();
    });

    it("lazy defaults on relationship() are not overridden by loaded objects' pending changes", async () => {
      await using s = new Session(engine, { autoflush: false });
      const [alice] = await s.scalars(sa.select(User).where(User.username.eq("alice")).options(selectinload(User.posts))).all();
      alice!.posts[0]!.title = "changed";
      alice!.email = "pending@x.io";
      log.length = 0;
      const again = await s.scalars(sa.select(User).where(User.username.eq("alice")).options(joinedload(User.posts))).unique().one();
      expect(again).toBe(alice);
      expect(again.email).toBe("pending@x.io");
      expect(again.posts[0]!.title).toBe("changed");
    });

    it("aliased entities, joins along relationships, fromStatement", async () => {
      await using s = new Session(engine);
      const A = aliased(User);
      const found = await s.scalars(sa.select(A).where(A.username.eq("bob"))).one();
      expect(found.username).toBe("bob");
      expect(found).toBeInstanceOf(User);
      const withPosts = await s.scalars(sa.select(User).join(User.posts).where(Post.title.eq("b1"))).all();
      expect(withPosts).toEqual([found]);
      const inG1 = await s.scalars(sa.select(User).join(User.groups).where(Group.name.eq("g2"))).all();
      expect(inG1.map((u) => u.username)).toEqual(["alice"]);
      const Child = aliased(Node);
      const parents = await s.scalars(sa.select(Node).join(Node.children.ofType(Child)).where(Child.name.eq("c1a"))).all();
      expect(parents.map((n) => n.name)).toEqual(["c1"]);
      const tbl = User.__table__.name;
      const fs = await s.scalars(sa.select(User).fromStatement(sa.text(`SELECT * FROM ${tbl} WHERE username = :u`).bindparams({ u: "bob" }))).all();
      expect(fs).toEqual([found]);
    });
  });
}
