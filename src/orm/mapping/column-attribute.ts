/**
 * `ColumnAttribute`: the class-level attribute of a mapped column (`User.username`). It IS the
 * table's column (a Core `Column` subclass, compiled and cache-keyed exactly like one) that also
 * knows its attribute key and owning mapper, and carries the attribute `set` event.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ListenOptions } from "../../event.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import { ColumnImpl } from "../../sql/schema/column.js";
import type { Mapper } from "./mapper.js";

/** `event.listen(User.email, "set", (target, value, oldValue, initiator) => ...)`. */
export type AttributeSetListener = (target: any, value: any, oldValue: any, initiator: ColumnAttribute<any>) => unknown;

export class ColumnAttribute<T = unknown> extends ColumnImpl<string, T> {
  /** The owning mapper, set when the model class is registered. */
  _mapper: Mapper | null = null;
  /** `set` listeners, called synchronously on assignment (a property write cannot await). */
  _setListeners: { fn: AttributeSetListener; retval: boolean; once: boolean }[] = [];

  constructor(columnName: string, attrKey: string, args: unknown[]) {
    super(columnName, ...args);
    this.key = attrKey;
  }

  /** The attribute name on the model (`User.isActive` → `"isActive"`, whatever the column name). */
  get attrKey(): string {
    return this.key;
  }

  /**
   * @internal The entity-criteria protocol of a column in a select list (see `sql/selectable/entity.ts`):
   * a column attribute of a single-table subclass (`Manager.name`, `Manager.managerData`) makes the
   * select carry the subclass's discriminator criterion, as `select(Manager)` does; null otherwise.
   */
  __entityCriteria__(): ColumnElement<unknown> | null {
    const m = this._mapper;
    return m === null || m.inheritance !== "single" ? null : m.selectCriteria();
  }

  /** @internal `event.listen(User.email, "set", fn, { retval })` */
  _listen(name: string, fn: (...args: any[]) => unknown, options: ListenOptions): () => void {
    if (name !== "set") throw new ArgumentError(`a column attribute has no event ${JSON.stringify(name)} (events: set)`);
    const entry = { fn: fn as AttributeSetListener, retval: options.retval ?? false, once: options.once ?? false };
    this._setListeners.push(entry);
    return () => {
      const i = this._setListeners.indexOf(entry);
      if (i >= 0) this._setListeners.splice(i, 1);
    };
  }

  /** Runs the `set` listeners; with `retval`, a listener's return value replaces the value. */
  _fireSet(target: object, value: unknown, oldValue: unknown): unknown {
    if (this._setListeners.length === 0) return value;
    for (const entry of [...this._setListeners]) {
      if (entry.once) this._setListeners.splice(this._setListeners.indexOf(entry), 1);
      const out = entry.fn(target, value, oldValue, this);
      if (entry.retval) value = out;
    }
    return value;
  }
}
