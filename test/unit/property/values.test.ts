/**
 * C04/C09/C10/C13: bound values never reach the SQL text; params are the (bind-processed) values in
 * placeholder order; placeholders are numbered/counted correctly per dialect; LIKE helpers escape
 * and always render ESCAPE; text() placeholders inside quotes/comments are left alone.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sa from "../../../src/index.js";
import { DIALECTS, type DialectName, expectedPlaceholders, newDialect, placeholders, SAFE_REST, stripQuoted } from "./helpers.js";

const md = new sa.MetaData();
const t = new sa.Table("t", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("s", sa.String(200)),
  new sa.Column("f", sa.Float),
  new sa.Column("b", sa.BigInteger),
  new sa.Column("d", sa.DateTime),
  new sa.Column("lb", sa.LargeBinary),
);

const NASTY = ["'", "\\", "?", "$1", ":name", "--", "/*", "*/", "%", "_", "/", "\n", "😀", "''", "\\'", "; DROP TABLE t; --", "\u001a", "N'"];
const strArb = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: "binary", maxLength: 4 })), { minLength: 1, maxLength: 5 }).map((a) => a.join(""));
const intArb = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
const floatArb = fc.double({ noNaN: true, noDefaultInfinity: true });
const bigArb = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const dateArb = fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true });
const bytesArb = fc.uint8Array({ maxLength: 16 });

/** A statement plus the values, in the order they must be bound, of its predicates. */
type Case = { stmt: { compile(o: { dialect: sa.BaseDialect }): sa.CompiledSQL }; values: unknown[]; strings: string[] };

const predArb: fc.Arbitrary<{ expr: sa.ColumnElement<unknown>; values: unknown[]; strings: string[] }> = fc.oneof(
  strArb.map((v) => ({ expr: t.c.s.eq(v), values: [v], strings: [v] })),
  strArb.map((v) => ({ expr: t.c.s.ne(v), values: [v], strings: [v] })),
  fc.array(strArb, { minLength: 1, maxLength: 5 }).map((vs) => ({ expr: t.c.s.in(vs), values: vs, strings: vs })),
  fc.array(intArb, { minLength: 1, maxLength: 5 }).map((vs) => ({ expr: t.c.id.in(vs), values: vs, strings: [] })),
  strArb.map((v) => ({ expr: t.c.s.like(v), values: [v], strings: [v] })),
  intArb.map((v) => ({ expr: t.c.id.eq(v), values: [v], strings: [] })),
  floatArb.map((v) => ({ expr: t.c.f.gt(v), values: [v], strings: [] })),
  bigArb.map((v) => ({ expr: t.c.b.eq(v), values: [v], strings: [] })),
  dateArb.map((v) => ({ expr: t.c.d.lt(v), values: [v], strings: [] })),
  bytesArb.map((v) => ({ expr: t.c.lb.eq(v), values: [v], strings: [] })),
);

const caseArb: fc.Arbitrary<Case> = fc.oneof(
  fc.array(predArb, { minLength: 1, maxLength: 5 }).map((ps) => ({
    stmt: sa.select(t.c.id, t.c.s).where(...ps.map((p) => p.expr)),
    values: ps.flatMap((p) => p.values),
    strings: ps.flatMap((p) => p.strings),
  })),
  fc.tuple(intArb, strArb, floatArb, bigArb, dateArb, bytesArb).map(([id, s, f, b, d, lb]) => ({
    stmt: sa.insert(t).values({ id, s, f, b, d, lb }),
    values: [id, s, f, b, d, lb],
    strings: [s],
  })),
  fc.tuple(strArb, intArb).map(([s, id]) => ({
    stmt: sa.update(t).values({ s }).where(t.c.id.eq(id)),
    values: [s, id],
    strings: [s],
  })),
  fc.tuple(strArb, strArb).map(([a, b]) => ({
    stmt: sa.text("SELECT * FROM t WHERE s = :a OR s = :b").bindparams({ a, b }),
    values: [a, b],
    strings: [a, b],
  })),
);

/** The bind-processed form of a raw value, by column type (independent expectations). */
function processed(d: DialectName, v: unknown): unknown {
  if (typeof v === "bigint") return d === "sqlite" ? v : String(v);
  if (v instanceof Date) return "Date";
  return v;
}

function checkDateParam(d: DialectName, p: unknown, v: Date): void {
  // every dialect sends a DateTime as a string with millisecond precision
  expect(typeof p === "string" || p instanceof Date).toBe(true);
  if (typeof p === "string") {
    const iso = v.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
    expect(p.replace(" ", "T").replace(/Z?$/, "Z")).toBe(iso);
  }
}

