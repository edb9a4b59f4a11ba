/**
 * The mapper-level polymorphic loading default, `mapperArgs: { withPolymorphic: "*" | [...] }`
 * (SQLAlchemy's `with_polymorphic` mapper argument / `ConcreteBase`): every ORM select of the
 * class behaves as if it had `.options(withPolymorphic(...))`, unless the query gives its own.
 * Joined-table subclasses are joined in wherever the class is loaded (get, lazy and selectin loads
 * included); a concrete hierarchy's union applies to the selects written by the user (and
 * yieldPer), while `get()` and relationship loads keep reading the base class's own table (their
 * key is a key of that table). Runs on real SQLite (libsql, in memory).
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, aliased, declarativeBase, joinedload, mappedColumn, mapperFor, relationship, selectinload, withPolymorphic } from "../../../src/orm/index.js";

function joinedModels(args: Record<string, unknown> = { withPolymorphic: "*" }) {
  const Base = declarativeBase({ naming: "snake_case" });
  const staffing = new sa.Table(
    "staffing",
    Base.metadata,
    new sa.Column("project_id", sa.ForeignKey("projects.id"), { primaryKey: true }),
    new sa.Column("employee_id", sa.ForeignKey("employees.id"), { primaryKey: true }),
  );
  class Project extends Base.model("projects", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    staff: relationship<Employee[]>("Employee", { secondary: staffing, orderBy: ["id"] }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Company extends Base.model("companies", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    employees: relationship<Employee[]>("Employee", { orderBy: ["id"] }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Employee extends Base.model("employees", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    type: mappedColumn(sa.String(20)),
    companyId: mappedColumn(sa.Integer, { foreignKey: "companies.id", nullable: true }),
  }, { mapperArgs: { polymorphicOn: "type", polymorphicIdentity: "employee", ...args } }) {
    static {
      Base.register(this);
    }
  }
  class Engineer extends Employee.subclass("engineers", {
    id: mappedColumn(sa.Integer, { foreignKey: "employees.id", primaryKey: true }),
    field: mappedColumn(sa.String(50)),
  }, { mapperArgs: { polymorphicIdentity: "engineer" } }) {
    static {
      Base.register(this);
    }
  }
  class Senior extends Engineer.subclass("seniors", {
    id: mappedColumn(sa.Integer, { foreignKey: "engineers.id", primaryKey: true }),
    years: mappedColumn(sa.Integer),
  }, { mapperArgs: { polymorphicIdentity: "senior" } }) {
    static {
      Base.register(this);
    }
  }
  class Manager extends Employee.subclass("managers", {
    id: mappedColumn(sa.Integer, { foreignKey: "employees.id", primaryKey: true }),
    reports: mappedColumn(sa.Integer),
  }, { mapperArgs: { polymorphicIdentity: "manager" } }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Company, Employee, Engineer, Senior, Manager, Project, staffing };
}

async function joinedDb(args?: Record<string, unknown>) {
  const models = joinedModels(args);
  const { Base, Company, Employee, Engineer, Senior, Manager } = models;
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  const s0 = new Session(engine);
  const acme = new Company({ name: "acme" });
  s0.addAll([acme]);
  await s0.flush();
  s0.addAll([
    new Employee({ name: "emp", companyId: acme.id }),
    new Engineer({ name: "eng", field: "db", companyId: acme.id }),
    new Manager({ name: "mgr", reports: 3, companyId: acme.id }),
    new Senior({ name: "sen", field: "os", years: 9, companyId: acme.id }),
  ]);
  await s0.commit();
  await s0.close();
  await engine.begin(async (c) => {
    await c.execute(sa.insert(models.Project.__table__).values({ id: 1 } as never));
    await c.execute(sa.insert(models.staffing).values([{ project_id: 1, employee_id: 2 }, { project_id: 1, employee_id: 3 }] as never));
  });
  const sql: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, q: string) => {
    if (/^\s*SELECT/i.test(q)) sql.push(q);
  });
  return { ...models, engine, sql, companyId: acme.id as number };
}

/** The class an object was loaded as (`Model.name` is the column attribute, not the class name). */
const kind = (o: object) => mapperFor(o.constructor as never).className;

