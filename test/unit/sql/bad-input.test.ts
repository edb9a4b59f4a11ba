/**
 * Input that must never reach SQL text: plain strings as SQL, non-integer LIMIT/OFFSET, objects as
 * values, nested arrays, unknown columns. Every error is raised when the statement is built.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, insert, select, update } from "../../../src/index.js";
import { DIALECTS } from "../support/test-sql.js";
import { users } from "../support/fixtures.js";

describe("plain strings are not SQL", () => {
  it("where('1=1') is refused and points at text()", () => {
    expect(() => select(users.c.id).where("1=1" as never)).toThrow(ArgumentError);
    expect(() => select(users.c.id).where("1=1" as never)).toThrow(/text\("1=1"\)/);
  });

  it("select('count(*)') is refused and points at text()", () => {
    expect(() => select("count(*)" as never)).toThrow(ArgumentError);
    expect(() => select("count(*)" as never)).toThrow(/text\(/);
  });

  it("having('...') is refused", () => {
    expect(() => select(users.c.id).groupBy(users.c.id).having("count(*) > 1" as never)).toThrow(/text\(/);
  });
});

describe("limit / offset accept only non-negative safe integers", () => {
  const bad: [string, unknown][] = [
    ["'1; DELETE'", "1; DELETE"],
    ["-1", -1],
    ["1.5", 1.5],
    ["'10'", "10"],
    ["2**63", 2 ** 63],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["10n", 10n],
    ["{}", {}],
  ];
  for (const [label, value] of bad) {
    it(`limit(${label}) and offset(${label}) throw ArgumentError`, () => {
      expect(() => select(users.c.id).limit(value as number)).toThrow(ArgumentError);
      expect(() => select(users.c.id).offset(value as number)).toThrow(ArgumentError);
    });
  }

  it("0 and large safe integers are accepted and bound, not inlined", () => {
    const c = select(users.c.id).limit(0).offset(Number.MAX_SAFE_INTEGER).compile({ dialect: "postgresql" });
    expect(c.sql).toBe("SELECT users.id FROM users LIMIT $1 OFFSET $2");
    expect(c.params).toEqual([0, Number.MAX_SAFE_INTEGER]);
  });

  it("null removes a limit", () => {
    expect(select(users.c.id).limit(5).limit(null).compile({ dialect: "postgresql" }).sql).toBe("SELECT users.id FROM users");
  });
});

describe("values of the wrong shape", () => {
  it("a comparison with an object value throws (no operator injection)", () => {
    expect(() => users.c.name.eq({ $gt: "" } as any)).toThrow(ArgumentError);
    expect(() => users.c.id.gt({ $ne: 1 } as any)).toThrow(ArgumentError);
    expect(() => users.c.name.like({ x: 1 } as any)).toThrow(ArgumentError);
  });

  it("an array where a scalar is expected throws", () => {
    expect(() => users.c.id.eq([1, 2] as any)).toThrow(ArgumentError);
  });

  it("a string for an integer column throws", () => {
    expect(() => users.c.id.eq("1 OR 1=1" as any)).toThrow(ArgumentError);
  });

  it("nested arrays in in() throw", () => {
    expect(() => users.c.id.in([[1, 2]] as any)).toThrow(/nested arrays/);
    expect(() => users.c.id.in([{ a: 1 }] as any)).toThrow(ArgumentError);
  });

  it("in() of something that is neither a list nor a select throws", () => {
    expect(() => users.c.id.in("1,2" as any)).toThrow(ArgumentError);
  });
});

describe("unknown columns", () => {
  it("insert().values({ nope }) throws naming the column", () => {
    expect(() => insert(users).values({ nope: 1 } as any)).toThrow(ArgumentError);
    expect(() => insert(users).values({ nope: 1 } as any)).toThrow(/"nope"/);
  });

  it("an unknown column in a later row of a multi-row insert throws", () => {
    expect(() => insert(users).values([{ name: "a" }, { nope: 1 }] as any)).toThrow(/"nope"/);
  });

  it("update().values({ nope }) throws naming the column", () => {
    expect(() => update(users).values({ nope: 1 } as any)).toThrow(/"nope"/);
  });
});

describe("values are never in the SQL text", () => {
  const evil = "x'; DROP TABLE users; --";
  const statements = () => [
    select(users.c.id).where(users.c.name.eq(evil)),
    select(users.c.id).where(users.c.name.in([evil, "b"])),
    select(users.c.id).where(users.c.name.contains(evil)),
    select(users.c.id).where(users.c.name.ilike(evil)),
    insert(users).values({ name: evil, isActive: true }),
    update(users).values({ name: evil }).where(users.c.email.eq(evil)),
  ];
  for (const dialect of DIALECTS) {
    it(`${dialect}: the value is in params only`, () => {
      for (const stmt of statements()) {
        const c = stmt.compile({ dialect });
        expect(c.sql).not.toContain("DROP");
        expect(c.params.some((p) => typeof p === "string" && p.includes("DROP TABLE"))).toBe(true);
      }
    });
  }
});
