/** The flush's multi-row INSERT from a single-row template: the same SQL and bound values as Core's `insert(table).values(rows)`. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { getDialect } from "../../../src/sql/compiled.js";
import { compileInsertRows } from "../../../src/orm/unit-of-work/fast-insert.js";
import type { Connection } from "../../../src/engine/index.js";
import type { InsertRows } from "../../../src/orm/unit-of-work/persistence.js";
import type { InstanceState } from "../../../src/orm/session/instance-state.js";

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
/** Rows as the flush hands them over: objects whose dictionaries hold the values. */
const wrap = (rs: Record<string, unknown>[], exprs: InsertRows["exprs"] = null): InsertRows => ({
  states: rs.map((values) => ({ _dict: values }) as unknown as InstanceState),
  fetch: rs.map(() => []),
  exprs,
  start: 0,
  end: rs.length,
});
const fast = (conn: Connection, table: sa.Table, keys: string[], fetch: unknown[], sig: string, rows: InsertRows) =>
  compileInsertRows(conn, table as never, keys, fetch as never, sig, rows, 0, rows.states.length);

describe("ORM multi-row INSERT template", () => {
  for (const dialect of ["postgresql", "sqlite", "mssql", "mysql"]) {
    it(`${dialect}: same SQL and parameters as Core`, () => {
      const keys = ["name", "at", "flag"];
      const returning = dialect === "mysql" ? [] : [t.c.id];
      const compiled = fast(fakeConn(dialect), t, keys, returning, returning.map((c) => c.key).join("\u0000"), wrap(rows));
      let core = sa.insert(t).values(rows as never);
      if (returning.length) core = core.returning(t.c.id) as never;
      const c = getDialect(dialect).compile(core as never);
      expect(compiled).not.toBeNull();
      expect(compiled!.sql).toBe(c.sql);
      expect(compiled!.params).toEqual(c.params);
      expect(compiled!.resultColumns.map((r) => r.key)).toEqual(c.resultColumns.map((r) => r.key));
      expect(compiled!.returning).toBe(c.returning);
    });
  }
  it("falls back to Core for client-side defaults, expressions, undefined, rejected values and execute listeners", () => {
    const conn = fakeConn("sqlite");
    expect(fast(conn, withDefault, ["id"], [], "", wrap([{ id: 1 }]))).toBeNull();
    expect(fast(conn, t, ["name"], [], "", wrap([{ name: sa.func.lower("X") }]))).toBeNull();
    expect(fast(conn, t, ["name"], [], "", wrap([{ name: undefined }]))).toBeNull();
    expect(fast(conn, t, ["flag"], [], "", wrap([{ flag: "not a boolean" }]))).toBeNull();
    expect(fast(fakeConn("sqlite", true), t, ["name"], [], "", wrap([{ name: "a" }]))).toBeNull();
    const exprRow = wrap([{ name: "a" }]);
    expect(fast(conn, t, ["name"], [], "", { ...exprRow, exprs: new Map([[exprRow.states[0]!, { name: sa.func.lower("X") }]]) })).toBeNull();
    expect(fast(conn, t, ["name"], [], "", wrap([{ name: "a" }]))).not.toBeNull();
  });
  it("compiles a range of the rows", () => {
    const all = wrap(rows);
    const c = compileInsertRows(fakeConn("sqlite"), t, ["name", "at", "flag"], [], "", all, 1, 3);
    expect(c!.params).toEqual(getDialect("sqlite").compile(sa.insert(t).values(rows.slice(1) as never) as never).params);
  });
});
