/**
 * `Session`: the ORM's unit of work over one connection. It keeps one object per row (identity
 * map), tracks changes, flushes them in dependency order, and after a failure requires
 * `rollback()` (raising `PendingRollbackError` with the original error until then).
 * @module
 */
import { ArgumentError, InvalidRequestError, LazyLoadError, PendingRollbackError } from "../../errors.js";
import { Listeners, type ListenOptions } from "../../event.js";
import type { Connection, Engine, ExecuteParams, Result, Row } from "../../engine/index.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import { and } from "../../sql/elements/elements.js";
import { select, type Select } from "../../sql/selectable/select.js";
import { mapperFor } from "../mapping/declarative.js";
import type { MappedClass } from "../mapping/model-types.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { normalizePk } from "../loading/entity-spec.js";
import { runOrmSelect } from "../loading/orm-query.js";
import { ormExecute, queryContext, streamExecute } from "./orm-execute.js";
import { isOrmDml, runOrmDml, type OrmDmlContext, type SessionExecuteOptions } from "./orm-dml.js";
import { loadRelationship } from "../loading/lazy-load.js";
import { UnitOfWork, type FlushOutcome } from "../unit-of-work/unit-of-work.js";
import { IllegalStateChangeError } from "./errors.js";
import { NO_VALUE, initState, maybeState, rawArray, stateOf, type InstanceState, type StateOwner } from "./instance-state.js";
import { PendingScalars } from "./pending-result.js";
import { mergeState, refreshState } from "./refresh-merge.js";
import { bulkInsert, bulkUpdate } from "./bulk.js";
import { TransactionRecord, applyFlushOutcome, restoreRecord, type SessionBook, type SessionSavepoint } from "./session-transaction.js";
import { BatchFlush } from "../unit-of-work/batch-flush.js";
import { commitsInOneBatch, defersBegin, flushNotSupported } from "./batch-commit.js";

export interface SessionOptions {
  /** Flush pending changes before a query (default true). */
  autoflush?: boolean;
  /** Expire every object after commit, so the next access reloads it (default true). */
  expireOnCommit?: boolean;
}

/** `event.listen(Session, name, (session) => ...)`. */
export type SessionEventMap = {
  beforeFlush: (session: Session) => unknown;
  afterFlush: (session: Session) => unknown;
  beforeCommit: (session: Session) => unknown;
  afterCommit: (session: Session) => unknown;
  afterRollback: (session: Session) => unknown;
};
const SESSION_EVENTS = ["beforeFlush", "afterFlush", "beforeCommit", "afterCommit", "afterRollback"] as const;

type Executable = ClauseElement & { readonly __row?: unknown[] };
type RowTypeOf<S> = S extends { readonly __row: infer R extends unknown[] } ? R : unknown[];

export class Session implements StateOwner, AsyncDisposable {
  private static readonly _events = new Listeners<SessionEventMap>("Session", SESSION_EVENTS);
  /** @internal `event.listen(Session, "afterCommit", fn)` */
  static _listen(name: string, fn: (...args: any[]) => unknown, options: ListenOptions): () => void {
    return Session._events.add(name, fn, options);
  }

