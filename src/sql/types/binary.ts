/** LargeBinary: bytes as `Uint8Array`. */
import { TypeEngine, typeFactory, type Processor } from "./type-engine.js";

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

const toBytes: Processor = (v) => {
  if (v === null || v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return Uint8Array.from(v as number[]); // D1 returns blobs as number[]
  if (typeof v === "string") {
    if (v.startsWith("\\x")) return hexToBytes(v.slice(2)); // PostgreSQL bytea text output
    return new TextEncoder().encode(v);
  }
  throw new TypeError(`cannot read ${typeof v} as bytes`);
};

export class LargeBinaryType extends TypeEngine<Uint8Array> {
  readonly kind = "binary" as const;
  readonly affinity = "binary" as const;
  declare readonly length?: number;
  constructor(length?: number) {
    super();
    this.length = length;
  }
  override resultProcessor(): Processor {
    return toBytes;
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined || value instanceof Uint8Array || value instanceof ArrayBuffer) return null;
    return `a ${typeof value} was given where a BLOB value (Uint8Array) is expected`;
  }
}

export const LargeBinary = /*#__PURE__*/ typeFactory((length?: number): LargeBinaryType => new LargeBinaryType(length));
