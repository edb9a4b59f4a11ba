/**
 * `Session`: the ORM's unit of work over one connection. It keeps one object per row (identity
 * map), tracks changes, flushes them in dependency order, and after a failure requires
 * `rollback()` (raising `PendingRollbackError` with the original error until then).
 *
 * This module is the public class, its state and guards; the bodies of its larger methods live by
 * concept in `session-objects.ts` (add/delete/expunge, cascades), `session-flush.ts`,
 * `session-lifecycle.ts` (connection, commit, rollback, savepoints, close) and `session-query.ts`
 * (execute, streaming, get), each called through a one-line delegate here.
 * @module
 */
import { ArgumentError, InvalidRequestError, LazyLoadError, PendingRollbackError } from "../../errors.js";
import type { ListenOptions } from "../../event.js";
import type { Connection, Engine, ExecuteParams, Result, Row } from "../../engine/index.js";
import { mapperFor } from "../mapping/declarative.js";
import type { MappedClass } from "../mapping/model-types.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { runOrmSelect, type OrmQueryContext } from "../loading/orm-query.js";
import type { Select } from "../../sql/selectable/select.js";
import type { OrmDmlContext, SessionExecuteOptions } from "./orm-dml.js";
import { loadRelationship } from "../loading/lazy-load.js";
import type { FlushOutcome } from "../unit-of-work/unit-of-work.js";
import { IllegalStateChangeError } from "./errors.js";
import { maybeState, stateOf, type InstanceState, type StateOwner, committedOf, describeState, expireState, dictOf, isRaiseload } from "./instance-state.js";
import { PendingScalars } from "./pending-result.js";
import { mergeState, refreshState } from "./refresh-merge.js";
import { bulkInsert, bulkUpdate } from "./bulk.js";
import type { SessionBook, SessionSavepoint, TransactionRecord } from "./session-transaction.js";
import { sessionEvents } from "./session-events.js";
import { sessionObjects } from "./session-objects.js";
import { sessionFlush } from "./session-flush.js";
import { sessionLifecycle } from "./session-lifecycle.js";
import { sessionQuery, type Executable, type RowTypeOf } from "./session-query.js";
import { IdentityMap } from "./identity-map.js";
import { PendingList } from "./pending-list.js";

export type { SessionEventMap } from "./session-events.js";

export interface SessionOptions {
  /** Flush pending changes before a query (default true). */
  autoflush?: boolean;
  /** Expire every object after commit, so the next access reloads it (default true). */
  expireOnCommit?: boolean;
}

export class Session implements StateOwner, AsyncDisposable {
  private static readonly _events = sessionEvents;
  /** @internal `event.listen(Session, "afterCommit", fn)` */
  static _listen(name: string, fn: (...args: any[]) => unknown, options: ListenOptions): () => void {
    return Session._events.add(name, fn, options);
  }

  readonly bind: Engine;
  readonly autoflush: boolean;
  readonly expireOnCommit: boolean;
  /** @internal identity key → state */
  readonly identityMap = new IdentityMap();
  /** @internal */
  readonly _pending = new PendingList(this);
  /** @internal */
  readonly _toDelete = new Set<InstanceState>();
  /** @internal */
  readonly _modified = new Set<InstanceState>();
  /** @internal */
  _conn: Connection | null = null;
  /** @internal */
  _tx: TransactionRecord[] = [];
  /** @internal */
  _pendingRollback: { error: unknown; level: number } | null = null;
  /** @internal */
  _busy: string | null = null;
  /** @internal */
  _flushing = false;
  /** @internal The `sessionmaker().begin(cb)` block this session runs in; `closed` once an inner commit()/rollback() ended its transaction. */
  _beginBlock: { closed: boolean } | null = null;
  /** Statements sent by the last flush. */
  lastFlushStatements = 0;
  /** Requests the last flush sent as one batch (prefetch + batch; 0 when it was not a batch). */
  lastFlushRequests = 0;

