/**
 * The "select" loading strategy: one SELECT for one relationship of one object
 * (`await user.awaitableAttrs.posts`). A many-to-one whose target is already in the identity map
 * is answered without SQL.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and, type ColumnElement } from "../../sql/elements/elements.js";
import { select } from "../../sql/selectable/select.js";
import type { Select } from "../../sql/selectable/select.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { extraCriteria } from "../mapping/primaryjoin.js";
import { KEYED_LOAD } from "./polymorphic.js";
import { wrapCollection } from "../session/attributes.js";
import { type InstanceState, committedOf, setLoaded, dictOf } from "../session/instance-state.js";
import type { IdentityMap } from "../session/identity-map.js";
import { manyToOneFromIdentity } from "../session/identity-lookup.js";

/** What lazy loading needs from the session. */
export interface LazyLoadContext {
  readonly identityMap: IdentityMap;
  /** Runs an entity select through the identity map and returns the objects. */
  _loadEntities(stmt: Select<any>): Promise<object[]>;
}

function eqAll(pairs: readonly (readonly [ColumnElement<unknown>, unknown])[]): ColumnElement<unknown> {
  const crit = pairs.map(([c, v]) => c.eq(v as never));
  return crit.length === 1 ? crit[0]! : and(...crit);
}

/** Loads `rel` of `state` and stores it as loaded (not as a change); returns the value. */
export async function loadRelationship(ctx: LazyLoadContext, state: InstanceState, rel: RelationshipAttribute): Promise<unknown> {
  const target = rel.target;
  const ordered = (stmt: Select<any>): Select<any> => {
    const spec = rel.options.orderBy;
    if (!spec?.length) return stmt;
    return stmt.orderBy(
      ...spec.map((k) => {
        const desc = k.startsWith("-");
        const col = target.columnByKey.get(desc ? k.slice(1) : k);
        if (!col) throw new ArgumentError(`${rel}: orderBy names ${JSON.stringify(k)}, which is not a column attribute of ${target.className}`);
        return desc ? col.desc() : col.asc();
      }),
    );
  };
  const extra = extraCriteria(rel);
  const filtered = (crit: ColumnElement<unknown>) => (extra ? and(crit, extra) : crit);
  const value = (k: string) => (committedOf(state).has(k) ? committedOf(state).get(k) : dictOf(state)[k]);
  let items: object[];
  if (rel.direction === "manyToOne") {
    const known = manyToOneFromIdentity(ctx.identityMap, state, rel);
    if (known.found) {
      setLoaded(state, rel.key, known.value);
      return known.value;
    }
    const vals = rel.pairs.map((p) => value(p.fk.key));
    if (vals.some((v) => v === null || v === undefined)) {
      setLoaded(state, rel.key, null);
      return null;
    }
    items = await ctx._loadEntities(select(target.cls as never).options(KEYED_LOAD).where(filtered(eqAll(rel.pairs.map((p, i) => [p.referenced, vals[i]] as const)))));
  } else if (rel.direction === "oneToMany") {
    const crit = rel.pairs.map((p) => [p.fk, value(p.referenced.key)] as const);
    items = await ctx._loadEntities(ordered(select(target.cls as never).options(KEYED_LOAD).where(filtered(eqAll(crit)))));
  } else {
    const secondary = rel.secondary!;
    const on = and(...rel.targetSecondaryPairs.map((p) => p.fk.eq(p.referenced as never)));
    const crit = rel.secondaryPairs.map((p) => [p.fk, value(p.referenced.key)] as const);
    items = await ctx._loadEntities(ordered(select(target.cls as never).options(KEYED_LOAD).join(secondary, on).where(filtered(eqAll(crit)))));
  }
  const loaded = rel.uselist ? wrapCollection(state, rel, items) : (items[0] ?? null);
  setLoaded(state, rel.key, loaded);
  return loaded;
}
