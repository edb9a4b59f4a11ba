/**
 * A migration script and its normalised revision: what a module under `migrations/versions/`
 * exports, and the node of the revision graph built from it.
 * @module
 */
import { ArgumentError } from "../errors.js";
import type { Operations } from "./operations/operations.js";

/** A revision id, or several (a merge point's `downRevision`). */
export type RevisionRef = string | readonly string[] | null | undefined;

/**
 * What a migration module exports (`import * as m from "./versions/1a2b3c_add_users.js"` is one):
 * `revision`, `downRevision` (string, array for a merge, or null for a base), optional
 * `branchLabels`, `dependsOn`, `transactional` (default true), `message`, and `upgrade(op)` /
 * `downgrade(op)`.
 */
export interface MigrationModule {
  readonly revision: string;
  readonly downRevision: RevisionRef;
  readonly branchLabels?: RevisionRef;
  readonly dependsOn?: RevisionRef;
  /** false: the migration runs outside a transaction (e.g. `CREATE INDEX CONCURRENTLY`). */
  readonly transactional?: boolean;
  /** The `-m` message the script was created with. */
  readonly message?: string;
  upgrade(op: Operations): Promise<unknown> | void;
  downgrade(op: Operations): Promise<unknown> | void;
}

/** A node of the revision graph. */
export class Revision {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  readonly transactional: boolean;
  readonly message: string;
  /** Revisions whose `downRevision` names this one (filled by the graph). */
  readonly nextRevisions = new Set<string>();
  /** Where the module came from (a file path), for messages and `show`. */
  readonly path: string | undefined;

  constructor(
    readonly module: MigrationModule,
    path?: string,
  ) {
    if (!module || typeof module.revision !== "string" || !module.revision) {
      throw new ArgumentError(`migration${path ? ` ${path}` : ""}: must export a non-empty string \`revision\``);
    }
    if (!("downRevision" in module)) {
      throw new ArgumentError(`migration ${(module as MigrationModule).revision}: must export \`downRevision\` (null for a base revision)`);
    }
    if (typeof module.upgrade !== "function" || typeof module.downgrade !== "function") {
      throw new ArgumentError(`migration ${module.revision}: must export functions upgrade(op) and downgrade(op)`);
    }
    this.revision = module.revision;
    this.downRevisions = toList(module.downRevision);
    this.dependsOn = toList(module.dependsOn);
    this.branchLabels = toList(module.branchLabels);
    this.transactional = module.transactional ?? true;
    this.message = module.message ?? "";
    this.path = path;
  }

  get isBase(): boolean {
    return this.downRevisions.length === 0;
  }
  get isHead(): boolean {
    return this.nextRevisions.size === 0;
  }
  get isMergePoint(): boolean {
    return this.downRevisions.length > 1;
  }
  get isBranchPoint(): boolean {
    return this.nextRevisions.size > 1;
  }

  /** One line for `history`: `a1 -> b2 (head), message`. */
  toString(): string {
    const down = this.downRevisions.length === 0 ? "<base>" : this.downRevisions.join(", ");
    const flags = [this.isHead ? "head" : "", this.isBranchPoint ? "branchpoint" : "", this.isMergePoint ? "mergepoint" : ""].filter(Boolean);
    const labels = this.branchLabels.length ? ` (${this.branchLabels.join(", ")})` : "";
    return `${down} -> ${this.revision}${labels}${flags.length ? ` (${flags.join(") (")})` : ""}, ${this.message || "empty message"}`;
  }
}

/** A revision reference as a list (`null` → `[]`, `"a"` → `["a"]`, `"a,b"` stays one id). */
export function toList(ref: RevisionRef): string[] {
  if (ref === null || ref === undefined) return [];
  if (typeof ref === "string") return ref ? [ref] : [];
  return [...ref];
}
