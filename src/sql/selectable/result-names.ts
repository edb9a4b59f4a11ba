/**
 * Names of result columns: a column's name, a label's name, otherwise `<function>_N` / `anon_N`
 * (SQLAlchemy's anonymous labels); duplicates get a `_N` suffix so every key in a row is unique.
 * @module
 */
import type { ColumnElement } from "../elements/elements.js";

const NAMED = new Set(["column", "fromColumn", "label"]);

export function resultColumnNames(cols: readonly ColumnElement<unknown>[]): string[] {
  const used = new Map<string, number>();
  const out: string[] = [];
  for (const c of cols) {
    let name: string;
    if (NAMED.has(c.kind)) {
      name = (c as ColumnElement<unknown> & { name: string }).name;
      if (used.has(name)) {
        let n = used.get(name)!;
        while (used.has(`${name}_${n}`)) n++;
        used.set(name, n + 1);
        name = `${name}_${n}`;
      }
    } else {
      const base = c.anonName ?? "anon";
      let n = used.get(`~${base}`) ?? 1;
      while (used.has(`${base}_${n}`)) n++;
      used.set(`~${base}`, n + 1);
      name = `${base}_${n}`;
    }
    used.set(name, used.get(name) ?? 1);
    out.push(name);
  }
  return out;
}

/** Does this select-list entry need an `AS name` to produce `name` as its result key? */
export function needsLabel(c: ColumnElement<unknown>, name: string): boolean {
  if (c.kind === "label") return false;
  if (c.kind === "column" || c.kind === "fromColumn") return (c as ColumnElement<unknown> & { name: string }).name !== name;
  return true;
}
