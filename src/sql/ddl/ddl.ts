/**
 * DDL constructs: `new CreateTable(users).compile({ dialect: "mysql" })`. Compiled by each
 * dialect's DDL compiler; never cached (DDL is rare and may embed literal defaults).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { ClauseElement, type KeyBuilder } from "../elements/clause.js";
import type { Constraint, IndexImpl } from "../schema/constraints.js";
import type { ForeignKey } from "../schema/foreign-key.js";
import type { TableImpl } from "../schema/table.js";
import type { EnumType } from "../types/string.js";

export type DDLKind =
  | "createTable"
  | "dropTable"
  | "createIndex"
  | "dropIndex"
  | "addConstraint"
  | "dropConstraint"
  | "createType"
  | "dropType";

abstract class DDLElement extends ClauseElement {
  abstract override readonly kind: DDLKind;
  _ck(b: KeyBuilder): void {
    // DDL is compiled without the cache: a unique key per element instance
    b.key += "(DDL" + this.kind + ":" + b.ordinal(this) + ":" + Math.random() + ")";
  }
}

export interface CreateTableOptions {
  /** `IF NOT EXISTS`. */
  ifNotExists?: boolean;
  /** Foreign keys left out of CREATE TABLE (added later with ALTER TABLE to break cycles). */
  omitForeignKeys?: readonly (ForeignKey | Constraint)[];
}

export class CreateTable extends DDLElement {
  readonly kind = "createTable" as const;
  declare readonly table: TableImpl;
  declare readonly options: CreateTableOptions;
  constructor(
    table: TableImpl,
    options: CreateTableOptions = {},
  ) {
    super();
    this.table = table;
    this.options = options;
    if (!table || table.kind !== "table") throw new ArgumentError("CreateTable() takes a Table");
  }
}

export class DropTable extends DDLElement {
  readonly kind = "dropTable" as const;
  declare readonly table: TableImpl;
  declare readonly options: { ifExists?: boolean };
  constructor(
    table: TableImpl,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.table = table;
    this.options = options;
  }
}

export class CreateIndex extends DDLElement {
  readonly kind = "createIndex" as const;
  declare readonly index: IndexImpl;
  declare readonly options: { ifNotExists?: boolean };
  constructor(
    index: IndexImpl,
    options: { ifNotExists?: boolean } = {},
  ) {
    super();
    this.index = index;
    this.options = options;
  }
}

export class DropIndex extends DDLElement {
  readonly kind = "dropIndex" as const;
  declare readonly index: IndexImpl;
  declare readonly options: { ifExists?: boolean };
  constructor(
    index: IndexImpl,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.index = index;
    this.options = options;
  }
}

/**
 * `ALTER TABLE t ADD CONSTRAINT ...` (foreign keys that close a cycle, or added later). `name`
 * overrides the constraint's own name (the schema plan names unnamed cycle foreign keys so that
 * they can be dropped again). SQLite cannot add a constraint to an existing table: compiling this
 * for SQLite raises a CompileError.
 */
export class AddConstraint extends DDLElement {
  readonly kind = "addConstraint" as const;
  declare readonly table: TableImpl;
  declare readonly constraint: Constraint | ForeignKey;
  declare readonly options: { name?: string };
  constructor(
    table: TableImpl,
    constraint: Constraint | ForeignKey,
    options: { name?: string } = {},
  ) {
    super();
    this.table = table;
    this.constraint = constraint;
    this.options = options;
  }
}

export class DropConstraint extends DDLElement {
  readonly kind = "dropConstraint" as const;
  declare readonly table: TableImpl;
  declare readonly name: string;
  declare readonly constraintType: "foreignKey" | "unique" | "check" | "primaryKey" | null;
  constructor(
    table: TableImpl,
    name: string,
    constraintType: "foreignKey" | "unique" | "check" | "primaryKey" | null = null,
  ) {
    super();
    this.table = table;
    this.name = name;
    this.constraintType = constraintType;
  }
}

/**
 * `CREATE TYPE name AS ENUM (...)`: PostgreSQL's native enum for an `Enum(values, { name })`.
 * Other dialects have no named types (MySQL writes ENUM(...) inline, the rest VARCHAR + CHECK):
 * compiling it for them raises a CompileError; the schema plan only emits it for PostgreSQL.
 */
export class CreateEnumType extends DDLElement {
  readonly kind = "createType" as const;
  declare readonly type: EnumType;
  declare readonly options: { schema?: string };
  constructor(
    type: EnumType,
    options: { schema?: string } = {},
  ) {
    super();
    this.type = type;
    this.options = options;
    if (!type || type.kind !== "enum" || !type.name) throw new ArgumentError("CreateEnumType() takes an Enum with a name: Enum(values, { name })");
  }
}

/** `DROP TYPE [IF EXISTS] name` (PostgreSQL). */
export class DropEnumType extends DDLElement {
  readonly kind = "dropType" as const;
  declare readonly type: EnumType;
  declare readonly options: { ifExists?: boolean; schema?: string };
  constructor(
    type: EnumType,
    options: { ifExists?: boolean; schema?: string } = {},
  ) {
    super();
    this.type = type;
    this.options = options;
    if (!type || type.kind !== "enum" || !type.name) throw new ArgumentError("DropEnumType() takes an Enum with a name: Enum(values, { name })");
  }
}
