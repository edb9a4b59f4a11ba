/**
 * What `session.scalars(stmt)` returns: the statement runs when a terminal method is awaited
 * (`await session.scalars(stmt).all()`, `.first()`, `.one()`, `.oneOrNone()`), or streams:
 * `for await (const u of session.scalars(stmt).yieldPer(1000))` turns rows into objects (and runs
 * selectin loaders) one chunk at a time; `partitions(n)` yields arrays of n values.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { Result, Row, ScalarResult } from "../../engine/index.js";

/** Opens the statement as a stream of row chunks of `size`. */
export type ChunkStream = (size: number) => AsyncIterable<Row<unknown[]>[]>;

function checkSize(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) throw new ArgumentError(`${what} takes a positive integer (rows per chunk), got ${String(n)}`);
  return n;
}

export class PendingScalars<T> implements AsyncIterable<T> {
  private _unique = false;
  private _chunk = 1000;
  constructor(
    private readonly run: () => Promise<Result<unknown[]>>,
    private readonly stream?: ChunkStream,
  ) {}

  /** Distinct values only (by identity for objects); required after joinedload of a collection. */
  unique(): this {
    this._unique = true;
    return this;
  }
  private async values(): Promise<ScalarResult<T>> {
    const r = await this.run();
    const s = (this._unique ? r.unique() : r).scalars() as ScalarResult<T>;
    return this._unique ? s.unique() : s;
  }
  /** Every value. */
  async all(): Promise<T[]> {
    return (await this.values()).all();
  }
  /** The first value, or undefined. */
  async first(): Promise<T | undefined> {
    return (await this.values()).first();
  }
  /** Exactly one value (`NoResultFound` / `MultipleResultsFound`). */
  async one(): Promise<T> {
    return (await this.values()).one();
  }
  /** One value or undefined (`MultipleResultsFound` for more). */
  async oneOrNone(): Promise<T | undefined> {
    return (await this.values()).oneOrNone();
  }

  /**
   * Streams: `for await (const u of session.scalars(stmt).yieldPer(1000))`. Rows become objects
   * `n` at a time (with their selectin loads per chunk), so memory holds one chunk of new objects
   * at a time (the identity map still keeps every object until the session lets it go).
   */
  yieldPer(n: number): this {
    this._chunk = checkSize(n, "yieldPer()");
    return this;
  }

  /** `for await (const part of session.scalars(stmt).partitions(100))`: arrays of up to `n` values, streamed. */
  async *partitions(n?: number): AsyncGenerator<T[]> {
    const size = n === undefined ? this._chunk : checkSize(n, "partitions()");
    let part: T[] = [];
    for await (const v of this) {
      part.push(v);
      if (part.length === size) {
        yield part;
        part = [];
      }
    }
    if (part.length) yield part;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const seen = this._unique ? new Set<unknown>() : null;
    const chunks: AsyncIterable<Row<unknown[]>[]> = this.stream ? this.stream(this._chunk) : bufferedChunks(await this.run(), this._chunk);
    for await (const chunk of chunks) {
      for (const row of chunk) {
        const v = row[0] as T;
        if (seen) {
          if (seen.has(v)) continue;
          seen.add(v);
        }
        yield v;
      }
    }
  }
}

async function* bufferedChunks(r: Result<unknown[]>, size: number): AsyncGenerator<Row<unknown[]>[]> {
  yield* r.partitions(size);
}
