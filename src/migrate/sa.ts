/**
 * `sa` for migration scripts: the Core namespace (`sa.Column`, `sa.Integer`, `sa.String(50)`,
 * `sa.text`, `sa.func`, ...) plus the lightweight `sa.table()` / `sa.column()` constructs, as in
 * Alembic scripts (`import sqlalchemy as sa`).
 * @module
 */
import * as core from "../index.js";
import { column, table } from "./operations/lightweight.js";

/** The Core namespace plus `table()` / `column()`. */
export const sa: typeof core & { readonly table: typeof table; readonly column: typeof column } = Object.freeze({ ...core, table, column });
