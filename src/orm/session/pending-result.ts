/**
 * What `session.scalars(stmt)` returns: the statement runs when a terminal method is awaited
 * (`await session.scalars(stmt).all()`, `.first()`, `.one()`, `.oneOrNone()`).
 * @module
 */
import type { Result } from "../../engine/index.js";

export class PendingScalars<T> {
  private _unique = false;
  constructor(private readonly run: () => Promise<Result<unknown[]>>) {}

  /** Distinct values only (by identity for objects). */
  unique(): this {
    this._unique = true;
    return this;
  }
  private async values(): Promise<T[]> {
    const r = (await this.run()).scalars().all() as T[];
    return this._unique ? [...new Set(r)] : r;
  }
  /** Every value. */
  async all(): Promise<T[]> {
    return this.values();
  }
  /** The first value, or undefined. */
  async first(): Promise<T | undefined> {
    return (await this.run()).scalars().first() as T | undefined;
  }
  /** Exactly one value (`NoResultFound` / `MultipleResultsFound`). */
  async one(): Promise<T> {
    const r = await this.run();
    return r.scalars().one() as T;
  }
  /** One value or undefined (`MultipleResultsFound` for more). */
  async oneOrNone(): Promise<T | undefined> {
    const r = await this.run();
    return r.scalars().oneOrNone() as T | undefined;
  }
}
