/**
 * A many-to-one answered from the identity map, without SQL (SQLAlchemy's lazy loader does the
 * same "get from identity" before it emits a SELECT): the foreign key names the target's primary
 * key, and the session already holds that object. Used by property access (which does no I/O, so
 * this is the only way it can return an unloaded many-to-one) and by the "select" loader.
 * @module
 */
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { type IdentityMap, identityKey } from "./identity-map.js";
import { type InstanceState, committedOf, dictOf } from "./instance-state.js";

/** What the lookup found: the related object (or null for a null foreign key), or nothing without SQL. */
export type IdentityLookup = { readonly found: true; readonly value: object | null } | { readonly found: false };

const MISS: IdentityLookup = { found: false };

/**
 * Resolves `state.rel` (a many-to-one by the target's primary key) from `identityMap`: a null
 * foreign key is `null`; a key the map holds as a persistent object is that object. Values being
 * changed count as they were loaded (the committed value), as the lazy loader reads them.
 */
export function manyToOneFromIdentity(identityMap: IdentityMap, state: InstanceState, rel: RelationshipAttribute): IdentityLookup {
  if (rel.direction !== "manyToOne" || rel.secondary) return MISS;
  const value = (k: string): unknown => (committedOf(state).has(k) ? committedOf(state).get(k) : k in dictOf(state) ? dictOf(state)[k] : undefined);
  const vals = rel.pairs.map((p) => value(p.fk.key));
  if (vals.some((v) => v === undefined)) return MISS; // a foreign key column is not loaded
  if (vals.some((v) => v === null)) return { found: true, value: null };
  const target = rel.target;
  const byPk = !rel.primaryJoin?.extra.length && target.pk.length === rel.pairs.length && rel.pairs.every((p) => target.pk.includes(p.referenced as never));
  if (!byPk) return MISS;
  const pkVals = target.pk.map((c) => vals[rel.pairs.findIndex((p) => p.referenced === c)]);
  const hit = identityMap.get(target, identityKey(pkVals));
  return hit && hit.status === "persistent" ? { found: true, value: hit.obj } : MISS;
}
