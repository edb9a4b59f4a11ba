/**
 * Table constraints and indexes. Each is callable with or without `new`
 * (`UniqueConstraint("a", "b", { name })`, as in the API examples).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { callableClass } from "../util/callable-class.js";
import { ClauseElement } from "../elements/clause.js";
import type { ColumnImpl } from "./column.js";
import { checkAction, type ForeignKeyOptions } from "./foreign-key.js";
import type { TableLike } from "./table-like.js";

type ColumnRef = string | ColumnImpl<string, unknown>;

export interface ConstraintOptions {
  name?: string;
}

abstract class ColumnConstraint {
  abstract readonly constraintKind: "primaryKey" | "unique" | "foreignKey" | "check";
  table: TableLike | null = null;
  declare readonly name: string | undefined;
  declare protected readonly refs: readonly ColumnRef[];
  constructor(refs: readonly ColumnRef[], options: ConstraintOptions) {
    this.refs = refs;
    this.name = options.name;
  }
  /** The constrained columns, resolved against the table. */
  get columns(): ColumnImpl<string, unknown>[] {
    return this.refs.map((r) => resolveRef(this.table, r, this.constructor.name));
  }
  get columnNames(): string[] {
    return this.refs.map((r) => (typeof r === "string" ? r : r.name));
  }
  _attach(table: TableLike): void {
    this.table = table;
  }
}

function resolveRef(table: TableLike | null, ref: ColumnRef, what: string): ColumnImpl<string, unknown> {
  if (typeof ref !== "string") return ref;
  const col = table?.column(ref);
  if (!col) throw new ArgumentError(`${what}: table ${table?.name ?? "(none)"} has no column ${JSON.stringify(ref)}`);
  return col;
}

function splitArgs<O extends object>(args: readonly unknown[]): [ColumnRef[], O] {
  const last = args[args.length - 1];
  const hasOptions = last !== null && typeof last === "object" && !(last instanceof ClauseElement) && !("kind" in (last as object));
  const refs = (hasOptions ? args.slice(0, -1) : args) as ColumnRef[];
  return [refs, (hasOptions ? last : {}) as O];
}

export class PrimaryKeyConstraintImpl extends ColumnConstraint {
  readonly constraintKind = "primaryKey" as const;
}
export class UniqueConstraintImpl extends ColumnConstraint {
  readonly constraintKind = "unique" as const;
}

export class CheckConstraintImpl {
  readonly constraintKind = "check" as const;
  table: TableLike | null = null;
  declare readonly name: string | undefined;
  declare readonly sqltext: string | ClauseElement;
  /** Raw SQL text (explicitly given as such, like SQLAlchemy) or an expression. */
  constructor(
    sqltext: string | ClauseElement,
    options: ConstraintOptions = {},
  ) {
    this.sqltext = sqltext;
    if (typeof sqltext !== "string" && !(sqltext instanceof ClauseElement)) throw new ArgumentError("CheckConstraint() takes SQL text or an expression");
    this.name = options.name;
  }
  _attach(table: TableLike): void {
    this.table = table;
  }
}

export class ForeignKeyConstraintImpl extends ColumnConstraint {
  readonly constraintKind = "foreignKey" as const;
  declare readonly options: ForeignKeyOptions;
  declare readonly refColumns: readonly string[];
  constructor(
    columns: readonly ColumnRef[],
    refColumns: readonly string[],
    options: ForeignKeyOptions = {},
  ) {
    super(columns, options);
    this.refColumns = refColumns;
    if (columns.length === 0 || columns.length !== refColumns.length) {
      throw new ArgumentError("ForeignKeyConstraint(): give as many referenced columns as local columns (at least one)");
    }
    this.options = { ...options, ondelete: checkAction(options.ondelete, "ondelete"), onupdate: checkAction(options.onupdate, "onupdate") };
  }
  /** "schema.table" of the referenced table. */
  get referredTable(): string {
    return this.refColumns[0]!.split(".").slice(0, -1).join(".");
  }
  get referredColumnNames(): string[] {
    return this.refColumns.map((r) => r.split(".").pop()!);
  }
}

export class IndexImpl {
  table: TableLike | null = null;
  declare readonly unique: boolean;
  declare private readonly refs: readonly (ColumnRef | ClauseElement)[];
  declare readonly name: string;
  constructor(
    name: string,
    refs: readonly (ColumnRef | ClauseElement)[],
    options: { unique?: boolean } = {},
  ) {
    this.name = name;
    if (typeof name !== "string" || name.length === 0) throw new ArgumentError("Index(): the first argument is the index name");
    if (refs.length === 0) throw new ArgumentError(`Index(${JSON.stringify(name)}): give at least one column`);
    this.refs = refs;
    this.unique = options.unique ?? false;
  }
  get expressions(): (ColumnImpl<string, unknown> | ClauseElement)[] {
    return this.refs.map((r) => (r instanceof ClauseElement && r.kind !== "column" ? r : resolveRef(this.table, r as ColumnRef, `Index ${this.name}`)));
  }
  _attach(table: TableLike): void {
    this.table = table;
  }
}

type ColArgs = (ColumnRef | ConstraintOptions)[];

export const PrimaryKeyConstraint = /*#__PURE__*/ callableClass((...args: ColArgs) => {
  const [refs, o] = splitArgs<ConstraintOptions>(args);
  return new PrimaryKeyConstraintImpl(refs, o);
}, PrimaryKeyConstraintImpl.prototype);

export const UniqueConstraint = /*#__PURE__*/ callableClass((...args: ColArgs) => {
  const [refs, o] = splitArgs<ConstraintOptions>(args);
  if (refs.length === 0) throw new ArgumentError("UniqueConstraint(): give at least one column");
  return new UniqueConstraintImpl(refs, o);
}, UniqueConstraintImpl.prototype);

export const CheckConstraint = /*#__PURE__*/ callableClass(
  (sqltext: string | ClauseElement, options?: ConstraintOptions) => new CheckConstraintImpl(sqltext, options),
  CheckConstraintImpl.prototype,
);

export const ForeignKeyConstraint = /*#__PURE__*/ callableClass(
  (columns: readonly ColumnRef[], refColumns: readonly string[], options?: ForeignKeyOptions) => new ForeignKeyConstraintImpl(columns, refColumns, options),
  ForeignKeyConstraintImpl.prototype,
);

export const Index = /*#__PURE__*/ callableClass((name: string, ...args: (ColumnRef | ClauseElement | { unique?: boolean })[]) => {
  const [refs, o] = splitArgs<{ unique?: boolean }>(args);
  return new IndexImpl(name, refs, o);
}, IndexImpl.prototype);

export type Constraint = PrimaryKeyConstraintImpl | UniqueConstraintImpl | CheckConstraintImpl | ForeignKeyConstraintImpl;
