/**
 * The base of every SQL construct: an immutable node with a string `kind`, a structural cache key
 * (values excluded) and `compile()`.
 * @module
 */
import { getDialect, type CompileOptions, type CompiledSQL } from "../compiled.js";
import type { BindParameter } from "./elements.js";

/**
 * Accumulates a statement's structural cache key and, in the same traversal, its bind parameters in
 * a fixed order (the compiled template refers to binds by their index in that order).
 */
export class KeyBuilder {
  key = "";
  readonly binds: BindParameter<unknown>[] = [];
  private ordinals: Map<object, number> | undefined;
  private keyed: Set<object> | undefined;

  /** True the first time `obj` is seen: a CTE's body is keyed once, later references by name only. */
  firstVisit(obj: object): boolean {
    const set = (this.keyed ??= new Set());
    if (set.has(obj)) return false;
    set.add(obj);
    return true;
  }

  /** A per-statement ordinal for anonymous objects (aliases without a name). */
  ordinal(obj: object): number {
    const map = (this.ordinals ??= new Map());
    let n = map.get(obj);
    if (n === undefined) {
      n = map.size + 1;
      map.set(obj, n);
    }
    return n;
  }
}

let nextId = 1;
/** A process-unique id for long-lived schema objects (tables, columns): their cache-key token. */
export function newObjectId(): number {
  return nextId++;
}

export abstract class ClauseElement {
  abstract readonly kind: string;

  /** Appends this node's structural key (and binds) to the builder. */
  abstract _ck(b: KeyBuilder): void;

  /** Key of a reference to this element (a FROM referenced by name); by default its full key. */
  _ckRef(b: KeyBuilder): void {
    this._ck(b);
  }

  /** Compiles for a dialect: `{ sql, params }` (positional). */
  compile(options: CompileOptions = {}): CompiledSQL {
    return getDialect(options.dialect ?? "default").compile(this, { literalBinds: options.literalBinds ?? false });
  }

  /** A readable rendering with `:name` placeholders, like SQLAlchemy's `str(stmt)`. */
  toString(): string {
    try {
      return this.compile({ dialect: "default" }).sql;
    } catch (e) {
      return `<${this.kind}: ${(e as Error).message}>`;
    }
  }

  /** Shallow copy with changes: statements are immutable and every builder method returns a copy. */
  protected _generate(changes: Record<string, unknown>): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, changes);
    return copy;
  }
}
