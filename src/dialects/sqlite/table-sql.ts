/**
 * A small reader of SQLite's stored `CREATE TABLE` text (`sqlite_master.sql`): SQLite's pragmas
 * report neither constraint names nor CHECK constraints nor AUTOINCREMENT, so reflection reads
 * them from the table's definition, as SQLAlchemy does.
 * @module
 */
import { splitTopLevel, stripOuterParens } from "../base/reflection.js";

export interface ParsedTableSQL {
  primaryKeyName: string | null;
  autoincrementKeyword: boolean;
  uniques: { name: string | null; columns: string[] }[];
  foreignKeys: { name: string | null; columns: string[] }[];
  checks: { name: string | null; sqltext: string }[];
}

/** Reads one identifier (`"a""b"`, `` `a` ``, `[a]`, `a`) at the start of `text`; returns it and the rest. */
export function readIdentifier(text: string): [string, string] {
  const t = text.trimStart();
  const open = t[0];
  if (open === '"' || open === "`" || open === "[") {
    const close = open === "[" ? "]" : open;
    let out = "";
    let i = 1;
    while (i < t.length) {
      if (t[i] === close) {
        if (close !== "]" && t[i + 1] === close) {
          out += close;
          i += 2;
          continue;
        }
        return [out, t.slice(i + 1)];
      }
      out += t[i];
      i++;
    }
    return [out, ""];
  }
  const m = /^[^\s(),]+/.exec(t);
  return m ? [m[0], t.slice(m[0].length)] : ["", t];
}

/** `(a, "b")` → `["a", "b"]`. */
function columnList(text: string): string[] {
  const t = text.trim();
  const inner = t.startsWith("(") ? t.slice(1, matchingParen(t, 0)) : t;
  return splitTopLevel(inner).map((part) => readIdentifier(part)[0]);
}

/** Index of the `)` that closes the `(` at `start` (quotes skipped). */
export function matchingParen(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === "`") {
      const j = text.indexOf(c, i + 1);
      i = j === -1 ? text.length : j;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return text.length;
}

/** The constraints written in a CREATE TABLE statement (table-level, and CHECKs written inline on a column). */
export function parseCreateTableSQL(sql: string | null): ParsedTableSQL {
  const out: ParsedTableSQL = { primaryKeyName: null, autoincrementKeyword: false, uniques: [], foreignKeys: [], checks: [] };
  if (!sql) return out;
  const open = sql.indexOf("(");
  if (open === -1) return out;
  const body = sql.slice(open + 1, matchingParen(sql, open));
  out.autoincrementKeyword = /\bAUTOINCREMENT\b/i.test(body);
  for (const raw of splitTopLevel(body)) {
    let item = raw.trim();
    let name: string | null = null;
    if (/^CONSTRAINT\s/i.test(item)) {
      const [n, rest] = readIdentifier(item.slice("CONSTRAINT".length));
      name = n;
      item = rest.trim();
    }
    const upper = item.toUpperCase();
    if (upper.startsWith("CHECK")) {
      out.checks.push({ name, sqltext: parenBody(item) });
    } else if (upper.startsWith("UNIQUE")) {
      out.uniques.push({ name, columns: columnList(item.slice("UNIQUE".length)) });
    } else if (/^FOREIGN\s+KEY/i.test(item)) {
      out.foreignKeys.push({ name, columns: columnList(item.replace(/^FOREIGN\s+KEY\s*/i, "")) });
    } else if (/^PRIMARY\s+KEY/i.test(item)) {
      out.primaryKeyName = name;
    } else {
      // a column definition: inline CHECKs (optionally named)
      const [, rest] = readIdentifier(item);
      const re = /(?:CONSTRAINT\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+)\s+)?CHECK\s*\(/gi;
      for (const m of rest.matchAll(re)) {
        const at = m.index! + m[0].length - 1;
        out.checks.push({ name: m[1] ? readIdentifier(m[1])[0] : null, sqltext: stripOuterParens(rest.slice(at, matchingParen(rest, at) + 1)) });
      }
    }
  }
  return out;
}

function parenBody(item: string): string {
  const at = item.indexOf("(");
  return at === -1 ? item : stripOuterParens(item.slice(at, matchingParen(item, at) + 1));
}
