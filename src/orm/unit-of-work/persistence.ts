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
import { type InstanceState, describeState, expiredOf } from "../session/instance-state.js";
import { keyValue } from "./attribute-values.js";

/** One row to insert: the values given, and the columns the database generates. */
export interface InsertRow {
  readonly state: InstanceState;
  readonly values: Record<string, unknown>;
  /** Columns to read back (autoincrement key, server defaults). */
  readonly fetch: readonly ColumnAttribute<unknown>[];
}

/** Where generated values are written back (records them for undo on rollback). */
export type AssignFn = (state: InstanceState, key: string, value: unknown) => void;

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

function signature(row: InsertRow): string {
  return Object.keys(row.values).join("\u0000") + "|" + row.fetch.map((c) => c.key).join("\u0000");
}

/** Same signature as `first` (compared key by key, without building the string for every row). */
function sameShape(row: InsertRow, first: InsertRow, keys: readonly string[], sig: string): boolean {
  if (row.fetch !== first.fetch) {
    if (row.fetch.length !== first.fetch.length) return false;
    for (let k = 0; k < row.fetch.length; k++) if (row.fetch[k] !== first.fetch[k]) return signature(row) === sig;
  }
  let n = 0;
  for (const key in row.values) {
    if (key !== keys[n]) return signature(row) === sig;
    n++;
  }
  return n === keys.length;
}

/** INSERTs rows of one mapper (in order), batching consecutive rows of the same shape. */
export async function emitInserts(t: PersistenceTarget, mapper: Mapper, rows: readonly InsertRow[], assign: AssignFn, table: TableImpl = mapper.table): Promise<void> {
  let i = 0;
  while (i < rows.length) {
    const first = rows[i]!;
    const sig = signature(first);
    const keys = Object.keys(first.values);
    let j = i + 1;
    while (j < rows.length && sameShape(rows[j]!, first, keys, sig)) j++;
    await emitGroup(t, mapper, rows.slice(i, j), assign, table);
    i = j;
  }
}

async function emitGroup(t: PersistenceTarget, mapper: Mapper, rows: InsertRow[], assign: AssignFn, table: TableImpl): Promise<void> {
  const first = rows[0]!;
  const ncols = Math.max(1, Object.keys(first.values).length);
  const fetch = first.fetch;
  if (fetch.length > 0 && !t.insertReturning) {
    // no RETURNING: one INSERT per row, the generated key from the driver's last-insert id
    // (a multi-row INSERT reports only the first id on MySQL; consecutive ids are not relied upon)
    const auto = fetch.find((c) => c.isAutoincrement);
    for (const row of rows) {
      await sendStatement(t, insert(table).values(row.values as never), (r) => {
        if (auto && r.lastInsertId !== null && r.lastInsertId !== undefined) assign(row.state, auto.key, keyValue(auto, r.lastInsertId));
        for (const c of row.fetch) if (c !== auto) expiredOf(row.state).add(c.key);
      });
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(t.maxParams / ncols));
  const keys = t.send ? null : Object.keys(first.values);
  const fetchSig = keys ? fetch.map((c) => c.key).join("\u0000") : "";
  for (let k = 0; k < rows.length; k += perStatement) {
    const chunk = rows.slice(k, k + perStatement);
    const compiled = keys ? compileInsertRows(t.conn, table, keys, fetch as readonly ColumnElement<unknown>[], fetchSig, chunk) : null;
    if (compiled) {
      // the same statement as below, compiled from a cached single-row template (fast-insert.ts)
      t.statements++;
      const result = await t.conn._executeCompiled(compiled);
      if (fetch.length > 0) assignReturned(mapper, chunk, fetch, result, assign);
      continue;
    }
    let stmt = insert(table).values(chunk.map((r) => r.values) as never);
    if (fetch.length === 0) {
      await sendStatement(t, stmt);
      continue;
    }
    const withReturning = stmt.returning(...(fetch as readonly ColumnElement<unknown>[]));
    await sendStatement(t, withReturning, (result) => assignReturned(mapper, chunk, fetch, result, assign));
  }
}

function assignReturned(mapper: Mapper, chunk: readonly InsertRow[], fetch: readonly ColumnAttribute<unknown>[], result: Result<unknown[]>, assign: AssignFn): void {
  const returned = result._arrays();
  if (returned.length !== chunk.length) {
    throw new StaleDataError(`INSERT of ${chunk.length} ${mapper.className} row(s) returned ${returned.length} row(s) through RETURNING; cannot match generated keys to objects`);
  }
  // rows come back in VALUES order for a single multi-row INSERT (documented decision)
  for (let n = 0; n < chunk.length; n++) {
    const values = returned[n]!;
    const state = chunk[n]!.state;
    for (let ci = 0; ci < fetch.length; ci++) assign(state, fetch[ci]!.key, values[ci]);
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
