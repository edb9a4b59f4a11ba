/**
 * Classifies errors of Neon's WebSocket `Client` (the node-postgres API over a WebSocket), as
 * the pg adapter does: server errors carry a SQLSTATE in `code`; socket failures carry a Node
 * system error code (a closed WebSocket surfaces as pg's "Connection terminated" messages); pg's own connection-state errors carry only a message.
 * @module
 */
import type { DriverErrorCategory, DriverErrorInfo } from "../../src/engine/driver.js";

/** SQLSTATEs (full codes) after which the session is gone: admin/crash/cannot-connect-now shutdown. */
const DISCONNECT_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);

/** Node system error codes of a broken or unreachable socket. */
const SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "ENOTCONN"]);

/** Socket codes raised while connecting: the server is unreachable, but no session was lost. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Messages pg raises (without a code) when the session is unusable. */
const DISCONNECT_MESSAGES = [
  "WebSocket",
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "terminating connection",
];

/** SQLSTATE class (first two characters) → category. */
const CLASS_CATEGORY: Record<string, DriverErrorCategory> = {
  "23": "integrity",
  "22": "data",
  "42": "programming",
  "0A": "notSupported",
  "40": "operational",
  "08": "operational",
  "53": "operational",
  "55": "operational",
  "57": "operational",
  "58": "operational",
  "XX": "internal",
  "P0": "internal",
};

/** Builds the {@link DriverErrorInfo} of any error a neon-ws connection raised. Never throws. */
export function neonWsErrorInfo(err: unknown): DriverErrorInfo {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; message?: unknown; errno?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const code = typeof e.code === "string" ? e.code : undefined;
  // socket codes first: "EPIPE" also has the shape of a SQLSTATE
  const isSocketCode = code !== undefined && (SOCKET_CODES.has(code) || CONNECT_CODES.has(code));
  const isSqlState = code !== undefined && !isSocketCode && /^[0-9A-Z]{5}$/.test(code);

  if (isSqlState) {
    const isDisconnect = code.startsWith("08") || DISCONNECT_SQLSTATES.has(code);
    const category = CLASS_CATEGORY[code.slice(0, 2)];
    const info: DriverErrorInfo = { code, sqlState: code, message, isDisconnect };
    if (category !== undefined) info.category = category;
    return info;
  }
  if (code !== undefined && SOCKET_CODES.has(code)) {
    return { code, message, isDisconnect: true, category: "operational" };
  }
  if (code !== undefined && CONNECT_CODES.has(code)) {
    return { code, message, isDisconnect: false, category: "operational" };
  }
  if (DISCONNECT_MESSAGES.some((m) => message.includes(m))) {
    const info: DriverErrorInfo = { message, isDisconnect: true, category: "operational" };
    if (code !== undefined) info.code = code;
    return info;
  }
  const info: DriverErrorInfo = { message, isDisconnect: false };
  if (code !== undefined) info.code = code;
  // a TypeError/RangeError from pg itself is a misuse of the interface, not a server error
  if (err instanceof TypeError || err instanceof RangeError) info.category = "interface";
  return info;
}
