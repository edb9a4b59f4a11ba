/**
 * Reflection, dialect side: the shapes a database's schema is reported in, and the base class of
 * each dialect's reflector. A reflector holds the catalog queries and the row parsers; it never
 * opens a connection. The engine-side `Inspector` (`inspect(engine)`) hands it a
 * {@link ReflectionQueryRunner} that runs one statement at a time, so the dialect layer stays free
 * of I/O and every query can be unit-tested as SQL text with canned rows.
 * @module
 */
import type { TypeEngine } from "../../sql/types/type-engine.js";

/** Runs one catalog query (`:name` parameters, as in `text()`) and returns its rows keyed by column label. */
export interface ReflectionQueryRunner {
  query(sql: string, params?: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, unknown>>[]>;
}

/** A column as the database reports it. */
export interface ReflectedColumn {
  name: string;
  /** The alkahest type mapped from the database type name (length, precision, scale kept). */
  type: TypeEngine;
  /** The type as the database spells it (`character varying(50)`, `tinyint(1)`), for messages. */
  rawType?: string;
  nullable: boolean;
  /** The server default as SQL text (`'abc'`, `0`, `now()`), or null. Sequence defaults of SERIAL keys are reported as null. */
  default: string | null;
  /** SERIAL / IDENTITY / AUTO_INCREMENT / SQLite rowid alias. */
  autoincrement: boolean;
  comment: string | null;
}

export interface ReflectedPrimaryKey {
  name: string | null;
  constrainedColumns: string[];
}

export interface ReflectedForeignKey {
  name: string | null;
  constrainedColumns: string[];
  referredSchema: string | null;
  referredTable: string;
  referredColumns: string[];
  /** `CASCADE`, `SET NULL`, ...; null for the default (NO ACTION / RESTRICT as reported by default). */
  ondelete: string | null;
  onupdate: string | null;
}

export interface ReflectedIndex {
  name: string;
  /** Column names in index order; an expression part is null. */
  columns: (string | null)[];
  unique: boolean;
}

export interface ReflectedUniqueConstraint {
  name: string | null;
  columns: string[];
}

export interface ReflectedCheckConstraint {
  name: string | null;
  /** The condition without the outer `CHECK ( )`. */
  sqltext: string;
}

/** Everything reflected about one table. */
export interface ReflectedTable {
  name: string;
  columns: ReflectedColumn[];
  primaryKey: ReflectedPrimaryKey | null;
  foreignKeys: ReflectedForeignKey[];
  indexes: ReflectedIndex[];
  uniqueConstraints: ReflectedUniqueConstraint[];
  checkConstraints: ReflectedCheckConstraint[];
  comment?: string | null;
}

/**
 * The per-dialect catalog queries. Every method takes the runner first and the table name (in the
 * current schema, or `schema` when given) second.
 */
export abstract class DialectReflector {
  /** The dialect this reflector reads (`postgresql`, `mysql`, `mariadb`, `sqlite`, `mssql`). */
  abstract readonly dialectName: string;
  abstract getTableNames(run: ReflectionQueryRunner, schema?: string): Promise<string[]>;
  abstract getColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedColumn[]>;
  abstract getPkConstraint(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedPrimaryKey | null>;
  abstract getForeignKeys(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedForeignKey[]>;
  abstract getIndexes(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]>;
  abstract getUniqueConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedUniqueConstraint[]>;
  abstract getCheckConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]>;

  async hasTable(run: ReflectionQueryRunner, table: string, schema?: string): Promise<boolean> {
    return (await this.getTableNames(run, schema)).includes(table);
  }

  /** Every aspect of one table (reflectors may override to share queries). */
  async reflectTable(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedTable> {
    return {
      name: table,
      columns: await this.getColumns(run, table, schema),
      primaryKey: await this.getPkConstraint(run, table, schema),
      foreignKeys: await this.getForeignKeys(run, table, schema),
      indexes: await this.getIndexes(run, table, schema),
      uniqueConstraints: await this.getUniqueConstraints(run, table, schema),
      checkConstraints: await this.getCheckConstraints(run, table, schema),
    };
  }
}

// ---- helpers shared by the reflectors ---------------------------------------------------------

/** A catalog value as a string (drivers return text, numbers, bigints or buffers). */
export function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : str(v);
}

export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function bool(v: unknown): boolean {
  if (typeof v === "string") return v === "1" || v.toLowerCase() === "true" || v.toLowerCase() === "yes" || v === "t";
  return Boolean(v) && v !== 0 && v !== 0n;
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** `NO ACTION` / `RESTRICT` defaults reported as null (what a model without ondelete means). */
export function referentialAction(v: unknown, defaults: readonly string[] = ["NO ACTION"]): string | null {
  const s = strOrNull(v)?.toUpperCase().trim() ?? null;
  if (!s || defaults.includes(s)) return null;
  return s;
}

/** Parses `type_name(a, b)` into the lower-case base name and its numeric arguments. */
export function parseTypeName(text: string): { base: string; args: string[]; rest: string } {
  const t = text.trim();
  const open = t.indexOf("(");
  const norm = (x: string) => x.trim().toLowerCase().replace(/\s+/g, " ");
  if (open === -1) return { base: norm(t), args: [], rest: "" };
  const close = t.lastIndexOf(")");
  const inner = t.slice(open + 1, close === -1 ? t.length : close);
  return { base: norm(t.slice(0, open)), args: splitTopLevel(inner).map((a) => a.trim()), rest: close === -1 ? "" : norm(t.slice(close + 1)) };
}

/** Splits on commas outside parentheses and quotes. */
export function splitTopLevel(text: string, sep = ","): string[] {
  const out: string[] = [];
  let depth = 0;
  let buf = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === close) {
          if (close !== "]" && text[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      buf += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth--;
    if (c === sep && depth === 0) {
      out.push(buf);
      buf = "";
    } else buf += c;
  }
  if (buf.trim() !== "" || out.length > 0) out.push(buf);
  return out;
}

/** The values of `enum('a','b''c')` (SQL single-quoted, doubled quotes and MySQL backslashes undone). */
export function parseQuotedList(text: string): string[] {
  return splitTopLevel(text).map((s) => {
    const t = s.trim();
    if (t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, "$1");
    return t;
  });
}

/** Strips balanced outer parentheses: `((a > 0))` → `a > 0`. */
export function stripOuterParens(text: string): string {
  let t = text.trim();
  for (;;) {
    if (!t.startsWith("(") || !t.endsWith(")")) return t;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === "(") depth++;
      else if (t[i] === ")") depth--;
      if (depth === 0 && i < t.length - 1) return t;
    }
    t = t.slice(1, -1).trim();
  }
}

/**
 * A reflected database as plain data: what autogenerate compares a MetaData with. Made by
 * `inspector.snapshot()`, or written by hand in tests.
 */
export interface DatabaseSnapshot {
  /** The dialect the snapshot was read with (`postgresql`, `mysql`, `mariadb`, `sqlite`, `mssql`). */
  dialect: string;
  tables: ReflectedTable[];
}
