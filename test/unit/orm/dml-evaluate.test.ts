/** The in-memory evaluator of synchronizeSession: "evaluate": SQL's three-valued logic, value kinds, refusals. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { UnevaluatableError, declarativeBase, mappedColumn, mapperFor } from "../../../src/orm/index.js";
import { compileEvaluator } from "../../../src/orm/session/dml-evaluate.js";
import { stateOf } from "../../../src/orm/session/instance-state.js";

const Base = declarativeBase();
class Thing extends Base.model("things", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  name: mappedColumn(sa.String(20), { nullable: true }),
  n: mappedColumn(sa.Integer, { nullable: true }),
  big: mappedColumn(sa.BigInteger, { nullable: true }),
  at: mappedColumn(sa.DateTime, { nullable: true }),
}) {
  static {
    Base.register(this);
  }
}
const state = (t: Thing) => stateOf(t);
const ev = (expr: sa.ColumnElement<unknown>, t: Thing, dialect = "postgresql") => compileEvaluator(mapperFor(Thing), expr, dialect)(state(t));

describe("synchronizeSession evaluator", () => {
  const a = new Thing({ id: 1, name: "Alpha", n: 3, big: 10n, at: new Date("2024-01-02T00:00:00Z") });
  const z = new Thing({ id: 2, name: null, n: null, big: null, at: null });

  it("comparisons and NULL: unknown (null) propagates through NOT, AND, OR", () => {
    expect(ev(Thing.n.eq(3), a)).toBe(true);
    expect(ev(Thing.n.eq(3), z)).toBe(null);
    expect(ev(sa.not(Thing.n.eq(3)), z)).toBe(null);
    expect(ev(sa.or(Thing.n.eq(3), Thing.id.eq(2)), z)).toBe(true);
    expect(ev(sa.and(Thing.n.eq(3), Thing.id.eq(1)), z)).toBe(false);
    expect(ev(Thing.n.in([1, 2]), a)).toBe(false);
    expect(ev(Thing.n.in([1, null as never]), a)).toBe(null);
    expect(ev(Thing.n.notIn([]), a)).toBe(true);
    expect(ev(Thing.n.isNull(), z)).toBe(true);
    expect(ev(Thing.n.between(3, 4), a)).toBe(true);
  });

  it("bigint, Date and arithmetic", () => {
    expect(ev(Thing.big.gt(9n), a)).toBe(true);
    expect(ev(Thing.at.lt(new Date("2025-01-01T00:00:00Z")), a)).toBe(true);
    expect(ev(Thing.n.plus(2).times(3), a)).toBe(15);
    expect(ev(Thing.n.plus(1), z)).toBe(null);
    expect(ev(Thing.name.concat("!"), a)).toBe("Alpha!");
  });

  it("LIKE follows the dialect's case rule; ILIKE ignores case everywhere; escapes are literal", () => {
    expect(ev(Thing.name.like("al%"), a, "postgresql")).toBe(false);
    expect(ev(Thing.name.like("al%"), a, "sqlite")).toBe(true);
    expect(ev(Thing.name.ilike("al%"), a, "postgresql")).toBe(true);
    expect(ev(Thing.name.startsWith("Al_"), a)).toBe(false);
    expect(ev(Thing.name.contains("ph"), a)).toBe(true);
  });

  it("refuses what it cannot evaluate, naming the construct and the fix", () => {
    expect(() => ev(sa.func.lower(Thing.name).eq("x"), a)).toThrow(UnevaluatableError);
    expect(() => ev(Thing.n.div(2), a)).toThrow(/operator \/.*"fetch"/s);
    expect(() => ev(Thing.id.in(sa.select(Thing.id)), a)).toThrow(/inSubquery/);
    expect(() => ev(sa.cast(Thing.n, sa.String(5)).eq("3"), a)).toThrow(/cast/);
    expect(() => ev(Thing.name.gt("B"), a)).toThrow(/collation/);
  });

  it("string equality follows the dialect's default collation (case-insensitive on MySQL/MariaDB/MSSQL)", () => {
    expect(ev(Thing.name.eq("ALPHA"), a, "postgresql")).toBe(false);
    expect(ev(Thing.name.eq("ALPHA"), a, "sqlite")).toBe(false);
    expect(ev(Thing.name.eq("ALPHA "), a, "mariadb")).toBe(true);
    expect(ev(Thing.name.in(["x", "alpha"]), a, "mssql")).toBe(true);
  });
});
