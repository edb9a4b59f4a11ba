/**
 * `session.refresh(obj, attrs?)` (reload from the database) and `session.merge(obj)` (copy a
 * detached or foreign object's state onto this session's object with the same key).
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import { and } from "../../sql/elements/elements.js";
import { select } from "../../sql/selectable/select.js";
import { NO_VALUE, initState, rawArray, stateOf, type InstanceState, committedOf, describeState, setLoaded, dictOf } from "./instance-state.js";
import type { Session } from "./session.js";
import { baseColumns, KEYED_LOAD } from "../loading/polymorphic.js";
import { identityKey } from "./identity-map.js";

/** Reloads columns (and the named relationships) of `s`; relationships not named are unloaded. */
export async function refreshState(session: Session, s: InstanceState, attrs?: readonly string[]): Promise<void> {
  session._checkRollback();
  if (s.session !== session || s.identity === null) throw new InvalidRequestError(`${describeState(s)} is not persistent in this session; cannot refresh`);
  const m = s.mapper;
  const pk = m.pk.map((c) => (committedOf(s).has(c.key) && committedOf(s).get(c.key) !== NO_VALUE ? committedOf(s).get(c.key) : dictOf(s)[c.key]));
  const crit = m.pk.map((c, i) => c.eq(pk[i] as never));
  const conn = await session._connection();
  const result = await conn.execute(select(m.selectable).where(crit.length === 1 ? crit[0]! : and(...crit)));
  const row = result.first();
  if (!row) throw new InvalidRequestError(`Could not refresh instance ${describeState(s)}: its row no longer exists`);
  const want = attrs ? new Set(attrs) : null;
  const seen = new Set<string>();
  baseColumns(m.selectable).forEach((c, i) => {
    if ((want && !want.has(c.key)) || seen.has(c.key) || !m.columnByKey.has(c.key)) return;
    seen.add(c.key);
    committedOf(s).delete(c.key);
    setLoaded(s, c.key, row[i]);
  });
  for (const rel of m.relationships.values()) {
    if (want ? want.has(rel.key) : false) {
      committedOf(s).delete(rel.key);
      delete dictOf(s)[rel.key];
      await session._loadRel(s, rel);
    } else if (!want) {
      committedOf(s).delete(rel.key);
      delete dictOf(s)[rel.key];
    }
  }
  if (committedOf(s).size === 0) session._unmarkModified(s);
}

/**
 * The object in `session` with `src`'s key, loaded or created, with `src`'s loaded column values
 * copied onto it; relationships with the `merge` cascade (part of the default and of `"all"`) are
 * merged the same way, object by object, and the merged objects assigned to the target's
 * attribute. `memo` maps each source object already merged to its result (cycles, shared objects).
 */
export async function mergeState(session: Session, src: InstanceState, memo = new Map<InstanceState, object>()): Promise<object> {
  session._checkRollback();
  if (src.session === session) return src.obj;
  const done = memo.get(src);
  if (done) return done;
  const m = src.mapper;
  m.ensureConfigured();
  const pk = m.pk.map((c) => dictOf(src)[c.key]);
  let target: InstanceState | undefined;
  if (pk.every((v) => v !== undefined && v !== null)) {
    target = session.identityMap.get(m, identityKey(pk));
    if (!target) {
      const crit = m.pk.map((c, i) => c.eq(pk[i] as never));
      const found = await session._loadEntities(select(m.cls as never).options(KEYED_LOAD).where(crit.length === 1 ? crit[0]! : and(...crit)));
      if (found[0]) target = stateOf(found[0]);
    }
  }
  if (!target) {
    const fresh = m.blankInstance();
    target = initState(fresh, m);
    session._addState(target);
  }
  memo.set(src, target.obj);
  const obj = target.obj as Record<string, unknown>;
  for (const c of m.columns) {
    if (c.key in dictOf(src) && !(target.identity !== null && m.pk.includes(c))) obj[c.key] = dictOf(src)[c.key];
  }
  for (const rel of m.relationships.values()) {
    if (!rel.cascade.has("merge") || !(rel.key in dictOf(src))) continue;
    const v = dictOf(src)[rel.key];
    const merged: object[] = [];
    for (const item of Array.isArray(v) ? rawArray(v) : v ? [v] : []) merged.push(await mergeState(session, stateOf(item), memo));
    // the target's current value is loaded first, so children left out are orphaned (or un-linked) by the flush
    if (target.identity !== null && !(rel.key in dictOf(target))) await session._loadRel(target, rel);
    obj[rel.key] = rel.uselist ? merged : (merged[0] ?? null);
  }
  return target.obj;
}
