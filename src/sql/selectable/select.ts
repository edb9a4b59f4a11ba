/**
 * `select(...)`: an immutable, generative SELECT typed by its columns
 * (`select(users.c.id, users.c.name)` is a `Select<[number, string]>`).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { ClauseElement, type KeyBuilder } from "../elements/clause.js";
import { BindParameter, ColumnElement, LabelReference, and, coerceExpression, _INTEGER, type OrderingElement } from "../elements/elements.js";
import type { TextClause } from "../elements/text.js";
import { collectFroms, expressionChildren } from "../traversal.js";
import type { TypeEngine } from "../types/type-engine.js";
import { CTE, FromClause, Join, Subquery, type SubqueryableStatement } from "./from-clause.js";
import { Exists, ScalarSubquery } from "./subquery-expressions.js";
import { resultColumnNames } from "./result-names.js";
import { asFrom, hasEntityCriteria, isJoinPath, isSelectableEntity, type JoinPath, type SelectableEntity } from "./entity.js";

/** What may be selected: a column expression, a whole FROM (table, alias, subquery) or an entity (mapped class). */
export type SelectItem = ColumnElement<any> | FromClause | SelectableEntity<any>;

/** A join target or explicit FROM: a FROM clause or an entity. */
export type FromArg = FromClause | SelectableEntity<any>;
/** A join target: a FROM, an entity, or a relationship path (`User.posts`, ON inferred). */
export type JoinArg = FromArg | JoinPath;

type TableRow<F> = F extends { c: infer C } ? { [K in keyof C]: C[K] extends ColumnElement<infer T> ? T : unknown } : unknown;

/** The row tuple type of a select list. */
export type RowOf<Items extends readonly unknown[]> = {
  -readonly [K in keyof Items]: Items[K] extends ColumnElement<infer T>
    ? T
    : Items[K] extends FromClause
      ? TableRow<Items[K]>
      : Items[K] extends SelectableEntity<infer E>
        ? E
        : unknown;
};

export interface ForUpdateOptions {
  nowait?: boolean;
  skipLocked?: boolean;
  /** `FOR SHARE` (PostgreSQL) / `LOCK IN SHARE MODE` (MySQL). */
  read?: boolean;
  keyShare?: boolean;
  noKeyUpdate?: boolean;
  of?: readonly FromClause[];
}

export interface JoinSpec {
  readonly target: FromClause;
  readonly onclause: ColumnElement<unknown> | null;
  readonly isOuter: boolean;
  readonly full: boolean;
  /** Explicit left side (`joinFrom`). */
  readonly left: FromClause | null;
}

