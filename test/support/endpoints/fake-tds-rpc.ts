/**
 * Decoders for what a TDS client sends the fake server of `fake-tds.ts` ([MS-TDS] §2.2.6):
 * ALL_HEADERS (with the transaction descriptor), RPC requests (`sp_executesql` with its
 * parameters: names, TYPE_INFO type ids and values), SQL batches and transaction-manager requests.
 * Throws on a parameter type it does not know, so that a test fails loudly.
 * @module
 */

/** One decoded RPC parameter. */
export interface RpcParam {
  /** As sent, with its `@` (tedious sends `@statement`, `@params`, then `@p1`…). */
  name: string;
  /** The TYPE_INFO id byte: 0x26 INTN, 0x68 BITN, 0x6D FLTN, 0xE7 NVARCHAR, 0xA5 BIGVARBINARY, 0x2A DATETIME2N. */
  typeId: number;
  /** INTN/FLTN length (4 → INT, 8 → BIGINT/FLOAT); NVARCHAR/VARBINARY max length (0xFFFF = max). */
  length: number;
  /** The value: number, bigint (8-byte INTN), boolean, string, Buffer, Date (UTC), or null. */
  value: unknown;
}

/** A decoded RPC request. */
export interface RpcRequest {
  /** The special procedure id (10 = sp_executesql) or the procedure name. */
  proc: number | string;
  /** The transaction descriptor of ALL_HEADERS (8 zero bytes outside a transaction). */
  transactionDescriptor: Buffer;
  params: RpcParam[];
}

/** A cursor over a payload. */
class Reader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  u8() { return this.buf.readUInt8(this.offset++); }
  u16() { const v = this.buf.readUInt16LE(this.offset); this.offset += 2; return v; }
  u32() { const v = this.buf.readUInt32LE(this.offset); this.offset += 4; return v; }
  bytes(n: number) { const b = this.buf.subarray(this.offset, this.offset + n); this.offset += n; return b; }
  ucs2(chars: number) { return this.bytes(chars * 2).toString("ucs2"); }
  get done() { return this.offset >= this.buf.length; }
}

/** Reads ALL_HEADERS and returns the transaction descriptor (header type 2). */
function allHeaders(r: Reader): Buffer {
  const start = r.offset;
  const total = r.u32();
  let descriptor = Buffer.alloc(8);
  while (r.offset < start + total) {
    const hStart = r.offset;
    const len = r.u32();
    const type = r.u16();
    if (type === 2) descriptor = Buffer.from(r.bytes(8));
    r.offset = hStart + len;
  }
  return descriptor;
}

/** A PLP value (`varchar(max)` style): ULONGLONG total, then chunks up to a zero terminator. */
function plp(r: Reader): Buffer | null {
  const total = r.buf.readBigUInt64LE(r.offset);
  r.offset += 8;
  if (total === 0xffffffffffffffffn) return null;
  const chunks: Buffer[] = [];
  for (let n = r.u32(); n !== 0; n = r.u32()) chunks.push(r.bytes(n));
  return Buffer.concat(chunks);
}

/** DATETIME2N value: time in 10^-scale s units (3–5 bytes), then days since 0001-01-01 (3 bytes). */
function dateTime2(r: Reader, scale: number): Date | null {
  const len = r.u8();
  if (len === 0) return null;
  const timeLen = len - 3;
  let units = 0;
  for (let i = 0; i < timeLen; i++) units += r.u8() * 2 ** (8 * i);
  const days = r.u8() + r.u8() * 256 + r.u8() * 65536;
  const ms = (units / 10 ** scale) * 1000;
  const year1 = -62_135_596_800_000; // 0001-01-01T00:00:00Z (Date.UTC maps years 0–99 to 19xx)
  return new Date(year1 + days * 86_400_000 + Math.round(ms));
}

function paramValue(r: Reader, typeId: number): { length: number; value: unknown } {
  switch (typeId) {
    case 0x26: case 0x68: case 0x6d: { // INTN, BITN, FLTN
      const length = r.u8();
      const n = r.u8();
      if (n === 0) return { length, value: null };
      const b = r.bytes(n);
      if (typeId === 0x68) return { length, value: b[0] !== 0 };
      if (typeId === 0x6d) return { length, value: n === 8 ? b.readDoubleLE(0) : b.readFloatLE(0) };
      const value = n === 8 ? b.readBigInt64LE(0) : n === 4 ? b.readInt32LE(0) : n === 2 ? b.readInt16LE(0) : b.readUInt8(0);
      return { length, value };
    }
    case 0xe7: case 0xa5: { // NVARCHAR, BIGVARBINARY
      const length = r.u16();
      if (typeId === 0xe7) r.bytes(5); // collation
      let data: Buffer | null;
      if (length === 0xffff) data = plp(r);
      else {
        const n = r.u16();
        data = n === 0xffff ? null : r.bytes(n);
      }
      return { length, value: data === null ? null : typeId === 0xe7 ? data.toString("ucs2") : Buffer.from(data) };
    }
    case 0x2a: { // DATETIME2N
      const scale = r.u8();
      return { length: scale, value: dateTime2(r, scale) };
    }
    default:
      throw new Error(`fake TDS: RPC parameter type 0x${typeId.toString(16)} is not decoded here`);
  }
}

/** Decodes an RPC_REQUEST payload (packet type 3). */
export function decodeRpc(payload: Buffer): RpcRequest {
  const r = new Reader(payload);
  const transactionDescriptor = allHeaders(r);
  const nameLen = r.u16();
  const proc: number | string = nameLen === 0xffff ? r.u16() : r.ucs2(nameLen);
  r.u16(); // option flags
  const params: RpcParam[] = [];
  while (!r.done) {
    const name = r.ucs2(r.u8());
    r.u8(); // status flags (output, default)
    const typeId = r.u8();
    params.push({ name, typeId, ...paramValue(r, typeId) });
  }
  return { proc, transactionDescriptor, params };
}

/** Decodes a SQL_BATCH payload (packet type 1): ALL_HEADERS then UCS-2 text. */
export function decodeSqlBatch(payload: Buffer): { sql: string; transactionDescriptor: Buffer } {
  const r = new Reader(payload);
  const transactionDescriptor = allHeaders(r);
  return { sql: payload.subarray(r.offset).toString("ucs2"), transactionDescriptor };
}

/** Transaction-manager request types ([MS-TDS] §2.2.6.9). */
export const TM_REQUESTS: Record<number, "begin" | "commit" | "rollback" | "save"> = { 5: "begin", 7: "commit", 8: "rollback", 9: "save" };

/** Decodes a TRANSACTION_MANAGER payload (packet type 0x0E). */
export function decodeTransactionManager(payload: Buffer): { request: "begin" | "commit" | "rollback" | "save"; isolationLevel: number | null; transactionDescriptor: Buffer } {
  const r = new Reader(payload);
  const transactionDescriptor = allHeaders(r);
  const type = r.u16();
  const request = TM_REQUESTS[type];
  if (request === undefined) throw new Error(`fake TDS: transaction manager request ${type} is not handled`);
  const isolationLevel = request === "begin" && !r.done ? r.u8() : null;
  return { request, isolationLevel, transactionDescriptor };
}
