/**
 * The unit of work: one flush. It completes the set of objects to save and delete (save-update,
 * delete and delete-orphan cascades), synchronises foreign keys from relationships, orders tables
 * by foreign-key dependency (parents inserted before children, children deleted before parents;
 * rows ordered one by one only inside a real cycle), writes many-to-many association rows after
 * both ends, and detects a row switch (delete + add of the same key becomes an UPDATE).
 * Attribute values it assigns are undone if the flush fails.
 * @module
 */
import type { Connection } from "../../engine/index.js";
import { evaluateDefault } from "../../sql/dml/dml-base.js";
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import type { Mapper } from "../mapping/mapper.js";
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { difference } from "../session/collection.js";
import { NO_VALUE, stateOf, type InstanceState, committedOf, expiredOf, pkValues, recordChange, unexpire, describeState, dictOf } from "../session/instance-state.js";
import { sortComponents, sortNodes } from "./dependency-graph.js";
import { writeAssociations } from "./associations.js";
import { UndoLog } from "./undo-log.js";
import { SaveSet } from "./save-set.js";
import type { DeferredFlush } from "./batch-flush.js";
import { statesNeedingKeys } from "./key-needs.js";
import { circularRows, emitPostUpdates, isPostUpdate, nullPostUpdatesOfDeletes, postUpdateColumns, type DeferredSync } from "./post-update.js";
import { emitJoinedDeletes, emitJoinedInserts, emitJoinedUpdate, isMultiTable } from "./inheritance.js";
import { emitDeletes, emitInserts, emitUpdate, isExpression, type Assigner, type InsertRows, type PersistenceTarget } from "./persistence.js";
import { asList, asListOrEmpty, committedValue } from "./attribute-values.js";
import { IdentityMap, identityKey } from "../session/identity-map.js";

/** What a flush needs from its session. */
export interface FlushContext {
  readonly pending: { toArray(): InstanceState[] };
  readonly toDelete: ReadonlySet<InstanceState>;
  readonly modified: ReadonlySet<InstanceState>;
  readonly identityMap: IdentityMap;
  /** Loads an unloaded relationship of a persistent object (cascades at flush). */
  loadRelationship(state: InstanceState, rel: RelationshipAttribute): Promise<unknown>;
  /** Adds a transient object reached by save-update cascade. */
  cascadeAdd(obj: object): void;
}

/** The outcome the session applies after a successful flush. */
export interface FlushOutcome {
  inserted: InstanceState[];
  updated: InstanceState[];
  deleted: InstanceState[];
  /** Deleted objects replaced by a new object with the same key (row switch): new → old. */
  switched: Map<InstanceState, InstanceState>;
  /**
   * Attribute keys given values by the flush (generated keys, defaults) on new objects (the inserted
   * and switched ones), as parallel lists: `keys[i]` of `states[i]`.
   */
  generated: GeneratedValues;
  statements: number;
}

/** Keys the flush gave values, one entry per (object, key). */
export interface GeneratedValues {
  readonly states: InstanceState[];
  readonly keys: string[];
}

type SyncEntry = { rel: RelationshipAttribute; parent: InstanceState | null };

export class UnitOfWork implements Assigner {
  private readonly undo = new UndoLog();
  private saves = new SaveSet([]);
  private readonly deletes = new Set<InstanceState>();
  private readonly childSync = new Map<InstanceState, SyncEntry[]>();
  /** Foreign keys written after the rows exist (postUpdate). */
  private readonly postUpdateFks = new Map<InstanceState, DeferredSync[]>();
  private readonly out: FlushOutcome = { inserted: [], updated: [], deleted: [], switched: new Map(), generated: { states: [], keys: [] }, statements: 0 };
  private readonly target: PersistenceTarget;
  private readonly deferred: DeferredFlush | undefined;

  /** `options.deferred`: generate the statements into a one-request batch instead of executing them (`batch-flush.ts`). */
  constructor(
    private readonly ctx: FlushContext,
    private readonly conn: Connection,
    options: { maxParams: number; insertReturning: boolean; deferred?: DeferredFlush },
  ) {
    this.deferred = options.deferred;
    this.target = { conn, maxParams: options.maxParams, insertReturning: options.insertReturning, statements: 0, ...(this.deferred ? { send: this.deferred.send } : {}) };
  }

