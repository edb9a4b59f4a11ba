/**
 * The ANSI SQL compiler: one exhaustive visitor table over every node kind, with small hook methods
 * that each dialect overrides (placeholders, LIMIT/OFFSET, RETURNING, upserts, ILIKE, booleans...).
 *
 * Placeholders are emitted as markers during compilation and numbered in text order at the end, so
 * a dialect may render parts out of visiting order (MSSQL's TOP, WITH clauses) and `?` placeholders
 * still line up with the parameter list.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type {
  Between,
  BinaryExpression,
  BindParameter,
  Cast,
  ClauseList,
  ColumnElement,
  InList,
  InSubqueryExpr,
  IsNull,
  Label,
  LabelReference,
  Like,
  UnaryExpression,
} from "../../sql/elements/elements.js";
import type { FunctionCall, FunctionFilter, Over, FrameBound } from "../../sql/elements/functions.js";
import type { TextClause } from "../../sql/elements/text.js";
import type { Alias, CTE, FromClause, FromColumn, Join, Subquery } from "../../sql/selectable/from-clause.js";
import type { CompoundSelect, Select, SelectBase } from "../../sql/selectable/select.js";
import type { Exists, ScalarSubquery } from "../../sql/selectable/subquery-expressions.js";
import { needsLabel, resultColumnNames } from "../../sql/selectable/result-names.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { Delete } from "../../sql/dml/delete.js";
import type { ExcludedTable, Insert } from "../../sql/dml/insert.js";
import type { Update } from "../../sql/dml/update.js";
import type { ResultColumn, StatementKind } from "../../sql/compiled.js";
import type { Processor, TypeEngine } from "../../sql/types/type-engine.js";
import { PRECEDENCE } from "../../sql/elements/operators.js";
import type { BaseDialect } from "./dialect.js";
import type { SelfCompiling, VisitorCompiler } from "../../sql/visitors.js";
import { formatDateTimeUTC, formatDateUTC } from "../../sql/types/datetime.js";

/** A compiled statement without its values: cached by structure. */
export interface CompiledTemplate {
  readonly sql: string;
  /** For each positional parameter: index into the statement's bind list (key traversal order). */
  readonly bindIndex: readonly number[];
  readonly processors: readonly (Processor | null)[];
  readonly paramKeys: readonly (string | null)[];
  readonly paramTypes: readonly TypeEngine[];
  readonly resultColumns: readonly ResultColumn[];
  readonly kind: StatementKind;
  readonly returning: boolean;
}

const MARK = "\u0000";

/** No FROMs (shared, never mutated: the FROM lists are only ever replaced). */
const NO_FROMS: FromClause[] = [];

/** The select list of the SELECT being compiled, for label maps built on first use. */
interface LabelSource {
  readonly cols: readonly ColumnElement<unknown>[];
  readonly names: readonly string[];
}

export class SQLCompiler implements VisitorCompiler {
  /**
   * Bound parameters in rendering order, as parallel arrays (slot i is the marker `\u0000i\u0000`);
   * when the markers appear in text in slot order (the usual case) they are the template's arrays.
   */
  protected readonly slotBindIndex: number[] = [];
  protected readonly slotProcessors: (Processor | null)[] = [];
  protected readonly slotKeys: (string | null)[] = [];
  protected readonly slotTypes: TypeEngine[] = [];
  /** Display names of slots (named paramstyle only). */
  protected readonly slotNames: string[] = [];
  /** The statement's binds (key traversal order); positions looked up by identity. */
  declare protected readonly binds: readonly BindParameter<unknown>[];
  #bindPositionMap: Map<BindParameter<unknown>, number> | null = null;
  #ctesMap: Map<string, { cte: CTE; sql: string }> | null = null;
  #anonNameMap: Map<object, string> | null = null;
  protected anonCounter = 0;
  /** FROMs of enclosing SELECTs, for correlation of subqueries. */
  protected enclosing: FromClause[] = NO_FROMS;
  /** FROM list of the SELECT being compiled. */
  protected currentFroms: FromClause[] = NO_FROMS;
  /** Result-name lookup for label references of the SELECT being compiled (built on first use from `labelSource`). */
  protected currentLabels: Map<string, string> | null = null;
  /** Labelled expressions of the SELECT being compiled (GROUP BY "label" renders the expression). */
  protected currentLabelExprs: Map<string, ColumnElement<unknown>> | null = null;
  /** Select list whose label maps have not been built yet. */
  protected labelSource: LabelSource | null = null;
  protected inGroupBy = false;
  /** Rendering the ORDER BY of the current SELECT (a select-list label is referred to by name). */
  protected inOrderBy = false;
  /** Column prefix override in RETURNING/OUTPUT (`inserted`, `deleted`). */
  protected columnPrefix: string | null = null;
  /** Render columns without their table (INSERT column lists, UPDATE SET targets, single-table DML). */
  protected unqualified = false;
  protected depth = 0;
  protected resultColumns: ResultColumn[] = [];
  protected statementKind: StatementKind = "text";
  protected hasReturning = false;
  #bindNameCountMap: Map<string, number> | null = null;
  /** Slots that never share a placeholder with another occurrence of their bind (text() parameters). */
  #unsharedSlots: Set<number> | null = null;

  declare readonly dialect: BaseDialect;
  declare readonly literalBinds: boolean;
  constructor(
    dialect: BaseDialect,
    binds: readonly BindParameter<unknown>[],
    literalBinds: boolean,
  ) {
    this.dialect = dialect;
    this.literalBinds = literalBinds;
    this.binds = binds;
  }

