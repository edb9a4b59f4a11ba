/**
 * Many-to-many association rows: the pairs removed from either side's collection are deleted, then
 * the pairs added are inserted (multi-row), after both ends have their rows and keys. A pair seen
 * from both sides (backPopulates) is written once.
 * @module
 */
import type { Connection } from "../../engine/index.js";
import { and } from "../../sql/elements/elements.js";
import { delete_ } from "../../sql/dml/delete.js";
import { insert } from "../../sql/dml/insert.js";
import type { Mapper } from "../mapping/mapper.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { extraCriteria } from "../mapping/primaryjoin.js";
import { difference } from "../session/collection.js";
import { stateOf, type InstanceState, committedOf, dictOf } from "../session/instance-state.js";
import { sendStatement, type PersistenceTarget } from "./persistence.js";
import type { FlushOutcome } from "./unit-of-work.js";
import { asList, asListOrEmpty, committedValue } from "./attribute-values.js";

export interface AssociationWork {
  readonly saves: Iterable<InstanceState>;
  readonly deletes: ReadonlySet<InstanceState>;
  readonly out: FlushOutcome;
  readonly conn: Connection;
  readonly target: PersistenceTarget;
  /** The mappers of every saved and deleted object. */
  readonly mappers: readonly Mapper[];
}

function hasManyToMany(m: Mapper): boolean {
  for (const rel of m.relationships.values()) if (rel.direction === "manyToMany") return true;
  return false;
}

/** Many-to-many rows: removed pairs deleted, then added pairs inserted (after both ends exist). */
export async function writeAssociations(w: AssociationWork): Promise<void> {
  // no many-to-many relationship among the flushed classes: nothing to visit
  if (!w.mappers.some(hasManyToMany)) return;
  const removals = new Map<string, { rel: RelationshipAttribute; values: Record<string, unknown> }>();
  const additions = new Map<string, { rel: RelationshipAttribute; values: Record<string, unknown> }>();
  const row = (rel: RelationshipAttribute, a: InstanceState, b: InstanceState) => {
    const values: Record<string, unknown> = {};
    for (const p of rel.secondaryPairs) values[p.fk.key] = dictOf(a)[p.referenced.key];
    for (const p of rel.targetSecondaryPairs) values[p.fk.key] = dictOf(b)[p.referenced.key];
    const key = rel.secondary!.name + "|" + Object.keys(values).sort().map((k) => k + "=" + String(values[k])).join(",");
    return { key, values };
  };
  const all = [...w.saves, ...w.deletes];
  const inserted = new Set(w.out.inserted);
  for (const s of all) {
    for (const rel of s.mapper.relationships.values()) {
      if (rel.direction !== "manyToMany" || !(rel.key in dictOf(s))) continue;
      const isNew = inserted.has(s) && !w.out.switched.has(s);
      if (!isNew && !committedOf(s).has(rel.key) && !w.deletes.has(s)) continue;
      const current = w.deletes.has(s) ? [] : asList(dictOf(s)[rel.key]);
      const old = isNew ? [] : asListOrEmpty(committedOf(s).get(rel.key) ?? (w.deletes.has(s) ? dictOf(s)[rel.key] : []));
      for (const t of difference(old, current)) {
        const r = row(rel, s, stateOf(t));
        removals.set(r.key, { rel, values: r.values });
      }
      for (const t of difference(current, old)) {
        const r = row(rel, s, stateOf(t));
        additions.set(r.key, { rel, values: r.values });
      }
    }
  }
  // rows of deleted objects whose collections were never loaded
  for (const s of w.deletes) {
    for (const rel of s.mapper.relationships.values()) {
      if (rel.direction !== "manyToMany" || rel.key in dictOf(s)) continue;
      const crit = rel.secondaryPairs.map((p) => p.fk.eq(committedValue(s, p.referenced.key) as never));
      // a primaryjoin / secondaryjoin restricting the association table: only this relationship's rows
      const own = extraCriteria(rel, undefined, undefined, "secondary");
      if (own) crit.push(own as (typeof crit)[number]);
      await sendStatement(w.target, delete_(rel.secondary!).where(crit.length === 1 ? crit[0]! : and(...crit)));
    }
  }
  for (const [k, r] of removals) {
    if (additions.has(k)) {
      additions.delete(k);
      continue;
    }
    const crit = Object.entries(r.values).map(([col, v]) => r.rel.secondary!.c[col]!.eq(v as never));
    await sendStatement(w.target, delete_(r.rel.secondary!).where(and(...crit)));
  }
  const byTable = new Map<RelationshipAttribute["secondary"], Record<string, unknown>[]>();
  for (const r of additions.values()) {
    const list = byTable.get(r.rel.secondary) ?? [];
    list.push(r.values);
    byTable.set(r.rel.secondary, list);
  }
  for (const [table, rows] of byTable) {
    const per = Math.max(1, Math.floor(w.target.maxParams / Math.max(1, Object.keys(rows[0]!).length)));
    for (let i = 0; i < rows.length; i += per) {
      await sendStatement(w.target, insert(table!).values(rows.slice(i, i + per) as never));
    }
  }
}
