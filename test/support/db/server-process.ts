/**
 * Spawning, awaiting and stopping a database server process. Servers write to a log file (not a
 * pipe), so they never depend on the test process's streams; a server still running when the
 * test process exits is signalled to shut down.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServiceUser } from "./scratch.js";

const running = new Map<ChildProcess, NodeJS.Signals>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Asks every running server to shut down; they finish on their own even after we are gone. */
const onExit = () => {
  for (const [child, signal] of running) child.kill(signal);
};

/**
 * A signal would end this process without an "exit" event: stop the servers first, then let the
 * signal do what it would have done (re-raise it when nobody else handles it).
 */
const onSignal = (signal: NodeJS.Signals) => {
  onExit();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};

// Prepended: vitest's own "exit"/SIGINT listeners call process.exit(), and a process.exit() made
// inside an "exit" listener ends the process before later listeners run.
function install(): void {
  process.prependListener("exit", onExit);
  for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

function uninstall(): void {
  process.off("exit", onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

export interface SpawnedServer {
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
}

/** Runs a command to completion (initdb, install-db); rejects with the tail of its output. */
export async function runToCompletion(
  command: string,
  args: string[],
  options: { user?: ServiceUser; logFile: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  const server = spawnLogged(command, args, options);
  const status = await server.exited;
  if (status !== "0") {
    throw new Error(`${command} exited with ${status}: ${await logTail(options.logFile)}`);
  }
}

/** Starts a long-running server; `stopSignal` is sent if this process exits first. */
export function spawnServer(
  command: string,
  args: string[],
  options: { user?: ServiceUser; logFile: string; stopSignal: NodeJS.Signals; env?: NodeJS.ProcessEnv },
): SpawnedServer {
  const server = spawnLogged(command, args, options);
  if (running.size === 0) install();
  running.set(server.child, options.stopSignal);
  void server.exited.then(() => {
    running.delete(server.child);
    if (running.size === 0) uninstall();
  });
  return server;
}

function spawnLogged(
  command: string,
  args: string[],
  options: { user?: ServiceUser; logFile: string; env?: NodeJS.ProcessEnv },
): SpawnedServer {
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio: ["ignore", fd, fd],
      env: { ...process.env, LC_ALL: "C", LANG: "C", ...options.env },
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(`spawn error ${error.message}`));
    child.once("exit", (code, signal) => resolve(code !== null ? String(code) : `signal ${signal}`));
  });
  return { child, logFile: options.logFile, exited };
}

/** Waits until the log shows `ready`, failing early if the process exits or after `timeoutMs`. */
export async function waitForLog(server: SpawnedServer, ready: RegExp, timeoutMs: number): Promise<void> {
  let exitStatus: string | undefined;
  void server.exited.then((status) => (exitStatus = status));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readFile(server.logFile, "utf8").catch(() => "");
    if (ready.test(log)) return;
    if (exitStatus !== undefined) throw new Error(`server exited (${exitStatus}) before it was ready: ${tailOf(log)}`);
    if (Date.now() > deadline) throw new Error(`server not ready after ${timeoutMs} ms: ${tailOf(log)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends `signal`, waits for the exit, and escalates to SIGKILL after `timeoutMs`. */
export async function stopServer(server: SpawnedServer, signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs).unref());
  if ((await Promise.race([server.exited, timer])) === "timeout") {
    server.child.kill("SIGKILL");
    await server.exited;
  }
}

export async function logTail(file: string): Promise<string> {
  return tailOf(await readFile(file, "utf8").catch(() => ""));
}

function tailOf(log: string): string {
  const lines = log.trim().split("\n").filter(Boolean);
  return lines.slice(-5).join(" | ") || "(no output)";
}
