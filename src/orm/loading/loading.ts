/**
 * Rows to objects through the identity map: a row whose key is already in the session returns
 * that object (its pending changes are kept; only expired attributes are filled from the row).
 * @module
 */
import type { Result, Row } from "../../engine/index.js";
import { OrmResult } from "./orm-result.js";
import type { Mapper } from "../mapping/mapper.js";
import { initBatchLoaded, initState, instanceState, isFreshLoaded, rowLayout, LoadBatch, type InstanceState, type StateOwner, committedOf, expiredOf, hasExpired, setLoaded, dictOf } from "../session/instance-state.js";
import { identityKey, identityKeyOf, type IdentityKey, type IdentityMap } from "../session/identity-map.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { mapperForIdentity } from "../mapping/inheritance.js";
import { baseColumns } from "./polymorphic.js";
import { loadUnionRow, type ConcreteUnion } from "./concrete-union.js";

/** What loading needs from the session. */
export interface LoadContext {
  readonly identityMap: IdentityMap;
  /** Attaches a freshly loaded state (status persistent). */
  _attachLoaded(state: InstanceState): void;
  /** The session loaded objects belong to. */
  readonly _owner: StateOwner;
}

/**
 * Builds (or finds) the object for one row: `values` from `offset` are the columns `cols` (the
 * mapper's selectable by default). A polymorphic base reads the discriminator to pick the class;
 * attributes of that class the row lacks (a joined subclass's table) are left expired.
 */
export function loadInstance(ctx: LoadContext, mapper: Mapper, values: readonly unknown[], offset: number, overwrite = false, cols: readonly ColumnImpl<string, unknown>[] = baseColumns(mapper.selectable)): object | null {
  const positions = pkPositions(mapper, cols);
  let key: IdentityKey;
  if (positions.length === 1) {
    // single-column key: no array per row (a number or string is its own key)
    const v = values[offset + positions[0]!];
    if (v === null || v === undefined) return null;
    key = identityKeyOf(v);
  } else {
    const pk: unknown[] = new Array(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const v = values[offset + positions[i]!];
      if (v === null || v === undefined) return null;
      pk[i] = v;
    }
    key = identityKey(pk);
  }
  const found = ctx.identityMap.getObject(mapper, key);
  if (found !== undefined) {
    // an object loaded earlier and not touched since: nothing to fill in, no state to build
    if (!overwrite && isFreshLoaded(found)) return found;
    const existing = instanceState(found);
    if (overwrite || hasExpired(existing)) {
      const em = existing.mapper;
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i]!;
        const k = c.key;
        if (em.tables.length > 1 && !em.tables.includes(c.table as never)) continue;
        if (overwrite ? !committedOf(existing).has(k) : expiredOf(existing).has(k) && !committedOf(existing).has(k)) setLoaded(existing, k, values[offset + i]);
      }
    }
    return existing.obj;
  }
  let target = mapper;
  if (mapper.polymorphicOn) {
    const d = cols.indexOf(mapper.polymorphicOn);
    if (d >= 0) target = mapperForIdentity(mapper, values[offset + d]);
  }
  if (target === mapper && positions.length === 1 && isPlain(mapper)) {
    // the object holds its row and joins the batch of objects loaded alike; its state is built when needed
    const layout = rowLayout(cols, offset);
    const obj = mapper.blankInstance();
    initBatchLoaded(obj, ctx.identityMap.batchFor(mapper, layout, offset + positions[0]!, ctx._owner), values);
    ctx.identityMap.setObject(mapper, key, obj);
    return obj;
  }
  const obj = target.blankInstance();
  const state = initState(obj, target);
  const dict = dictOf(state);
  if (target === mapper && isPlain(mapper)) {
    for (let i = 0; i < cols.length; i++) dict[cols[i]!.key] = values[offset + i];
  } else {
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      if (!(c.key in dict) && target.columnByKey.has(c.key) && target.tables.includes(c.table as never)) dict[c.key] = values[offset + i];
    }
    for (const c of target.columns) if (!(c.key in dict)) expiredOf(state).add(c.key);
  }
  state.identity = key;
  state.status = "persistent";
  ctx._attachLoaded(state);
  return obj;
}

/** A mapper of one table without inheritance: a row's columns are exactly its object's. */
function isPlain(mapper: Mapper): boolean {
  return mapper.tables.length === 1 && !mapper.inherits && !mapper.subMappers.length;
}

/**
 * `loadInstance` for every row of a result whose rows are distinct rows of `mapper`'s table (a
 * plain `select(User)`: one table, no join) when the session holds no object of that class: no
 * identity-map lookup per row, and the objects are added to the map unindexed. Returns false (and
 * loads nothing) when that does not hold.
 */
