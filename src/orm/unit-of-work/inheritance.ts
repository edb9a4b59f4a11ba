/**
 * Writes of joined-table inheritance: an object's row spans several tables (base table first).
 * INSERT writes the base row, then each subclass table's row with its primary key copied from
 * the base row's (generated) key; UPDATE touches only the tables whose columns changed; DELETE
 * removes the subclass rows before the base row. Plain and single-table mappers never come here.
 * @module
 */
import { StaleDataError } from "../../errors.js";
import { and, type ColumnElement } from "../../sql/elements/elements.js";
import { update } from "../../sql/dml/update.js";
import { delete_ } from "../../sql/dml/delete.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import { inheritPairs } from "../mapping/inheritance.js";
import type { Mapper } from "../mapping/mapper.js";
import { type InstanceState, describeState, dictOf } from "../session/instance-state.js";
import { emitInserts, type Assigner, type InsertRows, type PersistenceTarget } from "./persistence.js";

/** Does `m` write to several tables (a joined-inheritance subclass)? */
export function isMultiTable(m: Mapper): boolean {
  return m.tables.length > 1;
}

/** The foreign-key pairs linking `table` to its parent table in `m`'s hierarchy. */
function pairsFor(m: Mapper, table: TableImpl) {
  for (let x: Mapper | null = m; x; x = x.inherits) if (x.inheritance === "joined" && x.table === table) return inheritPairs.get(x) ?? [];
  return [];
}

function tablePk(table: TableImpl): ColumnAttribute<unknown>[] {
  return table.primaryKeyColumns as unknown as ColumnAttribute<unknown>[];
}

function whereKey(table: TableImpl, s: InstanceState, keyValue: (s: InstanceState, key: string) => unknown, version?: { col: ColumnAttribute<unknown>; value: unknown }): ColumnElement<unknown> {
  const crit: ColumnElement<unknown>[] = tablePk(table).map((c) => c.eq(keyValue(s, c.key) as never));
  if (version) crit.push(version.col.eq(version.value as never));
  return crit.length === 1 ? crit[0]! : and(...crit);
}

/** INSERTs rows of a joined subclass: one batch per table, base table first. */
export async function emitJoinedInserts(t: PersistenceTarget, m: Mapper, rows: InsertRows, w: Assigner): Promise<void> {
  for (let i = 0; i < m.tables.length; i++) {
    const table = m.tables[i]!;
    const cols = m.tableColumns.get(table) ?? [];
    const pairs = i === 0 ? [] : pairsFor(m, table);
    // the subclass row's key is the parent row's (generated) key
    const states = rows.states.slice(rows.start, rows.end);
    for (const s of states) for (const p of pairs) if (dictOf(s)[p.fk.key] !== dictOf(s)[p.referenced.key]) w.assign(s, p.fk.key, dictOf(s)[p.referenced.key]);
    // this table's columns to read back (one list per distinct list of the rows)
    const own = new Map<readonly ColumnAttribute<unknown>[], ColumnAttribute<unknown>[]>();
    const fetch = rows.fetch.slice(rows.start, rows.end).map((f) => own.get(f) ?? (own.set(f, f.filter((c) => c.table === table)), own.get(f)!));
    await emitInserts(t, m, { states, fetch, exprs: rows.exprs, start: 0, end: states.length }, w, table, cols);
  }
}

/** UPDATEs the tables of a joined subclass whose columns are in `set` (and the versioned table). */
export async function emitJoinedUpdate(t: PersistenceTarget, m: Mapper, s: InstanceState, set: Record<string, unknown>, version: unknown): Promise<void> {
  for (const table of m.tables) {
    const pkCols = tablePk(table);
    const part: Record<string, unknown> = {};
    for (const c of m.tableColumns.get(table) ?? []) if (c.key in set && !pkCols.includes(c)) part[c.key] = set[c.key];
    const versioned = m.versionCol && m.versionCol.table === table ? { col: m.versionCol, value: version } : undefined;
    if (!Object.keys(part).length) continue;
    const r = await t.conn.execute(update(table).where(whereKey(table, s, (x, k) => dictOf(x)[k], versioned)).values(part as never));
    t.statements++;
    if (r.rowcount !== -1 && r.rowcount !== 1) {
      throw new StaleDataError(
        `UPDATE statement on table '${table.name}' expected to update 1 row(s); ${r.rowcount} were matched (${describeState(s)}): the row was deleted or changed by another transaction`,
      );
    }
  }
}

/** DELETEs joined-subclass rows: subclass tables first, then up to the base table. */
export async function emitJoinedDeletes(
  t: PersistenceTarget,
  m: Mapper,
  rows: readonly { state: InstanceState; version: unknown }[],
  keyValue: (s: InstanceState, key: string) => unknown,
): Promise<void> {
  if (!rows.length) return;
  for (const table of [...m.tables].reverse()) {
    const pk = tablePk(table);
    const per = Math.max(1, Math.floor((t.maxParams - 1) / pk.length));
    const versioned = m.versionCol && m.versionCol.table === table;
    const single = pk.length === 1 && !versioned;
    for (let i = 0; i < rows.length; i += single ? per : 1) {
      const chunk = single ? rows.slice(i, i + per) : [rows[i]!];
      const where =
        single && chunk.length > 1
          ? pk[0]!.in(chunk.map((r) => keyValue(r.state, pk[0]!.key)) as never)
          : whereKey(table, chunk[0]!.state, keyValue, versioned ? { col: m.versionCol!, value: chunk[0]!.version } : undefined);
      const r = await t.conn.execute(delete_(table).where(where));
      t.statements++;
      if (r.rowcount !== -1 && r.rowcount !== chunk.length) {
        throw new StaleDataError(
          `DELETE statement on table '${table.name}' expected to delete ${chunk.length} row(s); ${r.rowcount} were matched: the row(s) were deleted or changed by another transaction`,
        );
      }
    }
  }
}
