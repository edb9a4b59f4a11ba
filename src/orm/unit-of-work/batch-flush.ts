/**
 * A flush sent as ONE atomic batch (`conn.batch([...])`): the unit of work generates its
 * statements into this queue instead of executing them, and {@link BatchFlush.finish} sends them
 * in one request and then hands each statement's result to the code that generated it (generated
 * keys from RETURNING, row counts). Keys that children need from new parents are settled first
 * (`batch-keys.ts`: a sequence prefetch on PostgreSQL, an in-batch reservation on SQLite).
 *
 * Row-count checks (versioned UPDATEs, DELETEs) can only run after the batch has committed: their
 * `StaleDataError`s are collected in {@link BatchFlush.afterCommitErrors} for the session to raise
 * once the commit is recorded.
 * @module
 */
import { NotSupportedError } from "../../errors.js";
import type { Connection, Result } from "../../engine/index.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { InstanceState } from "../session/instance-state.js";
import { prefetchSequenceKeys, reserveKeysInBatch } from "./batch-keys.js";
import type { Assigner, SendFn } from "./persistence.js";

/** What the unit of work calls on a deferred flush. */
export interface DeferredFlush {
  readonly send: SendFn;
  /** Before any statement is generated: obtain the keys of `states` (new parents other rows refer to). */
  prepare(states: readonly InstanceState[], everyState: () => Iterable<InstanceState>, w: Assigner): Promise<void>;
  /** After generation: send the queue and apply the results. */
  finish(): Promise<void>;
}

export class BatchFlush implements DeferredFlush {
  private readonly queue: { stmt: ClauseElement; onResult?: ((r: Result<unknown[]>) => void) | undefined }[] = [];
  /** Row-count errors found after the batch committed. */
  readonly afterCommitErrors: unknown[] = [];
  /** Requests sent (prefetch + batch), for tests and benchmarks. */
  requests = 0;
  /** Statements in the batch. */
  statements = 0;

  constructor(
    private readonly conn: Connection,
    private readonly driverName: string,
  ) {}

  readonly send: SendFn = async (stmt, onResult) => {
    this.queue.push({ stmt, onResult });
  };

  async prepare(states: readonly InstanceState[], everyState: () => Iterable<InstanceState>, w: Assigner): Promise<void> {
    if (states.length === 0) return;
    const dialect = this.conn.engine.dialect.name;
    if (dialect === "postgresql") this.requests += await prefetchSequenceKeys(this.conn, states, w, this.driverName);
    else if (dialect === "sqlite") await reserveKeysInBatch(states, everyState, w, this.send, this.driverName);
    else {
      throw new NotSupportedError(
        `${this.driverName} commits in one batch, and this commit's new rows need their parents' generated keys, which ${dialect} cannot provide inside a batch; commit the parents first`,
      );
    }
  }

  async finish(): Promise<void> {
    const queue = this.queue.splice(0);
    if (queue.length === 0) return;
    this.statements = queue.length;
    const results = await this.conn.batch(queue.map((q) => q.stmt));
    this.requests++;
    queue.forEach((q, i) => {
      try {
        q.onResult?.(results[i]!);
      } catch (e) {
        this.afterCommitErrors.push(e);
      }
    });
  }
}
