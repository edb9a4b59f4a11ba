/**
 * The base dialect: feature flags, the four compiler roles (SQL, DDL, type, identifier) and the
 * compiled-statement cache. Each dialect folder subclasses it and overrides hooks and flags.
 * @module
 */
import { CompileError } from "../../errors.js";
import { KeyBuilder, type ClauseElement } from "../../sql/elements/clause.js";
import type { CompiledSQL, CompilerDialect } from "../../sql/compiled.js";
import type { DialectTraits } from "../../sql/types/type-engine.js";
import { LRUCache } from "../../sql/util/lru-cache.js";
import { SQLCompiler, type CompiledTemplate } from "./compiler.js";
import { DDLCompiler } from "./ddl-compiler.js";
import { COMMON_RESERVED, IdentifierPreparer } from "./identifier-preparer.js";
import { TypeCompiler } from "./type-compiler.js";

export type ParamStyle = "numeric_dollar" | "qmark" | "at_p" | "named";

const DDL_KINDS = new Set(["createTable", "dropTable", "createIndex", "dropIndex", "addConstraint", "dropConstraint", "createType", "dropType"]);

export class BaseDialect implements DialectTraits, CompilerDialect {
  /** The generic dialect renders every construct (for `String(stmt)`), with `:name` placeholders. */
  name = "default";
  paramstyle: ParamStyle = "named";
  supportsNativeBoolean = true;
  supportsNativeUuid = false;
  supportsNativeInterval = false;
  /** MSSQL: a bare boolean column in WHERE must be written `col = 1`. */
  booleanNeedsComparison = false;
  supportsIlike = false;
  supportsNullsOrdering = true;
  supportsFullOuterJoin = true;
  supportsIntersectExcept = true;
  supportsIntersectExceptAll = true;
  supportsDistinctOn = true;
  supportsFunctionFilter = true;
  supportsUpdateFrom = true;
  supportsDeleteUsing = true;
  supportsOnConflict = true;
  supportsOnConflictConstraint = true;
  supportsMultiRowInsert = true;
  /** Rows in one INSERT ... VALUES (MSSQL: 1000). */
  maxRowsPerInsert = Number.MAX_SAFE_INTEGER;
  /** Bound parameters in one statement (postgresql 65535, sqlite 32766, mssql 2100 - 1). */
  maxParams = 65_535;
  /** DDL inside transactions (PostgreSQL, SQLite, MSSQL). */
  transactionalDdl = true;
  /** Which statements accept RETURNING. */
  returningFor: ReadonlySet<"insert" | "update" | "delete"> = new Set(["insert", "update", "delete"]);

  declare readonly preparer: IdentifierPreparer;
  declare readonly typeCompiler: TypeCompiler;
  protected StatementCompiler: new (d: BaseDialect, binds: readonly import("../../sql/elements/elements.js").BindParameter<unknown>[], literal: boolean) => SQLCompiler = SQLCompiler;
  protected DDL: new (sql: SQLCompiler) => DDLCompiler = DDLCompiler;
  readonly cache = new LRUCache<string, CompiledTemplate>(1000);

  constructor() {
    this.preparer = this.createPreparer();
    this.typeCompiler = this.createTypeCompiler();
  }

  protected createPreparer(): IdentifierPreparer {
    return new IdentifierPreparer('"', '"', COMMON_RESERVED, 0);
  }

  protected createTypeCompiler(): TypeCompiler {
    return new TypeCompiler(this.name);
  }

  /** Statement that opens a transaction. */
  beginSQL(): string {
    return "BEGIN";
  }
  commitSQL(): string {
    return "COMMIT";
  }
  rollbackSQL(): string {
    return "ROLLBACK";
  }
  savepointSQL(name: string): string {
    return `SAVEPOINT ${this.preparer.quote(name)}`;
  }
  /** Null where the dialect has no RELEASE (MSSQL: a savepoint ends with the transaction). */
  releaseSavepointSQL(name: string): string | null {
    return `RELEASE SAVEPOINT ${this.preparer.quote(name)}`;
  }
  rollbackToSavepointSQL(name: string): string {
    return `ROLLBACK TO SAVEPOINT ${this.preparer.quote(name)}`;
  }
  /** A cheap statement listing the tables of the current schema/database (for createAll checkfirst). */
  tableNamesSQL(): string | null {
    return null;
  }

  /**
   * First-connect initialisation: a statement to run once on the engine's first connection, whose
   * first value {@link onFirstConnect} reads; null when the dialect needs none.
   */
  firstConnectSQL(): string | null {
    return null;
  }
  /** Given the first connection's answer to {@link firstConnectSQL}: a more specific dialect, or null to keep this one. */
  onFirstConnect(_value: unknown): { dialect: BaseDialect; note: string } | null {
    return null;
  }

  supportsReturning(kind: "insert" | "update" | "delete"): boolean {
    return this.returningFor.has(kind);
  }

  ddlCompiler(sql: SQLCompiler): DDLCompiler {
    return new this.DDL(sql);
  }

  /** Compiles a statement: structural cache lookup, then values extracted and bind-processed. */
  compile(element: ClauseElement, options: { literalBinds?: boolean } = {}): CompiledSQL {
    const b = new KeyBuilder();
    element._ck(b);
    const binds = b.binds;
    const literal = options.literalBinds ?? false;
    const cacheable = !literal && !DDL_KINDS.has(element.kind);
    let template = cacheable ? this.cache.get(b.key) : undefined;
    const hit = template !== undefined;
    if (!template) {
      template = new this.StatementCompiler(this, binds, literal).compileTemplate(element);
      if (cacheable) this.cache.set(b.key, template);
    }
    const n = template.bindIndex.length;
    if (n > this.maxParams) {
      throw new CompileError(
        `${this.name} accepts at most ${this.maxParams} bound parameters in one statement, this one has ${n}; ` +
          `split it into batches (or pass a large IN list as a subquery or a temporary table)`,
      );
    }
    const params = new Array<unknown>(n);
    const idx = template.bindIndex;
    const procs = template.processors;
    for (let i = 0; i < n; i++) {
      const v = binds[idx[i]!]!.value;
      const p = procs[i];
      params[i] = v === null || v === undefined || !p ? v : p(v);
    }
    return {
      sql: template.sql,
      params,
      paramKeys: template.paramKeys,
      paramProcessors: template.processors,
      paramTypes: template.paramTypes,
      resultColumns: template.resultColumns,
      kind: template.kind,
      dialect: this.name,
      cacheHit: hit,
      returning: template.returning,
    };
  }
}
