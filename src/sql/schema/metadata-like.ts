/** The part of `MetaData` that tables and foreign keys use to find each other. */
import type { TableLike } from "./table-like.js";

export interface MetaDataLike {
  readonly schema: string | null;
  getTable(fullname: string): TableLike | undefined;
}
