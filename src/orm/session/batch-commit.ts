/**
 * When a Session flush goes out as ONE atomic batch (issue 6, part 4), and the error for a flush
 * that cannot.
 *
 * - No interactive transactions, atomic batch (neon-http, d1): `commit()` sends the whole flush as
 *   one batch (plus, on PostgreSQL, one sequence prefetch when new children need new parents'
 *   keys). An explicit `flush()`, or a query that would autoflush pending writes, is refused with
 *   {@link flushNotSupported}: its statements could not be atomic, and nothing could read them
 *   back before the commit anyway.
 * - Interactive transactions AND an atomic batch over the network (libsql over http/ws): the
 *   Session does not open its transaction for reads; the first `flush()` (or a DML `execute`)
 *   opens it and works as usual, and a `commit()` with no transaction open sends its flush as one
 *   batch. Embedded SQLite keeps the ordinary path (a batch saves no round trip in-process).
 * @module
 */
import { NotSupportedError } from "../../errors.js";
import type { DriverCapabilities } from "../../driver.js";

/** Reads run outside a transaction until the first write, so that the commit can be one batch. */
export function defersBegin(caps: DriverCapabilities): boolean {
  return caps.interactiveTransactions && caps.atomicBatch && caps.transport !== "embedded";
}

/** Does this commit's flush go out as one batch? `inTransaction`: the session's connection has a transaction open. */
export function commitsInOneBatch(caps: DriverCapabilities, inTransaction: boolean): boolean {
  if (!caps.atomicBatch) return false;
  if (!caps.interactiveTransactions) return true;
  return defersBegin(caps) && !inTransaction;
}

/** The error for `flush()` (or an autoflush with pending writes) on a driver without interactive transactions. */
export function flushNotSupported(driver: string, caps: DriverCapabilities, autoflush: boolean): NotSupportedError {
  const what = autoflush ? "this query would autoflush the session's pending changes, but" : "session.flush() is not supported here:";
  return new NotSupportedError(
    `${what} ${driver} has no interactive transactions, so a flush cannot be written before the commit and read back. ` +
      `Alternatives: session.commit() (sends the whole flush as one atomic batch)` +
      (autoflush ? `, a session with autoflush: false (queries then do not see pending changes)` : "") +
      (caps.dialect === "postgresql" ? `, or the neon-ws adapter (interactive transactions over WebSocket)` : `, or engine.batch([...])`) +
      ".",
  );
}