  constructor(bind: Engine, options: SessionOptions = {}) {
    if (!bind || typeof (bind as Engine).connect !== "function") throw new ArgumentError("new Session(engine): give the Engine to bind to");
    this.bind = bind;
    this.autoflush = options.autoflush ?? true;
    this.expireOnCommit = options.expireOnCommit ?? true;
  }

  // ---- state sets ---------------------------------------------------------------------------

  /** Objects added and not flushed yet. */
  get new(): object[] {
    return [...this._pending].map((s) => s.obj);
  }
  /** Persistent objects with unflushed attribute changes. */
  get dirty(): object[] {
    return [...this._modified].filter((s) => !this._toDelete.has(s) && committedOf(s).size > 0).map((s) => s.obj);
  }
  /** Objects marked for deletion at the next flush. */
  get deleted(): object[] {
    return [...this._toDelete].map((s) => s.obj);
  }
  /** Is `obj` in this session? */
  contains(obj: object): boolean {
    const s = maybeState(obj);
    return !!s && s.session === this;
  }

  /** Is a database transaction open? */
  inTransaction(): boolean {
    return this._conn?.inTransaction() ?? false;
  }

  // ---- add / delete / expunge (synchronous) -----------------------------------------------------

  /** Puts an object in the session: new objects are INSERTed by the next flush (cascading along relationships). */
  add(obj: object): void {
    this._checkNotFlushing("add");
    this._checkBeginBlock();
    const s = stateOf(obj, "session.add()");
    this._addState(s);
  }

  addAll(objs: Iterable<object>): void {
    this._checkNotFlushing("add");
    this._checkBeginBlock();
    for (const o of objs) this._addState(stateOf(o, "session.addAll()"));
  }

  /** @internal */
  _addState(s: InstanceState): void {
    sessionObjects._addState.call(this, s);
  }

  /** @internal save-update cascade along loaded relationships. */
  _cascadeFrom(s: InstanceState): void {
    sessionObjects._cascadeFrom.call(this, s);
  }

  /** @internal */
  _cascadeAdd(obj: object): void {
    const s = stateOf(obj);
    if (s.session === this) return;
    this._addState(s);
  }

  /** @internal */
  _markModified(s: InstanceState): void {
    if (s.session === this && s.status === "persistent") {
      this._checkBeginBlock();
      this._modified.add(s);
    }
  }

  /** @internal */
  _unmarkModified(s: InstanceState): void {
    this._modified.delete(s);
  }

  /** Marks a persistent object for deletion at the next flush (with delete cascades). */
  delete(obj: object): void {
    this._checkNotFlushing("delete");
    this._checkBeginBlock();
    const s = stateOf(obj, "session.delete()");
    if (s.identity === null) throw new InvalidRequestError(`${describeState(s)} is not persisted (use session.expunge() to drop a pending object)`);
    if (s.session !== this) this._addState(s);
    this._markDeleted(s);
  }

  /** @internal */
  _markDeleted(s: InstanceState): void {
    sessionObjects._markDeleted.call(this, s);
  }

  /** Removes an object from the session (it becomes detached, or transient when pending). */
  expunge(obj: object): void {
    const s = stateOf(obj, "session.expunge()");
    if (s.session !== this) throw new InvalidRequestError(`${describeState(s)} is not in this session`);
    this._detach(s);
  }

  /** @internal */
  _detach(s: InstanceState): void {
    sessionObjects._detach.call(this, s);
  }

  /** @internal */
  _detachState(s: InstanceState): void {
    sessionObjects._detachState.call(this, s);
  }

  /** Expires attributes (all, or `attrs`): the next read needs a load (`refresh`, a query, `get`). */
  expire(obj: object, attrs?: readonly string[]): void {
    const s = stateOf(obj, "session.expire()");
    if (s.session !== this) throw new InvalidRequestError(`${describeState(s)} is not in this session`);
    expireState(s, attrs);
    if (committedOf(s).size === 0) this._modified.delete(s);
  }

