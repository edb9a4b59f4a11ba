/**
 * ORM inheritance: joined table (own table, primary key = foreign key to the parent's), single
 * table (subclass columns in the parent's table, rows told apart by the discriminator) and
 * concrete table (own complete table); polymorphic loading, withPolymorphic, identity map,
 * per-table writes, relationships to and from a hierarchy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { InvalidRequestError, Session, aliased, containsEager, declarativeBase, joinedload, mappedColumn, relationship, selectinload, withPolymorphic } from "../../../src/orm/index.js";
import type { AdapterTarget } from "./target.js";

function makeInheritanceModels(prefix: string) {
  const Base = declarativeBase({ naming: "snake_case" });
  const t = (n: string) => `${prefix}_${n}`;

  class Company extends Base.model(t("companies"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    employees: relationship<Employee[]>("Employee", { backPopulates: "company", orderBy: ["name"] }),
    /** To a joined subclass, through the base table's foreign key. */
    engineers: relationship<Engineer[]>("Engineer", { orderBy: ["name"] }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Employee extends Base.model(t("employees"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    type: mappedColumn(sa.String(50)),
    companyId: mappedColumn(sa.Integer, { foreignKey: `${t("companies")}.id`, nullable: true }),
    company: relationship<Company | null>("Company", { backPopulates: "employees" }),
  }, { mapperArgs: { polymorphicOn: "type", polymorphicIdentity: "employee" } }) {
    static {
      Base.register(this);
    }
  }

  /** Joined table inheritance. */
  class Engineer extends Employee.subclass(t("engineers"), {
    id: mappedColumn(sa.Integer, { foreignKey: `${t("employees")}.id`, primaryKey: true }),
    engineeringField: mappedColumn(sa.String(100)),
    mentorId: mappedColumn(sa.Integer, { foreignKey: `${t("employees")}.id`, nullable: true }),
    /** From a joined subclass to the base class (the inheritance foreign key is not a candidate). */
    mentor: relationship<Employee | null>("Employee"),
  }, { mapperArgs: { polymorphicIdentity: "engineer" } }) {
    static {
      Base.register(this);
    }
  }

  /** Single table inheritance. */
  class Manager extends Employee.subclass(null, {
    managerName: mappedColumn(sa.String(50), { nullable: true }),
  }, { mapperArgs: { polymorphicIdentity: "manager" } }) {
    static {
      Base.register(this);
    }
  }

  /** Single table below a single-table subclass: select(Manager) includes it. */
  class Director extends Manager.subclass(null, {
    budget: mappedColumn(sa.Integer, { nullable: true }),
  }, { mapperArgs: { polymorphicIdentity: "director" } }) {
    static {
      Base.register(this);
    }
  }

  /** Concrete table inheritance: its own complete table. */
  class Vehicle extends Base.model(t("vehicles"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
  }) {
    static {
      Base.register(this);
    }
  }
  class Truck extends Vehicle.subclass(t("trucks"), { payload: mappedColumn(sa.Integer) }, { concrete: true }) {
    static {
      Base.register(this);
    }
  }

  /** A second concrete subclass with a column of its own (the union casts NULL for the others). */
  class Van extends Vehicle.subclass(t("vans"), { seats: mappedColumn(sa.Integer) }, { concrete: true }) {
    static {
      Base.register(this);
    }
  }

  /** A self-referential base with a joined subclass: rows point at rows of either class. */
  class Staff extends Base.model(t("staff"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    kind: mappedColumn(sa.String(20)),
    bossId: mappedColumn(sa.Integer, { foreignKey: `${t("staff")}.id`, nullable: true }),
    boss: relationship<Staff | null>("Staff", { remoteSide: ["id"], backPopulates: "reports" }),
    reports: relationship<Staff[]>("Staff", { backPopulates: "boss", orderBy: ["name"] }),
  }, { mapperArgs: { polymorphicOn: "kind", polymorphicIdentity: "staff" } }) {
    static {
      Base.register(this);
    }
  }
  class Lead extends Staff.subclass(t("leads"), {
    id: mappedColumn(sa.Integer, { foreignKey: `${t("staff")}.id`, primaryKey: true }),
    team: mappedColumn(sa.String(20)),
  }, { mapperArgs: { polymorphicIdentity: "lead" } }) {
    static {
      Base.register(this);
    }
  }

  return { Base, Company, Employee, Engineer, Manager, Director, Vehicle, Truck, Van, Staff, Lead };
}

