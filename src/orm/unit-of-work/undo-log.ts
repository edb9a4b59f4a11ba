/**
 * The flush's undo log: every attribute value the unit of work writes (generated keys, defaults,
 * synchronised foreign keys) is recorded here, and restored in reverse order if the flush fails.
 * Entries are kept in parallel arrays, not one closure per write: a flush of many new objects
 * writes a key into each, and the log must not allocate per write.
 * @module
 */
import { type InstanceState, committedOf, dictOf } from "../session/instance-state.js";

/** `old` of a key that was not in the object's dict (it is deleted again on undo). */
const ABSENT: unique symbol = Symbol("alkahest.absent");

export class UndoLog {
  private readonly states: InstanceState[] = [];
  private readonly keys: string[] = [];
  private readonly olds: unknown[] = [];
  /** Per entry: the committed value recorded by the write is dropped on undo (it had none before). */
  private readonly dropCommitted: boolean[] = [];

  /** Records the current value of `s.dict[key]`, before the caller writes it. */
  record(s: InstanceState, key: string, dropCommitted = false): void {
    const dict = dictOf(s);
    this.states.push(s);
    this.keys.push(key);
    this.olds.push(key in dict ? dict[key] : ABSENT);
    this.dropCommitted.push(dropCommitted);
  }

  /** Restores every recorded value, latest first. */
  undo(): void {
    for (let i = this.states.length - 1; i >= 0; i--) {
      const s = this.states[i]!;
      const key = this.keys[i]!;
      const old = this.olds[i];
      if (old === ABSENT) delete dictOf(s)[key];
      else dictOf(s)[key] = old;
      if (this.dropCommitted[i]) committedOf(s).delete(key);
    }
  }
}
