/**
 * `sessionmaker({ bind, ...options })`: a factory of configured sessions, with `.begin(cb)`; and
 * `scopedSession(factory)`: one session per async context (AsyncLocalStorage, on Node and in
 * Workers with the `nodejs_als`/`nodejs_compat` flag).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { asyncLocalStorage, type AsyncLocalStorageLike, type Engine } from "../../engine/index.js";
import { Session, type SessionOptions } from "./session.js";

export interface SessionFactory {
  (): Session;
  readonly bind: Engine;
  readonly options: SessionOptions;
  /**
   * A session whose transaction commits when `fn` returns and rolls back when it throws; closed
   * afterwards. After an inner `commit()`/`rollback()` inside `fn`, further use of the session
   * raises "Can't operate on closed transaction inside context manager" (as in SQLAlchemy).
   */
  begin<R>(fn: (session: Session) => Promise<R> | R): Promise<R>;
}

/** `const SessionLocal = sessionmaker({ bind: engine, autoflush: false })`. */
export function sessionmaker(config: SessionOptions & { bind: Engine }): SessionFactory {
  if (!config || !config.bind) throw new ArgumentError("sessionmaker({ bind: engine, ... }): give the engine to bind sessions to");
  const { bind, ...options } = config;
  const factory = (() => new Session(bind, options)) as SessionFactory;
  Object.defineProperty(factory, "bind", { value: bind });
  Object.defineProperty(factory, "options", { value: options });
  (factory as { begin: SessionFactory["begin"] }).begin = async (fn) => {
    const session = factory();
    session._enterBeginBlock();
    try {
      const out = await fn(session);
      // an inner commit()/rollback() already ended the block's transaction: nothing left to commit
      if (!session._exitBeginBlock()) await session.commit();
      return out;
    } catch (e) {
      session._exitBeginBlock();
      await session.rollback().catch(() => undefined);
      throw e;
    } finally {
      await session.close();
    }
  };
  return factory;
}

export interface ScopedSession {
  /** The current async context's session (created on first use). */
  (): Session;
  /** Runs `fn` in a new scope with its own session, closed at the end. */
  run<R>(fn: () => Promise<R> | R): Promise<R>;
  /** Closes the current scope's session and forgets it. */
  remove(): Promise<void>;
}

/**
 * `const Scoped = scopedSession(SessionLocal)`: `Scoped()` is the session of the current async
 * context inside `Scoped.run(...)`, or one shared session outside any scope.
 */
export function scopedSession(factory: () => Session): ScopedSession {
  type Store = { session: Session | null };
  let als: AsyncLocalStorageLike<Store> | null = null;
  const loading = asyncLocalStorage().then((Cls) => {
    if (Cls) als = new Cls<Store>();
  });
  const outside: Store = { session: null };
  const store = (): Store => als?.getStore() ?? outside;
  const scoped = (() => {
    const s = store();
    return (s.session ??= factory());
  }) as ScopedSession;
  scoped.run = async (fn) => {
    await loading;
    if (!als) throw new ArgumentError("scopedSession().run(): this runtime has no AsyncLocalStorage (in Workers enable the nodejs_als or nodejs_compat flag)");
    const st: Store = { session: null };
    return als.run(st, async () => {
      try {
        return await fn();
      } finally {
        if (st.session) await st.session.close();
      }
    });
  };
  scoped.remove = async () => {
    const s = store();
    const session = s.session;
    s.session = null;
    if (session) await session.close();
  };
  return scoped;
}
