/**
 * Transaction handles returned by `conn.begin()` and `conn.beginNested()` (a SAVEPOINT).
 * @module
 */
import { InvalidRequestError } from "../errors.js";
import type { Connection } from "./connection.js";

export interface Transaction {
  readonly isActive: boolean;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** The connection's outermost transaction. */
export class RootTransaction implements Transaction {
  #active = true;
  declare readonly connection: Connection;
  constructor(connection: Connection) {
    this.connection = connection;
  }
  get isActive(): boolean {
    return this.#active;
  }
  /** @internal */
  _end(): void {
    this.#active = false;
  }
  async commit(): Promise<void> {
    if (!this.#active) throw new InvalidRequestError("This transaction is inactive (already committed or rolled back)");
    await this.connection.commit();
  }
  async rollback(): Promise<void> {
    if (!this.#active) return;
    await this.connection.rollback();
  }
}

/** A SAVEPOINT: `commit()` releases it, `rollback()` rolls back to it; the outer transaction stays. */
export class NestedTransaction implements Transaction {
  #active = true;
  declare readonly connection: Connection;
  declare readonly name: string;
  constructor(
    connection: Connection,
    name: string,
  ) {
    this.connection = connection;
    this.name = name;
  }
  get isActive(): boolean {
    return this.#active;
  }
  /** @internal */
  _end(): void {
    this.#active = false;
  }
  async commit(): Promise<void> {
    if (!this.#active) throw new InvalidRequestError("This savepoint is inactive (already released or rolled back)");
    await this.connection._nestedEnd(this, true);
  }
  async rollback(): Promise<void> {
    if (!this.#active) return;
    await this.connection._nestedEnd(this, false);
  }
}