  /** CTEs met so far, by name (rendered into the WITH clause). */
  protected get ctes(): Map<string, { cte: CTE; sql: string }> {
    return (this.#ctesMap ??= new Map());
  }

  /** Position of a bind in the statement's bind list (the last one when it occurs twice). */
  #bindPosition(bind: BindParameter<unknown>): number {
    const binds = this.binds;
    if (binds.length <= 32) return binds.lastIndexOf(bind);
    let map = this.#bindPositionMap;
    if (map === null) {
      map = this.#bindPositionMap = new Map();
      for (let i = 0; i < binds.length; i++) map.set(binds[i]!, i);
    }
    return map.get(bind) ?? -1;
  }

  // ---- entry ---------------------------------------------------------------------------------

  compileTemplate(element: ClauseElement): CompiledTemplate {
    const body = this.process(element);
    const sql = this.#ctesMap !== null && this.#ctesMap.size > 0 && !this.#ctesRendered ? this.renderWith() + body : body;
    const count = this.slotBindIndex.length;
    if (count === 0) return this.#template(sql, [], [], [], []);
    // markers → placeholders, numbered in text order (a dialect may render parts out of visiting
    // order: MSSQL's TOP, WITH clauses); same matches as /\u0000(\d+)\u0000/g
    const style = this.dialect.paramstyle;
    // numbered styles send a bind that occurs twice (one expression reused in the select list and
    // GROUP BY) once, under one number: PostgreSQL matches `date_trunc($1, c)` in both places, not
    // `$1` against `$3`
    const numbered = style === "numeric_dollar" || style === "at_p";
    let seen: Map<number, number> | null = null;
    let order: number[] | null = null;
    let text = "";
    let pos = 0;
    let n = 0;
    let a = sql.indexOf(MARK);
    while (a !== -1) {
      const b = sql.indexOf(MARK, a + 1);
      if (b === -1) break;
      let i = 0;
      let k = a + 1;
      for (; k < b; k++) {
        const d = sql.charCodeAt(k) - 48;
        if (d < 0 || d > 9) break;
        i = i * 10 + d;
      }
      if (k !== b || b === a + 1) {
        a = b;
        continue;
      }
      text += sql.slice(pos, a);
      if (numbered && !this.#unsharedSlots?.has(i)) {
        const earlier = (seen ??= new Map()).get(this.slotBindIndex[i]!);
        if (earlier !== undefined) {
          text += (style === "numeric_dollar" ? "$" : "@p") + earlier;
          pos = b + 1;
          a = sql.indexOf(MARK, pos);
          continue;
        }
        seen.set(this.slotBindIndex[i]!, n + 1);
      }
      if (order === null && i !== n) {
        order = [];
        for (let j = 0; j < n; j++) order.push(j);
      }
      if (order !== null) order.push(i);
      n++;
      switch (style) {
        case "numeric_dollar":
          text += "$" + n;
          break;
        case "qmark":
          text += "?";
          break;
        case "at_p":
          text += "@p" + n;
          break;
        case "named":
          text += ":" + this.slotNames[i]!;
          break;
      }
      pos = b + 1;
      a = sql.indexOf(MARK, pos);
    }
    text = pos === 0 ? sql : text + sql.slice(pos);
    if (order === null && n === count) {
      // every slot appears once, in slot order: the slot arrays are the template's
      return this.#template(text, this.slotBindIndex, this.slotProcessors, this.slotKeys, this.slotTypes);
    }
    if (order === null) {
      order = [];
      for (let j = 0; j < n; j++) order.push(j);
    }
    const bindIndex = new Array<number>(n);
    const processors = new Array<Processor | null>(n);
    const paramKeys = new Array<string | null>(n);
    const paramTypes = new Array<TypeEngine>(n);
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      bindIndex[j] = this.slotBindIndex[i]!;
      processors[j] = this.slotProcessors[i]!;
      paramKeys[j] = this.slotKeys[i]!;
      paramTypes[j] = this.slotTypes[i]!;
    }
    return this.#template(text, bindIndex, processors, paramKeys, paramTypes);
  }

  #template(sql: string, bindIndex: number[], processors: (Processor | null)[], paramKeys: (string | null)[], paramTypes: TypeEngine[]): CompiledTemplate {
    return {
      sql,
      bindIndex,
      processors,
      paramKeys,
      paramTypes,
      resultColumns: this.resultColumns,
      kind: this.statementKind,
      returning: this.hasReturning,
    };
  }

  #ctesRendered = false;

  protected renderWith(): string {
    this.#ctesRendered = true;
    let recursive = false;
    let parts = "";
    for (const c of this.ctes.values()) {
      if (c.cte.recursive) recursive = true;
      parts += parts === "" ? c.sql : ", " + c.sql;
    }
    return `WITH ${recursive ? this.recursiveKeyword() : ""}${parts} `;
  }

  protected recursiveKeyword(): string {
    return "RECURSIVE ";
  }

  process(node: ClauseElement): string {
    // one switch over every kind (most frequent first) calls each visitor directly: a lookup of
    // the method by name would be a megamorphic keyed load on every node. Dialects override the
    // visit methods; `kind` typed as NodeKind makes the switch exhaustive (the `never` below).
    const kind = node.kind as NodeKind;
    switch (kind) {
      case "column":
        return this.visitColumn(node as unknown as ColumnImpl);
      case "bindParam":
        return this.visitBindParam(node as BindParameter<unknown>);
      case "binary":
        return this.visitBinary(node as BinaryExpression);
      case "fromColumn":
        return this.visitFromColumn(node as FromColumn);
      case "clauseList":
        return this.visitClauseList(node as ClauseList);
      case "table":
        return this.visitTable(node as unknown as TableImpl);
      case "join":
        return this.visitJoin(node as Join);
      case "select":
        return this.visitSelect(node as unknown as Select);
      case "unary":
        return this.visitUnary(node as UnaryExpression);
      case "like":
        return this.visitLike(node as Like);
      case "inList":
        return this.visitInList(node as InList);
      case "function":
        return this.visitFunction(node as FunctionCall);
      case "label":
        return this.visitLabel(node as Label);
      case "isNull":
        return this.visitIsNull(node as IsNull);
      case "between":
        return this.visitBetween(node as Between);
      case "inSubquery":
        return this.visitInSubquery(node as InSubqueryExpr);
      case "cast":
        return this.visitCast(node as Cast);
      case "null":
        return this.visitNull();
      case "true":
        return this.visitTrue();
      case "false":
        return this.visitFalse();
      case "labelReference":
        return this.visitLabelReference(node as LabelReference);
      case "functionFilter":
        return this.visitFunctionFilter(node as FunctionFilter);
      case "over":
        return this.visitOver(node as Over);
      case "textClause":
        return this.visitTextClause(node as TextClause);
      case "scalarSubquery":
        return this.visitScalarSubquery(node as ScalarSubquery);
      case "exists":
        return this.visitExists(node as Exists);
      case "alias":
        return this.visitAlias(node as Alias);
      case "subquery":
        return this.visitSubquery(node as Subquery);
      case "cte":
        return this.visitCte(node as CTE);
      case "excluded":
        return this.visitExcluded();
      case "compoundSelect":
        return this.visitCompoundSelect(node as unknown as CompoundSelect);
      case "insert":
        return this.visitInsert(node as unknown as Insert);
      case "createTable":
      case "dropTable":
      case "createIndex":
      case "dropIndex":
      case "addConstraint":
      case "dropConstraint":
      case "createType":
      case "dropType":
        return this.visitDDL(node);
      default: {
        // UPDATE, DELETE, CASE, tuples, groupings: their compile code lives on their own class, so
        // a bundle without the class has none of it (sql/visitors.ts)
        const self = node as unknown as Partial<SelfCompiling>;
        if (self._compile) return self._compile(this);
        throw new CompileError(`${this.dialect.name}: cannot compile a ${String(kind satisfies SelfCompilingKind)}`);
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Refuses a construct the dialect lacks: "<dialect> has no <feature>", then what to write
   * instead where {@link featureHint} knows it.
   */
  protected unsupported(feature: string): never {
    const hint = this.featureHint(feature);
    throw new CompileError(`${this.dialect.name} has no ${feature}${hint ? `; ${hint}` : ""}`);
  }

  /**
   * What to write instead of a construct the dialect lacks ("" when nothing better). The built-in
   * dialects that lack some answer from `feature-hints.ts`, which a bundle of a dialect that lacks
   * none (PostgreSQL) then leaves out.
   */
  protected featureHint(_feature: string): string {
    return "";
  }

  quote(name: string): string {
    return this.dialect.preparer.quote(name);
  }

  /** Renders a child, parenthesised when it binds looser than its parent. */
  protected operand(child: ColumnElement<unknown>, parentPrecedence: number, strict = false): string {
    const s = this.process(child);
    const p = child.precedence;
    return p < parentPrecedence || (strict && p === parentPrecedence && p < PRECEDENCE.ATOM) ? `(${s})` : s;
  }

  /** A boolean expression in a predicate position (WHERE, ON, HAVING, CASE WHEN, AND/OR/NOT). */
  predicate(e: ColumnElement<unknown>): string {
    if (this.#needsComparison(e)) {
      if (e.kind === "true") return "1 = 1";
      if (e.kind === "false") return "1 = 0";
      return `${this.process(e)} = 1`;
    }
    return this.process(e);
  }

  protected bindSlot(bind: BindParameter<unknown>): string {
    const index = this.#bindPosition(bind);
    if (index === -1) throw new CompileError("internal: a bind parameter was not part of the statement's cache key");
    const processor = bind.type.bindProcessor(this.dialect);
    if (this.dialect.paramstyle === "named") {
      let display = bind.key ?? "param";
      const counts = (this.#bindNameCountMap ??= new Map());
      const c = (counts.get(display) ?? 0) + 1;
      counts.set(display, c);
      if (!bind.key) display = `param_${c}`;
      this.slotNames.push(display);
    }
    const slot = this.slotBindIndex.length;
    this.slotBindIndex.push(index);
    this.slotProcessors.push(processor);
    this.slotKeys.push(bind.key);
    this.slotTypes.push(bind.type);
    return MARK + slot + MARK;
  }

  /** A value rendered inline (literalBinds, DDL defaults). Strings are quoted with `'` doubled. */
  renderLiteral(value: unknown, type?: TypeEngine): string {
    if (value === null || value === undefined) return "NULL";
    if (type) {
      const p = type.bindProcessor(this.dialect);
      if (p) value = p(value);
      if (value === null || value === undefined) return "NULL";
    }
    switch (typeof value) {
      case "boolean":
        return this.renderBooleanLiteral(value);
      case "number":
        if (!Number.isFinite(value)) throw new CompileError(`cannot render ${value} as a SQL literal`);
        return value < 0 ? `(${value})` : String(value);
      case "bigint":
        return value < 0n ? `(${value})` : String(value);
      case "string":
        return this.renderStringLiteral(value);
      case "object":
        if (value instanceof Date) return this.renderStringLiteral(type?.kind === "date" ? formatDateUTC(value) : formatDateTimeUTC(value));
        if (value instanceof Uint8Array) return this.renderBytesLiteral(value);
        return this.renderStringLiteral(JSON.stringify(value));
      default:
        throw new CompileError(`cannot render a ${typeof value} as a SQL literal`);
    }
  }

  renderStringLiteral(s: string): string {
    if (s.includes("\u0000")) throw new CompileError("a string literal cannot contain a NUL character");
    return `'${s.replace(/'/g, "''")}'`;
  }

  protected renderBytesLiteral(b: Uint8Array): string {
    return `X'${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}'`;
  }

  protected renderBooleanLiteral(v: boolean): string {
    return this.dialect.supportsNativeBoolean ? (v ? "true" : "false") : v ? "1" : "0";
  }

  /** An anonymous alias name (`anon_1`), stable within one compilation. */
  protected anonName(obj: object, base = "anon"): string {
    const names = (this.#anonNameMap ??= new Map());
    let n = names.get(obj);
    if (!n) {
      n = `${base}_${++this.anonCounter}`;
      names.set(obj, n);
    }
    return n;
  }

  protected fromName(from: FromClause & { name: string | null }): string {
    return from.name ?? this.anonName(from);
  }

  // ---- column expressions ------------------------------------------------------------------

  visitColumn(c: ColumnImpl): string {
    const name = this.quote(c.name);
    if (this.columnPrefix) return `${this.columnPrefix}.${name}`;
    if (this.unqualified || !c.table) return name;
    const t = c.table as unknown as TableImpl;
    return `${this.dialect.preparer.quoteQualified(t.schema, t.name)}.${name}`;
  }

  visitFromColumn(c: FromColumn): string {
    const parent = c.parent;
    if (parent.kind === "excluded") return this.renderExcludedColumn(parent as ExcludedTable, c.name);
    const name = this.quote(c.name);
    if (this.columnPrefix) return `${this.columnPrefix}.${name}`;
    return `${this.quote(this.fromName(parent as FromClause & { name: string | null }))}.${name}`;
  }

  protected renderExcludedColumn(_parent: ExcludedTable, name: string): string {
    return `excluded.${this.quote(name)}`;
  }

  visitBindParam(b: BindParameter<unknown>): string {
    if (this.literalBinds && !b.required) return this.renderLiteral(b.value, b.type);
    return this.bindSlot(b);
  }

  visitBinary(b: BinaryExpression): string {
    const prec = b.precedence;
    if ((b.operator === "IS" || b.operator === "IS NOT") && (b.right.kind === "true" || b.right.kind === "false")) {
      return this.renderIsBoolean(this.operand(b.left, prec), b.operator === "IS NOT", b.right.kind === "true");
    }
    const left = this.operand(b.left, prec);
    const right = this.operand(b.right, prec, true);
    if (b.operator === "||") return this.renderConcat(left, right);
    const op = b.operator === "%" ? this.modOperator() : b.operator;
    return `${left} ${op} ${right}`;
  }

  /** Hook: `x IS [NOT] true|false` (keywords: a bound value is not accepted after IS). */
  protected renderIsBoolean(left: string, negate: boolean, value: boolean): string {
    const kw = this.dialect.supportsNativeBoolean ? (value ? "true" : "false") : value ? "1" : "0";
    return `${left} ${negate ? "IS NOT" : "IS"} ${kw}`;
  }

  protected modOperator(): string {
    return "%";
  }

  protected renderConcat(left: string, right: string): string {
    return `${left} || ${right}`;
  }

  visitLike(l: Like): string {
    const prec = l.precedence;
    const escape = l.escape === null ? "" : ` ESCAPE ${this.renderStringLiteral(l.escape)}`;
    if ((l.operator === "ILIKE" || l.operator === "NOT ILIKE") && !this.dialect.supportsIlike) {
      const op = l.operator === "ILIKE" ? "LIKE" : "NOT LIKE";
      return `lower(${this.process(l.left)}) ${op} lower(${this.process(l.pattern)})${escape}`;
    }
    return `${this.operand(l.left, prec)} ${l.operator} ${this.operand(l.pattern, prec, true)}${escape}`;
  }

  visitIsNull(n: IsNull): string {
    return `${this.operand(n.operand, PRECEDENCE.IS)} ${n.negate ? "IS NOT NULL" : "IS NULL"}`;
  }

  visitBetween(b: Between): string {
    const p = PRECEDENCE.BETWEEN;
    return `${this.operand(b.operand, p)} ${b.negate ? "NOT BETWEEN" : "BETWEEN"} ${this.operand(b.low, p, true)} AND ${this.operand(b.high, p, true)}`;
  }

  visitInList(i: InList): string {
    if (i.items.length === 0) {
      // never `IN ()`: an empty list is always false (NOT IN: always true)
      return i.negate ? "1 = 1" : "1 != 1";
    }
    const left = this.operand(i.operand, PRECEDENCE.IN);
    const list = i.items;
    let items = this.process(list[0]!);
    for (let k = 1; k < list.length; k++) items += ", " + this.process(list[k]!);
    return `${left} ${i.negate ? "NOT IN" : "IN"} (${items})`;
  }

  visitInSubquery(i: InSubqueryExpr): string {
    return `${this.operand(i.operand, PRECEDENCE.IN)} ${i.negate ? "NOT IN" : "IN"} (${this.nested(i.subquery as unknown as ClauseElement, true)})`;
  }

  visitUnary(u: UnaryExpression): string {
    if (u.operator) {
      switch (u.operator) {
        case "NOT":
          return `NOT ${this.#operandPredicate(u.operand, PRECEDENCE.NOT)}`;
        case "-":
          return `-${this.operand(u.operand, PRECEDENCE.UNARY_MINUS, true)}`;
        case "DISTINCT":
          return `DISTINCT ${this.process(u.operand)}`;
        case "EXISTS":
          return `EXISTS ${this.process(u.operand)}`;
      }
    }
    const inner = this.process(u.operand);
    return this.renderOrderingModifier(inner, u.modifier!);
  }

  protected renderOrderingModifier(inner: string, modifier: string): string {
    if ((modifier === "NULLS FIRST" || modifier === "NULLS LAST") && !this.dialect.supportsNullsOrdering) {
      this.unsupported(modifier);
    }
    return `${inner} ${modifier}`;
  }

  #operandPredicate(e: ColumnElement<unknown>, prec: number): string {
    const p = this.#needsComparison(e) ? PRECEDENCE.COMPARISON : e.precedence;
    const s = this.predicate(e);
    return p < prec ? `(${s})` : s;
  }

  #needsComparison(e: ColumnElement<unknown>): boolean {
    return !this.dialect.supportsNativeBoolean && this.dialect.booleanNeedsComparison && isBareBoolean(e);
  }

  visitClauseList(l: ClauseList): string {
    const prec = l.precedence;
    const sep = l.operator === "AND" ? " AND " : ` ${l.operator} `;
    const clauses = l.clauses;
    let sql = "";
    for (let i = 0; i < clauses.length; i++) {
      if (i > 0) sql += sep;
      sql += this.#operandPredicate(clauses[i]!, prec);
    }
    return sql;
  }

  /**
   * A label outside a select list (select lists and RETURNING render `expr AS name` themselves):
   * in ORDER BY, a label of the select list is referred to by its name; anywhere else (GROUP BY,
   * WHERE, function arguments) it is its expression, as in SQLAlchemy.
   */
  visitLabel(l: Label): string {
    if (this.inOrderBy) {
      if (this.labelSource !== null) this.#buildLabelMaps();
      if (this.currentLabelExprs?.get(l.name) === l.element) return this.quote(l.name);
    }
    return this.process(l.element);
  }

  visitCast(c: Cast): string {
    return `CAST(${this.process(c.element)} AS ${this.dialect.typeCompiler.castName(c.type)})`;
  }

  visitNull(): string {
    return "NULL";
  }
  visitTrue(): string {
    return this.renderBooleanLiteral(true);
  }
  visitFalse(): string {
    return this.renderBooleanLiteral(false);
  }

  visitLabelReference(r: LabelReference): string {
    if (this.labelSource !== null) this.#buildLabelMaps();
    const expr = this.inGroupBy ? this.currentLabelExprs?.get(r.name) : undefined;
    if (expr) {
      this.inGroupBy = false;
      try {
        return this.process(expr);
      } finally {
        this.inGroupBy = true;
      }
    }
    const name = this.currentLabels?.get(r.name);
    if (name === undefined) {
      throw new CompileError(
        `Can't resolve label reference ${JSON.stringify(r.name)} for ORDER BY / GROUP BY: it is not a label or column name in the select list; ` +
          `use a column expression, or declare raw SQL explicitly with text()`,
      );
    }
    return name;
  }

  visitFunction(f: FunctionCall): string {
    const args = f.args.map((a) => this.process(a));
    return this.renderFunction(f.name, args, f);
  }

  /** Hook: function names that differ per dialect. */
  protected renderFunction(name: string, args: string[], _f: FunctionCall): string {
    const lower = name.toLowerCase();
    if (lower === "count" && args.length === 0) return "count(*)";
    if ((lower === "current_timestamp" || lower === "current_date" || lower === "current_time") && args.length === 0) return lower.toUpperCase();
    return `${name}(${args.join(", ")})`;
  }

  visitFunctionFilter(f: FunctionFilter): string {
    if (!this.dialect.supportsFunctionFilter) {
      this.unsupported("FILTER (WHERE ...) on aggregates");
    }
    return `${this.process(f.fn)} FILTER (WHERE ${this.predicate(f.condition)})`;
  }

  visitOver(o: Over): string {
    const parts: string[] = [];
    if (o.partitionBy.length) parts.push(`PARTITION BY ${o.partitionBy.map((p) => this.process(p)).join(", ")}`);
    if (o.orderBy.length) parts.push(`ORDER BY ${o.orderBy.map((p) => this.process(p)).join(", ")}`);
    if (o.rows) parts.push(`ROWS ${this.#frame(o.rows)}`);
    if (o.range) parts.push(`RANGE ${this.#frame(o.range)}`);
    return `${this.process(o.element)} OVER (${parts.join(" ")})`;
  }

  #frame([start, end]: readonly [FrameBound, FrameBound]): string {
    const bound = (b: FrameBound, isStart: boolean) =>
      b === null ? (isStart ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING") : b === 0 ? "CURRENT ROW" : b < 0 ? `${-b} PRECEDING` : `${b} FOLLOWING`;
    return `BETWEEN ${bound(start, true)} AND ${bound(end, false)}`;
  }

  visitTextClause(t: TextClause): string {
    if (this.depth === 0) {
      this.statementKind = "text";
      if (t.columnTypes) this.resultColumns = t.columnTypes.map(([key, type]) => ({ key, type }));
    }
    let out = "";
    for (const p of t.parts) {
      if (typeof p === "string") out += p;
      else {
        // a repeated :name in raw SQL keeps one placeholder per occurrence: its places may want
        // different types (`a = :x OR b = :x`), which one PostgreSQL parameter cannot have
        (this.#unsharedSlots ??= new Set()).add(this.slotBindIndex.length);
        out += this.visitBindParam(t.bindFor(p.param));
      }
    }
    return out;
  }

  visitScalarSubquery(s: ScalarSubquery): string {
    return `(${this.nested(s.element as unknown as ClauseElement, true)})`;
  }

  visitExists(e: Exists): string {
    return `EXISTS (${this.nested(e.element as unknown as ClauseElement, true)})`;
  }

  /** Compiles a nested statement; `correlate` lets it refer to the enclosing SELECT's FROMs. */
  protected nested(stmt: ClauseElement, correlate: boolean): string {
    const saved = { enclosing: this.enclosing, froms: this.currentFroms, labels: this.currentLabels, labelExprs: this.currentLabelExprs, labelSource: this.labelSource, inGroupBy: this.inGroupBy, inOrderBy: this.inOrderBy, kind: this.statementKind, rc: this.resultColumns, unq: this.unqualified };
    this.enclosing = correlate ? [...this.enclosing, ...this.currentFroms] : NO_FROMS;
    this.depth++;
    this.unqualified = false;
    this.inGroupBy = false;
    this.inOrderBy = false;
    try {
      return this.process(stmt);
    } finally {
      this.depth--;
      this.enclosing = saved.enclosing;
      this.currentFroms = saved.froms;
      this.currentLabels = saved.labels;
      this.currentLabelExprs = saved.labelExprs;
      this.labelSource = saved.labelSource;
      this.inGroupBy = saved.inGroupBy;
      this.inOrderBy = saved.inOrderBy;
      this.statementKind = saved.kind;
      this.resultColumns = saved.rc;
      this.unqualified = saved.unq;
    }
  }

  // ---- FROM --------------------------------------------------------------------------------

  visitTable(t: TableImpl): string {
    return this.dialect.preparer.quoteQualified(t.schema, t.name) + this.tableHint(t);
  }

  /** Hook: MSSQL table hints for FOR UPDATE. */
  protected tableHint(_t: TableImpl): string {
    return "";
  }

  /** Hook: MSSQL table hints after an aliased table (`users AS u WITH (UPDLOCK)`). */
  protected aliasHint(_a: Alias): string {
    return "";
  }

  visitAlias(a: Alias): string {
    // an aliased table takes its hints after the alias name
    const inner = a.element.kind === "table" ? this.tableName(a.element as unknown as TableImpl) : this.process(a.element);
    return `${inner} AS ${this.quote(this.fromName(a))}${this.aliasHint(a)}`;
  }

  visitSubquery(s: Subquery): string {
    const inner = this.nested(s.element as unknown as ClauseElement, s.lateral);
    return `${s.lateral ? "LATERAL " : ""}(${inner}) AS ${this.quote(this.fromName(s))}`;
  }

  visitCte(c: CTE): string {
    const name = this.quote(c.name!);
    const existing = this.ctes.get(c.name!);
    if (!existing || (c.recursivePart && !existing.cte.recursivePart)) {
      // register first (a recursive part refers to the CTE by name), then render the definition
      this.ctes.set(c.name!, { cte: c, sql: "" });
      const body = this.nested(c.element as unknown as ClauseElement, false);
      let def = body;
      if (c.recursivePart) def += ` ${c.recursivePart.all ? "UNION ALL" : "UNION"} ${this.nested(c.recursivePart.element as unknown as ClauseElement, false)}`;
      const cols = c.recursive ? `(${c.columns.map((col) => this.quote(col.name)).join(", ")})` : "";
      this.ctes.set(c.name!, { cte: c, sql: `${name}${cols} AS (${def})` });
    }
    return name;
  }

  visitJoin(j: Join): string {
    if (j.full && !this.dialect.supportsFullOuterJoin) this.unsupported("FULL OUTER JOIN");
    const kind = j.full ? "FULL OUTER JOIN" : j.isOuter ? "LEFT OUTER JOIN" : "JOIN";
    const right = this.process(j.right);
    return `${this.process(j.left)} ${kind} ${j.right.kind === "join" ? `(${right})` : right} ON ${this.predicate(j.onclause)}`;
  }

  visitExcluded(): string {
    throw new CompileError("excluded/inserted can only be used inside onConflictDoUpdate()/onDuplicateKeyUpdate()");
  }

  // ---- SELECT ------------------------------------------------------------------------------

  visitSelect(s: Select): string {
    const top = this.depth === 0;
    const froms = s._resolveFroms(this.enclosing);
    this.currentFroms = froms;
    if (s._forUpdate && this.dialect.name === "mssql") this.forUpdateHint = s._forUpdate;
    const cols = s.selectedColumns;
    if (cols.length === 0 && !isExistsInner(s)) throw new CompileError("select() has no columns; give it columns or a table");
    const names = resultColumnNames(cols);
    // the label maps (ORDER BY / GROUP BY "name") are built when a label reference needs them;
    // anonymous FROMs are named here in the order that building them eagerly would give
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      if (c.kind === "fromColumn" && !needsLabel(c, names[i]!)) {
        const parent = (c as unknown as FromColumn).parent;
        if (parent.kind !== "excluded") this.fromName(parent as FromClause & { name: string | null });
      }
    }
    this.labelSource = { cols, names };
    this.currentLabels = null;
    this.currentLabelExprs = null;

    let colSql = "";
    if (cols.length === 0) colSql = "*";
    else
      for (let i = 0; i < cols.length; i++) {
        if (i > 0) colSql += ", ";
        colSql += this.selectColumn(cols[i]!, names[i]!);
      }
    if (top) {
      this.statementKind = "select";
      const rc = new Array<ResultColumn>(cols.length);
      for (let i = 0; i < cols.length; i++) rc[i] = { key: names[i]!, type: cols[i]!.type };
      this.resultColumns = rc;
    }
    let sql = "SELECT ";
    if (s._distinct) sql += this.renderDistinct(s);
    sql += this.renderTop(s);
    sql += colSql;
    if (froms.length) {
      sql += " FROM " + this.process(froms[0]!);
      for (let i = 1; i < froms.length; i++) sql += ", " + this.process(froms[i]!);
    } else sql += this.emptyFrom();
    this.forUpdateHint = null;
    const where = s._where;
    if (where.length === 1) sql += " WHERE " + this.predicate(where[0]!);
    else if (where.length > 1) {
      // as predicate(and(...where)): nested ANDs render the same flattened or not
      sql += " WHERE " + this.#operandPredicate(where[0]!, PRECEDENCE.AND);
      for (let i = 1; i < where.length; i++) sql += " AND " + this.#operandPredicate(where[i]!, PRECEDENCE.AND);
    }
    if (s._groupBy.length) {
      // GROUP BY "label" renders the labelled expression: SQL Server cannot group by a select-list alias
      this.inGroupBy = true;
      try {
        sql += ` GROUP BY ${s._groupBy.map((g) => this.process(g)).join(", ")}`;
      } finally {
        this.inGroupBy = false;
      }
    }
    if (s._having.length) sql += ` HAVING ${s._having.map((h) => this.#operandPredicate(h, PRECEDENCE.AND)).join(" AND ")}`;
    sql += this.renderOrderLimit(s);
    if (s._forUpdate) sql += this.renderForUpdate(s);
    for (const c of s._ctes) this.process(c);
    return sql;
  }

  /** The label maps of the SELECT being compiled, from its select list. */
  #buildLabelMaps(): void {
    const { cols, names } = this.labelSource!;
    this.labelSource = null;
    const labels = new Map<string, string>();
    const labelExprs = new Map<string, ColumnElement<unknown>>();
    cols.forEach((c, i) => {
      const q = this.quote(names[i]!);
      const isColumn = c.kind === "column" || c.kind === "fromColumn";
      // an unlabelled column is referenced as itself (`ORDER BY users.name`), as SQLAlchemy does
      labels.set(names[i]!, isColumn && !needsLabel(c, names[i]!) ? this.process(c) : q);
      const key = (c as ColumnElement<unknown> & { key?: string }).key;
      if (isColumn) {
        if (key && !labels.has(key)) labels.set(key, needsLabel(c, names[i]!) ? q : this.process(c));
      }
      if (c.kind === "label") {
        labels.set((c as Label).name, this.quote((c as Label).name));
        labelExprs.set((c as Label).name, (c as Label).element);
      }
    });
    this.currentLabels = labels;
    this.currentLabelExprs = labelExprs;
  }

  protected forUpdateHint: Select["_forUpdate"] = null;

  protected selectColumn(c: ColumnElement<unknown>, name: string): string {
    if (c.kind === "label") {
      const l = c as Label;
      return `${this.selectColumnExpression(l.element)} AS ${this.quote(name)}`;
    }
    const sql = this.selectColumnExpression(c);
    return needsLabel(c, name) ? `${sql} AS ${this.quote(name)}` : sql;
  }

  /** Hook: how an expression appears in a select list (MSSQL wraps EXISTS in CASE). */
  protected selectColumnExpression(c: ColumnElement<unknown>): string {
    return this.process(c);
  }

  protected emptyFrom(): string {
    return "";
  }

  protected renderDistinct(s: Select): string {
    if (s._distinctOn.length) {
      if (!this.dialect.supportsDistinctOn) this.unsupported("DISTINCT ON");
      return `DISTINCT ON (${s._distinctOn.map((d) => this.process(d)).join(", ")}) `;
    }
    return "DISTINCT ";
  }

  /** Hook: MSSQL `TOP (n)`. */
  protected renderTop(_s: SelectBase): string {
    return "";
  }

  protected renderOrderLimit(s: SelectBase): string {
    let sql = "";
    const ob = s._orderBy;
    if (ob.length) {
      this.inOrderBy = true;
      try {
        sql += " ORDER BY " + this.process(ob[0]!);
        for (let i = 1; i < ob.length; i++) sql += ", " + this.process(ob[i]!);
      } finally {
        this.inOrderBy = false;
      }
    }
    return sql + this.renderLimitOffset(s);
  }

  /** Hook: LIMIT/OFFSET syntax. */
  protected renderLimitOffset(s: SelectBase): string {
    let sql = "";
    if (s._limit) sql += ` LIMIT ${this.process(s._limit)}`;
    if (s._offset) sql += ` OFFSET ${this.process(s._offset)}`;
    return sql;
  }

  protected renderForUpdate(s: Select): string {
    const f = s._forUpdate!;
    let sql = f.read ? " FOR SHARE" : " FOR UPDATE";
    if (f.of?.length) sql += ` OF ${f.of.map((t) => this.quote(this.fromName(t as FromClause & { name: string | null }))).join(", ")}`;
    if (f.nowait) sql += " NOWAIT";
    if (f.skipLocked) sql += " SKIP LOCKED";
    return sql;
  }

  visitCompoundSelect(c: CompoundSelect): string {
    const top = this.depth === 0;
    if (
      ((c.operator.startsWith("INTERSECT") || c.operator.startsWith("EXCEPT")) && !this.dialect.supportsIntersectExcept) ||
      (c.operator.endsWith(" ALL") && c.operator !== "UNION ALL" && !this.dialect.supportsIntersectExceptAll)
    ) {
      this.unsupported(c.operator);
    }
    const parts = c.selects.map((s) => {
      const inner = this.nested(s as unknown as ClauseElement, false);
      return this.wrapCompoundPart(s, inner);
    });
    const exported = c._exportedColumns();
    if (top) {
      this.statementKind = "select";
      this.resultColumns = exported.map((e) => ({ key: e.name, type: e.type }));
    }
    const labels = new Map<string, string>();
    for (const e of exported) labels.set(e.name, this.quote(e.name));
    this.currentLabels = labels;
    this.currentLabelExprs = null;
    this.labelSource = null;
    this.currentFroms = NO_FROMS;
    return parts.join(` ${c.operator} `) + this.renderOrderLimit(c);
  }

  /** Hook: parenthesise a part of a compound select when needed (its own ORDER BY/LIMIT). */
  protected wrapCompoundPart(s: SelectBase, sql: string): string {
    return s._orderBy.length || s._limit || s._offset || s.kind === "compoundSelect" ? `(${sql})` : sql;
  }

  // ---- DML ---------------------------------------------------------------------------------

  tableName(t: TableImpl): string {
    return this.dialect.preparer.quoteQualified(t.schema, t.name);
  }

  /** Statement kind, RETURNING columns and FROM list of an UPDATE or DELETE (`VisitorCompiler`). */
  beginDML(stmt: Update | Delete, extra: readonly FromClause[]): void {
    if (this.depth === 0) this.statementKind = stmt.kind;
    this.setReturning(stmt);
    this.currentFroms = [stmt.table as unknown as FromClause, ...extra];
  }

  protected setReturning(stmt: Insert | Update | Delete): void {
    if (this.depth === 0 && stmt._returning.length) {
      this.hasReturning = true;
      const names = resultColumnNames(stmt._returning);
      this.resultColumns = stmt._returning.map((c, i) => ({ key: names[i]!, type: c.type }));
    }
  }

  protected returningList(stmt: Insert | Update | Delete, prefix: string | null = null): string {
    const names = resultColumnNames(stmt._returning);
    const saved = this.columnPrefix;
    this.columnPrefix = prefix;
    try {
      return stmt._returning.map((c, i) => this.selectColumn(c, names[i]!)).join(", ");
    } finally {
      this.columnPrefix = saved;
    }
  }

  /** Hook: RETURNING at the end of the statement (PostgreSQL, SQLite, MariaDB). */
  renderReturning(stmt: Insert | Update | Delete): string {
    if (!stmt._returning.length) return "";
    this.checkReturning(stmt);
    return ` RETURNING ${this.returningList(stmt)}`;
  }

  /** Refuses RETURNING where the dialect has none for this statement (MySQL and MariaDB say what to do instead). */
  protected checkReturning(stmt: Insert | Update | Delete): void {
    if (!this.dialect.supportsReturning(stmt.kind)) this.unsupported(`RETURNING for ${stmt.kind.toUpperCase()}`);
  }

  visitInsert(i: Insert): string {
    this.statementKind = this.depth === 0 ? "insert" : this.statementKind;
    this.setReturning(i);
    const table = this.tableName(i.table);
    const cols = i._columns ?? [];
    this.unqualified = true;
    const colList = cols.map((c) => this.quote(c.name)).join(", ");
    this.unqualified = false;
    let sql = `INSERT INTO ${table}`;
    const output = this.renderOutput(i, "inserted");
    if (i._fromSelect) {
      sql += ` (${colList})${output} ${this.nested(i._fromSelect as unknown as ClauseElement, false)}`;
    } else if (!i._rows || cols.length === 0) {
      sql += output + this.emptyInsertValues();
    } else {
      if (i._rows.length > this.dialect.maxRowsPerInsert) {
        throw new CompileError(`${this.dialect.name} accepts at most ${this.dialect.maxRowsPerInsert} rows in one INSERT ... VALUES; insert in batches`);
      }
      const rows = i._rows.map((r) => `(${r.map((v) => this.process(v)).join(", ")})`).join(", ");
      sql += ` (${colList})${output} VALUES ${rows}`;
    }
    if (i._onConflict) sql += this.renderOnConflict(i);
    if (i._onDuplicate) sql += this.renderOnDuplicate(i);
    sql += this.renderReturning(i);
    return sql;
  }

  protected emptyInsertValues(): string {
    return " DEFAULT VALUES";
  }

  /** Hook: MSSQL OUTPUT clause placed before VALUES/WHERE. */
  protected renderOutput(_stmt: Insert | Update | Delete, _prefix: string): string {
    return "";
  }

  protected renderOnConflict(i: Insert): string {
    if (!this.dialect.supportsOnConflict) this.unsupported("ON CONFLICT");
    const oc = i._onConflict!;
    let sql = " ON CONFLICT";
    if (oc.constraint) {
      if (!this.dialect.supportsOnConflictConstraint) this.unsupported("ON CONFLICT ON CONSTRAINT");
      sql += ` ON CONSTRAINT ${this.quote(oc.constraint)}`;
    } else if (oc.target) {
      this.unqualified = true;
      sql += ` (${oc.target.map((t) => (typeof t === "string" ? this.quote(t) : this.process(t))).join(", ")})`;
      this.unqualified = false;
      if (oc.indexWhere) sql += ` WHERE ${this.predicate(oc.indexWhere)}`;
    }
    if (oc.action === "nothing") return sql + " DO NOTHING";
    const sets = oc.set.map(([c, v]) => `${this.quote(c.name)} = ${this.process(v)}`).join(", ");
    sql += ` DO UPDATE SET ${sets}`;
    if (oc.where) sql += ` WHERE ${this.predicate(oc.where)}`;
    return sql;
  }

  protected renderOnDuplicate(_i: Insert): string {
    throw new CompileError(`${this.dialect.name} has no ON DUPLICATE KEY UPDATE; use onConflictDoUpdate()`);
  }

  // ---- DDL ---------------------------------------------------------------------------------

  visitDDL(node: ClauseElement): string {
    this.statementKind = "ddl";
    return this.dialect.ddlCompiler(this).process(node);
  }
}

function isExistsInner(s: Select): boolean {
  return s._items.length === 0;
}

/** A boolean value that is not itself a comparison (a column, parameter, function...). */
function isBareBoolean(e: ColumnElement<unknown>): boolean {
  if (e.type.kind !== "boolean") return false;
  switch (e.kind) {
    case "column":
    case "fromColumn":
    case "bindParam":
    case "function":
    case "cast":
    case "case":
    case "scalarSubquery":
    case "true":
    case "false":
      return true;
    case "label":
    case "grouping":
      return isBareBoolean((e as Label).element);
    default:
      return false;
  }
}

/** Node kinds that compile themselves (`SelfCompiling`), not through `process`'s switch. */
type SelfCompilingKind = "update" | "delete" | "case" | "tuple" | "grouping";

/** Every node kind of the expression language (`SQLCompiler.process` or the node's own `_compile` covers each). */
export type NodeKind =
  | "column" | "fromColumn" | "bindParam" | "binary" | "like" | "isNull" | "between" | "inList" | "inSubquery"
  | "unary" | "clauseList" | "grouping" | "label" | "cast" | "case" | "null" | "true" | "false" | "labelReference"
  | "tuple" | "function" | "functionFilter" | "over" | "textClause" | "scalarSubquery" | "exists"
  | "table" | "alias" | "subquery" | "cte" | "join" | "excluded"
  | "select" | "compoundSelect" | "insert" | "update" | "delete"
  | "createTable" | "dropTable" | "createIndex" | "dropIndex" | "addConstraint" | "dropConstraint"
  | "createType" | "dropType";
