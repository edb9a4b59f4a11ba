/**
 * Running an ORM select: loader options become a load tree per entity; joined loads rewrite the
 * statement; rows become objects through the identity map; then the post-query loaders
 * (selectin, subquery, noload, raise) run level by level. `fromStatement(text(...))` reads the
 * entities from the text's columns by name.
 * @module
 */
import { ArgumentError, InvalidRequestError } from "../../errors.js";
import { Result, type ExecuteParams, type Row } from "../../engine/index.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { Select } from "../../sql/selectable/select.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { entitySpec } from "./entity-spec.js";
import { planJoined, populateJoined, type JoinedPlan } from "./joined.js";
import { entityResult, type EntitySpec } from "./loading.js";
import { buildLoadTree, emptyNode, LoadNode } from "./options.js";
import { descendants } from "../mapping/inheritance.js";
import type { OrmResult } from "./orm-result.js";
import { postLoad, type PostLoadContext } from "./post-load.js";
import { applyWithPolymorphic } from "./polymorphic.js";
import type { Mapper } from "../mapping/mapper.js";

/**
 * The options' tree for an entity: its mapper's, else the nearest parent class's (options name
 * inherited relationships through the parent), merged with the trees of its subclasses (options
 * naming a relationship only a subclass has apply to that subclass's objects).
 */
function treeFor(tree: Map<Mapper, LoadNode>, mapper: Mapper): LoadNode {
  let node = emptyNode();
  for (let m: Mapper | null = mapper; m; m = m.inherits) {
    const hit = tree.get(m);
    if (hit) {
      node = hit;
      break;
    }
  }
  const subs = descendants(mapper).map((d) => tree.get(d)).filter((n): n is LoadNode => !!n);
  if (!subs.length) return node;
  const merged = new LoadNode();
  for (const n of [node, ...subs]) for (const [rel, c] of n.children) if (!merged.children.has(rel)) merged.children.set(rel, c);
  return merged;
}

/** What running ORM queries needs from the session. */
export interface OrmQueryContext extends Omit<PostLoadContext, "runNested"> {
  /** Executes a Core statement on the session's connection. */
  execute(stmt: ClauseElement, params?: ExecuteParams): Promise<Result<unknown[]>>;
  /** Are the Core results of `execute` seen by nobody else (no engine execute listener holds them)? Then loading may empty them. */
  ownsResults?(): boolean;
}

/** Runs an entity select with its loader options (`select(User).options(selectinload(User.posts))`). */
export function runOrmSelect(ctx: OrmQueryContext, stmt: Select<any>, params?: ExecuteParams): Promise<OrmResult<unknown[]>> {
  stmt = applyWithPolymorphic(stmt);
  const spec = entitySpec(stmt)!;
  const tree = buildLoadTree(stmt._options);
  const nodes = spec.items.map((i) => (i.mapper ? treeFor(tree, i.mapper) : null));
  return run(ctx, stmt, spec, nodes, params, []);
}

async function run(
  ctx: OrmQueryContext,
  stmt: Select<any>,
  spec: EntitySpec,
  nodes: readonly (LoadNode | null)[],
  params: ExecuteParams | undefined,
  path: readonly RelationshipAttribute[],
): Promise<OrmResult<unknown[]>> {
  const textual = stmt._fromStatement;
  const plan: JoinedPlan = textual ? { statement: stmt, nodes: [], requiresUnique: false } : planJoined(stmt, spec, nodes, path);
  let raw = await ctx.execute(textual ?? plan.statement, params);
  if (textual) raw = remapByName(spec, stmt, raw);
  return finish(ctx, stmt, spec, nodes, plan, raw, path);
}

/**
 * Are the rows of `stmt` distinct rows of its one entity's table? True for a select of one entity
 * whose FROM list is just that table (no join, no other table in WHERE): each row is then a
 * different primary key.
 */
function rowsAreDistinct(stmt: Select<any>, spec: EntitySpec): boolean {
  const item = spec.items[0];
  if (spec.items.length !== 1 || !item?.mapper || item.union || stmt._joins.length) return false;
  const froms = stmt._resolveFroms([]);
  return froms.length === 1 && froms[0] === item.mapper.table;
}

