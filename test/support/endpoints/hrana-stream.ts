/**
 * One Hrana stream (driver-protocols.md §3.2) on one `libsql` `Database` connection: the request
 * types `execute`, `batch` (with its conditions), `sequence`, `describe`, `get_autocommit`, Hrana
 * values in and out, and SQLite errors as Hrana `Error`s. Shared by the HTTP and WebSocket servers
 * of `hrana.ts`; stored SQL (`store_sql`) lives with the caller (stream on HTTP, socket on WS).
 *
 * Faithfulness: Hrana `integer` binds as a 64-bit integer and `float` as REAL (the binding binds a
 * JS number as REAL), integers come back as `integer` (safe integers). A statement that returns
 * rows reports `affected_row_count` 0 (the binding exposes `changes` only through `run()`); sqld
 * reports the changes of `… RETURNING`. Error codes are the binding's extended SQLite codes.
 * @module
 */
import Database from "libsql";

/** A Hrana value. */
export type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

/** A Hrana statement. */
export interface HranaStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}

/** A Hrana batch condition. */
export type HranaBatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: HranaBatchCond }
  | { type: "and"; conds: HranaBatchCond[] }
  | { type: "or"; conds: HranaBatchCond[] }
  | { type: "is_autocommit" };

/** A Hrana batch. */
export interface HranaBatch {
  steps: { condition?: HranaBatchCond | null; stmt: HranaStmt }[];
}

/** A Hrana error. */
export interface HranaError {
  message: string;
  code?: string | null;
}

/** A Hrana `StmtResult`. */
export interface HranaStmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

/** A Hrana `BatchResult`. */
export interface HranaBatchResult {
  step_results: (HranaStmtResult | null)[];
  step_errors: (HranaError | null)[];
}

/** Thrown by a request that fails; becomes a Hrana error result. */
export class HranaRequestError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.code = code;
  }
}

/** Converts anything thrown while executing into a Hrana error. */
export function toHranaError(err: unknown): HranaError {
  const e = err as { message?: unknown; code?: unknown };
  return {
    message: typeof e?.message === "string" ? e.message : String(err),
    code: typeof e?.code === "string" ? e.code : null,
  };
}

function fromValue(v: HranaValue): unknown {
  switch (v.type) {
    case "null": return null;
    case "integer": return BigInt(v.value);
    case "float": return Number(v.value);
    case "text": return v.value;
    case "blob": return Buffer.from(v.base64, "base64");
    default: throw new HranaRequestError(`unknown Hrana value type ${JSON.stringify((v as { type: unknown }).type)}`, "HRANA_PROTO_ERROR");
  }
}

