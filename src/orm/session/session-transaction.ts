/**
 * The session's transaction bookkeeping: one record for the outer transaction and one per
 * savepoint (`beginNested()`), holding what a rollback must undo in memory: objects inserted
 * (expunged again, generated values removed), objects deleted (restored), objects written
 * (expired back to database values).
 * @module
 */
import type { NestedTransaction } from "../../engine/index.js";
import type { FlushOutcome, GeneratedValues } from "../unit-of-work/unit-of-work.js";
import { type IdentityMap, identityKey } from "./identity-map.js";
import type { PendingList } from "./pending-list.js";
import type { Mapper } from "../mapping/mapper.js";
import { type InstanceState, type StateOwner, clearCommitted, clearExpired, expireState, dictOf } from "./instance-state.js";

/** The session's object sets, as the bookkeeping below needs them. */
export interface SessionBook {
  readonly identityMap: IdentityMap;
  readonly pending: PendingList;
  readonly toDelete: Set<InstanceState>;
  readonly modified: Set<InstanceState>;
  readonly owner: StateOwner;
  detach(s: InstanceState): void;
}

/** After a successful flush: new objects become persistent (identity map), deleted ones `deleted`, changes committed. */
export function applyFlushOutcome(book: SessionBook, o: FlushOutcome, rec: TransactionRecord): void {
  for (const old of o.switched.values()) {
    book.toDelete.delete(old);
    book.detach(old);
    rec.deleted.add(old);
  }
  // a row switch (delete + add of one key, flushed as an UPDATE) is an insert of the new object
  // as far as rollback goes: it is expunged, and the deleted object gets its identity back
  const inserted = o.switched.size ? o.inserted.concat([...o.switched.keys()]) : o.inserted;
  let wasPending = 0;
  const pendingBefore = book.pending.size; // (read before the loop makes the inserted objects persistent)
  const pkBuf: unknown[] = []; // one array for every object's key values
  // new rows have keys no other row has: an identity root the session held nothing of takes them
  // unindexed (IdentityMap.addUnindexed), one array per root
  let fresh: Map<Mapper, InstanceState[] | null> | null = null;
  // the usual flush inserts objects of one identity root: `sole` until a second root is seen
  const sole = inserted.length && !o.switched.size && book.identityMap.isEmptyFor(inserted[0]!.mapper) ? inserted[0]!.mapper.base : null;
  for (let n = 0; n < inserted.length; n++) {
    const s = inserted[n]!;
    if (s.status === "pending" && s.session === book.owner) wasPending++;
    const pk = s.mapper.pk;
    const d = dictOf(s);
    pkBuf.length = pk.length;
    for (let i = 0; i < pk.length; i++) pkBuf[i] = d[pk[i]!.key];
    s.identity = identityKey(pkBuf);
    s.status = "persistent";
    clearCommitted(s);
    const base = s.mapper.base;
    if (base === sole && fresh === null) continue;
    if (fresh === null) {
      // a second root: the objects so far go to the first root's batch
      fresh = new Map();
      if (sole !== null) fresh.set(sole, inserted.slice(0, n));
    }
    let batch = fresh.get(base);
    if (batch === undefined) fresh.set(base, (batch = !o.switched.size && book.identityMap.isEmptyFor(base) ? [] : null));
    if (batch !== null) batch.push(s);
    else book.identityMap.set(s);
  }
  if (fresh !== null) {
    for (const batch of fresh.values()) if (batch !== null) book.identityMap.addUnindexed(batch);
  } else if (sole !== null) book.identityMap.addUnindexed(inserted.slice()); // (the identity map may append to its array)
  if (rec.inserted.length === 0) rec.inserted = inserted; // (the outcome's own list)
  else for (let n = 0; n < inserted.length; n++) rec.inserted.push(inserted[n]!);
  // every pending object was inserted (the usual case): one clear() rather than a delete per object
  if (wasPending === pendingBefore) book.pending.clear();
  else for (const s of inserted) book.pending.delete(s);
  if (rec.generated.states.length === 0) rec.generated = o.generated; // (the outcome's own lists)
  else appendGenerated(rec.generated, o.generated);
  for (const s of o.updated) rec.updated.add(s);
  for (const s of o.deleted) {
    book.toDelete.delete(s);
    book.modified.delete(s);
    book.identityMap.delete(s);
    s.status = "deleted";
    rec.deleted.add(s);
  }
  for (const s of o.updated) clearCommitted(s);
  // objects changed only through collections (no UPDATE of their own row) are expired on rollback too
  for (const s of book.modified) {
    clearCommitted(s);
    if (s.status === "persistent") rec.updated.add(s);
  }
  book.modified.clear();
}

/**
 * Undoes in memory what a rolled-back transaction (or savepoint) saw: inserted objects become
 * transient again (values the flush generated removed), deleted ones persistent, written ones expired.
 */
export function restoreRecord(book: SessionBook, rec: TransactionRecord): void {
  const g = rec.generated;
  for (let i = 0; i < g.states.length; i++) delete dictOf(g.states[i]!)[g.keys[i]!];
  for (const s of rec.inserted) {
    book.identityMap.delete(s);
    s.identity = null;
    clearExpired(s);
    book.detach(s);
  }
  for (const s of rec.deleted) {
    if (s.identity === null) continue;
    s.session = book.owner;
    s.status = "persistent";
    // another object loaded with this key meanwhile (a row inserted out of band) gives way
    const other = book.identityMap.get(s.mapper, s.identity);
    if (other && other !== s) book.detach(other);
    book.identityMap.set(s);
    expireState(s);
  }
  for (const s of rec.updated) if (s.session === book.owner) expireState(s);
}

export class TransactionRecord {
  /** Objects inserted by flushes in this transaction (each once: an inserted object has a row and cannot be inserted again). */
  inserted: InstanceState[] = [];
  /** The attribute keys those flushes gave values (removed again by a rollback). */
  generated: GeneratedValues = { states: [], keys: [] };
  /** Objects whose rows were deleted by flushes in this transaction. */
  readonly deleted = new Set<InstanceState>();
  /** Objects updated by flushes in this transaction. */
  readonly updated = new Set<InstanceState>();

  constructor(
    /** The savepoint, or null for the outer transaction. */
    readonly savepoint: NestedTransaction | null,
  ) {}

  /** Moves this record's accounting into `parent` (a savepoint released into its transaction). */
  mergeInto(parent: TransactionRecord): void {
    for (const s of this.inserted) parent.inserted.push(s);
    appendGenerated(parent.generated, this.generated);
    for (const s of this.deleted) parent.deleted.add(s);
    for (const s of this.updated) parent.updated.add(s);
  }
}

/** The handle `session.beginNested()` returns. */
export interface SessionSavepoint extends AsyncDisposable {
  readonly isActive: boolean;
  /** Flushes, then releases the savepoint (its changes join the outer transaction). */
  commit(): Promise<void>;
  /** Rolls back to the savepoint: objects added inside are expunged, deleted ones restored, written ones expired. */
  rollback(): Promise<void>;
}

/** Appends the (object, key) entries of `from` to `to`. */
function appendGenerated(to: GeneratedValues, from: GeneratedValues): void {
  for (let i = 0; i < from.states.length; i++) {
    to.states.push(from.states[i]!);
    to.keys.push(from.keys[i]!);
  }
}