  /** Runs the flush; on error, attribute values it assigned are restored before rethrowing. */
  async run(): Promise<FlushOutcome> {
    try {
      await this.plan();
      const d = this.deferred;
      if (d) await d.prepare(statesNeedingKeys(this.saves, this.childSync), () => this.saves, this);
      await this.execute();
      if (d) await d.finish();
      this.out.statements = this.target.statements;
      return this.out;
    } catch (e) {
      this.undoFlush();
      throw e;
    }
  }

  // ---- planning ---------------------------------------------------------------------------

  private async plan(): Promise<void> {
    this.saves = new SaveSet(this.ctx.pending.toArray());
    for (const s of this.ctx.modified) if (!this.ctx.toDelete.has(s) && s.status === "persistent") this.saves.add(s);
    for (const s of this.ctx.toDelete) await this.addDelete(s);
    // collection changes: children to re-point, orphans to delete
    // (the objects saved and deleted as of now: those the walk adds are not walked themselves)
    const saved = this.saves.toArray();
    const deleted = this.deletes.size ? [...this.deletes] : [];
    for (let i = 0; i < saved.length; i++) this.collectChildSyncs(saved[i]!);
    for (const p of deleted) this.collectChildSyncs(p);
    for (const s of this.deletes) this.saves.delete(s);
    this.detectRowSwitch();
  }

  private async addDelete(s: InstanceState): Promise<void> {
    if (this.deletes.has(s)) return;
    this.deletes.add(s);
    for (const rel of s.mapper.relationships.values()) {
      if (rel.direction !== "oneToMany") continue;
      const cascade = rel.cascade.has("delete");
      if (!cascade && rel.options.passiveDeletes) continue;
      if (cascade && rel.options.passiveDeletes && !(rel.key in dictOf(s))) continue;
      const committed = committedOf(s).get(rel.key);
      let children: unknown[];
      if (committed !== undefined && committed !== NO_VALUE) children = asList(committed);
      else if (rel.key in dictOf(s)) children = asList(dictOf(s)[rel.key]);
      else children = asList(await this.ctx.loadRelationship(s, rel));
      for (const child of children) {
        const cs = stateOf(child);
        if (cascade) {
          if (cs.identity !== null) await this.addDelete(cs);
        } else if (!this.ctx.toDelete.has(cs)) {
          this.pushSync(cs, { rel, parent: null });
        }
      }
    }
  }

  private pushSync(child: InstanceState, entry: SyncEntry): void {
    const list = this.childSync.get(child) ?? [];
    if (entry.parent === null) list.unshift(entry);
    else list.push(entry);
    this.childSync.set(child, list);
    if (!this.deletes.has(child)) this.saves.add(child);
  }

  /** One-to-many changes of parent `p`: added children point to it, removed ones are nulled or orphan-deleted. */
  private collectChildSyncs(p: InstanceState): void {
    const oneToMany = p.mapper.relationshipsBy("oneToMany");
    // (an object still on its loaded row has no collection loaded)
    if (oneToMany.length === 0 || p._dict === null) return;
    for (let r = 0; r < oneToMany.length; r++) {
      const rel = oneToMany[r]!;
      if (!(rel.key in dictOf(p))) continue;
      const isNew = p.identity === null;
      if (!isNew && !committedOf(p).has(rel.key)) continue;
      const current = asList(dictOf(p)[rel.key]);
      const old = isNew ? [] : asListOrEmpty(committedOf(p).get(rel.key));
      const deleting = this.deletes.has(p);
      for (const child of deleting ? [] : isNew ? current : difference(current, old)) this.pushSync(stateOf(child), { rel, parent: p });
      for (const child of deleting ? current.concat(old) : difference(old, current)) {
        const cs = stateOf(child);
        if (this.deletes.has(cs)) continue;
        const reparented = rel.reverse && !rel.reverse.uselist && dictOf(cs)[rel.reverse.key] !== p && dictOf(cs)[rel.reverse.key];
        if (rel.cascade.has("delete-orphan") && !reparented) {
          if (cs.identity !== null) {
            this.deletes.add(cs);
            this.saves.delete(cs);
          }
          continue;
        }
        if (!reparented && !deleting) this.pushSync(cs, { rel, parent: null });
      }
    }
  }