/** Validates LIMIT/OFFSET input: only non-negative safe integers, never text. */
export function checkCount(value: unknown, what: "limit" | "offset"): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ArgumentError(`${what}() takes a non-negative integer (or null), got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  }
  return value;
}

/** Shared by SELECT and compound selects: ORDER BY, LIMIT, OFFSET, subquery(), cte(). */
export abstract class SelectBase<Row extends unknown[] = unknown[]> extends ClauseElement implements SubqueryableStatement {
  declare readonly __row: Row;
  abstract override readonly kind: "select" | "compoundSelect";
  _orderBy: readonly ColumnElement<unknown>[] = [];
  _limit: BindParameter<number> | null = null;
  _offset: BindParameter<number> | null = null;

  abstract _exportedColumns(): readonly { readonly name: string; readonly type: TypeEngine }[];

  /** ORDER BY expressions, `col.desc()`, or the name of a label in the select list. */
  orderBy(...clauses: (ColumnElement<unknown> | OrderingElement | string | null)[]): this {
    if (clauses.length === 1 && clauses[0] === null) return this._generate({ _orderBy: [] });
    const items = clauses.map((c) => (typeof c === "string" ? new LabelReference(c) : coerceExpression(c, "orderBy()")));
    return this._generate({ _orderBy: [...this._orderBy, ...items] });
  }
  limit(n: number | null): this {
    const v = checkCount(n, "limit");
    return this._generate({ _limit: v === null ? null : new BindParameter(v, _INTEGER) });
  }
  offset(n: number | null): this {
    const v = checkCount(n, "offset");
    return this._generate({ _offset: v === null ? null : new BindParameter(v, _INTEGER) });
  }
  /** `(SELECT ...) AS name` for use in FROM; columns on `.c`. */
  subquery(name?: string): Subquery & { c: Record<string, ColumnElement<unknown>> } {
    return new Subquery(this, name ?? null);
  }
  /** LATERAL subquery. */
  lateral(name?: string): Subquery {
    return new Subquery(this, name ?? null, true);
  }
  /** A common table expression: `WITH name AS (...)`. */
  cte(name: string, options: { recursive?: boolean } = {}): CTE {
    if (typeof name !== "string" || name.length === 0) throw new ArgumentError("cte(): give the CTE a name");
    return new CTE(this, name, options.recursive ?? false);
  }
  /** The SELECT as a single value: `(SELECT max(x) FROM t)`. */
  scalarSubquery(): ScalarSubquery<Row extends [infer T] ? T : unknown> {
    return new ScalarSubquery(this);
  }
  protected _ckTail(b: KeyBuilder): void {
    if (this._orderBy.length) {
      b.key += " OB";
      for (const o of this._orderBy) o._ck(b);
    }
    if (this._limit) {
      b.key += " LIM";
      this._limit._ck(b);
    }
    if (this._offset) {
      b.key += " OFF";
      this._offset._ck(b);
    }
  }
}

export class Select<Row extends unknown[] = unknown[]> extends SelectBase<Row> {
  readonly kind = "select" as const;
  declare _items: readonly (ColumnElement<any> | FromClause)[];
  _froms: readonly FromClause[] = [];
  _joins: readonly JoinSpec[] = [];
  _where: readonly ColumnElement<unknown>[] = [];
  _groupBy: readonly ColumnElement<unknown>[] = [];
  _having: readonly ColumnElement<unknown>[] = [];
  _distinct = false;
  _distinctOn: readonly ColumnElement<unknown>[] = [];
  _forUpdate: ForUpdateOptions | null = null;
  _correlate: readonly FromClause[] | null = null;
  _ctes: readonly CTE[] = [];
  _prefixes: readonly string[] = [];
  /**
   * For each entry of `_items`, the entity it was given as (`select(User)`), else null; null when
   * no entity was selected. The ORM reads it to build objects from the entity's columns.
   */
  _entities: readonly (SelectableEntity | null)[] | null = null;
  /**
   * Opaque options (ORM loader options such as `selectinload(User.posts)`), read by the ORM and
   * ignored by the compiler: they never change this statement's SQL, so they are not part of its
   * cache key either (the ORM compiles any statement it derives from them separately).
   */
  _options: readonly unknown[] = [];
  /** `select(User).fromStatement(text(...))`: the statement the ORM runs instead, reading entities by column name. */
  _fromStatement: ClauseElement | null = null;

  constructor(items: readonly SelectItem[]) {
    super();
    const [coerced, entities, criteria] = coerceItems(items, "select()");
    this._items = coerced;
    this._entities = entities;
    if (criteria !== null) this._where = criteria;
  }

  /** The selected column expressions (tables expanded to their columns). */
  get selectedColumns(): ColumnElement<unknown>[] {
    const out: ColumnElement<unknown>[] = [];
    for (const item of this._items) {
      if (item instanceof FromClause) out.push(...item.columns);
      else out.push(item);
    }
    return out;
  }

  _exportedColumns(): { name: string; type: TypeEngine }[] {
    const cols = this.selectedColumns;
    const names = resultColumnNames(cols);
    return cols.map((c, i) => ({ name: names[i]!, type: c.type }));
  }

  /** WHERE criteria, joined with AND (each call adds to the previous ones). */
  where(...clauses: (ColumnElement<boolean> | ColumnElement<boolean | null> | ColumnElement<unknown> | TextClause)[]): this {
    const items = clauses.map((c) => coerceExpression(c, "where()"));
    return this._generate({ _where: [...this._where, ...items] });
  }
  /** Alias of `where` (SQLAlchemy's `filter`). */
  filter(...clauses: ColumnElement<unknown>[]): this {
    return this.where(...clauses);
  }

  /** Adds opaque options (ORM loader options: `select(User).options(selectinload(User.posts))`). */
  options(...opts: unknown[]): this {
    return this._generate({ _options: [...this._options, ...opts] });
  }
  /** ORM: run `stmt` (e.g. `text(...)`) and read this select's entities from its columns by name. */
  fromStatement(stmt: ClauseElement): this {
    return this._generate({ _fromStatement: stmt });
  }

  /** Explicit FROM items, in addition to those inferred from the columns: `select(func.count()).selectFrom(users)`. */
  selectFrom(...items: FromArg[]): this {
    const froms = items.map((f) => asFrom(f));
    for (const f of froms) if (!(f instanceof FromClause)) throw new ArgumentError("selectFrom() takes tables, aliases, subqueries, joins or mapped classes");
    const criteria = entityCriteria(items.map((f) => (isSelectableEntity(f) ? f : null))).filter((c) => !this._where.includes(c));
    return this._generate({ _froms: [...this._froms, ...(froms as FromClause[])], ...(criteria.length ? { _where: [...this._where, ...criteria] } : {}) });
  }

  /**
   * `JOIN target ON onclause` from the left-most FROM (or the one the ON clause refers to). Without
   * an ON clause, the single foreign key between the two tables is used.
   */
  join(targetArg: JoinArg, onclause?: ColumnElement<unknown> | null, options: { isOuter?: boolean; full?: boolean } = {}): this {
    if (isJoinPath(targetArg)) {
      if (onclause) throw new ArgumentError("join(User.posts): the ON clause comes from the relationship; do not pass one");
      const specs = targetArg.__joinPath__().map(
        (p): JoinSpec => ({ target: p.target, onclause: p.onclause, isOuter: options.isOuter ?? false, full: options.full ?? false, left: null }),
      );
      return this._generate({ _joins: [...this._joins, ...specs] });
    }
    const target = asFrom(targetArg);
    if (!(target instanceof FromClause)) throw new ArgumentError("join() takes a table, alias or subquery as its target");
    const spec: JoinSpec = {
      target,
      onclause: onclause ? coerceExpression(onclause, "join() ON clause") : null,
      isOuter: options.isOuter ?? false,
      full: options.full ?? false,
      left: null,
    };
    return this._generate({ _joins: [...this._joins, spec] });
  }
  outerjoin(target: JoinArg, onclause?: ColumnElement<unknown> | null): this {
    return this.join(target, onclause, { isOuter: true });
  }
  fullOuterJoin(target: JoinArg, onclause?: ColumnElement<unknown> | null): this {
    return this.join(target, onclause, { isOuter: true, full: true });
  }
  /** JOIN with an explicit left side. */
  joinFrom(leftArg: FromArg, targetArg: FromArg, onclause?: ColumnElement<unknown> | null, options: { isOuter?: boolean; full?: boolean } = {}): this {
    const left = asFrom(leftArg) as FromClause;
    const target = asFrom(targetArg) as FromClause;
    const spec: JoinSpec = {
      target,
      onclause: onclause ? coerceExpression(onclause, "join() ON clause") : null,
      isOuter: options.isOuter ?? false,
      full: options.full ?? false,
      left,
    };
    return this._generate({ _joins: [...this._joins, spec] });
  }

  groupBy(...clauses: (ColumnElement<unknown> | string)[]): this {
    const items = clauses.map((c) => (typeof c === "string" ? new LabelReference(c) : coerceExpression(c, "groupBy()")));
    return this._generate({ _groupBy: [...this._groupBy, ...items] });
  }
  having(...clauses: ColumnElement<unknown>[]): this {
    const items = clauses.map((c) => coerceExpression(c, "having()"));
    return this._generate({ _having: [...this._having, ...items] });
  }
  /** `SELECT DISTINCT`; with expressions, PostgreSQL's `DISTINCT ON (...)`. */
  distinct(...on: ColumnElement<unknown>[]): this {
    return this._generate({ _distinct: true, _distinctOn: on.map((c) => coerceExpression(c, "distinct()")) });
  }
  forUpdate(options: ForUpdateOptions = {}): this {
    return this._generate({ _forUpdate: { ...options } });
  }
  /** Adds columns to the select list. */
  addColumns<More extends SelectItem[]>(...items: More): Select<[...Row, ...RowOf<More>]> {
    const [added, entities, found] = coerceItems(items, "addColumns()");
    const merged = this._entities || entities ? [...(this._entities ?? this._items.map(() => null)), ...(entities ?? added.map(() => null))] : null;
    const criteria = found ? found.filter((c) => !this._where.includes(c)) : [];
    return this._generate({ _items: [...this._items, ...added], _entities: merged, ...(criteria.length ? { _where: [...this._where, ...criteria] } : {}) }) as unknown as Select<[...Row, ...RowOf<More>]>;
  }
  /** Replaces the select list. */
  withOnlyColumns<Items extends SelectItem[]>(...items: Items): Select<RowOf<Items>> {
    const [cols, entities] = coerceItems(items, "withOnlyColumns()");
    return this._generate({ _items: cols, _entities: entities }) as unknown as Select<RowOf<Items>>;
  }
  /** Explicit correlation of a subquery to enclosing FROMs (default: automatic). */
  correlate(...froms: FromClause[]): this {
    return this._generate({ _correlate: froms });
  }
  /** Adds a CTE to the WITH clause even if it is not referenced in FROM. */
  addCte(...ctes: CTE[]): this {
    return this._generate({ _ctes: [...this._ctes, ...ctes] });
  }
  /** `EXISTS (this select)`. */
  exists(): Exists {
    return new Exists(this);
  }

  union(...others: SelectBase[]): CompoundSelect<Row> {
    return makeCompound("UNION", [this, ...others]) as CompoundSelect<Row>;
  }
  unionAll(...others: SelectBase[]): CompoundSelect<Row> {
    return makeCompound("UNION ALL", [this, ...others]) as CompoundSelect<Row>;
  }
  intersect(...others: SelectBase[]): CompoundSelect<Row> {
    return makeCompound("INTERSECT", [this, ...others]) as CompoundSelect<Row>;
  }
  except(...others: SelectBase[]): CompoundSelect<Row> {
    return makeCompound("EXCEPT", [this, ...others]) as CompoundSelect<Row>;
  }

  /**
   * The FROM list as compiled: explicit FROMs, then those the columns and WHERE refer to; joins
   * replace their parts; inside a subquery, FROMs of the enclosing query are correlated away.
   */
  _resolveFroms(enclosing: readonly FromClause[]): FromClause[] {
    let froms: FromClause[] = this._froms.length ? this._froms.slice() : [];
    for (const item of this._items) {
      if (item instanceof FromClause) {
        if (!froms.includes(item)) froms.push(item);
      } else collectFroms(item, froms);
    }
    for (const w of this._where) collectFroms(w, froms);
    for (const spec of this._joins) froms = applyJoin(froms, spec);
    // a FROM covered by a join in the list is not repeated (a lone FROM has nothing to repeat)
    if (froms.length > 1) {
      let covered: Set<FromClause> | null = null;
      for (const f of froms) {
        if (f instanceof Join) {
          covered ??= new Set<FromClause>();
          for (const c of f._coveredFroms()) covered.add(c);
        }
      }
      if (covered !== null) {
        const seen = covered;
        froms = froms.filter((f) => f instanceof Join || !seen.has(f));
      }
    }
    if (enclosing.length) {
      const correlate = this._correlate ?? enclosing;
      const enclosed = new Set<FromClause>();
      for (const e of correlate) for (const c of e._coveredFroms()) enclosed.add(c);
      const remaining = froms.filter((f) => !enclosed.has(f));
      if (remaining.length > 0 || this._correlate) froms = remaining;
    }
    return froms;
  }

  _ck(b: KeyBuilder): void {
    b.key += "(SEL" + (this._distinct ? "D" : "") + " ";
    for (const i of this._items) i._ck(b);
    if (this._froms.length) {
      b.key += " FR";
      for (const f of this._froms) f._ck(b);
    }
    for (const j of this._joins) {
      b.key += j.full ? " FJ" : j.isOuter ? " LJ" : " J";
      j.left?._ck(b);
      j.target._ck(b);
      j.onclause?._ck(b);
    }
    if (this._where.length) {
      b.key += " W";
      for (const w of this._where) w._ck(b);
    }
    if (this._groupBy.length) {
      b.key += " GB";
      for (const g of this._groupBy) g._ck(b);
    }
    if (this._having.length) {
      b.key += " HV";
      for (const h of this._having) h._ck(b);
    }
    for (const d of this._distinctOn) d._ck(b);
    if (this._forUpdate) {
      const f = this._forUpdate;
      b.key += " FU" + (f.nowait ? "n" : "") + (f.skipLocked ? "s" : "") + (f.read ? "r" : "") + (f.keyShare ? "k" : "") + (f.noKeyUpdate ? "u" : "");
      for (const o of f.of ?? []) o._ck(b);
    }
    if (this._correlate) {
      b.key += " CO";
      for (const c of this._correlate) c._ck(b);
    }
    for (const c of this._ctes) c._ck(b);
    if (this._fromStatement) {
      b.key += " FS";
      this._fromStatement._ck(b);
    }
    this._ckTail(b);
    b.key += ")";
  }

  /** The WHERE criteria as one expression (or null). */
  get whereClause(): ColumnElement<unknown> | null {
    return this._where.length === 0 ? null : this._where.length === 1 ? this._where[0]! : and(...this._where);
  }
}

/** The criteria the selected entities carry (`select(Manager)` of a single-table subclass: `type IN (...)`). */
function entityCriteria(entities: readonly (SelectableEntity | null)[]): ColumnElement<unknown>[] {
  const out: ColumnElement<unknown>[] = [];
  for (const e of entities) {
    const c = e?.__entityCriteria__?.();
    if (c) out.push(c);
  }
  return out;
}

/**
 * Select-list input to FROMs and expressions; entities become their FROM and are remembered by
 * position. Also the criteria the items carry (entities', and columns' through the first column
 * that answers the protocol: `Manager.name` of a single-table subclass), each once, or null for none.
 */
function coerceItems(
  items: readonly SelectItem[],
  where: string,
): [(ColumnElement<unknown> | FromClause)[], (SelectableEntity | null)[] | null, ColumnElement<unknown>[] | null] {
  let entities: (SelectableEntity | null)[] | null = null;
  let criteria: ColumnElement<unknown>[] | null = null;
  const out = items.map((i, n) => {
    let c: ColumnElement<unknown> | null | undefined;
    let item: ColumnElement<unknown> | FromClause;
    if (isSelectableEntity(i)) {
      (entities ??= items.map(() => null))[n] = i;
      c = i.__entityCriteria__?.();
      item = i.__selectEntity__();
    } else if (i instanceof FromClause) return i;
    else {
      item = coerceExpression(i, where);
      c = columnCriteria(item);
    }
    if (c && !(criteria ??= []).includes(c)) criteria.push(c);
    return item;
  });
  return [out, entities, criteria];
}

/**
 * The criteria a column item carries: those of the first column in it (breadth first, not inside
 * subqueries) that answers the entity-criteria protocol, as SQLAlchemy takes a column expression's
 * entity from its first ORM-annotated column (`func.count(Manager.id)` filters like `Manager.id`).
 */
function columnCriteria(e: ColumnElement<unknown>): ColumnElement<unknown> | null {
  if (hasEntityCriteria(e)) return e.__entityCriteria__();
  if (e.kind === "column" || e.kind === "fromColumn" || e.kind === "bindParam") return null;
  const queue: ClauseElement[] = [e];
  for (let n = 0; n < queue.length; n++) {
    for (const child of expressionChildren(queue[n]!)) {
      if (hasEntityCriteria(child)) return child.__entityCriteria__();
      queue.push(child);
    }
  }
  return null;
}

/** Does `f` (a FROM, or a join of several) cover a FROM other than `target` that is in `referenced`? */
function coversReferenced(f: FromClause, target: FromClause, referenced: readonly FromClause[]): boolean {
  if (!(f instanceof Join)) return f !== target && referenced.includes(f);
  return f._coveredFroms().some((c) => c !== target && referenced.includes(c));
}

function applyJoin(froms: FromClause[], spec: JoinSpec): FromClause[] {
  const list = froms.slice();
  const target = spec.target;
  let leftIndex = -1;
  if (spec.left) {
    leftIndex = list.findIndex((f) => f === spec.left || f._coveredFroms().includes(spec.left!));
    if (leftIndex === -1) {
      list.push(spec.left);
      leftIndex = list.length - 1;
    }
  } else if (spec.onclause) {
    const referenced: FromClause[] = [];
    collectFroms(spec.onclause, referenced);
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      if (f !== target && coversReferenced(f, target, referenced)) {
        leftIndex = i;
        break;
      }
    }
  }
  if (leftIndex === -1) leftIndex = list.findIndex((f) => f !== target);
  if (leftIndex === -1) throw new ArgumentError("join(): there is no FROM to join from; select some columns of the left table first, or use selectFrom()");
  const left = list[leftIndex]!;
  const onclause = spec.onclause ?? inferOnClause(left, target);
  list[leftIndex] = new Join(left, target, onclause, spec.isOuter, spec.full);
  let out = list;
  for (let i = 0; i < list.length; i++) {
    if (i !== leftIndex && list[i] === target) {
      out = list.filter((f, j) => j === leftIndex || f !== target);
      break;
    }
  }
  return out;
}

/** The ON clause from the single foreign key between two FROMs. */
export function inferOnClause(left: FromClause, right: FromClause): ColumnElement<unknown> {
  const candidates: ColumnElement<unknown>[] = [];
  const pairs = (a: FromClause, b: FromClause) => {
    for (const t of a._coveredFroms()) {
      for (const col of t.columns as (ColumnElement<unknown> & { foreignKeys?: { resolveColumn(r: boolean): ColumnElement<unknown> | null }[] })[]) {
        for (const fk of col.foreignKeys ?? []) {
          const target = fk.resolveColumn(false);
          if (target && b._coveredFroms().some((x) => x.columns.includes(target))) candidates.push(col.eq(target as never));
        }
      }
    }
  };
  pairs(right, left);
  pairs(left, right);
  if (candidates.length === 1) return candidates[0]!;
  const names = `${String(left)} and ${String(right)}`;
  if (candidates.length === 0) throw new ArgumentError(`join(): no foreign key links ${names}; give the ON clause explicitly`);
  throw new ArgumentError(`join(): more than one foreign key links ${names}; give the ON clause explicitly`);
}

// ---- compound selects -----------------------------------------------------------------------

export type CompoundOperator = "UNION" | "UNION ALL" | "INTERSECT" | "INTERSECT ALL" | "EXCEPT" | "EXCEPT ALL";

/** `a UNION b`, `a INTERSECT b`, ...: ORDER BY / LIMIT apply to the whole. */
export class CompoundSelect<Row extends unknown[] = unknown[]> extends SelectBase<Row> {
  readonly kind = "compoundSelect" as const;
  declare readonly operator: CompoundOperator;
  declare readonly selects: readonly SelectBase[];
  constructor(
    operator: CompoundOperator,
    selects: readonly SelectBase[],
  ) {
    super();
    this.operator = operator;
    this.selects = selects;
    if (selects.length < 2) throw new ArgumentError(`${operator.toLowerCase()}() needs at least two selects`);
    const n = selects[0]!._exportedColumns().length;
    for (const s of selects) {
      if (!(s instanceof SelectBase)) throw new ArgumentError(`${operator.toLowerCase()}() takes select() statements`);
      if (s._exportedColumns().length !== n) throw new ArgumentError(`${operator.toLowerCase()}(): every select must have ${n} column(s)`);
    }
  }
  _exportedColumns(): readonly { readonly name: string; readonly type: TypeEngine }[] {
    return this.selects[0]!._exportedColumns();
  }
  union(...others: SelectBase[]): CompoundSelect<Row> {
    return new CompoundSelect("UNION", [this, ...others]);
  }
  unionAll(...others: SelectBase[]): CompoundSelect<Row> {
    return new CompoundSelect("UNION ALL", [this, ...others]);
  }
  _ck(b: KeyBuilder): void {
    b.key += "(CMP" + this.operator + this.selects.length + " ";
    for (const s of this.selects) s._ck(b);
    this._ckTail(b);
    b.key += ")";
  }
}

function makeCompound(operator: CompoundOperator, selects: SelectBase[]): SelectBase {
  return new CompoundSelect(operator, selects);
}

export function union<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("UNION", selects);
}
export function unionAll<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("UNION ALL", selects);
}
export function intersect<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("INTERSECT", selects);
}
export function intersectAll<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("INTERSECT ALL", selects);
}
export function except_<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("EXCEPT", selects);
}
export function exceptAll<Row extends unknown[]>(...selects: SelectBase<Row>[]): CompoundSelect<Row> {
  return new CompoundSelect("EXCEPT ALL", selects);
}

/** `exists()` / `exists(select)`: `EXISTS (SELECT * FROM ... WHERE ...)`; add criteria with `.where()`. */
export function exists(stmt?: Select<any>): Exists {
  return new Exists(stmt ?? new Select([]));
}

/** `select(users.c.id, users.c.name)`; `select(users)` selects every column of the table. */
export function select<const Items extends readonly SelectItem[]>(...items: Items): Select<RowOf<Items>> {
  return new Select<RowOf<Items>>(items);
}
