/**
 * The Session's queries: `execute` (autoflush, ORM selects, ORM-enabled DML), streaming for
 * `yieldPer`, `get` by primary key, and the contexts the loaders and ORM DML run in.
 *
 * The methods are `Session`'s own, moved here verbatim (`this` is the session); the class keeps a
 * one-line delegate for each.
 * @module
 */
import type { ExecuteParams, Result, Row } from "../../engine/index.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import { and } from "../../sql/elements/elements.js";
import { select } from "../../sql/selectable/select.js";
import { mapperFor } from "../mapping/declarative.js";
import type { MappedClass } from "../mapping/model-types.js";
import { normalizePk } from "../loading/entity-spec.js";
import { loadGot, prepareGet } from "../loading/get-plan.js";
import { KEYED_LOAD } from "../loading/polymorphic.js";
import type { OrmQueryContext } from "../loading/orm-query.js";
import { ormExecute, queryContext, streamExecute } from "./orm-execute.js";
import { isOrmDml, runOrmDml, type OrmDmlContext, type SessionExecuteOptions } from "./orm-dml.js";
import { defersBegin } from "./batch-commit.js";
import type { Session } from "./session.js";
import { committedOf, expiredOf, hasExpired } from "./instance-state.js";
import { identityKey } from "./identity-map.js";

/** @internal a statement `session.execute()` takes. */
export type Executable = ClauseElement & { readonly __row?: unknown[] };
/** @internal the row type a statement declares. */
export type RowTypeOf<S> = S extends { readonly __row: infer R extends unknown[] } ? R : unknown[];

/** @internal */
export const sessionQuery = {
  async _execute(this: Session, statement: Executable, params?: ExecuteParams, options?: SessionExecuteOptions): Promise<Result<unknown[]>> {
    this._checkBeginBlock();
    this._checkRollback();
    const isSelect = (statement as { kind?: string }).kind === "select";
    const dml = isOrmDml(statement);
    if (this.autoflush && (dml || isSelect)) await this._flush("autoflush");
    if (!isSelect && defersBegin(this.bind.driver.capabilities)) await this._writeConnection();
    if (dml) return runOrmDml(await this._ormDmlContext(), statement, params, options);
    return ormExecute(await this._queryContext(), statement, params);
  },

  /** @internal what ORM-enabled INSERT/UPDATE/DELETE need: the query context plus the transaction bookkeeping. */
  async _ormDmlContext(this: Session): Promise<OrmDmlContext> {
    const ctx = await this._queryContext();
    const conn = await this._connection();
    const rec = () => this._tx[this._tx.length - 1]!;
    return {
      ...ctx,
      conn,
      dialect: this.bind.dialect,
      markDeleted: (s) => {
        this._toDelete.delete(s);
        this._modified.delete(s);
        this.identityMap.delete(s);
        s.status = "deleted";
        rec().deleted.add(s);
      },
      markWritten: (s) => {
        rec().updated.add(s);
        if (committedOf(s).size === 0) this._modified.delete(s);
      },
    };
  },

  /** @internal the loaders' context on the session's connection. */
  async _queryContext(this: Session): Promise<OrmQueryContext> {
    const conn = await this._connection();
    // one context per connection (it holds no per-query state): not rebuilt for every get()/query
    const caps = this.bind.driver.capabilities;
    if (this._qctx?.conn !== conn) this._qctx = { conn, ctx: queryContext(this, conn, this.bind.dialect, caps.maxParams, defersBegin(caps)) };
    return this._qctx.ctx;
  },

  /** @internal `yieldPer(n)`: flushes, then streams the select in chunks of `n` rows. */
  async *_stream(this: Session, statement: Executable, params: ExecuteParams | undefined, size: number): AsyncGenerator<Row<unknown[]>[]> {
    await this._guard("execute", async () => {
      this._checkBeginBlock();
      this._checkRollback();
      if (this.autoflush) await this._flush();
    });
    yield* streamExecute(await this._queryContext(), await this._connection(), statement, params, size);
  },

  /**
   * The object with this primary key: from the identity map without SQL when it is there and
   * loaded, else one SELECT. `pk` is a value, an array (composite keys) or an object by attribute.
   */
  async get<T>(this: Session, model: MappedClass<T>, pk: unknown): Promise<T | undefined> {
    // (the body of `_guard("get", ...)`, inline: one async step less per get)
    this._enter("get");
    try {
      const mapper = mapperFor(model);
      this._checkRollback();
      const values = normalizePk(mapper, pk);
      const hit = this.identityMap.get(mapper, identityKey(values));
      if (hit && !hit.mapper.isa(mapper)) return undefined; // the key's row is another subclass's
      if (hit && (!hasExpired(hit) || ![...expiredOf(hit)].some((k) => mapper.columnByKey.has(k)))) return this._toDelete.has(hit) ? undefined : (hit.obj as T);
      if (this.autoflush && this._hasWork()) await this._flush("autoflush");
      const conn = this._readyConnection() ?? (await this._connection());
      // the cached statement by primary key (get-plan.ts); reads a deferring session sends outside a transaction take the general path
      const prepared = defersBegin(this.bind.driver.capabilities) && !conn.inTransaction() ? null : prepareGet(conn, mapper, values);
      if (prepared) return loadGot(this, mapper, prepared, await conn._executeCompiled(prepared.compiled, prepared.params)) as T | undefined;
      const crit = mapper.pk.map((c, i) => c.eq(values[i] as never));
      const objs = await this._loadEntities(select(model as never).options(KEYED_LOAD).where(crit.length === 1 ? crit[0]! : and(...crit)));
      return objs[0] as T | undefined;
    } finally {
      this._busy = null;
    }
  },
};
