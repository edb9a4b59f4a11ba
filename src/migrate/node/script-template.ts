/**
 * New revision scripts: ids (12 hex characters from `crypto.getRandomValues`), file names and the
 * script text. Every value written into the generated source is escaped with JSON.stringify (no
 * template-literal or comment injection from a message).
 * @module
 */

/** A new revision id: 12 random hex characters. */
export function newRevisionId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `<rev>_<slug of message>.ts`. */
export function scriptFileName(rev: string, message: string): string {
  const slug = message.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
  return `${rev}${slug ? `_${slug}` : ""}.ts`;
}

export interface ScriptInfo {
  revision: string;
  downRevision: string | string[] | null;
  branchLabels?: string[];
  dependsOn?: string[];
  message: string;
  createDate?: Date;
  /** Bodies of upgrade()/downgrade() (default: a `// nothing yet` comment). */
  upgradeBody?: string;
  downgradeBody?: string;
  /** Extra import lines (autogenerate's `sa`). */
  imports?: string[];
}

const lit = (v: unknown) => JSON.stringify(v);
const comment = (s: string) => s.replace(/\*\//g, "*\\/");

/** The text of a revision script. */
export function renderScript(info: ScriptInfo): string {
  const down = info.downRevision;
  const indent = (body: string) =>
    body
      .split("\n")
      .map((l) => (l ? `  ${l}` : l))
      .join("\n");
  return `/**
 * ${comment(info.message || "empty message")}
 *
 * Revision ID: ${info.revision}
 * Revises: ${Array.isArray(down) ? down.join(", ") : (down ?? "")}
 * Create Date: ${(info.createDate ?? new Date()).toISOString()}
 */
import type { Operations } from "alkahest/migrate";
${(info.imports ?? []).join("\n")}${info.imports?.length ? "\n" : ""}
export const revision = ${lit(info.revision)};
export const downRevision: string | string[] | null = ${lit(down)};
export const branchLabels: string[] | null = ${lit(info.branchLabels?.length ? info.branchLabels : null)};
export const dependsOn: string[] | null = ${lit(info.dependsOn?.length ? info.dependsOn : null)};
export const message = ${lit(info.message)};

export async function upgrade(op: Operations): Promise<void> {
${indent(info.upgradeBody ?? "// nothing yet: e.g. await op.createTable(...)")}
}

export async function downgrade(op: Operations): Promise<void> {
${indent(info.downgradeBody ?? "// nothing yet")}
}
`;
}