  /** Expires every persistent object. */
  expireAll(): void {
    this.identityMap.expireAll(expireState);
    this._modified.clear();
  }

  // ---- guard ------------------------------------------------------------------------------------

  /** @internal */
  _enter(op: string): void {
    if (this._busy !== null) {
      throw new IllegalStateChangeError(
        `this Session is busy with ${this._busy}() and cannot start ${op}() concurrently; await each Session operation before starting the next (use one Session per concurrent task)`,
      );
    }
    this._busy = op;
  }

  /** @internal */
  async _guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
    this._enter(op);
    try {
      return await fn();
    } finally {
      this._busy = null;
    }
  }

  /** @internal */
  _checkNotFlushing(op: string): void {
    if (this._flushing) throw new IllegalStateChangeError(`session.${op}() was called while the session is flushing`);
  }

  /** @internal sessionmaker().begin(cb): the block starts (returns its state). */
  _enterBeginBlock(): { closed: boolean } {
    return (this._beginBlock = { closed: false });
  }

  /** @internal sessionmaker().begin(cb): the block ends; true when an inner commit()/rollback() already ended its transaction. */
  _exitBeginBlock(): boolean {
    const closed = this._beginBlock?.closed ?? false;
    this._beginBlock = null;
    return closed;
  }

  /** @internal An inner commit()/rollback() ended the begin block's transaction: nothing more until the block ends. */
  _checkBeginBlock(): void {
    if (this._beginBlock?.closed) {
      throw new InvalidRequestError(
        "Can't operate on closed transaction inside context manager.  Please complete the context manager before emitting further commands.",
      );
    }
  }

  /** @internal */
  _checkRollback(): void {
    const p = this._pendingRollback;
    if (!p) return;
    const msg = p.error instanceof Error ? p.error.message : String(p.error);
    throw new PendingRollbackError(
      `This Session's transaction has been rolled back due to a previous exception during flush. To begin a new transaction with this Session, first issue session.rollback()${p.level > 0 ? " (or roll back the savepoint)" : ""}. Original exception was: ${msg}`,
      { cause: p.error },
    );
  }

  /** @internal */
  _readyConnection(): Connection | null {
    return sessionLifecycle._readyConnection.call(this);
  }

  /** @internal */
  _connection(): Promise<Connection> {
    return sessionLifecycle._connection.call(this);
  }

  /** @internal the connection, with its transaction begun where reads deferred it (batch-commit.ts). */
  _writeConnection(): Promise<Connection> {
    return sessionLifecycle._writeConnection.call(this);
  }

  // ---- flush ------------------------------------------------------------------------------------

  /** Writes pending changes to the database (in the session's transaction). */
  flush(): Promise<void> {
    this._checkBeginBlock();
    return this._guard("flush", () => this._flush());
  }

  /** @internal */
  _hasWork(): boolean {
    return sessionFlush._hasWork.call(this);
  }

  /** @internal `mode`: "commit" may send the flush as one batch (batch-commit.ts); "autoflush" names the query in errors. */
  _flush(mode: "flush" | "autoflush" | "commit" = "flush"): Promise<void> {
    return sessionFlush._flush.call(this, mode);
  }

  /** @internal A row-count error found after a one-batch commit had already committed (raised by commit()). */
  _afterCommitError: unknown = undefined;

  /** @internal A failed flush rolls back (the savepoint, or the transaction) and requires rollback(). */
  _failFlush(error: unknown): Promise<void> {
    return sessionFlush._failFlush.call(this, error);
  }

  /** @internal */
  _afterFlush(o: FlushOutcome): void {
    sessionFlush._afterFlush.call(this, o);
  }

  /** @internal the session's sets, for the transaction bookkeeping functions. */
  _book(): SessionBook {
    return { identityMap: this.identityMap, pending: this._pending, toDelete: this._toDelete, modified: this._modified, owner: this, detach: (s) => this._detach(s) };
  }

  // ---- transactions -----------------------------------------------------------------------------

  /** Flushes and commits the transaction (all savepoints included). */
  commit(): Promise<void> {
    return sessionLifecycle.commit.call(this);
  }

  /** @internal a failed COMMIT (or one with an unknown outcome, E16) leaves the session as a failed flush does. */
  _failCommit(error: unknown): void {
    sessionLifecycle._failCommit.call(this, error);
  }

  /** @internal */
  _detachDeleted(s: InstanceState): void {
    sessionLifecycle._detachDeleted.call(this, s);
  }

  /** Rolls back the transaction; the session's objects return to their database state. */
  rollback(): Promise<void> {
    return sessionLifecycle.rollback.call(this);
  }

  /** @internal */
  _restore(rec: TransactionRecord): void {
    sessionLifecycle._restore.call(this, rec);
  }

  /** A SAVEPOINT: pending changes are flushed first; `rollback()` undoes only what happened inside. */
  beginNested(): Promise<SessionSavepoint> {
    return sessionLifecycle.beginNested.call(this);
  }

  /** @internal */
  _releaseConnection(): Promise<void> {
    return sessionLifecycle._releaseConnection.call(this);
  }

  /** Rolls back anything open, detaches every object and returns the connection. */
  close(): Promise<void> {
    return sessionLifecycle.close.call(this);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- queries ----------------------------------------------------------------------------------

  /**
   * Runs a statement; an entity select (`select(User)`) returns rows of objects from the identity
   * map; `update(User)` / `delete_(User)` synchronize the session (`options.synchronizeSession`).
   */
  execute<S extends Executable>(statement: S, params?: ExecuteParams, options?: SessionExecuteOptions): Promise<Result<RowTypeOf<S>>> {
    return this._guard("execute", () => this._execute(statement, params, options)) as Promise<Result<RowTypeOf<S>>>;
  }

  /** @internal */
  _execute(statement: Executable, params?: ExecuteParams, options?: SessionExecuteOptions): Promise<Result<unknown[]>> {
    return sessionQuery._execute.call(this, statement, params, options);
  }

  /** @internal what ORM-enabled INSERT/UPDATE/DELETE need: the query context plus the transaction bookkeeping. */
  _ormDmlContext(): Promise<OrmDmlContext> {
    return sessionQuery._ormDmlContext.call(this);
  }

  /** @internal the loaders' context on the session's connection. */
  _queryContext(): Promise<OrmQueryContext> {
    return sessionQuery._queryContext.call(this);
  }
  /** @internal the query context of the current connection (built once per connection). */
  _qctx: { conn: Connection; ctx: OrmQueryContext } | null = null;

  /** `await session.scalars(select(User)).all()`: the first column of each row. */
  scalars<S extends Executable>(statement: S, params?: ExecuteParams, options?: SessionExecuteOptions): PendingScalars<RowTypeOf<S>[0]> {
    const stream = (statement as { kind?: string }).kind === "select" ? (size: number) => this._stream(statement, params, size) : undefined;
    return new PendingScalars(() => this.execute(statement, params, options) as Promise<Result<unknown[]>>, stream);
  }

  /** @internal `yieldPer(n)`: flushes, then streams the select in chunks of `n` rows. */
  _stream(statement: Executable, params: ExecuteParams | undefined, size: number): AsyncGenerator<Row<unknown[]>[]> {
    return sessionQuery._stream.call(this, statement, params, size);
  }

  /** The first column of the first row, or undefined. */
  async scalar<S extends Executable>(statement: S, params?: ExecuteParams, options?: SessionExecuteOptions): Promise<RowTypeOf<S>[0] | undefined> {
    const r = await this.execute(statement, params, options);
    return r.scalar() as RowTypeOf<S>[0] | undefined;
  }

  /**
   * The object with this primary key: from the identity map without SQL when it is there and
   * loaded, else one SELECT. `pk` is a value, an array (composite keys) or an object by attribute.
   */
  get<T>(model: MappedClass<T>, pk: unknown): Promise<T | undefined> {
    return sessionQuery.get.call(this, model, pk) as Promise<T | undefined>;
  }

  /** Reloads an object's attributes (all columns, or `attrs`: columns and relationships) from the database. */
  refresh(obj: object, attrs?: readonly string[]): Promise<void> {
    const s = stateOf(obj, "session.refresh()");
    return this._guard("refresh", () => this._refresh(s, attrs));
  }

  private _refresh(s: InstanceState, attrs?: readonly string[]): Promise<void> {
    return refreshState(this, s, attrs);
  }

  /**
   * Copies the state of `obj` onto the object with the same key in this session (loading it, or
   * creating a pending one) and returns that object; `obj` itself is not attached.
   */
  merge<T extends object>(obj: T): Promise<T> {
    const src = stateOf(obj, "session.merge()");
    return this._guard("merge", () => mergeState(this, src) as Promise<T>);
  }

  /** INSERTs plain attribute-keyed rows (no objects, events or identity map), in multi-row statements. */
  bulkInsertMappings<T extends object>(model: MappedClass<T>, rows: readonly Partial<{ [K in keyof T]: T[K] }>[]): Promise<void> {
    return this._guard("bulkInsertMappings", async () => {
      const mapper = mapperFor(model);
      const conn = await this._writeConnection();
      const caps = this.bind.driver.capabilities;
      await bulkInsert(conn, Math.min(this.bind.dialect.maxParams, caps.maxParams ?? Infinity), mapper, rows as Record<string, unknown>[]);
    });
  }

  /** UPDATEs rows by primary key from plain attribute-keyed rows (each must carry the key). */
  bulkUpdateMappings<T extends object>(model: MappedClass<T>, rows: readonly Partial<{ [K in keyof T]: T[K] }>[]): Promise<void> {
    return this._guard("bulkUpdateMappings", async () => {
      const mapper = mapperFor(model);
      await bulkUpdate(await this._writeConnection(), mapper, rows as Record<string, unknown>[]);
    });
  }

  // ---- loading (internal) -----------------------------------------------------------------------

  /** @internal */
  _attachLoaded(s: InstanceState): void {
    s.session = this;
    this.identityMap.set(s);
  }

  /** @internal the owner of the objects this session loads (LoadContext). */
  get _owner(): this {
    return this;
  }

  /** @internal runs an entity select and returns the objects of its first entity. */
  async _loadEntities(stmt: Select<any>): Promise<object[]> {
    const result = await runOrmSelect(await this._queryContext(), stmt);
    return result._column(0).filter((o): o is object => o !== null);
  }

  /** @internal */
  async _loadRel(s: InstanceState, rel: RelationshipAttribute): Promise<unknown> {
    s.mapper.ensureConfigured();
    return loadRelationship(this, s, rel);
  }

  /** @internal `await obj.awaitableAttrs.name` */
  _loadAttribute(s: InstanceState, key: string): Promise<unknown> {
    return this._guard("load", async () => {
      this._checkRollback();
      const rel = s.mapper.relationships.get(key);
      if (rel) {
        if (s.identity === null) return dictOf(s)[key];
        if (rel.options.lazy === "raise" || isRaiseload(s, key)) {
          const why = isRaiseload(s, key) ? `was loaded with raiseload(${rel}) (or lazy: "raise")` : `has lazy: "raise"`;
          throw new LazyLoadError(`${rel} of ${describeState(s)} ${why}: it is never loaded lazily; load it in the query with selectinload(${rel}) or joinedload(${rel})`);
        }
        return this._loadRel(s, rel);
      }
      await this._refresh(s, [key]);
      return dictOf(s)[key];
    });
  }
}
