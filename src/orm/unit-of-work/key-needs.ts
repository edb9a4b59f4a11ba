/**
 * Which new objects of a flush must have their generated primary key BEFORE any statement is
 * sent: those whose key another row of the same flush refers to (a child's foreign key, a
 * many-to-one assignment, a many-to-many association row), and those a postUpdate UPDATE names in
 * its WHERE (the row whose deferred foreign key it writes). The one-request commit
 * (`batch-flush.ts`) obtains exactly these keys up front; every other generated key comes back
 * through RETURNING in the batch itself.
 * @module
 */
import type { SaveSet } from "./save-set.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { stateOf, type InstanceState, committedOf, pkValues, dictOf } from "../session/instance-state.js";
import { asList } from "./attribute-values.js";
import { isPostUpdate } from "./post-update.js";

/** Pending states (no key yet, key not given) that other rows of the flush refer to, in flush order. */
export function statesNeedingKeys(
  saves: SaveSet,
  childSync: ReadonlyMap<InstanceState, readonly { rel: RelationshipAttribute; parent: InstanceState | null }[]>,
): InstanceState[] {
  const needed = new Set<InstanceState>();
  const consider = (s: InstanceState | null | undefined) => {
    if (!s || s.identity !== null || !saves.has(s)) return;
    if (pkValues(s).some((v) => v === undefined || v === null)) needed.add(s);
  };
  for (const [child, entries] of childSync) {
    for (const e of entries) {
      consider(e.parent);
      if (e.parent && isPostUpdate(e.rel)) consider(child); // the child's row gets the second UPDATE
    }
  }
  for (const s of saves) {
    for (const rel of s.mapper.relationships.values()) {
      if (!(rel.key in dictOf(s))) continue;
      if (rel.direction === "manyToOne" && committedOf(s).has(rel.key)) {
        const v = dictOf(s)[rel.key];
        if (v) consider(stateOf(v));
        if (v && isPostUpdate(rel)) consider(s); // s's row gets the second UPDATE
      } else if (rel.direction === "manyToMany") {
        const items = asList(dictOf(s)[rel.key]);
        if (items.length) consider(s);
        for (const t of items) consider(stateOf(t));
      }
    }
  }
  return [...saves].filter((s) => needed.has(s));
}

