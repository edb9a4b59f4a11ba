/**
 * The Session's flush: cascades, the unit of work on the session's connection (or one atomic batch
 * at commit, batch-commit.ts), and what a successful or failed flush leaves in the session.
 *
 * The methods are `Session`'s own, moved here verbatim (`this` is the session); the class keeps a
 * one-line delegate for each.
 * @module
 */
import { UnitOfWork, type FlushOutcome } from "../unit-of-work/unit-of-work.js";
import { BatchFlush } from "../unit-of-work/batch-flush.js";
import { commitsInOneBatch, flushNotSupported } from "./batch-commit.js";
import { applyFlushOutcome } from "./session-transaction.js";
import { sessionEvents } from "./session-events.js";
import type { Session } from "./session.js";
import { committedOf } from "./instance-state.js";

/** @internal */
export const sessionFlush = {
  _hasWork(this: Session): boolean {
    if (this._pending.size || this._toDelete.size) return true;
    for (const s of this._modified) if (committedOf(s).size > 0) return true;
    return false;
  },

  /** `mode`: "commit" may send the flush as one batch (batch-commit.ts); "autoflush" names the query in errors. */
  async _flush(this: Session, mode: "flush" | "autoflush" | "commit" = "flush"): Promise<void> {
    this._checkRollback();
    if (!this._hasWork()) return;
    const caps = this.bind.driver.capabilities;
    const oneBatch = mode === "commit" && commitsInOneBatch(caps, this._conn?.inTransaction() ?? false);
    // a flush is several statements; without a transaction they could only go out at commit, as one batch
    if (!caps.interactiveTransactions && !oneBatch) throw flushNotSupported(this.bind.driver.name, caps, mode === "autoflush");
    await sessionEvents.emit("beforeFlush", this);
    // objects attached to pending/modified ones after they were added
    const pending = this._pending.toArray();
    for (let i = 0; i < pending.length; i++) this._cascadeFrom(pending[i]!);
    if (this._modified.size) for (const s of [...this._modified]) this._cascadeFrom(s);
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
    await sessionEvents.emit("afterFlush", this);
  },

  /** A failed flush rolls back (the savepoint, or the transaction) and requires rollback(). */
  async _failFlush(this: Session, error: unknown): Promise<void> {
    const level = this._tx.length - 1;
    const rec = this._tx[level];
    try {
      if (rec?.savepoint) await rec.savepoint.rollback();
      else await this._conn?.rollback();
    } catch {
      /* the original error is what matters */
    }
    this._pendingRollback = { error, level: Math.max(0, level) };
  },

  _afterFlush(this: Session, o: FlushOutcome): void {
    this.lastFlushStatements = o.statements;
    applyFlushOutcome(this._book(), o, this._tx[this._tx.length - 1]!);
  },
};
