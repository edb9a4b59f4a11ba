/**
 * Types a JS parameter for tedious' `addParameter`: SQL Server needs a declared type for every
 * `@pN` of `sp_executesql`, and tedious cannot guess one from the value.
 *
 * | JS value | SQL Server type |
 * |---|---|
 * | `null` / `undefined` | `NVARCHAR` null (converts implicitly to any column type) |
 * | `boolean` | `BIT` |
 * | integer `number` in ±2^31 | `INT` |
 * | other safe integer `number` | `BIGINT` |
 * | other `number` (fractions, ±Infinity refused by the server) | `FLOAT` |
 * | `bigint` | `BIGINT` |
 * | `string` | `NVARCHAR` (`nvarchar(max)` beyond 4000 characters, tedious decides) |
 * | `Date` | `DATETIME2` |
 * | `Uint8Array` / `Buffer` / `ArrayBuffer` | `VARBINARY` |
 * @module
 */
import type { TediousDataType, TediousTypes } from "./client-types.js";

/** A typed parameter ready for `request.addParameter(name, type, value)`. */
export interface TypedParameter {
  readonly name: string;
  readonly type: TediousDataType;
  readonly value: unknown;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** The type of one value; `index` is zero-based, the name is `p{index + 1}` (the dialect's `@p1`…). */
export function typeParameter(types: TediousTypes, v: unknown, index: number): TypedParameter {
  const name = `p${index + 1}`;
  if (v === null || v === undefined) return { name, type: types.NVarChar, value: null };
  switch (typeof v) {
    case "boolean": return { name, type: types.Bit, value: v };
    case "bigint": return { name, type: types.BigInt, value: v };
    case "string": return { name, type: types.NVarChar, value: v };
    case "number":
      if (Number.isInteger(v)) {
        if (v >= INT_MIN && v <= INT_MAX) return { name, type: types.Int, value: v };
        if (Number.isSafeInteger(v)) return { name, type: types.BigInt, value: v };
      }
      return { name, type: types.Float, value: v };
    default:
      break;
  }
  if (v instanceof Date) return { name, type: types.DateTime2, value: v };
  if (v instanceof Uint8Array) {
    // tedious' VarBinary validates `Buffer.isBuffer`
    const buf = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { name, type: types.VarBinary, value: buf };
  }
  if (v instanceof ArrayBuffer) return { name, type: types.VarBinary, value: Buffer.from(v) };
  throw new TypeError(
    `tedious adapter: parameter ${index + 1} is ${Array.isArray(v) ? "an array" : `a ${typeof v}`}; only string, ` +
      "number, bigint, boolean, null, Date, ArrayBuffer and Uint8Array values can be bound",
  );
}
