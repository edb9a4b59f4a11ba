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
import { bindParams, type Connection } from "../../engine/connection.js";
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
      if (item?.mapper && item.cols) plan = { compiled: engine.compile(stmt), cols: item.cols, names };
    }
    byMapper.set(mapper, plan);
  }
  return plan;
}

/**
 * Loads the object with primary key `values` through the cached statement, or returns null when
 * this mapper or connection needs the general path (see the module comment).
 */
export function loadByPrimaryKey(ctx: LoadContext, conn: Connection, mapper: Mapper, values: readonly unknown[]): Promise<object | undefined> | null {
  const engine = conn.engine;
  if (engine._hasExecuteListeners) return null;
  const plan = planFor(engine, mapper);
  if (plan === null) return null;
  const named: Record<string, unknown> = {};
  for (let i = 0; i < plan.names.length; i++) {
    const v = values[i];
    // a value the key column's type refuses: the general path raises its usual error
    if (mapper.pk[i]!.type.checkValue(v)) return null;
    named[plan.names[i]!] = v;
  }
  const compiled = plan.compiled;
  const params = bindParams(compiled, named);
  return conn._executeCompiled(compiled, params).then((raw: Result<unknown[]>) => {
    // at most one row (the key is unique): its object, without an ORM result around it
    const row = raw._arrays()[0];
    return row === undefined ? undefined : (loadInstance(ctx, mapper, row, 0, false, plan.cols) ?? undefined);
  });
}
