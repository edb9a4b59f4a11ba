/**
 * Classifies `@planetscale/database` errors. SQL errors arrive as `DatabaseError` with
 * `status` 400 and `body: { message, code }`, where the message carries MySQL's `(errno N)` and
 * `(sqlstate XXXXX)`; other HTTP statuses are `DatabaseError`/`UnknownError` with that status; a
 * failed `fetch` is a `TypeError`.
 *
 * A transport failure (fetch failed or aborted, HTTP 5xx) leaves the session — and any
 * transaction on it — in an unknown state, so it is a disconnect (the engine drops the connection
 * and requires a rollback) and its outcome is unknown.
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

const ERRNO_CATEGORY: Record<number, DriverErrorCategory> = {
  1062: "integrity", 1451: "integrity", 1452: "integrity", 1216: "integrity", 1217: "integrity",
  1048: "integrity", 1364: "integrity", 3819: "integrity", 4025: "integrity",
  1064: "programming", 1146: "programming", 1054: "programming", 1050: "programming", 1051: "programming", 1149: "programming",
  1406: "data", 1264: "data", 1366: "data", 1292: "data", 1365: "data",
  1213: "operational", 1205: "operational", 1040: "operational", 1045: "operational",
  1235: "notSupported",
};

/** Builds the {@link DriverErrorInfo} of any error a PlanetScale connection raised. Never throws. */
export function planetscaleErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { message?: unknown; status?: unknown; body?: { code?: unknown } };
  const message = typeof e.message === "string" ? e.message : String(err);
  const status = typeof e.status === "number" ? e.status : undefined;
  const errnoMatch = /\(errno (\d+)\)/.exec(message);
  const stateMatch = /\(sqlstate ([0-9A-Z]{5})\)/.exec(message);
  const errno = errnoMatch ? Number(errnoMatch[1]) : undefined;
  const sqlState = stateMatch?.[1];
  const bodyCode = typeof e.body?.code === "string" ? e.body.code : undefined;

  const network = err instanceof TypeError || (err instanceof Error && err.name === "AbortError");
  if (network || (status !== undefined && status >= 500)) {
    const info: DriverErrorInfo = { message, isDisconnect: true, category: "operational", outcomeUnknown: true };
    if (bodyCode !== undefined) info.code = bodyCode;
    return info;
  }
  let category: DriverErrorCategory | undefined = errno !== undefined ? ERRNO_CATEGORY[errno] : undefined;
  if (category === undefined && sqlState !== undefined) {
    if (sqlState.startsWith("23")) category = "integrity";
    else if (sqlState.startsWith("22")) category = "data";
    else if (sqlState.startsWith("42")) category = "programming";
    else if (sqlState.startsWith("40") || sqlState.startsWith("08")) category = "operational";
  }
  if (category === undefined && (status === 401 || status === 403)) category = "operational";
  // an expired or unknown session cannot continue its transaction
  const sessionLost = /session (expired|not found|already in use)/i.test(message);
  const info: DriverErrorInfo = { message, isDisconnect: sessionLost };
  if (bodyCode !== undefined) info.code = bodyCode;
  if (errno !== undefined) info.errno = errno;
  if (sqlState !== undefined) info.sqlState = sqlState;
  if (sessionLost) category = "operational";
  if (category !== undefined) info.category = category;
  return info;
}
