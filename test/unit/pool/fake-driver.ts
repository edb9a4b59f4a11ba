/**
 * A scriptable fake database for pool tests (the "Mock" scenarios of reliability-scenarios.md):
 * connections that can die, a creator that can fail or be slow, counts of everything opened and
 * closed, and a manual timer so that timeouts fire when the test says so.
 */
import type { DriverConnection, DriverStatement, RawResult } from "../../../src/engine/driver.js";
import type { PoolTimer } from "../../../src/pool/index.js";

/** A disconnect: the pool's `isDisconnect` recognises it. */
export class FakeDisconnect extends Error {
  override name = "FakeDisconnect";
}

/** A non-disconnect driver error (syntax, permission…). */
export class FakeDatabaseError extends Error {
  override name = "FakeDatabaseError";
}

export const isDisconnect = (error: unknown): boolean => error instanceof FakeDisconnect;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeConnection implements DriverConnection {
  readonly id: number;
  readonly #server: FakeServer;
  /** The server ended this session (restart, kill). */
  dead = false;
  closeCalls = 0;
  closed = false;
  pings = 0;
  executed: DriverStatement[] = [];

  constructor(server: FakeServer, id: number) {
    this.#server = server;
    this.id = id;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    if (this.closed) throw new FakeDisconnect(`connection ${this.id} is closed`);
    if (this.dead) throw new FakeDisconnect(`connection ${this.id}: terminating connection due to administrator command`);
    this.executed.push(stmt);
    return { columns: ["?column?"], rows: [[1]], rowCount: 1 };
  }

  readonly disconnectListeners = new Set<(error: unknown) => void>();

  onDisconnect(listener: (error: unknown) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** The server ends this session and the socket reports it (an idle-client "error" event). */
  kill(): void {
    this.dead = true;
    const error = new FakeDisconnect(`connection ${this.id}: terminating connection due to administrator command`);
    for (const listener of [...this.disconnectListeners]) listener(error);
  }

  async ping(): Promise<void> {
    this.pings++;
    this.#server.events.push(`ping ${this.id}`);
    if (this.dead || this.closed) throw new FakeDisconnect(`connection ${this.id} is gone`);
    const error = this.#server.pingError;
    if (error !== undefined) throw error;
  }

  async close(): Promise<void> {
    this.closeCalls++;
    this.#server.events.push(`close ${this.id}`);
    if (this.#server.closeDelayMs > 0) await sleep(this.#server.closeDelayMs);
    if (!this.closed) {
      this.closed = true;
      this.#server.open--;
    }
  }
}

export class FakeServer {
  readonly connections: FakeConnection[] = [];
  readonly events: string[] = [];
  /** Sessions open or being opened right now, and the most ever seen at once. */
  open = 0;
  maxOpen = 0;
  /** While true the creator rejects with a disconnect ("connection refused"). */
  down = false;
  /** The next N creator calls reject with a FakeDatabaseError (after the delay). */
  failNext = 0;
  connectDelayMs = 0;
  closeDelayMs = 0;
  /** When set, every ping of a live connection rejects with it. */
  pingError: unknown = undefined;
  creatorCalls = 0;

  readonly creator = async (): Promise<FakeConnection> => {
    this.creatorCalls++;
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    try {
      if (this.connectDelayMs > 0) await sleep(this.connectDelayMs);
      if (this.down) throw new FakeDisconnect("connect ECONNREFUSED 127.0.0.1:5432");
      if (this.failNext > 0) {
        this.failNext--;
        throw new FakeDatabaseError("password authentication failed");
      }
    } catch (error) {
      this.open--;
      throw error;
    }
    const conn = new FakeConnection(this, this.connections.length + 1);
    this.connections.push(conn);
    this.events.push(`connect ${conn.id}`);
    return conn;
  };

  /** The server restarts: every existing session is gone. */
  restart(): void {
    for (const conn of this.connections) conn.dead = true;
  }

  /** Connections not closed by the pool. */
  unclosed(): FakeConnection[] {
    return this.connections.filter((c) => !c.closed);
  }
}

/** Timers that fire only when the test says so. */
export class ManualTimers {
  readonly pending: { ms: number; fire: () => void; cancelled: boolean }[] = [];

  readonly timer: PoolTimer = (callback, ms) => {
    const entry = { ms, fire: callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };

  /** Timers neither fired nor cancelled. */
  active(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  /** Fires the oldest active timer. */
  fireNext(): void {
    const entry = this.pending.find((t) => !t.cancelled);
    if (entry === undefined) throw new Error("no active timer");
    entry.cancelled = true;
    entry.fire();
  }
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Tracks how a promise settled, for "settles exactly once" and "still pending" assertions. */
export function track<T>(promise: Promise<T>): { state: "pending" | "fulfilled" | "rejected"; value?: T; error?: unknown; settlements: number } {
  const t: { state: "pending" | "fulfilled" | "rejected"; value?: T; error?: unknown; settlements: number } = {
    state: "pending",
    settlements: 0,
  };
  promise.then(
    (value) => {
      t.state = "fulfilled";
      t.value = value;
      t.settlements++;
    },
    (error: unknown) => {
      t.state = "rejected";
      t.error = error;
      t.settlements++;
    },
  );
  return t;
}