/** Rows of `raw` (the statement's Core rows) to objects, then the joined and post-query loaders. */
async function finish(
  ctx: OrmQueryContext,
  stmt: Select<any>,
  spec: EntitySpec,
  nodes: readonly (LoadNode | null)[],
  plan: JoinedPlan,
  raw: Result<unknown[]>,
  path: readonly RelationshipAttribute[],
): Promise<OrmResult<unknown[]>> {
  const textual = stmt._fromStatement;
  // with no joined loads the Core rows are read only here (unless an execute listener was given them)
  const result = entityResult(ctx, spec, raw, plan.requiresUnique, plan.nodes.length === 0 && ctx.ownsResults?.() === true, !textual && plan.nodes.length === 0 && rowsAreDistinct(stmt, spec));
  if (plan.nodes.length) populateJoined(ctx, plan, raw._arrays(), result._allRows() as unknown[][]);
  let pctx_: PostLoadContext | null = null;
  // built only when a post-query loader runs (most queries, and every session.get, need none)
  const pctx = (): PostLoadContext => (pctx_ ??= {
    ...ctx,
    identityMap: ctx.identityMap,
    _attachLoaded: (s) => ctx._attachLoaded(s),
    _owner: ctx._owner,
    runNested: async (q, node, p) => {
      // a relationship's target with mapperArgs.withPolymorphic: its joined-table subclasses joined in (not a concrete union: the foreign key names the target's table)
      q = applyWithPolymorphic(q, true);
      const qs = entitySpec(q)!;
      const r = await run(ctx, q, qs, qs.items.map((i, n) => (n === 0 ? node : i.mapper ? emptyNode() : null)), undefined, p);
      // one entity: its objects as they are (no rows built); a joined collection repeats them
      if (qs.items.length === 1) return r.requiresUnique ? [...new Set(r._column(0))] : r._column(0);
      return (r.requiresUnique ? r.unique() : r).all();
    },
  });
  for (let i = 0; i < spec.items.length; i++) {
    const item = spec.items[i]!;
    const node = nodes[i];
    if (!item.mapper || !node || !needsPostLoad(item.mapper, node)) continue;
    const objs = [...new Set(result._column(i).filter((o): o is object => o !== null))];
    await postLoad(pctx(), item.mapper, objs, node, { stmt, item: i }, path, !textual);
  }
  for (const jn of plan.nodes) await postLoad(pctx(), jn.rel.target, jn.children, jn.node, null, [...path, jn.rel], true);
  return result;
}

/**
 * `yieldPer(n)`: streams an entity select and yields its rows `size` at a time, each chunk turned
 * into objects and run through the post-query loaders (selectin) before it is yielded. Joined eager
 * loading of a collection cannot be chunked (a parent's rows may straddle two chunks).
 */
export async function* streamOrmSelect(
  ctx: OrmQueryContext,
  stmt: Select<any>,
  size: number,
  open: (stmt: ClauseElement) => AsyncIterable<Row<unknown[]>>,
): AsyncGenerator<Row<unknown[]>[]> {
  if (stmt._fromStatement) throw new ArgumentError("yieldPer()/partitions() of select(...).fromStatement(text) is not supported; read it with .all()");
  stmt = applyWithPolymorphic(stmt);
  const spec = entitySpec(stmt)!;
  const tree = buildLoadTree(stmt._options);
  const nodes = spec.items.map((i) => (i.mapper ? treeFor(tree, i.mapper) : null));
  const plan = planJoined(stmt, spec, nodes, []);
  if (plan.requiresUnique) {
    throw new InvalidRequestError("yieldPer() cannot be combined with joinedload() of a collection (a parent's rows may span two chunks); use selectinload() instead");
  }
  for await (const rows of chunked(open(plan.statement), size)) {
    yield (await finish(ctx, stmt, spec, nodes, plan, new Result(rows, [], -1, null), [])).all();
  }
}

/** The items of `source` in arrays of `size` (the last one shorter). */
export async function* chunked<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let buf: T[] = [];
  for await (const item of source) {
    buf.push(item);
    if (buf.length >= size) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length) yield buf;
}

/** `fromStatement(text)`: reorders the text's columns (by name) into the select's column layout. */
function remapByName(spec: EntitySpec, stmt: Select<any>, raw: Result<unknown[]>): Result<unknown[]> {
  const keys = raw.keys();
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!index.has(k)) index.set(k, i);
    if (!index.has(k.toLowerCase())) index.set(k.toLowerCase(), i);
  });
  const positions: number[] = [];
  const names = stmt.selectedColumns.map((c) => (c as { name?: string; key?: string }).name ?? (c as { key?: string }).key ?? "");
  for (const name of names) {
    const p = index.get(name) ?? index.get(name.toLowerCase());
    if (p === undefined) throw new ArgumentError(`fromStatement(): the statement returns no column named ${JSON.stringify(name)} (columns: ${keys.join(", ")})`);
    positions.push(p);
  }
  void spec;
  const rows = raw._arrays().map((r) => positions.map((p) => r[p])) as unknown as Row<unknown[]>[];
  return { all: () => rows, _arrays: () => rows, keys: () => names, rowcount: raw.rowcount, lastInsertId: raw.lastInsertId } as unknown as Result<unknown[]>;
}

/** Does any relationship of `mapper` load after the query (a strategy other than lazy "select")? Saves collecting the objects when none does. */
function needsPostLoad(mapper: Mapper, node: LoadNode): boolean {
  mapper.ensureConfigured();
  for (const rel of mapper.relationships.values()) if (node.strategyFor(rel).strategy !== "select") return true;
  // a polymorphic query's objects may be of subclasses with relationships of their own
  for (const sub of mapper.subMappers) if (needsPostLoad(sub, node)) return true;
  return false;
}