  private detectRowSwitch(): void {
    const deletedByKey = new IdentityMap();
    for (const d of this.deletes) if (d.identity !== null) deletedByKey.set(d);
    if (deletedByKey.size === 0) return;
    for (const s of this.saves) {
      if (s.identity !== null) continue;
      const pk = pkValues(s);
      if (pk.some((v) => v === undefined || v === null)) continue;
      const d = deletedByKey.get(s.mapper, identityKey(pk));
      if (d && d.mapper === s.mapper) {
        this.deletes.delete(d);
        this.out.switched.set(s, d);
      }
    }
  }

  // ---- execution --------------------------------------------------------------------------

  private async execute(): Promise<void> {
    const mapperSet = new Set<Mapper>();
    let last: Mapper | null = null; // consecutive objects are mostly of one class
    const saved = this.saves.toArray();
    for (let i = 0; i < saved.length; i++) if (saved[i]!.mapper !== last) mapperSet.add((last = saved[i]!.mapper));
    for (const s of this.deletes) mapperSet.add(s.mapper);
    const mappers = [...mapperSet];
    const deps = (m: Mapper) => dependencies(m, mappers);
    const comps = sortComponents(mappers, deps);
    for (const comp of comps) {
      const states = comps.length === 1 ? saved : saved.filter((s) => comp.nodes.includes(s.mapper));
      if (states.length === 0) continue;
      const ordered = comp.cyclic ? this.orderRows(states) : states;
      await this.saveStates(ordered, comp.cyclic);
    }
    // (in a one-request batch commit the rows these UPDATEs name got their keys before the batch: key-needs.ts)
    if (this.postUpdateFks.size) await this.postUpdates();
    await this.writeAssociations(mappers);
    if (this.deletes.size) await nullPostUpdatesOfDeletes(this.target, this.deletes, this);
    for (const comp of [...comps].reverse()) {
      const states = [...this.deletes].filter((s) => comp.nodes.includes(s.mapper));
      if (states.length === 0) continue;
      await this.deleteStates(comp.cyclic ? this.orderDeletes(states) : states, comp.cyclic);
    }
  }

  /** Row order inside a cycle: an object after the objects it refers to. */
  private orderRows(states: InstanceState[]): InstanceState[] {
    const set = new Set(states);
    const refs = (s: InstanceState): InstanceState[] => {
      const out: InstanceState[] = [];
      for (const rel of s.mapper.relationships.values()) {
        if (rel.direction !== "manyToOne" || isPostUpdate(rel)) continue;
        const v = dictOf(s)[rel.key];
        if (v) out.push(stateOf(v));
      }
      for (const e of this.childSync.get(s) ?? []) if (e.parent && !isPostUpdate(e.rel)) out.push(e.parent);
      return out.filter((r) => set.has(r) && r !== s && r.identity === null);
    };
    return sortNodes(states, refs, (cycle) => circularRows(cycle));
  }

  /** Delete order inside a cycle: a row before the rows it references (by key values). */
  private orderDeletes(states: InstanceState[]): InstanceState[] {
    const byKey = new IdentityMap();
    for (const s of states) byKey.set(s);
    const refs = (s: InstanceState): InstanceState[] => {
      const out: InstanceState[] = [];
      for (const t of states) {
        if (t === s) continue;
        // t references s → t must go first, i.e. s depends on t
        for (const rel of t.mapper.relationships.values()) {
          if (rel.direction !== "manyToOne" || !s.mapper.isa(rel.target) || isPostUpdate(rel)) continue;
          const vals = rel.pairs.map((p) => committedValue(t, p.fk.key));
          if (byKey.get(s.mapper, identityKey(vals)) === s) out.push(t);
        }
      }
      return out;
    };
    return sortNodes(states, refs, (cycle) => circularRows(cycle, true));
  }

