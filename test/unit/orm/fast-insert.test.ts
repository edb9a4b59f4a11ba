/** The flush's multi-row INSERT from a single-row template: the same SQL and bound values as Core's `insert(table).values(rows)`. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { getDialect } from "../../../src/sql/compiled.js";
import { compileInsertRows } from "../../../src/orm/unit-of-work/fast-insert.js";
import type { Connection } from "../../../src/engine/index.js";

const md = new sa.MetaData();
const t = new sa.Table(
  "things",
  md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("name", sa.String(20)),
  new sa.Column("at", sa.DateTime),
  new sa.Column("flag", sa.Boolean),
);
const withDefault = new sa.Table("defaults", md, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("n", sa.Integer, { default: 5 }));

function fakeConn(dialect: string, listeners = false): Connection {
  const d = getDialect(dialect);
  return { dialect: d, engine: { dialect: d, _hasExecuteListeners: listeners }, _executeCompiled: () => undefined } as unknown as Connection;
}

const rows = [
  { name: "a", at: new Date("2026-01-02T03:04:05Z"), flag: true },
  { name: null, at: new Date("2026-02-03T04:05:06Z"), flag: false },
  { name: "c'", at: null, flag: true },
];
const wrap = (rs: Record<string, unknown>[]) => rs.map((values) => ({ values }));

describe("ORM multi-row INSERT template", () => {
  for (const dialect of ["postgresql", "sqlite", "mssql", "mysql"]) {
    it(`${dialect}: same SQL and parameters as Core`, () => {
      const keys = ["name", "at", "flag"];
      const returning = dialect === "mysql" ? [] : [t.c.id];
      const fast = compileInsertRows(fakeConn(dialect), t, keys, returning as never, returning.map((c) => c.key).join("\u0000"), wrap(rows));
      let core = sa.insert(t).values(rows as never);
      if (returning.length) core = core.returning(t.c.id) as never;
      const c = getDialect(dialect).compile(core as never);
      expect(fast).not.toBeNull();
      expect(fast!.sql).toBe(c.sql);
      expect(fast!.params).toEqual(c.params);
      expect(fast!.resultColumns.map((r) => r.key)).toEqual(c.resultColumns.map((r) => r.key));
      expect(fast!.returning).toBe(c.returning);
    });
  }
  it("falls back to Core for client-side defaults, expressions, undefined, rejected values and execute listeners", () => {
    const conn = fakeConn("sqlite");
    expect(compileInsertRows(conn, withDefault, ["id"], [], "", wrap([{ id: 1 }]))).toBeNull();
    expect(compileInsertRows(conn, t, ["name"], [], "", wrap([{ name: sa.func.lower("X") }]))).toBeNull();
    expect(compileInsertRows(conn, t, ["name"], [], "", wrap([{ name: undefined }]))).toBeNull();
    expect(compileInsertRows(conn, t, ["flag"], [], "", wrap([{ flag: "not a boolean" }]))).toBeNull();
    expect(compileInsertRows(fakeConn("sqlite", true), t, ["name"], [], "", wrap([{ name: "a" }]))).toBeNull();
    expect(compileInsertRows(conn, t, ["name"], [], "", wrap([{ name: "a" }]))).not.toBeNull();
  });
});
