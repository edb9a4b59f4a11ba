/**
 * Relationship options: foreignKeys and primaryjoin for two paths between the same tables (lazy,
 * selectin, joined and subquery loading, joins), association objects with a composite key,
 * postUpdate for row cycles (and CircularDependencyError without it), the merge cascade,
 * passiveDeletes with ON DELETE CASCADE, orderBy on collections.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { CircularDependencyError, PendingRollbackError, Session, StaleDataError, aliased, inspectState, joinedload, selectinload, subqueryload } from "../../../src/orm/index.js";
import { makeRelModels } from "./orm-rel-models.js";
import { rejection, type AdapterTarget } from "./target.js";

export function ormRelationshipsSuite(target: AdapterTarget): void {
  describe("orm relationships", () => {
    const M = makeRelModels(`it_rel_${target.name === "mysql2" ? "my" : target.name}`);
    const { Base, Person, Article, Club, Membership, Note, Forum, Thread, Widget, Entry, Gadget, Part, Doc, Revision, Category, categoryLinks } = M;
    let engine: Engine;
    const log: string[] = [];
    const writes = () => log.filter((s) => /^\s*(INSERT|UPDATE|DELETE)/i.test(s)).map((s) => s.trim().split(/\s+/).slice(0, 3).join(" ").replace(/[`"]/g, ""));
    const rows = async (stmt: sa.Select<any>) => engine.connect(async (c) => (await c.execute(stmt)).all() as unknown[][]);
    const expungeAll = (s: Session) => {
      for (const st of [...s.identityMap.values()]) s.expunge(st.obj);
    };

    beforeAll(async () => {
      engine = target.makeEngine();
      if (target.name === "libsql") {
        // SQLite checks foreign keys (and runs ON DELETE CASCADE) only when told to, per connection
        sa.event.listen(engine, "connect", async (dc: { execute(s: { sql: string; params: unknown[] }): Promise<unknown> }) => {
          await dc.execute({ sql: "PRAGMA foreign_keys = ON", params: [] });
        });
      }
      await clear(true);
      await Base.metadata.createAll(engine);
      sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => void log.push(sql));
    });
    /** Deletes every row (the cyclic keys set to null first); with `drop`, drops the tables. */
    async function clear(drop = false): Promise<void> {
      const names = new Set((await engine.connect((c) => sa.inspect(c).getTableNames())) as string[]);
      await engine.begin(async (c) => {
        if (names.has(Person.__table__.name)) await c.execute(sa.update(Person.__table__).values({ favoritePostId: null }));
        if (names.has(Widget.__table__.name)) await c.execute(sa.update(Widget.__table__).values({ favoriteEntryId: null }));
        if (names.has(Gadget.__table__.name)) await c.execute(sa.update(Gadget.__table__).values({ mainPartId: null }));
        if (names.has(Category.__table__.name)) await c.execute(sa.update(Category.__table__).values({ parentId: null }));
        for (const t of [...Base.metadata.sortedTables].reverse()) if (names.has(t.name)) await c.execute(sa.delete_(t));
      });
      if (drop) await Base.metadata.dropAll(engine);
    }
    beforeEach(async () => {
      await clear();
      log.length = 0;
    });
    afterAll(async () => {
      await clear(true).catch(() => undefined);
      await engine.dispose();
    });

    /** alice writes pub1, draft, pub2 (bob edits pub1); carol (inactive) edits draft. */
    async function seed(): Promise<void> {
      const s = new Session(engine);
      const alice = new Person({ name: "alice" });
      const bob = new Person({ name: "bob" });
      const carol = new Person({ name: "carol", isActive: false });
      s.addAll([
        new Article({ title: "pub1", author: alice, editor: bob }),
        new Article({ title: "draft", author: alice, editor: carol }),
        new Article({ title: "pub2", author: alice }),
        new Article({ title: "other", author: bob }),
      ]);
      await s.commit();
      await s.close();
      log.length = 0;
    }

    describe("foreignKeys: two paths between the same tables", () => {
      it("each relationship uses its own foreign key when loading, syncing and joining", async () => {
        await seed();
        const s = new Session(engine);
        const a = (await s.scalars(sa.select(Article).where(Article.title.eq("pub1"))).one());
        expect((await a.awaitableAttrs.author)!.name).toBe("alice");
        expect((await a.awaitableAttrs.editor)!.name).toBe("bob");
        const alice = await s.scalars(sa.select(Person).where(Person.name.eq("alice")).options(selectinload(Person.authored), selectinload(Person.edited))).one();
        expect(alice.authored.map((x) => x.title)).toEqual(["draft", "pub1", "pub2"]); // orderBy: ["title"]
        expect(alice.edited).toEqual([]);
        const bob = await s.scalars(sa.select(Person).where(Person.name.eq("bob")).options(joinedload(Person.edited), joinedload(Person.authored))).unique().one();
        expect(bob.edited.map((x) => x.title)).toEqual(["pub1"]);
        expect(bob.authored.map((x) => x.title)).toEqual(["other"]);
        const viaJoin = await s.scalars(sa.select(Article.title).join(Article.editor).where(Person.name.eq("carol"))).all();
        expect(viaJoin).toEqual(["draft"]);
        // assigning through one path writes only its column
        a.editor = alice;
        await s.commit();
        const [row] = await rows(sa.select(Article.authorId, Article.editorId).where(Article.title.eq("pub1")));
        expect(row![0]).toBe(alice.id);
        expect(row![1]).toBe(alice.id);
        await s.close();
      });
    });

    describe("primaryjoin", () => {
      it("many-to-one with a criterion on the target: lazy, selectin, joined, subquery and join", async () => {
        await seed();
        const s = new Session(engine);
        const byTitle = async (title: string) => s.scalars(sa.select(Article).where(Article.title.eq(title))).one();
        const pub1 = await byTitle("pub1");
        const draft = await byTitle("draft");
        expect((await pub1.awaitableAttrs.activeEditor)!.name).toBe("bob");
        expect(await draft.awaitableAttrs.activeEditor).toBeNull(); // carol is inactive
        expect((await draft.awaitableAttrs.editor)!.name).toBe("carol");
        for (const opt of [selectinload(Article.activeEditor), joinedload(Article.activeEditor), subqueryload(Article.activeEditor)]) {
          expungeAll(s);
          const arts = await s.scalars(sa.select(Article).where(Article.title.in(["pub1", "draft"])).orderBy(Article.title).options(opt)).unique().all();
          expect(arts.map((x) => [x.title, x.activeEditor?.name ?? null])).toEqual([["draft", null], ["pub1", "bob"]]);
        }
        const joined = await s.scalars(sa.select(Article.title).join(Article.activeEditor).orderBy(Article.title)).all();
        expect(joined).toEqual(["pub1"]);
        await s.close();
      });

      it("one-to-many with a criterion on the target; appending syncs the foreign key of the equality", async () => {
        await seed();
        const s = new Session(engine);
        const alice = await s.scalars(sa.select(Person).where(Person.name.eq("alice"))).one();
        expect((await alice.awaitableAttrs.published).map((x) => x.title)).toEqual(["pub1", "pub2"]);
        alice.published.push(new Article({ title: "pub3" }));
        await s.commit();
        const [row] = await rows(sa.select(Article.authorId).where(Article.title.eq("pub3")));
        expect(row![0]).toBe(alice.id);
        expungeAll(s);
        for (const opt of [selectinload(Person.published), joinedload(Person.published), subqueryload(Person.published)]) {
          const people = await s.scalars(sa.select(Person).orderBy(Person.name).options(opt)).unique().all();
          expect(people.map((p) => [p.name, p.published.map((x) => x.title)])).toEqual([["alice", ["pub1", "pub2", "pub3"]], ["bob", []], ["carol", []]]);
          expungeAll(s);
        }
        const names = await s.scalars(sa.select(Person.name).join(Person.published).where(Article.title.eq("pub2"))).all();
        expect(names).toEqual(["alice"]);
        await s.close();
      });
    });

    describe("primaryjoin on a self-referential table and with secondary", () => {
      it("an adjacency list filtered by the child's criteria: lazy, selectin, joined, subquery, join and flush", async () => {
        const s = new Session(engine);
        const root = new Category({ name: "root" });
        const a = new Category({ name: "a", parent: root });
        const b = new Category({ name: "b", active: false, parent: root });
        const b1 = new Category({ name: "b1", parent: b });
        s.addAll([root, a, b, b1]);
        await s.commit();
        expect((await rows(sa.select(Category.name, Category.parentId).orderBy(Category.name))).map((r) => [r[0], r[1] === null ? null : "set"])).toEqual([["a", "set"], ["b", "set"], ["b1", "set"], ["root", null]]);
        expungeAll(s);
        const r = await s.scalars(sa.select(Category).where(Category.name.eq("root"))).one();
        expect((await r.awaitableAttrs.activeChildren).map((c) => c.name)).toEqual(["a"]);
        for (const opt of [selectinload(Category.activeChildren), joinedload(Category.activeChildren), subqueryload(Category.activeChildren)]) {
          expungeAll(s);
          const cats = await s.scalars(sa.select(Category).where(Category.name.in(["root", "b"])).orderBy(Category.name).options(opt)).unique().all();
          expect(cats.map((c) => [c.name, c.activeChildren.map((x) => x.name)])).toEqual([["b", ["b1"]], ["root", ["a"]]]);
        }
        const Child = aliased(Category);
        const pairs = await rows(sa.select(Category.name, Child.name).join(Category.activeChildren.ofType(Child)).orderBy(Category.name, Child.name));
        expect(pairs.map((p) => [p[0], p[1]])).toEqual([["b", "b1"], ["root", "a"]]);
        const r2 = await s.scalars(sa.select(Category).where(Category.name.eq("root"))).one();
        (await r2.awaitableAttrs.activeChildren).push(new Category({ name: "c" }));
        await s.commit();
        const [c] = await rows(sa.select(Category.parentId).where(Category.name.eq("c")));
        expect(c![0]).toBe(r2.id);
        await s.close();
      });

      it("a self-referential many-to-many with primaryjoin and secondaryjoin: loads, joins and association rows", async () => {
        const s = new Session(engine);
        const [x, y, z] = [new Category({ name: "x" }), new Category({ name: "y" }), new Category({ name: "z", active: false })];
        s.addAll([x, y, z]);
        x.activeRelated = [y, z];
        y.activeRelated = [x];
        await s.commit();
        const links = await rows(sa.select(categoryLinks.c.from_id!, categoryLinks.c.to_id!));
        expect(links.length).toBe(3);
        expungeAll(s);
        for (const opt of [selectinload(Category.activeRelated), joinedload(Category.activeRelated), subqueryload(Category.activeRelated)]) {
          expungeAll(s);
          const cats = await s.scalars(sa.select(Category).orderBy(Category.name).options(opt)).unique().all();
          expect(cats.map((c) => [c.name, c.activeRelated.map((o) => o.name)])).toEqual([["x", ["y"]], ["y", ["x"]], ["z", []]]);
        }
        expungeAll(s);
        const x2 = await s.scalars(sa.select(Category).where(Category.name.eq("x"))).one();
        expect((await x2.awaitableAttrs.activeRelated).map((o) => o.name)).toEqual(["y"]);
        const Other = aliased(Category);
        const joined = await rows(sa.select(Category.name, Other.name).join(Category.activeRelated.ofType(Other)).orderBy(Category.name));
        expect(joined.map((p) => [p[0], p[1]])).toEqual([["x", "y"], ["y", "x"]]);
        x2.activeRelated.splice(0, 1);
        await s.commit();
        expect((await rows(sa.select(categoryLinks.c.from_id!, categoryLinks.c.to_id!))).length).toBe(2);
        await s.close();
      });
    });

    describe("association object (composite key, extra column)", () => {
      it("persists, loads, updates and orphan-deletes association rows", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const chess = new Club({ name: "chess" });
        const go = new Club({ name: "go" });
        const alice = new Person({ name: "alice" });
        const bob = new Person({ name: "bob" });
        alice.memberships.push(new Membership({ club: chess, role: "admin" }), new Membership({ club: go, role: "member" }));
        bob.memberships.push(new Membership({ club: chess, role: "member" }));
        s.addAll([alice, bob]);
        await s.commit();
        const key = (m: InstanceType<typeof Membership>) => [m.personId, m.clubId];
        expect(key(alice.memberships[0]!)).toEqual([alice.id, chess.id]);
        await s.close();

        const s2 = new Session(engine);
        const a2 = await s2.scalars(sa.select(Person).where(Person.name.eq("alice")).options(selectinload(Person.memberships).selectinload(Membership.club))).one();
        expect(a2.memberships.map((m) => [m.club.name, m.role]).sort()).toEqual([["chess", "admin"], ["go", "member"]]);
        const chess2 = await s2.scalars(sa.select(Club).where(Club.name.eq("chess"))).one();
        expect((await chess2.awaitableAttrs.memberships).length).toBe(2);
        // same key gets the same object through either side (identity map)
        expect(chess2.memberships.find((m) => m.personId === a2.id)).toBe(a2.memberships.find((m) => m.club === chess2));
        a2.memberships.find((m) => m.club === chess2)!.role = "owner";
        const goMembership = a2.memberships.find((m) => m.club.name === "go")!;
        a2.memberships.splice(a2.memberships.indexOf(goMembership), 1);
        await s2.commit();
        const all = await rows(sa.select(Membership.personId, Membership.clubId, Membership.role).orderBy(Membership.role));
        expect(all.map((r) => r[2])).toEqual(["member", "owner"]);
        expect(inspectState(goMembership).status).not.toBe("persistent");
        // deleting the club deletes its association rows (cascade delete along Club.memberships)
        s2.delete(chess2);
        await s2.commit();
        expect(await rows(sa.select(Membership.role))).toEqual([]);
        await s2.close();
      });

      it("the same (person, club) removed and added again in one flush is an UPDATE (row switch)", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const chess = new Club({ name: "chess" });
        const alice = new Person({ name: "alice", memberships: [new Membership({ club: chess, role: "member" })] });
        s.add(alice);
        await s.commit();
        log.length = 0;
        alice.memberships.splice(0, 1, new Membership({ club: chess, role: "admin", personId: alice.id, clubId: chess.id }));
        await s.commit();
        expect(writes()).toEqual([expect.stringMatching(/^UPDATE/)]);
        expect((await rows(sa.select(Membership.role))).map((r) => r[0])).toEqual(["admin"]);
        await s.close();
      });
    });

    describe("postUpdate", () => {
      it("a row cycle: INSERTs with the key null, then one UPDATE; delete nulls it first", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const alice = new Person({ name: "alice" });
        const fav = new Article({ title: "fav", author: alice });
        alice.favoritePost = fav;
        s.add(alice);
        await s.commit();
        expect(writes()).toEqual([expect.stringMatching(/^INSERT INTO \S*people/), expect.stringMatching(/^INSERT INTO \S*articles/), expect.stringMatching(/^UPDATE \S*people/)]);
        const [row] = await rows(sa.select(Person.favoritePostId).where(Person.id.eq(alice.id)));
        expect(row![0]).toBe(fav.id);
        expect(alice.favoritePostId).toBe(fav.id);
        // pointing at another new article: the article first, then the UPDATE
        const next = new Article({ title: "next", author: alice });
        alice.favoritePost = next;
        await s.commit();
        expect((await rows(sa.select(Person.favoritePostId)))[0]![0]).toBe(next.id);
        // deleting both rows of the cycle: UPDATE ... SET favorite_post_id = NULL, then the DELETEs
        log.length = 0;
        s.delete(next);
        s.delete(fav);
        s.delete(alice);
        await s.commit();
        expect(writes()[0]).toMatch(/^UPDATE \S*people/);
        expect(await rows(sa.select(Person.id))).toEqual([]);
        expect(await rows(sa.select(Article.id))).toEqual([]);
        await s.close();
      });

      it("a failed post-update flush leaves nothing written and the session usable after rollback()", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const alice = new Person({ name: "alice" });
        const fav = new Article({ title: "fav", author: alice });
        alice.favoritePost = fav;
        s.add(alice);
        await engine.begin((c) => c.execute(sa.insert(Club.__table__).values({ id: 999, name: "taken" })));
        const dup = new Club({ id: 999, name: "dup" }); // primary key violation, on every database
        s.add(dup);
        const err = await rejection(s.commit());
        expect(err).toBeInstanceOf(sa.IntegrityError);
        await expect(s.flush()).rejects.toBeInstanceOf(PendingRollbackError);
        await s.rollback();
        expect(await rows(sa.select(Person.id))).toEqual([]);
        expect(await rows(sa.select(Article.id))).toEqual([]);
        expect(inspectState(alice).status).toBe("transient");
        expect(alice.favoritePostId ?? null).toBeNull();
        s.add(alice);
        await s.commit();
        expect((await rows(sa.select(Person.favoritePostId)))[0]![0]).toBe(fav.id);
        await s.close();
      });

      it("a post-update UPDATE of a versioned row checks and bumps its version and applies onupdate, as any UPDATE", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const doc = new Doc({ title: "d" });
        const first = new Revision({ body: "v1", doc });
        doc.pinned = first;
        s.add(doc);
        await s.commit();
        const versionOf = async () => (await rows(sa.select(Doc.version, Doc.edits, Doc.pinnedId).where(Doc.id.eq(doc.id))))[0];
        // INSERT (version 1), the revision, then the post-update: version 1 checked, 2 written
        expect(writes().map((w) => w.split(" ")[0])).toEqual(["INSERT", "INSERT", "UPDATE"]);
        expect(await versionOf()).toEqual([2, 1, first.id]);
        expect([doc.version, doc.edits]).toEqual([2, 1]);
        // re-pointing a persistent row: its version goes on from the database's
        const second = new Revision({ body: "v2", doc });
        doc.pinned = second;
        await s.commit();
        expect(await versionOf()).toEqual([3, 1, second.id]);
        expect(doc.version).toBe(3);
        // a stale version is refused on the post-update too
        await engine.begin((c) => c.execute(sa.update(Doc.__table__).where(Doc.id.eq(doc.id)).values({ version: 10 } as never)));
        doc.pinned = first;
        expect(await rejection(s.commit())).toBeInstanceOf(StaleDataError);
        await s.rollback();
        await s.refresh(doc);
        expect(doc.version).toBe(10);
        // deleting it nulls the reference with its version checked and bumped, then the DELETE checks the new one
        log.length = 0;
        s.delete(doc);
        await s.commit();
        const docWrites = writes().filter((w) => /^(UPDATE|DELETE FROM) \S*docs/.test(w));
        expect(docWrites.map((w) => w.split(" ")[0])).toEqual(["UPDATE", "DELETE"]);
        expect(await rows(sa.select(Doc.id))).toEqual([]);
        await s.close();
      });

      it("postUpdate on the one-to-many side: the children's key is written after both rows exist", async () => {
        const s = new Session(engine, { expireOnCommit: false });
        const g = new Gadget({ name: "g" });
        const p1 = new Part({ name: "p1" });
        const p2 = new Part({ name: "p2" });
        g.parts.push(p1, p2);
        g.mainPart = p1;
        s.add(g);
        await s.commit();
        // parts first (the gadget refers to its main part), then the gadget, then the parts' gadget keys
        const w = writes().map((x) => x.replace(/\S*_(parts|gadgets)\b/, "$1"));
        const firstGadget = w.indexOf("INSERT INTO gadgets");
        expect(w.slice(0, firstGadget).every((x) => x === "INSERT INTO parts")).toBe(true);
        expect(w.slice(firstGadget)).toEqual(["INSERT INTO gadgets", "UPDATE parts SET", "UPDATE parts SET"]);
        expect((await rows(sa.select(Part.gadgetId).orderBy(Part.name))).map((r) => r[0])).toEqual([g.id, g.id]);
        expect((await rows(sa.select(Gadget.mainPartId)))[0]![0]).toBe(p1.id);
        // removing a child: its key is set to null by post-update, then it is orphan-deleted; deleting the gadget nulls first
        g.parts.splice(1, 1);
        await s.commit();
        expect((await rows(sa.select(Part.name))).map((r) => r[0])).toEqual(["p1"]);
        s.delete(g);
        await s.commit();
        expect(await rows(sa.select(Gadget.id))).toEqual([]);
        expect(await rows(sa.select(Part.id))).toEqual([]);
        await s.close();
      });

      it("without postUpdate a row cycle is a CircularDependencyError naming the classes and the fix", async () => {
        const s = new Session(engine);
        const w = new Widget({ name: "w" });
        const e = new Entry({ name: "e" });
        w.entries.push(e);
        w.favoriteEntry = e;
        s.add(w);
        const err = (await rejection(s.flush())) as Error;
        expect(err).toBeInstanceOf(CircularDependencyError);
        expect(err.message).toMatch(/Widget.*Entry/);
        expect(err.message).toMatch(/postUpdate: true/);
        await s.rollback();
        expect(await rows(sa.select(Widget.id))).toEqual([]);
        // the session works again: without the cycle the same objects flush
        w.favoriteEntry = null;
        s.add(w);
        await s.commit();
        expect((await rows(sa.select(Entry.widgetId)))[0]![0]).toBe(w.id);
        await s.close();
      });
    });

    describe("cascade merge", () => {
      it("merge() follows relationships with the merge cascade and returns the session's graph", async () => {
        const s1 = new Session(engine, { expireOnCommit: false });
        const chess = new Club({ name: "chess" });
        const alice = new Person({ name: "alice", memberships: [new Membership({ club: chess, role: "member" })], notes: [new Note({ text: "n1" })] });
        s1.add(alice);
        await s1.commit();
        await s1.close(); // alice, her membership and note are detached, loaded
        alice.name = "alice2";
        alice.memberships[0]!.role = "owner";
        alice.notes[0]!.text = "changed";
        const added = new Membership({ club: new Club({ name: "go" }), role: "guest" });
        alice.memberships.push(added);

        const s2 = new Session(engine);
        const merged = await s2.merge(alice);
        expect(merged).not.toBe(alice);
        expect(s2.contains(merged)).toBe(true);
        expect(merged.name).toBe("alice2");
        expect(merged.memberships.map((m) => m.role).sort()).toEqual(["guest", "owner"]);
        for (const m of merged.memberships) {
          expect(m).not.toBe(alice.memberships[0]);
          expect(s2.contains(m)).toBe(true);
          expect(m.person).toBe(merged);
        }
        // Person.notes has cascade "save-update" only: not merged, the session's note keeps its database value
        expect((await merged.awaitableAttrs.notes).map((n) => n.text)).toEqual(["n1"]);
        await s2.commit();
        expect((await rows(sa.select(Membership.role).orderBy(Membership.role))).map((r) => r[0])).toEqual(["guest", "owner"]);
        expect((await rows(sa.select(Note.text))).map((r) => r[0])).toEqual(["n1"]);
        expect((await rows(sa.select(Club.name).orderBy(Club.name))).map((r) => r[0])).toEqual(["chess", "go"]);
        expect((await rows(sa.select(Person.name))).map((r) => r[0])).toEqual(["alice2"]);
        await s2.close();
      });

      it("children missing from the merged collection are orphan-deleted; a shared object is merged once", async () => {
        const s1 = new Session(engine, { expireOnCommit: false });
        const chess = new Club({ name: "chess" });
        const go = new Club({ name: "go" });
        const alice = new Person({ name: "alice", memberships: [new Membership({ club: chess, role: "a" }), new Membership({ club: go, role: "b" })] });
        s1.add(alice);
        await s1.commit();
        await s1.close();
        alice.memberships.splice(1, 1);
        const s2 = new Session(engine);
        const merged = await s2.merge(alice);
        expect(merged.memberships.length).toBe(1);
        expect(merged.memberships[0]!.club.name).toBe("chess");
        await s2.commit();
        expect((await rows(sa.select(Membership.role))).map((r) => r[0])).toEqual(["a"]);
        await s2.close();
      });
    });

    describe("passiveDeletes and orderBy", () => {
      it("passiveDeletes: deleting a parent does not load its unloaded children; ON DELETE CASCADE removes them", async () => {
        const s = new Session(engine);
        s.add(new Forum({ name: "f", threads: [new Thread({ title: "t1" }), new Thread({ title: "t2" })] }));
        s.add(new Forum({ name: "g", threads: [new Thread({ title: "t3" })] }));
        await s.commit();
        expungeAll(s);
        const f = await s.scalars(sa.select(Forum).where(Forum.name.eq("f"))).one();
        log.length = 0;
        s.delete(f);
        await s.commit();
        expect(log.filter((q) => /threads/i.test(q))).toEqual([]); // no SELECT (nor DELETE) of threads by the ORM
        expect((await rows(sa.select(Thread.title))).map((r) => r[0])).toEqual(["t3"]);
        // loaded children are still deleted by the ORM (and the session knows they are gone)
        const g = await s.scalars(sa.select(Forum).where(Forum.name.eq("g")).options(selectinload(Forum.threads))).one();
        const t3 = g.threads[0]!;
        s.delete(g);
        await s.commit();
        expect(inspectState(t3).status).not.toBe("persistent");
        expect(await rows(sa.select(Thread.id))).toEqual([]);
        await s.close();
      });

      it("orderBy applies to lazy, selectin, joined and subquery loads, and after appends once reloaded", async () => {
        await seed();
        const s = new Session(engine);
        const want = ["draft", "pub1", "pub2"];
        const alice = await s.scalars(sa.select(Person).where(Person.name.eq("alice"))).one();
        expect((await alice.awaitableAttrs.authored).map((a) => a.title)).toEqual(want);
        for (const opt of [selectinload(Person.authored), joinedload(Person.authored), subqueryload(Person.authored)]) {
          expungeAll(s);
          const p = await s.scalars(sa.select(Person).where(Person.name.eq("alice")).options(opt)).unique().one();
          expect(p.authored.map((a) => a.title)).toEqual(want);
        }
        await s.close();
      });
    });
  });
}
