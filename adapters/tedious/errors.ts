/**
 * Classifies tedious errors: a `RequestError` carries the SQL Server error `number` (2627 unique
 * key, 547 constraint, …), a `ConnectionError` a `code` (`ESOCKET`, `ETIMEOUT`, `ELOGIN`…).
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

/** SQL Server error numbers → category. */
const NUMBER_CATEGORY: Record<number, DriverErrorCategory> = {
  2627: "integrity", // Violation of PRIMARY KEY / UNIQUE KEY constraint
  2601: "integrity", // Cannot insert duplicate key row (unique index)
  547: "integrity", // FOREIGN KEY / CHECK constraint conflict
  515: "integrity", // Cannot insert the value NULL
  102: "programming", // Incorrect syntax near …
  156: "programming", // Incorrect syntax near the keyword …
  207: "programming", // Invalid column name
  208: "programming", // Invalid object name
  2812: "programming", // Could not find stored procedure
  2714: "programming", // There is already an object named …
  137: "programming", // Must declare the scalar variable
  8152: "data", // String or binary data would be truncated
  2628: "data", // String or binary data would be truncated (2019+)
  245: "data", // Conversion failed
  8114: "data", // Error converting data type
  8115: "data", // Arithmetic overflow
  8134: "data", // Divide by zero
  1205: "operational", // Deadlock victim
  1222: "operational", // Lock request time out
  3960: "operational", // Snapshot isolation update conflict
  229: "programming", // Permission denied
};

/** tedious codes after which the connection is unusable. */
const DISCONNECT_CODES = new Set(["ESOCKET", "ECONNRESET", "ETIMEOUT", "ECLOSE", "EINVALIDSTATE", "ECONNREFUSED", "EPIPE"]);

/** Builds the {@link DriverErrorInfo} of any error a tedious connection raised. Never throws. */
export function tediousErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; number?: unknown; message?: unknown; cause?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const number = typeof e.number === "number" ? e.number : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  const causeCode = typeof e.cause === "object" && e.cause !== null && typeof (e.cause as { code?: unknown }).code === "string"
    ? (e.cause as { code: string }).code
    : undefined;

  const isDisconnect = (code !== undefined && DISCONNECT_CODES.has(code)) ||
    (causeCode !== undefined && DISCONNECT_CODES.has(causeCode)) ||
    /Connection lost|connection is closed|Final state/i.test(message);

  let category: DriverErrorCategory | undefined;
  if (number !== undefined) category = NUMBER_CATEGORY[number];
  if (category === undefined) {
    if (isDisconnect || code === "ELOGIN" || code === "ECANCEL") category = "operational";
    else if (code === "EPARAM" || code === "EARGTYPE") category = "interface";
  }

  const info: DriverErrorInfo = { message, isDisconnect };
  if (number !== undefined) {
    info.code = String(number);
    info.errno = number;
  } else if (code !== undefined) {
    info.code = code;
  }
  if (category !== undefined) info.category = category;
  return info;
}
