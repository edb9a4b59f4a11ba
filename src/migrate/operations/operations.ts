/**
 * `Operations` (Alembic's `op`): the schema operations a migration script calls. Each renders
 * DDL/DML for the context's dialect through the dialect's ALTER compiler
 * (`src/dialects/<name>/alter.ts`) and hands it to the context (executed, batched or printed).
 *
 * Operations run one after another in call order, even when a script forgets an `await`; the
 * runner waits for all of them before it records the new revision.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { alterCompilerFor, type AlterColumnChanges, type BatchChange, type ConstraintKind, type ForeignKeyAlterOptions, type ServerDefaultArg } from "../../dialects/alter.js";
import { sqliteBatchStatements } from "../../dialects/sqlite/batch.js";
import type { Connection, Result } from "../../engine/index.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import { DropTable } from "../../sql/ddl/ddl.js";
import { createAllPlan } from "../../sql/ddl/schema-plan.js";
import { insert } from "../../sql/dml/insert.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { MetaData } from "../../sql/schema/metadata.js";
import { TableImpl, type TableItem } from "../../sql/schema/table.js";
import { resolveType, type TypeArg } from "../../sql/types/type-engine.js";
import type { OpContext } from "../context.js";

/** Options of {@link Operations.alterColumn}. */
export interface AlterColumnOptions {
  type?: TypeArg;
  nullable?: boolean;
  /** New server default (string literal or expression); `null` drops it. */
  serverDefault?: ServerDefaultArg;
  newColumnName?: string;
  existingType?: TypeArg;
  existingNullable?: boolean;
  existingServerDefault?: ServerDefaultArg;
  /** PostgreSQL: `ALTER COLUMN ... TYPE ... USING <expr>`. */
  postgresqlUsing?: string;
  schema?: string;
}

type SchemaOpt = { schema?: string };

