/**
 * Emits the flush's statements: multi-row INSERTs per table (batched under the parameter limit,
 * generated keys through RETURNING where the dialect and driver have it, else one INSERT per row
 * with the driver's last-insert id), UPDATEs of changed columns only, DELETEs; each UPDATE and
 * DELETE checks its matched row count (`StaleDataError`).
 * @module
 */
import { StaleDataError } from "../../errors.js";
import type { Connection, Result } from "../../engine/index.js";
import { and, type ColumnElement } from "../../sql/elements/elements.js";
import { ClauseElement } from "../../sql/elements/clause.js";
import { insert } from "../../sql/dml/insert.js";
import { update } from "../../sql/dml/update.js";
import { delete_ } from "../../sql/dml/delete.js";
import { compileInsertRows } from "./fast-insert.js";
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import type { Mapper } from "../mapping/mapper.js";
import type { TableImpl } from "../../sql/schema/table.js";
import { type InstanceState, describeState, dictOf, expiredOf } from "../session/instance-state.js";
import { keyValue } from "./attribute-values.js";

/**
 * Rows to INSERT, in order: `states[start]` to `states[end - 1]` and, per object, the columns the
 * database generates (`fetch[i]` for `states[i]`). Every other column of the table is sent, with its
 * value from the object's dictionary (the flush has written defaults and nulls there), or from
 * {@link exprs} for a SQL-expression default. No record is built per row: rows of one shape share
 * one `fetch` array, and the lists are the flush's own.
 */
export interface InsertRows {
  readonly states: readonly InstanceState[];
  readonly fetch: readonly (readonly ColumnAttribute<unknown>[])[];
  /** SQL-expression values (`default: func.now()`), which are not in their object's dictionary. */
  readonly exprs: ReadonlyMap<InstanceState, Record<string, unknown>> | null;
  readonly start: number;
  readonly end: number;
}

/** The values row `i` sends for `keys`. */
export function rowValues(rows: InsertRows, i: number, keys: readonly string[]): Record<string, unknown> {
  const s = rows.states[i]!;
  const d = dictOf(s);
  const x = rows.exprs?.get(s);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = x !== undefined && k in x ? x[k] : d[k];
  return out;
}

/**
 * Where generated values are written back: the unit of work, which records them for undo on
 * rollback (an object with a method, so that every call site sees one call target).
 */
export interface Assigner {
  assign(state: InstanceState, key: string, value: unknown): void;
}

export interface PersistenceTarget {
  readonly conn: Connection;
  /** Max bound parameters per statement. */
  readonly maxParams: number;
  /** RETURNING on INSERT (dialect and driver). */
  readonly insertReturning: boolean;
  /** Statements counted per flush (for tests and benchmarks). */
  statements: number;
  /**
   * Where statements go; absent: executed at once on {@link conn}. A deferred sink (the one-request
   * commit of `batch-commit.ts`) queues them and calls `onResult` after its batch has run.
   */
  readonly send?: SendFn;
}

/** Sends one statement; `onResult` runs with its result (at once, or after a deferred batch). */
export type SendFn = (stmt: ClauseElement, onResult?: (r: Result<unknown[]>) => void) => Promise<void>;

/** Statement generation is separate from execution: everything goes out through here. */
export async function sendStatement(t: PersistenceTarget, stmt: ClauseElement, onResult?: (r: Result<unknown[]>) => void): Promise<void> {
  t.statements++;
  if (t.send) return t.send(stmt, onResult);
  const r = await t.conn.execute(stmt as never);
  onResult?.(r as Result<unknown[]>);
}