export function ormInheritanceSuite(target: AdapterTarget): void {
  describe("orm inheritance", () => {
    const { Base, Company, Employee, Engineer, Manager, Director, Vehicle, Truck, Van, Staff, Lead } = makeInheritanceModels(`it_inh_${target.name}`);
    const T = (n: string) => `it_inh_${target.name}_${n}`;
    let engine: Engine;
    const log: string[] = [];
    const selectLog = () => log.filter((s) => /^\s*SELECT/i.test(s));
    const selects = () => selectLog().length;
    const writes = () => log.filter((s) => /^\s*(INSERT|UPDATE|DELETE)/i.test(s));
    let ids: { ann: number; bob: number; cid: number; dan: number; eve: number; acme: number };

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
        await c.execute(sa.update(Staff.__table__).values({ bossId: null })); // MySQL checks self-referencing keys row by row
        for (const tb of [...Base.metadata.sortedTables].reverse()) await c.execute(sa.delete_(tb));
      });
      const s = new Session(engine);
      const acme = new Company({ name: "acme" });
      const ann = new Engineer({ name: "ann", engineeringField: "databases", company: acme });
      const bob = new Manager({ name: "bob", managerName: "B", company: acme });
      const cid = new Employee({ name: "cid", company: acme });
      const dan = new Engineer({ name: "dan", engineeringField: "compilers" });
      const eve = new Director({ name: "eve", managerName: "E", budget: 10, company: acme });
      s.addAll([acme, ann, bob, cid, dan, eve]);
      await s.commit();
      ids = { ann: ann.id, bob: bob.id, cid: cid.id, dan: dan.id, eve: eve.id, acme: acme.id };
      await s.close();
      log.length = 0;
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("metadata holds every table; single-table subclass columns are nullable in the parent's table", () => {
      const names = Base.metadata.sortedTables.map((tb) => tb.name);
      expect(names).toEqual(expect.arrayContaining([T("employees"), T("engineers"), T("trucks"), T("vehicles")]));
      expect(names).not.toContain(null);
      const employees = Employee.__table__;
      expect(Manager.__table__).toBe(employees);
      expect(employees.c.managerName).toBeDefined();
      expect((employees.c.managerName as unknown as { nullable: boolean }).nullable).toBe(true);
      expect((employees.c.budget as unknown as { nullable: boolean }).nullable).toBe(true);
      expect(Engineer.__table__.name).toBe(T("engineers"));
    });

    it("joined: INSERT writes the parent row, then the child row keyed by the parent's generated key; the discriminator is set", async () => {
      await using s = new Session(engine);
      const e = new Engineer({ name: "fay", engineeringField: "networks" });
      expect(e.type).toBe("engineer");
      s.add(e);
      await s.flush();
      const w = writes();
      const parent = w.findIndex((q) => q.includes(`INSERT INTO`) && q.includes(T("employees")));
      const child = w.findIndex((q) => q.includes(`INSERT INTO`) && q.includes(T("engineers")));
      expect(parent).toBeGreaterThanOrEqual(0);
      expect(child).toBeGreaterThan(parent);
      expect(typeof e.id).toBe("number");
      // the flush is not committed: read through the session's own connection
      const eng = Engineer.__table__;
      const emp = Employee.__table__;
      const r = await s.execute(sa.select(emp.c.type!, eng.c.engineeringField!).join(eng, emp.c.id!.eq(eng.c.id as never)).where(emp.c.id!.eq(e.id as never)));
      expect(r.all().map((row) => [...row])).toEqual([["engineer", "networks"]]);
      await s.commit();
      expect((await engine.connect((c) => c.execute(sa.select(sa.func.count()).selectFrom(Engineer.__table__)))).scalar()).toBe(3);
    });

    it("select(Employee) returns instances of the right subclasses; joined-subclass attributes stay unloaded until refresh", async () => {
      await using s = new Session(engine);
      const all = await s.scalars(sa.select(Employee).orderBy(Employee.name)).all();
      expect(selects()).toBe(1);
      expect(all.map((o) => o.name)).toEqual(["ann", "bob", "cid", "dan", "eve"]);
      expect(all.map((o) => (o instanceof Director ? "Director" : o instanceof Manager ? "Manager" : o instanceof Engineer ? "Engineer" : "Employee"))).toEqual([
        "Engineer",
        "Manager",
        "Employee",
        "Engineer",
        "Director",
      ]);
      const [ann, bob, , , eve] = all as [InstanceType<typeof Engineer>, InstanceType<typeof Manager>, unknown, unknown, InstanceType<typeof Director>];
      expect(bob.managerName).toBe("B"); // single table: in the row already
      expect(eve.budget).toBe(10);
      expect(() => ann.engineeringField).toThrow(InvalidRequestError);
      expect(() => ann.engineeringField).toThrow(/Engineer\.engineeringField .*not loaded by the query.*withPolymorphic.*session\.refresh/);
      await s.refresh(ann);
      expect(ann.engineeringField).toBe("databases");
      expect(await s.scalars(sa.select(Employee).where(Employee.name.eq("dan"))).one()).toBeInstanceOf(Engineer);
      const dan = (await s.scalars(sa.select(Employee).where(Employee.name.eq("dan"))).one()) as InstanceType<typeof Engineer>;
      expect(await dan.awaitableAttrs.engineeringField).toBe("compilers");
    });

    it("select(Engineer) joins the two tables; one object per row across the hierarchy (identity keyed by the base)", async () => {
      await using s = new Session(engine);
      const asEmployee = await s.scalars(sa.select(Employee).where(Employee.id.eq(ids.ann))).one();
      log.length = 0;
      const engineers = await s.scalars(sa.select(Engineer).orderBy(Engineer.name)).all();
      expect(selects()).toBe(1);
      expect(selectLog()[0]).toMatch(new RegExp(`JOIN ${T("engineers")}|JOIN "${T("engineers")}"|JOIN \`${T("engineers")}\``));
      expect(engineers.map((e) => [e.name, e.engineeringField])).toEqual([
        ["ann", "databases"],
        ["dan", "compilers"],
      ]);
      expect(engineers[0]).toBe(asEmployee); // the same object, its subclass columns now loaded
      log.length = 0;
      expect(await s.get(Engineer, ids.ann)).toBe(asEmployee);
      expect(await s.get(Employee, ids.ann)).toBe(asEmployee);
      expect(await s.get(Manager, ids.ann)).toBeUndefined(); // that row is an Engineer
      expect(selects()).toBe(0);
      const bob = await s.get(Employee, ids.bob);
      expect(bob).toBeInstanceOf(Manager);
      expect(await s.get(Manager, ids.bob)).toBe(bob);
      expect(await s.get(Engineer, ids.bob)).toBeUndefined();
      const fresh = new Session(engine);
      try {
        expect(await fresh.get(Engineer, ids.bob)).toBeUndefined(); // by SQL: the join finds no engineers row
        expect(await fresh.get(Manager, ids.ann)).toBeUndefined(); // by SQL: the discriminator filter
        const d = await fresh.get(Engineer, ids.dan);
        expect(d?.engineeringField).toBe("compilers");
      } finally {
        await fresh.close();
      }
    });

    it("withPolymorphic: one statement LEFT OUTER JOINs the subclass tables and loads every attribute", async () => {
      await using s = new Session(engine);
      const all = await s.scalars(sa.select(Employee).options(withPolymorphic("*")).orderBy(Employee.name)).all();
      expect(selects()).toBe(1);
      expect(selectLog()[0]).toMatch(/LEFT OUTER JOIN/);
      const ann = all[0] as InstanceType<typeof Engineer>;
      expect(ann).toBeInstanceOf(Engineer);
      expect(ann.engineeringField).toBe("databases");
      expect((all[3] as InstanceType<typeof Engineer>).engineeringField).toBe("compilers");
      expect((all[1] as InstanceType<typeof Manager>).managerName).toBe("B");
      expect(selects()).toBe(1);
      await using s2 = new Session(engine);
      log.length = 0;
      const some = await s2.scalars(sa.select(Employee).options(withPolymorphic([Engineer])).where(Employee.companyId.eq(ids.acme)).orderBy(Employee.name)).all();
      expect(selects()).toBe(1);
      expect(some.map((o) => o.name)).toEqual(["ann", "bob", "cid", "eve"]);
      expect((some[0] as InstanceType<typeof Engineer>).engineeringField).toBe("databases");
      expect(() => withPolymorphic([] as never)).toThrow(/withPolymorphic\(\) takes an array of mapped subclasses/);
    });

    it("update touches only the tables whose columns changed", async () => {
      await using s = new Session(engine);
      const ann = (await s.get(Engineer, ids.ann))!;
      log.length = 0;
      ann.engineeringField = "storage";
      await s.flush();
      expect(writes()).toHaveLength(1);
      expect(writes()[0]).toMatch(new RegExp(`^UPDATE .?${T("engineers")}`));
      log.length = 0;
      ann.name = "anne";
      await s.flush();
      expect(writes()).toHaveLength(1);
      expect(writes()[0]).toMatch(new RegExp(`^UPDATE .?${T("employees")}`));
      log.length = 0;
      ann.name = "annie";
      ann.engineeringField = "search";
      await s.flush();
      expect(writes()).toHaveLength(2);
      await s.commit();
      await using s2 = new Session(engine);
      const again = (await s2.get(Engineer, ids.ann))!;
      expect([again.name, again.engineeringField, again.type]).toEqual(["annie", "search", "engineer"]);
      const bob = (await s2.get(Manager, ids.bob))!;
      bob.managerName = "Bobby";
      await s2.commit();
      await using s3 = new Session(engine);
      expect((await s3.get(Manager, ids.bob))!.managerName).toBe("Bobby");
    });

    it("delete removes the child row, then the parent row", async () => {
      await using s = new Session(engine);
      const dan = (await s.get(Engineer, ids.dan))!;
      const bob = (await s.get(Manager, ids.bob))!;
      log.length = 0;
      s.delete(dan);
      s.delete(bob);
      await s.commit();
      const w = writes();
      const child = w.findIndex((q) => q.startsWith("DELETE") && q.includes(T("engineers")));
      const parent = w.findIndex((q) => q.startsWith("DELETE") && q.includes(T("employees")) && !q.includes(T("engineers")));
      expect(child).toBeGreaterThanOrEqual(0);
      expect(parent).toBeGreaterThan(child);
      await using s2 = new Session(engine);
      expect((await s2.scalars(sa.select(Employee).orderBy(Employee.name)).all()).map((e) => e.name)).toEqual(["ann", "cid", "eve"]);
      const n = await engine.connect(async (c) => (await c.execute(sa.select(sa.func.count()).selectFrom(Engineer.__table__))).scalar());
      expect(n).toBe(1);
    });

    it("single table: select(Manager) filters by the discriminators of Manager and its subclasses, as bound parameters", async () => {
      const { sql, params } = sa.select(Manager).compile({ dialect: engine.dialect });
      expect(sql).not.toMatch(/'manager'|'director'/);
      expect(params).toEqual(["manager", "director"]);
      expect(sa.select(Director).compile({ dialect: engine.dialect }).params).toEqual(["director"]);
      expect(sa.select(Employee).compile({ dialect: engine.dialect }).params).toEqual([]);
      await using s = new Session(engine);
      const managers = await s.scalars(sa.select(Manager).orderBy(Manager.name)).all();
      expect(managers.map((m) => [m.name, m.managerName, m instanceof Director])).toEqual([
        ["bob", "B", false],
        ["eve", "E", true],
      ]);
      const named = await s.scalars(sa.select(Manager).where(Manager.name.eq("ann"))).all();
      expect(named).toEqual([]); // ann is an engineer: the filter stays with the user's criteria
      expect(Number(await s.scalar(sa.select(sa.func.count()).selectFrom(Manager)))).toBe(2); // selectFrom(Manager) carries the filter too
      expect(Number(await s.scalar(sa.select(sa.func.count()).selectFrom(Employee)))).toBe(5);
      await s.bulkInsertMappings(Manager, [{ name: "gus" }]); // the discriminator is filled in
      expect((await s.scalars(sa.select(Manager).where(Manager.name.eq("gus"))).one()).type).toBe("manager");
      await expect(s.bulkInsertMappings(Engineer, [{ name: "x" }])).rejects.toThrow(/bulkInsertMappings\(Engineer\): Engineer uses joined-table inheritance/);
    });

    it("single table: selecting columns of a subclass filters by its discriminators, once per subclass; base-class columns do not", async () => {
      await using s = new Session(engine);
      const ins = (sql: string) => (sql.match(/ IN \(/g) ?? []).length;
      // a column the subclass inherits, and one it adds
      expect(await s.scalars(sa.select(Manager.name).orderBy(Manager.name)).all()).toEqual(["bob", "eve"]);
      expect(await s.scalars(sa.select(Manager.managerName).orderBy(Manager.managerName)).all()).toEqual(["B", "E"]);
      expect(await s.scalars(sa.select(Director.name)).all()).toEqual(["eve"]);
      const { sql, params } = sa.select(Manager.name).compile({ dialect: engine.dialect });
      expect(ins(sql)).toBe(1);
      expect(sql).not.toMatch(/'manager'|'director'/);
      expect(params).toEqual(["manager", "director"]);
      // two columns of one subclass (and its entity): the criterion once
      const two = sa.select(Manager.id, Manager.name, Manager.managerName).orderBy(Manager.name);
      expect(ins(two.compile({ dialect: engine.dialect }).sql)).toBe(1);
      expect((await s.execute(two)).all().map((r) => [r[0], r[1], r[2]])).toEqual([[ids.bob, "bob", "B"], [ids.eve, "eve", "E"]]);
      expect(ins(sa.select(Manager, Manager.name).compile({ dialect: engine.dialect }).sql)).toBe(1);
      expect(ins(sa.select(Manager.name).addColumns(Manager.id).compile({ dialect: engine.dialect }).sql)).toBe(1);
      // the base class's columns: everyone, no filter
      expect(sa.select(Employee.name).compile({ dialect: engine.dialect }).params).toEqual([]);
      expect(await s.scalars(sa.select(Employee.name).orderBy(Employee.name)).all()).toEqual(["ann", "bob", "cid", "dan", "eve"]);
      // joined subclass: unchanged (its inherited attributes are the base class's)
      expect(Engineer.name).toBe(Employee.name);
      expect(sa.select(Engineer.engineeringField).compile({ dialect: engine.dialect }).params).toEqual([]);
      // with the user's criteria: both apply
      const where = sa.select(Manager.name).where(Manager.name.ne("bob"));
      expect(where.compile({ dialect: engine.dialect }).params).toEqual(["manager", "director", "bob"]);
      expect(await s.scalars(where).all()).toEqual(["eve"]);
      expect(await s.scalars(sa.select(Manager.name).where(Employee.name.eq("ann"))).all()).toEqual([]);
      // an expression over a subclass column in the columns clause (SQLAlchemy: the first ORM column in it)
      expect(Number(await s.scalar(sa.select(sa.func.count(Manager.id))))).toBe(2);
      expect(Number(await s.scalar(sa.select(sa.func.count(Employee.id))))).toBe(5);
      expect(await s.scalars(sa.select(Manager.name.label("n")).orderBy(Manager.name)).all()).toEqual(["bob", "eve"]);
    });

    it("single table: a subclass's own attribute objects work wherever the base class's did", async () => {
      await using s = new Session(engine);
      expect(Manager.name === (Employee.name as unknown)).toBe(false); // (not toBe: a failure would print the whole metadata)
      expect(Manager.name.key).toBe("name");
      expect(Manager.name.table).toBe(Employee.__table__);
      expect(sa.select(Manager).where(Manager.name.eq("bob")).compile({ dialect: engine.dialect }).sql).toBe(
        sa.select(Manager).where(Employee.name.eq("bob")).compile({ dialect: engine.dialect }).sql,
      );
      const bob = await s.scalars(sa.select(Manager).where(Manager.name.eq("bob")).orderBy(Manager.id.desc())).one();
      expect(bob.id).toBe(ids.bob);
      const r = await s.execute(sa.update(Manager).where(Manager.name.eq("bob")).values({ [Manager.managerName.key]: "X" }), undefined, { synchronizeSession: "evaluate" });
      expect(r.rowcount).toBe(1);
      expect(bob.managerName).toBe("X");
      await s.execute(sa.update(Manager).where(Manager.name.in(["bob", "eve"])).values({ [Manager.name.key]: sa.func.upper(Manager.name) }), undefined, { synchronizeSession: "fetch" });
      await s.commit();
      expect(await s.scalars(sa.select(Manager.name).orderBy(Manager.name)).all()).toEqual(["BOB", "EVE"]);
      const company = await s.scalars(sa.select(Company).options(selectinload(Company.employees))).one();
      expect(company.employees.map((e) => e.name).sort()).toEqual(["BOB", "EVE", "ann", "cid"]); // (MySQL orders case-insensitively)
    });

    it("ORM update/delete of a single-table subclass touch only its rows; synchronization reaches subclass objects", async () => {
      await using s = new Session(engine);
      const all = await s.scalars(sa.select(Employee).orderBy(Employee.name)).all();
      const byName = Object.fromEntries(all.map((e) => [e.name, e]));
      const r = await s.execute(sa.update(Manager).values({ managerName: "M" }), undefined, { synchronizeSession: "evaluate" });
      expect(r.rowcount).toBe(2); // bob and eve, not the engineers or cid
      expect([byName.bob!, byName.eve!].map((m) => (m as InstanceType<typeof Manager>).managerName)).toEqual(["M", "M"]);
      await s.execute(sa.update(Employee).where(Employee.name.eq("eve")).values({ name: "eva" }), undefined, { synchronizeSession: "evaluate" });
      expect(byName.eve!.name).toBe("eva"); // a Director object in the identity map
      const d = await s.execute(sa.delete_(Director), undefined, { synchronizeSession: "fetch" });
      expect(d.rowcount).toBe(1);
      await s.commit();
      const left = await engine.connect(async (c) =>
        (await c.execute(sa.select(Employee.__table__.c.name, Employee.__table__.c.type).orderBy(Employee.__table__.c.name))).all().map((x) => [x[0], x[1]]),
      );
      expect(left).toEqual([["ann", "engineer"], ["bob", "manager"], ["cid", "employee"], ["dan", "engineer"]]);
    });

    it("relationships to and from the hierarchy: a company's employees are of every subclass; an inherited many-to-one works on subclasses", async () => {
      await using s = new Session(engine);
      const acme = await s.scalars(sa.select(Company).options(selectinload(Company.employees))).one();
      expect(acme.employees.map((e) => [e.name, e instanceof Engineer ? "Engineer" : e instanceof Director ? "Director" : e instanceof Manager ? "Manager" : "Employee"])).toEqual([
        ["ann", "Engineer"],
        ["bob", "Manager"],
        ["cid", "Employee"],
        ["eve", "Director"],
      ]);
      const dan = (await s.get(Engineer, ids.dan))!;
      dan.company = acme;
      await s.commit();
      await using s2 = new Session(engine);
      const again = (await s2.get(Engineer, ids.dan))!;
      const company = await again.awaitableAttrs.company;
      expect(company?.name).toBe("acme");
      const engs = await s2.scalars(sa.select(Engineer).options(selectinload(Employee.company)).orderBy(Engineer.name)).all();
      expect(engs.map((e) => e.company?.name)).toEqual(["acme", "acme"]);
      const lazily = await (await s2.get(Company, ids.acme))!.awaitableAttrs.employees;
      expect(lazily.map((e) => e.name)).toEqual(["ann", "bob", "cid", "dan", "eve"]);
      expect(lazily[3]).toBe(again);
    });

    it("relationships to a joined subclass and from a joined subclass to its base", async () => {
      await using s = new Session(engine);
      const acme = await s.scalars(sa.select(Company).options(selectinload(Company.engineers))).one();
      expect(acme.engineers.map((e) => e.name)).toEqual(["ann"]);
      expect(acme.engineers[0]!.engineeringField).toBe("databases");
      const dan = (await s.get(Engineer, ids.dan))!;
      const bob = (await s.get(Employee, ids.bob))!;
      dan.mentor = bob;
      await s.commit();
      await using s2 = new Session(engine);
      const again = await s2.scalars(sa.select(Engineer).where(Engineer.name.eq("dan")).options(selectinload(Engineer.mentor))).one();
      expect(again.mentorId).toBe(ids.bob);
      expect(again.mentor).toBeInstanceOf(Manager);
      expect(again.mentor!.name).toBe("bob");
      const lazy = await (await s2.get(Company, ids.acme))!.awaitableAttrs.engineers;
      expect(lazy.map((e) => e.name)).toEqual(["ann"]);
    });

    it("joinedload and containsEager of a relationship to a joined subclass: one statement, the target's tables joined as one unit", async () => {
      await using s = new Session(engine);
      log.length = 0;
      const acme = await s.scalars(sa.select(Company).options(joinedload(Company.engineers))).unique().one();
      expect(selects()).toBe(1);
      expect(selectLog()[0]).toMatch(/LEFT OUTER JOIN \(/);
      expect(acme.engineers.map((e) => [e.name, e.engineeringField, e instanceof Engineer])).toEqual([["ann", "databases", true]]);
      expect(selects()).toBe(1);

      await using s2 = new Session(engine);
      log.length = 0;
      const E = aliased(Engineer);
      const rows = await s2
        .scalars(sa.select(Company).join(Company.engineers.ofType(E)).where(E.engineeringField.eq("databases")).options(containsEager(Company.engineers.ofType(E))))
        .unique()
        .all();
      expect(rows.map((c) => c.engineers.map((e) => [e.name, e.engineeringField]))).toEqual([[["ann", "databases"]]]);
      expect(selects()).toBe(1);
      expect(selectLog()[0]).not.toMatch(/databases/);
    });

    it("aliased(Engineer): a joined subclass under an alias (both tables aliased), for self-joins and criteria", async () => {
      await using s = new Session(engine);
      const E = aliased(Engineer, { name: "eng" });
      log.length = 0;
      const found = await s.scalars(sa.select(E).where(E.engineeringField.eq("compilers"))).all();
      expect(found.map((e) => [e.name, e.engineeringField, e instanceof Engineer])).toEqual([["dan", "compilers", true]]);
      expect(selects()).toBe(1);
      expect(found[0]).toBe(await s.get(Engineer, ids.dan));
      expect(selects()).toBe(1);
      // one entity twice: engineers with their mentor, the mentor an engineer too
      const dan = found[0]!;
      dan.mentor = (await s.get(Engineer, ids.ann))!;
      await s.commit();
      const M = aliased(Engineer);
      const pairs = (await s.execute(sa.select(Engineer, M).join(Engineer.mentor.ofType(M)).orderBy(Engineer.name))).all();
      expect(pairs.length === 1 && pairs[0]![0] === dan && pairs[0]![1] instanceof Engineer).toBe(true);
      expect([pairs[0]![0].name, pairs[0]![1].name, pairs[0]![1].engineeringField]).toEqual(["dan", "ann", "databases"]);
    });

    it("a loader option for a relationship only a subclass has applies to that subclass's objects of a base-class query", async () => {
      {
        await using s = new Session(engine);
        (await s.get(Engineer, ids.dan))!.mentor = (await s.get(Employee, ids.bob))!;
        await s.commit();
      }
      await using s = new Session(engine);
      log.length = 0;
      const all = await s.scalars(sa.select(Employee).options(withPolymorphic("*"), selectinload(Engineer.mentor)).orderBy(Employee.name)).all();
      // the mentors are many-to-one by primary key, already in the identity map from this very query: no IN query
      expect(selects()).toBe(1);
      const dan = all.find((e) => e.name === "dan") as InstanceType<typeof Engineer>;
      const ann = all.find((e) => e.name === "ann") as InstanceType<typeof Engineer>;
      expect(dan.mentor).toBe(all.find((e) => e.name === "bob"));
      expect(ann.mentor).toBeNull();
      expect(selects()).toBe(1);
      // the same as a nested option below a relationship to the base class; joinedload of it loads by IN too
      await using s2 = new Session(engine);
      log.length = 0;
      const acme = await s2.scalars(sa.select(Company).options(selectinload(Company.employees).joinedload(Engineer.mentor))).one();
      expect(acme.employees.map((e) => e.name)).toEqual(["ann", "bob", "cid", "eve"]);
      expect((acme.employees[0] as InstanceType<typeof Engineer>).mentor).toBeNull();
      expect((acme.employees.find((e) => e.name === "dan") as InstanceType<typeof Engineer> | undefined)?.mentor ?? null).toBeNull(); // dan works for no company
      expect(selects()).toBe(2); // companies, employees (the mentor bob is in the identity map by then)
      // a mentor not in the session: the subclass's relationship costs one IN query
      await using s3 = new Session(engine);
      log.length = 0;
      const engs = await s3.scalars(sa.select(Employee).where(Employee.name.eq("dan")).options(withPolymorphic("*"), selectinload(Engineer.mentor))).all();
      expect((engs[0] as InstanceType<typeof Engineer>).mentor!.name).toBe("bob");
      expect(selects()).toBe(2);
    });

    it("a self-referential relationship on the base links rows of any class (inserts and deletes in row order)", async () => {
      await using s = new Session(engine);
      const top = new Lead({ name: "top", team: "core" });
      const mid = new Lead({ name: "mid", team: "web", boss: top });
      const low = new Staff({ name: "low", boss: mid });
      s.add(low);
      await s.commit();
      await using s2 = new Session(engine);
      const loaded = await s2.scalars(sa.select(Staff).where(Staff.name.eq("top")).options(selectinload(Staff.reports).selectinload(Staff.reports))).one();
      expect(loaded).toBeInstanceOf(Lead);
      expect(loaded.reports.map((r) => [r.name, r instanceof Lead])).toEqual([["mid", true]]);
      expect(loaded.reports[0]!.reports.map((r) => [r.name, r instanceof Lead])).toEqual([["low", false]]);
      for (const x of [loaded, loaded.reports[0]!, loaded.reports[0]!.reports[0]!]) s2.delete(x);
      await s2.commit();
      expect(await s2.scalars(sa.select(Staff)).all()).toEqual([]);
      expect(Number(await engine.connect(async (c) => (await c.execute(sa.select(sa.func.count()).selectFrom(Lead.__table__))).scalar()))).toBe(0);
    });

    it("concrete table: each class has its own complete table and identity; select(Vehicle) loads Vehicle rows only", async () => {
      await using s = new Session(engine);
      s.addAll([new Vehicle({ name: "bike" }), new Truck({ name: "lorry", payload: 12 })]);
      await s.commit();
      expect(Truck.__table__.columns.map((c) => c.name)).toEqual(["id", "name", "payload"]);
      const vehicles = await s.scalars(sa.select(Vehicle)).all();
      expect(vehicles.map((v) => v.name)).toEqual(["bike"]);
      const trucks = await s.scalars(sa.select(Truck)).all();
      expect(trucks.map((v) => [v.name, v.payload, v instanceof Vehicle])).toEqual([["lorry", 12, true]]);
      const truck = trucks[0]!;
      truck.payload = 20;
      await s.commit();
      expect((await s.get(Truck, truck.id))!.payload).toBe(20);
      s.delete(truck);
      await s.commit();
      expect(await s.scalars(sa.select(Truck)).all()).toEqual([]);
    });

    const kind = (v: object) => (v instanceof Truck ? "Truck" : v instanceof Van ? "Van" : v instanceof Vehicle ? "Vehicle" : "?");
    it("concrete table: withPolymorphic loads the base class through a UNION ALL of the tables, as instances of each row's class", async () => {
      {
        await using s = new Session(engine);
        // the same key in two tables: two objects, each in its class's identity space
        s.addAll([new Vehicle({ id: 500, name: "bike" }), new Truck({ id: 500, name: "lorry", payload: 12 }), new Van({ id: 501, name: "minivan", seats: 7 })]);
        await s.commit();
      }
      await using s = new Session(engine);
      log.length = 0;
      const all = await s.scalars(sa.select(Vehicle).options(withPolymorphic("*")).orderBy(Vehicle.name)).all();
      expect(all.map((v) => [kind(v), v.id, v.name])).toEqual([
        ["Vehicle", 500, "bike"],
        ["Truck", 500, "lorry"],
        ["Van", 501, "minivan"],
      ]);
      expect(selects()).toBe(1);
      expect(selectLog()[0]).toMatch(/UNION ALL/);
      expect(selectLog()[0]).not.toMatch(/lorry|bike|'Truck'/);
      // every class's own columns came with the row: no further statement
      expect((all[1] as InstanceType<typeof Truck>).payload).toBe(12);
      expect((all[2] as InstanceType<typeof Van>).seats).toBe(7);
      expect(selects()).toBe(1);
      // the identity map: the same objects through the subclass's own query and get()
      expect(await s.get(Truck, 500)).toBe(all[1]);
      expect(await s.get(Vehicle, 500)).toBe(all[0]);
      expect(await s.get(Van, 501)).toBe(all[2]);
      expect(selects()).toBe(1);
      expect((await s.scalars(sa.select(Truck)).all())[0]).toBe(all[1]);

      // criteria and ORDER BY written against Vehicle's columns apply to the union; limit too
      log.length = 0;
      const named = await s.scalars(sa.select(Vehicle).options(withPolymorphic("*")).where(Vehicle.name.in(["lorry", "minivan"])).orderBy(Vehicle.name.desc()).limit(1)).all();
      expect(named.length === 1 && named[0] === all[2]).toBe(true);
      expect(selects()).toBe(1);
      expect(selectLog()[0]).not.toMatch(/lorry|minivan/);
      // only the classes named
      const some = await s.scalars(sa.select(Vehicle).options(withPolymorphic([Truck])).orderBy(Vehicle.name)).all();
      expect(some.map((x) => x.name)).toEqual(["bike", "lorry"]);
      expect(some[1]).toBe(all[1]);
      // a plain select(Vehicle) and select(Truck) keep their own tables
      log.length = 0;
      const plain = await s.scalars(sa.select(Vehicle)).all();
      expect(plain.length === 1 && plain[0] === all[0]).toBe(true);
      expect(selectLog()[0]).not.toMatch(/UNION/);

      // get() is per class: the key is looked up in that class's table only (separate key sequences)
      {
        await using s2 = new Session(engine);
        log.length = 0;
        const v = await s2.get(Vehicle, 500);
        expect(v).toBeInstanceOf(Vehicle);
        expect(v).not.toBeInstanceOf(Truck);
        expect(selectLog()[0]).not.toMatch(/UNION/);
        expect(await s2.get(Vehicle, 501)).toBeUndefined();
        expect((await s2.get(Van, 501))!.seats).toBe(7);
      }

      // writes are unchanged: per class, on its own table
      const truck = all[1] as InstanceType<typeof Truck>;
      truck.payload = 30;
      await s.commit();
      log.length = 0;
      const again = await s.scalars(sa.select(Vehicle).options(withPolymorphic("*")).where(Vehicle.id.eq(500)).orderBy(Vehicle.name)).all();
      expect(again.map(kind)).toEqual(["Vehicle", "Truck"]);
      expect((again[1] as InstanceType<typeof Truck>).payload).toBe(30);
      expect(selects()).toBe(1);
    });

    it("a row whose discriminator no class declares is a clear error", async () => {
      await engine.begin(async (c) => {
        await c.execute(sa.insert(Employee.__table__).values({ name: "ghost", type: "ghost" } as never));
      });
      await using s = new Session(engine);
      await expect(s.scalars(sa.select(Employee)).all()).rejects.toThrow(/type = "ghost", which is no registered class's polymorphicIdentity .*Base\.register/);
    });
  });
}