describe("mapperArgs.withPolymorphic: joined-table inheritance", () => {
  it('select(Employee) outer joins every subclass table; each object comes back as its class, fully loaded, in one statement', async () => {
    const { Employee, Engineer, Senior, Manager, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Employee).orderBy(Employee.id)).all();
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/FROM employees LEFT OUTER JOIN engineers ON employees\.id = engineers\.id LEFT OUTER JOIN seniors ON engineers\.id = seniors\.id LEFT OUTER JOIN managers ON employees\.id = managers\.id/);
    expect(all.map((e) => [e instanceof Senior ? "Senior" : e instanceof Engineer ? "Engineer" : e instanceof Manager ? "Manager" : "Employee", e.name])).toEqual([
      ["Employee", "emp"],
      ["Engineer", "eng"],
      ["Manager", "mgr"],
      ["Senior", "sen"],
    ]);
    // subclass attributes are loaded: reading them sends nothing
    expect((all[1] as InstanceType<typeof Engineer>).field).toBe("db");
    expect((all[2] as InstanceType<typeof Manager>).reports).toBe(3);
    expect((all[3] as InstanceType<typeof Senior>).years).toBe(9);
    expect(sql).toHaveLength(1);
    await s.close();
    await engine.dispose();
  });

  it("a subclass with subclasses joins its own subclasses' tables; a leaf class is selected as before", async () => {
    const { Engineer, Senior, Manager, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const engs = await s.scalars(sa.select(Engineer).orderBy(Engineer.id)).all();
    expect(sql[0]).toMatch(/FROM employees JOIN engineers ON employees\.id = engineers\.id LEFT OUTER JOIN seniors ON engineers\.id = seniors\.id/);
    expect(sql[0]).not.toMatch(/managers/);
    expect((engs[1] as InstanceType<typeof Senior>).years).toBe(9);
    await s.scalars(sa.select(Manager)).all();
    expect(sql[1]).not.toMatch(/LEFT OUTER JOIN/);
    await s.close();
    await engine.dispose();
  });

  it("the query's own withPolymorphic option wins; withPolymorphic([Employee]) (the class itself) loads the base table only", async () => {
    const { Employee, Engineer, engine, sql } = await joinedDb();
    const s = new Session(engine);
    await s.scalars(sa.select(Employee).options(withPolymorphic([Engineer]))).all();
    expect(sql[0]).toMatch(/LEFT OUTER JOIN engineers/);
    expect(sql[0]).not.toMatch(/managers|seniors/);
    await s.close();
    const s2 = new Session(engine);
    const plain = await s2.scalars(sa.select(Employee).options(withPolymorphic([Employee])).orderBy(Employee.id)).all();
    expect(sql[1]).not.toMatch(/JOIN/);
    expect(plain.map(kind)).toEqual(["Employee", "Engineer", "Manager", "Senior"]);
    await s2.close();
    await engine.dispose();
  });

  it("column selects and aliased entities are not affected", async () => {
    const { Employee, engine, sql } = await joinedDb();
    const s = new Session(engine);
    expect(await s.scalars(sa.select(Employee.name).orderBy(Employee.id)).all()).toEqual(["emp", "eng", "mgr", "sen"]);
    expect(sql[0]).toBe("SELECT employees.name FROM employees ORDER BY employees.id");
    const E = aliased(Employee, { name: "e" });
    const viaAlias = await s.scalars(sa.select(E).orderBy(E.id)).all();
    expect(sql[1]).not.toMatch(/JOIN/);
    expect(viaAlias.map(kind)).toEqual(["Employee", "Engineer", "Manager", "Senior"]);
    await s.close();
    await engine.dispose();
  });

  it("session.get(Employee, id) joins the subclass tables: the Engineer comes back with its own columns in one statement", async () => {
    const { Employee, Engineer, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const e = await s.get(Employee, 2);
    expect(e).toBeInstanceOf(Engineer);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/LEFT OUTER JOIN engineers/);
    expect((e as InstanceType<typeof Engineer>).field).toBe("db");
    expect(sql).toHaveLength(1);
    await s.close();
    await engine.dispose();
  });

  it("relationship loads of the class join its subclasses too: lazy and selectin", async () => {
    const { Company, Engineer, Manager, engine, sql, companyId } = await joinedDb();
    const s = new Session(engine);
    const c = (await s.get(Company, companyId))!;
    const emps = await c.awaitableAttrs.employees;
    expect(sql).toHaveLength(2);
    expect(sql[1]).toMatch(/FROM employees LEFT OUTER JOIN engineers .* LEFT OUTER JOIN managers .* WHERE employees\.company_id = \?/);
    expect((emps[1] as InstanceType<typeof Engineer>).field).toBe("db");
    expect((emps[2] as InstanceType<typeof Manager>).reports).toBe(3);
    expect(sql).toHaveLength(2);
    await s.close();

    const s2 = new Session(engine);
    sql.length = 0;
    const [c2] = await s2.scalars(sa.select(Company).options(selectinload(Company.employees))).all();
    expect(sql).toHaveLength(2);
    expect(sql[1]).toMatch(/FROM employees LEFT OUTER JOIN engineers .* LEFT OUTER JOIN managers .* WHERE employees\.company_id IN \(\?\)/);
    expect((c2!.employees[3] as unknown as { years: number }).years).toBe(9);
    expect(sql).toHaveLength(2);
    await s2.close();
    await engine.dispose();
  });

  it("many-to-many loads of the class (lazy, selectin) join its subclasses and the association table", async () => {
    const { Project, Engineer, Manager, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const p = (await s.get(Project, 1))!;
    const staff = await p.awaitableAttrs.staff;
    expect(sql[1]).toMatch(/FROM employees LEFT OUTER JOIN engineers .* LEFT OUTER JOIN managers .* JOIN staffing ON .* WHERE staffing\.project_id = \?/);
    expect(staff.map(kind)).toEqual(["Engineer", "Manager"]);
    expect((staff[0] as InstanceType<typeof Engineer>).field).toBe("db");
    expect((staff[1] as InstanceType<typeof Manager>).reports).toBe(3);
    expect(sql).toHaveLength(2);
    await s.close();
    const s2 = new Session(engine);
    sql.length = 0;
    const [p2] = await s2.scalars(sa.select(Project).options(selectinload(Project.staff))).all();
    expect(sql).toHaveLength(2);
    expect(sql[1]).toMatch(/LEFT OUTER JOIN managers .* JOIN staffing ON .* WHERE staffing\.project_id IN \(\?\)/);
    expect((p2!.staff[0] as InstanceType<typeof Engineer>).field).toBe("db");
    expect(sql).toHaveLength(2);
    await s2.close();
    await engine.dispose();
  });

  it("joinedload of a relationship to the class loads the base columns only (the subclasses' are left to awaitableAttrs)", async () => {
    const { Company, Engineer, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const [c] = await s.scalars(sa.select(Company).options(joinedload(Company.employees))).unique().all();
    expect(sql).toHaveLength(1);
    expect(sql[0]).not.toMatch(/engineers/);
    expect(c!.employees.map(kind)).toEqual(["Employee", "Engineer", "Manager", "Senior"]);
    expect(await (c!.employees[1] as InstanceType<typeof Engineer>).awaitableAttrs.field).toBe("db");
    await s.close();
    await engine.dispose();
  });

  it("yieldPer streams the polymorphic select", async () => {
    const { Employee, Engineer, Manager, engine, sql } = await joinedDb();
    const s = new Session(engine);
    const got: object[] = [];
    for await (const e of s.scalars(sa.select(Employee).orderBy(Employee.id)).yieldPer(2)) got.push(e);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/LEFT OUTER JOIN engineers/);
    expect(got.map(kind)).toEqual(["Employee", "Engineer", "Manager", "Senior"]);
    expect((got[1] as InstanceType<typeof Engineer>).field).toBe("db");
    expect(sql).toHaveLength(1);
    // the query's own option is applied when streaming too
    for await (const e of s.scalars(sa.select(Employee).options(withPolymorphic([Manager]))).yieldPer(2)) void e;
    expect(sql[1]).toMatch(/FROM employees LEFT OUTER JOIN managers ON employees\.id = managers\.id$/);
    await s.close();
    await engine.dispose();
  });

  it("a list of subclass names joins only those (and the classes between them and the base)", async () => {
    const { Employee, Senior, Manager, engine, sql } = await joinedDb({ withPolymorphic: ["Senior"] });
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Employee).orderBy(Employee.id)).all();
    expect(sql[0]).toMatch(/FROM employees LEFT OUTER JOIN engineers ON employees\.id = engineers\.id LEFT OUTER JOIN seniors ON engineers\.id = seniors\.id ORDER BY/);
    expect((all[3] as InstanceType<typeof Senior>).years).toBe(9);
    expect(all[2]).toBeInstanceOf(Manager);
    expect(sql).toHaveLength(1);
    await s.close();
    await engine.dispose();
  });
});

