import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { getDialect } from "../../../src/sql/compiled.js";
import type { DialectTraits, Processor, TypeEngine } from "../../../src/sql/types/type-engine.js";

const DIALECTS = ["postgresql", "mysql", "sqlite", "mssql"] as const;
type D = (typeof DIALECTS)[number];
const traits = (d: D) => getDialect(d) as unknown as DialectTraits;
const bind = (t: TypeEngine, d: D): Processor => t.bindProcessor(traits(d)) ?? ((v) => v);
const result = (t: TypeEngine, d: D): Processor => t.resultProcessor(traits(d)) ?? ((v) => v);

describe("Boolean", () => {
  it("native on PostgreSQL, 0/1 elsewhere, both ways", () => {
    const b = sa.Boolean();
    expect(b.bindProcessor(traits("postgresql"))).toBeNull();
    for (const d of ["mysql", "sqlite", "mssql"] as const) {
      expect(bind(b, d)(true)).toBe(1);
      expect(bind(b, d)(false)).toBe(0);
      expect(bind(b, d)(null)).toBeNull();
    }
    for (const d of DIALECTS) {
      const r = result(b, d);
      expect([r(1), r(0), r(true), r(false), r(null)]).toEqual([true, false, true, false, null]);
      expect([r("1"), r("0"), r("t"), r("f"), r(1n), r(0n)]).toEqual([true, false, true, false, true, false]);
    }
    expect(result(b, "mysql")(Uint8Array.of(1))).toBe(true); // BIT(1)
    expect(result(b, "mysql")(Uint8Array.of(0))).toBe(false);
  });
});

describe("Date and DateTime (UTC convention)", () => {
  const when = new Date(Date.UTC(2024, 0, 5, 22, 7, 9, 123));
  it("Date binds as YYYY-MM-DD in UTC and reads back at UTC midnight", () => {
    for (const d of DIALECTS) {
      expect(bind(sa.Date(), d)(when)).toBe("2024-01-05");
      expect((result(sa.Date(), d)("2024-01-05") as Date).getTime()).toBe(Date.UTC(2024, 0, 5));
    }
  });
  it("DateTime binds UTC text per dialect", () => {
    expect(bind(sa.DateTime(), "postgresql")(when)).toBe("2024-01-05 22:07:09.123Z");
    expect(bind(sa.DateTime(), "mysql")(when)).toBe("2024-01-05 22:07:09.123");
    expect(bind(sa.DateTime(), "sqlite")(when)).toBe("2024-01-05 22:07:09.123");
    expect(bind(sa.DateTime(), "mssql")(when)).toBe("2024-01-05 22:07:09.123");
    expect(bind(sa.DateTime({ timezone: true }), "mssql")(when)).toBe("2024-01-05 22:07:09.123 +00:00");
  });
  it("DateTime reads YYYY-MM-DD HH:MM:SS.ffffff[+00[:00]] as UTC", () => {
    for (const d of DIALECTS) {
      const r = result(sa.DateTime(), d);
      for (const text of ["2024-01-05 22:07:09.123456", "2024-01-05 22:07:09.123456+00", "2024-01-05 22:07:09.123+00:00", "2024-01-05T22:07:09.123Z"]) {
        expect((r(text) as Date).getTime()).toBe(when.getTime());
      }
      expect((r("2024-01-06 00:07:09.123+02:00") as Date).getTime()).toBe(when.getTime());
      expect((r("2024-01-05 20:07:09.123-02") as Date).toISOString()).toBe("2024-01-05T22:07:09.123Z");
      expect(r(when)).toBe(when);
      expect(r(null)).toBeNull();
      // round trip through the bind text
      expect((r(bind(sa.DateTime(), d)(when)) as Date).getTime()).toBe(when.getTime());
    }
  });
});

