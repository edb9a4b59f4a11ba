/**
 * Scratch resources for test database servers: temp directories that record their owner (so a
 * later run can reap what a killed run left behind), free TCP ports, and the service user a
 * server runs as when the tests run as root.
 */
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "alkahest-";
const SHM = "/dev/shm";
/** Free space wanted on /dev/shm before putting database files there (Docker's default is 64 MB). */
const SHM_MIN_FREE = 512 * 1024 * 1024;

let rootPromise: Promise<string> | undefined;

/**
 * Where scratch directories go: `ALKAHEST_TEST_SCRATCH` if set; else /dev/shm when it is a
 * roomy tmpfs (initdb and mariadb-install-db run about twice as fast in memory); else the OS
 * temp dir.
 */
export function scratchRoot(): Promise<string> {
  rootPromise ??= (async () => {
    const configured = process.env.ALKAHEST_TEST_SCRATCH;
    if (configured) return configured;
    try {
      const fs = await statfs(SHM);
      if (fs.bavail * fs.bsize >= SHM_MIN_FREE) return SHM;
    } catch {
      // no /dev/shm here
    }
    return tmpdir();
  })();
  return rootPromise;
}

/** A fresh directory `<scratch>/alkahest-<kind>-XXXX`, world-traversable, with `owner.pid` = this process. */
export async function makeScratchDir(kind: string): Promise<string> {
  const dir = await mkdtemp(join(await scratchRoot(), `${PREFIX}${kind}-`));
  await chmod(dir, 0o755);
  await writeFile(join(dir, "owner.pid"), String(process.pid));
  return dir;
}

/** Records the server process started in `dir`, for {@link reapStaleScratchDirs}. */
export async function recordServerPid(dir: string, pid: number): Promise<void> {
  await writeFile(join(dir, "server.pid"), String(pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Removes scratch directories whose owner process is gone (a run killed with SIGKILL), killing the
 * server still running in one — but only a process whose command line names that directory.
 * Returns how many were reaped.
 */
export async function reapStaleScratchDirs(): Promise<number> {
  let reaped = 0;
  const roots = [...new Set([await scratchRoot(), tmpdir(), SHM])];
  const dirs = (
    await Promise.all(
      roots.map(async (root) => (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(PREFIX)).map((n) => join(root, n))),
    )
  ).flat();
  for (const dir of dirs) {
    const owner = await readPid(join(dir, "owner.pid"));
    if (owner === undefined || alive(owner)) continue;
    const server = await readPid(join(dir, "server.pid"));
    if (server !== undefined && alive(server)) {
      const cmdline = existsSync(`/proc/${server}/cmdline`) ? readFileSync(`/proc/${server}/cmdline`, "utf8") : "";
      if (cmdline.includes(dir)) {
        process.kill(server, "SIGKILL");
        for (let i = 0; i < 100 && alive(server); i++) await new Promise((r) => setTimeout(r, 20));
      }
    }
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    reaped++;
  }
  return reaped;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * When running as root, the first of `names` that exists in /etc/passwd (servers refuse to run as
 * root); otherwise `undefined` (run as ourselves).
 */
export function serviceUser(names: string[]): ServiceUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = existsSync("/etc/passwd") ? readFileSync("/etc/passwd", "utf8") : "";
  for (const name of names) {
    const line = passwd.split("\n").find((l) => l.startsWith(`${name}:`));
    if (line === undefined) continue;
    const [, , uid, gid] = line.split(":");
    return { name, uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(`running as root, and none of the users ${names.join(", ")} exists to run the server as`);
}
