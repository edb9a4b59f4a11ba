/**
 * Names of result columns: a column's name, a label's name, otherwise `<function>_N` / `anon_N`
 * (SQLAlchemy's anonymous labels); duplicates get a `_N` suffix so every key in a row is unique.
 * @module
 */
import type { ColumnElement } from "../elements/elements.js";

export function resultColumnNames(cols: readonly ColumnElement<unknown>[]): string[] {
  // usual case: a few named columns with distinct names keep their names (no Map needed)
  const n = cols.length;
  if (n <= 16) {
    const names = new Array<string>(n);
    let plain = true;
    for (let i = 0; i < n && plain; i++) {
      const c = cols[i]!;
      const kind = c.kind;
      if (kind !== "column" && kind !== "fromColumn" && kind !== "label") plain = false;
      else {
        const name = (c as ColumnElement<unknown> & { name: string }).name;
        for (let j = 0; j < i; j++) if (names[j] === name) plain = false;
        names[i] = name;
      }
    }
    if (plain) return names;
  }
  const used = new Map<string, number>();
  const out = new Array<string>(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    const kind = c.kind;
    let name: string;
    if (kind === "column" || kind === "fromColumn" || kind === "label") {
      name = (c as ColumnElement<unknown> & { name: string }).name;
      let n = used.get(name);
      if (n !== undefined) {
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
    if (!used.has(name)) used.set(name, 1);
    out[i] = name;
  }
  return out;
}

/** Does this select-list entry need an `AS name` to produce `name` as its result key? */
export function needsLabel(c: ColumnElement<unknown>, name: string): boolean {
  if (c.kind === "label") return false;
  if (c.kind === "column" || c.kind === "fromColumn") return (c as ColumnElement<unknown> & { name: string }).name !== name;
  return true;
}
