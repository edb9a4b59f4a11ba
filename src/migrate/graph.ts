/**
 * The revision graph (Alembic's RevisionMap): a DAG of revisions linked by `downRevision` (and
 * ordered additionally by `dependsOn`), with heads, bases, branch and merge points, branch labels,
 * partial ids, relative targets (`+2`, `-1`, `rev@+1`, `label@head`, `heads`, `head`, `base`) and
 * the upgrade / downgrade plans in topological order.
 * @module
 */
import { AlkahestError } from "../errors.js";
import type { Revision } from "./revision.js";

/** A revision-graph or migration-command error (unknown revision, cycle, multiple heads, ...). */
export class RevisionError extends AlkahestError {
  override name = "RevisionError";
}

export const MULTIPLE_HEADS_MESSAGE =
  "Multiple head revisions are present; please specify a specific target revision, " +
  "'<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

export class RevisionGraph {
  private readonly byId = new Map<string, Revision>();
  private readonly byLabel = new Map<string, Revision>();
  /** Revisions in topological order (parents and dependencies first). */
  readonly ordered: readonly Revision[];

  constructor(revisions: readonly Revision[]) {
    for (const r of revisions) {
      const dup = this.byId.get(r.revision);
      if (dup) throw new RevisionError(`Revision ${r.revision} is present more than once${dup.path && r.path ? ` (${dup.path}, ${r.path})` : ""}`);
      this.byId.set(r.revision, r);
    }
    for (const r of revisions) {
      for (const d of r.downRevisions) {
        const parent = this.byId.get(d);
        if (!parent) throw new RevisionError(`Revision ${d} referenced from ${r.revision} (downRevision) is not present`);
        parent.nextRevisions.add(r.revision);
      }
      for (const d of r.dependsOn) {
        if (!this.byId.has(d) && !this.byLabel.has(d) && !revisions.some((x) => x.branchLabels.includes(d))) {
          throw new RevisionError(`Revision ${d} referenced from ${r.revision} (dependsOn) is not present`);
        }
      }
      for (const l of r.branchLabels) {
        const other = this.byLabel.get(l);
        if (other) throw new RevisionError(`Branch name '${l}' in revision ${r.revision} already used by revision ${other.revision}`);
        if (this.byId.has(l)) throw new RevisionError(`Branch name '${l}' in revision ${r.revision} is also a revision id`);
        this.byLabel.set(l, r);
      }
    }
    this.ordered = this.topoSort([...this.byId.values()]);
  }

  /** All revisions, parents first. */
  get revisions(): readonly Revision[] {
    return this.ordered;
  }

  /** Revision ids that no other revision names as its `downRevision`. */
  get heads(): string[] {
    return this.ordered.filter((r) => r.isHead).map((r) => r.revision);
  }

  /** Revision ids with no `downRevision`. */
  get bases(): string[] {
    return this.ordered.filter((r) => r.isBase).map((r) => r.revision);
  }

  get branchPoints(): Revision[] {
    return this.ordered.filter((r) => r.isBranchPoint);
  }

  get mergePoints(): Revision[] {
    return this.ordered.filter((r) => r.isMergePoint);
  }

  /** An exact revision id (or a dependsOn branch label). */
  get(id: string): Revision {
    const r = this.byId.get(id) ?? this.byLabel.get(id);
    if (!r) throw new RevisionError(`No such revision or branch '${id}'`);
    return r;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A full id, a branch label, or a unique prefix of an id. */
  resolve(ref: string): Revision {
    const exact = this.byId.get(ref) ?? this.byLabel.get(ref);
    if (exact) return exact;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(ref));
    if (matches.length === 1) return this.byId.get(matches[0]!)!;
    if (matches.length > 1) throw new RevisionError(`Multiple revisions start with '${ref}': ${matches.join(", ")}`);
    throw new RevisionError(`No such revision or branch '${ref}'`);
  }

  private parentsOf(r: Revision, dependencies: boolean): Revision[] {
    const ids = dependencies ? [...r.downRevisions, ...r.dependsOn] : r.downRevisions;
    return ids.map((id) => this.get(id));
  }

