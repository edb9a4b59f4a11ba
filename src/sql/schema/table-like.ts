/** The part of `Table` that columns, keys and constraints refer to (breaks a module cycle). */
import type { ColumnImpl } from "./column.js";
import type { MetaDataLike } from "./metadata-like.js";

export interface TableLike {
  readonly name: string;
  readonly schema: string | null;
  readonly fullname: string;
  readonly metadata: MetaDataLike | null;
  readonly primaryKeyColumns: readonly ColumnImpl<string, unknown>[];
  readonly columns: readonly ColumnImpl<string, unknown>[];
  column(name: string): ColumnImpl<string, unknown> | undefined;
}
