/**
 * FROM-clause elements: the base class, columns of derived FROMs, aliases, subqueries, CTEs and
 * joins. Tables (schema) extend `FromClause` too.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { TypeEngine } from "../types/type-engine.js";
import { ClauseElement, type KeyBuilder } from "../elements/clause.js";
import { ColumnElement, coerceExpression } from "../elements/elements.js";

/** A statement that can become a subquery/CTE (structural, to avoid importing select.ts). */
export interface SubqueryableStatement {
  readonly kind: "select" | "compoundSelect" | "textClause" | "insert" | "update" | "delete";
  _ck(b: KeyBuilder): void;
  /** Result columns exported by the statement (name and type). */
  _exportedColumns(): readonly { readonly name: string; readonly type: TypeEngine }[];
}

export type FromKind = "table" | "alias" | "subquery" | "cte" | "join" | "excluded";

export abstract class FromClause extends ClauseElement {
  abstract override readonly kind: FromKind;
  /** Columns this FROM exports, in order. */
  abstract get columns(): readonly ColumnElement<unknown>[];

  private _cIndex: Record<string, ColumnElement<unknown>> | undefined;
  /** Columns by key: `users.c.name`. */
  get c(): Record<string, ColumnElement<unknown>> {
    if (!this._cIndex) {
      const idx: Record<string, ColumnElement<unknown>> = Object.create(null);
      for (const col of this.columns) idx[(col as ColumnElement<unknown> & { key: string }).key] = col;
      this._cIndex = idx;
    }
    return this._cIndex;
  }

  /** Tables (and other base FROMs) this FROM covers: a join covers both sides. */
  _coveredFroms(): FromClause[] {
    return [this];
  }

  join(right: FromClause, onclause: ColumnElement<unknown>, options: { isOuter?: boolean; full?: boolean } = {}): Join {
    return new Join(this, right, coerceExpression(onclause, "join() ON clause"), options.isOuter ?? false, options.full ?? false);
  }
  outerjoin(right: FromClause, onclause: ColumnElement<unknown>, options: { full?: boolean } = {}): Join {
    return this.join(right, onclause, { isOuter: true, full: options.full ?? false });
  }
}

