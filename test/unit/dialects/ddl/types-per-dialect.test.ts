import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { CompileError } from "../../../../src/errors.js";
import { ct, sql, DIALECTS, type D } from "./helpers.js";

const { MetaData, Table, Column, CreateTable } = sa;

const TYPES: [string, sa.TypeArg, Record<D, string>][] = [
  ["Integer", sa.Integer, { postgresql: "INTEGER", mysql: "INTEGER", sqlite: "INTEGER", mssql: "INTEGER" }],
  ["BigInteger", sa.BigInteger, { postgresql: "BIGINT", mysql: "BIGINT", sqlite: "BIGINT", mssql: "BIGINT" }],
  ["SmallInteger", sa.SmallInteger, { postgresql: "SMALLINT", mysql: "SMALLINT", sqlite: "SMALLINT", mssql: "SMALLINT" }],
  ["String(n)", sa.String(30), { postgresql: "VARCHAR(30)", mysql: "VARCHAR(30)", sqlite: "VARCHAR(30)", mssql: "NVARCHAR(30)" }],
  ["Text", sa.Text, { postgresql: "TEXT", mysql: "TEXT", sqlite: "TEXT", mssql: "NVARCHAR(max)" }],
  ["Boolean", sa.Boolean, { postgresql: "BOOLEAN", mysql: "BOOL", sqlite: "BOOLEAN", mssql: "BIT" }],
  ["Date", sa.Date, { postgresql: "DATE", mysql: "DATE", sqlite: "DATE", mssql: "DATE" }],
  ["DateTime", sa.DateTime, { postgresql: "TIMESTAMP", mysql: "DATETIME(6)", sqlite: "DATETIME", mssql: "DATETIME2" }],
  ["DateTime(tz)", sa.DateTime({ timezone: true }), { postgresql: "TIMESTAMP WITH TIME ZONE", mysql: "DATETIME(6)", sqlite: "DATETIME", mssql: "DATETIMEOFFSET" }],
  ["Time", sa.Time, { postgresql: "TIME", mysql: "TIME(6)", sqlite: "TIME", mssql: "TIME" }],
  ["Interval", sa.Interval, { postgresql: "INTERVAL", mysql: "DOUBLE", sqlite: "FLOAT", mssql: "FLOAT" }],
  ["Float", sa.Float, { postgresql: "DOUBLE PRECISION", mysql: "DOUBLE", sqlite: "FLOAT", mssql: "FLOAT" }],
  ["Numeric(p, s)", sa.Numeric(10, 2), { postgresql: "NUMERIC(10, 2)", mysql: "NUMERIC(10, 2)", sqlite: "NUMERIC(10, 2)", mssql: "NUMERIC(10, 2)" }],
  ["LargeBinary", sa.LargeBinary, { postgresql: "BYTEA", mysql: "LONGBLOB", sqlite: "BLOB", mssql: "VARBINARY(max)" }],
  ["JSON", sa.JSON, { postgresql: "JSON", mysql: "JSON", sqlite: "JSON", mssql: "NVARCHAR(max)" }],
  ["UUID", sa.UUID, { postgresql: "UUID", mysql: "CHAR(36)", sqlite: "CHAR(36)", mssql: "UNIQUEIDENTIFIER" }],
  ["Enum(named)", sa.Enum(["a", "b"], { name: "ab", createConstraint: false }), { postgresql: "ab", mysql: "ENUM('a', 'b')", sqlite: "VARCHAR(1)", mssql: "NVARCHAR(1)" }],
];

function create(type: sa.TypeArg, d: D): string {
  const t = new Table("t", new MetaData(), new Column("v", type));
  return sql(new CreateTable(t), d);
}

describe("every API type on every dialect", () => {
  for (const [name, type, expected] of TYPES) {
    it(name, () => {
      for (const d of DIALECTS) expect(create(type, d)).toBe(ct("CREATE TABLE t", [`v ${expected[d]}`]));
    });
  }

  it("JSONB and ARRAY: PostgreSQL only, a clear CompileError elsewhere", () => {
    expect(create(sa.JSONB, "postgresql")).toBe(ct("CREATE TABLE t", ["v JSONB"]));
    expect(create(sa.ARRAY(sa.Integer), "postgresql")).toBe(ct("CREATE TABLE t", ["v INTEGER[]"]));
    expect(create(sa.ARRAY(sa.String(5), { dimensions: 2 }), "postgresql")).toBe(ct("CREATE TABLE t", ["v VARCHAR(5)[][]"]));
    for (const d of ["mysql", "sqlite", "mssql"] as const) {
      expect(() => create(sa.JSONB, d)).toThrow(CompileError);
      expect(() => create(sa.JSONB, d)).toThrow(/JSONB is PostgreSQL-only/);
      expect(() => create(sa.ARRAY(sa.Integer), d)).toThrow(/ARRAY is PostgreSQL-only/);
    }
  });

  it("String without a length: VARCHAR / NVARCHAR(max), refused on MySQL", () => {
    expect(create(sa.String, "postgresql")).toBe(ct("CREATE TABLE t", ["v VARCHAR"]));
    expect(create(sa.String, "mssql")).toBe(ct("CREATE TABLE t", ["v NVARCHAR(max)"]));
    expect(() => create(sa.String, "mysql")).toThrow(/MySQL needs a length/);
  });
});