function sameColumns(a: readonly ColumnAttribute<unknown>[], b: readonly ColumnAttribute<unknown>[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * INSERTs rows of one mapper (in order) into `table`, whose mapped columns are `columns`, batching
 * consecutive rows that fetch the same columns.
 */
export async function emitInserts(
  t: PersistenceTarget,
  mapper: Mapper,
  rows: InsertRows,
  w: Assigner,
  table: TableImpl = mapper.table,
  columns: readonly ColumnAttribute<unknown>[] = mapper.columns,
): Promise<void> {
  const { fetch, end } = rows;
  let i = rows.start;
  while (i < end) {
    const f = fetch[i]!;
    let j = i + 1;
    while (j < end && sameColumns(fetch[j]!, f)) j++;
    const keys: string[] = [];
    for (const c of columns) if (!f.includes(c)) keys.push(c.key);
    await emitGroup(t, mapper, rows, i, j, keys, f, w, table);
    i = j;
  }
}

/** Rows `start` to `end` (exclusive), each sending `keys` and fetching `fetch`. */
async function emitGroup(
  t: PersistenceTarget,
  mapper: Mapper,
  rows: InsertRows,
  start: number,
  end: number,
  keys: readonly string[],
  fetch: readonly ColumnAttribute<unknown>[],
  w: Assigner,
  table: TableImpl,
): Promise<void> {
  const states = rows.states;
  if (fetch.length > 0 && !t.insertReturning) {
    // no RETURNING: one INSERT per row, the generated key from the driver's last-insert id
    // (a multi-row INSERT reports only the first id on MySQL; consecutive ids are not relied upon)
    const auto = fetch.find((c) => c.isAutoincrement);
    for (let i = start; i < end; i++) {
      const state = states[i]!;
      await sendStatement(t, insert(table).values(rowValues(rows, i, keys) as never), (r) => {
        if (auto && r.lastInsertId !== null && r.lastInsertId !== undefined) w.assign(state, auto.key, keyValue(auto, r.lastInsertId));
        for (const c of fetch) if (c !== auto) expiredOf(state).add(c.key);
      });
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(t.maxParams / Math.max(1, keys.length)));
  const fetchSig = t.send ? "" : fetch.map((c) => c.key).join("\u0000");
  for (let k = start; k < end; k += perStatement) {
    const stop = Math.min(end, k + perStatement);
    const compiled = t.send ? null : compileInsertRows(t.conn, table, keys, fetch as readonly ColumnElement<unknown>[], fetchSig, rows, k, stop);
    if (compiled) {
      // the same statement as below, compiled from a cached single-row template (fast-insert.ts)
      t.statements++;
      const result = await t.conn._executeCompiled(compiled);
      if (fetch.length > 0) assignReturned(mapper, states, k, stop, fetch, result, w);
      continue;
    }
    const values: Record<string, unknown>[] = [];
    for (let i = k; i < stop; i++) values.push(rowValues(rows, i, keys));
    const stmt = insert(table).values(values as never);
    if (fetch.length === 0) {
      await sendStatement(t, stmt);
      continue;
    }
    const withReturning = stmt.returning(...(fetch as readonly ColumnElement<unknown>[]));
    await sendStatement(t, withReturning, (result) => assignReturned(mapper, states, k, stop, fetch, result, w));
  }
}

function assignReturned(
  mapper: Mapper,
  states: readonly InstanceState[],
  start: number,
  stop: number,
  fetch: readonly ColumnAttribute<unknown>[],
  result: Result<unknown[]>,
  w: Assigner,
): void {
  const returned = result._arrays();
  if (returned.length !== stop - start) {
    throw new StaleDataError(`INSERT of ${stop - start} ${mapper.className} row(s) returned ${returned.length} row(s) through RETURNING; cannot match generated keys to objects`);
  }
  // rows come back in VALUES order for a single multi-row INSERT (documented decision)
  for (let n = 0; n < returned.length; n++) {
    const values = returned[n]!;
    const state = states[start + n]!;
    for (let ci = 0; ci < fetch.length; ci++) w.assign(state, fetch[ci]!.key, values[ci]);
  }
}

/** The WHERE criteria that identify a row: primary key (and version). */
export function identifyRow(mapper: Mapper, values: Record<string, unknown>, version?: unknown): ColumnElement<unknown> {
  const crit: ColumnElement<unknown>[] = mapper.pk.map((c) => c.eq(values[c.key] as never));
  if (mapper.versionCol && version !== undefined) crit.push(mapper.versionCol.eq(version as never));
  return crit.length === 1 ? crit[0]! : and(...crit);
}

/** UPDATE one row with `set`; a missed row is `StaleDataError` (naming the row as `describeRow()` does). */
export async function emitUpdate(
  t: PersistenceTarget,
  mapper: Mapper,
  describeRow: () => string,
  pkValues: Record<string, unknown>,
  set: Record<string, unknown>,
  version: unknown,
): Promise<void> {
  const stmt = update(mapper.table).where(identifyRow(mapper, pkValues, version)).values(set as never);
  await sendStatement(t, stmt, (r) => {
    if (r.rowcount !== -1 && r.rowcount !== 1) {
      throw new StaleDataError(
        `UPDATE statement on table '${mapper.table.name}' expected to update 1 row(s); ${r.rowcount} were matched (${describeRow()}` +
          (mapper.versionCol ? `, version ${String(version)}` : "") +
          "): the row was deleted or changed by another transaction",
      );
    }
  });
}

/** DELETE rows of one mapper: one `IN` statement per chunk for a single-column key without version, else per row. */
export async function emitDeletes(t: PersistenceTarget, mapper: Mapper, rows: readonly { state: InstanceState; pk: Record<string, unknown>; version: unknown }[]): Promise<void> {
  if (rows.length === 0) return;
  const table = mapper.table;
  if (mapper.pk.length === 1 && !mapper.versionCol) {
    const col = mapper.pk[0]!;
    const per = Math.max(1, t.maxParams - 1);
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const where = chunk.length === 1 ? col.eq(chunk[0]!.pk[col.key] as never) : col.in(chunk.map((r) => r.pk[col.key]) as never);
      await sendStatement(t, delete_(table).where(where), (r) => checkDeleted(mapper, r.rowcount, chunk.length));
    }
    return;
  }
  for (const row of rows) {
    await sendStatement(t, delete_(table).where(identifyRow(mapper, row.pk, row.version)), (r) => checkDeleted(mapper, r.rowcount, 1));
  }
}

function checkDeleted(mapper: Mapper, rowcount: number, expected: number): void {
  if (rowcount !== -1 && rowcount !== expected) {
    throw new StaleDataError(
      `DELETE statement on table '${mapper.table.name}' expected to delete ${expected} row(s); ${rowcount} were matched: the row(s) were deleted or changed by another transaction`,
    );
  }
}

/** Is `v` a SQL expression (a default given as `func.now()`)? */
export function isExpression(v: unknown): boolean {
  return v instanceof ClauseElement;
}
