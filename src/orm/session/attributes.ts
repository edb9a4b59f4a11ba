/**
 * Attribute access on mapped instances: reading (with clear errors for expired attributes and
 * unloaded relationships: a property read never does I/O), writing with change tracking and
 * `set` events, and in-memory synchronisation of both sides of a relationship (backPopulates).
 * @module
 */
import { DetachedInstanceError, InvalidRequestError, LazyLoadError } from "../../errors.js";
import { ArgumentError } from "../../errors.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { difference, trackedCollection } from "./collection.js";
import { manyToOneFromIdentity } from "./identity-lookup.js";
import { NO_VALUE, onRow, describeValue, maybeState, rawArray, stateOf, type InstanceState, describeState, isExpired, recordChange, recordColumnChange, setLoaded, unexpire, dictOf } from "./instance-state.js";

/** Reads attribute `key` of a mapped instance. */
export function getAttribute(state: InstanceState, key: string): unknown {
  // a loaded object still on its row: read the column there (no dictionary)
  const r = onRow(state, key);
  if (r !== NO_VALUE) return r;
  const dict = dictOf(state);
  if (key in dict) return dict[key];
  const mapper = state.mapper;
  if (mapper.columnByKey.has(key)) {
    if (state.status === "transient" || state.status === "pending") return undefined;
    const where = `${mapper.className}.${key}`;
    if (state.session === null) {
      throw new DetachedInstanceError(`${where} of ${describeState(state)} is not loaded and the object is detached; load it in a session (session.get/refresh) or commit with expireOnCommit: false`);
    }
    throw new InvalidRequestError(
      `${where} of ${describeState(state)} is expired (after commit, rollback or expire())` +
        (mapper.inherits ? ` or was not loaded by the query (a subclass attribute: select the subclass, or use withPolymorphic())` : "") +
        `; property access does no I/O: ` +
        `\`await session.refresh(obj)\` (or \`await obj.awaitableAttrs.${key}\`) loads it, or use expireOnCommit: false`,
    );
  }
  const rel = mapper.relationships.get(key);
  if (!rel) return undefined;
  mapper.ensureConfigured();
  if (state.identity === null) {
    // a new object: its relationships start empty
    const empty = rel.uselist ? wrapCollection(state, rel, []) : null;
    dict[key] = empty;
    return empty;
  }
  if (state.session !== null && state.status === "persistent") {
    // a many-to-one whose target the session already holds needs no I/O
    const known = manyToOneFromIdentity(state.session.identityMap, state, rel);
    if (known.found) {
      setLoaded(state, key, known.value);
      return known.value;
    }
  }
  throw new LazyLoadError(
    `${rel} of ${describeState(state)} is not loaded, and property access does no I/O. Load it with ` +
      `\`await obj.awaitableAttrs.${key}\`, or eagerly with selectinload(${rel}) / joinedload(${rel}) in the query`,
  );
}

/** Writes attribute `key` (the public setter). */
export function setAttribute(state: InstanceState, key: string, value: unknown): void {
  const mapper = state.mapper;
  const col = mapper.columnByKey.get(key);
  if (col) {
    const dict = dictOf(state);
    const old = key in dict ? dict[key] : undefined;
    if (col._setListeners.length) value = col._fireSet(state.obj, value, old);
    if (key in dict && Object.is(old, value) && !isExpired(state, key)) return;
    if (state.identity !== null && mapper.pk.includes(col) && !Object.is(old, value)) {
      throw new InvalidRequestError(`${mapper.className}.${key}: the primary key of a persistent object cannot be changed (${describeState(state)})`);
    }
    recordColumnChange(state, key);
    dict[key] = value;
    unexpire(state, key);
    return;
  }
  const rel = mapper.relationships.get(key);
  if (!rel) throw new ArgumentError(`${mapper.className} has no mapped attribute ${JSON.stringify(key)}`);
  mapper.ensureConfigured();
  if (rel.uselist) setCollection(state, rel, value);
  else setScalar(state, rel, value, true);
}

/** A tracked collection for `state.rel` holding `items`. */
export function wrapCollection(state: InstanceState, rel: RelationshipAttribute, items: unknown[]): unknown[] {
  return trackedCollection(state, rel, items, beforeCollectionChange, afterCollectionChange);
}

