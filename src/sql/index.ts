/**
 * @module The SQL expression language and schema: immutable typed statements, no I/O, no driver.
 */
export * from "./types/index.js";
export { ClauseElement, KeyBuilder } from "./elements/clause.js";
export {
  ColumnElement,
  BindParameter,
  BinaryExpression,
  UnaryExpression,
  ClauseList,
  Label,
  Cast,
  Case,
  Null,
  True,
  False,
  Tuple,
  Grouping,
  LabelReference,
  and,
  or,
  not,
  literal,
  bindparam,
  cast,
  case_,
  case_ as case,
  tuple,
  null_,
  true_,
  false_,
  coerceExpression,
  type Operand,
  type OrderingElement,
} from "./elements/elements.js";
export { func, FunctionCall, Over, type WindowSpec } from "./elements/functions.js";
export { text, TextClause, type TypedText } from "./elements/text.js";
export { FromClause, FromColumn, Alias, Subquery, CTE, Join } from "./selectable/from-clause.js";
export {
  select,
  Select,
  SelectBase,
  CompoundSelect,
  union,
  unionAll,
  intersect,
  intersectAll,
  except_,
  except_ as except,
  exceptAll,
  exists,
  type RowOf,
  type SelectItem,
  type FromArg,
  type ForUpdateOptions,
} from "./selectable/select.js";
export { ScalarSubquery, Exists } from "./selectable/subquery-expressions.js";
export { isSelectableEntity, type SelectableEntity } from "./selectable/entity.js";
export { insert, Insert } from "./dml/insert.js";
export { update, Update } from "./dml/update.js";
export { delete_, deleteFrom, Delete } from "./dml/delete.js";
export * from "./schema/index.js";
export * from "./ddl/ddl.js";
export * from "./ddl/schema-plan.js";
export {
  registerDialect,
  getDialect,
  type CompiledSQL,
  type CompileOptions,
  type CompilerDialect,
  type ResultColumn,
} from "./compiled.js";
