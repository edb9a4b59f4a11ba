/**
 * Shared helpers for the property tests: dialect quoting rules written independently of
 * src/dialects (so the tests check the compiler against the contract, not against itself), and
 * a small per-dialect tokenizer that removes quoted identifiers, string literals and placeholders.
 */
import * as sa from "../../../src/index.js";

export type DialectName = "postgresql" | "mysql" | "sqlite" | "mssql";
export const DIALECTS: readonly DialectName[] = ["postgresql", "mysql", "sqlite", "mssql"];

export function newDialect(name: DialectName): sa.BaseDialect {
  switch (name) {
    case "postgresql": return new sa.PostgreSQLDialect();
    case "mysql": return new sa.MySQLDialect();
    case "sqlite": return new sa.SQLiteDialect();
    case "mssql": return new sa.MSSQLDialect();
  }
}

const PLAIN = /^[a-z_][a-z0-9_$]*$/;

/** The quoted form of a name, by the dialect's documented rule (delimiter doubled). */
export function quoted(d: DialectName, name: string): string {
  switch (d) {
    case "mysql": return "`" + name.replaceAll("`", "``") + "`";
    case "mssql": return "[" + name.replaceAll("]", "]]") + "]";
    default: return '"' + name.replaceAll('"', '""') + '"';
  }
}

/** The forms a name may take in compiled SQL: bare only for plain lower-case non-reserved names. */
export function renderedForms(dialect: sa.BaseDialect, d: DialectName, name: string): string[] {
  const q = quoted(d, name);
  if (PLAIN.test(name) && !dialect.preparer.reserved.has(name)) return [name, q];
  return [q];
}

/**
 * Strips quoted identifiers, string literals (incl. MSSQL N'...') and placeholders from `sql`,
 * replacing each with a single space-free marker. Throws on an unterminated quote (which would
 * itself mean an injection).
 */
export function stripQuoted(d: DialectName, sql: string): { rest: string; idents: string[]; strings: string[] } {
  const idents: string[] = [];
  const strings: string[] = [];
  let rest = "";
  let i = 0;
  const open = d === "mysql" ? "`" : d === "mssql" ? "[" : '"';
  const close = d === "mysql" ? "`" : d === "mssql" ? "]" : '"';
  const readDelimited = (closeCh: string): string => {
    // i points just after the opening char
    let out = "";
    for (;;) {
      if (i >= sql.length) throw new Error(`unterminated ${closeCh}-quoted token in: ${sql}`);
      const ch = sql[i]!;
      if (ch === closeCh) {
        if (sql[i + 1] === closeCh) { out += closeCh; i += 2; continue; }
        i++;
        return out;
      }
      out += ch;
      i++;
    }
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === open) {
      i++;
      idents.push(readDelimited(close));
      rest += "I";
    } else if (ch === "'" || (d === "mssql" && ch === "N" && sql[i + 1] === "'" && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? " "))) {
      i += ch === "N" ? 2 : 1;
      strings.push(readDelimited("'"));
      rest += "S";
    } else {
      rest += ch;
      i++;
    }
  }
  return { rest, idents, strings };
}

/** Placeholders of a compiled statement, in order of appearance in the (stripped) SQL. */
export function placeholders(d: DialectName, rest: string): string[] {
  const re = d === "postgresql" ? /\$\d+/g : d === "mssql" ? /@p\d+/g : /\?/g;
  return rest.match(re) ?? [];
}

/** The placeholder sequence a dialect must produce for n parameters. */
export function expectedPlaceholders(d: DialectName, n: number): string[] {
  return Array.from({ length: n }, (_, k) => (d === "postgresql" ? `$${k + 1}` : d === "mssql" ? `@p${k + 1}` : "?"));
}

/** What may remain of compiled SQL once quoted tokens are stripped: keywords, plain names, punctuation. */
export const SAFE_REST = /^[A-Za-z0-9_ .,()=*$?@<>!+\-]*$/;
