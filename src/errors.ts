/**
 * The error hierarchy of alkahest, shared by every layer (see docs/DECISIONS.md: one leaf module
 * at the root of `src/` so that `sql/`, `engine/`, `orm/` and adapters can all use it without
 * crossing a layer boundary).
 *
 * ```
 * AlkahestError
 * ├── ArgumentError            bad API input
 * ├── CompileError             a statement that cannot be rendered for a dialect
 * ├── InvalidRequestError      an operation not valid in the current state
 * │   ├── PendingRollbackError
 * │   ├── NoResultFound / MultipleResultsFound
 * │   ├── DetachedInstanceError / LazyLoadError
 * ├── StaleDataError
 * ├── TimeoutError             pool exhausted
 * └── DBAPIError               wraps a driver error (.orig, .statement, .params)
 *     ├── InterfaceError
 *     └── DatabaseError
 *         ├── IntegrityError, OperationalError, ProgrammingError, DataError,
 *         └── NotSupportedError, InternalError
 * ```
 * @module
 */

export class AlkahestError extends Error {
  override name = "AlkahestError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input to a public API: the message names what was wrong and what to do instead. */
export class ArgumentError extends AlkahestError {
  override name = "ArgumentError";
}

/** A statement that cannot be compiled for the chosen dialect. */
export class CompileError extends AlkahestError {
  override name = "CompileError";
}

/** An operation that is not valid in the object's current state. */
export class InvalidRequestError extends AlkahestError {
  override name = "InvalidRequestError";
}

/** A connection or session must be rolled back before it can be used again. */
export class PendingRollbackError extends InvalidRequestError {
  override name = "PendingRollbackError";
}

export class NoResultFound extends InvalidRequestError {
  override name = "NoResultFound";
}

export class MultipleResultsFound extends InvalidRequestError {
  override name = "MultipleResultsFound";
}

export class DetachedInstanceError extends InvalidRequestError {
  override name = "DetachedInstanceError";
}

export class LazyLoadError extends InvalidRequestError {
  override name = "LazyLoadError";
}

/** A flush matched fewer rows than expected (optimistic concurrency, deleted rows). */
export class StaleDataError extends AlkahestError {
  override name = "StaleDataError";
}

/** The pool had no connection to give within `poolTimeout` seconds. */
export class TimeoutError extends AlkahestError {
  override name = "TimeoutError";
}

export interface DBAPIErrorOptions {
  /** The driver's own error object. */
  orig?: unknown;
  /** The SQL text that failed, when known. */
  statement?: string;
  /** The parameters sent with it (omitted when the engine hides parameters). */
  params?: unknown;
  /** True when the error invalidated the connection it happened on. */
  connectionInvalidated?: boolean;
  /** The driver or server error code (SQLSTATE, errno, SQLite code...). */
  code?: string;
  /** The request failed after it was sent (network error, abort): the statement may or may not have run. */
  outcomeUnknown?: boolean;
}

/** A database driver raised an error: the original is on `.orig`. */
export class DBAPIError extends AlkahestError {
  override name = "DBAPIError";
  declare readonly orig: unknown;
  declare readonly statement: string | undefined;
  declare readonly params: unknown;
  declare readonly code: string | undefined;
  declare connectionInvalidated: boolean;
  /**
   * For an error of an atomic batch (`engine.batch([...])`): the zero-based position of the
   * statement that failed, when the driver reports it; `undefined` otherwise.
   */
  statementIndex: number | undefined = undefined;
  /**
   * The request failed after it was sent (an HTTP driver's network failure or abort, a lost
   * COMMIT): the statement may or may not have been applied. Never retried automatically.
   */
  declare readonly outcomeUnknown: boolean;

  constructor(message: string, options: DBAPIErrorOptions = {}) {
    super(message, { cause: options.orig });
    this.orig = options.orig;
    this.statement = options.statement;
    this.params = options.params;
    this.code = options.code;
    this.connectionInvalidated = options.connectionInvalidated ?? false;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

export class InterfaceError extends DBAPIError {
  override name = "InterfaceError";
}
export class DatabaseError extends DBAPIError {
  override name = "DatabaseError";
}
export class IntegrityError extends DatabaseError {
  override name = "IntegrityError";
}
export class OperationalError extends DatabaseError {
  override name = "OperationalError";
}
export class ProgrammingError extends DatabaseError {
  override name = "ProgrammingError";
}
export class DataError extends DatabaseError {
  override name = "DataError";
}
export class NotSupportedError extends DatabaseError {
  override name = "NotSupportedError";
}
export class InternalError extends DatabaseError {
  override name = "InternalError";
}

/** Error categories a dialect maps vendor codes to; the engine turns a category into a class. */
export type ErrorCategory =
  | "integrity"
  | "operational"
  | "programming"
  | "data"
  | "notSupported"
  | "internal"
  | "interface"
  | "database";

export const errorClassByCategory: Record<ErrorCategory, new (m: string, o?: DBAPIErrorOptions) => DBAPIError> = {
  integrity: IntegrityError,
  operational: OperationalError,
  programming: ProgrammingError,
  data: DataError,
  notSupported: NotSupportedError,
  internal: InternalError,
  interface: InterfaceError,
  database: DatabaseError,
};
