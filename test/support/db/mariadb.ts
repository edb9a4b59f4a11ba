/**
 * MariaDB for integration tests, from the system `mariadbd` (Debian `mariadb-server`): a fresh
 * datadir made by `mariadb-install-db` in a temp dir, a free 127.0.0.1 port, a database and a
 * password user reachable over TCP, durability relaxed for speed; removed on stop.
 * `--no-defaults` keeps /etc/mysql out of it. As root, the server drops to the `mysql` user.
 */
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import mysql from "mysql2/promise";
import { DatabaseStartError } from "./availability.js";
import type { StartedDatabase } from "./postgres.js";
import { freePort, makeScratchDir, recordServerPid, serviceUser } from "./scratch.js";
import { runToCompletion, spawnServer, stopServer, waitForLog } from "./server-process.js";

export interface MariadbOptions {
  user?: string;
  password?: string;
  database?: string;
  /** Extra server options, e.g. `{ "max-connections": 300 }`. */
  settings?: Record<string, string | number>;
}

function findBinary(name: string, extra: string[]): string | undefined {
  const dirs = [...extra, ...(process.env.PATH ?? "").split(delimiter)];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

const sqlString = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

export async function startMariadb(options: MariadbOptions = {}): Promise<StartedDatabase> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const { user = "alkahest", password = "alkahest", database = "alkahest" } = options;
  const configured = process.env.MARIADBD;
  const mariadbd = configured ? (existsSync(configured) ? configured : undefined) : findBinary("mariadbd", ["/usr/sbin", "/usr/local/sbin"]);
  const installDb = findBinary("mariadb-install-db", ["/usr/bin", "/usr/local/bin"]);
  if (mariadbd === undefined || installDb === undefined) {
    throw new DatabaseStartError("mariadb", `${mariadbd === undefined ? "mariadbd" : "mariadb-install-db"} not found`);
  }
  const runAs = serviceUser(["mysql"]);
  const root = await makeScratchDir("mariadb");
  let stopped = false;
  let server: ReturnType<typeof spawnServer> | undefined;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server) await stopServer(server, "SIGTERM");
    await rm(root, { recursive: true, force: true });
  };
  try {
    const data = join(root, "data");
    const run = join(root, "run");
    await mkdir(data);
    await mkdir(run);
    if (runAs) for (const dir of [data, run]) await chown(dir, runAs.uid, runAs.gid);
    const serverOptions = [
      "--skip-log-bin",
      // MySQL 8's defaults (MariaDB 10.11 still defaults to latin1): 4-byte UTF-8 text, emoji included
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--skip-name-resolve",
      "--innodb-buffer-pool-size=64M",
      "--innodb-log-file-size=16M",
      "--innodb-flush-log-at-trx-commit=2",
      "--innodb-doublewrite=0",
      "--innodb-temp-data-file-path=ibtmp1:1M:autoextend",
      "--performance-schema=OFF",
      ...Object.entries(options.settings ?? {}).map(([k, v]) => `--${k}=${v}`),
    ];
    const userOption = runAs ? [`--user=${runAs.name}`] : [];
    await runToCompletion(
      installDb,
      ["--no-defaults", `--datadir=${data}`, ...userOption, "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", "--innodb-log-file-size=16M"],
      { logFile: join(root, "install-db.log") },
    );
    phase("install-db");
    const initFile = join(run, "init.sql");
    await writeFile(
      initFile,
      [
        `CREATE DATABASE IF NOT EXISTS \`${database.replaceAll("`", "``")}\`;`,
        `CREATE USER IF NOT EXISTS ${sqlString(user)}@'127.0.0.1' IDENTIFIED BY ${sqlString(password)};`,
        `GRANT ALL PRIVILEGES ON *.* TO ${sqlString(user)}@'127.0.0.1' WITH GRANT OPTION;`,
      ].join("\n"),
    );
    await chmod(initFile, 0o644);
    const port = await freePort();
    server = spawnServer(
      mariadbd,
      [
        "--no-defaults",
        `--datadir=${data}`,
        ...userOption,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${join(run, "mariadb.sock")}`,
        `--pid-file=${join(run, "mariadb.pid")}`,
        `--init-file=${initFile}`,
        ...serverOptions,
      ],
      { logFile: join(root, "mariadbd.log"), stopSignal: "SIGTERM" },
    );
    if (server.child.pid !== undefined) await recordServerPid(root, server.child.pid);
    await waitForLog(server, /ready for connections/, 60_000);
    phase("server");

    const conn = await mysql.createConnection({ host: "127.0.0.1", port, user, password, database });
    let version: string;
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT VERSION() AS v");
      version = String(rows[0]!.v);
    } finally {
      await conn.end();
    }
    phase("connect");
    const url = `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return { url, version: `MariaDB ${version}`, startupMs: Math.round(performance.now() - started), phases, stop };
  } catch (error) {
    await stop().catch(() => {});
    if (error instanceof DatabaseStartError) throw error;
    throw new DatabaseStartError("mariadb", `MariaDB did not start: ${(error as Error).message}`, undefined, { cause: error });
  }
}
