/**
 * The session's side of ORM queries: the context the loaders run in (identity map, connection,
 * dialect limits) and the dispatch of `session.execute(stmt)` to the ORM select runner.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { Connection, ExecuteParams, Result, Row } from "../../engine/index.js";
import type { Select } from "../../sql/selectable/select.js";
import { entitySpec } from "../loading/entity-spec.js";
import type { LoadContext } from "../loading/loading.js";
import { chunked, runOrmSelect, streamOrmSelect, type OrmQueryContext } from "../loading/orm-query.js";

const TUPLE_IN = new Set(["postgresql", "mysql", "mariadb"]);

/**
 * The loaders' context on `conn`. `autocommitReads`: statements sent while no transaction is open
 * do not begin one (a Session that defers its BEGIN to the first write, see batch-commit.ts).
 */
export function queryContext(session: LoadContext, conn: Connection, dialect: { name: string; maxParams: number }, driverMaxParams: number | undefined, autocommitReads = false): OrmQueryContext {
  return {
    identityMap: session.identityMap,
    _attachLoaded: (s) => session._attachLoaded(s),
    _owner: session._owner,
    maxParams: Math.min(dialect.maxParams, driverMaxParams ?? Infinity),
    tupleIn: TUPLE_IN.has(dialect.name),
    execute: (stmt, params) => conn.execute(stmt as never, params, autocommitReads && !conn.inTransaction() ? { autocommit: true } : undefined),
    ownsResults: () => !conn.engine._hasExecuteListeners,
  };
}

/** Runs `statement`: an entity select through the ORM (objects, loader options), anything else as Core. */
export async function ormExecute(ctx: OrmQueryContext, statement: unknown, params?: ExecuteParams): Promise<Result<unknown[]>> {
  if (entitySpec(statement)) return runOrmSelect(ctx, statement as Select<any>, params);
  return ctx.execute(statement as never, params);
}

/** Streams a select in chunks of `size` rows (`yieldPer`): entity selects become objects chunk by chunk. */
export async function* streamExecute(ctx: OrmQueryContext, conn: Connection, statement: unknown, params: ExecuteParams | undefined, size: number): AsyncGenerator<Row<unknown[]>[]> {
  if (Array.isArray(params)) throw new ArgumentError("yieldPer()/partitions(): a list of parameter sets cannot be streamed; pass one object of parameters");
  const open = (s: unknown) => conn.stream(s as never, { batchSize: size, ...(params ? { params: params as Readonly<Record<string, unknown>> } : {}) }) as AsyncIterable<Row<unknown[]>>;
  if (entitySpec(statement)) {
    yield* streamOrmSelect(ctx, statement as Select<any>, size, open);
    return;
  }
  yield* chunked(open(statement), size);
}
