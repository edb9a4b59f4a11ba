/**
 * The database endpoints the integration project's globalSetup (`test/support/global-setup.ts`)
 * provides to test files, and the accessor tests use.
 */
import { inject } from "vitest";
import type { DatabaseName } from "./availability.js";

/** A running server's URL, or the reason it is not available (tests skip with it). */
export type ProvidedDatabase = { url: string; version: string; startupMs: number } | { skip: string };

declare module "vitest" {
  export interface ProvidedContext {
    databases: Record<DatabaseName, ProvidedDatabase>;
  }
}

/** The endpoint for `name`. Throws when the file runs outside the integration project. */
export function providedDatabase(name: DatabaseName): ProvidedDatabase {
  const all = inject("databases");
  if (all === undefined) {
    throw new Error(
      "No databases were provided: integration tests must run in the vitest project 'integration' " +
        "(see vitest.config.ts), whose globalSetup starts the servers",
    );
  }
  return all[name];
}
