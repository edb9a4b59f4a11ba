/**
 * Classifies errors of Neon's HTTP driver. A PostgreSQL error arrives as `NeonDbError` with the
 * server's SQLSTATE in `code` (HTTP 400); any other failure is a `NeonDbError` without a code:
 * `"Error connecting to database: …"` (the fetch failed or was aborted; `sourceError` holds the
 * cause) or `"Server error (HTTP status N): …"`. Neither kind leaves a session behind (every
 * request stands alone), so no error is a disconnect; transport failures are marked
 * `outcomeUnknown`, since the statement may have run.
 * @module
 */
import type { DriverErrorInfo } from "../../src/engine/driver.js";
import { categoryForSqlState } from "../../src/engine/errors.js";

/** Builds the {@link DriverErrorInfo} of any error the neon-http driver raised. Never throws. */
export function neonHttpErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; message?: unknown; sourceError?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const code = typeof e.code === "string" && e.code !== "" ? e.code : undefined;
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const info: DriverErrorInfo = { code, sqlState: code, message, isDisconnect: false };
    const category = categoryForSqlState(code);
    if (category !== undefined) info.category = category;
    return info;
  }
  const transport =
    e.sourceError !== undefined || /^Error connecting to database|^Server error \(HTTP status|fetch failed/i.test(message) ||
    (err instanceof Error && err.name === "AbortError");
  if (transport) return { message, isDisconnect: false, category: "operational", outcomeUnknown: true };
  const info: DriverErrorInfo = { message, isDisconnect: false };
  if (code !== undefined) info.code = code;
  if (err instanceof TypeError || err instanceof RangeError) info.category = "interface";
  return info;
}
