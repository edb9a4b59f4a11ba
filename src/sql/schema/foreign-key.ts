/**
 * `ForeignKey("table.column", { ondelete, onupdate })`: a column-level reference, resolved lazily
 * through the table's MetaData so that tables may be declared in any order.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { callableClass } from "../util/callable-class.js";
import type { ColumnImpl } from "./column.js";

export type ReferentialAction = "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";
const ACTIONS = new Set(["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"]);

export interface ForeignKeyOptions {
  name?: string;
  ondelete?: ReferentialAction;
  onupdate?: ReferentialAction;
  deferrable?: boolean;
  initially?: "DEFERRED" | "IMMEDIATE";
  /** Create the constraint with ALTER TABLE after both tables exist (for cycles). */
  useAlter?: boolean;
}

export function checkAction(value: string | undefined, what: string): ReferentialAction | undefined {
  if (value === undefined) return undefined;
  const v = value.toUpperCase();
  if (!ACTIONS.has(v)) throw new ArgumentError(`${what} must be one of ${[...ACTIONS].join(", ")}, got ${JSON.stringify(value)}`);
  return v as ReferentialAction;
}

export class ForeignKeyImpl {
  declare readonly options: ForeignKeyOptions;
  parent: ColumnImpl<string, unknown> | null = null;
  private _target: ColumnImpl<string, unknown> | null;
  readonly targetSpec: string | null;

  constructor(target: string | ColumnImpl<string, unknown>, options: ForeignKeyOptions = {}) {
    this.options = {
      ...options,
      ondelete: checkAction(options.ondelete, "ondelete"),
      onupdate: checkAction(options.onupdate, "onupdate"),
    };
    if (typeof target === "string") {
      if (!/^[^.]+(\.[^.]+){1,2}$/.test(target)) {
        throw new ArgumentError(`ForeignKey(${JSON.stringify(target)}): give "table.column" or "schema.table.column"`);
      }
      this.targetSpec = target;
      this._target = null;
    } else {
      this.targetSpec = null;
      this._target = target;
    }
  }

  _attach(column: ColumnImpl<string, unknown>): void {
    this.parent = column;
  }

  copy(): ForeignKeyImpl {
    return new ForeignKeyImpl(this._target ?? this.targetSpec!, this.options);
  }

  /** "table" part of the target (for dependency ordering without resolving). */
  get targetTableName(): string {
    if (this._target) return this._target.table?.fullname ?? "";
    const parts = this.targetSpec!.split(".");
    return parts.slice(0, -1).join(".");
  }

  get targetColumnName(): string {
    if (this._target) return this._target.name;
    return this.targetSpec!.split(".").pop()!;
  }

  /** The referenced column; `required` throws a clear error when it cannot be found. */
  resolveColumn(required = true): ColumnImpl<string, unknown> | null {
    if (this._target) return this._target;
    const md = this.parent?.table?.metadata;
    if (md) {
      const tname = this.targetTableName;
      const table = md.getTable(tname) ?? (md.schema && !tname.includes(".") ? md.getTable(`${md.schema}.${tname}`) : undefined);
      const col = table?.column(this.targetColumnName);
      if (col) {
        this._target = col;
        return col;
      }
    }
    if (required) {
      const from = this.parent?.table ? `${this.parent.table.name}.${this.parent.name}` : "a column";
      throw new ArgumentError(`ForeignKey on ${from} refers to ${JSON.stringify(this.targetSpec)}, which is not a column of a table in the same MetaData`);
    }
    return null;
  }
}

export type ForeignKey = ForeignKeyImpl;
/** `ForeignKey("users.id", { ondelete: "CASCADE" })` (with or without `new`). */
export const ForeignKey = /*#__PURE__*/ callableClass(
  (target: string | ColumnImpl<string, unknown>, options?: ForeignKeyOptions) => new ForeignKeyImpl(target, options),
  ForeignKeyImpl.prototype,
);
