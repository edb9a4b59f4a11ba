/**
 * ORM-enabled INSERT / UPDATE / DELETE through `session.execute(stmt, params?, options?)`
 * (SQLAlchemy 2.0's "ORM bulk" statements):
 *
 * - `update(User)` / `delete_(User)` keep the identity map in step with what the statement did,
 *   as `synchronizeSession` says: `"evaluate"` (criteria and SET values evaluated in TypeScript
 *   against the objects in the session), `"fetch"` (the matched primary keys from RETURNING, or a
 *   SELECT first where the dialect has no RETURNING for the statement), `"auto"` (the default:
 *   evaluate, else fetch) or `false` (nothing).
 * - `returning(User)` returns objects through the identity map (persistent; deleted for DELETE).
 * - `session.execute(update(User), [{ id: 1, name: "x" }, ...])`: bulk UPDATE by primary key.
 * @module
 */
import { ArgumentError, NotSupportedError } from "../../errors.js";
import type { Connection, ExecuteParams } from "../../engine/index.js";
import { Result } from "../../engine/index.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import type { Delete } from "../../sql/dml/delete.js";
import type { Insert } from "../../sql/dml/insert.js";
import type { Update } from "../../sql/dml/update.js";
import { select } from "../../sql/selectable/select.js";
import { entityMapper } from "../mapping/aliased.js";
import type { Mapper } from "../mapping/mapper.js";
import { entityResult, type EntitySpec } from "../loading/loading.js";
import type { OrmQueryContext } from "../loading/orm-query.js";
import { bulkUpdate } from "./bulk.js";
import { UnevaluatableError, UnloadedAttribute, compileEvaluator, type Evaluator } from "./dml-evaluate.js";
import { type InstanceState, committedOf, describeState, expireState, setLoaded } from "./instance-state.js";
import { identityKey } from "./identity-map.js";

/** How an ORM-enabled UPDATE/DELETE updates the objects already in the session. */
export type SynchronizeSession = "auto" | "fetch" | "evaluate" | false;

/** Options of `session.execute(stmt, params, options)` (also read from `stmt.executionOptions({...})`). */
export interface SessionExecuteOptions {
  /** For `update(Model)` / `delete_(Model)`: default `"auto"`. */
  readonly synchronizeSession?: SynchronizeSession;
}

const MODES: readonly unknown[] = ["auto", "fetch", "evaluate", false];

/** What running ORM DML needs from the session. */
export interface OrmDmlContext extends OrmQueryContext {
  readonly conn: Connection;
  readonly dialect: { readonly name: string; supportsReturning(kind: "insert" | "update" | "delete"): boolean };
  /** The row of `s` was deleted by a statement: out of the identity map, status deleted (restored by rollback). */
  markDeleted(s: InstanceState): void;
  /** Attributes of `s` were written by a statement (expired again by rollback). */
  markWritten(s: InstanceState): void;
}

type OrmDml = Insert<any, any> | Update<any, any> | Delete<any, any>;

/** Is `stmt` an INSERT/UPDATE/DELETE built from a mapped class (`update(User)`)? */
export function isOrmDml(stmt: unknown): stmt is OrmDml {
  const s = stmt as Partial<OrmDml> | null;
  return !!s && (s.kind === "insert" || s.kind === "update" || s.kind === "delete") && !!s._entity;
}

/** Runs an ORM-enabled INSERT/UPDATE/DELETE (the session has flushed already). */
export async function runOrmDml(ctx: OrmDmlContext, stmt: OrmDml, params: ExecuteParams | undefined, options: SessionExecuteOptions | undefined): Promise<Result<unknown[]>> {
  const mapper = entityMapper(stmt._entity);
  const mode = syncMode(stmt, options);
  if (stmt._returning.length && !ctx.dialect.supportsReturning(stmt.kind)) {
    throw new NotSupportedError(
      `${ctx.dialect.name} has no RETURNING for ${stmt.kind.toUpperCase()}` +
        (stmt.kind === "delete" ? "" : ctx.dialect.name === "mariadb" ? " (MariaDB has it for INSERT and DELETE only)" : "") +
        `: run the ${stmt.kind.toUpperCase()} without returning(), then load the rows with ` +
        (stmt.kind === "insert" ? `session.get(${mapper.className}, id) or select(${mapper.className})` : `select(${mapper.className}).where(...)`) +
        ` (or add the objects with session.add() and flush, which fetches generated keys)`,
    );
  }
  if (stmt.kind === "insert") return withEntities(ctx, mapper, stmt, await ctx.execute(stmt, params), "load");
  if (Array.isArray(params) && stmt.kind === "update") return bulkUpdateByPk(ctx, mapper, stmt, params);
  if (Array.isArray(params)) {
    throw new ArgumentError(
      `session.execute(delete_(${mapper.className}), [...]): a list of parameter sets is not supported for an ORM DELETE; use delete_(${mapper.className}).where(${mapper.pk[0]!.key}.in([...]))`,
    );
  }
  if (params && Object.keys(params).length && mode !== false) {
    throw new ArgumentError(
      `session.execute(${stmt.kind === "update" ? "update" : "delete_"}(${mapper.className}), params): named parameters cannot be synchronized with the session; ` +
        `put the values in the statement, or pass { synchronizeSession: false }`,
    );
  }
  if (mode === false) return withEntities(ctx, mapper, stmt, await ctx.execute(stmt, params), stmt.kind === "delete" ? "delete" : "overwrite");

  let matched: InstanceState[] | null = null;
  if (mode === "evaluate" || mode === "auto") {
    try {
      matched = evaluateMatches(ctx, mapper, stmt, mode === "evaluate");
    } catch (e) {
      if (!(e instanceof UnevaluatableError) || mode === "evaluate") throw e;
      matched = null;
    }
  }
  let result: Result<unknown[]>;
  let executed: OrmDml = stmt;
  if (matched) {
    result = await ctx.execute(stmt, params);
  } else {
    const fetched = await executeFetching(ctx, mapper, stmt);
    result = fetched.result;
    executed = fetched.executed;
    matched = fetched.keys.map((k) => ctx.identityMap.get(mapper, identityKey(k))).filter((s): s is InstanceState => !!s && s.status === "persistent");
  }
  if (stmt.kind === "delete") {
    const out = withEntities(ctx, mapper, stmt, result, "delete");
    for (const s of matched) ctx.markDeleted(s);
    return out;
  }
  applySet(ctx, mapper, executed as Update<any, any>, matched); // the SET as sent (onupdate defaults were evaluated once for it)
  return withEntities(ctx, mapper, stmt, result, "overwrite");
}

