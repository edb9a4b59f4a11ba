/**
 * Loaders that run after the parent query: `selectinload` (`SELECT child, key FROM ... WHERE key
 * IN (...)`, chunked under the parameter limit; composite keys as a tuple IN or an OR of ANDs),
 * `subqueryload` (the parent query again as a subquery joined to the child table), `noload`
 * (empty without SQL) and `raiseload` (marks the attribute so `awaitableAttrs` raises).
 * Parents whose attribute is already loaded keep it (pending changes are never overwritten).
 * @module
 */
import type { Row } from "../../engine/index.js";
import { and, or, BindParameter, ColumnElement, InList, Tuple } from "../../sql/elements/elements.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import { select, type Select } from "../../sql/selectable/select.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { Mapper } from "../mapping/mapper.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { adapt, linkColumns } from "../mapping/relationship-path.js";
import { extraCriteria } from "../mapping/primaryjoin.js";
import { wrapCollection } from "../session/attributes.js";
import { NO_VALUE, onRow, rowValue, stateOf, type InstanceState, hasExpired, setLoaded, dictOf, markRaiseload } from "../session/instance-state.js";
import type { LoadContext } from "./loading.js";
import type { LoadNode } from "./options.js";
import { relOrderBy } from "./rel-order.js";
import { identityKey } from "../session/identity-map.js";

/** What post-query loaders need: run a nested entity query with its own load tree. */
export interface PostLoadContext extends LoadContext {
  /** The largest number of bound parameters one statement may carry. */
  readonly maxParams: number;
  /** Does the dialect accept `(a, b) IN ((?, ?), ...)`? */
  readonly tupleIn: boolean;
  /**
   * Runs `stmt` as an entity query whose item 0 loads with `node`: its rows (holding objects), or,
   * for a select of the entity alone, the objects (each once).
   */
  runNested(stmt: Select<any>, node: LoadNode, path: readonly RelationshipAttribute[]): Promise<readonly unknown[]>;
}

/** The statement (and its entity's position) that loaded some parents, for subqueryload. */
export interface ParentQuery {
  readonly stmt: Select<any>;
  readonly item: number;
}

/**
 * The most keys one IN list carries. SQLAlchemy chunks at 500; alkahest goes up to the driver's
 * parameter limit (one statement per level for up to 10 000 parents), because from the edge each
 * statement is a round trip: 5 000 posts' comments are one statement, not ten.
 */
const CHUNK = 10_000;

