/**
 * Classifies mysql2 errors: server errors carry `code` (`ER_DUP_ENTRY`), `errno` and `sqlState`;
 * protocol and socket failures carry a `code` and `fatal: true`.
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

/** Server/client errnos → category. */
const ERRNO_CATEGORY: Record<number, DriverErrorCategory> = {
  1062: "integrity", // ER_DUP_ENTRY
  1451: "integrity", // ER_ROW_IS_REFERENCED_2
  1452: "integrity", // ER_NO_REFERENCED_ROW_2
  1216: "integrity", // ER_NO_REFERENCED_ROW
  1217: "integrity", // ER_ROW_IS_REFERENCED
  1048: "integrity", // ER_BAD_NULL_ERROR
  1364: "integrity", // ER_NO_DEFAULT_FOR_FIELD
  3819: "integrity", // ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
  4025: "integrity", // ER_CONSTRAINT_FAILED (MariaDB CHECK)
  1064: "programming", // ER_PARSE_ERROR
  1146: "programming", // ER_NO_SUCH_TABLE
  1054: "programming", // ER_BAD_FIELD_ERROR
  1050: "programming", // ER_TABLE_EXISTS_ERROR
  1051: "programming", // ER_BAD_TABLE_ERROR
  1149: "programming", // ER_SYNTAX_ERROR
  1406: "data", // ER_DATA_TOO_LONG
  1264: "data", // ER_WARN_DATA_OUT_OF_RANGE
  1366: "data", // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1292: "data", // ER_TRUNCATED_WRONG_VALUE
  1365: "data", // ER_DIVISION_BY_ZERO
  1213: "operational", // ER_LOCK_DEADLOCK
  1205: "operational", // ER_LOCK_WAIT_TIMEOUT
  1040: "operational", // ER_CON_COUNT_ERROR
  1045: "operational", // ER_ACCESS_DENIED_ERROR
  1235: "notSupported", // ER_NOT_SUPPORTED_YET
};

/** Errnos after which the session is gone (server gone away, lost, killed, shut down, timed out). */
const DISCONNECT_ERRNOS = new Set([2006, 2013, 2055, 4031, 1053, 1927, 1152, 1184]);

/** Driver/socket codes after which the session is gone. */
const DISCONNECT_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_SERVER_SHUTDOWN",
  "ER_CONNECTION_KILLED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTCONN",
]);

/** Socket codes of a failed connect: operational, but no session was lost. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

const DISCONNECT_MESSAGES = ["Can't add new command when connection is in closed state", "Connection lost", "connection is in closed state"];

/** Builds the {@link DriverErrorInfo} of any error a mysql2 connection raised. Never throws. */
export function mysql2ErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as {
    code?: unknown; errno?: unknown; sqlState?: unknown; message?: unknown; fatal?: unknown;
  };
  const message = typeof e.message === "string" ? e.message : String(err);
  const code = typeof e.code === "string" ? e.code : undefined;
  const errno = typeof e.errno === "number" ? e.errno : undefined;
  const sqlState = typeof e.sqlState === "string" && e.sqlState !== "" ? e.sqlState : undefined;

  const isDisconnect =
    (errno !== undefined && DISCONNECT_ERRNOS.has(errno)) ||
    (code !== undefined && DISCONNECT_CODES.has(code)) ||
    DISCONNECT_MESSAGES.some((m) => message.includes(m));

  let category: DriverErrorCategory | undefined = errno !== undefined ? ERRNO_CATEGORY[errno] : undefined;
  if (isDisconnect || (code !== undefined && CONNECT_CODES.has(code))) category = "operational";
  else if (category === undefined && sqlState !== undefined) {
    if (sqlState.startsWith("23")) category = "integrity";
    else if (sqlState.startsWith("22")) category = "data";
    else if (sqlState.startsWith("42")) category = "programming";
    else if (sqlState.startsWith("40") || sqlState.startsWith("08")) category = "operational";
  } else if (category === undefined && err instanceof TypeError) category = "interface";

  const info: DriverErrorInfo = { message, isDisconnect };
  if (code !== undefined) info.code = code;
  if (errno !== undefined) info.errno = errno;
  if (sqlState !== undefined) info.sqlState = sqlState;
  if (category !== undefined) info.category = category;
  return info;
}
