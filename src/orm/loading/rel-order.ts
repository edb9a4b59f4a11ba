/**
 * The ORDER BY of a relationship's collection (`relationship({ orderBy: ["-title"] })`), as
 * expressions on the target table or an alias of it.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { adapt } from "../mapping/relationship-path.js";

/** `rel`'s collection order on `from` (the target table by default); empty when it has none. */
export function relOrderBy(rel: RelationshipAttribute, from?: FromClause): ColumnElement<unknown>[] {
  const spec = rel.options.orderBy;
  if (!spec?.length) return [];
  const target = rel.target;
  return spec.map((k) => {
    const desc = k.startsWith("-");
    const col = target.columnByKey.get(desc ? k.slice(1) : k);
    if (!col) throw new ArgumentError(`${rel}: orderBy names ${JSON.stringify(k)}, which is not a column attribute of ${target.className}`);
    const c = adapt(from ?? target.table, col);
    return (desc ? c.desc() : c.asc()) as unknown as ColumnElement<unknown>;
  });
}
