/**
 * Interned sequences of attribute keys: `EMPTY_SEQUENCE.then("name").then("email")` returns the
 * same object for every caller, so that thousands of objects built the same way (`new User({...})`)
 * share one record of which attributes they changed, in order, instead of one map each.
 * @module
 */

/** Successors kept per sequence; beyond that, callers record changes their own way. */
const MAX_BRANCHES = 64;

export class KeySequence {
  private readonly next = new Map<string, KeySequence>();

  private constructor(
    /** The keys, in the order they were added, each once. */
    readonly keys: readonly string[],
  ) {}

  /** The empty sequence. */
  static readonly EMPTY = new KeySequence([]);

  /** This sequence followed by `key` (itself if `key` is in it already); null when too many sequences branch here. */
  then(key: string): KeySequence | null {
    let seq = this.next.get(key);
    if (seq !== undefined) return seq;
    if (this.keys.includes(key)) return this;
    if (this.next.size >= MAX_BRANCHES) return null;
    seq = new KeySequence([...this.keys, key]);
    this.next.set(key, seq);
    return seq;
  }
}
