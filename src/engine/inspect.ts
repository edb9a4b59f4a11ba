/**
 * `inspect(engine)`: the Inspector, which reads a live database's schema through the dialect's
 * reflector. Each call checks a connection out of the engine's pool (or uses the connection given)
 * and runs the dialect's catalog queries as `text()` statements with bound parameters.
 * @module
 */
import type { DatabaseSnapshot, DialectReflector, ReflectedCheckConstraint, ReflectedColumn, ReflectedForeignKey, ReflectedIndex, ReflectedPrimaryKey, ReflectedTable, ReflectedUniqueConstraint, ReflectionQueryRunner } from "../dialects/base/reflection.js";
import { reflectorFor } from "../dialects/reflection.js";
import { text } from "../sql/elements/text.js";
import { ArgumentError } from "../errors.js";
import { Connection } from "./connection.js";
import { Engine } from "./engine.js";

/** What can be inspected: an engine (a pooled connection per call) or an open connection. */
export type InspectBind = Engine | Connection;

export interface InspectOptions {
  /** A schema other than the connection's current one (PostgreSQL schema, MySQL database, SQLite attached database). */
  schema?: string;
}

export interface SnapshotOptions extends InspectOptions {
  /** Only these tables (names), or those the predicate accepts. */
  only?: readonly string[] | ((name: string) => boolean);
}

/** The table filter of `only`. */
export function tableFilter(only: SnapshotOptions["only"]): (name: string) => boolean {
  if (only === undefined) return () => true;
  if (typeof only === "function") return only;
  const set = new Set(only);
  return (n) => set.has(n);
}

/**
 * Reads tables, columns and constraints of a live database.
 *
 * @example
 * ```ts
 * const insp = inspect(engine);
 * for (const name of await insp.getTableNames()) {
 *   const cols = await insp.getColumns(name);     // [{ name, type, nullable, default, autoincrement, comment }]
 *   const fks = await insp.getForeignKeys(name);  // [{ name, constrainedColumns, referredTable, referredColumns, ondelete, onupdate }]
 * }
 * ```
 */
export class Inspector {
  declare readonly bind: InspectBind;
  constructor(bind: InspectBind) {
    this.bind = bind;
    if (!(bind instanceof Engine) && !(bind instanceof Connection)) throw new ArgumentError("inspect() takes an Engine or a Connection");
  }

  /** Runs `fn` with the dialect's reflector and a query runner on one connection. */
  async withRunner<T>(fn: (reflector: DialectReflector, run: ReflectionQueryRunner) => Promise<T>): Promise<T> {
    const use = async (conn: Connection) => {
      const run: ReflectionQueryRunner = {
        async query(sql, params) {
          const result = params && Object.keys(params).length > 0 ? await conn.execute(text(sql), params) : await conn.execute(text(sql));
          return result.mappings();
        },
      };
      // the reflector is chosen after connecting: a mysql engine becomes mariadb on first connect
      return fn(reflectorFor(conn.dialect.name), run);
    };
    return this.bind instanceof Engine ? this.bind.connect(use) : use(this.bind);
  }

  /** Names of the tables in the current schema, sorted. */
  getTableNames(options: InspectOptions = {}): Promise<string[]> {
    return this.withRunner((r, run) => r.getTableNames(run, options.schema));
  }

  hasTable(table: string, options: InspectOptions = {}): Promise<boolean> {
    return this.withRunner((r, run) => r.hasTable(run, table, options.schema));
  }

  getColumns(table: string, options: InspectOptions = {}): Promise<ReflectedColumn[]> {
    return this.withRunner((r, run) => r.getColumns(run, table, options.schema));
  }

  getPkConstraint(table: string, options: InspectOptions = {}): Promise<ReflectedPrimaryKey | null> {
    return this.withRunner((r, run) => r.getPkConstraint(run, table, options.schema));
  }

  getForeignKeys(table: string, options: InspectOptions = {}): Promise<ReflectedForeignKey[]> {
    return this.withRunner((r, run) => r.getForeignKeys(run, table, options.schema));
  }

  /** Indexes, without those backing the primary key or a unique constraint (see `getUniqueConstraints`). */
  getIndexes(table: string, options: InspectOptions = {}): Promise<ReflectedIndex[]> {
    return this.withRunner((r, run) => r.getIndexes(run, table, options.schema));
  }

  getUniqueConstraints(table: string, options: InspectOptions = {}): Promise<ReflectedUniqueConstraint[]> {
    return this.withRunner((r, run) => r.getUniqueConstraints(run, table, options.schema));
  }

  getCheckConstraints(table: string, options: InspectOptions = {}): Promise<ReflectedCheckConstraint[]> {
    return this.withRunner((r, run) => r.getCheckConstraints(run, table, options.schema));
  }

  /** Everything about one table, on one connection. */
  reflectTable(table: string, options: InspectOptions = {}): Promise<ReflectedTable> {
    return this.withRunner((r, run) => r.reflectTable(run, table, options.schema));
  }

  /**
   * The whole schema (or the tables `only` names) as plain data, on one connection: what
   * `compareMetadata` compares a MetaData with.
   *
   * @example
   * ```ts
   * const snap = await inspect(engine).snapshot({ only: (n) => n.startsWith("app_") });
   * snap.tables.map((t) => t.name);
   * ```
   */
  snapshot(options: SnapshotOptions = {}): Promise<DatabaseSnapshot> {
    const keep = tableFilter(options.only);
    return this.withRunner(async (r, run) => {
      const tables: ReflectedTable[] = [];
      for (const name of await r.getTableNames(run, options.schema)) {
        if (keep(name)) tables.push(await r.reflectTable(run, name, options.schema));
      }
      return { dialect: r.dialectName, tables };
    });
  }
}

/**
 * An Inspector on an engine or connection (SQLAlchemy's `inspect(engine)`).
 *
 * @example
 * ```ts
 * import { inspect } from "alkahest";
 * const names = await inspect(engine).getTableNames();
 * ```
 */
export function inspect(bind: InspectBind): Inspector {
  return new Inspector(bind);
}