function concreteModels() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Person extends Base.model("people", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    favoriteId: mappedColumn(sa.Integer, { foreignKey: "vehicles.id", nullable: true }),
    favorite: relationship<Vehicle | null>("Vehicle"),
  }) {
    static {
      Base.register(this);
    }
  }
  class Vehicle extends Base.model("vehicles", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
  }, { mapperArgs: { withPolymorphic: "*" } }) {
    static {
      Base.register(this);
    }
  }
  class Truck extends Vehicle.subclass("trucks", { payload: mappedColumn(sa.Integer) }, { concrete: true }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Person, Vehicle, Truck };
}

async function concreteDb() {
  const models = concreteModels();
  const { Base, Person, Vehicle, Truck } = models;
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  const s0 = new Session(engine);
  // the same key in both tables: a union by key would be ambiguous
  s0.addAll([new Vehicle({ id: 1, name: "bike" }), new Truck({ id: 1, name: "lorry", payload: 12 }), new Truck({ id: 2, name: "van", payload: 3 })]);
  await s0.flush();
  s0.addAll([new Person({ id: 1, name: "ann", favoriteId: 1 })]);
  await s0.commit();
  await s0.close();
  const sql: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, q: string) => {
    if (/^\s*SELECT/i.test(q)) sql.push(q);
  });
  return { ...models, engine, sql };
}