export class Operations {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    /** @internal */ readonly _ctx: OpContext,
  ) {}

  /** The dialect name the statements are rendered for. */
  get dialectName(): string {
    return this._ctx.dialect.name;
  }

  private get alter() {
    return alterCompilerFor(this._ctx.dialect);
  }

  /** Runs `fn` after every operation called before it. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn);
    this.chain = p;
    return p;
  }

  /** @internal waits for every queued operation (the runner calls it after `upgrade()`/`downgrade()`). */
  async _drain(): Promise<void> {
    await this.chain;
  }

  private async run(statements: readonly (string | ClauseElement)[]): Promise<void> {
    for (const s of statements) await this._ctx.exec(s);
  }

  /** `CREATE TABLE` (plus its indexes and, on PostgreSQL, named enum types); returns the Table for `bulkInsert`. */
  createTable(name: string, ...items: TableItem[]): Promise<TableImpl> {
    return this.enqueue(async () => {
      const md = new MetaData();
      const t = new TableImpl(name, md, ...items);
      await this.run(createAllPlan(md, { dialect: this._ctx.dialect.name }));
      return t;
    });
  }

  dropTable(name: string, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.run([new DropTable(new TableImpl(name, null, ...(options.schema ? [{ schema: options.schema }] : [])))]));
  }

  addColumn(table: string, column: ColumnImpl<string, any>, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.run(this.alter.addColumn(table, column, options.schema)));
  }

  dropColumn(table: string, column: string, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.run(this.alter.dropColumn(table, column, options.schema)));
  }

  /**
   * Changes a column's type, nullability, server default or name. MySQL and MSSQL restate the
   * column, so they need `existingType` (and use `existingNullable`/`existingServerDefault`);
   * SQLite rebuilds the table (batch mode) for anything but a rename.
   */
  alterColumn(table: string, column: string, options: AlterColumnOptions): Promise<void> {
    return this.enqueue(async () => {
      const changes: AlterColumnChanges & { postgresqlUsing?: string } = {};
      if (options.type !== undefined) changes.type = resolveType(options.type);
      if (options.existingType !== undefined) changes.existingType = resolveType(options.existingType);
      for (const k of ["nullable", "serverDefault", "newColumnName", "existingNullable", "existingServerDefault", "postgresqlUsing"] as const) {
        if (options[k] !== undefined) (changes as Record<string, unknown>)[k] = options[k];
      }
      const change: BatchChange = { kind: "alterColumn", column, changes };
      if (this.alter.needsBatch(change)) await this.batchCopy(table, [change]);
      await this.run(this.alter.alterColumn(table, column, changes, options.schema));
    });
  }

  createIndex(name: string, table: string, columns: readonly (string | ClauseElement)[], options: { unique?: boolean; schema?: string } = {}): Promise<void> {
    return this.enqueue(() => this.run([this.alter.createIndex(name, table, columns, options)]));
  }

  /** `DROP INDEX`; MySQL and MSSQL need the table. */
  dropIndex(name: string, table?: string, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.run([this.alter.dropIndex(name, table, options.schema)]));
  }

  createUniqueConstraint(name: string, table: string, columns: readonly string[], options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.addConstraint(table, this.alter.uniqueSpec(name, columns), options.schema));
  }

  createForeignKey(
    name: string,
    source: string,
    referent: string,
    localCols: readonly string[],
    remoteCols: readonly string[],
    options: ForeignKeyAlterOptions = {},
  ): Promise<void> {
    return this.enqueue(() => this.addConstraint(source, this.alter.foreignKeySpec(name, referent, localCols, remoteCols, options), options.sourceSchema));
  }

  createCheckConstraint(name: string, table: string, condition: string | ClauseElement, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.addConstraint(table, this.alter.checkSpec(name, condition), options.schema));
  }

  /** Drops a named constraint; `type` is needed on MySQL (`foreignkey`, `unique`, `check`, `primary`). */
  dropConstraint(name: string, table: string, options: { type?: ConstraintKind; schema?: string } = {}): Promise<void> {
    return this.enqueue(async () => {
      const change: BatchChange = { kind: "dropConstraint", name };
      if (this.alter.needsBatch(change)) return this.batchCopy(table, [change]);
      await this.run([this.alter.dropConstraint(name, table, options.type, options.schema)]);
    });
  }

  renameTable(oldName: string, newName: string, options: SchemaOpt = {}): Promise<void> {
    return this.enqueue(() => this.run([this.alter.renameTable(oldName, newName, options.schema)]));
  }

  /**
   * Runs SQL text or a statement (`text(...)`, `update(...)`, ...). Online, resolves to its Result;
   * in batch and offline mode the result is unavailable and any use of it raises.
   */
  execute(sqlOrStatement: string | ClauseElement): Promise<Result<unknown[]> | undefined> {
    return this.enqueue(() => this._ctx.exec(sqlOrStatement));
  }

  /** Inserts rows into a `table()` (or a Table): multi-row INSERTs within the dialect's limits. */
  bulkInsert(target: TableImpl, rows: readonly Record<string, unknown>[]): Promise<void> {
    return this.enqueue(async () => {
      if (!(target instanceof TableImpl)) throw new ArgumentError("op.bulkInsert(table, rows): pass a table(...) or a Table");
      if (rows.length === 0) return;
      const d = this._ctx.dialect;
      const width = Math.max(1, target.columns.length);
      const per = d.supportsMultiRowInsert ? Math.max(1, Math.min(d.maxRowsPerInsert, Math.floor(d.maxParams / width))) : 1;
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        await this._ctx.exec(insert(target).values((chunk.length === 1 ? chunk[0] : chunk) as never));
      }
    });
  }

  /** The connection the migration runs on (online only: refused offline and on batch-only drivers). */
  getBind(): Connection {
    return this._ctx.bind();
  }

  private async addConstraint(table: string, spec: string, schema?: string): Promise<void> {
    const change: BatchChange = { kind: "addConstraint", spec };
    if (this.alter.needsBatch(change)) return this.batchCopy(table, [change]);
    await this.run([this.alter.addConstraint(table, spec, schema)]);
  }

  /** SQLite batch mode: rebuild the table with the change, then check foreign keys. */
  private async batchCopy(table: string, changes: readonly BatchChange[]): Promise<void> {
    const rows = await this._ctx.tableSql(table);
    const createSql = rows.find((r) => r[0] === "table")?.[1];
    if (typeof createSql !== "string") throw new ArgumentError(`batch mode: table ${JSON.stringify(table)} does not exist`);
    const indexSql = rows.filter((r) => r[0] === "index").map((r) => String(r[1]));
    const statements = sqliteBatchStatements(this.alter, table, { createSql, indexSql }, changes);
    await this._ctx.exec("PRAGMA defer_foreign_keys = ON");
    await this.run(statements);
    await this._ctx.exec("PRAGMA foreign_key_check", { foreignKeyCheck: true });
  }
}
