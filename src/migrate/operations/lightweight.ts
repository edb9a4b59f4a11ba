/**
 * Lightweight `table()` / `column()` constructs for migration scripts (Alembic's
 * `sa.table`/`sa.column`): a table that belongs to no MetaData, typed enough for
 * `op.bulkInsert(table, rows)` and for `insert`/`update`/`select` in `op.execute`.
 * @module
 */
import { ColumnImpl } from "../../sql/schema/column.js";
import { TableImpl } from "../../sql/schema/table.js";
import type { TypeArg } from "../../sql/types/type-engine.js";

/** A column for {@link table}: `column("name", sa.String(50))`. */
export function column<N extends string>(name: N, type?: TypeArg): ColumnImpl<N, unknown> {
  return type === undefined ? new ColumnImpl<N, unknown>(name) : new ColumnImpl<N, unknown>(name, type);
}

/** A table outside any MetaData: `table("users", column("id", sa.Integer), column("name", sa.String))`. */
export function table(name: string, ...columns: ColumnImpl<string, unknown>[]): TableImpl {
  return new TableImpl(name, null, ...columns);
}
