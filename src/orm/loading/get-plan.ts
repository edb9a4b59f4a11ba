/**
 * `session.get()`'s SELECT by primary key, compiled once per engine and mapper: each identity-map
 * miss binds the key values into the cached statement and runs it on the session's connection,
 * instead of building, caching-by-key and compiling a `select(Model).where(pk = …)` per call.
 *
 * Only for mappers whose plain select is exactly that statement and whose rows need nothing after
 * loading: no inheritance (no polymorphic loading, joined tables or discriminator criteria) and
 * every relationship lazily loaded by default (no joined, selectin, subquery, noload or raise
 * default). Anything else, engines with execute event listeners (which must see the
 * statement) and key values the column type refuses (the error names no internal parameter) go
 * through the ORM select runner as before.
 * @module
 */
import type { Connection } from "../../engine/connection.js";
import type { Engine, Result } from "../../engine/index.js";
import type { CompiledSQL } from "../../sql/compiled.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { and, bindparam } from "../../sql/elements/elements.js";
import { select } from "../../sql/selectable/select.js";
import type { Mapper } from "../mapping/mapper.js";
import { entitySpec } from "./entity-spec.js";
import { loadInstance, type LoadContext } from "./loading.js";
import { emptyNode } from "./options.js";

interface GetPlan {
  readonly compiled: CompiledSQL;
  /** The entity's columns in the statement (`loadInstance`'s layout). */
  readonly cols: readonly ColumnImpl<string, unknown>[];
  /** Named parameters, one per primary-key column (reused: bindParams does not keep them). */
  readonly names: readonly string[];
  /** Per bound parameter of `compiled`: the position of its key value, or -1 (a constant). */
  readonly slots: readonly number[];
}

const plans = new WeakMap<Engine, Map<Mapper, GetPlan | null>>();

function eligible(mapper: Mapper): boolean {
  mapper.ensureConfigured();
  if (mapper.inherits || mapper.subMappers.length || mapper.polymorphicOn || mapper.tables.length !== 1) return false;
  const node = emptyNode();
  for (const rel of mapper.relationships.values()) if (node.strategyFor(rel).strategy !== "select") return false;
  return true;
}

function planFor(engine: Engine, mapper: Mapper): GetPlan | null {
  let byMapper = plans.get(engine);
  if (!byMapper) plans.set(engine, (byMapper = new Map()));
  let plan = byMapper.get(mapper);
  if (plan === undefined) {
    plan = null;
    if (eligible(mapper)) {
      const names = mapper.pk.map((_, i) => `alkahest_pk_${i}`);
      const crit = mapper.pk.map((c, i) => c.eq(bindparam(names[i]!, undefined, { type: c.type as never }) as never));
      const stmt = select(mapper.cls as never).where(crit.length === 1 ? crit[0]! : and(...crit));
      const item = entitySpec(stmt)?.items[0];
      if (item?.mapper && item.cols) {
        const compiled = engine.compile(stmt);
        const slots = compiled.paramKeys.map((k) => (k === null ? -1 : names.indexOf(k)));
        // every named parameter is a key value (else the general path binds it)
        if (slots.every((k, i) => k >= 0 || compiled.paramKeys[i] === null)) plan = { compiled, cols: item.cols, names, slots };
      }
    }
    byMapper.set(mapper, plan);
  }
  return plan;
}

/** A get by primary key ready to run: the cached statement with the key bound (`getByKey`). */
export interface PreparedGet {
  readonly compiled: CompiledSQL;
  readonly params: unknown[];
  readonly cols: readonly ColumnImpl<string, unknown>[];
}

/**
 * The cached statement with primary key `values` bound, or null when this mapper or connection
 * needs the general path (see the module comment). The session runs it (`Connection._executeCompiled`)
 * and passes the result to `loadGot`.
 */
export function prepareGet(conn: Connection, mapper: Mapper, values: readonly unknown[]): PreparedGet | null {
  const engine = conn.engine;
  if (engine._hasExecuteListeners) return null;
  const plan = planFor(engine, mapper);
  if (plan === null) return null;
  // a value the key column's type refuses: the general path raises its usual error
  for (let i = 0; i < plan.names.length; i++) if (mapper.pk[i]!.type.checkValue(values[i])) return null;
  // the key values bound where bindParams() would put them (checked above, each name used)
  const compiled = plan.compiled;
  const params = compiled.params.slice();
  const { slots } = plan;
  for (let i = 0; i < slots.length; i++) {
    const k = slots[i]!;
    if (k < 0) continue;
    const v = values[k];
    const p = compiled.paramProcessors[i];
    params[i] = v === null || v === undefined || !p ? (v ?? null) : p(v);
  }
  return { compiled, params, cols: plan.cols };
}

/** The object of a prepared get's result (at most one row: the key is unique), without an ORM result around it. */
export function loadGot(ctx: LoadContext, mapper: Mapper, get: PreparedGet, result: Result<unknown[]>): object | undefined {
  const row = result._arrays()[0];
  return row === undefined ? undefined : (loadInstance(ctx, mapper, row, 0, false, get.cols) ?? undefined);
}
