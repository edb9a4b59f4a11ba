/**
 * ORM-enabled DML and the pending-result API: update(User)/delete_(User) with synchronizeSession,
 * returning(User) entities, bulk UPDATE by primary key, scalars().all/first/one/oneOrNone/unique,
 * yieldPer streaming and partitions, identity-map behaviour of queries; statement counts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { NotSupportedError } from "../../../src/errors.js";
import type { Engine } from "../../../src/engine/engine.js";
import { MultipleResultsFound, NoResultFound, Session, StaleDataError, UnevaluatableError, inspectState, joinedload, selectinload } from "../../../src/orm/index.js";
import { makeModels } from "./orm-models.js";
import { requires, type AdapterTarget } from "./target.js";

export function ormDmlSuite(target: AdapterTarget): void {
  describe("orm dml and results", () => {
    const { Base, User, Post, Node } = makeModels(`it_ormdml_${target.name}`);
    let engine: Engine;
    const log: string[] = [];
    const count = (re: RegExp) => log.filter((s) => re.test(s)).length;
    const selects = () => count(/^\s*SELECT/i);
    let returning: { update: boolean; delete: boolean; insert: boolean };

    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
      // the dialect is known after the first connect (mysql → mariadb)
      returning = { update: engine.dialect.supportsReturning("update"), delete: engine.dialect.supportsReturning("delete"), insert: engine.dialect.supportsReturning("insert") };
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
        if (!/^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)) log.push(sql); // statements, not transaction control
      });
    });
    beforeEach(async () => {
      await engine.begin(async (c) => {
        await c.execute(sa.update(Node.__table__).values({ parentId: null }));
        for (const t of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(t));
        await c.execute(
          sa.insert(User.__table__).values(
            ["alice", "bob", "carol", "dave", "erin"].map((username, i) => ({ id: i + 1, username, email: i % 2 ? null : `${username}@example.com`, isActive: i < 3, loginCount: i })) as never,
          ),
        );
        await c.execute(sa.insert(Post.__table__).values(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, title: `p${i + 1}`, userId: (i % 5) + 1 })) as never));
      });
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    const byId = async (s: Session) => {
      const users = await s.scalars(sa.select(User).orderBy(User.id)).all();
      return Object.fromEntries(users.map((u) => [u.id, u]));
    };
    const dbRows = async () => (await engine.connect((c) => c.execute(sa.select(User.id, User.username, User.loginCount, User.isActive).orderBy(User.id)))).all().map((r) => [...r]);

    // ---- UPDATE ---------------------------------------------------------------------------------

    it('update(User) with "evaluate": criteria evaluated in memory, SET values applied to matched objects; one statement', async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      log.length = 0;
      const r = await s.execute(
        sa.update(User).where(User.isActive.eq(true), User.loginCount.ge(1)).values({ loginCount: User.loginCount.plus(10), email: "x@y.z" }),
        undefined,
        { synchronizeSession: "evaluate" },
      );
      expect(r.rowcount).toBe(2);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/^UPDATE/);
      expect([u[1]!.loginCount, u[2]!.loginCount, u[3]!.loginCount, u[4]!.loginCount]).toEqual([0, 11, 12, 3]);
      expect([u[1]!.email, u[2]!.email, u[4]!.email]).toEqual(["alice@example.com", "x@y.z", null]);
      expect(s.dirty).toEqual([]);
      await s.commit();
      expect((await dbRows()).map((r) => r[2])).toEqual([0, 11, 12, 3, 4]);
    });

    it("auto (evaluate where it can): or/not/in/notIn/isNull/isNotNull/like/between/ne/lt/le/gt, string case, match what the database matched", async () => {
      const cases = [
        sa.or(User.username.eq("alice"), User.username.eq("erin")),
        sa.not(User.isActive),
        User.username.in(["bob", "dave", "zed"]),
        User.username.eq("BOB"), // case: as the database's default collation compares
        User.username.gt("c"), // string ordering depends on the collation: "auto" fetches instead
        User.username.notIn(["bob", "dave"]),
        User.email.isNull(),
        User.email.isNotNull(),
        User.username.like("c%"),
        User.username.startsWith("da"),
        User.loginCount.between(1, 3),
        User.loginCount.ne(2),
        sa.and(User.loginCount.lt(4), User.loginCount.gt(0)),
        User.loginCount.le(1),
        sa.not(User.email.eq("alice@example.com")), // NULL emails: unknown, not matched
      ];
      for (const crit of cases) {
        await using s = new Session(engine);
        const u = await byId(s);
        await s.execute(sa.update(User).where(crit).values({ loginCount: 100 }));
        const inMemory = Object.values(u).filter((x) => x.loginCount === 100).map((x) => x.id);
        const inDb = (await s.execute(sa.select(User.id).where(User.loginCount.eq(100)).orderBy(User.id))).all().map((r) => r[0]);
        expect(inMemory, String(crit)).toEqual(inDb);
        await s.rollback();
      }
    });

    it('"evaluate" raises naming the construct and "fetch" for criteria it cannot evaluate; nothing is sent', async () => {
      await using s = new Session(engine);
      await byId(s);
      log.length = 0;
      const stmt = sa.update(User).where(User.id.in(sa.select(Post.userId).where(Post.title.eq("p1")))).values({ loginCount: 7 });
      const err = await s.execute(stmt, undefined, { synchronizeSession: "evaluate" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnevaluatableError);
      expect(String((err as Error).message)).toMatch(/inSubquery.*"fetch"/s);
      expect(log).toHaveLength(0);
      const err2 = await s.execute(sa.update(User).where(sa.func.lower(User.username).eq("bob")).values({ loginCount: 7 }), undefined, { synchronizeSession: "evaluate" }).catch((e: unknown) => e);
      expect(String((err2 as Error).message)).toMatch(/function/);
    });

    it('"auto" (the default) falls back to fetch; "fetch" uses RETURNING where the dialect has it, else a SELECT first', async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      log.length = 0;
      const r = await s.execute(sa.update(User).where(User.id.in(sa.select(Post.userId).where(Post.title.in(["p1", "p2"])))).values({ loginCount: User.loginCount.plus(5) }));
      expect(r.rowcount).toBe(2);
      if (returning.update) {
        expect(log).toHaveLength(1);
        expect(log[0]).toMatch(/^UPDATE .*(RETURNING|OUTPUT)/s);
      } else {
        expect(log.map((x) => x.split(" ")[0])).toEqual(["SELECT", "UPDATE"]);
      }
      expect([u[1]!.loginCount, u[2]!.loginCount, u[3]!.loginCount]).toEqual([5, 6, 2]);
      log.length = 0;
      // SET values that cannot be evaluated are expired on the matched objects (the next read loads them)
      await s.execute(sa.update(User).where(User.id.eq(3)).values({ username: sa.func.upper(User.username) }), undefined, { synchronizeSession: "fetch" });
      expect(() => u[3]!.username).toThrow();
      await s.refresh(u[3]!);
      expect(u[3]!.username).toBe("CAROL");
      expect(u[4]!.username).toBe("dave");
    });

    it("auto falls back to fetch when a matched candidate has an expired attribute in the criteria", async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      s.expire(u[2]!, ["loginCount"]);
      await s.execute(sa.update(User).where(User.loginCount.eq(1)).values({ email: "new@x" }));
      await s.refresh(u[2]!);
      expect(u[2]!.email).toBe("new@x");
      expect(u[1]!.email).toBe("alice@example.com");
    });

    it("synchronizeSession: false leaves the objects as they were; statement-level executionOptions work too", async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      log.length = 0;
      await s.execute(sa.update(User).where(User.id.eq(1)).values({ loginCount: 50 }), undefined, { synchronizeSession: false });
      expect(log).toHaveLength(1);
      expect(u[1]!.loginCount).toBe(0);
      await s.execute(sa.update(User).where(User.id.eq(2)).values({ loginCount: 60 }).executionOptions({ synchronizeSession: false }));
      expect(u[2]!.loginCount).toBe(1);
      await s.refresh(u[1]!);
      expect(u[1]!.loginCount).toBe(50);
      await expect(s.execute(sa.update(User).values({ loginCount: 1 }), undefined, { synchronizeSession: "bogus" as never })).rejects.toThrow(/synchronizeSession must be "auto", "fetch", "evaluate" or false/);
    });

    it("autoflush runs first: pending changes are written before the UPDATE, and unrelated pending changes survive", async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      u[4]!.isActive = true; // now matches
      s.add(new User({ id: 6, username: "frank", isActive: true, loginCount: 0 }));
      log.length = 0;
      await s.execute(sa.update(User).where(User.isActive.eq(true)).values({ loginCount: 9 }));
      expect(log.map((x) => x.split(" ")[0]).sort()).toEqual(["INSERT", "UPDATE", "UPDATE"]);
      expect(u[4]!.loginCount).toBe(9);
      expect((await s.get(User, 6))!.loginCount).toBe(9);
      await s.commit();
      expect((await dbRows()).map((r) => r[2])).toEqual([9, 9, 9, 9, 4, 9]);
    });

    it("rollback expires the objects a synchronized UPDATE changed (database values come back)", async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      await s.execute(sa.update(User).where(User.id.eq(1)).values({ loginCount: 42 }));
      expect(u[1]!.loginCount).toBe(42);
      await s.rollback();
      await s.refresh(u[1]!);
      expect(u[1]!.loginCount).toBe(0);
    });

    // ---- DELETE ---------------------------------------------------------------------------------

    it('delete_(User) "evaluate": matched objects leave the identity map (deleted, then detached on commit)', async () => {
      await using s = new Session(engine);
      await s.execute(sa.delete_(Post));
      const u = await byId(s);
      log.length = 0;
      const r = await s.execute(sa.delete_(User).where(User.isActive.eq(false)), undefined, { synchronizeSession: "evaluate" });
      expect(r.rowcount).toBe(2);
      expect(log).toHaveLength(1);
      expect(inspectState(u[4]!).status).toBe("deleted");
      expect(inspectState(u[1]!).status).toBe("persistent");
      expect(await s.get(User, 4)).toBeUndefined();
      await s.commit();
      expect(inspectState(u[4]!).status).toBe("detached");
      expect((await dbRows()).map((r) => r[0])).toEqual([1, 2, 3]);
    });

    it('delete_(User) "fetch": RETURNING of the keys where the dialect has it (MariaDB too), else a SELECT first; rollback restores', async () => {
      await using s = new Session(engine);
      await s.execute(sa.delete_(Post).where(Post.userId.in([1, 2])));
      const u = await byId(s);
      log.length = 0;
      const r = await s.execute(sa.delete_(User).where(User.id.le(2)), undefined, { synchronizeSession: "fetch" });
      expect(r.rowcount).toBe(2);
      if (returning.delete) expect(log).toHaveLength(1);
      else expect(log.map((x) => x.split(" ")[0])).toEqual(["SELECT", "DELETE"]);
      expect([1, 2, 3].map((i) => inspectState(u[i]!).status)).toEqual(["deleted", "deleted", "persistent"]);
      expect(s.contains(u[1]!)).toBe(true);
      await s.rollback();
      expect(inspectState(u[1]!).status).toBe("persistent");
      expect((await dbRows()).map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    });

    it("delete_(User).returning(User) returns the deleted objects (where DELETE has RETURNING)", async (ctx) => {
      requires(ctx, engine.dialect.supportsReturning("delete"), `${engine.dialect.name} has no DELETE ... RETURNING`);
      await using s = new Session(engine);
      await s.execute(sa.delete_(Post));
      const u = await byId(s);
      const gone = await s.scalars(sa.delete_(User).where(User.loginCount.ge(3)).returning(User)).all();
      expect(gone.map((g) => g.id).sort()).toEqual([4, 5]);
      expect(gone[0]).toBe(gone[0]!.id === 4 ? u[4] : u[5]);
      expect(gone.map((g) => inspectState(g).status)).toEqual(["deleted", "deleted"]);
    });

    // ---- RETURNING entities -----------------------------------------------------------------------

    it("insert(User).values([...]).returning(User) through scalars() gives persistent objects in the identity map", async (ctx) => {
      requires(ctx, engine.dialect.supportsReturning("insert"), `${engine.dialect.name} has no INSERT ... RETURNING`);
      await using s = new Session(engine);
      log.length = 0;
      const made = await s.scalars(sa.insert(User).values([{ id: 10, username: "u1", email: "a" }, { id: 11, username: "u2", email: null }]).returning(User)).all();
      expect(log).toHaveLength(1);
      expect(made.map((m) => m.username)).toEqual(["u1", "u2"]);
      expect(made.map((m) => m.isActive)).toEqual([true, true]);
      expect(made.every((m) => inspectState(m).status === "persistent")).toBe(true);
      expect(await s.get(User, made[0]!.id)).toBe(made[0]);
      expect(log).toHaveLength(1);
      made[1]!.email = "b";
      await s.commit();
      expect((await engine.connect((c) => c.execute(sa.select(User.email).where(User.username.eq("u2"))))).scalar()).toBe("b");
    });

    it("update(User).returning(User) returns the updated objects, refreshed from the returned row", async (ctx) => {
      requires(ctx, engine.dialect.supportsReturning("update"), `${engine.dialect.name} has no UPDATE ... RETURNING`);
      await using s = new Session(engine);
      const u = await byId(s);
      const got = await s.scalars(sa.update(User).where(User.id.le(2)).values({ username: sa.func.upper(User.username) }).returning(User)).all();
      expect(got.map((g) => g.username).sort()).toEqual(["ALICE", "BOB"]);
      expect(got).toContain(u[1]);
      expect(u[2]!.username).toBe("BOB");
      const rows = (await s.execute(sa.update(User).where(User.id.eq(3)).values({ loginCount: 77 }).returning(User.id, User.loginCount))).all();
      expect(rows.map((r) => [...r])).toEqual([[3, 77]]);
      expect(u[3]!.loginCount).toBe(77);
    });

    it("returning(User) without RETURNING support raises NotSupportedError naming the alternative, before sending", async (ctx) => {
      requires(ctx, !engine.dialect.supportsReturning("update"), `${engine.dialect.name} has UPDATE ... RETURNING`);
      await using s = new Session(engine);
      log.length = 0;
      const err = await s.execute(sa.update(User).values({ loginCount: 1 }).returning(User)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotSupportedError);
      expect((err as Error).message).toMatch(/no RETURNING for UPDATE.*select\(/s);
      expect(log).toHaveLength(0);
    });

    // ---- bulk UPDATE by primary key -----------------------------------------------------------------

    it("session.execute(update(User), [{ id, ...}, ...]) updates by primary key and the loaded objects follow", async () => {
      await using s = new Session(engine);
      const u = await byId(s);
      log.length = 0;
      const r = await s.execute(sa.update(User), [
        { id: 1, username: "A", loginCount: 10 },
        { id: 2, loginCount: 20 },
      ]);
      expect(r.rowcount).toBe(2);
      expect(count(/^UPDATE/)).toBe(2);
      expect([u[1]!.username, u[1]!.loginCount, u[2]!.loginCount]).toEqual(["A", 10, 20]);
      await expect(s.execute(sa.update(User), [{ id: 99, loginCount: 1 }])).rejects.toThrow(StaleDataError);
      await s.rollback();
      await expect(s.execute(sa.update(User), [{ loginCount: 1 }])).rejects.toThrow(/primary key/);
      await expect(s.execute(sa.update(User).where(User.id.eq(1)), [{ id: 1, loginCount: 1 }])).rejects.toThrow(/bulk UPDATE by primary key/);
    });

    // ---- pending results ----------------------------------------------------------------------------

    it("scalars(): all, first, one (NoResultFound/MultipleResultsFound), oneOrNone, unique; execute() buffered; scalar()", async () => {
      await using s = new Session(engine);
      expect((await s.scalars(sa.select(User).orderBy(User.id)).all()).map((x) => x.username)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
      expect((await s.scalars(sa.select(User).orderBy(User.id.desc())).first())!.username).toBe("erin");
      expect(await s.scalars(sa.select(User).where(User.id.gt(100))).first()).toBeUndefined();
      expect((await s.scalars(sa.select(User).where(User.id.eq(2))).one()).username).toBe("bob");
      await expect(s.scalars(sa.select(User).where(User.id.gt(100))).one()).rejects.toThrow(NoResultFound);
      await expect(s.scalars(sa.select(User)).one()).rejects.toThrow(MultipleResultsFound);
      expect(await s.scalars(sa.select(User).where(User.id.gt(100))).oneOrNone()).toBeUndefined();
      await expect(s.scalars(sa.select(User)).oneOrNone()).rejects.toThrow(MultipleResultsFound);
      const joined = await s.scalars(sa.select(User).options(joinedload(User.posts)).orderBy(User.id)).unique().all();
      expect(joined).toHaveLength(5);
      await expect(s.scalars(sa.select(User).options(joinedload(User.posts))).all()).rejects.toThrow(/unique\(\)/);
      const res = await s.execute(sa.select(User.username, User.loginCount).orderBy(User.id));
      expect(res.all().map((r) => r.username)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
      expect(res.first()![1]).toBe(0);
      expect(Number(await s.scalar(sa.select(sa.func.count()).selectFrom(User)))).toBe(5);
      expect(await s.scalars(sa.select(User.username).where(User.isActive.eq(true)).orderBy(User.username)).all()).toEqual(["alice", "bob", "carol"]);
    });

    it("yieldPer(n) streams in chunks: objects of a chunk (and its selectin loads) before the next chunk is read", async () => {
      await using s = new Session(engine);
      const seen: { id: number; selectsSoFar: number; posts: number }[] = [];
      log.length = 0;
      for await (const u of s.scalars(sa.select(User).orderBy(User.id).options(selectinload(User.posts))).yieldPer(2)) {
        seen.push({ id: u.id, selectsSoFar: selects(), posts: u.posts.length });
      }
      expect(seen.map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
      expect(seen.every((x) => x.posts === 2)).toBe(true);
      // one SELECT of users, then one selectin per chunk of 2, issued as each chunk is reached
      expect(seen.map((x) => x.selectsSoFar)).toEqual([2, 2, 3, 3, 4]);
      expect(selects()).toBe(4);
      await expect(
        (async () => {
          for await (const _ of s.scalars(sa.select(User).options(joinedload(User.posts))).yieldPer(2)) void _;
        })(),
      ).rejects.toThrow(/selectinload/);
      expect(() => s.scalars(sa.select(User)).yieldPer(0)).toThrow(/positive integer/);
    });

    it("partitions(n): arrays of n (the last one shorter), of objects and of columns", async () => {
      await using s = new Session(engine);
      const sizes: number[] = [];
      const ids: number[] = [];
      for await (const part of s.scalars(sa.select(User).orderBy(User.id)).partitions(2)) {
        sizes.push(part.length);
        ids.push(...part.map((p) => p.id));
      }
      expect(sizes).toEqual([2, 2, 1]);
      expect(ids).toEqual([1, 2, 3, 4, 5]);
      const names: string[][] = [];
      for await (const part of s.scalars(sa.select(User.username).orderBy(User.id)).partitions(3)) names.push(part);
      expect(names).toEqual([["alice", "bob", "carol"], ["dave", "erin"]]);
    });

    it("identity map: a row already in the session returns the same object and keeps its pending changes", async () => {
      await using s = new Session(engine, { autoflush: false });
      const a = (await s.get(User, 1))!;
      a.username = "changed";
      const again = await s.scalars(sa.select(User).where(User.id.eq(1))).one();
      expect(again).toBe(a);
      expect(again.username).toBe("changed");
      expect(s.dirty).toContain(a);
      const streamed: unknown[] = [];
      for await (const u of s.scalars(sa.select(User).where(User.id.le(2))).yieldPer(1)) streamed.push(u);
      expect(streamed).toContain(a);
      expect(a.username).toBe("changed");
    });
  });
}
