/**
 * `mappedColumn(type, options)`: a column of a declarative model. NOT NULL unless
 * `nullable: true` (then the attribute's TypeScript type is `T | null`), as in SQLAlchemy 2.0's
 * typed declarative style.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ColumnOptions } from "../../sql/schema/column.js";
import { ForeignKeyImpl, type ForeignKey } from "../../sql/schema/foreign-key.js";
import { isTypeArg, resolveType, type TypeArg, type TypeEngine, type ValueOf } from "../../sql/types/type-engine.js";
import { ColumnAttribute } from "./column-attribute.js";

/** Every Core column option (but `key`: the attribute name is the key), plus `name`. */
export interface MappedColumnOptions extends Omit<ColumnOptions, "key" | "nullable"> {
  /** The column name in the database (default: the attribute name, or its snake_case form). */
  name?: string;
  /** Allow NULL (default false): the attribute's type becomes `T | null`. */
  nullable?: boolean;
}

/** The attribute type a mapped column gives: `T`, or `T | null` with `nullable: true`. */
export type MappedValue<T, O> = O extends { nullable: true } ? T | null : O extends { nullable: false } ? T : O extends { nullable: boolean } ? T | null : T;

/** A column declaration inside `Base.model(...)`; turned into a table column by the model. */
export class MappedColumnProp<T = unknown> {
  readonly propKind = "column" as const;
  /** Phantom: the attribute's TypeScript type. */
  declare readonly __value: T;
  constructor(
    readonly type: TypeEngine | null,
    readonly foreignKey: ForeignKey | null,
    readonly options: MappedColumnOptions,
  ) {}

  /** The table column for attribute `key`, named `columnName`. */
  _build(key: string, columnName: string): ColumnAttribute<T> {
    const { name: _name, nullable, ...rest } = this.options;
    const args: unknown[] = [];
    if (this.type) args.push(this.type);
    if (this.foreignKey) args.push(this.foreignKey.copy());
    args.push({ ...rest, key, nullable: nullable ?? false });
    return new ColumnAttribute<T>(columnName, key, args);
  }
}

/**
 * A mapped column: `mappedColumn(Integer, { primaryKey: true })`, `mappedColumn(String(100),
 * { nullable: true })`, `mappedColumn(Integer, { foreignKey: "users.id" })`, or with only a
 * `ForeignKey(...)` (the type is the referenced column's).
 */
export function mappedColumn<A extends TypeArg, const O extends MappedColumnOptions = {}>(type: A, options?: O): MappedColumnProp<MappedValue<ValueOf<A>, O>>;
export function mappedColumn<A extends TypeArg, const O extends MappedColumnOptions = {}>(type: A, foreignKey: ForeignKey, options?: O): MappedColumnProp<MappedValue<ValueOf<A>, O>>;
export function mappedColumn<const O extends MappedColumnOptions = {}>(foreignKey: ForeignKey, options?: O): MappedColumnProp<MappedValue<unknown, O>>;
export function mappedColumn(...args: unknown[]): MappedColumnProp<unknown> {
  let type: TypeEngine | null = null;
  let fk: ForeignKey | null = null;
  let options: MappedColumnOptions = {};
  for (const a of args) {
    if (a === undefined) continue;
    if (isTypeArg(a)) type = resolveType(a);
    else if (a instanceof ForeignKeyImpl) fk = a;
    else if (typeof a === "object" && a !== null && !Array.isArray(a)) options = a as MappedColumnOptions;
    else throw new ArgumentError(`mappedColumn(): unexpected argument ${String(a)}; pass a type, ForeignKey() and/or an options object`);
  }
  if ("key" in options) throw new ArgumentError("mappedColumn(): `key` is the attribute name; use `name` to choose the column name");
  if (options.name !== undefined && (typeof options.name !== "string" || options.name.length === 0)) {
    throw new ArgumentError("mappedColumn(): `name` must be a non-empty string");
  }
  if (!type && !fk && !options.foreignKey) throw new ArgumentError("mappedColumn(): give the column's type (or a foreign key to take it from)");
  return new MappedColumnProp(type, fk, options);
}
