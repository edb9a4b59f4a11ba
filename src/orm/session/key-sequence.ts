/**
 * Interned sequences of attribute keys: `KeySequence.EMPTY.then("name").then("email")` returns the
 * same object for every caller, so that thousands of objects built the same way (`new User({...})`)
 * share one record of which attributes they changed, in order, instead of one map each.
 * @module
 */

/** Successors kept per sequence, and sequences in all (memory stays bounded whatever orders keys come in); beyond that, callers record changes their own way. */
const MAX_BRANCHES = 64;
const MAX_SEQUENCES = 4096;
let sequences = 1;

export class KeySequence {
  private readonly next = new Map<string, KeySequence>();

  private constructor(
    /** The keys, in the order they were added, each once. */
    readonly keys: readonly string[],
  ) {}

  /** The empty sequence. */
  static readonly EMPTY = new KeySequence([]);

  /** This sequence followed by `key` (itself if `key` is in it already); null past the limits above. */
  then(key: string): KeySequence | null {
    let seq = this.next.get(key);
    if (seq !== undefined) return seq;
    if (this.keys.includes(key)) return this;
    if (this.next.size >= MAX_BRANCHES || sequences >= MAX_SEQUENCES) return null;
    sequences++;
    seq = new KeySequence([...this.keys, key]);
    this.next.set(key, seq);
    return seq;
  }
}