describe("mapperArgs.withPolymorphic: concrete-table inheritance", () => {
  it("select(Vehicle) selects from the UNION ALL of the tables; rows come back as their own class", async () => {
    const { Vehicle, Truck, engine, sql } = await concreteDb();
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Vehicle).orderBy(Vehicle.name)).all();
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/FROM vehicles UNION ALL SELECT .* FROM trucks\) AS anon_1 ORDER BY anon_1\.name/);
    expect(all.map((v) => [v instanceof Truck ? "Truck" : "Vehicle", v.id, v.name])).toEqual([
      ["Vehicle", 1, "bike"],
      ["Truck", 1, "lorry"],
      ["Truck", 2, "van"],
    ]);
    expect((all[1] as InstanceType<typeof Truck>).payload).toBe(12);
    // the union's objects are the ones get() of their own class returns
    expect(await s.get(Truck, 1)).toBe(all[1]);
    expect(await s.get(Vehicle, 1)).toBe(all[0]);
    expect(sql).toHaveLength(1);
    // select(Truck) has no concrete subclasses: its own table
    await s.scalars(sa.select(Truck)).all();
    expect(sql[1]).not.toMatch(/UNION/);
    await s.close();
    await engine.dispose();
  });

  it("session.get(Vehicle, id) reads the vehicles table only (the key is a vehicles key), never a Truck", async () => {
    const { Vehicle, Truck, engine, sql } = await concreteDb();
    const s = new Session(engine);
    const v = await s.get(Vehicle, 1);
    expect(v).toBeInstanceOf(Vehicle);
    expect(v).not.toBeInstanceOf(Truck);
    expect(v!.name).toBe("bike");
    expect(sql).toHaveLength(1);
    expect(sql[0]).not.toMatch(/UNION|trucks/);
    expect(await s.get(Vehicle, 2)).toBeUndefined(); // Truck 2 is not Vehicle 2
    expect((await s.get(Truck, 1))!.name).toBe("lorry");
    await s.close();
    await engine.dispose();
  });

  it("relationship loads of Vehicle (lazy, selectin) read the vehicles table its foreign key names", async () => {
    const { Person, Vehicle, Truck, engine, sql } = await concreteDb();
    const s = new Session(engine);
    const p = (await s.get(Person, 1))!;
    const fav = await p.awaitableAttrs.favorite;
    expect(fav).toBeInstanceOf(Vehicle);
    expect(fav).not.toBeInstanceOf(Truck);
    expect(fav!.name).toBe("bike");
    expect(sql[1]).toMatch(/FROM vehicles WHERE vehicles\.id = \?/);
    expect(sql.join("\n")).not.toMatch(/UNION/);
    await s.close();

    const s2 = new Session(engine);
    sql.length = 0;
    const [p2] = await s2.scalars(sa.select(Person).options(selectinload(Person.favorite))).all();
    expect(sql).toHaveLength(2);
    expect(sql[1]).toMatch(/FROM vehicles WHERE vehicles\.id IN \(\?\)/);
    expect(p2!.favorite!.name).toBe("bike");
    expect(p2!.favorite).not.toBeInstanceOf(Truck);
    await s2.close();
    await engine.dispose();
  });

  it("yieldPer streams the union; withPolymorphic([Vehicle]) in the query selects the vehicles table only", async () => {
    const { Vehicle, Truck, engine, sql } = await concreteDb();
    const s = new Session(engine);
    const got: object[] = [];
    for await (const v of s.scalars(sa.select(Vehicle).orderBy(Vehicle.name)).yieldPer(2)) got.push(v);
    expect(sql[0]).toMatch(/UNION ALL/);
    expect(got.map((v) => (v instanceof Truck ? "Truck" : "Vehicle"))).toEqual(["Vehicle", "Truck", "Truck"]);
    const plain = await s.scalars(sa.select(Vehicle).options(withPolymorphic([Vehicle]))).all();
    expect(sql[1]).toBe("SELECT vehicles.id, vehicles.name FROM vehicles");
    expect(plain).toEqual([got[0]]);
    await s.close();
    await engine.dispose();
  });

  it("session.merge() of a detached Vehicle looks it up in the vehicles table", async () => {
    const { Vehicle, engine, sql } = await concreteDb();
    const s = new Session(engine);
    const m = await s.merge(Object.assign(new Vehicle({ id: 1, name: "bicycle" })));
    expect(m.name).toBe("bicycle");
    expect(sql[0]).not.toMatch(/UNION/);
    await s.close();
    await engine.dispose();
  });
});

