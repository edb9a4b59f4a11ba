/**
 * Wraps a driver error in the DBAPI-style class for its category, with the statement and (unless
 * hidden) its parameters. The adapter tells the category and whether the connection died.
 * @module
 */
import { DBAPIError, errorClassByCategory, type ErrorCategory } from "../errors.js";
import type { Driver, DriverErrorInfo } from "../driver.js";

export interface WrapContext {
  statement?: string;
  params?: unknown;
  hideParameters: boolean;
}

export function wrapDriverError(driver: Driver, err: unknown, ctx: WrapContext): { error: DBAPIError; info: DriverErrorInfo } {
  if (err instanceof DBAPIError) return { error: err, info: { message: err.message, isDisconnect: err.connectionInvalidated } };
  let info: DriverErrorInfo;
  try {
    info = driver.errorInfo(err);
  } catch {
    info = { message: err instanceof Error ? err.message : String(err), isDisconnect: false };
  }
  const category: ErrorCategory = info.category ?? (info.isDisconnect ? "operational" : "database");
  const Cls = errorClassByCategory[category];
  const origName = err instanceof Error ? err.constructor.name : typeof err;
  let message = `(${driver.name}.${origName}) ${info.message}`;
  if (info.outcomeUnknown) {
    message += " (outcome unknown: the request failed after it was sent, so the statement may or may not have been applied; it was not retried)";
  }
  if (ctx.statement !== undefined) {
    message += `\n[SQL: ${ctx.statement}]`;
    message += ctx.hideParameters ? "\n[SQL parameters hidden due to hideParameters=true]" : `\n[parameters: ${formatParams(ctx.params)}]`;
  }
  const error = new Cls(message, {
    orig: err,
    ...(ctx.statement !== undefined ? { statement: ctx.statement } : {}),
    params: ctx.hideParameters ? undefined : ctx.params,
    connectionInvalidated: info.isDisconnect,
    ...(info.outcomeUnknown ? { outcomeUnknown: true } : {}),
    ...(info.code ?? info.sqlState ? { code: (info.code ?? info.sqlState)! } : {}),
  });
  return { error, info };
}

export function formatParams(params: unknown): string {
  try {
    const s = JSON.stringify(params, (_k, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
    return s === undefined ? String(params) : s.length > 500 ? s.slice(0, 500) + "…" : s;
  } catch {
    return String(params);
  }
}
