/**
 * The structural compile cache: a statement rebuilt with other values hits the cache, yields the
 * same SQL, and binds the new values; the output is identical to a fresh dialect (empty cache).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sa from "../../../src/index.js";
import { DIALECTS, type DialectName, newDialect } from "./helpers.js";

const md = new sa.MetaData();
const users = new sa.Table("users", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("name", sa.String(50), { nullable: false }),
  new sa.Column("score", sa.Float),
  new sa.Column("isActive", sa.Boolean),
);
const posts = new sa.Table("posts", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
  new sa.Column("title", sa.String(200)),
);

type PredKind = "eq" | "ne" | "gt" | "in" | "contains" | "like" | "bool" | "between" | "or";
/** The structure of a statement (values excluded). */
type Shape = {
  kind: "select" | "insert" | "update" | "delete" | "text";
  cols: number[];
  join: boolean;
  preds: { kind: PredKind; n: number }[];
  order: boolean;
  limit: boolean;
  offset: boolean;
  group: boolean;
  cte: boolean;
};

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  kind: fc.constantFrom("select", "select", "select", "insert", "update", "delete", "text"),
  cols: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  join: fc.boolean(),
  preds: fc.array(fc.record({ kind: fc.constantFrom<PredKind>("eq", "ne", "gt", "in", "contains", "like", "bool", "between", "or"), n: fc.integer({ min: 1, max: 5 }) }), { maxLength: 4 }),
  order: fc.boolean(),
  limit: fc.boolean(),
  offset: fc.boolean(),
  group: fc.boolean(),
  cte: fc.boolean(),
});

/** A value source: each call returns the next value of a given kind from a generated sequence. */
type Vals = { int(): number; str(): string; num(): number; bool(): boolean };
/** A factory: every build starts the sequence from the beginning (so a rebuild gets the same values). */
type ValsFactory = { (): Vals; toString(): string };
const valsArb: fc.Arbitrary<ValsFactory> = fc.tuple(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 40, maxLength: 40 }), fc.array(fc.string({ unit: "binary", maxLength: 6 }), { minLength: 40, maxLength: 40 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 40, maxLength: 40 }))
  .map(([ints, strs, nums]) => {
    const f = (): Vals => {
      let i = 0, s = 0, n = 0, b = 0;
      return { int: () => ints[i++ % 40]!, str: () => strs[s++ % 40]!, num: () => nums[n++ % 40]!, bool: () => (b++ % 2 === 0) };
    };
    f.toString = () => JSON.stringify({ ints: ints.slice(0, 8), strs: strs.slice(0, 8), nums: nums.slice(0, 8) });
    return f;
  });

function build(sh: Shape, vf: ValsFactory): { compile(o: { dialect: sa.BaseDialect }): sa.CompiledSQL } {
  const v = vf();
  const cols = [users.c.id, users.c.name, users.c.score, users.c.isActive];
  const pred = (p: { kind: PredKind; n: number }): sa.ColumnElement<unknown> => {
    switch (p.kind) {
      case "eq": return users.c.id.eq(v.int());
      case "ne": return users.c.name.ne(v.str());
      case "gt": return users.c.score.gt(v.num());
      case "in": return users.c.id.in(Array.from({ length: p.n }, () => v.int()));
      case "contains": return users.c.name.contains(v.str());
      case "like": return users.c.name.like(v.str());
      case "bool": return users.c.isActive.eq(v.bool());
      case "between": return users.c.score.between(v.num(), v.num());
      case "or": return sa.or(users.c.id.lt(v.int()), users.c.name.eq(v.str()));
    }
  };
  const where = sh.preds.map(pred);
  switch (sh.kind) {
    case "insert": return sa.insert(users).values({ id: v.int(), name: v.str(), score: v.num(), isActive: v.bool() });
    case "update": return sa.update(users).values({ name: v.str(), score: v.num() }).where(...(where.length ? where : [users.c.id.eq(v.int())]));
    case "delete": return sa.delete_(users).where(...(where.length ? where : [users.c.id.eq(v.int())]));
    case "text": return sa.text("SELECT * FROM users WHERE name = :a AND id > :b AND ':a' <> '?'").bindparams({ a: v.str(), b: v.int() });
    case "select": {
      let s = sa.select(...sh.cols.map((i) => cols[i]!));
      if (sh.join) s = s.join(posts, users.c.id.eq(posts.c.user_id)).where(posts.c.title.ne(v.str()));
      if (where.length) s = s.where(...where);
      if (sh.group) s = s.groupBy(...sh.cols.map((i) => cols[i]!));
      if (sh.order) s = s.orderBy(users.c.id.desc());
      else if (sh.offset) s = s.orderBy(users.c.id); // MSSQL needs ORDER BY for OFFSET
      if (sh.limit) s = s.limit(Math.abs(v.int()) + 1);
      if (sh.offset) s = s.offset(Math.abs(v.int()));
      if (sh.cte) {
        const c = s.cte("c1");
        return sa.select(c).where(sa.text("1 = 1"));
      }
      return s;
    }
  }
}

describe.each(DIALECTS)("compile cache on %s", (d: DialectName) => {
  const shared = newDialect(d);

  it("a rebuilt statement hits the cache, same SQL, new params; identical to a fresh dialect", () => {
    fc.assert(
      fc.property(shapeArb, valsArb, valsArb, (sh, v1, v2) => {
        const first = build(sh, v1).compile({ dialect: shared });
        const second = build(sh, v2).compile({ dialect: shared });
        expect(second.cacheHit).toBe(true);
        expect(second.sql).toBe(first.sql);
        const fresh = build(sh, v2).compile({ dialect: newDialect(d) });
        expect(fresh.cacheHit).toBe(false);
        expect(second.sql).toBe(fresh.sql);
        expect(second.params).toEqual(fresh.params);
        expect(second.resultColumns.map((c) => c.key)).toEqual(fresh.resultColumns.map((c) => c.key));
        // and the first statement, compiled fresh, still gives its own params (no cross-talk)
        expect(build(sh, v1).compile({ dialect: newDialect(d) }).params).toEqual(first.params);
      }),
      { numRuns: 200 },
    );
  });

  it("different shapes never share a cache entry (different SQL ⇒ different key)", () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, valsArb, (a, b, v) => {
        const d1 = newDialect(d);
        const ca = build(a, v).compile({ dialect: d1 });
        const cb = build(b, v).compile({ dialect: d1 });
        const fb = build(b, v).compile({ dialect: newDialect(d) });
        expect(cb.sql).toBe(fb.sql);
        if (ca.sql !== cb.sql) expect(cb.cacheHit).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
