/**
 * SQLite batch mode (Alembic's "move and copy"): the statements that rebuild a table with changes
 * SQLite cannot make with ALTER TABLE. Works on the table's stored `CREATE TABLE` text (from
 * `sqlite_master`), so that everything not changed — collations, CHECKs, AUTOINCREMENT, foreign
 * keys — is kept verbatim:
 *
 * 1. `CREATE TABLE "_alembic_tmp_<t>" (<definition with the changes>)`
 * 2. `INSERT INTO "_alembic_tmp_<t>" (cols) SELECT cols FROM <t>` (CAST where a type changed)
 * 3. `DROP TABLE <t>`, 4. `ALTER TABLE "_alembic_tmp_<t>" RENAME TO <t>`
 * 5. the table's indexes re-created from their stored SQL.
 *
 * Pure string work, no I/O: the migration layer reads the definition and runs the statements
 * inside the migration's transaction, followed by `PRAGMA foreign_key_check`.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { AlterCompiler, BatchChange } from "../base/alter.js";

/** What batch mode needs to know about the table: its stored SQL and that of its indexes. */
export interface SQLiteTableSource {
  createSql: string;
  indexSql: readonly string[];
}

const CONSTRAINT_START = /^(constraint|primary|unique|check|foreign)\b/i;
const COLUMN_CONSTRAINT = /^(constraint|primary|not|null|unique|check|default|collate|references|generated|as)$/i;

/** Splits `s` into tokens: quoted names/strings, balanced parenthesised groups, words, single characters. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'" || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < s.length) {
        if (s[j] === close) {
          if (close !== "]" && s[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else if (c === "(") {
      const j = matchParen(s, i);
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else if (/[\w$]/.test(c)) {
      const m = /^[\w$.]+/.exec(s.slice(i))!;
      out.push(m[0]);
      i += m[0].length;
    } else {
      out.push(c);
      i++;
    }
  }
  return out;
}

/** Index of the `)` matching the `(` at `start`, skipping quoted text. */
function matchParen(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"' || c === "`") {
      const j = s.indexOf(c, i + 1);
      i = j < 0 ? s.length : j;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  throw new CompileError("batch mode: unbalanced parentheses in the table definition");
}

/** Splits a parenthesised body at top-level commas. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" || c === '"' || c === "`") {
      const j = body.indexOf(c, i + 1);
      const end = j < 0 ? body.length : j;
      cur += body.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth--;
    if (c === "," && depth === 0) {
      parts.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

/** An identifier token without its quotes. */
function unquote(tok: string): string {
  const f = tok[0];
  if (f === '"' || f === "`") return tok.slice(1, -1).split(f + f).join(f);
  if (f === "[") return tok.slice(1, -1);
  return tok;
}

interface ColumnDef {
  name: string;
  nameTok: string;
  typeToks: string[];
  rest: string[];
}

function parseColumn(def: string): ColumnDef {
  const toks = tokenize(def);
  const nameTok = toks[0]!;
  let i = 1;
  const typeToks: string[] = [];
  while (i < toks.length && !COLUMN_CONSTRAINT.test(toks[i]!)) typeToks.push(toks[i++]!);
  return { name: unquote(nameTok), nameTok, typeToks, rest: toks.slice(i) };
}

/** Removes `NOT NULL` / `NULL` (nullability) or `DEFAULT <expr>` from a column's constraint tokens. */
function strip(rest: string[], what: "null" | "default"): string[] {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!.toUpperCase();
    if (what === "null" && t === "NOT" && rest[i + 1]?.toUpperCase() === "NULL") {
      i++;
      continue;
    }
    if (what === "null" && t === "NULL" && rest[i - 1]?.toUpperCase() !== "NOT") continue;
    if (what === "default" && t === "DEFAULT") {
      i++;
      if (rest[i] === "-" || rest[i] === "+") i++;
      continue;
    }
    out.push(rest[i]!);
  }
  return out;
}

/** The CREATE TABLE statement split into its head, items and tail. */
function parseCreate(sql: string): { head: string; items: string[]; tail: string } {
  const open = sql.indexOf("(");
  if (open < 0) throw new CompileError("batch mode: the table's definition has no column list");
  const close = matchParen(sql, open);
  return { head: sql.slice(0, open), items: splitTopLevel(sql.slice(open + 1, close)), tail: sql.slice(close + 1) };
}

/**
 * Statements that rebuild `table` from `source` with `changes` applied, for SQLite.
 * `ac` is SQLite's ALTER compiler (quoting, type names, literals).
 */
export function sqliteBatchStatements(ac: AlterCompiler, table: string, source: SQLiteTableSource, changes: readonly BatchChange[]): string[] {
  const { tail, items } = parseCreate(source.createSql);
  const tmp = `_alembic_tmp_${table}`;
  const isConstraint = (s: string) => CONSTRAINT_START.test(s);
  let columns = items.filter((s) => !isConstraint(s));
  let constraints = items.filter(isConstraint);
  const casts = new Map<string, string>();
  for (const ch of changes) {
    if (ch.kind === "alterColumn") {
      const idx = columns.findIndex((d) => parseColumn(d).name.toLowerCase() === ch.column.toLowerCase());
      if (idx < 0) throw new CompileError(`batch mode: table ${JSON.stringify(table)} has no column ${JSON.stringify(ch.column)}`);
      const col = parseColumn(columns[idx]!);
      const c = ch.changes;
      let rest = col.rest;
      let typeText = col.typeToks.join(" ");
      if (c.type !== undefined) {
        typeText = ac.typeName(c.type);
        casts.set(col.name, typeText);
      }
      if (c.nullable !== undefined) rest = strip(rest, "null");
      if (c.serverDefault !== undefined) rest = strip(rest, "default");
      let def = `${col.nameTok}${typeText ? ` ${typeText}` : ""}`;
      if (rest.length) def += ` ${rest.join(" ")}`;
      if (c.serverDefault !== undefined && c.serverDefault !== null) {
        const v = ac.defaultValue(c.serverDefault);
        def += ` DEFAULT ${typeof c.serverDefault === "string" ? v : `(${v})`}`;
      }
      if (c.nullable === false) def += " NOT NULL";
      columns = columns.map((d, i) => (i === idx ? def : d));
    } else if (ch.kind === "addConstraint") {
      constraints = [...constraints, ch.spec];
    } else {
      const before = constraints.length;
      constraints = constraints.filter((s) => {
        const t = tokenize(s);
        return !(t[0]!.toUpperCase() === "CONSTRAINT" && unquote(t[1] ?? "") === ch.name);
      });
      if (constraints.length === before) {
        throw new CompileError(`batch mode: table ${JSON.stringify(table)} has no named constraint ${JSON.stringify(ch.name)} in its definition`);
      }
    }
  }
  const names = columns.map((d) => parseColumn(d).name);
  const target = names.map((n) => ac.q(n)).join(", ");
  const selected = names.map((n) => (casts.has(n) ? `CAST(${ac.q(n)} AS ${casts.get(n)})` : ac.q(n))).join(", ");
  return [
    `CREATE TABLE ${ac.q(tmp)} (\n\t${[...columns, ...constraints].join(",\n\t")}\n)${tail}`,
    `INSERT INTO ${ac.q(tmp)} (${target}) SELECT ${selected} FROM ${ac.q(table)}`,
    `DROP TABLE ${ac.q(table)}`,
    `ALTER TABLE ${ac.q(tmp)} RENAME TO ${ac.q(table)}`,
    ...source.indexSql,
  ];
}
