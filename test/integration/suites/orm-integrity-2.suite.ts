/** ORM transaction integrity, part 2: reliability scenarios B06–B08, B10, B12, B15–B19. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Driver } from "../../../src/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import type { Connection } from "../../../src/engine/connection.js";
import { Session, inspectState, sessionmaker } from "../../../src/orm/index.js";
import { makeModels } from "./orm-models.js";
import { rejection, type AdapterTarget } from "./target.js";

const ED = 1000;

export function ormIntegrity2Suite(target: AdapterTarget): void {
  describe("orm transaction integrity (2)", () => {
    const prefix = `it_ormi2_${target.name}`;
    const { Base, User, Post, Group, Node, Item } = makeModels(prefix);
    let engine: Engine;
    const log: string[] = [];
    const dml = () => log.filter((s) => /^\s*(INSERT|UPDATE|DELETE)/i.test(s));
    /** "INSERT users", "DELETE posts", ... (table names without the prefix). */
    const ops = () =>
      dml().map((s) => {
        const m = /^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?([A-Za-z0-9_]+)/i.exec(s)!;
        return `${m[1]!.split(/\s+/)[0]!.toUpperCase()} ${m[2]!.slice(prefix.length + 1)}`;
      });
    const usernames = () => engine.connect(async (c) => (await c.execute(sa.select(User.username).orderBy(User.username))).scalars().all());
    const seedUser = (id: number, username: string) =>
      engine.begin((c) => c.execute(sa.insert(User.__table__).values({ id, username, isActive: true, loginCount: 0 } as never)));
    const savepointName = () => {
      const m = [...log].reverse().map((s) => /^\s*SAVEPOINT\s+([A-Za-z0-9_"`]+)/i.exec(s)).find((x) => x);
      if (!m) throw new Error("no SAVEPOINT statement recorded");
      return m[1]!;
    };

    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => void log.push(sql));
    });
    beforeEach(async () => {
      await engine.begin(async (c) => {
        for (const t of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(t));
      });
      await seedUser(ED, "ed"); // far from the sequence, which explicit ids do not advance
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("B06: savepoint rollback expires only objects touched inside it; collections restored", async () => {
      requiresSavepoints(target);
      await using s = new Session(engine, { expireOnCommit: false });
      const jack = new User({ id: 2, username: "jack", posts: [new Post({ title: "j1" }), new Post({ title: "j2" })] });
      const wendy = new User({ id: 3, username: "wendy" });
      s.addAll([jack, wendy]);
      await s.commit();
      const ed = (await s.get(User, ED))!;
      expect((await jack.awaitableAttrs.posts).map((p) => p.title).sort()).toEqual(["j1", "j2"]);

      const sp = await s.beginNested();
      ed.username = "edward";
      const extra = new Post({ title: "j3" });
      jack.posts.push(extra);
      jack.posts.splice(jack.posts.findIndex((p) => p.title === "j1"), 1);
      await s.flush();
      await sp.rollback();

      // untouched object keeps its loaded state (no expiry, no SQL to read it)
      expect(inspectState(wendy).expiredKeys).toEqual([]);
      log.length = 0;
      expect(wendy.username).toBe("wendy");
      expect(log).toEqual([]);
      // touched ones are expired back to database values
      expect(() => ed.username).toThrow(/expired/);
      expect(await ed.awaitableAttrs.username).toBe("ed");
      expect(s.contains(extra)).toBe(false);
      expect(inspectState(extra).status).toBe("transient");
      expect((await jack.awaitableAttrs.posts).map((p) => p.title).sort()).toEqual(["j1", "j2"]);
      await s.commit();
      expect(await usernames()).toEqual(["ed", "jack", "wendy"]);
    });

    it("B07: released savepoint then outer rollback: added objects expunged, deleted restored, dirty state expired (deep nesting)", async () => {
      requiresSavepoints(target);
      await seedUser(2000, "jack");
      await using s = new Session(engine, { expireOnCommit: false });
      const ed = (await s.get(User, ED))!;
      const jack = (await s.get(User, 2000))!;
      const sp1 = await s.beginNested();
      const added = new User({ username: "n1" });
      s.add(added);
      s.delete(ed);
      const sp2 = await s.beginNested();
      jack.username = "jackie";
      const deeper = new User({ username: "n2" });
      s.add(deeper);
      await sp2.commit();
      await sp1.commit();
      expect(inspectState(ed).status).toBe("deleted");
      expect(inspectState(added).status).toBe("persistent");
      await s.rollback();

      expect(s.contains(added)).toBe(false);
      expect(inspectState(added).status).toBe("transient");
      expect(added.id).toBeUndefined();
      expect(s.contains(deeper)).toBe(false);
      expect(s.contains(ed)).toBe(true);
      expect(inspectState(ed).status).toBe("persistent");
      expect(await ed.awaitableAttrs.username).toBe("ed");
      expect(() => jack.username).toThrow(/expired/);
      expect(await jack.awaitableAttrs.username).toBe("jack");
      expect(await s.get(User, ED)).toBe(ed);
      await s.commit();
      expect(await usernames()).toEqual(["ed", "jack"]);
    });

    it("B08: natural-key replacement rolled back: the identity map maps the keys back to the original objects", async () => {
      // The scenario's "rename u2 → u1" is not expressible: alkahest refuses to change the primary
      // key of a persistent object (InvalidRequestError, by design); the key is replaced instead by
      // delete + add of the same key (row switch) and by an out-of-band INSERT.
      await using s = new Session(engine, { expireOnCommit: false });
      const a = new Item({ sku: "A", region: "eu", qty: 1 });
      const b = new Item({ sku: "B", region: "eu", qty: 2 });
      s.addAll([a, b]);
      await s.commit();
      expect(() => {
        b.sku = "A";
      }).toThrow(sa.InvalidRequestError);

      // delete a, then a new object with a's key (one flush: row switch) and b's key swapped in as well
      s.delete(a);
      await s.flush();
      const a2 = new Item({ sku: "A", region: "eu", qty: 10 });
      s.add(a2);
      s.delete(b);
      const b2 = new Item({ sku: "B", region: "eu", qty: 20 });
      s.add(b2);
      await s.flush();
      expect(await s.get(Item, ["A", "eu"])).toBe(a2);
      expect(await s.get(Item, ["B", "eu"])).toBe(b2);
      await s.rollback();

      expect(s.contains(a2)).toBe(false);
      expect(s.contains(b2)).toBe(false);
      expect(inspectState(a2).status).toBe("transient");
      expect(s.contains(a)).toBe(true);
      expect(s.contains(b)).toBe(true);
      expect([...s.identityMap.values()].map((st) => st.obj).filter((o) => o instanceof Item)).toEqual(expect.arrayContaining([a, b]));
      expect([...s.identityMap.values()].filter((st) => st.obj instanceof Item)).toHaveLength(2);
      expect(await s.get(Item, ["A", "eu"])).toBe(a);
      expect(await s.get(Item, ["B", "eu"])).toBe(b);
      expect(a.qty).toBe(1);
      expect(b.qty).toBe(2);

      // an out-of-band row with the key of an object deleted in this transaction is a new object
      s.delete(a);
      await s.flush();
      await s.execute(sa.insert(Item.__table__).values({ sku: "A", region: "eu", qty: 9, version: 1 } as never));
      const fresh = (await s.get(Item, ["A", "eu"]))!;
      expect(fresh).not.toBe(a);
      expect(fresh.qty).toBe(9);
      await s.rollback();
      expect(s.contains(fresh)).toBe(false);
      expect(await s.get(Item, ["A", "eu"])).toBe(a);
      expect(a.qty).toBe(1);
    });

    it("B10: flush SQL order: parents INSERT before children, children DELETE before parents (o2m, m2o, m2m, self-referential)", async () => {
      await using s = new Session(engine, { expireOnCommit: false });
      const g = new Group({ id: 10, name: "g" });
      const u = new User({ id: 2, username: "pat", posts: [new Post({ id: 20, title: "p1" }), new Post({ id: 21, title: "p2" })], groups: [g] });
      const orphanPost = new Post({ id: 22, title: "m2o", author: new User({ id: 3, username: "m2o-author" }) });
      const root = new Node({ id: 30, name: "root" });
      const child = new Node({ id: 31, name: "child", parent: root });
      const grandchild = new Node({ id: 32, name: "grandchild", parent: child });
      s.addAll([grandchild, orphanPost, u]); // children added first on purpose
      await s.flush();
      const ins = ops();
      const at = (op: string) => {
        const i = ins.indexOf(op);
        expect(i, `${op} in ${ins.join(", ")}`).toBeGreaterThanOrEqual(0);
        return i;
      };
      expect(ins.every((o) => o.startsWith("INSERT"))).toBe(true);
      expect(at("INSERT users")).toBeLessThan(at("INSERT posts"));
      expect(at("INSERT users")).toBeLessThan(at("INSERT user_groups"));
      expect(at("INSERT groups")).toBeLessThan(at("INSERT user_groups"));
      // self-referential rows: one statement per dependency level, parents first
      const nodeInserts = dml().filter((sql) => /INSERT\s+INTO\s+\S*nodes/i.test(sql));
      expect(nodeInserts.length).toBeGreaterThanOrEqual(1);
      const nodeRows = await s.scalars(sa.select(Node.id).orderBy(Node.id)).all();
      expect(nodeRows).toEqual([30, 31, 32]);
      // each table written once per dependency level (minimal flush): users/groups/posts/user_groups once each
      for (const t of ["INSERT users", "INSERT groups", "INSERT posts", "INSERT user_groups"]) expect(ins.filter((o) => o === t).length, t).toBeLessThanOrEqual(t === "INSERT users" ? 2 : 1);
      await s.commit();

      log.length = 0;
      s.delete(u); // cascades to its posts, removes the user_groups row
      s.delete(orphanPost);
      s.delete(orphanPost.author!); // many-to-one: no cascade, deleted explicitly
      s.delete(grandchild);
      s.delete(child);
      s.delete(root);
      await s.flush();
      const del = ops();
      const dat = (op: string) => {
        const i = del.indexOf(op);
        expect(i, `${op} in ${del.join(", ")}`).toBeGreaterThanOrEqual(0);
        return i;
      };
      expect(del.filter((o) => !o.startsWith("DELETE")), del.join(", ")).toEqual([]);
      expect(dat("DELETE posts")).toBeLessThan(dat("DELETE users"));
      expect(dat("DELETE user_groups")).toBeLessThan(dat("DELETE users"));
      const nodeDeletes = dml().filter((sql) => /DELETE\s+FROM\s+\S*nodes/i.test(sql));
      expect(nodeDeletes.length).toBeGreaterThanOrEqual(1);
      await s.commit();
      expect(await usernames()).toEqual(["ed"]);
      expect(await engine.connect(async (c) => (await c.execute(sa.select(Node.id))).all())).toEqual([]);
    });

    it("B12: INSERT … RETURNING that returns fewer rows is a flush error naming the class; objects stay transient", async (ctx) => {
      if (!target.capabilities.returning) ctx.skip(`${target.name} has no INSERT … RETURNING (generated keys come from last-insert id)`);
      const users = `${prefix}_users`;
      if (target.name === "pg") {
        await engine.begin(async (c) => {
          await c.execute(sa.text(`CREATE OR REPLACE FUNCTION ${prefix}_skip() RETURNS trigger AS $$ BEGIN IF NEW.username LIKE 'ghost%' THEN RETURN NULL; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`));
          await c.execute(sa.text(`DROP TRIGGER IF EXISTS ${prefix}_skip_trg ON ${users}`));
          await c.execute(sa.text(`CREATE TRIGGER ${prefix}_skip_trg BEFORE INSERT ON ${users} FOR EACH ROW EXECUTE FUNCTION ${prefix}_skip()`));
        });
      } else {
        await engine.begin(async (c) => {
          await c.execute(sa.text(`DROP TRIGGER IF EXISTS ${prefix}_skip_trg`));
          await c.execute(sa.text(`CREATE TRIGGER ${prefix}_skip_trg BEFORE INSERT ON ${users} WHEN NEW.username LIKE 'ghost%' BEGIN SELECT RAISE(IGNORE); END`));
        });
      }
      try {
        await using s = new Session(engine);
        const ghost = new User({ username: "ghost" });
        const real = new User({ username: "real" });
        s.addAll([ghost, real]);
        const err = await rejection(s.flush());
        expect(err).toBeInstanceOf(sa.AlkahestError);
        expect((err as Error).message).toContain(User.name);
        expect(inspectState(ghost).status).toBe("pending");
        expect(ghost.id).toBeUndefined();
        expect(real.id).toBeUndefined();
        await s.rollback();
        for (const o of [ghost, real]) {
          expect(inspectState(o).status).toBe("transient");
          expect(o.id).toBeUndefined();
        }
        expect(await usernames()).toEqual(["ed"]);
      } finally {
        await engine.begin(async (c) => {
          await c.execute(sa.text(target.name === "pg" ? `DROP TRIGGER IF EXISTS ${prefix}_skip_trg ON ${users}` : `DROP TRIGGER IF EXISTS ${prefix}_skip_trg`));
          if (target.name === "pg") await c.execute(sa.text(`DROP FUNCTION IF EXISTS ${prefix}_skip()`));
        });
      }
    });

    // gap: Session has no "inside a begin() block" state to refuse operations after an inner commit()/rollback();
    // the fix belongs in src/orm/session/session.ts (being edited elsewhere), so this stays skipped for now.
    it("B15: inside sessionmaker().begin(cb), an inner commit()/rollback() then further use is refused", async () => {
      const Maker = sessionmaker({ bind: engine });
      for (const end of ["commit", "rollback"] as const) {
        const err = await rejection(
          Maker.begin(async (s) => {
            s.add(new User({ username: `inner-${end}` }));
            await s[end]();
            s.add(new User({ username: `after-${end}` }));
            await s.flush();
          }),
        );
        expect((err as Error).message).toMatch(/Can't operate on closed transaction inside context manager/);
      }
      // as in SQLAlchemy, the inner commit() did commit what came before it; the inner rollback()
      // discarded its part, and nothing after either end reached the database
      expect(await usernames()).toEqual(["ed", "inner-commit"]);
    });

    it("B16: a failed ROLLBACK TO SAVEPOINT: the error surfaces, rollback() succeeds and the session is usable again", async () => {
      requiresSavepoints(target);
      await using s = new Session(engine, { expireOnCommit: false });
      const ed = (await s.get(User, ED))!;
      const sp = await s.beginNested();
      const inside = new User({ username: "inside" });
      s.add(inside);
      await s.flush();
      // lose the savepoint out of band on the session's own connection
      await s.execute(sa.text(`RELEASE SAVEPOINT ${savepointName()}`));
      const err = await rejection(sp.rollback());
      expect(err).toBeInstanceOf(sa.DBAPIError);
      await s.rollback();
      expect(s.contains(inside)).toBe(false);
      expect(inspectState(inside).status).toBe("transient");
      expect(await ed.awaitableAttrs.username).toBe("ed");
      s.add(new User({ username: "after" }));
      await s.commit();
      expect(await usernames()).toEqual(["after", "ed"]);
    });

    it("B17: a failed RELEASE SAVEPOINT (savepoint already gone): the DB error surfaces, outer rollback raises nothing", async () => {
      requiresSavepoints(target);
      await using s = new Session(engine, { expireOnCommit: false });
      const sp = await s.beginNested();
      const inside = new User({ username: "inside" });
      s.add(inside);
      await s.flush();
      await s.execute(sa.text(`RELEASE SAVEPOINT ${savepointName()}`));
      const err = await rejection(sp.commit());
      expect(err).toBeInstanceOf(sa.DBAPIError);
      expect((err as sa.DBAPIError).statement ?? "").toMatch(/RELEASE SAVEPOINT/i);
      await s.rollback();
      expect(s.contains(inside)).toBe(false);
      expect(await usernames()).toEqual(["ed"]);
      s.add(new User({ username: "after" }));
      await s.commit();
      expect(await usernames()).toEqual(["after", "ed"]);
    });

    // gap: after BEGIN fails the Session keeps its Connection (pool checkedout stays 1 until rollback/close);
    // releasing it belongs in Session._connection()/_failFlush in src/orm/session/session.ts, so this stays skipped for now.
    it("B18: a failing BEGIN returns the connection to the pool; the session works once BEGIN does", async () => {
      const state = { failBegin: true };
      const e2 = sa.createEngine({ driver: beginFailingDriver(target.makeDriver(), state), poolSize: 2 });
      try {
        await using s = new Session(e2);
        s.add(new User({ username: "b18" }));
        const err = await rejection(s.flush());
        expect((err as Error).message).toMatch(/BEGIN refused/);
        expect(e2.pool.checkedout()).toBe(0);
        await s.rollback();
        expect(e2.pool.checkedout()).toBe(0);
        state.failBegin = false;
        s.add(new User({ username: "b18" }));
        await s.commit();
        expect(e2.pool.checkedout()).toBe(0);
        expect(await usernames()).toEqual(["b18", "ed"]);
      } finally {
        await e2.dispose();
      }
    });

    it("B19: commit succeeds, then returning the connection throws: the error surfaces, no ROLLBACK, objects stay committed", async () => {
      const sent: string[] = [];
      const e2 = sa.createEngine({ driver: recordingDriver(target.makeDriver(), sent) });
      const closeError = new Error("close hook failed (test)");
      const connect = e2.connect.bind(e2) as () => Promise<Connection>;
      (e2 as { connect: unknown }).connect = async () => {
        const c = await connect();
        const close = c.close.bind(c);
        c.close = async () => {
          await close();
          throw closeError;
        };
        return c;
      };
      try {
        const s = new Session(e2, { expireOnCommit: false });
        const u = new User({ username: "b19" });
        s.add(u);
        await s.flush();
        const err = await rejection(s.commit());
        expect(err).toBe(closeError);
        const committedAt = sent.findIndex((l) => /^\s*COMMIT/i.test(l));
        expect(committedAt).toBeGreaterThanOrEqual(0);
        await s.rollback();
        expect(sent.slice(committedAt).filter((l) => /^\s*ROLLBACK/i.test(l))).toEqual([]);
        // committed: rollback() neither expunges it nor removes its generated key
        expect(s.contains(u)).toBe(true);
        expect(inspectState(u).status).toBe("persistent");
        expect(u.id).toBeTypeOf("number");
        await s.close();
        expect(await usernames()).toEqual(["b19", "ed"]);
        expect(e2.pool.checkedout()).toBe(0);
      } finally {
        await e2.dispose();
      }
    });
  });
}

