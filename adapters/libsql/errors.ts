/**
 * Classifies `@libsql/client` errors (`LibsqlError`, `LibsqlBatchError`): `code` is the primary
 * SQLite code or a client code (`CLIENT_CLOSED`, `STREAM_EXPIRED`…), `extendedCode` the extended
 * SQLite code (`SQLITE_CONSTRAINT_UNIQUE`), `statementIndex` the failing statement of a batch.
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

/** Primary SQLite codes → category (constraint violations by the primary code, whatever the extended one). */
const CODE_CATEGORY: Record<string, DriverErrorCategory> = {
  SQLITE_CONSTRAINT: "integrity",
  SQLITE_MISMATCH: "data",
  SQLITE_TOOBIG: "data",
  SQLITE_RANGE: "data",
  SQLITE_BUSY: "operational",
  SQLITE_LOCKED: "operational",
  SQLITE_IOERR: "operational",
  SQLITE_FULL: "operational",
  SQLITE_CANTOPEN: "operational",
  SQLITE_READONLY: "operational",
  SQLITE_PERM: "operational",
  SQLITE_NOMEM: "operational",
  SQLITE_INTERRUPT: "operational",
  SQLITE_CORRUPT: "internal",
  SQLITE_INTERNAL: "internal",
  SQLITE_MISUSE: "interface",
  SQLITE_AUTH: "programming",
};

/** Client codes after which the session (client, stream or socket) is unusable. */
const DISCONNECT_CODES = new Set([
  "CLIENT_CLOSED",
  "STREAM_EXPIRED",
  "STREAM_CLOSED",
  "HRANA_CLOSED_ERROR",
  "HRANA_WEBSOCKET_ERROR",
  "HRANA_PROTO_ERROR",
  "SERVER_ERROR",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
]);

/** SQLITE_ERROR messages that mean the statement itself is wrong. */
const PROGRAMMING_MESSAGES = /no such (table|column|function|index|savepoint)|syntax error|incomplete input|already exists|has no column named|ambiguous column|wrong number of arguments/i;

/** Builds the {@link DriverErrorInfo} of any error a libsql connection raised. Never throws. */
export function libsqlErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as {
    code?: unknown; extendedCode?: unknown; rawCode?: unknown; message?: unknown; statementIndex?: unknown; cause?: unknown;
  };
  const message = typeof e.message === "string" ? e.message : String(err);
  const primary = typeof e.code === "string" ? e.code : undefined;
  const extended = typeof e.extendedCode === "string" ? e.extendedCode : undefined;
  const code = extended ?? primary;

  // fetch() network failures surface as a TypeError ("fetch failed") from the HTTP client
  const networkFailure = err instanceof TypeError && /fetch failed|network/i.test(message);
  // a remote client's closed stream or socket (hrana `ClosedError`) maps to code "UNKNOWN" when
  // its cause is a plain client error (a manual close): recognise it by the cause's name
  const closedCause = typeof e.cause === "object" && e.cause !== null && (e.cause as { name?: unknown }).name === "ClosedError";
  const isDisconnect = networkFailure || closedCause || (primary !== undefined && DISCONNECT_CODES.has(primary));
  // a failed or aborted HTTP request may have been applied by the server before the failure
  const aborted = (err as { name?: unknown } | null)?.name === "AbortError";

  let category: DriverErrorCategory | undefined;
  if (isDisconnect || aborted) category = "operational";
  else if (primary !== undefined) {
    category = CODE_CATEGORY[primary] ?? CODE_CATEGORY[primary.replace(/_[A-Z]+$/, "")];
    if (category === undefined && primary === "SQLITE_ERROR" && PROGRAMMING_MESSAGES.test(message)) category = "programming";
    if (category === undefined && primary === "TRANSACTION_ACTIVE") category = "interface";
  } else if (err instanceof RangeError) category = "data"; // an integer beyond 2^53 with intMode "number"

  const info: DriverErrorInfo = { message, isDisconnect };
  if (networkFailure || aborted) info.outcomeUnknown = true;
  if (code !== undefined) info.code = code;
  if (typeof e.rawCode === "number") info.errno = e.rawCode;
  if (category !== undefined) info.category = category;
  if (typeof e.statementIndex === "number") info.statementIndex = e.statementIndex;
  return info;
}
