/**
 * The flush's multi-row INSERT without one Core bind parameter per value: the single-row
 * `INSERT INTO t (cols) VALUES (…) [RETURNING …]` is compiled once per (dialect, table, columns,
 * fetched columns) through Core, and the statement for N rows repeats its VALUES group (as
 * SQLAlchemy's "insertmanyvalues" does), with the values bound through the same per-column bind
 * processors. The SQL text is the one Core renders for `insert(table).values(rows)`; anything the
 * template cannot express (client-side column defaults, SQL expressions or undefined among the
 * values, a value its type rejects, named paramstyle, engine `beforeExecute` listeners, a deferred
 * sink) returns null and the caller goes through Core, which reports errors as before.
 * @module
 */
import type { Connection } from "../../engine/index.js";
import type { CompiledSQL } from "../../sql/compiled.js";
import { BindParameter, type ColumnElement } from "../../sql/elements/elements.js";
import { ClauseElement } from "../../sql/elements/clause.js";
import { insert } from "../../sql/dml/insert.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { Processor, TypeEngine } from "../../sql/types/type-engine.js";
import { dictOf } from "../session/instance-state.js";
import type { InsertRows } from "./persistence.js";

interface Template {
  readonly compiled: CompiledSQL;
  readonly style: "numeric_dollar" | "qmark" | "at_p";
  readonly prefix: string;
  readonly suffix: string;
  readonly keys: readonly string[];
  readonly types: readonly TypeEngine[];
  readonly processors: readonly (Processor | null)[];
  readonly maxRows: number;
}

/** dialect → table → signature → template (null: not expressible, use Core). */
const templates = new WeakMap<object, WeakMap<TableImpl, Map<string, Template | null>>>();

function templateFor(conn: Connection, table: TableImpl, keys: readonly string[], fetch: readonly ColumnElement<unknown>[], fetchSig: string): Template | null {
  const dialect = conn.dialect;
  let byTable = templates.get(dialect);
  if (!byTable) templates.set(dialect, (byTable = new WeakMap()));
  let bySig = byTable.get(table);
  if (!bySig) byTable.set(table, (bySig = new Map()));
  const sig = keys.join("\u0000") + "|" + fetchSig;
  let t = bySig.get(sig);
  if (t === undefined) {
    t = buildTemplate(conn, table, keys, fetch);
    bySig.set(sig, t);
  }
  return t;
}

function buildTemplate(conn: Connection, table: TableImpl, keys: readonly string[], fetch: readonly ColumnElement<unknown>[]): Template | null {
  const dialect = conn.dialect;
  const style = dialect.paramstyle;
  if (style !== "numeric_dollar" && style !== "qmark" && style !== "at_p") return null;
  if (keys.length === 0) return null;
  const c = table.c as Record<string, ColumnImpl<string, unknown>>;
  const types: TypeEngine[] = [];
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(c, k)) return null;
    types.push(c[k]!.type);
  }
  // Core adds client-side defaults of the columns not given: not expressed by the template
  for (const col of table.columns) if (col.default !== undefined && !keys.includes(col.key)) return null;
  const values: Record<string, unknown> = {};
  keys.forEach((k, i) => (values[k] = new BindParameter(undefined, types[i]!, `p${i}`, true)));
  let stmt = insert(table).values(values as never);
  if (fetch.length > 0) stmt = stmt.returning(...(fetch as ColumnElement<unknown>[])) as never;
  const compiled = dialect.compile(stmt as never);
  if (compiled.params.length !== keys.length) return null;
  let group = "(";
  for (let i = 0; i < keys.length; i++) group += (i ? ", " : "") + placeholder(style, i + 1);
  group += ")";
  const at = compiled.sql.indexOf(" VALUES " + group);
  if (at < 0 || compiled.sql.indexOf(" VALUES " + group, at + 1) >= 0) return null;
  const prefix = compiled.sql.slice(0, at + 8);
  const suffix = compiled.sql.slice(at + 8 + group.length);
  return { compiled, style, prefix, suffix, keys, types, processors: compiled.paramProcessors, maxRows: dialect.maxRowsPerInsert };
}

function placeholder(style: Template["style"], n: number): string {
  return style === "numeric_dollar" ? "$" + n : style === "qmark" ? "?" : "@p" + n;
}

/**
 * The compiled multi-row INSERT of rows `start` to `end` (exclusive) of `rows`, each sending `keys`
 * from its object's dictionary, or null when Core must build it (see the module comment).
 */
export function compileInsertRows(
  conn: Connection,
  table: TableImpl,
  keys: readonly string[],
  fetch: readonly ColumnElement<unknown>[],
  fetchSig: string,
  rows: InsertRows,
  start: number,
  end: number,
): CompiledSQL | null {
  // a connection stand-in (tests' recording connections) has no engine to compile for: Core path
  if (!conn.engine || conn.engine._hasExecuteListeners || typeof conn._executeCompiled !== "function") return null;
  const t = templateFor(conn, table, keys, fetch, fetchSig);
  const count = end - start;
  if (t === null || count > t.maxRows) return null;
  const ncols = keys.length;
  const params = new Array<unknown>(count * ncols);
  const { types, processors } = t;
  const { states, exprs } = rows;
  let n = 0;
  for (let r = start; r < end; r++) {
    const s = states[r]!;
    if (exprs !== null && exprs.has(s)) return null; // a SQL expression among the values
    const vals = dictOf(s);
    for (let i = 0; i < ncols; i++) {
      const v = vals[keys[i]!];
      if (v === undefined || (typeof v === "object" && v instanceof ClauseElement)) return null;
      if (v === null) params[n++] = null;
      else if (types[i]!.checkValue(v)) return null; // Core raises its ArgumentError
      else {
        const p = processors[i];
        params[n++] = p ? p(v) : v;
      }
    }
  }
  let sql = t.prefix;
  if (t.style === "qmark") {
    const group = "(" + "?, ".repeat(ncols - 1) + "?)";
    sql += group;
    if (count > 1) sql += (", " + group).repeat(count - 1);
  } else {
    const mark = t.style === "numeric_dollar" ? "$" : "@p";
    let k = 1;
    for (let r = 0; r < count; r++) {
      sql += r ? ", (" : "(";
      for (let i = 0; i < ncols; i++) sql += (i ? ", " : "") + mark + k++;
      sql += ")";
    }
  }
  sql += t.suffix;
  return { ...t.compiled, sql, params, cacheHit: true };
}
