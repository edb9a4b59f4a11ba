/**
 * The Session's transaction lifecycle: the connection (and its BEGIN), commit, rollback,
 * savepoints (`beginNested()`) and close, with what each does to the session's objects.
 *
 * The methods are `Session`'s own, moved here verbatim (`this` is the session); the class keeps a
 * one-line delegate for each.
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import type { Connection } from "../../engine/index.js";
import { type InstanceState, expireState } from "./instance-state.js";
import { TransactionRecord, restoreRecord, type SessionSavepoint } from "./session-transaction.js";
import { defersBegin } from "./batch-commit.js";
import { sessionEvents } from "./session-events.js";
import type { Session } from "./session.js";

/** @internal */
export const sessionLifecycle = {
  /** @internal */
  /** @internal the session's connection when it is open with its transaction record (no await), else null: then `_connection()`. */
  _readyConnection(this: Session): Connection | null {
    this._checkBeginBlock();
    this._checkRollback();
    return this._conn !== null && this._tx.length > 0 ? this._conn : null;
  },

  async _connection(this: Session): Promise<Connection> {
    const ready = this._readyConnection();
    if (ready !== null) return ready;
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
  },

  /** @internal the connection, with its transaction begun where reads deferred it (batch-commit.ts). */
  async _writeConnection(this: Session): Promise<Connection> {
    const conn = await this._connection();
    if (this.bind.driver.capabilities.interactiveTransactions && !conn.inTransaction()) await conn.begin();
    return conn;
  },

  /** Flushes and commits the transaction (all savepoints included). */
  commit(this: Session): Promise<void> {
    return this._guard("commit", async () => {
      this._checkBeginBlock();
      this._checkRollback();
      await sessionEvents.emit("beforeCommit", this);
      await this._flush("commit");
      if (this._conn) {
        try {
          await this._conn.commit();
        } catch (e) {
          this._failCommit(e);
          throw e;
        }
      }
      for (const rec of this._tx) for (const s of rec.deleted) if (s.status === "deleted") this._detachDeleted(s);
      this._tx = [];
      if (this.expireOnCommit) this.expireAll();
      if (this._beginBlock) this._beginBlock.closed = true;
      await this._releaseConnection();
      await sessionEvents.emit("afterCommit", this);
      const late = this._afterCommitError;
      this._afterCommitError = undefined;
      if (late instanceof Error) {
        late.message += ` (found after the one-request commit on ${this.bind.driver.name}: the batch's other statements were committed; this row was not written)`;
        throw late;
      }
    });
  },

  /**
   * The COMMIT failed, or its outcome is unknown (E16: the request was lost after it was sent): in
   * memory the transaction did not happen, as after a failed flush. Objects its flushes inserted are
   * transient again, deleted ones restored, written ones expired (the next read reloads whatever
   * the database holds); the session requires rollback().
   */
  _failCommit(this: Session, error: unknown): void {
    for (let i = this._tx.length - 1; i >= 0; i--) this._restore(this._tx[i]!);
    this._tx = [];
    this._pendingRollback = { error, level: 0 };
  },

  _detachDeleted(this: Session, s: InstanceState): void {
    s.session = null;
    s.status = "detached";
  },

  /** Rolls back the transaction; the session's objects return to their database state. */
  rollback(this: Session): Promise<void> {
    return this._guard("rollback", async () => {
      try {
        if (this._conn) await this._conn.rollback();
      } finally {
        for (let i = this._tx.length - 1; i >= 0; i--) this._restore(this._tx[i]!);
        for (const s of [...this._pending]) this._detach(s);
        this._toDelete.clear();
        this.identityMap.expireAll(expireState);
        this._modified.clear();
        this._tx = [];
        this._pendingRollback = null;
        if (this._beginBlock) this._beginBlock.closed = true;
        await this._releaseConnection();
      }
      await sessionEvents.emit("afterRollback", this);
    });
  },

  _restore(this: Session, rec: TransactionRecord): void {
    restoreRecord(this._book(), rec);
  },

  /** A SAVEPOINT: pending changes are flushed first; `rollback()` undoes only what happened inside. */
  beginNested(this: Session): Promise<SessionSavepoint> {
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
            for (const s of this._modified) expireState(s);
            this._modified.clear();
            if (this._pendingRollback && this._pendingRollback.level >= level) this._pendingRollback = null;
          }),
        [Symbol.asyncDispose]: async () => {
          if (handle.isActive) await handle.rollback();
        },
      };
      return handle;
    });
  },

  async _releaseConnection(this: Session): Promise<void> {
    const c = this._conn;
    this._conn = null;
    if (c) await c.close();
  },

  /** Rolls back anything open, detaches every object and returns the connection. */
  close(this: Session): Promise<void> {
    return this._guard("close", async () => {
      try {
        if (this._conn) await this._conn.rollback().catch(() => undefined);
      } finally {
        // every object leaves: the collections are cleared at once rather than object by object (_detach)
        this.identityMap.detachAll((s) => this._detachState(s));
        for (const s of this._pending) this._detachState(s);
        this.identityMap.clear();
        this._pending.clear();
        this._toDelete.clear();
        this._modified.clear();
        this._tx = [];
        this._pendingRollback = null;
        await this._releaseConnection();
      }
    });
  },
};
