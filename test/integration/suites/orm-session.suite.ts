/** ORM: models, Session add/get/flush/commit, identity map, relationships, unit-of-work SQL order, events. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { LazyLoadError, Session, declarativeBase, inspectState, mappedColumn, sessionmaker, scopedSession } from "../../../src/orm/index.js";
import { makeModels } from "./orm-models.js";
import { rejection, type AdapterTarget } from "./target.js";

export function ormSessionSuite(target: AdapterTarget): void {
  describe("orm session", () => {
    const M = makeModels(`it_orms_${target.name}`);
    const { Base, User, Post, Group, Node, Item, Profile } = M;
    let engine: Engine;
    const log: string[] = [];
    const dml = () => log.filter((s) => /^(INSERT|UPDATE|DELETE)/i.test(s));
    const tableOf = (sql: string) => /(?:INTO|UPDATE|FROM)\s+[`"]?(\w+)/i.exec(sql)?.[1]?.replace(`it_orms_${target.name}_`, "") ?? "?";

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
        for (const t of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(t));
      });
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("maps attributes to snake_case columns and applies client defaults", async () => {
      expect(User.isActive.name).toBe("is_active");
      await using s = new Session(engine);
      const u = new User({ username: "alice" });
      s.add(u);
      expect(s.new).toEqual([u]);
      await s.commit();
      const r = await engine.connect((c) => c.execute(sa.text(`SELECT is_active, login_count FROM ${User.__table__.name}`)));
      expect(r.all().map((x) => [Boolean(x[0]), Number(x[1])])).toEqual([[true, 0]]);
      expect(typeof u.id).toBe("number");
    });

    it("inserts several objects of one table in one statement where RETURNING is available", async () => {
      await using s = new Session(engine);
      s.addAll([new User({ username: "a" }), new User({ username: "b" }), new User({ username: "c" })]);
      await s.flush();
      const returning = target.capabilities.returning && engine.dialect.supportsReturning("insert");
      expect(dml()).toHaveLength(returning ? 1 : 3);
      const ids = (await s.scalars(sa.select(User).orderBy(User.id)).all()).map((u) => u.id);
      expect(new Set(ids).size).toBe(3);
      await s.rollback();
    });

    it("get() answers from the identity map without SQL, and queries return the same object", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "bob", email: "b@x.io" });
      s.add(u);
      await s.commit();
      log.length = 0;
      expect(await s.get(User, u.id)).toBe(u);
      expect(log).toHaveLength(0);
      u.email = "pending@x.io";
      const found = await s.scalars(sa.select(User).where(User.username.eq("bob"))).one();
      expect(found).toBe(u);
      expect(found.email).toBe("pending@x.io"); // autoflushed, not overwritten
      const rows = (await s.execute(sa.select(User, User.username))).all();
      expect(rows[0]![0]).toBe(u);
      expect(rows[0]![1]).toBe("bob");
      const other = new Session(engine);
      const fresh = await other.get(User, u.id);
      expect(fresh).not.toBe(u);
      expect(fresh).toBeInstanceOf(User);
      await other.close();
    });

    it("an UPDATE sends only the changed columns", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "carol" });
      s.add(u);
      await s.commit();
      log.length = 0;
      u.email = "c@x.io";
      expect(s.dirty).toEqual([u]);
      expect(inspectState(u).history("email")).toMatchObject({ changed: true, current: "c@x.io", old: null });
      await s.flush();
      expect(dml()).toHaveLength(1);
      expect(dml()[0]).toMatch(/^UPDATE/);
      expect(dml()[0]).toMatch(/email/);
      expect(dml()[0]).not.toMatch(/username/);
      await s.flush();
      expect(dml()).toHaveLength(1); // nothing dirty: no statement
      await s.commit();
    });

    it("backPopulates keeps both sides in sync in memory; the flush inserts parents first and syncs keys", async () => {
      await using s = new Session(engine);
      const u = new User({ username: "dave" });
      const p1 = new Post({ title: "one" });
      u.posts.push(p1);
      expect(p1.author).toBe(u);
      const p2 = new Post({ title: "two", author: u });
      expect(u.posts).toEqual([p1, p2]);
      s.add(u);
      expect(s.new).toHaveLength(3);
      await s.commit();
      expect(dml().map(tableOf)).toEqual(dml().length === 2 ? ["users", "posts"] : ["users", "posts", "posts"]);
      const rows = await engine.connect((c) => c.execute(sa.select(Post.userId)));
      expect(rows.scalars().all()).toEqual([u.id, u.id]);
    });

    it("unloaded relationships raise LazyLoadError; awaitableAttrs loads with one SELECT", async () => {
      await engine.begin(async (c) => {
        await c.execute(sa.insert(User.__table__).values({ id: 10, username: "eve", isActive: true, loginCount: 0 } as never));
        await c.execute(sa.insert(Post.__table__).values([{ id: 1, title: "x", userId: 10 }, { id: 2, title: "y", userId: 10 }] as never));
      });
      await using s = new Session(engine);
      const u = (await s.get(User, 10))!;
      const err = (() => {
        try {
          return u.posts;
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(LazyLoadError);
      expect(String((err as Error).message)).toMatch(/awaitableAttrs\.posts/);
      log.length = 0;
      const posts = await u.awaitableAttrs.posts;
      expect(log).toHaveLength(1);
      expect(posts.map((p) => p.title)).toEqual(["y", "x"]); // orderBy: ["-title"]
      expect(u.posts).toBe(posts);
      // many-to-one answered from the identity map
      log.length = 0;
      expect(await posts[0]!.awaitableAttrs.author).toBe(u);
      expect(log).toHaveLength(0);
    });

    it("delete cascades to children (children deleted first); delete-orphan removes a child taken out of the collection", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "frank", posts: [new Post({ title: "a" }), new Post({ title: "b" }), new Post({ title: "c" })] });
      s.add(u);
      await s.commit();
      log.length = 0;
      const orphan = u.posts[0]!;
      u.posts.splice(0, 1);
      expect(orphan.author).toBeNull();
      await s.commit();
      expect(dml().map(tableOf)).toEqual(["posts"]);
      expect(dml()[0]).toMatch(/^DELETE/);
      log.length = 0;
      s.delete(u);
      expect(s.deleted).toContain(u);
      await s.commit();
      // association rows of the unloaded many-to-many collection, then children, then the parent
      expect(dml().map(tableOf)).toEqual(["user_groups", "posts", "users"]);
      const n = await engine.connect((c) => c.execute(sa.select(sa.func.count()).selectFrom(Post.__table__)));
      expect(Number(n.scalar())).toBe(0);
    });

    it("deleting a parent whose children are not loaded loads them for the cascade", async () => {
      await using s = new Session(engine);
      s.add(new User({ username: "gina", posts: [new Post({ title: "a" })] }));
      await s.commit();
      const u = (await s.scalars(sa.select(User)).one());
      s.delete(u);
      await s.commit();
      const n = await engine.connect((c) => c.execute(sa.select(sa.func.count()).selectFrom(Post.__table__)));
      expect(Number(n.scalar())).toBe(0);
    });

    it("many-to-many rows are written after both ends and removed with the link", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "hal" });
      const g1 = new Group({ name: "g1" });
      const g2 = new Group({ name: "g2" });
      u.groups.push(g1, g2);
      expect(g1.members).toEqual([u]);
      s.add(u);
      await s.commit();
      const seq = dml().map(tableOf);
      expect(seq[seq.length - 1]).toBe("user_groups");
      expect(seq.indexOf("user_groups")).toBeGreaterThan(Math.max(seq.lastIndexOf("users"), seq.lastIndexOf("groups")));
      log.length = 0;
      u.groups.splice(u.groups.indexOf(g1), 1);
      expect(g1.members).toEqual([]);
      await s.commit();
      expect(dml()).toHaveLength(1);
      expect(dml()[0]).toMatch(/^DELETE/);
      const other = new Session(engine);
      const u2 = (await other.get(User, u.id))!;
      expect((await u2.awaitableAttrs.groups).map((g) => g.name)).toEqual(["g2"]);
      await other.close();
    });

    it("self-referential rows are inserted parent first and deleted children first", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const root = new Node({ name: "root" });
      const child = new Node({ name: "child", parent: root });
      const grandchild = new Node({ name: "grandchild" });
      child.children.push(grandchild);
      s.add(grandchild); // cascades up through parent/author links
      await s.commit();
      expect(child.parentId).toBe(root.id);
      expect(grandchild.parentId).toBe(child.id);
      s.delete(root);
      s.delete(child);
      s.delete(grandchild);
      await s.commit();
      const n = await engine.connect((c) => c.execute(sa.select(sa.func.count()).selectFrom(Node.__table__)));
      expect(Number(n.scalar())).toBe(0);
    });

    it("expires on commit (no implicit I/O), refresh() and awaitableAttrs load", async () => {
      await using s = new Session(engine);
      const u = new User({ username: "ivy" });
      s.add(u);
      await s.commit();
      expect(u.id).toBeTypeOf("number"); // the identity never expires
      expect(() => u.username).toThrow(/expired.*refresh/);
      expect(await u.awaitableAttrs.username).toBe("ivy");
      await s.refresh(u);
      expect(u.email).toBeNull();
    });

    it("composite primary keys, versionIdCol and onupdate", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const it1 = new Item({ sku: "A1", region: "eu", qty: 1 });
      s.add(it1);
      await s.commit();
      expect(it1.version).toBe(1);
      it1.qty = 2;
      await s.commit();
      expect(it1.version).toBe(2);
      expect(it1.note).toBe("updated");
      expect(await s.get(Item, ["A1", "eu"])).toBe(it1);
      expect(await s.get(Item, { sku: "A1", region: "eu" })).toBe(it1);
    });

    it("one-to-one (uselist: false): the child gets the parent's key; replacing it deletes the orphan", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "otto" });
      u.profile = new Profile({ bio: "first" });
      expect(u.profile!.user).toBe(u);
      s.add(u);
      await s.commit();
      expect(u.profile!.userId).toBe(u.id);
      const old = u.profile!;
      u.profile = new Profile({ bio: "second" });
      await s.commit();
      const bios = await engine.connect(async (c) => (await c.execute(sa.select(Profile.bio))).scalars().all());
      expect(bios).toEqual(["second"]);
      expect(s.contains(old)).toBe(false);
    });

    it("bulkInsertMappings / bulkUpdateMappings write plain rows", async () => {
      await using s = new Session(engine);
      await s.bulkInsertMappings(User, [{ id: 100, username: "b1" }, { id: 101, username: "b2" }]);
      await s.bulkUpdateMappings(User, [{ id: 101, email: "b2@x.io" }]);
      await s.commit();
      const rows = await engine.connect(async (c) => (await c.execute(sa.select(User.username, User.email, User.isActive).orderBy(User.id))).all());
      expect(rows.map((r) => [r[0], r[1], Boolean(r[2])])).toEqual([["b1", null, true], ["b2", "b2@x.io", true]]);
    });

    it("mapper, attribute and session events", async () => {
      const seen: string[] = [];
      const off1 = sa.event.listen(User, "beforeInsert", (_m: unknown, _c: unknown, target: InstanceType<typeof User>) => {
        target.loginCount = 42;
        seen.push("beforeInsert");
      });
      const off2 = sa.event.listen(User.email, "set", (_t: unknown, v: string | null) => v?.toLowerCase() ?? null, { retval: true });
      const off3 = sa.event.listen(Session, "afterCommit", () => void seen.push("afterCommit"));
      const off4 = sa.event.listen(User, "afterUpdate", () => void seen.push("afterUpdate"));
      const off5 = sa.event.listen(Session, "afterFlush", () => void seen.push("afterFlush"));
      const off6 = sa.event.listen(Session, "afterRollback", () => void seen.push("afterRollback"));
      try {
        await using s = new Session(engine, { expireOnCommit: false });
        const u = new User({ username: "jo", email: "JO@X.IO" });
        expect(u.email).toBe("jo@x.io");
        s.add(u);
        await s.commit();
        expect(u.loginCount).toBe(42);
        u.username = "joe";
        await s.commit();
        await s.rollback();
        expect(seen).toEqual(["beforeInsert", "afterFlush", "afterCommit", "afterUpdate", "afterFlush", "afterCommit", "afterRollback"]);
      } finally {
        off5();
        off6();
        off1();
        off2();
        off3();
        off4();
      }
      const u2 = new User({ email: "KEEP" });
      expect(u2.email).toBe("KEEP");
    });

    it("sessionmaker().begin commits; scopedSession gives one session per async context", async () => {
      const SessionLocal = sessionmaker({ bind: engine });
      await SessionLocal.begin(async (s) => {
        s.add(new User({ username: "kim" }));
      });
      const scoped = scopedSession(SessionLocal);
      const [a, b] = await Promise.all([scoped.run(async () => [scoped(), scoped()]), scoped.run(async () => [scoped(), scoped()])]);
      expect(a![0]).toBe(a![1]);
      expect(a![0]).not.toBe(b![0]);
      const n = await scoped.run(() => scoped().scalars(sa.select(User.username)).all());
      expect(n).toEqual(["kim"]);
    });

    it("an unregistered class fails with an error naming it and the fix", async () => {
      const B = declarativeBase();
      class Orphan extends B.model(`it_orms_${target.name}_unreg`, { id: mappedColumn(sa.Integer, { primaryKey: true }) }) {}
      expect(() => new Orphan()).toThrow("Orphan is not registered: add `static { Base.register(this); }` to its body");
      expect(() => sa.select(Orphan)).toThrow(/Orphan is not registered/);
      await using s = new Session(engine);
      expect(await rejection(s.get(Orphan, 1))).toMatchObject({ message: expect.stringMatching(/Orphan is not registered/) });
    });
  });
}
