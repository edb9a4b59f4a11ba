/**
 * `insert(table)`: single row, many rows (multi-row VALUES), from a SELECT, RETURNING, and upserts
 * (`onConflictDoNothing/DoUpdate` on PostgreSQL and SQLite, `onDuplicateKeyUpdate` on MySQL).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { KeyBuilder } from "../elements/clause.js";
import { ColumnElement, coerceExpression } from "../elements/elements.js";
import { FromClause, FromColumn } from "../selectable/from-clause.js";
import type { RowOf, SelectBase, SelectItem } from "../selectable/select.js";
import type { ColumnImpl } from "../schema/column.js";
import type { TableImpl } from "../schema/table.js";
import type { SelectableEntity } from "../selectable/entity.js";
import { DMLBase, type EntityTable, evaluateDefault, type ValuesOf, type WhereArg } from "./dml-base.js";

/** Pseudo-table of the proposed row in an upsert: `excluded.col` (PostgreSQL/SQLite) or `VALUES(col)` (MySQL). */
export class ExcludedTable extends FromClause {
  readonly kind = "excluded" as const;
  declare readonly name: string;
  private _cols: FromColumn<unknown>[] | undefined;
  declare readonly element: TableImpl;
  declare readonly style: "excluded" | "inserted";
  constructor(
    element: TableImpl,
    style: "excluded" | "inserted",
  ) {
    super();
    this.element = element;
    this.style = style;
    this.name = style === "excluded" ? "excluded" : "inserted";
  }
  get columns(): FromColumn<unknown>[] {
    return (this._cols ??= this.element.columns.map((c) => new FromColumn(this, c.key, c.type, c)));
  }
  _ck(b: KeyBuilder): void {
    b.key += "(EXCL" + this.style + " ";
    this.element._ck(b);
    b.key += ")";
  }
}

