/**
 * `OrmResult`: the buffered result of an ORM select. Rows hold objects, so `.unique()` compares
 * them by identity; a query with joined eager loading of a collection repeats each parent once per
 * child row and must be read through `.unique()` (SQLAlchemy's rule), else every accessor raises.
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import { Result, ScalarResult, type Row } from "../../engine/index.js";

const UNIQUE_REQUIRED =
  "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections";

export class OrmResult<T extends unknown[] = unknown[]> extends Result<T> {
  constructor(
    private readonly _ormRows: Row<T>[],
    keys: readonly string[],
    rowcount: number,
    lastInsertId: number | bigint | string | null,
    /** Set when a joined eager load of a collection duplicates parent rows. */
    readonly requiresUnique: boolean,
    /**
     * @internal When set, `_ormRows` holds each row's one entity (a `select(User)`), and the rows
     * (arrays with the prototype this returns) are built only if the result is read as rows:
     * `scalars()` and the loaders take the objects as they are.
     */
    rowProto: (() => object) | null = null,
  ) {
    super(_ormRows, keys, rowcount, lastInsertId, rowProto && _ormRows.length ? (rows) => entityRows(rows, rowProto()) : null);
    this._rowProto = rowProto;
  }
  private readonly _rowProto: (() => object) | null;

  /** @internal every row, without the unique() rule (the loaders' view). */
  _allRows(): Row<T>[] {
    return this._ready();
  }

  /** @internal the values of column `i` of every row (the objects of an entity), without the unique() rule. */
  _column(i: number): unknown[] {
    if (i === 0 && this._deferred) return this._ormRows as unknown[];
    const rows = this._ready();
    const out = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = rows[r]![i];
    return out;
  }

  private _check(): void {
    if (this.requiresUnique) throw new InvalidRequestError(UNIQUE_REQUIRED);
  }

  /** Distinct rows, comparing objects by identity (and other values by value). */
  override unique(): this {
    if (this._deferred && this._rowProto !== null) {
      // rows of one entity, not built yet: its distinct objects, rows still built only if read
      return new OrmResult([...new Set(this._ormRows)], this.keys(), this.rowcount, this.lastInsertId, false, this._rowProto) as this;
    }
    const seen = new Set<string>();
    const ids = new Map<object, number>();
    const idOf = (v: unknown): string => {
      if (v !== null && typeof v === "object" && !(v instanceof Date)) {
        let n = ids.get(v);
        if (n === undefined) ids.set(v, (n = ids.size));
        return "#" + n;
      }
      return typeof v === "bigint" ? `${v}n` : v instanceof Date ? "D" + v.toISOString() : JSON.stringify(v) ?? "u";
    };
    const rows = this._allRows().filter((r) => {
      const k = r.map(idOf).join("\u0000");
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return new OrmResult(rows, this.keys(), this.rowcount, this.lastInsertId, false) as this;
  }
  override all(): Row<T>[] {
    this._check();
    return super.all();
  }
  override first(): Row<T> | undefined {
    this._check();
    return super.first();
  }
  override one(): Row<T> {
    this._check();
    return super.one();
  }
  override oneOrNone(): Row<T> | undefined {
    this._check();
    return super.oneOrNone();
  }
  override scalar(): T[0] | undefined {
    this._check();
    return super.scalar();
  }
  override scalars<I extends number = 0>(index?: I): ScalarResult<T[I]> {
    this._check();
    if ((index ?? 0) === 0 && this._deferred) return new ScalarResult(this._ormRows.slice() as unknown as T[I][]);
    return super.scalars(index);
  }
  override mappings(): Readonly<Record<string, unknown>>[] {
    this._check();
    return super.mappings();
  }
  override *partitions(size: number): Generator<Row<T>[]> {
    this._check();
    yield* super.partitions(size);
  }
  override [Symbol.iterator](): Iterator<Row<T>> {
    this._check();
    return super[Symbol.iterator]();
  }
}

/** Wraps each entity of `rows` (in place) in a one-item row with `proto`. */
function entityRows(rows: unknown[], proto: object): void {
  for (let r = 0; r < rows.length; r++) {
    const out = [rows[r]];
    Object.setPrototypeOf(out, proto);
    rows[r] = out;
  }
}
