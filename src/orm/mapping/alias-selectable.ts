/**
 * An alias of a mapper's selectable: `users AS users_1` for one table; for a joined-table
 * subclass, every table aliased and joined again on the aliased inheritance keys
 * (`employees AS e_1 JOIN engineers AS e_2 ON e_1.id = e_2.id`), which `aliased(Engineer)` and
 * joined eager loading of a relationship to `Engineer` select from.
 * @module
 */
import { and } from "../../sql/elements/elements.js";
import { Alias, type FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import { inheritPairs } from "./inheritance.js";
import type { Mapper } from "./mapper.js";

/** `m`'s selectable under an alias (`name` names the base table's alias; the others are anonymous). */
export function aliasSelectable(m: Mapper, name: string | null): FromClause {
  if (m.tables.length === 1) return new Alias(m.table, name);
  const aliases = new Map<TableImpl, Alias>();
  let from: FromClause | null = null;
  for (const t of m.tables) {
    const a: Alias = new Alias(t, from === null ? name : null);
    aliases.set(t, a);
    if (from === null) {
      from = a;
      continue;
    }
    let owner: Mapper | null = m;
    while (owner && owner.table !== t) owner = owner.inherits;
    const pairs = inheritPairs.get(owner!)!;
    const on = pairs.map((p) => aliases.get(p.referenced.table as TableImpl)!.c[p.referenced.key]!.eq(a.c[p.fk.key]! as never));
    from = from.join(a, on.length === 1 ? on[0]! : and(...on));
  }
  return from!;
}
