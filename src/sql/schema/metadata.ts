/**
 * `MetaData`: a collection of tables that may refer to each other, ordered by foreign-key
 * dependency for CREATE and DROP.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ForeignKeyConstraintImpl } from "./constraints.js";
import type { MetaDataRegistrar, TableImpl } from "./table.js";

/** Something that can run DDL for a MetaData (the engine implements it; `sql/` does no I/O). */
export interface SchemaBind {
  _createAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void>;
  _dropAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void>;
}

export class MetaData implements MetaDataRegistrar {
  declare readonly schema: string | null;
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
      const t = this.resolveTable(fk.targetTableName);
      if (t && t !== table) out.push(t);
    }
    for (const c of table.constraints) {
      if (c.constraintKind === "foreignKey") {
        const t = this.resolveTable((c as ForeignKeyConstraintImpl).referredTable);
        if (t && t !== table) out.push(t);
      }
    }
    return out;
  }

  /** The table a foreign key names ("table" or "schema.table"; the MetaData's schema is tried too). */
  resolveTable(name: string): TableImpl | undefined {
    return this._tables.get(name) ?? (this.schema && !name.includes(".") ? this._tables.get(`${this.schema}.${name}`) : undefined);
  }

  /**
   * Tables in dependency order; cycles are broken by deferring the foreign keys that close them
   * (those are then added with ALTER TABLE ... ADD CONSTRAINT).
   */
  get sortedTables(): TableImpl[] {
    return this.sortTables().tables;
  }

  /**
   * Dependency order (referenced tables first; ties keep input order). A cycle is broken at its
   * first table in input order whose dependencies lead back to it: only the edges inside the
   * cycle are dropped (reported in `cycles` as [referenced, referencing]), so a table that merely
   * depends on a cycle is never mistaken for part of it.
   */
  sortTables(tables: readonly TableImpl[] = [...this._tables.values()]): { tables: TableImpl[]; cycles: [TableImpl, TableImpl][] } {
    const nodes = [...new Set(tables)];
    const inSet = new Set(nodes);
    const before = new Map<TableImpl, Set<TableImpl>>();
    for (const n of nodes) before.set(n, new Set(this.dependencies(n).filter((d) => d !== n && inSet.has(d))));
    const order: TableImpl[] = [];
    const done = new Set<TableImpl>();
    const cycles: [TableImpl, TableImpl][] = [];
    const reaches = (from: TableImpl, to: TableImpl): boolean => {
      const seen = new Set<TableImpl>();
      const stack = [from];
      while (stack.length) {
        const x = stack.pop()!;
        if (x === to) return true;
        if (seen.has(x) || done.has(x)) continue;
        seen.add(x);
        for (const d of before.get(x)!) if (!done.has(d)) stack.push(d);
      }
      return false;
    };
    while (order.length < nodes.length) {
      let progressed = false;
      for (const n of nodes) {
        if (done.has(n)) continue;
        if ([...before.get(n)!].every((d) => done.has(d))) {
          done.add(n);
          order.push(n);
          progressed = true;
        }
      }
      if (progressed) continue;
      const pending = nodes.filter((x) => !done.has(x));
      const n = pending.find((x) => [...before.get(x)!].some((d) => !done.has(d) && reaches(d, x))) ?? pending[0]!;
      const deps = before.get(n)!;
      for (const d of [...deps]) {
        if (!done.has(d) && reaches(d, n)) {
          cycles.push([d, n]);
          deps.delete(d);
        }
      }
    }
    return { tables: order, cycles };
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