function syncMode(stmt: OrmDml, options: SessionExecuteOptions | undefined): SynchronizeSession {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new ArgumentError("session.execute(stmt, params, options): options is an object such as { synchronizeSession: \"fetch\" }");
  }
  const fromStmt = stmt._executionOptions["synchronizeSession"];
  const mode = options?.synchronizeSession !== undefined ? options.synchronizeSession : fromStmt !== undefined ? fromStmt : "auto";
  if (!MODES.includes(mode)) {
    throw new ArgumentError(`synchronizeSession must be "auto", "fetch", "evaluate" or false, got ${JSON.stringify(mode)}`);
  }
  if (stmt.kind === "insert" && (options?.synchronizeSession !== undefined || fromStmt !== undefined)) {
    throw new ArgumentError("synchronizeSession applies to update() and delete_(), not insert(); objects are returned by insert(...).returning(Model)");
  }
  return mode as SynchronizeSession;
}

/** The persistent objects of `mapper` that the statement's criteria match (evaluated in memory). */
function evaluateMatches(ctx: OrmDmlContext, mapper: Mapper, stmt: Update<any, any> | Delete<any, any>, explicit: boolean): InstanceState[] {
  const where = stmt.whereClause;
  const crit: Evaluator | null = where ? compileEvaluator(mapper, where, ctx.dialect.name) : null;
  if (stmt.kind === "update") for (const [, v] of (stmt as Update<any, any>).effectiveSet) compileSetValue(mapper, v, ctx.dialect.name); // refuse early, before anything runs
  const out: InstanceState[] = [];
  for (const s of candidates(ctx, mapper)) {
    if (!crit) {
      out.push(s);
      continue;
    }
    let v: unknown;
    try {
      v = crit(s);
    } catch (e) {
      if (!(e instanceof UnloadedAttribute)) throw e;
      // an expired attribute: "auto" asks the database instead; "evaluate" expires what the statement may change
      if (!explicit) throw new UnevaluatableError(`${describeState(s)}, whose attribute ${JSON.stringify(e.key)} is not loaded`);
      if (stmt.kind === "update") {
        expireState(s, (stmt as Update<any, any>).effectiveSet.map(([c]) => c.key));
        ctx.markWritten(s);
      }
      continue;
    }
    if (v === true) out.push(s);
  }
  return out;
}

function candidates(ctx: OrmDmlContext, mapper: Mapper): InstanceState[] {
  // the mapper's own objects and those of subclasses whose rows live in its table (joined and single
  // inheritance; a concrete subclass has a table of its own)
  return [...ctx.identityMap.values()].filter((s) => s.mapper.isa(mapper) && s.mapper.tables.includes(mapper.table) && s.status === "persistent");
}

/** A SET value's evaluator, or null when it cannot be evaluated (the attribute is expired instead). */
function compileSetValue(mapper: Mapper, v: ColumnElement<unknown>, dialect: string): Evaluator | null {
  try {
    return compileEvaluator(mapper, v, dialect);
  } catch (e) {
    if (e instanceof UnevaluatableError) return null;
    throw e;
  }
}

/** Applies the SET values to the matched objects (as database values); what cannot be evaluated is expired. */
function applySet(ctx: OrmDmlContext, mapper: Mapper, stmt: Update<any, any>, matched: readonly InstanceState[]): void {
  const set = stmt.effectiveSet.map(([c, v]) => [c.key, compileSetValue(mapper, v, ctx.dialect.name)] as const);
  for (const s of matched) {
    const values: [string, unknown][] = [];
    const expire: string[] = [];
    for (const [key, ev] of set) {
      if (!ev) {
        expire.push(key);
        continue;
      }
      try {
        values.push([key, ev(s)]);
      } catch (e) {
        if (e instanceof UnevaluatableError || e instanceof UnloadedAttribute) expire.push(key);
        else throw e;
      }
    }
    for (const [k, v] of values) {
      setLoaded(s, k, v);
      committedOf(s).delete(k);
    }
    if (expire.length) expireState(s, expire);
    ctx.markWritten(s);
  }
}

