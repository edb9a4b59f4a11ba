/**
 * `Registry`: the registered classes of one declarative base, by class name (relationship targets
 * are resolved through it), and their shared `MetaData`.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { MetaData } from "../../sql/schema/metadata.js";
import type { Mapper } from "./mapper.js";
import { resolvePolymorphicDefault } from "./inheritance.js";

export class Registry {
  readonly mappers = new Map<string, Mapper>();
  private _dirty = false;

  constructor(readonly metadata: MetaData) {}

  /** @internal */
  _add(mapper: Mapper): void {
    const existing = this.mappers.get(mapper.className);
    if (existing && existing !== mapper) {
      throw new ArgumentError(`a class named ${mapper.className} is already registered with this declarative base; class names must be unique (relationships name their targets by class name)`);
    }
    this.mappers.set(mapper.className, mapper);
    this._dirty = true;
  }

  /**
   * Resolves every relationship of every registered class: targets, directions, join columns and
   * back-populated attributes. Called on first use; call it yourself to fail fast at startup.
   */
  configure(): void {
    if (!this._dirty) return;
    for (const m of this.mappers.values()) {
      if (m.configured) continue;
      for (const rel of m.relationships.values()) if (rel.parent === m) m._resolve(rel); // inherited ones resolve on their own mapper
    }
    // every time (a class registered since may be named, or change what "*" covers)
    for (const m of this.mappers.values()) if (m.args.withPolymorphic !== undefined) resolvePolymorphicDefault(m, this.mappers);
    for (const m of this.mappers.values()) m.configured = true;
    this._dirty = false;
  }
}
