/**
 * C01/C02: arbitrary (full-Unicode, hostile) table, column, label, alias and CTE names are always
 * rendered in the dialect's quoted form with the closing delimiter doubled (or bare when plain),
 * NUL is refused, and nothing from a name leaks outside its quoted occurrence.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sa from "../../../src/index.js";
import { DIALECTS, type DialectName, newDialect, renderedForms, SAFE_REST, stripQuoted } from "./helpers.js";

const HOSTILE = ['"', "`", "[", "]", ";", "--", "/*", "*/", "?", ":name", "$1", "\n", "\r\n", "'", "\\", "%", " ", "é", "😀", "\u200b", "SELECT", "DROP TABLE x"];

/** A name: hostile fragments mixed with arbitrary full-Unicode text, or a plain identifier; no NUL. */
const nameArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 }).map((a) => a.join("")) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/) },
    { weight: 1, arbitrary: fc.constantFrom("select", "order", "user", "Name", "x y", "1abc", "table", "key") },
  )
  .map((s) => s.replaceAll("\u0000", "")) // NUL is tested separately
  .filter((s) => s.length > 0 && new TextEncoder().encode(s).length <= 60);

const namesArb = fc.uniqueArray(nameArb, { minLength: 6, maxLength: 6 }).filter((a) => !a.includes("id"));

function build(names: string[]) {
  const [tname, cname, label, alias, cte, c2] = names as [string, string, string, string, string, string];
  const md = new sa.MetaData();
  const t = new sa.Table(tname, md, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column(cname, sa.Integer), new sa.Column(c2, sa.String(20)));
  const col = (t.c as Record<string, sa.ColumnElement<unknown>>)[cname]!;
  const colS = (t.c as Record<string, sa.ColumnElement<unknown>>)[c2]!;
  const a = t.alias(alias);
  const acol = (a.c as Record<string, sa.ColumnElement<unknown>>)[cname]!;
  const cteObj = sa.select(col, colS).where(colS.eq("v")).cte(cte);
  const ccol = (cteObj.c as Record<string, sa.ColumnElement<unknown>>)[cname]!;
  return {
    statements: [
      // names used: table, column, label, ORDER BY label
      ["select", sa.select(col.label(label), colS).where(col.eq(1)).orderBy(label), [tname, cname, label, c2]],
      ["alias", sa.select(acol.label(label)).where(acol.gt(0)), [tname, alias, cname, label]],
      ["cte", sa.select(ccol).where(ccol.lt(5)), [tname, cname, c2, cte]],
      ["insert", sa.insert(t).values({ id: 1, [cname]: 2, [c2]: "x" } as never), [tname, cname, c2]],
      ["update", sa.update(t).values({ [c2]: "y" } as never).where(col.eq(3)), [tname, cname, c2]],
      ["delete", sa.delete_(t).where(col.eq(3)), [tname, cname]],
    ] as const,
  };
}

describe.each(DIALECTS)("identifier quoting on %s (C01/C02)", (d: DialectName) => {
  const dialect = newDialect(d);

  it("every name is rendered quoted (delimiter doubled) or bare when plain, and nothing leaks", () => {
    fc.assert(
      fc.property(namesArb, (names) => {
        for (const [what, stmt, used] of build(names).statements) {
          const { sql } = stmt.compile({ dialect });
          for (const n of used) {
            const forms = renderedForms(dialect, d, n);
            expect(forms.some((f) => sql.includes(f)), `${what}: ${JSON.stringify(n)} not rendered as ${forms.join(" or ")} in ${sql}`).toBe(true);
          }
          const { rest, idents, strings } = stripQuoted(d, sql);
          // the remainder is only keywords, plain names, punctuation and placeholders
          expect(rest, `${what}: ${sql}`).toMatch(SAFE_REST);
          expect(rest).not.toMatch(/;|--|\/\*/);
          // every hostile (non-plain) name appears only inside quoted identifiers, exactly
          for (const n of used) {
            if (renderedForms(dialect, d, n).length === 1) expect(idents, `${what}: ${sql}`).toContain(n);
          }
          // no name ever ends up inside a string literal
          for (const s of strings) expect(used as readonly string[]).not.toContain(s);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a NUL in any identifier is refused with CompileError", () => {
    fc.assert(
      fc.property(namesArb, fc.integer({ min: 0, max: 4 }), fc.nat(), (names, which, pos) => {
        const n = names[which]!;
        const at = pos % (n.length + 1);
        names[which] = n.slice(0, at) + "\u0000" + n.slice(at);
        let stmts: ReturnType<typeof build>["statements"];
        try {
          stmts = build(names).statements;
        } catch (e) {
          expect(e).toBeInstanceOf(sa.AlkahestError); // refused at construction is fine too
          return;
        }
        // the statements that use the NUL name must all refuse to compile
        for (const [what, stmt, used] of stmts) {
          if (!(used as readonly string[]).includes(names[which]!)) continue;
          expect(() => stmt.compile({ dialect }), what).toThrow(sa.CompileError);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("over-long names are refused (where the database has a limit), never silently truncated", () => {
    const limit = dialect.preparer.maxLength;
    const md = new sa.MetaData();
    const long = "é".repeat(200);
    const t = new sa.Table(long, md, new sa.Column("id", sa.Integer, { primaryKey: true }));
    if (limit === 0) expect(sa.select(t.c.id).compile({ dialect }).sql).toContain(long);
    else expect(() => sa.select(t.c.id).compile({ dialect })).toThrow(sa.CompileError);
  });

  it("orderBy(string) accepts only labels in scope (C02)", () => {
    const md = new sa.MetaData();
    const t = new sa.Table("t", md, new sa.Column("id", sa.Integer, { primaryKey: true }));
    fc.assert(
      fc.property(nameArb, (n) => {
        fc.pre(n !== "id");
        expect(() => sa.select(t.c.id).orderBy(n).compile({ dialect })).toThrow(sa.CompileError);
      }),
      { numRuns: 50 },
    );
  });
});
