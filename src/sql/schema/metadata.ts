/**
 * `MetaData`: a collection of tables that may refer to each other, ordered by foreign-key
 * dependency for CREATE and DROP.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { topoSort } from "../util/topo-sort.js";
import type { ForeignKeyConstraintImpl } from "./constraints.js";
import type { MetaDataRegistrar, TableImpl } from "./table.js";

/** Something that can run DDL for a MetaData (the engine implements it; `sql/` does no I/O). */
export interface SchemaBind {
  _createAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void>;
  _dropAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void>;
}

export interface SortedTables {
  /** Tables in creation order (referenced tables first). */
  tables: TableImpl[];
  /** Foreign keys that close a cycle: created by ALTER TABLE after all tables exist. */
  deferredForeignKeys: { table: TableImpl; fk: { name?: string | undefined } & object }[];
}

export class MetaData implements MetaDataRegistrar {
  readonly schema: string | null;
  private readonly _tables = new Map<string, TableImpl>();

  constructor(options: { schema?: string } = {}) {
    this.schema = options.schema ?? null;
  }

  get tables(): ReadonlyMap<string, TableImpl> {
    return this._tables;
  }

  getTable(fullname: string): TableImpl | undefined {
    return this._tables.get(fullname);
  }

  _addTable(table: TableImpl): void {
    const existing = this._tables.get(table.fullname);
    if (existing && existing !== table) {
      throw new ArgumentError(`Table ${JSON.stringify(table.fullname)} is already defined for this MetaData`);
    }
    this._tables.set(table.fullname, table);
  }

  remove(table: TableImpl): void {
    this._tables.delete(table.fullname);
  }

  /** Tables referenced by `table`'s foreign keys (within this MetaData). */
  dependencies(table: TableImpl): TableImpl[] {
    const out: TableImpl[] = [];
    for (const fk of table.foreignKeys) {
      const t = this._resolveTable(fk.targetTableName);
      if (t && t !== table) out.push(t);
    }
    for (const c of table.constraints) {
      if (c.constraintKind === "foreignKey") {
        const t = this._resolveTable((c as ForeignKeyConstraintImpl).referredTable);
        if (t && t !== table) out.push(t);
      }
    }
    return out;
  }

  private _resolveTable(name: string): TableImpl | undefined {
    return this._tables.get(name) ?? (this.schema && !name.includes(".") ? this._tables.get(`${this.schema}.${name}`) : undefined);
  }

  /**
   * Tables in dependency order; cycles are broken by deferring the foreign keys that close them
   * (those are then added with ALTER TABLE ... ADD CONSTRAINT).
   */
  get sortedTables(): TableImpl[] {
    return this.sortTables().tables;
  }

  sortTables(tables: readonly TableImpl[] = [...this._tables.values()]): { tables: TableImpl[]; cycles: [TableImpl, TableImpl][] } {
    const { order, brokenEdges } = topoSort(tables, (t) => this.dependencies(t));
    return { tables: order, cycles: brokenEdges };
  }

  /** CREATE TABLE (and indexes) for every table, in dependency order; existing tables are skipped by default. */
  async createAll(bind: SchemaBind, options: { checkfirst?: boolean; tables?: readonly TableImpl[] } = {}): Promise<void> {
    await bind._createAll(this, { checkfirst: options.checkfirst ?? true, ...(options.tables ? { tables: options.tables } : {}) });
  }

  /** DROP TABLE for every table, dependents first. */
  async dropAll(bind: SchemaBind, options: { checkfirst?: boolean; tables?: readonly TableImpl[] } = {}): Promise<void> {
    await bind._dropAll(this, { checkfirst: options.checkfirst ?? true, ...(options.tables ? { tables: options.tables } : {}) });
  }

  clear(): void {
    this._tables.clear();
  }
}
