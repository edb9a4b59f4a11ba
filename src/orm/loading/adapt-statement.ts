/**
 * Column adaptation: a copy of a statement in which some FROMs and columns are replaced by others
 * (a concrete base's table and its columns by the polymorphic UNION subquery and its columns), so
 * criteria and ORDER BY written against `Vehicle.name` apply to what the statement now selects
 * from. SQLAlchemy's `ClauseAdapter`, structurally: expression nodes, joins, join specs and
 * nested selects (scalar subqueries, EXISTS) are copied where something below them changed;
 * tables, columns, aliases, subqueries and CTEs are leaves (replaced only when mapped).
 * @module
 */
import { ClauseElement } from "../../sql/elements/clause.js";
import { FromClause } from "../../sql/selectable/from-clause.js";

/** Fields that are not part of the SQL (the ORM's entities and options) or caches rebuilt on demand. */
const SKIP = new Set(["_entities", "_options", "_cIndex", "_cols"]);

/** `node` with every occurrence of a key of `map` replaced by its value (unchanged parts shared). */
export function replaceElements<T>(node: T, map: ReadonlyMap<object, object>): T {
  return rewrite(node, map, new Map()) as T;
}

function rewrite(x: unknown, map: ReadonlyMap<object, object>, memo: Map<object, unknown>): unknown {
  if (x === null || typeof x !== "object") return x;
  const hit = map.get(x);
  if (hit) return hit;
  if (memo.has(x)) return memo.get(x);
  let out: unknown = x;
  if (Array.isArray(x)) {
    const items = x.map((v) => rewrite(v, map, memo));
    if (items.some((v, i) => v !== x[i])) out = items;
  } else if (x instanceof ClauseElement) {
    // leaves: schema objects and named FROMs (their columns belong to them)
    if (x instanceof FromClause && x.kind !== "join") out = x;
    else if (x.kind === "column" || x.kind === "fromColumn") out = x;
    else out = copyFields(x, map, memo);
  } else if (Object.getPrototypeOf(x) === Object.prototype) {
    out = copyFields(x, map, memo); // plain records (a select's join specs)
  }
  memo.set(x, out);
  return out;
}

function copyFields(x: object, map: ReadonlyMap<object, object>, memo: Map<object, unknown>): object {
  memo.set(x, x); // cycles (none expected) see the original
  let copy: Record<string, unknown> | null = null;
  for (const k of Object.keys(x)) {
    if (SKIP.has(k)) continue;
    const v = (x as Record<string, unknown>)[k];
    const nv = rewrite(v, map, memo);
    if (nv !== v) {
      copy ??= Object.assign(Object.create(Object.getPrototypeOf(x) as object) as Record<string, unknown>, x);
      copy[k] = nv;
    }
  }
  if (!copy) return x;
  delete copy["_cIndex"];
  return copy;
}
