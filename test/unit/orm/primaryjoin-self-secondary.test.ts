/**
 * `primaryjoin` on a self-referential relationship (an adjacency list: parent and target are the
 * same table, told apart by which argument of the function a column came from) and together with
 * `secondary` + `secondaryjoin` (many-to-many, also self-referential). Every loader (lazy,
 * selectin, subquery, joined), joins (`join(rel.ofType(alias))`) and the unit of work must honour
 * the condition. Runs on real SQLite (libsql, in memory).
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, aliased, declarativeBase, joinedload, mappedColumn, relationship, selectinload, subqueryload } from "../../../src/orm/index.js";

async function treeSetup() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Node extends Base.model("nodes", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    parentId: mappedColumn(sa.Integer, { foreignKey: "nodes.id", nullable: true }),
    name: mappedColumn(sa.String(20)),
    active: mappedColumn(sa.Boolean, { default: true }),
    activeChildren: relationship<Node[]>("Node", { primaryjoin: (parent, child) => sa.and(child.parentId!.eq(parent.id!), child.active!), orderBy: ["id"] }),
    parent: relationship<Node | null>("Node", { primaryjoin: (child, parent) => child.parentId!.eq(parent.id!), remoteSide: ["id"] }),
    activeParent: relationship<Node | null>("Node", { primaryjoin: (child, parent) => sa.and(child.parentId!.eq(parent.id!), parent.active!) }),
  }) {
    static {
      Base.register(this);
    }
  }
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  await engine.begin(async (c) => {
    await c.execute(
      sa.insert(Node.__table__).values([
        { id: 1, parentId: null, name: "root", active: true },
        { id: 2, parentId: 1, name: "a", active: true },
        { id: 3, parentId: 1, name: "b", active: false },
        { id: 4, parentId: 1, name: "c", active: true },
        { id: 5, parentId: 3, name: "b1", active: true },
        { id: 6, parentId: 2, name: "a1", active: false },
      ] as never),
    );
  });
  const sqls: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
    sqls.push(sql);
  });
  return { Base, Node, engine, sqls };
}

describe("primaryjoin on a self-referential relationship", () => {
  it("configures: direction from the side holding the foreign key, target-only criteria kept apart", async () => {
    const { Base, Node, engine } = await treeSetup();
    Base.registry.configure();
    const r = (x: unknown) => x as { direction: string; pairs: { fk: { key: string }; referenced: { key: string } }[] };
    expect(r(Node.activeChildren).direction).toBe("oneToMany");
    expect(r(Node.parent).direction).toBe("manyToOne");
    expect(r(Node.activeParent).direction).toBe("manyToOne");
    for (const rel of [Node.activeChildren, Node.parent, Node.activeParent]) {
      expect(r(rel).pairs.map((p) => [p.fk.key, p.referenced.key])).toEqual([["parentId", "id"]]);
    }
    await engine.dispose();
  });

  it("lazy loads: the children filtered by the target's criteria, the parent by its own", async () => {
    const { Node, engine, sqls } = await treeSetup();
    const s = new Session(engine);
    const root = (await s.get(Node, 1))!;
    sqls.length = 0;
    expect((await root.awaitableAttrs.activeChildren).map((n) => n.name)).toEqual(["a", "c"]);
    expect(sqls).toHaveLength(1);
    expect(sqls[0]).toMatch(/WHERE nodes\.parent_id = \? AND nodes\.active/);
    const b1 = (await s.get(Node, 5))!;
    expect((await b1.awaitableAttrs.parent)!.name).toBe("b");
    expect(await b1.awaitableAttrs.activeParent).toBeNull(); // b is inactive
    const a = (await s.get(Node, 2))!;
    sqls.length = 0;
    expect(await a.awaitableAttrs.activeParent).toBe(root);
    expect(sqls).toHaveLength(1); // a criterion on the target: not answered from the identity map
    expect(sqls[0]).toMatch(/WHERE nodes\.id = \? AND nodes\.active/);
    await s.close();
    await engine.dispose();
  });

  it("selectinload, subqueryload and joinedload give the same filtered trees", async () => {
    const { Node, engine, sqls } = await treeSetup();
    for (const [opt, count] of [[selectinload(Node.activeChildren), 2], [subqueryload(Node.activeChildren), 2], [joinedload(Node.activeChildren), 1]] as const) {
      const s = new Session(engine);
      sqls.length = 0;
      const nodes = await s.scalars(sa.select(Node).where(Node.id.in([1, 2, 3])).orderBy(Node.id).options(opt)).unique().all();
      expect(nodes.map((n) => [n.name, n.activeChildren.map((c) => c.name)])).toEqual([
        ["root", ["a", "c"]],
        ["a", []],
        ["b", ["b1"]],
      ]);
      expect(sqls).toHaveLength(count);
      expect(sqls[count - 1]).toMatch(/\.active/);
      await s.close();
    }
    const s = new Session(engine);
    sqls.length = 0;
    await s.scalars(sa.select(Node).where(Node.id.eq(1)).options(joinedload(Node.activeChildren))).unique().all();
    expect(sqls).toHaveLength(1);
    expect(sqls[0]).toMatch(/LEFT OUTER JOIN nodes AS (\w+) ON \1\.parent_id = nodes\.id AND \1\.active/);
    await s.close();
    for (const opt of [selectinload(Node.activeParent), subqueryload(Node.activeParent), joinedload(Node.activeParent)]) {
      const s2 = new Session(engine);
      const nodes = await s2.scalars(sa.select(Node).where(Node.id.in([2, 5, 6])).orderBy(Node.id).options(opt)).unique().all();
      expect(nodes.map((n) => [n.name, n.activeParent?.name ?? null])).toEqual([
        ["a", "root"],
        ["b1", null],
        ["a1", "a"],
      ]);
      await s2.close();
    }
    await engine.dispose();
  });

  it("select(Node).join(Node.rel.ofType(alias)) uses the alias for the target side and its criteria", async () => {
    const { Node, engine } = await treeSetup();
    const s = new Session(engine);
    const Child = aliased(Node);
    const stmt = sa.select(Node.name, Child.name).join(Node.activeChildren.ofType(Child)).orderBy(Node.id, Child.id);
    const sql = stmt.compile({ dialect: "sqlite" }).sql;
    expect(sql).toMatch(/JOIN nodes AS (\w+) ON \1\.parent_id = nodes\.id AND \1\.active/);
    expect((await s.execute(stmt)).all().map((r) => [...(r as unknown as unknown[])])).toEqual([
      ["root", "a"],
      ["root", "c"],
      ["b", "b1"],
    ]);
    const Parent = aliased(Node);
    const up = sa.select(Node.name, Parent.name).join(Node.activeParent.ofType(Parent)).orderBy(Node.id);
    expect((await s.execute(up)).all().map((r) => [...(r as unknown as unknown[])])).toEqual([
      ["a", "root"],
      ["b", "root"], // b is inactive, but the criterion is on the parent it points to
      ["c", "root"],
      ["a1", "a"], // b1's parent b is inactive
    ]);
    expect(() => sa.select(Node).join(Node.activeChildren)).toThrow(/self-referential join needs an alias/);
    await s.close();
    await engine.dispose();
  });

  it("flush: appending to the collection and setting the many-to-one write parent_id", async () => {
    const { Node, engine, sqls } = await treeSetup();
    const s = new Session(engine);
    const root = (await s.get(Node, 1))!;
    const kids = await root.awaitableAttrs.activeChildren;
    expect(kids.map((k) => k.id)).toEqual([2, 4]);
    kids.push(new Node({ id: 10, name: "d" }));
    const orphan = new Node({ id: 11, name: "e" });
    s.add(orphan);
    orphan.activeParent = (await s.get(Node, 4))!; // a many-to-one (the foreign key is on the parent side) without remoteSide
    sqls.length = 0;
    await s.commit();
    expect(sqls.filter((x) => /^\s*INSERT/i.test(x))).toHaveLength(2);
    const rows = await engine.connect(async (c) => (await c.execute(sa.select(Node.id, Node.parentId).where(Node.id.in([10, 11])).orderBy(Node.id))).all());
    expect(rows.map((r) => [...(r as unknown as unknown[])])).toEqual([
      [10, 1],
      [11, 4],
    ]);
    // removing a child from the collection nulls its foreign key
    const s2 = new Session(engine);
    const root2 = (await s2.get(Node, 1))!;
    const list = await root2.awaitableAttrs.activeChildren;
    list.splice(list.findIndex((n) => n.id === 2), 1);
    await s2.commit();
    const [row] = await engine.connect(async (c) => (await c.execute(sa.select(Node.parentId).where(Node.id.eq(2)))).all());
    expect((row as unknown as unknown[])[0]).toBeNull();
    await s.close();
    await s2.close();
    await engine.dispose();
  });

  it("both sides with primaryjoin and backPopulates stay in sync in memory and on flush", async () => {
    const Base = declarativeBase({ naming: "snake_case" });
    class T extends Base.model("t", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      upId: mappedColumn(sa.Integer, { foreignKey: "t.id", nullable: true }),
      children: relationship<T[]>("T", { primaryjoin: (parent, child) => child.upId!.eq(parent.id!), backPopulates: "parent" }),
      parent: relationship<T | null>("T", { primaryjoin: (child, parent) => child.upId!.eq(parent.id!), remoteSide: ["id"], backPopulates: "children" }),
    }) {
      static {
        Base.register(this);
      }
    }
    const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
    await Base.metadata.createAll(engine);
    const s = new Session(engine);
    const root = new T({ id: 1 });
    const kid = new T({ id: 2 });
    kid.parent = root;
    expect(root.children).toEqual([kid]);
    const kid2 = new T({ id: 3 });
    root.children.push(kid2);
    expect(kid2.parent).toBe(root);
    s.add(root);
    await s.commit();
    await s.close();
    const s2 = new Session(engine);
    const loaded = await s2.scalars(sa.select(T).where(T.id.eq(1)).options(selectinload(T.children))).one();
    expect(loaded.children.map((c) => c.id).sort()).toEqual([2, 3]);
    expect(await loaded.children[0]!.awaitableAttrs.parent).toBe(loaded);
    await s2.close();
    await engine.dispose();
  });

  it("remoteSide must name the target side of the equality", () => {
    const Base = declarativeBase({ naming: "snake_case" });
    class N extends Base.model("n", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      parentId: mappedColumn(sa.Integer, { foreignKey: "n.id", nullable: true }),
      kids: relationship<N[]>("N", { primaryjoin: (parent, child) => child.parentId!.eq(parent.id!), remoteSide: ["id"] }),
    }) {
      static {
        Base.register(this);
      }
    }
    void N;
    expect(() => Base.registry.configure()).toThrow(/N\.kids: remoteSide \["id"\] contradicts the primaryjoin, which makes it one-to-many \(the target's n\.parent_id holds the foreign key\); give remoteSide: \["parentId"\] or leave it out/);
  });

  it("criteria on the parent side are refused, even though it is the same table", () => {
    const Base = declarativeBase({ naming: "snake_case" });
    class N extends Base.model("n", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      parentId: mappedColumn(sa.Integer, { foreignKey: "n.id", nullable: true }),
      active: mappedColumn(sa.Boolean),
      kids: relationship<N[]>("N", { primaryjoin: (parent, child) => sa.and(child.parentId!.eq(parent.id!), parent.active!) }),
    }) {
      static {
        Base.register(this);
      }
    }
    void N;
    expect(() => Base.registry.configure()).toThrow(/N\.kids: primaryjoin criteria other than foreign-key equalities may only use n's columns \(its second argument, the target's\); move conditions on the parent \(n\) into the query/);
  });
});

async function m2mSetup() {
  const Base = declarativeBase({ naming: "snake_case" });
  const membership = new sa.Table(
    "membership",
    Base.metadata,
    new sa.Column("user_id", sa.ForeignKey("users.id"), { primaryKey: true }),
    new sa.Column("group_id", sa.ForeignKey("groups.id"), { primaryKey: true }),
    new sa.Column("role", sa.String(10), { nullable: true }),
  );
  const friendship = new sa.Table(
    "friendship",
    Base.metadata,
    new sa.Column("a_id", sa.ForeignKey("users.id"), { primaryKey: true }),
    new sa.Column("b_id", sa.ForeignKey("users.id"), { primaryKey: true }),
  );
  class User extends Base.model("users", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    adminOfActive: relationship<Group[]>("Group", {
      secondary: membership,
      primaryjoin: (user, m) => sa.and(m.user_id!.eq(user.id!), m.role!.eq("admin")),
      secondaryjoin: (m, group) => sa.and(m.group_id!.eq(group.id!), group.active!),
      orderBy: ["id"],
    }),
    groups: relationship<Group[]>("Group", { secondary: membership, primaryjoin: (user, m) => m.user_id!.eq(user.id!), orderBy: ["id"] }),
    friends: relationship<User[]>("User", {
      secondary: friendship,
      primaryjoin: (user, f) => f.a_id!.eq(user.id!),
      secondaryjoin: (f, friend) => f.b_id!.eq(friend.id!),
      orderBy: ["id"],
    }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Group extends Base.model("groups", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    active: mappedColumn(sa.Boolean, { default: true }),
  }) {
    static {
      Base.register(this);
    }
  }
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  await engine.begin(async (c) => {
    await c.execute(sa.insert(User.__table__).values([{ id: 1, name: "ann" }, { id: 2, name: "bo" }, { id: 3, name: "cy" }] as never));
    await c.execute(sa.insert(Group.__table__).values([{ id: 1, name: "g1", active: true }, { id: 2, name: "g2", active: false }, { id: 3, name: "g3", active: true }] as never));
    await c.execute(
      sa.insert(membership).values([
        { user_id: 1, group_id: 1, role: "admin" },
        { user_id: 1, group_id: 2, role: "admin" },
        { user_id: 1, group_id: 3, role: "member" },
        { user_id: 2, group_id: 3, role: "admin" },
      ] as never),
    );
    await c.execute(sa.insert(friendship).values([{ a_id: 1, b_id: 2 }, { a_id: 1, b_id: 3 }, { a_id: 3, b_id: 1 }] as never));
  });
  const sqls: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
    sqls.push(sql);
  });
  return { Base, User, Group, membership, friendship, engine, sqls };
}

describe("primaryjoin / secondaryjoin with secondary", () => {
  it("lazy load: criteria on the association table and on the target", async () => {
    const { User, engine, sqls } = await m2mSetup();
    const s = new Session(engine);
    const ann = (await s.get(User, 1))!;
    sqls.length = 0;
    expect((await ann.awaitableAttrs.adminOfActive).map((g) => g.name)).toEqual(["g1"]);
    expect(sqls).toHaveLength(1);
    expect(sqls[0]).toMatch(/membership\.role = \?/);
    expect(sqls[0]).toMatch(/groups\.active/);
    expect((await ann.awaitableAttrs.groups).map((g) => g.name)).toEqual(["g1", "g2", "g3"]);
    expect((await ann.awaitableAttrs.friends).map((u) => u.name)).toEqual(["bo", "cy"]);
    const cy = (await s.get(User, 3))!;
    expect((await cy.awaitableAttrs.friends).map((u) => u.name)).toEqual(["ann"]);
    await s.close();
    await engine.dispose();
  });

  it("selectinload, subqueryload and joinedload honour both conditions", async () => {
    const { User, engine, sqls } = await m2mSetup();
    for (const rel of ["adminOfActive", "friends"] as const) {
      for (const [opt, count] of [[selectinload(User[rel]), 2], [subqueryload(User[rel]), 2], [joinedload(User[rel]), 1]] as const) {
        const s = new Session(engine);
        sqls.length = 0;
        const users = await s.scalars(sa.select(User).orderBy(User.id).options(opt)).unique().all();
        const got = users.map((u) => [u.name, (u[rel] as { name: string }[]).map((x) => x.name)]);
        expect(got).toEqual(
          rel === "adminOfActive"
            ? [
                ["ann", ["g1"]],
                ["bo", ["g3"]],
                ["cy", []],
              ]
            : [
                ["ann", ["bo", "cy"]],
                ["bo", []],
                ["cy", ["ann"]],
              ],
        );
        expect(sqls).toHaveLength(count);
        await s.close();
      }
    }
    const s = new Session(engine);
    sqls.length = 0;
    await s.scalars(sa.select(User).options(joinedload(User.adminOfActive))).unique().all();
    expect(sqls).toHaveLength(1);
    expect(sqls[0]).toMatch(/LEFT OUTER JOIN membership AS (\w+) ON \1\.user_id = users\.id AND \1\.role = \? LEFT OUTER JOIN groups AS (\w+) ON \1\.group_id = \2\.id AND \2\.active/);
    await s.close();
    await engine.dispose();
  });

  it("join(rel) and join(rel.ofType(alias)) put each criterion in its ON clause", async () => {
    const { User, Group, engine } = await m2mSetup();
    const s = new Session(engine);
    const stmt = sa.select(User.name, Group.name).join(User.adminOfActive).orderBy(User.id);
    expect(stmt.compile({ dialect: "sqlite" }).sql).toMatch(/JOIN membership ON membership\.user_id = users\.id AND membership\.role = \? JOIN groups ON membership\.group_id = groups\.id AND groups\.active/);
    expect((await s.execute(stmt)).all().map((r) => [...(r as unknown as unknown[])])).toEqual([
      ["ann", "g1"],
      ["bo", "g3"],
    ]);
    const F = aliased(User);
    const fr = sa.select(User.name, F.name).join(User.friends.ofType(F)).orderBy(User.id, F.id);
    expect((await s.execute(fr)).all().map((r) => [...(r as unknown as unknown[])])).toEqual([
      ["ann", "bo"],
      ["ann", "cy"],
      ["cy", "ann"],
    ]);
    await s.close();
    await engine.dispose();
  });

  it("flush: added and removed targets write and delete association rows by both sides' columns", async () => {
    const { User, friendship, membership, engine, sqls } = await m2mSetup();
    const s = new Session(engine);
    const bo = (await s.get(User, 2))!;
    const friends = await bo.awaitableAttrs.friends;
    friends.push((await s.get(User, 1))!);
    const ann = (await s.get(User, 1))!;
    const af = await ann.awaitableAttrs.friends;
    af.splice(af.findIndex((u) => u.id === 3), 1);
    sqls.length = 0;
    await s.commit();
    expect(sqls.some((x) => /DELETE FROM friendship WHERE friendship\.a_id = \? AND friendship\.b_id = \?/.test(x))).toBe(true);
    expect(sqls.some((x) => /INSERT INTO friendship/.test(x))).toBe(true);
    const rows = await engine.connect(async (c) => (await c.execute(sa.select(friendship.c.a_id, friendship.c.b_id).orderBy(friendship.c.a_id, friendship.c.b_id))).all());
    expect(rows.map((r) => [...(r as unknown as unknown[])])).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    // deleting a user whose collections were never loaded: the filtered relationship deletes only its own rows
    // (friends is one-way: the row pointing at bo from ann's side is not bo's to delete)
    await engine.begin(async (c) => {
      await c.execute(sa.delete_(friendship).where(friendship.c.b_id!.eq(2)));
    });
    const s2 = new Session(engine);
    const bo2 = (await s2.get(User, 2))!;
    sqls.length = 0;
    await s2.delete(bo2);
    await s2.commit();
    const mdel = sqls.filter((x) => /DELETE FROM membership/.test(x));
    expect(mdel).toHaveLength(2); // adminOfActive's and groups'
    expect(mdel.filter((x) => /WHERE membership\.user_id = \? AND membership\.role = \?/.test(x))).toHaveLength(1);
    expect(sqls.some((x) => /DELETE FROM friendship WHERE friendship\.a_id = \?/.test(x))).toBe(true);
    const left = await engine.connect(async (c) => (await c.execute(sa.select(membership.c.user_id).orderBy(membership.c.user_id))).all());
    expect(left.map((r) => (r as unknown as unknown[])[0])).toEqual([1, 1, 1]);
    const fleft = await engine.connect(async (c) => (await c.execute(sa.select(friendship.c.a_id, friendship.c.b_id))).all());
    expect(fleft.map((r) => [...(r as unknown as unknown[])])).toEqual([[3, 1]]);
    await s.close();
    await s2.close();
    await engine.dispose();
  });

  it("errors: a criterion on the parent, a secondaryjoin without secondary, no foreign-key equality", () => {
    const make = (opts: Parameters<typeof relationship>[1]) => {
      const Base = declarativeBase({ naming: "snake_case" });
      const link = new sa.Table("link", Base.metadata, new sa.Column("a_id", sa.ForeignKey("a.id")), new sa.Column("b_id", sa.ForeignKey("b.id")), new sa.Column("x", sa.Integer));
      class A extends Base.model("a", { id: mappedColumn(sa.Integer, { primaryKey: true }), n: mappedColumn(sa.Integer), bs: relationship<B[]>("B", { secondary: link, ...opts }) }) {
        static {
          Base.register(this);
        }
      }
      class B extends Base.model("b", { id: mappedColumn(sa.Integer, { primaryKey: true }) }) {
        static {
          Base.register(this);
        }
      }
      void A;
      void B;
      return () => Base.registry.configure();
    };
    expect(make({ primaryjoin: (a, l) => sa.and(l.a_id!.eq(a.id!), a.n!.eq(1)) })).toThrow(/A\.bs: primaryjoin criteria other than foreign-key equalities may only use link's columns/);
    expect(make({ secondaryjoin: (l, b) => l.x!.eq(b.id!) })).toThrow(/A\.bs: secondaryjoin compares link\.x and b\.id, but neither has a foreign key to the other/);
    expect(make({ primaryjoin: (_a, l) => l.x!.eq(1) })).toThrow(/A\.bs: primaryjoin has no equality between a foreign key and the column it references/);
    expect(make({ secondaryjoin: (l, b) => l.b_id!.eq(b.id!), primaryjoin: (a, l) => a.id!.eq(l.a_id!) })).not.toThrow();
    const Base = declarativeBase({ naming: "snake_case" });
    const f = new sa.Table("f", Base.metadata, new sa.Column("x_id", sa.ForeignKey("p.id")), new sa.Column("y_id", sa.ForeignKey("p.id")));
    class P extends Base.model("p", { id: mappedColumn(sa.Integer, { primaryKey: true }), fs: relationship<P[]>("P", { secondary: f, primaryjoin: (p, l) => l.x_id!.eq(p.id!) }) }) {
      static {
        Base.register(this);
      }
    }
    void P;
    expect(() => Base.registry.configure()).toThrow(/P\.fs: a self-referential many-to-many needs primaryjoin and secondaryjoin/);
    expect(() => relationship("B", { secondaryjoin: (l, b) => l.b_id!.eq(b.id!) })).toThrow(/secondaryjoin needs secondary/);
  });
});