  /** Gives `s` a value for `key` (a generated key, a default, a synchronised foreign key): undone if the flush fails. */
  assign(s: InstanceState, key: string, value: unknown): void {
    const d = dictOf(s);
    if (s.identity === null) {
      // a new object (no identity yet) is one the flush inserts: its generated values go if the
      // transaction is rolled back, or, if this flush fails, by `undoFlush` (no undo entry per
      // value, unless it replaces one)
      const g = this.out.generated;
      if (d[key] !== undefined) {
        this.undo.record(s, key);
        this.replaced.push(g.states.length);
      }
      g.states.push(s);
      g.keys.push(key);
    } else this.undo.record(s, key);
    d[key] = value;
    unexpire(s, key);
  }
  /** SQL-expression values of new objects (`default: func.now()`), sent in their INSERT but not in their dictionaries. */
  private exprs: Map<InstanceState, Record<string, unknown>> | null = null;
  /** Entries of `out.generated` that replaced a value (restored by the undo log, not deleted). */
  private readonly replaced: number[] = [];

  /** Restores what the failed flush changed in memory. */
  private undoFlush(): void {
    this.undo.undo();
    const g = this.out.generated;
    const replaced = this.replaced.length ? new Set(this.replaced) : null;
    for (let i = 0; i < g.states.length; i++) if (replaced === null || !replaced.has(i)) delete dictOf(g.states[i]!)[g.keys[i]!];
  }

  /** Sets a foreign-key attribute from a relationship (a change the UPDATE will send). */
  private syncColumn(s: InstanceState, key: string, value: unknown): void {
    if (key in dictOf(s) && dictOf(s)[key] === value) return;
    this.undo.record(s, key, !committedOf(s).has(key));
    recordChange(s, key);
    dictOf(s)[key] = value;
  }

  private applySyncs(s: InstanceState): void {
    const manyToOne = s.mapper.relationshipsBy("manyToOne");
    for (let r = 0; r < manyToOne.length; r++) {
      const rel = manyToOne[r]!;
      if (!(rel.key in dictOf(s))) continue;
      // only an assigned relationship syncs its key (reading `post.author` on a new object does not)
      if (!committedOf(s).has(rel.key)) continue;
      const target = dictOf(s)[rel.key];
      const ts = target ? stateOf(target) : null;
      if (isPostUpdate(rel)) {
        this.defer(s, { pairs: rel.pairs, source: ts });
        continue;
      }
      for (const p of rel.pairs) this.syncColumn(s, p.fk.key, ts ? dictOf(ts)[p.referenced.key] : null);
    }
    const syncs = this.childSync.size ? this.childSync.get(s) : undefined;
    if (syncs === undefined) return;
    for (const e of syncs) {
      if (isPostUpdate(e.rel)) {
        this.defer(s, { pairs: e.rel.pairs, source: e.parent });
        continue;
      }
      for (const p of e.rel.pairs) this.syncColumn(s, p.fk.key, e.parent ? dictOf(e.parent)[p.referenced.key] : null);
    }
  }

  private defer(s: InstanceState, sync: DeferredSync): void {
    const list = this.postUpdateFks.get(s) ?? [];
    list.push(sync);
    this.postUpdateFks.set(s, list);
  }

  private postUpdates(): Promise<void> {
    const inserted = new Set(this.out.inserted);
    return emitPostUpdates({
      target: this.target,
      deferred: this.postUpdateFks,
      inserted,
      deletes: this.deletes,
      assign: (s, key, value) => this.assign(s, key, value),
      change: (s, key, value) => this.syncColumn(s, key, value),
      updateDefaults: (s, set, version) => this.updateDefaults(s, set, version),
      updated: (s) => {
        if (!this.out.updated.includes(s)) this.out.updated.push(s);
      },
    });
  }