function requiresSavepoints(target: AdapterTarget): void {
  if (!target.capabilities.savepoints) throw new Error(`${target.name} declares no savepoints`);
}

/** A driver whose connections refuse to BEGIN while `state.failBegin` is set. */
function beginFailingDriver(driver: Driver, state: { failBegin: boolean }): Driver {
  return {
    name: driver.name,
    capabilities: driver.capabilities,
    errorInfo: (e) => driver.errorInfo(e),
    ...(driver.dispose ? { dispose: () => driver.dispose!() } : {}),
    async connect() {
      const dc = await driver.connect();
      const execute = dc.execute.bind(dc);
      dc.execute = async (stmt) => {
        if (state.failBegin && /^\s*(BEGIN|START\s+TRANSACTION)/i.test(stmt.sql)) throw new Error("BEGIN refused (test)");
        return execute(stmt);
      };
      if (dc.begin) {
        const begin = dc.begin.bind(dc);
        dc.begin = async (...args: Parameters<typeof begin>) => {
          if (state.failBegin) throw new Error("BEGIN refused (test)");
          return begin(...args);
        };
      }
      return dc;
    },
  };
}

/** A driver that records every statement, and begin()/commit()/rollback() calls as BEGIN/COMMIT/ROLLBACK. */
function recordingDriver(driver: Driver, sent: string[]): Driver {
  return {
    name: driver.name,
    capabilities: driver.capabilities,
    errorInfo: (e) => driver.errorInfo(e),
    ...(driver.dispose ? { dispose: () => driver.dispose!() } : {}),
    async connect() {
      const dc = await driver.connect();
      const execute = dc.execute.bind(dc);
      dc.execute = (stmt) => {
        sent.push(stmt.sql);
        return execute(stmt);
      };
      for (const m of ["begin", "commit", "rollback"] as const) {
        const fn = dc[m] as ((...a: unknown[]) => Promise<void>) | undefined;
        if (!fn) continue;
        (dc as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
          sent.push(m.toUpperCase());
          return fn.apply(dc, a);
        };
      }
      return dc;
    },
  };
}
