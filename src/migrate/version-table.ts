/**
 * The version table, `alkahest_version(version_num VARCHAR(32) PRIMARY KEY)`: one row per applied
 * head, so that a database on several branches holds several rows. Each migration step updates it
 * as Alembic does (insert a new head, update a head in place, delete a merged or removed head), in
 * the same transaction as the migration, so the table always matches the schema.
 * @module
 */
import type { BaseDialect } from "../dialects/base/dialect.js";
import { CreateTable } from "../sql/ddl/ddl.js";
import { delete_ } from "../sql/dml/delete.js";
import { insert } from "../sql/dml/insert.js";
import { update } from "../sql/dml/update.js";
import { select } from "../sql/selectable/select.js";
import { ColumnImpl } from "../sql/schema/column.js";
import { PrimaryKeyConstraint } from "../sql/schema/constraints.js";
import { TableImpl } from "../sql/schema/table.js";
import { String as SAString } from "../sql/types/string.js";
import type { RevisionGraph } from "./graph.js";
import type { Revision } from "./revision.js";

export const DEFAULT_VERSION_TABLE = "alkahest_version";

export class VersionTable {
  readonly table: TableImpl;
  private readonly col: ColumnImpl<string, unknown>;

  constructor(
    readonly name = DEFAULT_VERSION_TABLE,
    readonly schema?: string,
  ) {
    this.col = new ColumnImpl("version_num", SAString(32), { nullable: false });
    this.table = new TableImpl(name, null, this.col, PrimaryKeyConstraint("version_num", { name: `${name}_pkc` }), ...(schema ? [{ schema }] : []));
  }

  createSQL(d: BaseDialect): string {
    return d.compile(new CreateTable(this.table)).sql;
  }
  selectSQL(d: BaseDialect): string {
    return d.compile(select(this.col)).sql;
  }
  insertSQL(d: BaseDialect, rev: string): string {
    return d.compile(insert(this.table).values({ version_num: rev } as never), { literalBinds: true }).sql;
  }
  updateSQL(d: BaseDialect, from: string, to: string): string {
    return d.compile(update(this.table).values({ version_num: to } as never).where(this.col.eq(from as never)), { literalBinds: true }).sql;
  }
  deleteSQL(d: BaseDialect, rev: string): string {
    return d.compile(delete_(this.table).where(this.col.eq(rev as never)), { literalBinds: true }).sql;
  }

  /** Statements and new heads after applying `rev` on top of `heads`. */
  upgradeStep(d: BaseDialect, heads: readonly string[], rev: Revision): { sql: string[]; heads: string[] } {
    const present = rev.downRevisions.filter((x) => heads.includes(x));
    if (present.length === 0) return { sql: [this.insertSQL(d, rev.revision)], heads: [...heads, rev.revision] };
    const [first, ...rest] = present;
    const sql = [...rest.map((x) => this.deleteSQL(d, x)), this.updateSQL(d, first!, rev.revision)];
    return { sql, heads: [...heads.filter((h) => !present.includes(h)), rev.revision] };
  }

  /** Statements and new heads after removing `rev` from `heads`. */
  downgradeStep(d: BaseDialect, graph: RevisionGraph, heads: readonly string[], rev: Revision): { sql: string[]; heads: string[] } {
    const others = heads.filter((h) => h !== rev.revision);
    const covered = graph.ancestors(others, false);
    const restore = rev.downRevisions.filter((x) => !covered.has(x));
    if (restore.length === 0) return { sql: [this.deleteSQL(d, rev.revision)], heads: others };
    const [first, ...rest] = restore;
    return { sql: [this.updateSQL(d, rev.revision, first!), ...rest.map((x) => this.insertSQL(d, x))], heads: [...others, ...restore] };
  }
}