  private async saveStates(states: InstanceState[], oneByOne: boolean): Promise<void> {
    // consecutive new objects of one class are INSERTed together: `states[start]` up to the current one
    const fetch = new Array<readonly ColumnAttribute<unknown>[]>(states.length);
    let start = -1;
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      this.applySyncs(s);
      const m = s.mapper;
      const switched = this.out.switched.size ? this.out.switched.get(s) : undefined;
      if (s.identity === null && !switched) {
        if (m.events.has("beforeInsert")) await m.events.emit("beforeInsert", m, this.conn, s.obj);
        if (start >= 0 && states[start]!.mapper !== m) start = await this.insertRange(states, fetch, start, i);
        fetch[i] = this.insertRow(s, start >= 0 ? fetch[i - 1] : undefined);
        if (start < 0) start = i;
        if (oneByOne) start = await this.insertRange(states, fetch, start, i + 1);
        continue;
      }
      if (start >= 0) start = await this.insertRange(states, fetch, start, i);
      await this.updateState(s, switched ?? null);
    }
    if (start >= 0) await this.insertRange(states, fetch, start, states.length);
  }

  /** INSERTs `states[start]` to `states[end - 1]` (new objects of one class); returns -1 (no rows pending). */
  private async insertRange(states: InstanceState[], fetch: readonly (readonly ColumnAttribute<unknown>[])[], start: number, end: number): Promise<-1> {
    const rows: InsertRows = { states, fetch, exprs: this.exprs, start, end };
    const m = states[start]!.mapper;
    if (isMultiTable(m)) await emitJoinedInserts(this.target, m, rows, this);
    else await emitInserts(this.target, m, rows, this);
    const inserted = this.out.inserted;
    // (`states` is this flush's own list, not changed after)
    if (inserted.length === 0 && start === 0 && end === states.length) this.out.inserted = states;
    else for (let i = start; i < end; i++) inserted.push(states[i]!);
    if (m.events.has("afterInsert")) for (let i = start; i < end; i++) await m.events.emit("afterInsert", m, this.conn, states[i]!.obj);
    return -1;
  }

  /**
   * Gives a new object's columns their values for the INSERT (defaults, version 1, null) and returns
   * the columns the database generates; a SQL-expression default goes to {@link exprs}.
   * `prevFetch`: the previous row's list, shared by this row when it is the same (no array per row).
   */
  private insertRow(s: InstanceState, prevFetch: readonly ColumnAttribute<unknown>[] | undefined): readonly ColumnAttribute<unknown>[] {
    // the columns to read back: the previous row's list while they are the same
    let fetch: ColumnAttribute<unknown>[] | null = null;
    let shared = 0;
    const m = s.mapper;
    const columns = m.columns;
    const generated = m.dbGenerated();
    const d = dictOf(s);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      let v = d[c.key];
      if (v !== undefined) continue;
      if (m.versionCol === c) {
        this.assign(s, c.key, 1);
        continue;
      }
      if (c.default !== undefined) {
        v = evaluateDefault(c.default);
        if (isExpression(v)) {
          const x = (this.exprs ??= new Map()).get(s);
          if (x) x[c.key] = v;
          else this.exprs.set(s, { [c.key]: v });
          expiredOf(s).add(c.key);
          continue;
        }
        if (v !== undefined) {
          this.assign(s, c.key, v);
          continue;
        }
      }
      if (generated[i]) {
        if (fetch === null && prevFetch !== undefined && prevFetch[shared] === c) shared++;
        else (fetch ??= prevFetch ? prevFetch.slice(0, shared) : []).push(c);
        continue;
      }
      this.assign(s, c.key, null);
    }
    // no column of its own: the previous row's list, or its first `shared` columns
    return fetch ?? (prevFetch?.length === shared ? prevFetch : (prevFetch?.slice(0, shared) ?? []));
  }

  /**
   * What every UPDATE of `s`'s row also sets (`set` is completed in place): the columns' `onupdate`
   * values (unless the row's own change gives one), and the next version of `versionIdCol` after
   * `version` (the row's version in the database). Returns `version`, for the WHERE.
   */
  updateDefaults(s: InstanceState, set: Record<string, unknown>, version: unknown): unknown {
    const m = s.mapper;
    for (const c of m.columns) {
      if (c.onupdate === undefined || (c.key in set && committedOf(s).has(c.key))) continue;
      const v = evaluateDefault(c.onupdate);
      if (isExpression(v)) {
        set[c.key] = v;
        expiredOf(s).add(c.key);
      } else {
        this.assign(s, c.key, v);
        set[c.key] = v;
      }
    }
    if (!m.versionCol) return undefined;
    this.assign(s, m.versionCol.key, Number(version ?? 0) + 1);
    set[m.versionCol.key] = dictOf(s)[m.versionCol.key];
    return version;
  }

  private async updateState(s: InstanceState, switchedFrom: InstanceState | null): Promise<void> {
    const m = s.mapper;
    const set: Record<string, unknown> = {};
    const keys = switchedFrom ? m.columns.map((c) => c.key) : [...committedOf(s).keys()];
    for (const key of keys) {
      const col = m.columnByKey.get(key);
      if (!col || m.pk.includes(col) || !(key in dictOf(s))) continue;
      const v = dictOf(s)[key];
      if (!switchedFrom && sameValue(v, committedOf(s).get(key))) continue;
      set[key] = v;
    }
    const hasChanges = Object.keys(set).length > 0;
    if (!hasChanges && !switchedFrom) return;
    if (m.events.has("beforeUpdate")) await m.events.emit("beforeUpdate", m, this.conn, s.obj);
    const version = this.updateDefaults(s, set, m.versionCol ? committedValue(switchedFrom ?? s, m.versionCol.key) : undefined);
    const pk: Record<string, unknown> = {};
    for (const c of m.pk) pk[c.key] = dictOf(s)[c.key];
    if (isMultiTable(m)) await emitJoinedUpdate(this.target, m, s, set, version);
    else await emitUpdate(this.target, m, () => describeState(s), pk, set, version);
    this.out.updated.push(s);
    if (m.events.has("afterUpdate")) await m.events.emit("afterUpdate", m, this.conn, s.obj);
  }

  private async deleteStates(states: InstanceState[], oneByOne: boolean): Promise<void> {
    const groups = oneByOne ? states.map((s) => [s]) : [states];
    for (const group of groups) {
      const m = group[0]!.mapper;
      if (m.events.has("beforeDelete")) for (const s of group) await m.events.emit("beforeDelete", m, this.conn, s.obj);
      const rows = group.map((s) => {
        const pk: Record<string, unknown> = {};
        for (const c of m.pk) pk[c.key] = committedValue(s, c.key);
        return { state: s, pk, version: m.versionCol ? committedValue(s, m.versionCol.key) : undefined };
      });
      if (isMultiTable(m)) await emitJoinedDeletes(this.target, m, rows, committedValue);
      else await emitDeletes(this.target, m, rows);
      for (const s of group) {
        this.out.deleted.push(s);
        if (m.events.has("afterDelete")) await m.events.emit("afterDelete", m, this.conn, s.obj);
      }
    }
  }

  private writeAssociations(mappers: readonly Mapper[]): Promise<void> {
    return writeAssociations({ saves: this.saves, deletes: this.deletes, out: this.out, conn: this.conn, target: this.target, mappers });
  }
}

/** Mappers whose tables `m`'s table references by foreign key (among `mappers`). */
function dependencies(m: Mapper, mappers: readonly Mapper[]): Mapper[] {
  const out: Mapper[] = [];
  const deferredCols = postUpdateColumns(m);
  for (const fk of m.tables.flatMap((t) => t.foreignKeys)) {
    if (fk.parent && deferredCols.has(fk.parent.key)) continue; // written by a second UPDATE (postUpdate)
    const col = fk.resolveColumn(false);
    // every mapper writing that table (a single-table hierarchy shares one)
    for (const t of mappers) if (t !== m && col && t.tables.includes(col.table as never) && !out.includes(t)) out.push(t);
    const self = mappers.find((x) => x === m && x.table === col?.table);
    if (self && !out.includes(self)) out.push(self);
  }
  for (const rel of m.relationships.values()) {
    if (rel.direction === "manyToOne" && !isPostUpdate(rel) && mappers.includes(rel.target) && !out.includes(rel.target)) out.push(rel.target);
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}
