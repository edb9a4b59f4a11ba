/**
 * What `session.scalars(stmt)` returns: the statement runs when a terminal method is awaited
 * (`await session.scalars(stmt).all()`, `.first()`, `.one()`, `.oneOrNone()`).
 * @module
 */
import type { Result, ScalarResult } from "../../engine/index.js";

export class PendingScalars<T> {
  private _unique = false;
  constructor(private readonly run: () => Promise<Result<unknown[]>>) {}

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
}
