/**
 * Joined eager loading (`joinedload(User.posts)`) and `containsEager(User.posts)`: the first adds
 * `LEFT OUTER JOIN posts AS anon_1 ON ...` and anon_1's columns to the query; the second reads the
 * columns of a join the query already has. Either way each row's extra columns become objects
 * (through the identity map) collected into the parent's attribute.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { Row } from "../../engine/index.js";
import { Alias, type FromClause } from "../../sql/selectable/from-clause.js";
import type { Select } from "../../sql/selectable/select.js";
import type { Mapper } from "../mapping/mapper.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { relationshipJoin } from "../mapping/relationship-path.js";
import { wrapCollection } from "../session/attributes.js";
import { stateOf, type InstanceState, setLoaded, dictOf } from "../session/instance-state.js";
import { loadInstance, type EntitySpec, type LoadContext } from "./loading.js";
import type { LoadNode } from "./options.js";
import { relOrderBy } from "./rel-order.js";
import { aliasSelectable } from "../mapping/alias-selectable.js";

/** One joined relationship in the query. */
export interface JoinedNode {
  readonly rel: RelationshipAttribute;
  /** The entity item (index) or the joined node whose objects are the parents. */
  readonly parent: { item: number } | { node: number };
  /** Where the target's columns start in each row. */
  readonly offset: number;
  readonly node: LoadNode;
  /** Distinct child objects seen (for deeper post-query loaders). */
  readonly children: object[];
}

export interface JoinedPlan {
  readonly statement: Select<any>;
  readonly nodes: JoinedNode[];
  readonly requiresUnique: boolean;
}

/** Adds the joins and columns of joined / contains-eager relationships below each entity. */
export function planJoined(stmt: Select<any>, spec: EntitySpec, loadNodes: readonly (LoadNode | null)[], path: readonly RelationshipAttribute[]): JoinedPlan {
  let s = stmt;
  const nodes: JoinedNode[] = [];
  let width = spec.items.reduce((n, i) => n + i.width, 0);
  let requiresUnique = false;
  const walk = (mapper: Mapper, parentFrom: FromClause, node: LoadNode, parent: JoinedNode["parent"], seen: readonly RelationshipAttribute[]): void => {
    mapper.ensureConfigured();
    for (const rel of mapper.relationships.values()) {
      const st = node.strategyFor(rel);
      if (st.strategy !== "joined" && st.strategy !== "containsEager") continue;
      if (!st.explicit && seen.includes(rel)) continue; // lazy: "joined" cycles stop after one level
      let target: FromClause;
      if (st.strategy === "joined") {
        // a joined-table subclass target: the join of its aliased tables, outer joined as one (parenthesized) unit
        target = aliasSelectable(rel.target, null);
        const secondary = rel.secondary ? new Alias(rel.secondary, null) : undefined;
        for (const step of relationshipJoin(rel, parentFrom, target, secondary)) s = s.outerjoin(step.target, step.onclause);
        const order = relOrderBy(rel, target);
        if (order.length) s = s.orderBy(...order);
      } else target = st.alias ?? rel.target.selectable;
      s = s.addColumns(target) as unknown as Select<any>;
      const jn: JoinedNode = { rel, parent, offset: width, node: st.node, children: [] };
      width += target.columns.length;
      nodes.push(jn);
      if (rel.uselist) requiresUnique = true;
      walk(rel.target, target, st.node, { node: nodes.length - 1 }, [...seen, rel]);
    }
  };
  spec.items.forEach((item, i) => {
    const ln = loadNodes[i];
    if (item.mapper && ln) walk(item.mapper, stmt._items[i] as FromClause, ln, { item: i }, path);
  });
  const collection = nodes.find((n) => n.rel.uselist);
  if (collection && (stmt._limit || stmt._offset)) {
    const rel = collection.rel;
    throw new ArgumentError(`joined eager loading of the collection ${rel} with limit()/offset() would limit joined rows, not parents; use selectinload(${rel}) for this query`);
  }
  return { statement: s, nodes, requiresUnique };
}

/** Fills joined relationships from the rows (parents whose attribute was already loaded keep it). */
export function populateJoined(ctx: LoadContext, plan: JoinedPlan, raw: readonly (readonly unknown[])[], rows: readonly unknown[][]): void {
  if (!plan.nodes.length) return;
  const collected = plan.nodes.map(() => new Map<InstanceState, { populate: boolean; items: Set<object> }>());
  const seenChildren = plan.nodes.map(() => new Set<object>());
  const current: (object | null)[] = new Array(plan.nodes.length).fill(null);
  for (let r = 0; r < raw.length; r++) {
    plan.nodes.forEach((jn, n) => {
      const child = loadInstance(ctx, jn.rel.target, raw[r]!, jn.offset);
      current[n] = child;
      const parentObj = "item" in jn.parent ? (rows[r]![jn.parent.item] as object | null) : current[jn.parent.node]!;
      if (child && !seenChildren[n]!.has(child)) {
        seenChildren[n]!.add(child);
        jn.children.push(child);
      }
      if (!parentObj) return;
      const ps = stateOf(parentObj);
      if (ps.mapper.relationships.get(jn.rel.key) !== jn.rel) return; // a concrete sibling's row of a polymorphic union
      let entry = collected[n]!.get(ps);
      if (!entry) collected[n]!.set(ps, (entry = { populate: ps.identity !== null && !(jn.rel.key in dictOf(ps)), items: new Set() }));
      if (child && entry.populate) entry.items.add(child);
    });
  }
  plan.nodes.forEach((jn, n) => {
    for (const [ps, entry] of collected[n]!) {
      if (!entry.populate) continue;
      const items = [...entry.items];
      setLoaded(ps, jn.rel.key, jn.rel.uselist ? wrapCollection(ps, jn.rel, items) : (items[0] ?? null));
    }
  });
}