/** A column of an alias, subquery or CTE: rendered `name.column`. */
export class FromColumn<T = unknown> extends ColumnElement<T> {
  readonly kind = "fromColumn" as const;
  declare readonly parent: FromClause;
  declare readonly name: string;
  declare readonly type: TypeEngine;
  /** The column it derives from (an aliased table's column), when there is one. */
  declare readonly origin: ColumnElement<unknown> | null;
  /** The key in `.c` when it differs from the SQL name (an aliased column whose key is not its name). */
  declare private readonly _key: string | null;
  constructor(
    parent: FromClause,
    name: string,
    type: TypeEngine,
    origin: ColumnElement<unknown> | null = null,
    _key: string | null = null,
  ) {
    super();
    this.parent = parent;
    this.name = name;
    this.type = type;
    this.origin = origin;
    this._key = _key;
  }
  get key(): string {
    return this._key ?? this.name;
  }
  override get anonName(): string {
    return this.name;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(FC" + this.name.length + ":" + this.name + " ";
    this.parent._ckRef(b);
    b.key += ")";
  }
}


/** Names of aliases, subqueries and CTEs: anonymous ones get `anon_N` when compiled. */
abstract class NamedFrom extends FromClause {
  declare readonly name: string | null;
  constructor(name: string | null) {
    super();
    this.name = name;
    if (name !== null && (typeof name !== "string" || name.length === 0)) throw new ArgumentError("an alias name must be a non-empty string");
  }
  protected _nameKey(b: KeyBuilder): string {
    return this.name === null ? "~" + b.ordinal(this) : this.name.length + ":" + this.name;
  }
}

/** `table AS name` (also used for aliases of aliases). */
export class Alias extends NamedFrom {
  readonly kind = "alias" as const;
  private _cols: readonly FromColumn<unknown>[] | undefined;
  declare readonly element: FromClause;
  constructor(
    element: FromClause,
    name: string | null,
  ) {
    super(name);
    this.element = element;
  }
  get columns(): readonly FromColumn<unknown>[] {
    return (this._cols ??= this.element.columns.map(
      (c) => {
        const { key, name } = c as ColumnElement<unknown> & { key: string; name?: string };
        return new FromColumn(this, name ?? key, c.type, c, name !== undefined && name !== key ? key : null);
      },
    ));
  }
  _ck(b: KeyBuilder): void {
    b.key += "(AL" + this._nameKey(b) + " ";
    this.element._ck(b);
    b.key += ")";
  }
  override _ckRef(b: KeyBuilder): void {
    this._ck(b);
  }
}

/** `(SELECT ...) AS name` in a FROM clause. */
export class Subquery extends NamedFrom {
  readonly kind = "subquery" as const;
  private _cols: readonly FromColumn<unknown>[] | undefined;
  declare readonly element: SubqueryableStatement;
  /** LATERAL subquery (PostgreSQL, MySQL 8). */
  declare readonly lateral: boolean;
  constructor(
    element: SubqueryableStatement,
    name: string | null,
    lateral = false,
  ) {
    super(name);
    this.element = element;
    this.lateral = lateral;
  }
  get columns(): readonly FromColumn<unknown>[] {
    return (this._cols ??= this.element._exportedColumns().map((c) => new FromColumn(this, c.name, c.type)));
  }
  _ck(b: KeyBuilder): void {
    b.key += (this.lateral ? "(LSQ" : "(SQ") + this._nameKey(b) + " ";
    this.element._ck(b);
    b.key += ")";
  }
}

/** A common table expression: `WITH name AS (...)`, referenced by name in FROM. */
export class CTE extends NamedFrom {
  readonly kind = "cte" as const;
  private _cols: readonly FromColumn<unknown>[] | undefined;
  declare readonly element: SubqueryableStatement;
  declare readonly recursive: boolean;
  /** For recursive CTEs: the statement after `.unionAll(...)`/`.union(...)`. */
  declare readonly recursivePart: { readonly all: boolean; readonly element: SubqueryableStatement } | null;
  /** The CTE this one was derived from (union parts keep the original's columns). */
  declare readonly origin: CTE | null;
  constructor(
    element: SubqueryableStatement,
    name: string,
    recursive: boolean,
    recursivePart: { readonly all: boolean; readonly element: SubqueryableStatement } | null = null,
    origin: CTE | null = null,
  ) {
    super(name);
    this.element = element;
    this.recursive = recursive;
    this.recursivePart = recursivePart;
    this.origin = origin;
  }
  get columns(): readonly FromColumn<unknown>[] {
    return (this._cols ??= this.element._exportedColumns().map((c) => new FromColumn(this, c.name, c.type)));
  }
  /** Adds the recursive part: `cte.unionAll(select(...).where(...cte.c...))`. */
  unionAll(other: SubqueryableStatement): CTE {
    return new CTE(this.element, this.name!, true, { all: true, element: other }, this.origin ?? this);
  }
  union(other: SubqueryableStatement): CTE {
    return new CTE(this.element, this.name!, true, { all: false, element: other }, this.origin ?? this);
  }
  /** The CTE that columns belong to (a union-extended CTE shares its origin's columns). */
  get base(): CTE {
    return this.origin ?? this;
  }
  _ck(b: KeyBuilder): void {
    b.firstVisit(this.base);
    b.key += (this.recursive ? "(RCTE" : "(CTE") + this._nameKey(b) + " ";
    this.element._ck(b);
    if (this.recursivePart) {
      b.key += this.recursivePart.all ? " UA " : " U ";
      this.recursivePart.element._ck(b);
    }
    b.key += ")";
  }
  /**
   * A reference by name, but the body (and its binds) must be part of the key once: a CTE used only
   * through its columns is not in the select's explicit CTE list.
   */
  override _ckRef(b: KeyBuilder): void {
    if (b.firstVisit(this.base) || (this.recursivePart && b.firstVisit(this))) {
      this._ck(b);
      return;
    }
    b.key += "(CTEREF" + this._nameKey(b) + ")";
  }
}

/** `left [LEFT OUTER | FULL OUTER] JOIN right ON onclause`. */
export class Join extends FromClause {
  readonly kind = "join" as const;
  declare readonly left: FromClause;
  declare readonly right: FromClause;
  declare readonly onclause: ColumnElement<unknown>;
  declare readonly isOuter: boolean;
  declare readonly full: boolean;
  constructor(
    left: FromClause,
    right: FromClause,
    onclause: ColumnElement<unknown>,
    isOuter: boolean,
    full: boolean,
  ) {
    super();
    this.left = left;
    this.right = right;
    this.onclause = onclause;
    this.isOuter = isOuter;
    this.full = full;
  }
  get columns(): readonly ColumnElement<unknown>[] {
    return [...this.left.columns, ...this.right.columns];
  }
  override _coveredFroms(): FromClause[] {
    return [...this.left._coveredFroms(), ...this.right._coveredFroms()];
  }
  _ck(b: KeyBuilder): void {
    b.key += this.full ? "(FJ " : this.isOuter ? "(LJ " : "(J ";
    this.left._ck(b);
    this.right._ck(b);
    this.onclause._ck(b);
    b.key += ")";
  }
}