function loadDistinctRows(ctx: LoadContext, mapper: Mapper, rows: readonly (readonly unknown[])[], cols: readonly ColumnImpl<string, unknown>[], out: unknown[], drop: unknown[] | null): boolean {
  if (!isPlain(mapper) || !ctx.identityMap.isEmptyFor(mapper)) return false;
  const positions = pkPositions(mapper, cols);
  if (positions.length !== 1) return false;
  const p = positions[0]!;
  const n = rows.length;
  const batch = new LoadBatch(mapper, rowLayout(cols), p, identityKeyOf, ctx._owner, n);
  const objs = batch.objs;
  for (let r = 0; r < n; r++) {
    const values = rows[r]!;
    const v = values[p];
    if (v === null || v === undefined) {
      // a null key (not a row of the table after all): the general path from this row on
      objs.length = r;
      ctx.identityMap.addBatch(batch);
      return loadRest(ctx, mapper, rows, cols, out, drop, r);
    }
    const obj = mapper.blankInstance();
    // the object keeps its row and the batch; its state is built when first needed
    initBatchLoaded(obj, batch, values);
    objs[r] = out[r] = obj; // (the row is not let go from `drop`: the object holds it)
  }
  ctx.identityMap.addBatch(batch);
  return true;
}

/** The rows from `from` on through `loadInstance`. */
function loadRest(ctx: LoadContext, mapper: Mapper, rows: readonly (readonly unknown[])[], cols: readonly ColumnImpl<string, unknown>[], out: unknown[], drop: unknown[] | null, from: number): true {
  for (let r = from; r < rows.length; r++) {
    out[r] = loadInstance(ctx, mapper, rows[r]!, 0, false, cols);
    if (drop !== null) drop[r] = undefined;
  }
  return true;
}

const pkPositionCache = new WeakMap<Mapper, { cols: unknown; n: number; positions: number[] }>();

/** Positions of the primary-key columns among the table's columns (memoised per mapper and column list). */
function pkPositions(mapper: Mapper, cols: readonly ColumnImpl<string, unknown>[]): number[] {
  const hit = pkPositionCache.get(mapper);
  if (hit && hit.cols === cols && hit.n === cols.length && hit.positions.length === mapper.pk.length) return hit.positions;
  const positions = mapper.pk.map((c) => cols.indexOf(c));
  pkPositionCache.set(mapper, { cols, n: cols.length, positions });
  return positions;
}

/** The entities of a select's items, or null when it selected none. */
export interface EntitySpec {
  readonly items: readonly (
    | { mapper: Mapper; width: number; cols?: readonly ColumnImpl<string, unknown>[]; union?: ConcreteUnion }
    | { mapper: null; width: number; key: string }
  )[];
}

/**
 * Turns a Core result of an entity select into rows of objects (`[User]`, `[User, Post]`,
 * `[User, number]`): each entity's columns become one object from the identity map. `consume`:
 * `result` is read no more afterwards (its rows may be emptied).
 */
export function entityResult(ctx: LoadContext, spec: EntitySpec, result: Result<unknown[]>, requiresUnique = false, consume = false, distinctRows = false): OrmResult<unknown[]> {
  const keys = spec.items.map((i) => (i.mapper ? i.mapper.className : i.key));
  const all = result._arrays();
  const items = spec.items;
  const first = items[0];
  if (items.length === 1 && first !== undefined && first.mapper && !first.union) {
    // one entity per row (`select(User)`): no per-row loop over the items, and the rows are
    // built only if read as rows (OrmResult)
    const n = all.length;
    const objs = new Array<unknown>(n);
    const { mapper, cols } = first;
    // `consume`: the caller reads `result` no more, so each driver row is let go once it is an
    // object (the young generation then does not copy rows already loaded)
    const drop = consume ? (all as unknown[]) : null;
    const columns = cols ?? baseColumns(mapper.selectable);
    if (!(distinctRows && loadDistinctRows(ctx, mapper, all, columns, objs, drop))) loadRest(ctx, mapper, all, columns, objs, drop, 0);
    return new OrmResult(objs as Row<unknown[]>[], keys, result.rowcount, result.lastInsertId, requiresUnique, () => entityRowPrototype(keys));
  }
  const proto = entityRowPrototype(keys);
  const rows: Row<unknown[]>[] = [];
  for (const raw of all) {
    const out: unknown[] = [];
    let off = 0;
    for (const item of spec.items) {
      out.push(!item.mapper ? raw[off] : item.union ? loadUnionRow(ctx, item.union, raw, off) : loadInstance(ctx, item.mapper, raw, off, false, item.cols));
      off += item.width;
    }
    Object.setPrototypeOf(out, proto);
    rows.push(out as Row<unknown[]>);
  }
  return new OrmResult(rows, keys, result.rowcount, result.lastInsertId, requiresUnique);
}

const protos = new Map<string, object>();

/** A row prototype reading entities by class name (`row.User`), like Core rows read columns by name. */
function entityRowPrototype(keys: readonly string[]): object {
  const k = keys.join("\u0000");
  let proto = protos.get(k);
  if (proto) return proto;
  const p = Object.create(Array.prototype) as object;
  const fields = Object.freeze([...keys]);
  keys.forEach((key, i) => {
    if (key in p) return;
    Object.defineProperty(p, key, {
      get(this: unknown[]) {
        return this[i];
      },
    });
  });
  Object.defineProperty(p, "_fields", { value: fields });
  Object.defineProperty(p, "_mapping", {
    get(this: unknown[]) {
      const m: Record<string, unknown> = Object.create(null);
      fields.forEach((f, i) => {
        if (!(f in m)) m[f] = this[i];
      });
      return Object.freeze(m);
    },
  });
  Object.defineProperty(p, "_tuple", {
    value(this: unknown[]) {
      return Array.from(this);
    },
  });
  if (protos.size > 200) protos.clear();
  protos.set(k, (proto = p));
  return proto;
}