describe("mapperArgs.withPolymorphic: configuration errors", () => {
  function build(arg: unknown, concreteToo = false) {
    const Base = declarativeBase();
    class Company extends Base.model("companies", { id: mappedColumn(sa.Integer, { primaryKey: true }) }) {
      static {
        Base.register(this);
      }
    }
    class Employee extends Base.model("employees", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      type: mappedColumn(sa.String(20)),
    }, { mapperArgs: { polymorphicOn: "type", polymorphicIdentity: "employee", withPolymorphic: arg as "*" } }) {
      static {
        Base.register(this);
      }
    }
    class Engineer extends Employee.subclass("engineers", { id: mappedColumn(sa.Integer, { foreignKey: "employees.id", primaryKey: true }) }, { mapperArgs: { polymorphicIdentity: "engineer" } }) {
      static {
        Base.register(this);
      }
    }
    if (concreteToo) {
      class Contractor extends Employee.subclass("contractors", { rate: mappedColumn(sa.Integer) }, { concrete: true, mapperArgs: { polymorphicIdentity: "contractor" } }) {
        static {
          Base.register(this);
        }
      }
      void Contractor;
    }
    void Company;
    void Engineer;
    return () => Base.registry.configure();
  }

  it("names an unknown class, a class that is not a subclass, or is not '*' nor a non-empty array", () => {
    expect(build(["Enginer"])).toThrow(/Employee: mapperArgs\.withPolymorphic names "Enginer", which is no class registered .*registered: Company, Employee, Engineer/);
    expect(build(["Company"])).toThrow(/Employee: mapperArgs\.withPolymorphic names Company, which is not a subclass of Employee; name its subclasses \(Engineer\)/);
    expect(build(["Employee"])).toThrow(/names Employee, which is not a subclass of Employee/);
    expect(build([])).toThrow(/takes "\*" \(every subclass\) or a non-empty array of subclass names/);
    expect(build("all")).toThrow(/takes "\*"/);
    expect(build(["Engineer"])).not.toThrow();
  });

  it("refuses a default that mixes joined-table and concrete-table subclasses (one kind alone is accepted)", async () => {
    expect(build("*", true)).toThrow(/covers both joined-table \(Engineer\) and concrete-table \(Contractor\) subclasses/);
    expect(build(["Engineer"], true)).not.toThrow();
    expect(build(["Contractor"], true)).not.toThrow();
  });

  it("the resolved default is on the mapper", () => {
    const { Employee, Senior } = joinedModels({ withPolymorphic: ["Senior"] });
    mapperFor(Employee).ensureConfigured();
    expect(mapperFor(Employee).polymorphicDefault).toEqual([mapperFor(Senior)]);
  });
});
