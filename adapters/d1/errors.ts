/**
 * Classifies D1 errors. D1 reports errors as `Error` messages only:
 * `D1_ERROR: UNIQUE constraint failed: t.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`,
 * `D1_ERROR: no such table: x: SQLITE_ERROR`, `D1_TYPE_ERROR: Type 'bigint' not supported …`, and the
 * refusal of `BEGIN`/`SAVEPOINT` ("To execute a transaction, please use the state.storage.transaction()…").
 * The SQLite codes are read from the message. A binding has no session, so nothing is a disconnect.
 * A failing `batch()` is reported without the failing statement's position (no `statementIndex`).
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

const CODE_CATEGORY: Record<string, DriverErrorCategory> = {
  SQLITE_CONSTRAINT: "integrity",
  SQLITE_MISMATCH: "data",
  SQLITE_TOOBIG: "data",
  SQLITE_RANGE: "data",
  SQLITE_BUSY: "operational",
  SQLITE_LOCKED: "operational",
  SQLITE_IOERR: "operational",
  SQLITE_FULL: "operational",
  SQLITE_READONLY: "operational",
  SQLITE_INTERRUPT: "operational",
  SQLITE_NOMEM: "operational",
  SQLITE_CORRUPT: "internal",
  SQLITE_INTERNAL: "internal",
  SQLITE_MISUSE: "interface",
  SQLITE_AUTH: "programming",
};

const PROGRAMMING = /no such (table|column|function|index)|syntax error|incomplete input|already exists|has no column named|ambiguous column|wrong number of arguments/i;

/** Builds the {@link DriverErrorInfo} of any error a D1 binding raised. Never throws. */
export function d1ErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { message?: unknown; cause?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const m = /:\s*(SQLITE_[A-Z_]+)(?:\s*\(extended:\s*(SQLITE_[A-Z_]+)\))?/.exec(message);
  const primary = m?.[1];
  const code = m?.[2] ?? primary;
  let category: DriverErrorCategory | undefined;
  if (primary !== undefined) {
    category = CODE_CATEGORY[primary];
    if (category === undefined && primary === "SQLITE_ERROR" && PROGRAMMING.test(message)) category = "programming";
  }
  if (message.startsWith("D1_TYPE_ERROR")) category = "interface";
  if (/please use the state\.storage\.transaction|BEGIN TRANSACTION or SAVEPOINT/i.test(message)) category = "notSupported";
  if (err instanceof TypeError && category === undefined) category = "interface";
  const info: DriverErrorInfo = { message, isDisconnect: false };
  if (code !== undefined) info.code = code;
  if (category !== undefined) info.category = category;
  return info;
}
