/**
 * The Session's events (`event.listen(Session, name, fn)`): the listener registry shared by the
 * class and the modules that emit them (flush, commit, rollback).
 * @module
 */
import { Listeners } from "../../event.js";
import type { Session } from "./session.js";

/** `event.listen(Session, name, (session) => ...)`. */
export type SessionEventMap = {
  beforeFlush: (session: Session) => unknown;
  afterFlush: (session: Session) => unknown;
  beforeCommit: (session: Session) => unknown;
  afterCommit: (session: Session) => unknown;
  afterRollback: (session: Session) => unknown;
};
const SESSION_EVENTS = ["beforeFlush", "afterFlush", "beforeCommit", "afterCommit", "afterRollback"] as const;

/** @internal */
export const sessionEvents = new Listeners<SessionEventMap>("Session", SESSION_EVENTS);
