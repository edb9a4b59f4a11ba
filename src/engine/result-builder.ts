/**
 * Turns a driver's raw result into a `Result`: rows keyed by the compiled statement's result
 * columns and converted by their types' result processors (computed once per compiled shape).
 * @module
 */
import type { BaseDialect } from "../dialects/base/dialect.js";
import type { CompiledSQL, ResultColumn } from "../sql/compiled.js";
import type { Processor } from "../sql/types/type-engine.js";
import type { RawResult } from "../driver.js";
import { Result } from "./result.js";
import { makeRow, rowPrototype, type Row } from "./row.js";

interface Shape {
  keys: readonly string[];
  proto: object;
  /** Positions of the columns that have a result processor, and those processors (same order). */
  procIndex: number[];
  procFns: Processor[];
}

const shapes = new WeakMap<readonly ResultColumn[], WeakMap<BaseDialect, Shape>>();
const rawShapes = new Map<string, object>();

function shapeFor(dialect: BaseDialect, cols: readonly ResultColumn[]): Shape {
  let byDialect = shapes.get(cols);
  if (!byDialect) shapes.set(cols, (byDialect = new WeakMap()));
  let s = byDialect.get(dialect);
  if (!s) {
    const keys = cols.map((c) => c.key);
    const procIndex: number[] = [];
    const procFns: Processor[] = [];
    cols.forEach((c, i) => {
      const p = c.type.resultProcessor(dialect);
      if (p) {
        procIndex.push(i);
        procFns.push(p);
      }
    });
    s = { keys, proto: rowPrototype(keys), procIndex, procFns };
    byDialect.set(dialect, s);
  }
  return s;
}

function rawShape(columns: readonly string[]): object {
  const k = columns.join("\u0000");
  let p = rawShapes.get(k);
  if (!p) {
    p = rowPrototype(columns);
    if (rawShapes.size > 500) rawShapes.clear();
    rawShapes.set(k, p);
  }
  return p;
}

export function buildResult(dialect: BaseDialect, compiled: CompiledSQL, raw: RawResult): Result<unknown[]> {
  const cols = compiled.resultColumns;
  const rows = raw.rows;
  if (cols.length > 0 && (rows.length === 0 || cols.length === raw.columns.length || raw.columns.length === 0)) {
    const shape = shapeFor(dialect, cols);
    const keys = shape.keys;
    const { procIndex, procFns, proto } = shape;
    const np = procIndex.length;
    const count = rows.length;
    if (np > 0) {
      for (let r = 0; r < count; r++) {
        const values = rows[r]!;
        for (let k = 0; k < np; k++) {
          const i = procIndex[k]!;
          const v = values[i];
          if (v !== null && v !== undefined) values[i] = procFns[k]!(v);
        }
      }
    }
    return lazyRows(rows, keys, proto, raw);
  }
  return lazyRows(rows, raw.columns, rawShape(raw.columns), raw);
}

/**
 * The driver's arrays become Rows (their prototype set) only when the result is first read
 * through the Result API: an ORM load reads the arrays by position and never pays for it.
 */
function lazyRows(rows: unknown[][], keys: readonly string[], proto: object, raw: RawResult): Result<unknown[]> {
  return new Result(
    rows as Row<unknown[]>[],
    keys,
    raw.rowCount,
    raw.lastInsertId ?? null,
    rows.length
      ? (out: unknown[]) => {
          for (let r = 0; r < out.length; r++) makeRow(out[r] as unknown[], proto);
        }
      : null,
  );
}
