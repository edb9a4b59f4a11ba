/** Mapper inheritance configuration (no database): classes, tables, compiled selects and configuration errors. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { aliased, declarativeBase, mappedColumn, mapperFor, withPolymorphic } from "../../../src/orm/index.js";
import { IdentityMap, identityKey } from "../../../src/orm/session/identity-map.js";
import { initState } from "../../../src/orm/session/instance-state.js";

function hierarchy() {
  const Base = declarativeBase();
  class Employee extends Base.model("employees", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    type: mappedColumn(sa.String(20)),
  }, { mapperArgs: { polymorphicOn: "type", polymorphicIdentity: "employee" } }) {
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
  class Manager extends Employee.subclass(null, { managerName: mappedColumn(sa.String(50)) }, { mapperArgs: { polymorphicIdentity: "manager" } }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Employee, Engineer, Manager };
}

describe("ORM inheritance mapping", () => {
  it("joined: own table, class attributes of both tables, a select joins them", () => {
    const { Base, Employee, Engineer } = hierarchy();
    expect(Engineer.__table__.name).toBe("engineers");
    expect(Base.metadata.sortedTables.map((t) => t.name)).toEqual(["employees", "engineers"]);
    expect(Engineer.name).toBe(Employee.name); // inherited: the base table's column
    expect(Engineer.field.table).toBe(Engineer.__table__);
    expect(new Engineer({ name: "a", field: "b" }).type).toBe("engineer");
    const { sql } = sa.select(Engineer).where(Engineer.field.eq("x")).compile({ dialect: "postgresql" });
    // the whole base table is selected (here with the single-table sibling Manager's column)
    expect(sql).toBe(
      `SELECT employees.id, employees.name, employees.type, employees."managerName", engineers.id AS id_1, engineers.field FROM employees JOIN engineers ON employees.id = engineers.id WHERE engineers.field = $1`,
    );
    const m = mapperFor(Engineer);
    expect(m.base).toBe(mapperFor(Employee));
    expect(m.pk).toEqual(mapperFor(Employee).pk);
    // one identity root: an Engineer with id 1 is the Employee with id 1
    const map = new IdentityMap();
    const st = initState(m.blankInstance(), m);
    st.identity = identityKey([1]);
    map.set(st);
    expect(map.get(mapperFor(Employee), identityKey([1]))).toBe(st);
  });

  it("single: the subclass's columns join the parent's table as nullable; selects filter by bound discriminators", () => {
    const { Employee, Manager } = hierarchy();
    expect(Manager.__table__).toBe(Employee.__table__);
    expect(Manager.managerName.nullable).toBe(true);
    const { sql, params } = sa.select(Manager).compile({ dialect: "sqlite" });
    expect(sql).toBe(`SELECT employees.id, employees.name, employees.type, employees."managerName" FROM employees WHERE employees.type IN (?)`);
    expect(params).toEqual(["manager"]);
    const M = aliased(Manager, { name: "m" });
    expect(sa.select(M).compile({ dialect: "sqlite" }).sql).toMatch(/FROM employees AS m WHERE m\.type IN \(\?\)$/);
    expect(sa.select(Employee.name).addColumns(Manager).compile({ dialect: "sqlite" }).params).toEqual(["manager"]);
  });

  it("single: a select of subclass columns carries the discriminator criterion once, in every dialect", () => {
    const { Employee, Engineer, Manager } = hierarchy();
    const stmt = sa.select(Manager.id, Manager.managerName).where(Manager.name.eq("x"));
    expect(stmt.compile({ dialect: "sqlite" }).sql).toBe(`SELECT employees.id, employees."managerName" FROM employees WHERE employees.type IN (?) AND employees.name = ?`);
    expect(stmt.compile({ dialect: "postgresql" }).sql).toBe(`SELECT employees.id, employees."managerName" FROM employees WHERE employees.type IN ($1) AND employees.name = $2`);
    expect(stmt.compile({ dialect: "mysql" }).sql).toBe("SELECT employees.id, employees.`managerName` FROM employees WHERE employees.type IN (?) AND employees.name = ?");
    expect(stmt.compile({ dialect: "sqlite" }).params).toEqual(["manager", "x"]);
    expect(sa.select(Employee.name).compile({ dialect: "sqlite" }).sql).toBe("SELECT employees.name FROM employees");
    expect(sa.select(Engineer.field).compile({ dialect: "sqlite" }).sql).toBe("SELECT engineers.field FROM engineers");
    expect(sa.select(sa.func.count(Manager.id)).compile({ dialect: "sqlite" }).sql).toBe("SELECT count(employees.id) AS count_1 FROM employees WHERE employees.type IN (?)");
    // the first ORM column of an expression decides (SQLAlchemy's "parententity" of the column entity)
    expect(sa.select(sa.func.coalesce(Employee.name, Manager.managerName)).compile({ dialect: "sqlite" }).params).toEqual([]);
    const M = aliased(Manager, { name: "m" });
    expect(sa.select(M.name).compile({ dialect: "sqlite" }).sql).toBe("SELECT m.name FROM employees AS m WHERE m.type IN (?)");
  });

  it("concrete: the subclass's table has every column and its own identity", () => {
    const { Employee } = hierarchy();
    class Temp extends Employee.subclass("temps", { agency: mappedColumn(sa.String(50)) }, { concrete: true, mapperArgs: { polymorphicIdentity: "temp" } }) {
      static {
        Employee; // the base stays as it is
      }
    }
    const Base2 = declarativeBase();
    void Base2;
    expect(Temp.__table__.columns.map((c) => c.name)).toEqual(["id", "name", "type", "agency"]);
  });

  it("configuration errors name the class and the fix", () => {
    const { Base, Employee } = hierarchy();
    class Loose extends Employee.subclass("loose", {
      id: mappedColumn(sa.Integer, { foreignKey: "employees.id", primaryKey: true }),
    }, { mapperArgs: { polymorphicIdentity: "loose" } }) {}
    expect(() => new Loose()).toThrow("Loose is not registered: add `static { Base.register(this); }` to its body");
    expect(() => sa.select(Loose)).toThrow(/Loose is not registered/);
    expect(() => Loose.subclass(null, {})).toThrow(/Loose is not registered: add `static \{ Base\.register\(this\); \}` to its body \(a class is registered before it can be subclassed\)/);

    const noFk = Employee.subclass("nofk", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { polymorphicIdentity: "nofk" } });
    expect(() => Base.register(class NoFk extends noFk {})).toThrow(/NoFk: joined-table inheritance needs the primary key of nofk to be a foreign key to employees's primary key; declare it as mappedColumn\(Integer, \{ primaryKey: true, foreignKey: "employees\.id" \}\)/);

    const noIdentity = Employee.subclass(null, { x: mappedColumn(sa.Integer) });
    expect(() => Base.register(class NoIdentity extends noIdentity {})).toThrow(/NoIdentity: give it mapperArgs \{ polymorphicIdentity: \.\.\. \}/);

    const dup = Employee.subclass(null, { y: mappedColumn(sa.Integer) }, { mapperArgs: { polymorphicIdentity: "employee" } });
    expect(() => Base.register(class Dup extends dup {})).toThrow(/Dup: polymorphicIdentity "employee" is already the identity of Employee/);

    const on = Employee.subclass(null, { z: mappedColumn(sa.Integer) }, { mapperArgs: { polymorphicOn: "z", polymorphicIdentity: "z" } });
    expect(() => Base.register(class On extends on {})).toThrow(/On: polymorphicOn belongs in the mapperArgs of the hierarchy's base class \(Employee\)/);

    expect(() => Employee.subclass(null, { name: mappedColumn(sa.String(5)) })).toThrow(/"name" is already a column attribute of Employee/);
    expect(() => Employee.subclass(null, { pk2: mappedColumn(sa.Integer, { primaryKey: true }) })).toThrow(/shares Employee's primary key/);
    expect(() => Employee.subclass("x", {}, { concrete: false, mapperArgs: {} }) && Employee.subclass(null, {}, { concrete: true })).toThrow(/concrete inheritance needs the subclass's own table name/);

    const Base3 = declarativeBase();
    class Plain extends Base3.model("plain", { id: mappedColumn(sa.Integer, { primaryKey: true }), kind: mappedColumn(sa.String(5)) }) {
      static {
        Base3.register(this);
      }
    }
    expect(() => Plain.subclass(null, { w: mappedColumn(sa.Integer) })).toThrow(/single-table inheritance needs a discriminator: give the base class Plain mapperArgs \{ polymorphicOn/);
    expect(() => Base3.model("bad", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { polymorphicOn: "nope" } }) && Base3.register(class Bad extends Base3.model("bad2", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { polymorphicOn: "nope" } }) {})).toThrow(
      /Bad: polymorphicOn "nope" is not a column attribute \(columns: id\)/,
    );
  });

  it("aliased() of a joined subclass aliases both tables; misused withPolymorphic is a clear error", () => {
    const { Engineer } = hierarchy();
    const E = aliased(Engineer, { name: "eng" });
    const from = E.__selectEntity__();
    expect(from.kind).toBe("join");
    expect(from.columns.map((c) => (c as unknown as { parent: { name: string | null } }).parent.name)).toContain("eng");
    expect(() => withPolymorphic("all" as never)).toThrow(/withPolymorphic\(\) takes an array of mapped subclasses/);
  });
});
