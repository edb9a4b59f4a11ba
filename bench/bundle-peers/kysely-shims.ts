/**
 * Minimal kysely dialects for drivers whose community dialect packages (kysely-neon, kysely-d1,
 * kysely-planetscale) are not installed here: kysely's own adapter, query compiler and introspector
 * per SQL dialect, plus a driver of about twenty lines over the serverless client. Bundled by
 * `bench/bundle.ts`, never run.
 */
import {
  CompiledQuery, MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler, type QueryResult,
} from "kysely";

type Exec = (sql: string, params: readonly unknown[]) => Promise<QueryResult<unknown>>;

class ShimConnection implements DatabaseConnection {
  constructor(private readonly exec: Exec) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.exec(q.sql, q.parameters)) as QueryResult<R>;
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not supported");
  }
}

class ShimDriver implements Driver {
  constructor(private readonly connect: () => Exec, private readonly transactions: boolean) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new ShimConnection(this.connect());
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    if (!this.transactions) throw new Error("no interactive transactions on this driver");
    await c.executeQuery(CompiledQuery.raw("BEGIN"));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("COMMIT"));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** neon-http: `neon(url)` (one HTTPS request per query, no interactive transactions). */
export class NeonHttpDialect implements Dialect {
  constructor(private readonly sql: { query(q: string, p: unknown[], o: { fullResults: true }): Promise<{ rows: unknown[]; rowCount: number | null }> }) {
  }
  createDriver(): Driver {
    return new ShimDriver(() => async (q, p) => {
      const r = await this.sql.query(q, [...p], { fullResults: true });
      return { rows: r.rows, ...(r.rowCount !== null ? { numAffectedRows: BigInt(r.rowCount) } : {}) };
    }, false);
  }
  createQueryCompiler(): QueryCompiler { return new PostgresQueryCompiler(); }
  createAdapter(): DialectAdapter { return new PostgresAdapter(); }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new PostgresIntrospector(db); }
}

export interface D1Like {
  prepare(sql: string): { bind(...v: unknown[]): { all(): Promise<{ results: unknown[]; meta: { changes: number; last_row_id: number } }> } };
}

/** D1: a Workers binding (no interactive transactions). */
export class D1Dialect implements Dialect {
  constructor(private readonly db: D1Like) {
  }
  createDriver(): Driver {
    return new ShimDriver(() => async (q, p) => {
      const r = await this.db.prepare(q).bind(...p).all();
      return { rows: r.results, numAffectedRows: BigInt(r.meta.changes), insertId: BigInt(r.meta.last_row_id) };
    }, false);
  }
  createQueryCompiler(): QueryCompiler { return new SqliteQueryCompiler(); }
  createAdapter(): DialectAdapter { return new SqliteAdapter(); }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new SqliteIntrospector(db); }
}

interface PsConnection {
  execute(q: string, p: unknown[], o: { as: "object" }): Promise<{ rows: unknown[]; rowsAffected: number; insertId: string }>;
}

/** PlanetScale: `connect(config)`; one connection object per kysely connection keeps the session (transactions). */
export class PlanetScaleDialect implements Dialect {
  constructor(private readonly connect: () => PsConnection) {
  }
  createDriver(): Driver {
    return new ShimDriver(() => {
      const conn = this.connect();
      return async (q, p) => {
        const r = await conn.execute(q, [...p], { as: "object" });
        return { rows: r.rows, numAffectedRows: BigInt(r.rowsAffected), insertId: BigInt(r.insertId || 0) };
      };
    }, true);
  }
  createQueryCompiler(): QueryCompiler { return new MysqlQueryCompiler(); }
  createAdapter(): DialectAdapter { return new MysqlAdapter(); }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new MysqlIntrospector(db); }
}
