/**
 * `Result`: the buffered rows of a statement, with SQLAlchemy's accessors (`all`, `first`, `one`,
 * `oneOrNone`, `scalar`, `scalarOne`, `scalars`, `mappings`, `unique`, `partitions`, `keys`),
 * `rowcount` and `lastInsertId`. Iterable (`for (const row of result)`).
 * @module
 */
import { MultipleResultsFound, NoResultFound } from "../errors.js";
import type { Row } from "./row.js";

export class Result<T extends unknown[] = unknown[]> implements Iterable<Row<T>> {
  #unique = false;
  readonly #rows: Row<T>[];
  readonly #keys: readonly string[];
  /** Rows affected by an INSERT/UPDATE/DELETE (-1 when the driver cannot tell). */
  declare readonly rowcount: number;
  /** The generated key of a single-row INSERT, where the database reports one. */
  declare readonly lastInsertId: number | bigint | string | null;
  /**
   * @internal A per-row step deferred until the rows are first read through this API (it
   * finishes `_rows` in place): the ORM's loaders read the values by position and never need it.
   */
  #pending: ((rows: unknown[]) => void) | null;
  constructor(
    _rows: Row<T>[],
    _keys: readonly string[],
    rowcount: number,
    lastInsertId: number | bigint | string | null = null,
    _pending: ((rows: unknown[]) => void) | null = null,
  ) {
    this.#rows = _rows;
    this.#keys = _keys;
    this.rowcount = rowcount;
    this.lastInsertId = lastInsertId;
    this.#pending = _pending;
  }

  /** @internal the rows, with the deferred per-row step done (once). */
  protected _ready(): Row<T>[] {
    const f = this.#pending;
    if (f !== null) {
      this.#pending = null;
      f(this.#rows);
    }
    return this.#rows;
  }

  /** @internal is the per-row step still deferred? */
  protected get _deferred(): boolean {
    return this.#pending !== null;
  }

  /**
   * @internal The value arrays of the rows, read by position only: a Core result's rows may not
   * have their Row prototype yet (the ORM builds objects from them without Core rows).
   */
  _arrays(): readonly (readonly unknown[])[] {
    return this.#rows;
  }

  /** Column names, in order. */
  keys(): string[] {
    return [...this.#keys];
  }

  /** Only distinct rows (by value) from here on. */
  unique(): this {
    this.#unique = true;
    return this;
  }

  #list(): Row<T>[] {
    const rows = this._ready();
    if (!this.#unique) return rows;
    const seen = new Set<string>();
    return rows.filter((r) => {
      const k = JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  all(): Row<T>[] {
    return this.#list().slice();
  }

  first(): Row<T> | undefined {
    return this.#list()[0];
  }

  /** Exactly one row, else `NoResultFound` / `MultipleResultsFound`. */
  one(): Row<T> {
    const rows = this.#list();
    if (rows.length === 0) throw new NoResultFound("No row was found when one was required");
    if (rows.length > 1) throw new MultipleResultsFound(`Multiple rows were found when exactly one was required (${rows.length} rows)`);
    return rows[0]!;
  }

  /** One row or undefined; more than one raises `MultipleResultsFound`. */
  oneOrNone(): Row<T> | undefined {
    const rows = this.#list();
    if (rows.length > 1) throw new MultipleResultsFound(`Multiple rows were found when one or none was required (${rows.length} rows)`);
    return rows[0];
  }

  /** The first column of the first row, or undefined when there is no row. */
  scalar(): T[0] | undefined {
    const r = this.#list()[0];
    return r === undefined ? undefined : (r[0] as T[0]);
  }

  /** The first column of exactly one row. */
  scalarOne(): T[0] {
    return this.one()[0] as T[0];
  }

  /** The first (or the given) column of every row. */
  scalars<I extends number = 0>(index?: I): ScalarResult<T[I]> {
    const i = index ?? 0;
    return new ScalarResult(this.#list().map((r) => r[i] as T[I]));
  }

  /** Rows as read-only objects keyed by column name. */
  mappings(): Readonly<Record<string, unknown>>[] {
    return this.#list().map((r) => r._mapping);
  }

  /** Rows in groups of `size`. */
  *partitions(size: number): Generator<Row<T>[]> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("partitions(size): size must be a positive integer");
    const rows = this.#list();
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
  }

  get length(): number {
    return this.#list().length;
  }

  [Symbol.iterator](): Iterator<Row<T>> {
    return this.#list()[Symbol.iterator]();
  }
}

/** Scalar values of one column, with the same accessors. */
export class ScalarResult<V> implements Iterable<V> {
  declare private readonly values: V[];
  constructor(values: V[]) {
    this.values = values;
  }
  all(): V[] {
    return [...this.values];
  }
  first(): V | undefined {
    return this.values[0];
  }
  one(): V {
    if (this.values.length === 0) throw new NoResultFound("No row was found when one was required");
    if (this.values.length > 1) throw new MultipleResultsFound("Multiple rows were found when exactly one was required");
    return this.values[0]!;
  }
  oneOrNone(): V | undefined {
    if (this.values.length > 1) throw new MultipleResultsFound("Multiple rows were found when one or none was required");
    return this.values[0];
  }
  unique(): ScalarResult<V> {
    return new ScalarResult([...new Set(this.values)]);
  }
  [Symbol.iterator](): Iterator<V> {
    return this.values[Symbol.iterator]();
  }
}
