/** ORM transaction integrity: reliability scenarios B01–B05, B09, B11 and B20. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { IllegalStateChangeError, PendingRollbackError, Session, StaleDataError, inspectState } from "../../../src/orm/index.js";
import { makeModels } from "./orm-models.js";
import { rejection, type AdapterTarget } from "./target.js";

export function ormIntegritySuite(target: AdapterTarget): void {
  describe("orm transaction integrity", () => {
    const { Base, User, Post, Item } = makeModels(`it_ormi_${target.name}`);
    let engine: Engine;
    const log: string[] = [];
    const dml = () => log.filter((s) => /^(INSERT|UPDATE|DELETE)/i.test(s));
    const usernames = () => engine.connect(async (c) => (await c.execute(sa.select(User.username).orderBy(User.username))).scalars().all());

    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => void log.push(sql));
    });
    beforeEach(async () => {
      await engine.begin(async (c) => {
        for (const t of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(t));
        await c.execute(sa.insert(User.__table__).values({ id: 1, username: "ed", isActive: true, loginCount: 0 } as never));
      });
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("B01: a failed flush raises PendingRollbackError with the original error until rollback()", async () => {
      await using s = new Session(engine);
      s.add(new User({ username: "ed" })); // unique violation
      const orig = await rejection(s.flush());
      expect(orig).toBeInstanceOf(sa.IntegrityError);
      const messages: string[] = [];
      for (const call of [() => s.commit(), () => s.flush(), () => s.execute(sa.select(User)), () => s.get(User, 1), () => s.commit()]) {
        const e = await rejection(call());
        expect(e).toBeInstanceOf(PendingRollbackError);
        expect((e as Error).cause).toBe(orig);
        messages.push((e as Error).message);
      }
      expect(new Set(messages).size).toBe(1);
      expect(messages[0]).toContain((orig as Error).message);
      await s.rollback();
      s.add(new User({ username: "fred" }));
      await s.commit();
      expect(await usernames()).toEqual(["ed", "fred"]);
    });

    it("a failed flush takes back the keys, defaults and foreign keys it gave new objects", async () => {
      await engine.begin((c) => c.execute(sa.insert(Post.__table__).values({ id: 50, title: "taken" } as never)));
      log.length = 0;
      await using s = new Session(engine, { expireOnCommit: false });
      const post = new Post({ id: 50, title: "dup" }); // duplicate key: fails after the users' INSERT
      const fred = new User({ username: "fred", posts: [post] });
      const ann = new User({ username: "ann", loginCount: 5 });
      s.addAll([fred, ann]);
      await rejection(s.flush());
      expect(dml()[0]).toMatch(/^INSERT INTO \S*users/i); // the users were inserted (and given keys) first
      for (const u of [fred, ann]) expect(u.id).toBeUndefined();
      expect(fred.isActive).toBeUndefined();
      expect(fred.loginCount).toBeUndefined();
      expect(ann.loginCount).toBe(5);
      expect(post.userId).toBeUndefined();
      await s.rollback();
      post.id = 51;
      s.addAll([fred, ann]);
      await s.commit();
      expect(fred.id).toBeGreaterThan(1);
      expect(post.userId).toBe(fred.id);
      expect([fred.isActive, fred.loginCount, ann.loginCount]).toEqual([true, 0, 5]);
    });

    it("B02: after rollback pending objects are expunged and modified ones expired back to database values", async () => {
      await using s = new Session(engine);
      const u1 = (await s.get(User, 1))!;
      u1.username = "edward";
      const post = new Post({ title: "p" });
      const u2 = new User({ id: 1, username: "dup", posts: [post] }); // duplicate primary key
      s.add(u2);
      await rejection(s.commit());
      await s.rollback();
      expect(s.contains(u2)).toBe(false);
      expect(s.contains(post)).toBe(false);
      expect(inspectState(u2).status).toBe("transient");
      expect(() => u1.username).toThrow(/expired/);
      await s.refresh(u1);
      expect(u1.username).toBe("ed");
      u1.username = "edward";
      await s.commit();
      expect(await usernames()).toEqual(["edward"]);
    });

    it("B03: a failure inside beginNested() rolls back only the savepoint", async () => {
      requiresSavepoints(target);
      await using s = new Session(engine, { expireOnCommit: false });
      const u1 = (await s.get(User, 1))!;
      u1.username = "edward";
      s.add(new User({ username: "outer" }));
      const sp = await s.beginNested();
      const bad = new User({ username: "outer" }); // duplicate of the outer one
      s.add(bad);
      const orig = await rejection(s.flush());
      expect(orig).toBeInstanceOf(sa.IntegrityError);
      expect(await rejection(s.flush())).toBeInstanceOf(PendingRollbackError);
      await sp.rollback();
      expect(s.contains(bad)).toBe(false);
      await s.commit();
      expect(await usernames()).toEqual(["edward", "outer"]);
    });

    it("B04: rollback expires a modified object; with expireOnCommit another session's commit is visible", async () => {
      await using s = new Session(engine);
      const u1 = (await s.get(User, 1))!;
      u1.username = "changed";
      await s.rollback();
      expect(await u1.awaitableAttrs.username).toBe("ed");
      await s.commit();
      await using other = new Session(engine);
      (await other.get(User, 1))!.username = "by-other";
      await other.commit();
      await s.refresh(u1);
      expect(u1.username).toBe("by-other");
    });

    it("B05: add + rollback expunges; flushed delete + rollback restores the object and its collection", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u = new User({ username: "pat", posts: [new Post({ title: "a" }), new Post({ title: "b" })] });
      s.add(u);
      await s.commit();
      const added = new User({ username: "tmp" });
      s.add(added);
      await s.rollback();
      expect(s.contains(added)).toBe(false);
      const u1 = (await s.get(User, u.id))!;
      expect(u1).toBe(u);
      s.delete(u1);
      await s.flush();
      expect(inspectState(u1).status).toBe("deleted");
      await s.rollback();
      expect(s.contains(u1)).toBe(true);
      expect(s.deleted).toEqual([]);
      expect(inspectState(u1).status).toBe("persistent");
      expect((await u1.awaitableAttrs.posts).map((p) => p.title).sort()).toEqual(["a", "b"]);
    });

    it("B09: delete + add of the same key in one flush is an UPDATE (row switch)", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const a = new Item({ sku: "S1", region: "eu", qty: 1 });
      s.add(a);
      await s.commit();
      log.length = 0;
      s.delete(a);
      const b = new Item({ sku: "S1", region: "eu", qty: 7 });
      s.add(b);
      await s.commit();
      expect(dml()).toHaveLength(1);
      expect(dml()[0]).toMatch(/^UPDATE/);
      expect(await s.get(Item, ["S1", "eu"])).toBe(b);
      expect(b.version).toBe(2);
    });

    it("B11: UPDATE or DELETE of a row deleted out of band, or of a stale version, raises StaleDataError", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const u1 = (await s.get(User, 1))!;
      await s.commit(); // ends the transaction (SQLite allows one writer)
      await engine.begin((c) => c.execute(sa.delete_(User.__table__).where(User.id.eq(1))));
      u1.username = "gone";
      expect(await rejection(s.commit())).toBeInstanceOf(StaleDataError);
      await s.rollback();

      await engine.begin((c) => c.execute(sa.insert(User.__table__).values({ id: 2, username: "x", isActive: true, loginCount: 0 } as never)));
      const u2 = (await s.get(User, 2))!;
      await s.commit();
      await engine.begin((c) => c.execute(sa.delete_(User.__table__).where(User.id.eq(2))));
      s.delete(u2);
      expect(await rejection(s.commit())).toBeInstanceOf(StaleDataError);
      await s.rollback();

      const item = new Item({ sku: "V", region: "eu", qty: 1 });
      s.add(item);
      await s.commit();
      await engine.begin((c) => c.execute(sa.update(Item.__table__).where(Item.sku.eq("V")).values({ version: 5 } as never)));
      item.qty = 2;
      expect(await rejection(s.commit())).toBeInstanceOf(StaleDataError);
      await s.rollback();
    });

    it("B20: overlapping operations on one Session are refused deterministically", async () => {
      await using s = new Session(engine);
      s.add(new User({ username: "conc" }));
      const results = await Promise.allSettled([s.get(User, 1), s.flush()]);
      expect(results[0].status).toBe("fulfilled");
      expect(results[1].status).toBe("rejected");
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(IllegalStateChangeError);
      await s.commit();
      expect(await usernames()).toEqual(["conc", "ed"]);
    });
  });
}

function requiresSavepoints(target: AdapterTarget): void {
  if (!target.capabilities.savepoints) throw new Error(`${target.name} declares no savepoints`);
}