  /** Ids of `ids` and everything they build on (via downRevision and dependsOn). */
  ancestors(ids: Iterable<string>, dependencies = true): Set<string> {
    const out = new Set<string>();
    const stack = [...ids].map((id) => this.get(id));
    while (stack.length) {
      const r = stack.pop()!;
      if (out.has(r.revision)) continue;
      out.add(r.revision);
      stack.push(...this.parentsOf(r, dependencies));
    }
    return out;
  }

  /** Ids of `ids` and everything built on them (children and dependents). */
  descendants(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const stack = [...ids];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      const r = this.get(id);
      stack.push(...r.nextRevisions);
      for (const other of this.byId.values()) {
        if (other.dependsOn.some((d) => this.get(d).revision === id)) stack.push(other.revision);
      }
    }
    return out;
  }

  /** Depth-first post-order (parents, then dependencies, in declared order): a stable topological order; cycles are errors. */
  private topoSort(revs: readonly Revision[]): Revision[] {
    const state = new Map<string, 1 | 2>();
    const out: Revision[] = [];
    const visit = (r: Revision, path: string[]) => {
      const s = state.get(r.revision);
      if (s === 2) return;
      if (s === 1) {
        const cycle = path.slice(path.indexOf(r.revision));
        throw new RevisionError(`Cycle is detected in revisions (${[...cycle, r.revision].join(" -> ")})`);
      }
      state.set(r.revision, 1);
      for (const p of this.parentsOf(r, true)) visit(p, [...path, r.revision]);
      state.set(r.revision, 2);
      out.push(r);
    };
    for (const r of revs) visit(r, []);
    return out;
  }

  /** The subset `ids` in topological order. */
  inOrder(ids: ReadonlySet<string>): Revision[] {
    return this.ordered.filter((r) => ids.has(r.revision));
  }

  /** Removes heads that are ancestors of other heads (a minimal head set). */
  minimalHeads(ids: Iterable<string>): string[] {
    const list = [...new Set(ids)];
    return list.filter((h) => !list.some((o) => o !== h && this.ancestors([o], false).has(h)));
  }

  // ---- targets ------------------------------------------------------------------------------

  /**
   * Resolves a target to revision ids (`[]` means base). `current` is the database's heads (for
   * relative targets); null offline, where relative targets need an explicit start.
   */
  resolveTarget(target: string, current: readonly string[] | null): string[] {
    const t = target.trim();
    if (t === "base") return [];
    if (t === "heads") return this.heads;
    if (t === "head") return [this.singleHead(this.heads)];
    const rel = /^([+-])(\d+)$/.exec(t);
    if (rel) {
      if (current === null) throw new RevisionError(`Relative revision ${t} needs the current revision; give a start ('<rev>:${t}' or '<rev>@${t}')`);
      const n = Number(rel[2]) * (rel[1] === "-" ? -1 : 1);
      if (current.length > 1) throw new RevisionError(`Relative revision ${t} is ambiguous: the database has several heads (${current.join(", ")}); use '<branchname>@${t}' or a revision`);
      return this.walk(current[0] ?? null, n, null);
    }
    const at = t.lastIndexOf("@");
    if (at > 0) {
      const left = t.slice(0, at);
      const right = t.slice(at + 1);
      const labeled = this.byLabel.get(left);
      const branch = labeled ? this.descendants([labeled.revision]) : null;
      if (right === "head" || right === "heads") {
        const start = labeled ?? this.resolve(left);
        const heads = this.heads.filter((h) => this.ancestors([h], false).has(start.revision));
        return right === "heads" ? heads : [this.singleHead(heads)];
      }
      if (right === "base") {
        // the revisions the branch starts from (base when the labeled revision is a base)
        return [...(labeled ?? this.resolve(left)).downRevisions];
      }
      const m = /^([+-]?)(\d+)$/.exec(right);
      if (!m) throw new RevisionError(`Can't parse revision target '${t}'`);
      const n = Number(m[2]) * (m[1] === "-" ? -1 : 1);
      let start: string | null;
      if (labeled) {
        const onBranch = (current ?? []).filter((h) => branch!.has(h) || this.ancestors([labeled.revision], false).has(h));
        start = onBranch[0] ?? (n > 0 ? (labeled.downRevisions[0] ?? null) : labeled.revision);
        if (!onBranch.length && n > 0 && labeled.isBase) return this.walk(null, n, branch, labeled.revision);
      } else start = this.resolve(left).revision;
      return this.walk(start, n, branch);
    }
    return [this.resolve(t).revision];
  }

  /** The one head in `heads`, or the multiple-heads error. */
  singleHead(heads: readonly string[]): string {
    if (heads.length > 1) throw new RevisionError(MULTIPLE_HEADS_MESSAGE);
    if (heads.length === 0) throw new RevisionError("There are no revisions yet");
    return heads[0]!;
  }

  /** `n` steps up (positive) or down (negative) from `start` (null = base). */
  private walk(start: string | null, n: number, branch: ReadonlySet<string> | null, firstBase?: string): string[] {
    let cur = start;
    const steps = Math.abs(n);
    for (let i = 0; i < steps; i++) {
      if (n > 0) {
        let next: string[];
        if (cur === null) next = firstBase ? [firstBase] : this.bases;
        else next = [...this.get(cur).nextRevisions];
        if (branch) next = next.filter((x) => branch.has(x));
        if (next.length === 0) throw new RevisionError(`Relative revision +${steps} didn't produce ${steps} migrations`);
        if (next.length > 1) throw new RevisionError(`Relative revision +${steps} is ambiguous at ${cur ?? "base"}: next revisions are ${next.join(", ")}; use '<branchname>@+${steps}' or an explicit revision`);
        cur = next[0]!;
      } else {
        if (cur === null) throw new RevisionError(`Relative revision -${steps} didn't produce ${steps} migrations`);
        const down = this.get(cur).downRevisions;
        if (down.length > 1) throw new RevisionError(`Relative revision -${steps} is ambiguous at merge point ${cur} (${down.join(", ")}); give an explicit revision`);
        cur = down[0] ?? null;
      }
    }
    return cur === null ? [] : [cur];
  }

  // ---- plans --------------------------------------------------------------------------------

  /** Revisions applied when the database's heads are `current` (ancestors included). */
  applied(current: readonly string[]): Set<string> {
    return current.length ? this.ancestors(current) : new Set();
  }

  /**
   * The revisions an `upgrade`/`downgrade` to `spec` runs, in order. A downgrade to
   * `<branch>@base` removes that branch's own applied revisions (the labeled one and what is
   * built on it) and keeps the other branches, as Alembic does; every other target goes through
   * {@link resolveTarget}.
   */
  plan(direction: "upgrade" | "downgrade", current: readonly string[], spec: string): Revision[] {
    if (direction === "upgrade") return this.upgradePlan(current, this.resolveTarget(spec, current));
    const branchBase = /^(.+)@base$/.exec(spec.trim());
    if (!branchBase) return this.downgradePlan(current, this.resolveTarget(spec, current));
    const root = this.resolve(branchBase[1]!).revision;
    const mine = this.descendants([root]);
    return this.inOrder(new Set([...this.applied(current)].filter((id) => mine.has(id)))).reverse();
  }

  /** Revisions to run `upgrade()` for, parents first. */
  upgradePlan(current: readonly string[], target: readonly string[]): Revision[] {
    const have = this.applied(current);
    const want = this.ancestors(target);
    return this.inOrder(new Set([...want].filter((id) => !have.has(id))));
  }

  /**
   * Revisions to run `downgrade()` for, children first: every applied revision built on the
   * target (all of them for base). A target that is not applied is an error.
   */
  downgradePlan(current: readonly string[], target: readonly string[]): Revision[] {
    const have = this.applied(current);
    for (const t of target) {
      if (!have.has(t)) throw new RevisionError(`Revision ${t} is not applied (current: ${current.join(", ") || "base"}); downgrade targets must be older than the current revision`);
    }
    let remove: Set<string>;
    if (target.length === 0) remove = have;
    else {
      const keep = this.ancestors(target);
      const after = new Set([...this.descendants(target)].filter((id) => !keep.has(id)));
      remove = new Set([...have].filter((id) => after.has(id)));
    }
    return this.inOrder(remove).reverse();
  }
}