function toValue(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: "null" };
  if (typeof v === "bigint") return { type: "integer", value: v.toString() };
  // integers are read as bigint (safeIntegers), so a JS number is always a REAL
  if (typeof v === "number") return { type: "float", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  if (v instanceof Uint8Array) return { type: "blob", base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
  if (v instanceof ArrayBuffer) return { type: "blob", base64: Buffer.from(v).toString("base64") };
  return { type: "text", value: String(v) };
}

/**
 * The parameter name (or `null` for `?`/`?NNN`) of each SQLite parameter index, found by scanning
 * the SQL outside literals and comments with SQLite's numbering rules.
 */
function parameterNames(sql: string): (string | null)[] {
  const names: (string | null)[] = [];
  const seen = new Map<string, number>();
  const re = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\?(\d*)|([:@$][A-Za-z_0-9]+)/g;
  for (let m = re.exec(sql); m !== null; m = re.exec(sql)) {
    if (m[1] !== undefined) {
      if (m[1] === "") names.push(null);
      else while (names.length < Number(m[1])) names.push(null);
    } else if (m[2] !== undefined && !seen.has(m[2])) {
      seen.set(m[2], names.length);
      names.push(m[2]);
    }
  }
  return names;
}

/**
 * Hrana's binding (positional `args` by index, then `named_args` by name, prefix optional) as one
 * positional array: the binding panics on an object when the SQL also has a nameless parameter.
 */
function bindArray(sql: string, positional: unknown[], named: { name: string; value: HranaValue }[]): unknown[] {
  if (named.length === 0) return positional;
  const byName = new Map<string, unknown>();
  for (const a of named) {
    const v = fromValue(a.value);
    if (/^[:@$]/.test(a.name)) byName.set(a.name, v);
    else for (const p of ":@$") if (!byName.has(p + a.name)) byName.set(p + a.name, v);
  }
  const names = parameterNames(sql);
  return names.map((name, i) => (i < positional.length ? positional[i] : name !== null && byName.has(name) ? byName.get(name) : null));
}

/** Looks up stored SQL by id (`store_sql`). */
export type SqlLookup = (sqlId: number) => string | undefined;

/** A stream: one SQLite connection on the shared file. */
export class HranaStream {
  readonly #db: Database.Database;
  #closed = false;
  /** Statements executed on this stream (batch steps included). */
  statements = 0;

  constructor(path: string) {
    this.#db = new Database(path);
  }

  /** True when no transaction is open on the connection. */
  get isAutocommit(): boolean {
    return !this.#db.inTransaction;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the connection (an open transaction is rolled back). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    } catch {
      /* closing anyway */
    }
    this.#db.close();
  }

  #sqlOf(s: { sql?: string | null; sql_id?: number | null }, lookup: SqlLookup): string {
    if (typeof s.sql === "string") {
      if (s.sql_id !== undefined && s.sql_id !== null) throw new HranaRequestError("both sql and sql_id given", "SQL_PARSE_ERROR");
      return s.sql;
    }
    if (typeof s.sql_id === "number") {
      const sql = lookup(s.sql_id);
      if (sql === undefined) throw new HranaRequestError(`SQL text ${s.sql_id} not found`, "SQL_NOT_FOUND");
      return sql;
    }
    throw new HranaRequestError("neither sql nor sql_id given", "SQL_NO_STATEMENT");
  }

  /** `execute`: one statement. Throws a SQLite error or {@link HranaRequestError}. */
  execute(stmt: HranaStmt, lookup: SqlLookup): HranaStmtResult {
    if (this.#closed) throw new HranaRequestError("stream is closed", "STREAM_CLOSED");
    this.statements++;
    const sql = this.#sqlOf(stmt, lookup);
    const prepared = this.#db.prepare(sql);
    const bind = bindArray(sql, (stmt.args ?? []).map(fromValue), stmt.named_args ?? []);
    if (prepared.reader) {
      const cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
      const rows = (prepared.raw(true).safeIntegers(true).all(bind) as unknown[][]).map((r) => r.map(toValue));
      return { cols, rows: stmt.want_rows === false ? [] : rows, affected_row_count: 0, last_insert_rowid: null };
    }
    const info = prepared.run(bind);
    return { cols: [], rows: [], affected_row_count: info.changes, last_insert_rowid: String(info.lastInsertRowid) };
  }

  /** `batch`: runs each step whose condition holds; never throws for a step's error. */
  batch(batch: HranaBatch, lookup: SqlLookup): HranaBatchResult {
    const results: (HranaStmtResult | null)[] = [];
    const errors: (HranaError | null)[] = [];
    const evaluate = (c: HranaBatchCond): boolean => {
      switch (c.type) {
        case "ok": return this.#stepBefore(c.step, results.length) && results[c.step] !== null;
        case "error": return this.#stepBefore(c.step, results.length) && errors[c.step] !== null;
        case "not": return !evaluate(c.cond);
        case "and": return c.conds.every(evaluate);
        case "or": return c.conds.some(evaluate);
        case "is_autocommit": return this.isAutocommit;
        default: throw new HranaRequestError(`unknown batch condition ${JSON.stringify((c as { type: unknown }).type)}`, "HRANA_PROTO_ERROR");
      }
    };
    for (const step of batch.steps) {
      if (step.condition && !evaluate(step.condition)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(this.execute(step.stmt, lookup));
        errors.push(null);
      } catch (err) {
        results.push(null);
        errors.push(toHranaError(err));
      }
    }
    return { step_results: results, step_errors: errors };
  }

  #stepBefore(step: number, current: number): boolean {
    if (!Number.isInteger(step) || step < 0 || step >= current) {
      throw new HranaRequestError(`batch condition refers to step ${step}, which does not precede step ${current}`, "BATCH_COND_INVALID");
    }
    return true;
  }

  /** `sequence`: several statements as one SQL text, no arguments, no rows. */
  sequence(req: { sql?: string | null; sql_id?: number | null }, lookup: SqlLookup): void {
    if (this.#closed) throw new HranaRequestError("stream is closed", "STREAM_CLOSED");
    this.statements++;
    this.#db.exec(this.#sqlOf(req, lookup));
  }

  /** `describe`: the columns of one statement (parameters and read-only-ness approximated). */
  describe(req: { sql?: string | null; sql_id?: number | null }, lookup: SqlLookup): unknown {
    const sql = this.#sqlOf(req, lookup);
    const prepared = this.#db.prepare(sql);
    const cols = prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.type })) : [];
    // approximations: the binding tells neither the parameters nor sqlite3_stmt_readonly
    return { params: [], cols, is_explain: /^\s*explain\b/i.test(sql), is_readonly: /^\s*(select|explain|pragma|with)\b/i.test(sql) };
  }
}
