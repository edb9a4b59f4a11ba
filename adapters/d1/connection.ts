/**
 * A D1 "connection": a request context over the binding. Every call is one request to D1; a batch
 * (`db.batch()`) runs in one SQLite transaction on D1's side, all or nothing.
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type { D1Database, D1PreparedStatement, D1Result, D1Value } from "./client-types.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One parameter as D1 accepts it: `bigint` → `number` when exact, else decimal text (D1 rejects
 * bigint); `boolean` → 1/0; `Date` → ISO text; bytes as they are; `undefined` → null. Anything else
 * is refused with a `TypeError` naming the position.
 */
export function d1BindValue(v: unknown, index: number): D1Value {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case "string":
    case "number":
      return v;
    case "boolean":
      return v ? 1 : 0;
    case "bigint":
      return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
    case "object":
      if (v instanceof Date) return v.toISOString();
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return v;
  }
  throw new TypeError(
    `d1 adapter: parameter ${index + 1} is ${Array.isArray(v) ? "an array" : `a ${typeof v}`}; only string, number, bigint, boolean, null, Date and bytes can be bound`,
  );
}

/** D1 returns blobs as arrays of byte values; they become `Uint8Array`s. */
function cell(v: unknown): unknown {
  return Array.isArray(v) ? Uint8Array.from(v as number[]) : v;
}

/** True for statements whose rows the caller wants (they go through `raw()`, which keeps column order and duplicates). */
function returnsRows(sql: string): boolean {
  return /^\s*(SELECT|WITH|VALUES|PRAGMA|EXPLAIN)\b/i.test(sql) || /\bRETURNING\b/i.test(sql);
}

/** A result of `run()`/`all()`/`batch()`: rows are objects, so columns are the first row's keys. */
function fromObjects(r: D1Result, wantRows: boolean): RawResult {
  const objects = r.results ?? [];
  const columns = objects.length > 0 ? Object.keys(objects[0]!) : [];
  const rows = objects.map((o) => columns.map((c) => cell(o[c])));
  const rowsReturned = wantRows || columns.length > 0;
  return {
    columns,
    rows,
    rowCount: rowsReturned ? rows.length : (r.meta?.changes ?? -1),
    lastInsertId: rowsReturned ? null : (r.meta?.last_row_id ?? null),
  };
}

/** The {@link DriverConnection} over a D1 binding. */
export class D1Connection implements DriverConnection {
  readonly #db: D1Database;
  #closed = false;

  constructor(db: D1Database) {
    this.#db = db;
  }

  #prepare(stmt: DriverStatement): D1PreparedStatement {
    if (this.#closed) throw new Error("d1 adapter: this connection is closed");
    const p = this.#db.prepare(stmt.sql);
    return stmt.params.length > 0 ? p.bind(...stmt.params.map(d1BindValue)) : p;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    const prepared = this.#prepare(stmt);
    if (returnsRows(stmt.sql)) {
      const [columns = [], ...rows] = (await prepared.raw({ columnNames: true })) as [string[]?, ...unknown[][]];
      return { columns: [...columns], rows: rows.map((r) => r.map(cell)), rowCount: rows.length, lastInsertId: null };
    }
    return fromObjects(await prepared.run(), false);
  }

  /**
   * `db.batch()`: one request, one transaction. D1 returns rows as objects here, so a result's
   * columns are its first row's keys (no columns when no rows; duplicate names collapse — label them).
   */
  async batch(stmts: DriverStatement[]): Promise<RawResult[]> {
    if (stmts.length === 0) return [];
    const prepared = stmts.map((s) => this.#prepare(s));
    const results = await this.#db.batch(prepared);
    return results.map((r, i) => fromObjects(r, returnsRows(stmts[i]!.sql)));
  }

  async ping(): Promise<void> {
    await this.execute({ sql: "SELECT 1", params: [] });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
