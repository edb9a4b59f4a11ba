/**
 * What to write instead of a construct a built-in dialect lacks, appended to
 * "<dialect> has no <construct>" by `SQLCompiler.unsupported`. The compilers of the dialects that
 * lack some (MySQL, SQLite, SQL Server) map the constructs they lack to these in their
 * `featureHint`; a bundle holds only the ones its dialect uses, and a PostgreSQL bundle, whose
 * dialect lacks none, holds none (docs/DECISIONS.md "Bundle size").
 * @module
 */
export const NULLS_ORDERING_HINT = "order by a CASE expression (e.g. case([[col.isNull(), 1]], { else: 0 })) first";
export const FILTER_HINT = "use func.sum(case([[cond, 1]], { else: 0 }))";
export const FULL_OUTER_JOIN_HINT = "use a UNION of a LEFT and a RIGHT join";
export const DISTINCT_ON_HINT = "use distinct() without arguments or a GROUP BY";
export const ON_CONFLICT_CONSTRAINT_HINT = "give indexElements";

/** The hint for `INTERSECT ALL` / `EXCEPT ALL`: the operator without ALL. */
export function setOperatorHint(feature: string): string | undefined {
  return feature.endsWith(" ALL") ? `use ${feature.slice(0, -4)}` : undefined;
}