describe("numbers", () => {
  it("Numeric is an exact string; asNumber gives a number", () => {
    for (const d of DIALECTS) {
      expect(bind(sa.Numeric(10, 2), d)(1.5)).toBe("1.5");
      expect(result(sa.Numeric(10, 2), d)("12.30")).toBe("12.30");
      expect(result(sa.Numeric(10, 2), d)(12.3)).toBe("12.30");
      expect(result(sa.Numeric(10, 2, { asNumber: true }), d)("12.30")).toBe(12.3);
    }
  });
  it("BigInteger is a bigint both ways (decimal text to the driver except on SQLite)", () => {
    const big = 9007199254740993n;
    for (const d of ["postgresql", "mysql", "mssql"] as const) expect(bind(sa.BigInteger(), d)(big)).toBe("9007199254740993");
    expect(bind(sa.BigInteger(), "sqlite")(big)).toBe(big);
    for (const d of DIALECTS) {
      expect(result(sa.BigInteger(), d)("9007199254740993")).toBe(big);
      expect(result(sa.BigInteger(), d)(5)).toBe(5n);
      expect(result(sa.BigInteger(), d)(null)).toBeNull();
    }
  });
  it("Integer results become numbers", () => {
    for (const d of DIALECTS) expect(result(sa.Integer(), d)("42")).toBe(42);
  });
});

describe("JSON", () => {
  it("stringifies on bind and parses on result", () => {
    for (const d of DIALECTS) {
      expect(bind(sa.JSON(), d)({ a: [1, "x"] })).toBe('{"a":[1,"x"]}');
      expect(bind(sa.JSON(), d)([1, 2])).toBe("[1,2]");
      expect(bind(sa.JSON(), d)(undefined)).toBeNull();
      expect(result(sa.JSON(), d)('{"a":[1,"x"]}')).toEqual({ a: [1, "x"] });
      expect(result(sa.JSON(), d)({ already: true })).toEqual({ already: true });
    }
    expect(sa.JSON().checkValue(() => 1)).toMatch(/cannot be stored as JSON/);
  });
});

describe("LargeBinary", () => {
  it("reads Buffer, ArrayBuffer, number[] and PostgreSQL \\x hex as Uint8Array", () => {
    const want = Uint8Array.of(1, 2, 255);
    for (const d of DIALECTS) {
      const r = result(sa.LargeBinary(), d);
      for (const v of [Buffer.from([1, 2, 255]), Uint8Array.of(1, 2, 255).buffer, [1, 2, 255], "\\x0102ff"]) {
        const out = r(v);
        expect(out).toBeInstanceOf(Uint8Array);
        expect(Array.from(out as Uint8Array)).toEqual(Array.from(want));
      }
      expect(r(null)).toBeNull();
    }
    expect(sa.LargeBinary().checkValue("text")).toMatch(/Uint8Array/);
  });
});

describe("UUID, Enum, Interval", () => {
  it("UUID: MSSQL's upper-case UNIQUEIDENTIFIER is normalised to lower case", () => {
    const u = "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11";
    expect(result(sa.UUID(), "mssql")(u)).toBe(u.toLowerCase());
    expect(result(sa.UUID(), "postgresql")("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).toBe("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  });
  it("Enum: only its values are accepted; TS string enums give their values", () => {
    enum Color { Red = "red", Blue = "blue" }
    const e = sa.Enum(Color);
    expect(e.values).toEqual(["red", "blue"]);
    expect(e.checkValue("red")).toBeNull();
    expect(e.checkValue("green")).toMatch(/not one of the Enum values "red", "blue"/);
    expect(e.checkValue(1)).not.toBeNull();
    expect(sa.Enum(["a", "b"]).checkValue(null)).toBeNull();
  });
  it("Interval: seconds to PostgreSQL interval text and back; plain seconds elsewhere", () => {
    expect(bind(sa.Interval(), "postgresql")(90)).toBe("90 seconds");
    for (const d of ["mysql", "sqlite", "mssql"] as const) expect(sa.Interval().bindProcessor(traits(d))).toBeNull();
    const r = result(sa.Interval(), "postgresql");
    expect(r("1 day 02:00:00")).toBe(93_600);
    expect(r("-1 days +02:00:00")).toBe(-79_200);
    expect(r("00:00:01.5")).toBe(1.5);
    expect(r("1 mon 2 days")).toBe(30 * 86400 + 2 * 86400);
    expect(r({ hours: 1, minutes: 30 })).toBe(5400); // node-postgres' parsed interval
    expect(result(sa.Interval(), "sqlite")(12.5)).toBe(12.5);
  });
});