  readonly bind: Engine;
  readonly autoflush: boolean;
  readonly expireOnCommit: boolean;
  /** @internal identity key → state */
  readonly identityMap = new Map<string, InstanceState>();
  private readonly _pending = new Set<InstanceState>();
  private readonly _toDelete = new Set<InstanceState>();
  private readonly _modified = new Set<InstanceState>();
  private _conn: Connection | null = null;
  private _tx: TransactionRecord[] = [];
  private _pendingRollback: { error: unknown; level: number } | null = null;
  private _busy: string | null = null;
  private _flushing = false;
  /** The `sessionmaker().begin(cb)` block this session runs in; `closed` once an inner commit()/rollback() ended its transaction. */
  private _beginBlock: { closed: boolean } | null = null;
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
    return [...this._modified].filter((s) => !this._toDelete.has(s) && s.committed.size > 0).map((s) => s.obj);
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
    for (const o of objs) this.add(o);
  }

  /** @internal */
  _addState(s: InstanceState): void {
    if (s.session && s.session !== this) {
      throw new InvalidRequestError(`${s.describe()} is already attached to another session; expunge it there first (or use session.merge())`);
    }
    s.mapper.ensureConfigured();
    if (s.session === this) {
      if (this._toDelete.has(s)) this._toDelete.delete(s);
      return;
    }
    if (s.key === null) {
      s.status = "pending";
      s.session = this;
      this._pending.add(s);
    } else {
      const other = this.identityMap.get(s.key);
      if (other && other !== s) throw new InvalidRequestError(`another object with the identity of ${s.describe()} is already in this session; use session.merge()`);
      s.status = "persistent";
      s.session = this;
      this.identityMap.set(s.key, s);
      if (s.committed.size) this._modified.add(s);
    }
    this._cascadeFrom(s);
  }

  /** save-update cascade along loaded relationships. */
  private _cascadeFrom(s: InstanceState): void {
    for (const rel of s.mapper.relationships.values()) {
      if (!rel.cascade.has("save-update") || !(rel.key in s.dict)) continue;
      const v = s.dict[rel.key];
      for (const item of Array.isArray(v) ? rawArray(v) : v ? [v] : []) this._cascadeAdd(item as object);
    }
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
    if (s.key === null) throw new InvalidRequestError(`${s.describe()} is not persisted (use session.expunge() to drop a pending object)`);
    if (s.session !== this) this._addState(s);
    this._markDeleted(s);
  }

  private _markDeleted(s: InstanceState): void {
    if (this._toDelete.has(s)) return;
    this._toDelete.add(s);
    for (const rel of s.mapper.relationships.values()) {
      if (!rel.cascade.has("delete") || !(rel.key in s.dict)) continue;
      const v = s.dict[rel.key];
      for (const item of Array.isArray(v) ? rawArray(v) : v ? [v] : []) {
        const cs = stateOf(item);
        if (cs.key !== null) {
          if (cs.session !== this) this._addState(cs);
          this._markDeleted(cs);
        } else this.expunge(item as object);
      }
    }
  }

  /** Removes an object from the session (it becomes detached, or transient when pending). */
  expunge(obj: object): void {
    const s = stateOf(obj, "session.expunge()");
    if (s.session !== this) throw new InvalidRequestError(`${s.describe()} is not in this session`);
    this._detach(s);
  }

  private _detach(s: InstanceState): void {
    this._pending.delete(s);
    this._toDelete.delete(s);
    this._modified.delete(s);
    if (s.key !== null && this.identityMap.get(s.key) === s) this.identityMap.delete(s.key);
    s.session = null;
    s.status = s.key === null ? "transient" : "detached";
  }

  /** Expires attributes (all, or `attrs`): the next read needs a load (`refresh`, a query, `get`). */
  expire(obj: object, attrs?: readonly string[]): void {
    const s = stateOf(obj, "session.expire()");
    if (s.session !== this) throw new InvalidRequestError(`${s.describe()} is not in this session`);
    s.expire(attrs);
    if (s.committed.size === 0) this._modified.delete(s);
  }

  /** Expires every persistent object. */
  expireAll(): void {
    for (const s of this.identityMap.values()) s.expire();
    this._modified.clear();
  }

  // ---- guard ------------------------------------------------------------------------------------

  private _enter(op: string): void {
    if (this._busy !== null) {
      throw new IllegalStateChangeError(
        `this Session is busy with ${this._busy}() and cannot start ${op}() concurrently; await each Session operation before starting the next (use one Session per concurrent task)`,
      );
    }
    this._busy = op;
  }

  private async _guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
    this._enter(op);
    try {
      return await fn();
    } finally {
      this._busy = null;
    }
  }

  private _checkNotFlushing(op: string): void {
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

  /** An inner commit()/rollback() ended the begin block's transaction: nothing more until the block ends. */
  private _checkBeginBlock(): void {
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
  async _connection(): Promise<Connection> {
    this._checkBeginBlock();
    this._checkRollback();
    if (!this._conn) {
      const conn = await this.bind.connect();
      const caps = this.bind.driver.capabilities;
      if (caps.interactiveTransactions && !defersBegin(caps) && !conn.inTransaction()) {
        // BEGIN now, as SQLAlchemy does: if it fails, the connection goes back to the pool (not leaked)
        try {
          await conn.begin();
        } catch (e) {
          await conn.close().catch(() => undefined);
          throw e;
        }
      }
      this._conn = conn;
    }
    if (this._tx.length === 0) this._tx.push(new TransactionRecord(null));
    return this._conn;
  }

  /** @internal the connection, with its transaction begun where reads deferred it (batch-commit.ts). */
  async _writeConnection(): Promise<Connection> {
    const conn = await this._connection();
    if (this.bind.driver.capabilities.interactiveTransactions && !conn.inTransaction()) await conn.begin();
    return conn;
  }

  // ---- flush ------------------------------------------------------------------------------------

  /** Writes pending changes to the database (in the session's transaction). */
  flush(): Promise<void> {
    this._checkBeginBlock();
    return this._guard("flush", () => this._flush());
  }

  private _hasWork(): boolean {
    if (this._pending.size || this._toDelete.size) return true;
    for (const s of this._modified) if (s.committed.size > 0) return true;
    return false;
  }

  /** `mode`: "commit" may send the flush as one batch (batch-commit.ts); "autoflush" names the query in errors. */
  private async _flush(mode: "flush" | "autoflush" | "commit" = "flush"): Promise<void> {
    this._checkRollback();
    if (!this._hasWork()) return;
    const caps = this.bind.driver.capabilities;
    const oneBatch = mode === "commit" && commitsInOneBatch(caps, this._conn?.inTransaction() ?? false);
    // a flush is several statements; without a transaction they could only go out at commit, as one batch
    if (!caps.interactiveTransactions && !oneBatch) throw flushNotSupported(this.bind.driver.name, caps, mode === "autoflush");
    await Session._events.emit("beforeFlush", this);
    // objects attached to pending/modified ones after they were added
    for (const s of [...this._pending, ...this._modified]) this._cascadeFrom(s);
    const conn = oneBatch ? await this._connection() : await this._writeConnection();
    const dialect = this.bind.dialect;
    const batch = oneBatch ? new BatchFlush(conn, this.bind.driver.name) : undefined;
    const uow = new UnitOfWork(
      {
        pending: this._pending,
        toDelete: this._toDelete,
        modified: this._modified,
        identityMap: this.identityMap,
        loadRelationship: (s, rel) => this._loadRel(s, rel),
        cascadeAdd: (o) => this._cascadeAdd(o),
      },
      conn,
      {
        maxParams: Math.min(dialect.maxParams, caps.maxParams ?? Infinity),
        insertReturning: dialect.supportsReturning("insert") && caps.returning,
        ...(batch ? { deferred: batch } : {}),
      },
    );
    let outcome: FlushOutcome;
    this._flushing = true;
    try {
      outcome = await uow.run();
    } catch (e) {
      this._flushing = false;
      await this._failFlush(e);
      throw e;
    }
    this._flushing = false;
    this._afterFlush(outcome);
    this.lastFlushRequests = batch?.requests ?? 0;
    if (batch?.afterCommitErrors.length) this._afterCommitError = batch.afterCommitErrors[0];
    await Session._events.emit("afterFlush", this);
  }

  /** A row-count error found after a one-batch commit had already committed (raised by commit()). */
  private _afterCommitError: unknown = undefined;

  /** A failed flush rolls back (the savepoint, or the transaction) and requires rollback(). */
  private async _failFlush(error: unknown): Promise<void> {
    const level = this._tx.length - 1;
    const rec = this._tx[level];
    try {
      if (rec?.savepoint) await rec.savepoint.rollback();
      else await this._conn?.rollback();
    } catch {
      /* the original error is what matters */
    }
    this._pendingRollback = { error, level: Math.max(0, level) };
  }

  private _afterFlush(o: FlushOutcome): void {
    this.lastFlushStatements = o.statements;
    applyFlushOutcome(this._book(), o, this._tx[this._tx.length - 1]!);
  }

  /** @internal the session's sets, for the transaction bookkeeping functions. */
  private _book(): SessionBook {
    return { identityMap: this.identityMap, pending: this._pending, toDelete: this._toDelete, modified: this._modified, owner: this, detach: (s) => this._detach(s) };
  }

  // ---- transactions -----------------------------------------------------------------------------

  /** Flushes and commits the transaction (all savepoints included). */
  commit(): Promise<void> {
    return this._guard("commit", async () => {
      this._checkBeginBlock();
      this._checkRollback();
      await Session._events.emit("beforeCommit", this);
      await this._flush("commit");
      if (this._conn) await this._conn.commit();
      for (const rec of this._tx) for (const s of rec.deleted) if (s.status === "deleted") this._detachDeleted(s);
      this._tx = [];
      if (this.expireOnCommit) this.expireAll();
      if (this._beginBlock) this._beginBlock.closed = true;
      await this._releaseConnection();
      await Session._events.emit("afterCommit", this);
      const late = this._afterCommitError;
      this._afterCommitError = undefined;
      if (late instanceof Error) {
        late.message += ` (found after the one-request commit on ${this.bind.driver.name}: the batch's other statements were committed; this row was not written)`;
        throw late;
      }
    });
  }

  private _detachDeleted(s: InstanceState): void {
    s.session = null;
    s.status = "detached";
  }

  /** Rolls back the transaction; the session's objects return to their database state. */
  rollback(): Promise<void> {
    return this._guard("rollback", async () => {
      try {
        if (this._conn) await this._conn.rollback();
      } finally {
        for (let i = this._tx.length - 1; i >= 0; i--) this._restore(this._tx[i]!);
        for (const s of [...this._pending]) this._detach(s);
        this._toDelete.clear();
        for (const s of this.identityMap.values()) s.expire();
        this._modified.clear();
        this._tx = [];
        this._pendingRollback = null;
        if (this._beginBlock) this._beginBlock.closed = true;
        await this._releaseConnection();
      }
      await Session._events.emit("afterRollback", this);
    });
  }

  private _restore(rec: TransactionRecord): void {
    restoreRecord(this._book(), rec);
  }

  /** A SAVEPOINT: pending changes are flushed first; `rollback()` undoes only what happened inside. */
  beginNested(): Promise<SessionSavepoint> {
    return this._guard("beginNested", async () => {
      this._checkBeginBlock();
      await this._flush();
      const conn = await this._writeConnection();
      const sp = await conn.beginNested();
      const rec = new TransactionRecord(sp);
      this._tx.push(rec);
      const level = this._tx.length - 1;
      const session = this;
      const handle: SessionSavepoint = {
        get isActive() {
          return session._tx[level] === rec;
        },
        commit: () =>
          this._guard("savepoint commit", async () => {
            if (this._tx[level] !== rec) throw new InvalidRequestError("this savepoint is no longer active");
            this._checkRollback();
            await this._flush();
            await sp.commit();
            this._tx.splice(level);
            rec.mergeInto(this._tx[level - 1]!);
          }),
        rollback: () =>
          this._guard("savepoint rollback", async () => {
            if (this._tx[level] !== rec) return;
            if (!this._pendingRollback) await sp.rollback();
            for (const inner of this._tx.splice(level).reverse()) this._restore(inner);
            for (const s of [...this._pending]) this._detach(s);
            this._toDelete.clear();
            for (const s of this._modified) s.expire();
            this._modified.clear();
            if (this._pendingRollback && this._pendingRollback.level >= level) this._pendingRollback = null;
          }),
        [Symbol.asyncDispose]: async () => {
          if (handle.isActive) await handle.rollback();
        },
      };
      return handle;
    });
  }

  private async _releaseConnection(): Promise<void> {
    const c = this._conn;
    this._conn = null;
    if (c) await c.close();
  }

  /** Rolls back anything open, detaches every object and returns the connection. */
  close(): Promise<void> {
    return this._guard("close", async () => {
      try {
        if (this._conn) await this._conn.rollback().catch(() => undefined);
      } finally {
        for (const s of [...this.identityMap.values(), ...this._pending]) this._detach(s);
        this._toDelete.clear();
        this._modified.clear();
        this._tx = [];
        this._pendingRollback = null;
        await this._releaseConnection();
      }
    });
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

  private async _execute(statement: Executable, params?: ExecuteParams, options?: SessionExecuteOptions): Promise<Result<unknown[]>> {
    this._checkBeginBlock();
    this._checkRollback();
    const isSelect = (statement as { kind?: string }).kind === "select";
    const dml = isOrmDml(statement);
    if (this.autoflush && (dml || isSelect)) await this._flush("autoflush");
    if (!isSelect && defersBegin(this.bind.driver.capabilities)) await this._writeConnection();
    if (dml) return runOrmDml(await this._ormDmlContext(), statement, params, options);
    return ormExecute(await this._queryContext(), statement, params);
  }

  /** @internal what ORM-enabled INSERT/UPDATE/DELETE need: the query context plus the transaction bookkeeping. */
  private async _ormDmlContext(): Promise<OrmDmlContext> {
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
        if (s.key && this.identityMap.get(s.key) === s) this.identityMap.delete(s.key);
        s.status = "deleted";
        rec().deleted.add(s);
      },
      markWritten: (s) => {
        rec().updated.add(s);
        if (s.committed.size === 0) this._modified.delete(s);
      },
    };
  }

  /** @internal the loaders' context on the session's connection. */
  private async _queryContext() {
    const conn = await this._connection();
    // one context per connection (it holds no per-query state): not rebuilt for every get()/query
    const caps = this.bind.driver.capabilities;
    if (this._qctx?.conn !== conn) this._qctx = { conn, ctx: queryContext(this, conn, this.bind.dialect, caps.maxParams, defersBegin(caps)) };
    return this._qctx.ctx;
  }
  private _qctx: { conn: Connection; ctx: ReturnType<typeof queryContext> } | null = null;

  /** `await session.scalars(select(User)).all()`: the first column of each row. */
  scalars<S extends Executable>(statement: S, params?: ExecuteParams, options?: SessionExecuteOptions): PendingScalars<RowTypeOf<S>[0]> {
    const stream = (statement as { kind?: string }).kind === "select" ? (size: number) => this._stream(statement, params, size) : undefined;
    return new PendingScalars(() => this.execute(statement, params, options) as Promise<Result<unknown[]>>, stream);
  }

  /** @internal `yieldPer(n)`: flushes, then streams the select in chunks of `n` rows. */
  private async *_stream(statement: Executable, params: ExecuteParams | undefined, size: number): AsyncGenerator<Row<unknown[]>[]> {
    await this._guard("execute", async () => {
      this._checkBeginBlock();
      this._checkRollback();
      if (this.autoflush) await this._flush();
    });
    yield* streamExecute(await this._queryContext(), await this._connection(), statement, params, size);
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
    return this._guard("get", async () => {
      const mapper = mapperFor(model);
      this._checkRollback();
      const values = normalizePk(mapper, pk);
      const hit = this.identityMap.get(mapper.identityKey(values));
      if (hit && !hit.mapper.isa(mapper)) return undefined; // the key's row is another subclass's
      if (hit && (hit.expired.size === 0 || ![...hit.expired].some((k) => mapper.columnByKey.has(k)))) return this._toDelete.has(hit) ? undefined : (hit.obj as T);
      if (this.autoflush) await this._flush("autoflush");
      const crit = mapper.pk.map((c, i) => c.eq(values[i] as never));
      const objs = await this._loadEntities(select(model as never).where(crit.length === 1 ? crit[0]! : and(...crit)));
      return objs[0] as T | undefined;
    });
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
    this.identityMap.set(s.key!, s);
  }

  /** @internal runs an entity select and returns the objects of its first entity. */
  async _loadEntities(stmt: Select<any>): Promise<object[]> {
    const result = await runOrmSelect(await this._queryContext(), stmt);
    return result._allRows().map((r) => r[0] as object).filter((o) => o !== null);
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
        if (s.key === null) return s.dict[key];
        if (rel.options.lazy === "raise" || s.raiseload?.has(key)) {
          const why = s.raiseload?.has(key) ? `was loaded with raiseload(${rel}) (or lazy: "raise")` : `has lazy: "raise"`;
          throw new LazyLoadError(`${rel} of ${s.describe()} ${why}: it is never loaded lazily; load it in the query with selectinload(${rel}) or joinedload(${rel})`);
        }
        return this._loadRel(s, rel);
      }
      await this._refresh(s, [key]);
      return s.dict[key];
    });
  }
}
