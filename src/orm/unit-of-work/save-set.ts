/**
 * The objects a flush saves. It starts as the session's pending objects, kept as the array the
 * flush took of them: a flush of new objects only (the bulk insert) never puts them in a set, which
 * costs a hash-table insertion per object. The first change (another object added, one removed, a
 * membership test) turns it into a `Set` with the same contents and order.
 * @module
 */
import type { InstanceState } from "../session/instance-state.js";

export class SaveSet implements Iterable<InstanceState> {
  private set: Set<InstanceState> | null = null;

  /** `initial`: distinct objects (the session's pending set, copied). */
  constructor(private readonly initial: readonly InstanceState[]) {}

  private asSet(): Set<InstanceState> {
    return (this.set ??= new Set(this.initial));
  }

  get size(): number {
    return this.set === null ? this.initial.length : this.set.size;
  }

  has(s: InstanceState): boolean {
    return this.asSet().has(s);
  }

  add(s: InstanceState): void {
    this.asSet().add(s);
  }

  delete(s: InstanceState): boolean {
    return this.asSet().delete(s);
  }

  /** The objects now, as a new array. */
  toArray(): InstanceState[] {
    return this.set === null ? this.initial.slice() : [...this.set];
  }

  [Symbol.iterator](): Iterator<InstanceState> {
    return this.set === null ? this.initial[Symbol.iterator]() : this.set[Symbol.iterator]();
  }
}
