/** Polymorphic loading over concrete tables (no database): the UNION ALL subquery and the adapted statement. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { declarativeBase, mappedColumn, withPolymorphic } from "../../../src/orm/index.js";
import { applyWithPolymorphic } from "../../../src/orm/loading/polymorphic.js";
import type { Select } from "../../../src/sql/selectable/select.js";

function concrete() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Vehicle extends Base.model("vehicles", { id: mappedColumn(sa.Integer, { primaryKey: true }), name: mappedColumn(sa.String(50)) }) {
    static {
      Base.register(this);
    }
  }
  class Truck extends Vehicle.subclass("trucks", { maxLoad: mappedColumn(sa.Integer) }, { concrete: true }) {
    static {
      Base.register(this);
    }
  }
  class Van extends Vehicle.subclass("vans", { seats: mappedColumn(sa.Integer) }, { concrete: true }) {
    static {
      Base.register(this);
    }
  }
  return { Vehicle, Truck, Van };
}

describe("concrete polymorphic union", () => {
  it("aligns columns by key, casts NULL for absent ones, binds the branch number and adapts criteria and ORDER BY", () => {
    const { Vehicle } = concrete();
    const stmt = applyWithPolymorphic(sa.select(Vehicle).options(withPolymorphic("*")).where(Vehicle.name.eq("x")).orderBy(Vehicle.name) as unknown as Select<any>);
    const { sql, params } = stmt.compile({ dialect: "postgresql" }) as unknown as { sql: string; params: unknown[] };
    expect(sql).toBe(
      'SELECT anon_1.id, anon_1.name, anon_1."maxLoad", anon_1.seats, anon_1._polymorphic_class FROM (' +
        'SELECT vehicles.id AS id, vehicles.name AS name, CAST(NULL AS INTEGER) AS "maxLoad", CAST(NULL AS INTEGER) AS seats, CAST($1 AS INTEGER) AS _polymorphic_class FROM vehicles ' +
        'UNION ALL SELECT trucks.id AS id, trucks.name AS name, trucks.max_load AS "maxLoad", CAST(NULL AS INTEGER) AS seats, CAST($2 AS INTEGER) AS _polymorphic_class FROM trucks ' +
        'UNION ALL SELECT vans.id AS id, vans.name AS name, CAST(NULL AS INTEGER) AS "maxLoad", vans.seats AS seats, CAST($3 AS INTEGER) AS _polymorphic_class FROM vans' +
        ") AS anon_1 WHERE anon_1.name = $4 ORDER BY anon_1.name",
    );
    expect(params).toEqual([0, 1, 2, "x"]);
  });

  it("withPolymorphic([Truck]) unions only the classes named; a plain select keeps the base table", () => {
    const { Vehicle, Truck } = concrete();
    const stmt = applyWithPolymorphic(sa.select(Vehicle).options(withPolymorphic([Truck])) as unknown as Select<any>);
    const sql = stmt.compile({ dialect: "sqlite" }).sql;
    expect(sql).toMatch(/FROM vehicles UNION ALL SELECT .* FROM trucks\) AS anon_1$/);
    expect(sql).not.toMatch(/vans/);
    expect(sa.select(Vehicle).compile({ dialect: "sqlite" }).sql).toBe("SELECT vehicles.id, vehicles.name FROM vehicles");
  });
});
