/**
 * Error classification shared by adapters (a leaf of the driver contract, like `driver.ts`):
 * SQLSTATE classes to error categories, and the classification of node-postgres-style errors
 * used by every adapter that speaks the PostgreSQL protocol through node-postgres' API (pg,
 * neon-ws).
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../driver.js";

/** SQLSTATE class (its first two characters) → category; the classes are the SQL standard's. */
export const SQLSTATE_CLASS_CATEGORY: Readonly<Record<string, DriverErrorCategory>> = {
  "23": "integrity",
  "22": "data",
  "42": "programming",
  "0A": "notSupported",
  "25": "operational",
  "28": "operational",
  "40": "operational",
  "08": "operational",
  "53": "operational",
  "55": "operational",
  "57": "operational",
  "58": "operational",
  XX: "internal",
  P0: "internal",
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The category of a SQLSTATE, or undefined when its class is not a known one. */
export function categoryForSqlState(code: string): DriverErrorCategory | undefined {
  return SQLSTATE.test(code) ? SQLSTATE_CLASS_CATEGORY[code.slice(0, 2)] : undefined;
}

/** SQLSTATEs after which a PostgreSQL session is gone (admin/crash shutdown, cannot connect now). */
const PG_DISCONNECT_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
/** Node system error codes of a broken socket. */
const SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "ENOTCONN"]);
/** Socket codes raised while connecting: unreachable, but no session was lost. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
/** Messages node-postgres raises (without a code) when the session is unusable. */
const PG_DISCONNECT_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "terminating connection",
];

/**
 * Classifies an error raised by a node-postgres-compatible client: server errors carry a SQLSTATE
 * in `code`, socket failures a Node system error code, and the client's own connection-state
 * errors only a message (`extraDisconnectMessages` adds transport-specific ones). Never throws.
 */
export function nodePostgresErrorInfo(err: unknown, extraDisconnectMessages: readonly string[] = []): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const code = typeof e.code === "string" && e.code !== "" ? e.code : undefined;
  // socket codes first: "EPIPE" also has the shape of a SQLSTATE
  const isSocketCode = code !== undefined && (SOCKET_CODES.has(code) || CONNECT_CODES.has(code));
  if (code !== undefined && !isSocketCode && SQLSTATE.test(code)) {
    const info: DriverErrorInfo = { code, sqlState: code, message, isDisconnect: code.startsWith("08") || PG_DISCONNECT_SQLSTATES.has(code) };
    const category = categoryForSqlState(code);
    if (category !== undefined) info.category = category;
    return info;
  }
  if (code !== undefined && SOCKET_CODES.has(code)) return { code, message, isDisconnect: true, category: "operational" };
  if (code !== undefined && CONNECT_CODES.has(code)) return { code, message, isDisconnect: false, category: "operational" };
  if (PG_DISCONNECT_MESSAGES.some((m) => message.includes(m)) || extraDisconnectMessages.some((m) => message.includes(m))) {
    const info: DriverErrorInfo = { message, isDisconnect: true, category: "operational" };
    if (code !== undefined) info.code = code;
    return info;
  }
  const info: DriverErrorInfo = { message, isDisconnect: false };
  if (code !== undefined) info.code = code;
  // a TypeError/RangeError from the client itself is a misuse of the interface, not a server error
  if (err instanceof TypeError || err instanceof RangeError) info.category = "interface";
  return info;
}