/** A link value as a grouping key (a parent's and its children's values may differ in type: 1 and "1"). */
function keyPart(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

function keyString(values: readonly unknown[]): string {
  if (values.length === 1) return keyPart(values[0]);
  let k = keyPart(values[0]);
  for (let i = 1; i < values.length; i++) k += "\u0000" + keyPart(values[i]);
  return k;
}

/** The grouping key of `x`'s values of columns `cols`, read with `read` (no array for one column). */
function linkKey<X>(cols: readonly ColumnImpl<string, unknown>[], x: X, read: (x: X, key: string) => unknown): string {
  return cols.length === 1 ? keyPart(read(x, cols[0]!.key)) : keyString(cols.map((c) => read(x, c.key)));
}

/** The value of `k` in the database: the committed value of a changed attribute, else the current one. */
function dbValue(s: InstanceState, k: string): unknown {
  const c = s._committed;
  if (c instanceof Map && c.has(k)) return c.get(k);
  const r = onRow(s, k); // (no dictionary copied for this read)
  return r !== NO_VALUE ? r : dictOf(s)[k];
}

/** Runs the post-query loaders below `mapper` for `objs` (skipping joined ones unless `joinedDone` is false). */
export async function postLoad(
  ctx: PostLoadContext,
  mapper: Mapper,
  objs: readonly object[],
  node: LoadNode,
  parent: ParentQuery | null,
  path: readonly RelationshipAttribute[],
  joinedDone: boolean,
): Promise<void> {
  if (!objs.length) return;
  mapper.ensureConfigured();
  // relationships declared only on a subclass, named by an option (selectinload(Engineer.machines) in a
  // query of Employee), load for the objects of that subclass; no joined step was planned for them
  const own = new Set(mapper.relationships.values());
  const sub = [...node.children.keys()].filter((r) => !own.has(r) && r.parent.isa(mapper));
  for (const rel of [...own, ...sub]) {
    const st = node.strategyFor(rel);
    if (!own.has(rel) && (st.strategy === "joined" || st.strategy === "containsEager")) {
      await selectinLoad(ctx, rel, objs.map((o) => stateOf(o)).filter((s) => s.identity !== null && !(rel.key in dictOf(s)) && s.mapper.relationships.get(rel.key) === rel), st.node, path);
      continue;
    }
    if (st.strategy === "select") continue;
    if (!st.explicit && path.includes(rel) && st.strategy !== "raise" && st.strategy !== "noload") continue; // default eager strategies stop at cycles
    // objects of a class without this relationship (a concrete sibling loaded by a polymorphic union) are skipped
    const todo = objs.map((o) => stateOf(o)).filter((s) => s.identity !== null && !(rel.key in dictOf(s)) && s.mapper.relationships.get(rel.key) === rel);
    switch (st.strategy) {
      case "raise":
        for (const s of todo) markRaiseload(s, rel.key);
        break;
      case "noload":
        for (const s of todo) setLoaded(s, rel.key, rel.uselist ? wrapCollection(s, rel, []) : null);
        break;
      case "subquery":
        if (parent && !parent.stmt._fromStatement) await subqueryLoad(ctx, rel, todo, st.node, parent, path);
        else await selectinLoad(ctx, rel, todo, st.node, path);
        break;
      case "joined":
      case "containsEager":
        if (!joinedDone) await selectinLoad(ctx, rel, todo, st.node, path);
        break;
      default:
        await selectinLoad(ctx, rel, todo, st.node, path);
    }
  }
}

/** `(k1, k2) IN (...)`, `k IN (...)` or an OR of ANDs for composite keys without tuple IN. */
export function inCriteria(cols: readonly ColumnElement<unknown>[], keys: readonly unknown[][], tupleIn: boolean): ColumnElement<unknown> {
  if (cols.length === 1) return cols[0]!.in(keys.map((k) => k[0]) as never[]);
  if (tupleIn) return new InList(new Tuple(cols), keys.map((k) => new Tuple(k.map((v, i) => new BindParameter(v, cols[i]!.type)))), false);
  return or(...keys.map((k) => and(...cols.map((c, i) => c.eq(k[i] as never)))));
}

/** Assigns each parent its group of children (by key string), as loaded (not as a change). */
function assign(rel: RelationshipAttribute, parents: readonly InstanceState[], parentCols: readonly ColumnImpl<string, unknown>[], groups: Map<string, object[]>): void {
  for (const s of parents) {
    if (rel.key in dictOf(s)) continue;
    const items = groups.get(linkKey(parentCols, s, dbValue)) ?? [];
    setLoaded(s, rel.key, rel.uselist ? wrapCollection(s, rel, items.length > 1 ? [...new Set(items)] : items.slice()) : (items[0] ?? null));
  }
}

function addTo(into: Map<string, object[]>, k: string, child: object): void {
  const g = into.get(k);
  if (g === undefined) into.set(k, [child]);
  else g.push(child);
}

/** Groups rows `[child, ...link values]` by their link values. */
function group(rows: readonly unknown[], width: number, into: Map<string, object[]>): void {
  for (const row of rows as readonly Row<unknown[]>[]) {
    const child = row[0] as object | null;
    if (child) addTo(into, width === 1 ? keyPart(row[1]) : keyString(row.slice(1, 1 + width)), child);
  }
}

/** Groups child objects by the values of their own columns `cols` (the link is on the child's table). */
function groupByOwnColumns(children: readonly unknown[], cols: readonly ColumnImpl<string, unknown>[], into: Map<string, object[]>): void {
  for (const c of children) {
    const child = c as object | null;
    if (child) addTo(into, linkKey(cols, child, ownValue), child);
  }
}

/** A loaded child's database value of column attribute `k` (from its row when it has no state yet). */
function ownValue(obj: object, k: string): unknown {
  const v = rowValue(obj, k);
  return v !== NO_VALUE ? v : dbValue(stateOf(obj), k);
}

/**
 * Can the children be selected as `select(Target)` alone and grouped by their own columns? When the
 * link columns are columns of the target's one table (one-to-many, many-to-one; not through a
 * secondary table or an inheritance hierarchy): the statement then selects rows of one table, which
 * load without an identity-map lookup per row into a session that holds none of them.
 */
function linkOnTarget(rel: RelationshipAttribute, child: readonly ColumnImpl<string, unknown>[]): boolean {
  const t = rel.target;
  if (rel.direction === "manyToMany" || t.tables.length !== 1 || t.inherits || t.subMappers.length || t.polymorphicOn) return false;
  return child.every((c) => c.table === t.table && t.columnByKey.get(c.key) === c);
}

/** `SELECT target.*[, link] FROM target [JOIN secondary] [JOIN anon]`: the child query before criteria. */
function childQuery(rel: RelationshipAttribute, linkCols: readonly ColumnElement<unknown>[]): Select<any> {
  let q = select(rel.target.cls as never, ...(linkCols as ColumnElement<unknown>[])) as unknown as Select<any>;
  if (rel.direction === "manyToMany") {
    const on = and(...rel.targetSecondaryPairs.map((p) => p.fk.eq(p.referenced as never)));
    q = q.join(rel.secondary!, on);
  }
  const extra = extraCriteria(rel);
  if (extra) q = q.where(extra);
  const order = relOrderBy(rel);
  return order.length ? q.orderBy(...order) : q;
}

async function selectinLoad(ctx: PostLoadContext, rel: RelationshipAttribute, parents: InstanceState[], node: LoadNode, path: readonly RelationshipAttribute[]): Promise<void> {
  if (!parents.length) return;
  const link = linkColumns(rel);
  const groups = new Map<string, object[]>();
  const keys = new Map<string, unknown[]>();
  const target = rel.target;
  const byPk = rel.direction === "manyToOne" && !rel.primaryJoin?.extra.length && target.pk.length === link.child.length && link.child.every((c) => target.pk.includes(c as never));
  for (const s of parents) {
    const vals = link.parent.map((c) => dbValue(s, c.key));
    if (vals.some((v) => v === null || v === undefined)) continue;
    const k = keyString(vals);
    if (byPk && !groups.has(k)) {
      const hit = ctx.identityMap.get(target, identityKey(target.pk.map((c) => vals[link.child.indexOf(c as never)])));
      if (hit && hit.status === "persistent" && !hasExpired(hit)) {
        groups.set(k, [hit.obj]);
        continue;
      }
    }
    if (!groups.has(k)) keys.set(k, vals);
  }
  const all = [...keys.values()];
  const size = Math.max(1, Math.min(CHUNK, Math.floor((ctx.maxParams - 10) / link.child.length)));
  const own = linkOnTarget(rel, link.child);
  const base = childQuery(rel, own ? [] : link.child);
  for (let i = 0; i < all.length; i += size) {
    const chunk = all.slice(i, i + size);
    const rows = await ctx.runNested(base.where(inCriteria(link.child, chunk, ctx.tupleIn)), node, [...path, rel]);
    if (own) groupByOwnColumns(rows, link.child, groups);
    else group(rows, link.child.length, groups);
  }
  assign(rel, parents, link.parent, groups);
}

async function subqueryLoad(ctx: PostLoadContext, rel: RelationshipAttribute, parents: InstanceState[], node: LoadNode, parent: ParentQuery, path: readonly RelationshipAttribute[]): Promise<void> {
  if (!parents.length) return;
  const link = linkColumns(rel);
  const parentFrom = parent.stmt._items[parent.item] as FromClause;
  let keysStmt = parent.stmt.withOnlyColumns(...link.parent.map((c, i) => adapt(parentFrom, c).label(`key_${i}`))).distinct() as unknown as Select<any>;
  if (!keysStmt._limit && !keysStmt._offset) keysStmt = keysStmt.orderBy(null);
  const anon = keysStmt.subquery();
  const anonCols = link.parent.map((_c, i) => anon.c[`key_${i}`]!);
  const q = childQuery(rel, anonCols).join(anon, and(...link.child.map((c, i) => c.eq(anonCols[i] as never))));
  const groups = new Map<string, object[]>();
  group(await ctx.runNested(q, node, [...path, rel]), link.child.length, groups);
  assign(rel, parents, link.parent, groups);
}
