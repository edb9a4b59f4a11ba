/**
 * A pool slot and the driver connection it currently holds (SQLAlchemy's `_ConnectionRecord`).
 * A record outlives its connections: invalidating it closes the connection and leaves the slot,
 * which reconnects lazily at its next checkout. Pools count records, so an invalidated record
 * still occupies its place (`checkedin()` / `overflow()` do not move).
 * @module
 */
import type { DriverConnection } from "../engine/driver.js";

/** What listeners and callers may see of a pool slot. */
export interface ConnectionRecord {
  /** Sequence number of the slot within its pool (1, 2, …), for logs and tests. */
  readonly id: number;
  /** The live driver connection, or `null` while the slot is invalidated and not yet reconnected. */
  readonly connection: DriverConnection | null;
  /** Pool clock time (ms) at which the current connection was established; drives `poolRecycle`. */
  readonly starttime: number;
  /** Scratch space tied to the current connection; replaced by an empty object when it is replaced. */
  readonly info: Record<string, unknown>;
  /** Scratch space tied to the slot; survives reconnects. */
  readonly recordInfo: Record<string, unknown>;
}

/**
 * The mutable record the pools work with.
 * @internal
 */
export class PoolRecord implements ConnectionRecord {
  declare readonly id: number;
  connection: DriverConnection | null = null;
  starttime = 0;
  info: Record<string, unknown> = {};
  readonly recordInfo: Record<string, unknown> = {};
  /** True from connect until the first checkout has begun: a fresh connection is not pre-pinged. */
  fresh = false;
  /** The pool generation the connection was made in; older ones are replaced at checkout. */
  generation = 0;
  /** Soft-invalidated: keep serving the current holder, replace at the next checkout. */
  softInvalidated = false;
  /** A reconnect in progress, shared by concurrent checkouts of one record (StaticPool). */
  pending: Promise<void> | null = null;
  /** Held by a caller (between checkout and checkin). */
  checkedOut = false;
  /** The driver reported that the current connection died on its own (`onDisconnect`). */
  dead = false;
  /** Ends the `onDisconnect` subscription of the current connection. */
  unsubscribe: (() => void) | null = null;

  constructor(id: number) {
    this.id = id;
  }
}
