/**
 * `Column`: a table column, typed by name and value (`Column<"id", number>`). Core keeps
 * SQLAlchemy Core's default: nullable unless `nullable: false` or `primaryKey: true`.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { ClauseElement, newObjectId, type KeyBuilder } from "../elements/clause.js";
import { ColumnElement } from "../elements/elements.js";
import { NULLTYPE, isTypeArg, resolveType, type TypeArg, type TypeEngine, type ValueOf } from "../types/type-engine.js";
import { ForeignKey } from "./foreign-key.js";
import type { TableLike } from "./table-like.js";

export type ColumnDefault = unknown;

export interface ColumnOptions {
  primaryKey?: boolean;
  nullable?: boolean;
  /** `true`, `false` or `"auto"` (default: an integer single-column primary key autoincrements). */
  autoincrement?: boolean | "auto";
  /** Client-side default: a value, a function called at insert time, or a SQL expression. */
  default?: ColumnDefault;
  /**
   * Server-side default in DDL: a string is rendered as a quoted literal (`DEFAULT 'abc'`), an
   * expression as SQL (`func.now()`, or `text("0")` for raw SQL).
   */
  serverDefault?: string | ClauseElement;
  /** Client-side value for UPDATEs: a value, a function, or an expression. */
  onupdate?: ColumnDefault;
  unique?: boolean;
  index?: boolean;
  comment?: string;
  /** Attribute key in `table.c` when it differs from the column name. */
  key?: string;
  /** Column-level FOREIGN KEY. */
  foreignKey?: ForeignKey | string;
}

/** The TypeScript value of a column given its options. */
export type ColumnValueType<T, O> = O extends { primaryKey: true } ? T : O extends { nullable: false } ? T : T | null;

export class ColumnImpl<N extends string = string, T = unknown> extends ColumnElement<T> {
  readonly kind = "column" as const;
  readonly id = newObjectId();
  declare readonly name: N;
  declare key: string;
  declare private _type: TypeEngine;
  declare primaryKey: boolean;
  declare nullable: boolean;
  declare readonly autoincrement: boolean | "auto";
  declare readonly default: ColumnDefault | undefined;
  declare readonly serverDefault: string | ClauseElement | undefined;
  declare readonly onupdate: ColumnDefault | undefined;
  declare readonly unique: boolean;
  declare readonly index: boolean;
  declare readonly comment: string | undefined;
  readonly foreignKeys: ForeignKey[] = [];
  /** The table this column belongs to, once attached. */
  table: TableLike | null = null;
  /** True when nullability was given explicitly (ORM mappedColumn sets it). */
  declare readonly nullableExplicit: boolean;

  constructor(name: N, ...args: unknown[]) {
    super();
    if (typeof name !== "string" || name.length === 0) throw new ArgumentError("Column(): the name must be a non-empty string");
    this.name = name;
    let type: TypeEngine | null = null;
    let options: ColumnOptions = {};
    for (const a of args) {
      if (a === undefined) continue;
      if (isTypeArg(a)) type = resolveType(a);
      else if (a instanceof ForeignKey) this.foreignKeys.push(a);
      else if (typeof a === "object" && a !== null && !(a instanceof ClauseElement)) options = a as ColumnOptions;
      else throw new ArgumentError(`Column(${JSON.stringify(name)}): unexpected argument ${String(a)}; pass a type, ForeignKey() or an options object`);
    }
    if (options.foreignKey) {
      this.foreignKeys.push(typeof options.foreignKey === "string" ? new ForeignKey(options.foreignKey) : options.foreignKey);
    }
    for (const fk of this.foreignKeys) fk._attach(this as ColumnImpl<string, unknown>);
    this._type = type ?? NULLTYPE;
    this.key = options.key ?? name;
    this.primaryKey = options.primaryKey ?? false;
    this.nullableExplicit = options.nullable !== undefined;
    this.nullable = options.nullable ?? !this.primaryKey;
    this.autoincrement = options.autoincrement ?? "auto";
    this.default = options.default;
    this.serverDefault = options.serverDefault;
    this.onupdate = options.onupdate;
    this.unique = options.unique ?? false;
    this.index = options.index ?? false;
    this.comment = options.comment;
  }

  /** The column's type; a column declared with only a ForeignKey takes the referenced column's type. */
  get type(): TypeEngine {
    if (this._type === NULLTYPE && this.foreignKeys.length > 0) {
      const target = this.foreignKeys[0]!.resolveColumn(false);
      if (target) this._type = target.type;
    }
    return this._type;
  }

  override get anonName(): string {
    return this.key;
  }

  /** Is this the table's autoincrementing integer primary key (SERIAL/IDENTITY/AUTO_INCREMENT)? */
  get isAutoincrement(): boolean {
    if (this.autoincrement === false || !this.primaryKey) return false;
    const kind = this.type.kind;
    const integer = kind === "integer" || kind === "bigint" || kind === "smallint";
    if (this.autoincrement === true) return integer;
    if (!integer || this.foreignKeys.length > 0) return false;
    const pk = this.table?.primaryKeyColumns ?? [this];
    return pk.length === 1;
  }

  _ck(b: KeyBuilder): void {
    b.key += "C" + this.id;
  }

  /** A copy detached from any table (used when a model's columns build a table). */
  copy(): ColumnImpl<N, T> {
    const c = Object.create(ColumnImpl.prototype) as ColumnImpl<N, T>;
    Object.assign(c, this, { id: newObjectId(), table: null, foreignKeys: [] });
    for (const fk of this.foreignKeys) {
      const copy = fk.copy();
      copy._attach(c as ColumnImpl<string, unknown>);
      c.foreignKeys.push(copy);
    }
    return c;
  }

  override toString(): string {
    return this.table ? `${this.table.name}.${this.name}` : this.name;
  }
}

export type Column<N extends string = string, T = unknown> = ColumnImpl<N, T>;

export interface ColumnConstructor {
  new <const N extends string, A extends TypeArg, const O extends ColumnOptions = {}>(name: N, type: A, options?: O): ColumnImpl<N, ColumnValueType<ValueOf<A>, O>>;
  new <const N extends string, A extends TypeArg, const O extends ColumnOptions = {}>(name: N, type: A, fk: ForeignKey, options?: O): ColumnImpl<N, ColumnValueType<ValueOf<A>, O>>;
  new <const N extends string, const O extends ColumnOptions = {}>(name: N, fk: ForeignKey, options?: O): ColumnImpl<N, ColumnValueType<unknown, O>>;
  readonly prototype: ColumnImpl;
}

/** `new Column("name", String(50), { nullable: false })`. */
export const Column = ColumnImpl as unknown as ColumnConstructor;
