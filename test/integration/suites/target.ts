/**
 * What a behavioural suite needs to know about one adapter: how to make an engine on its test
 * database, what the driver declares it can do (suites skip by these capabilities, with a reason,
 * never by test name), and, for servers, how to end a session from the server side.
 */
import type { TestContext } from "vitest";
import type { DriverCapabilities, DriverConnection, Driver } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import type { EngineOptions } from "../../../src/engine/create-engine.js";

export interface AdapterTarget {
  /** Adapter name (`pg`, `mysql2`, `libsql`); also the suffix of the suites' table names. */
  readonly name: "pg" | "mysql2" | "libsql";
  /** Why the database is unavailable (the bound suites skip), or null. */
  readonly unavailable: string | null;
  /** What the driver declares (read from a driver instance, never assumed). */
  readonly capabilities: DriverCapabilities;
  /** A new engine on the test database (caller disposes it). */
  makeEngine(options?: EngineOptions): Engine;
  /** A fresh driver on the test database (for engines built with `{ driver }`, e.g. spies). */
  makeDriver(): Driver;
  /** An engine whose database cannot be reached (unused port); absent for embedded databases. */
  makeUnreachableEngine?(options?: EngineOptions): Engine;
  /** Terminates the server session behind `dc` from a second raw connection (pg_terminate_backend / KILL). */
  killConnection?(dc: DriverConnection): Promise<void>;
  /** A statement that keeps the server busy for `seconds` (pg_sleep / SLEEP), as raw SQL. */
  sleepSQL?(seconds: number): string;
}

/** Skips the running test unless `condition` holds; the reason names the capability. */
export function requires(ctx: TestContext, condition: boolean, reason: string): void {
  if (!condition) ctx.skip(reason);
}

/** A unique-per-suite-and-adapter table name (the databases are shared by parallel files). */
export function tableName(suite: string, target: AdapterTarget, what = "t"): string {
  return `it_${suite}_${what}_${target.name}`;
}

/** The rejection of `p` (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