export interface OnConflict {
  readonly action: "nothing" | "update";
  readonly target: readonly (string | ColumnElement<unknown>)[] | null;
  readonly constraint: string | null;
  readonly set: readonly (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[];
  readonly where: ColumnElement<unknown> | null;
  readonly indexWhere: ColumnElement<unknown> | null;
}

export class Insert<Tb extends TableImpl<string, any> = TableImpl, Row extends unknown[] = []> extends DMLBase<Row> {
  readonly kind = "insert" as const;
  /** Columns in VALUES order. */
  _columns: readonly ColumnImpl<string, unknown>[] | null = null;
  /** One or more rows of values (same columns in each). */
  _rows: readonly (readonly ColumnElement<unknown>[])[] | null = null;
  _fromSelect: SelectBase | null = null;
  _onConflict: OnConflict | null = null;
  _onDuplicate: readonly (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[] | null = null;
  private _excluded: ExcludedTable | undefined;
  private _inserted: ExcludedTable | undefined;

  constructor(table: Tb | SelectableEntity<any>) {
    super(table as never);
  }

  /**
   * One row (`{ name: "a" }`) or many (`[{...}, {...}]`). Client-side column defaults fill the
   * columns a row does not give.
   */
  values(rows: ValuesOf<Tb> | readonly ValuesOf<Tb>[]): this {
    const list = (Array.isArray(rows) ? rows : [rows]) as Record<string, unknown>[];
    if (list.length === 0) throw new ArgumentError("values(): give at least one row");
    const keys: string[] = [];
    for (const r of list) {
      if (r === null || typeof r !== "object" || Array.isArray(r)) throw new ArgumentError("values(): each row is an object of column values");
      for (const k of Object.keys(r)) if (!keys.includes(k) && r[k] !== undefined) keys.push(k);
    }
    const cols = keys.map((k) => this._column(k, "values()"));
    // client-side defaults for columns not given
    for (const c of this.table.columns) {
      if (!keys.includes(c.key) && c.default !== undefined) cols.push(c);
    }
    const built = list.map((r) =>
      cols.map((c) => {
        if (Object.hasOwn(r, c.key) && r[c.key] !== undefined) return this._value(c, r[c.key]);
        if (c.default !== undefined) return this._value(c, evaluateDefault(c.default));
        throw new ArgumentError(`values(): a row has no value for ${JSON.stringify(c.key)} while another row does; give every row the same columns`);
      }),
    );
    return this._generate({ _columns: cols, _rows: built, _fromSelect: null });
  }

  /** `INSERT INTO t (cols) SELECT ...`. */
  fromSelect(columns: readonly (string | ColumnImpl<string, unknown>)[], select: SelectBase): this {
    const cols = columns.map((c) => (typeof c === "string" ? this._column(c, "fromSelect()") : c));
    if (select._exportedColumns().length !== cols.length) {
      throw new ArgumentError(`fromSelect(): ${cols.length} column(s) but the select has ${select._exportedColumns().length}`);
    }
    return this._generate({ _columns: cols, _rows: null, _fromSelect: select });
  }

  /** RETURNING (OUTPUT INSERTED.* on MSSQL): the inserted rows' columns. */
  returning<Items extends SelectItem[]>(...items: Items): Insert<Tb, RowOf<Items>> {
    return this._generate({ _returning: this._addReturning(items) }) as unknown as Insert<Tb, RowOf<Items>>;
  }

  /** The proposed row in `onConflictDoUpdate({ set: { n: stmt.excluded.c.n } })`. */
  get excluded(): ExcludedTable & { c: Tb["c"] } {
    return (this._excluded ??= new ExcludedTable(this.table, "excluded")) as ExcludedTable & { c: Tb["c"] };
  }
  /** The proposed row in `onDuplicateKeyUpdate({ n: stmt.inserted.c.n })` (MySQL `VALUES(n)`). */
  get inserted(): ExcludedTable & { c: Tb["c"] } {
    return (this._inserted ??= new ExcludedTable(this.table, "inserted")) as ExcludedTable & { c: Tb["c"] };
  }

  /** `ON CONFLICT [(cols)] DO NOTHING` (PostgreSQL, SQLite). */
  onConflictDoNothing(options: { indexElements?: readonly (string | ColumnElement<unknown>)[]; constraint?: string; indexWhere?: WhereArg } = {}): this {
    return this._generate({
      _onConflict: {
        action: "nothing",
        target: options.indexElements ?? null,
        constraint: options.constraint ?? null,
        set: [],
        where: null,
        indexWhere: options.indexWhere ? coerceExpression(options.indexWhere, "indexWhere") : null,
      },
    });
  }

  /** `ON CONFLICT (cols) DO UPDATE SET ...` (PostgreSQL, SQLite). */
  onConflictDoUpdate(options: {
    indexElements?: readonly (string | ColumnElement<unknown>)[];
    constraint?: string;
    set: ValuesOf<Tb>;
    where?: WhereArg;
    indexWhere?: WhereArg;
  }): this {
    if (!options || !options.set || Object.keys(options.set).length === 0) throw new ArgumentError("onConflictDoUpdate(): give the columns to update in `set`");
    if (!options.indexElements && !options.constraint) throw new ArgumentError("onConflictDoUpdate(): give `indexElements` (the conflict target columns) or `constraint`");
    return this._generate({
      _onConflict: {
        action: "update",
        target: options.indexElements ?? null,
        constraint: options.constraint ?? null,
        set: this._setList(options.set as Record<string, unknown>, "onConflictDoUpdate()"),
        where: options.where ? coerceExpression(options.where, "onConflictDoUpdate where") : null,
        indexWhere: options.indexWhere ? coerceExpression(options.indexWhere, "indexWhere") : null,
      },
    });
  }

  /** `ON DUPLICATE KEY UPDATE ...` (MySQL/MariaDB). */
  onDuplicateKeyUpdate(set: ValuesOf<Tb>): this {
    if (!set || Object.keys(set).length === 0) throw new ArgumentError("onDuplicateKeyUpdate(): give the columns to update");
    return this._generate({ _onDuplicate: this._setList(set as Record<string, unknown>, "onDuplicateKeyUpdate()") });
  }

  private _setList(set: Record<string, unknown>, what: string): (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[] {
    return Object.entries(set)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const col = this._column(k, what);
        return [col, this._value(col, v)] as const;
      });
  }

  _ck(b: KeyBuilder): void {
    b.key += "(INS ";
    this.table._ck(b);
    if (this._columns) for (const c of this._columns) c._ck(b);
    if (this._rows) {
      b.key += " V" + this._rows.length;
      for (const row of this._rows) for (const v of row) v._ck(b);
    }
    if (this._fromSelect) {
      b.key += " FS";
      this._fromSelect._ck(b);
    }
    const oc = this._onConflict;
    if (oc) {
      b.key += " OC" + oc.action + (oc.constraint ? "c" + oc.constraint.length + ":" + oc.constraint : "");
      for (const t of oc.target ?? []) {
        if (typeof t === "string") b.key += "|" + t.length + ":" + t;
        else t._ck(b);
      }
      for (const [c, v] of oc.set) {
        c._ck(b);
        v._ck(b);
      }
      if (oc.where) {
        b.key += "W";
        oc.where._ck(b);
      }
      if (oc.indexWhere) {
        b.key += "IW";
        oc.indexWhere._ck(b);
      }
    }
    if (this._onDuplicate) {
      b.key += " ODK";
      for (const [c, v] of this._onDuplicate) {
        c._ck(b);
        v._ck(b);
      }
    }
    this._ckReturning(b);
    b.key += ")";
  }
}

/** `insert(users).values({ name: "a" })`. */
export function insert<Tb extends TableImpl<string, any>>(table: Tb): Insert<Tb>;
/** ORM-enabled: `insert(User)` targets the model's table; values and `returning(User)` use its attributes. */
export function insert<E extends SelectableEntity<any>>(entity: E): Insert<EntityTable<E>>;
export function insert(table: TableImpl<string, any> | SelectableEntity<any>): Insert<any> {
  return new Insert(table);
}

