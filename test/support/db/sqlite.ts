/** Temporary SQLite database files (for libsql `file:` URLs), each in its own scratch directory. */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeScratchDir } from "./scratch.js";

export interface TempSqlite {
  /** Absolute path of the database file (not created yet: SQLite creates it on first open). */
  path: string;
  /** `file:` URL for `@libsql/client`. */
  url: string;
  /** Deletes the file and its -wal/-shm/-journal companions. */
  remove(): Promise<void>;
}

export async function tempSqliteFile(name = "test.db"): Promise<TempSqlite> {
  const dir = await makeScratchDir("sqlite");
  const path = join(dir, name);
  return {
    path,
    url: pathToFileURL(path).href,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