describe.each(DIALECTS)("bound values on %s (C04/C09/C10)", (d: DialectName) => {
  const dialect = newDialect(d);

  it("values never appear in SQL; params are the values in placeholder order; placeholders numbered 1..n", () => {
    fc.assert(
      fc.property(caseArb, ({ stmt, values, strings }) => {
        const c = stmt.compile({ dialect });
        const { rest, strings: literals } = stripQuoted(d, c.sql);
        // nothing but keywords, plain names, punctuation and placeholders outside quotes
        expect(rest, c.sql).toMatch(SAFE_REST);
        // no value ever became a string literal
        for (const s of strings) expect(literals).not.toContain(s);
        // placeholders: exactly 1..n in order (pg $n, mssql @pN) or n `?`
        expect(placeholders(d, rest)).toEqual(expectedPlaceholders(d, c.params.length));
        expect(c.params.length).toBe(values.length);
        values.forEach((v, i) => {
          const p = c.params[i];
          if (v instanceof Date) checkDateParam(d, p, v);
          else expect(p).toEqual(processed(d, v));
        });
      }),
      { numRuns: 200 },
    );
  });

  it("contains/startsWith/endsWith escape %, _ and / in the bound value and always render ESCAPE", () => {
    const esc = (s: string) => s.replace(/[/%_]/g, (m) => "/" + m);
    fc.assert(
      fc.property(strArb, fc.constantFrom("contains", "startsWith", "endsWith") as fc.Arbitrary<"contains" | "startsWith" | "endsWith">, (v, op) => {
        const c = sa.select(t.c.id).where(t.c.s[op](v)).compile({ dialect });
        expect(c.sql).toMatch(d === "mssql" ? / LIKE @p1 ESCAPE N'\/'$/ : / LIKE (\$1|\?) ESCAPE '\/'$/);
        const want = op === "contains" ? `%${esc(v)}%` : op === "startsWith" ? `${esc(v)}%` : `%${esc(v)}`;
        expect(c.params).toEqual([want]);
        // like() is raw: the value is bound untouched and no ESCAPE is added
        const raw = sa.select(t.c.id).where(t.c.s.like(v)).compile({ dialect });
        expect(raw.params).toEqual([v]);
        expect(raw.sql).not.toContain("ESCAPE");
      }),
      { numRuns: 150 },
    );
  });

  it("text(): placeholders inside quotes and comments are never rewritten; values are never re-scanned", () => {
    const noise = fc.constantFrom(":a", "?", "$1", ":b", "::int", "@p1", "%s");
    const segArb = fc.oneof(
      noise.map((n) => `'${n}'`),
      noise.map((n) => `"${n}"`),
      noise.map((n) => `/* ${n} */`),
      noise.map((n) => `-- ${n}\n`),
      ...(d === "mysql" ? [noise.map((n) => "`" + n + "`")] : []),
      ...(d === "postgresql" ? [noise.map((n) => `$$ ${n} $$`), noise.map((n) => `$tag$ ${n} $tag$`), noise.map((n) => `/* x /* ${n} */ y */`)] : []),
    );
    fc.assert(
      fc.property(fc.array(segArb, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom("a", "b"), { minLength: 1, maxLength: 3 }), strArb, strArb, (segs, refs, va, vb) => {
        let raw = "SELECT ";
        const order: string[] = [];
        segs.forEach((s, i) => {
          raw += s + " ";
          const r = refs[i % refs.length]!;
          raw += `, :${r} `;
          order.push(r);
        });
        const binds: Record<string, string> = {};
        if (order.includes("a")) binds.a = va;
        if (order.includes("b")) binds.b = vb;
        const c = sa.text(raw).bindparams(binds).compile({ dialect });
        // every quoted/comment segment is present verbatim
        for (const s of segs) expect(c.sql).toContain(s.trimEnd());
        // params are the values of the named references, in order; values are not in the SQL
        expect(c.params).toEqual(order.map((r) => (r === "a" ? va : vb)));
        for (const v of [va, vb]) if (v.length > 3) expect(c.sql.includes(v) && !segs.some((s) => s.includes(v))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("IN with an empty list renders an always-false predicate, never `IN ()` (C13)", () => {
    const c = sa.select(t.c.id).where(t.c.s.in([])).compile({ dialect });
    expect(c.sql).not.toMatch(/IN \(\s*\)/);
    expect(c.params).toEqual([]);
  });
});