function beforeCollectionChange(state: InstanceState, rel: RelationshipAttribute): void {
  recordChange(state, rel.key);
}

function afterCollectionChange(state: InstanceState, rel: RelationshipAttribute, added: unknown[], removed: unknown[]): void {
  for (const item of added) checkTarget(rel, item);
  for (const item of removed) removeReverse(item, rel, state.obj);
  for (const item of added) {
    addReverse(item, rel, state.obj);
    if (state.session && rel.cascade.has("save-update")) state.session._cascadeAdd(item as object);
  }
}

function checkTarget(rel: RelationshipAttribute, value: unknown): void {
  const s = maybeState(value);
  if (!s || !(value instanceof (rel.target.cls as Function))) {
    throw new ArgumentError(`${rel}: expected a ${rel.target.className}, got ${describeValue(value)}`);
  }
}

function setCollection(state: InstanceState, rel: RelationshipAttribute, value: unknown): void {
  if (!Array.isArray(value)) throw new ArgumentError(`${rel} is a collection: assign an array of ${rel.target.className}`);
  const items = [...rawArray(value)];
  for (const item of items) checkTarget(rel, item);
  const cur = dictOf(state)[rel.key];
  const old = Array.isArray(cur) ? rawArray(cur) : null;
  recordChange(state, rel.key);
  dictOf(state)[rel.key] = wrapCollection(state, rel, items);
  afterCollectionChange(state, rel, old ? difference(items, old) : items, old ? difference(old, items) : []);
}

/** Sets a many-to-one / one-to-one attribute; `backref` also updates the other side. */
export function setScalar(state: InstanceState, rel: RelationshipAttribute, value: unknown, backref: boolean): void {
  if (value === undefined) value = null;
  if (value !== null) checkTarget(rel, value);
  const known = rel.key in dictOf(state);
  const old = known ? dictOf(state)[rel.key] : NO_VALUE;
  if (known && old === value) return;
  recordChange(state, rel.key);
  dictOf(state)[rel.key] = value;
  if (value !== null && state.session && rel.cascade.has("save-update")) state.session._cascadeAdd(value as object);
  if (backref && rel.reverse) {
    if (old !== NO_VALUE && old !== null) removeReverse(old, rel, state.obj);
    if (value !== null) addReverse(value, rel, state.obj);
  }
}

/** `target`'s reverse of `rel` now includes `parent` (quietly: no further backrefs). */
function addReverse(target: unknown, rel: RelationshipAttribute, parent: object): void {
  const rev = rel.reverse;
  if (!rev) return;
  const ts = stateOf(target);
  if (rev.uselist) {
    let cur = dictOf(ts)[rev.key];
    if (!Array.isArray(cur)) {
      if (ts.identity !== null) return; // not loaded: the flush syncs keys from this side
      cur = getAttribute(ts, rev.key); // a new object's collection starts empty
    }
    const raw = rawArray(cur as unknown[]);
    if (raw.includes(parent)) return;
    recordChange(ts, rev.key);
    raw.push(parent);
    return;
  }
  const prev = rev.key in dictOf(ts) ? dictOf(ts)[rev.key] : null;
  if (prev === parent) return;
  if (prev !== null && prev !== undefined) {
    // one-to-one: the object previously pointing here no longer does
    const ps = stateOf(prev);
    if (dictOf(ps)[rel.key] === target) {
      recordChange(ps, rel.key);
      dictOf(ps)[rel.key] = null;
    }
  }
  recordChange(ts, rev.key);
  dictOf(ts)[rev.key] = parent;
}

/** `target`'s reverse of `rel` no longer includes `parent`. */
function removeReverse(target: unknown, rel: RelationshipAttribute, parent: object): void {
  const rev = rel.reverse;
  if (!rev) return;
  const ts = maybeState(target);
  if (!ts) return;
  const cur = dictOf(ts)[rev.key];
  if (rev.uselist) {
    if (!Array.isArray(cur)) return;
    const raw = rawArray(cur);
    const i = raw.indexOf(parent);
    if (i < 0) return;
    recordChange(ts, rev.key);
    raw.splice(i, 1);
    return;
  }
  if (cur === parent) {
    recordChange(ts, rev.key);
    dictOf(ts)[rev.key] = null;
  }
}
