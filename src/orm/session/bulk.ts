/**
 * `session.bulkInsertMappings(Model, rows)` / `session.bulkUpdateMappings(Model, rows)`: plain
 * dictionaries written in the session's transaction without creating objects (no identity map,
 * no events, no cascades), as SQLAlchemy's bulk methods: multi-row INSERTs under the parameter
 * limit, one UPDATE per row by primary key.
 * @module
 */
import { ArgumentError, InvalidRequestError } from "../../errors.js";
import type { Connection } from "../../engine/index.js";
import { evaluateDefault } from "../../sql/dml/dml-base.js";
import { insert } from "../../sql/dml/insert.js";
import type { Mapper } from "../mapping/mapper.js";
import { emitUpdate, type PersistenceTarget } from "../unit-of-work/persistence.js";

function checkKeys(mapper: Mapper, row: Record<string, unknown>, what: string): void {
  for (const k of Object.keys(row)) {
    if (!mapper.columnByKey.has(k)) throw new ArgumentError(`${what}: ${mapper.className} has no column attribute ${JSON.stringify(k)}`);
  }
}

/** INSERTs `rows` (attribute-keyed) in multi-row statements; returns the number of statements. */
export async function bulkInsert(conn: Connection, maxParams: number, mapper: Mapper, rows: readonly Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  checkSingleTable(mapper, "bulkInsertMappings");
  const on = mapper.polymorphicOn;
  if (on && mapper.polymorphicIdentity !== undefined) rows = rows.map((r) => (r[on.key] === undefined ? { ...r, [on.key]: mapper.polymorphicIdentity } : r));
  const keys = new Set<string>();
  for (const r of rows) {
    checkKeys(mapper, r, "bulkInsertMappings()");
    for (const k of Object.keys(r)) if (r[k] !== undefined) keys.add(k);
  }
  for (const c of mapper.columns) if (c.default !== undefined) keys.add(c.key);
  const full = rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const c = mapper.columnByKey.get(k)!;
      out[k] = r[k] !== undefined ? r[k] : c.default !== undefined ? evaluateDefault(c.default) : null;
    }
    return out;
  });
  const per = Math.max(1, Math.floor(maxParams / Math.max(1, keys.size)));
  let n = 0;
  for (let i = 0; i < full.length; i += per) {
    await conn.execute(insert(mapper.table).values(full.slice(i, i + per) as never));
    n++;
  }
  return n;
}

/** UPDATEs each row by its primary key (every row must carry it); a missed row is `StaleDataError`. */
export async function bulkUpdate(conn: Connection, mapper: Mapper, rows: readonly Record<string, unknown>[]): Promise<void> {
  checkSingleTable(mapper, "bulkUpdateMappings");
  const target: PersistenceTarget = { conn, maxParams: Infinity, insertReturning: false, statements: 0 };
  for (const r of rows) {
    checkKeys(mapper, r, "bulkUpdateMappings()");
    const pk: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (mapper.pk.some((c) => c.key === k)) pk[k] = v;
      else if (v !== undefined) set[k] = v;
    }
    if (Object.keys(pk).length !== mapper.pk.length) {
      throw new ArgumentError(`bulkUpdateMappings(): each row needs the primary key of ${mapper.className} (${mapper.pk.map((c) => c.key).join(", ")})`);
    }
    if (Object.keys(set).length === 0) continue;
    await emitUpdate(target, mapper, () => `${mapper.className}(${Object.values(pk).map(String).join(", ")})`, pk, set, undefined);
  }
}

/** Bulk operations write one table: a joined-inheritance subclass (several tables) goes through session.add(). */
function checkSingleTable(mapper: Mapper, op: string): void {
  if (mapper.tables.length > 1) {
    throw new InvalidRequestError(
      `${op}(${mapper.className}): ${mapper.className} uses joined-table inheritance (tables ${mapper.tables.map((t) => t.name).join(", ")}); add objects with session.add() instead`,
    );
  }
}
