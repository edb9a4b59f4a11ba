/**
 * Encoders for the TDS 7.4 tokens that the canned-response server of `fake-tds.ts` sends
 * ([MS-TDS] §2.2.7): LOGINACK, DONE, ERROR, ENVCHANGE (transactions), COLMETADATA and ROW for the
 * column types INTN (int, bigint), FLTN (float), BITN (bit) and NVARCHAR.
 * @module
 */

/** A column of a canned result set. */
export interface FakeColumn {
  name: string;
  type: "int" | "bigint" | "float" | "bit" | "nvarchar";
}

const ucs2 = (s: string) => Buffer.from(s, "ucs2");

/** B_VARCHAR: one byte of character count, UCS-2 text. */
function bVarchar(s: string): Buffer {
  return Buffer.concat([Buffer.from([s.length]), ucs2(s)]);
}

/** US_VARCHAR: two bytes of character count, UCS-2 text. */
function usVarchar(s: string): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(s.length);
  return Buffer.concat([len, ucs2(s)]);
}

/** A token with a USHORT length after its type byte. */
function withLength(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(type, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** DONE status bits. */
export const DONE_MORE = 0x01;
export const DONE_ERROR = 0x02;
export const DONE_COUNT = 0x10;

/** DONE (0xFD): status, current command, row count (ULONGLONG). */
export function done(status: number, rowCount = 0, curCmd = 0): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt8(0xfd, 0);
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(curCmd, 3);
  b.writeBigUInt64LE(BigInt(rowCount), 5);
  return b;
}

/** LOGINACK (0xAD) for TDS 7.4. */
export function loginAck(): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(0x74000004);
  return withLength(0xad, Buffer.concat([Buffer.from([1]), version, bVarchar("alkahest fake TDS"), Buffer.from([16, 0, 0, 1])]));
}

/** ERROR (0xAA): SQL Server error number, state, class (severity), message. */
export function errorToken(number: number, message: string, state = 1, severity = 14): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt32LE(number, 0);
  head.writeUInt8(state, 4);
  head.writeUInt8(severity, 5);
  const line = Buffer.alloc(4);
  line.writeInt32LE(1);
  return withLength(0xaa, Buffer.concat([head, usVarchar(message), bVarchar("fake-tds"), bVarchar(""), line]));
}

/** ENVCHANGE (0xE3) types of the transaction manager. */
export const ENV_BEGIN_TXN = 8;
export const ENV_COMMIT_TXN = 9;
export const ENV_ROLLBACK_TXN = 10;

/** ENVCHANGE of a transaction: the descriptor is the new value (begin) or the old one (commit/rollback). */
export function txEnvChange(type: number, descriptor: Buffer): Buffer {
  const bVarbyte = (b: Buffer) => Buffer.concat([Buffer.from([b.length]), b]);
  const empty = Buffer.alloc(0);
  const [newValue, oldValue] = type === ENV_BEGIN_TXN ? [descriptor, empty] : [empty, descriptor];
  return withLength(0xe3, Buffer.concat([Buffer.from([type]), bVarbyte(newValue), bVarbyte(oldValue)]));
}

/** Latin1_General_CI_AS. */
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);
const NVARCHAR_MAX_BYTES = 8000;

function typeInfo(type: FakeColumn["type"]): Buffer {
  switch (type) {
    case "int": return Buffer.from([0x26, 4]);
    case "bigint": return Buffer.from([0x26, 8]);
    case "float": return Buffer.from([0x6d, 8]);
    case "bit": return Buffer.from([0x68, 1]);
    case "nvarchar": {
      const b = Buffer.alloc(3);
      b.writeUInt8(0xe7, 0);
      b.writeUInt16LE(NVARCHAR_MAX_BYTES, 1);
      return Buffer.concat([b, COLLATION]);
    }
  }
}

/** COLMETADATA (0x81): every column nullable. */
export function colMetadata(columns: FakeColumn[]): Buffer {
  const count = Buffer.alloc(2);
  count.writeUInt16LE(columns.length);
  const parts: Buffer[] = [Buffer.from([0x81]), count];
  for (const c of columns) {
    const meta = Buffer.alloc(6); // UserType (ULONG) 0, Flags (USHORT): nullable
    meta.writeUInt16LE(0x0001, 4);
    parts.push(meta, typeInfo(c.type), bVarchar(c.name));
  }
  return Buffer.concat(parts);
}

function cell(type: FakeColumn["type"], v: unknown): Buffer {
  if (type === "nvarchar") {
    const len = Buffer.alloc(2);
    if (v === null || v === undefined) {
      len.writeUInt16LE(0xffff);
      return len;
    }
    const text = ucs2(String(v));
    len.writeUInt16LE(text.length);
    return Buffer.concat([len, text]);
  }
  if (v === null || v === undefined) return Buffer.from([0]);
  switch (type) {
    case "int": { const b = Buffer.alloc(5); b.writeUInt8(4, 0); b.writeInt32LE(Number(v), 1); return b; }
    case "bigint": { const b = Buffer.alloc(9); b.writeUInt8(8, 0); b.writeBigInt64LE(BigInt(v as number | bigint), 1); return b; }
    case "float": { const b = Buffer.alloc(9); b.writeUInt8(8, 0); b.writeDoubleLE(Number(v), 1); return b; }
    case "bit": return Buffer.from([1, v ? 1 : 0]);
  }
}

/** ROW (0xD1) of values aligned with `columns`. */
export function row(columns: FakeColumn[], values: unknown[]): Buffer {
  return Buffer.concat([Buffer.from([0xd1]), ...columns.map((c, i) => cell(c.type, values[i]))]);
}