/** "fetch": runs the statement and returns the primary keys of the rows it matched. */
async function executeFetching(ctx: OrmDmlContext, mapper: Mapper, stmt: Update<any, any> | Delete<any, any>): Promise<{ result: Result<unknown[]>; keys: unknown[][]; executed: Update<any, any> | Delete<any, any> }> {
  const pk = mapper.pk;
  if (ctx.dialect.supportsReturning(stmt.kind)) {
    if (stmt._returning.length === 0) {
      const executed = (stmt as Update<any, any>).returning(...(pk as ColumnElement<unknown>[]));
      const r = await ctx.execute(executed, undefined);
      const rows = r.all();
      return { result: new Result([], [], r.rowcount >= 0 ? r.rowcount : rows.length, null), keys: rows.map((row) => [...row]), executed };
    }
    const positions = pk.map((c) => stmt._returning.indexOf(c));
    if (positions.every((p) => p >= 0)) {
      const r = await ctx.execute(stmt, undefined);
      return { result: r, keys: r.all().map((row) => positions.map((p) => row[p])), executed: stmt };
    }
  }
  // no RETURNING for this statement here (MySQL UPDATE): select the keys first, in the same transaction
  const where = stmt.whereClause;
  let q = select(...(pk as ColumnElement<unknown>[]));
  if (where) q = q.where(where);
  const keys = (await ctx.execute(q, undefined)).all().map((row) => [...row]);
  return { result: await ctx.execute(stmt, undefined), keys, executed: stmt };
}

/**
 * Turns the rows of `returning(Model)` into objects through the identity map. INSERT and UPDATE
 * write the returned values onto objects already in the session ("overwrite"); DELETE marks them deleted.
 */
function withEntities(ctx: OrmDmlContext, mapper: Mapper, stmt: OrmDml, raw: Result<unknown[]>, how: "load" | "overwrite" | "delete"): Result<unknown[]> {
  const cols = mapper.table.columns;
  const ret = stmt._returning;
  let start = -1;
  for (let i = 0; i + cols.length <= ret.length && start < 0; i++) if (cols.every((c, j) => ret[i + j] === c)) start = i;
  if (start < 0) return raw;
  const keys = raw.keys();
  const items: EntitySpec["items"][number][] = [];
  for (let i = 0; i < ret.length; i++) {
    if (i === start) {
      items.push({ mapper, width: cols.length });
      i += cols.length - 1;
    } else items.push({ mapper: null, width: 1, key: keys[i] ?? `col_${i}` });
  }
  const pkPos = mapper.pk.map((c) => start + cols.indexOf(c));
  if (how !== "delete") {
    // values the statement wrote replace what the session holds (pending changes of other attributes stay)
    for (const row of raw.all()) {
      const s = ctx.identityMap.get(mapper, identityKey(pkPos.map((p) => row[p])));
      if (!s) continue;
      cols.forEach((c, j) => {
        if (!committedOf(s).has(c.key)) setLoaded(s, c.key, row[start + j]);
      });
      ctx.markWritten(s); // (an upsert's existing object too) expired again by rollback
    }
  }
  const result = entityResult(ctx, { items }, raw);
  if (how === "delete") {
    for (const row of raw.all()) {
      const s = ctx.identityMap.get(mapper, identityKey(pkPos.map((p) => row[p])));
      if (s) ctx.markDeleted(s);
    }
  }
  return result;
}

/** `session.execute(update(User), [{ id: 1, username: "x" }, ...])`: one UPDATE per row by primary key. */
async function bulkUpdateByPk(ctx: OrmDmlContext, mapper: Mapper, stmt: Update<any, any>, rows: readonly Readonly<Record<string, unknown>>[]): Promise<Result<unknown[]>> {
  if (stmt._where.length || stmt._set.length || stmt._returning.length) {
    throw new ArgumentError(
      `session.execute(update(${mapper.className}), [...]) is a bulk UPDATE by primary key: give the statement no where(), values() or returning(); ` +
        `each parameter set carries the primary key (${mapper.pk.map((c) => c.key).join(", ")}) and the attributes to set`,
    );
  }
  await bulkUpdate(ctx.conn, mapper, rows as Record<string, unknown>[]);
  for (const r of rows) {
    const s = ctx.identityMap.get(mapper, identityKey(mapper.pk.map((c) => r[c.key])));
    if (!s || s.status !== "persistent") continue;
    for (const [k, v] of Object.entries(r)) {
      if (v === undefined || mapper.pk.some((c) => c.key === k)) continue;
      setLoaded(s, k, v);
      committedOf(s).delete(k);
    }
    ctx.markWritten(s);
  }
  return new Result([], [], rows.length, null);
}
