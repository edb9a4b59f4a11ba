/**
 * Database URLs, as in SQLAlchemy: `dialect+driver://user:password@host:port/database?key=value`.
 * SQLite: `sqlite+libsql:///relative.db`, `sqlite+libsql:////absolute/path.db`,
 * `sqlite+libsql:///:memory:`. Passwords are percent-decoded; `render()` hides them.
 * @module
 */
import { ArgumentError } from "../errors.js";

export interface DatabaseURL {
  readonly dialect: string;
  readonly driver: string | null;
  readonly username: string | null;
  readonly password: string | null;
  readonly host: string | null;
  readonly port: number | null;
  /** Database name, or the file path for SQLite (`:memory:` for an in-memory database). */
  readonly database: string | null;
  readonly query: Readonly<Record<string, string>>;
}

const DRIVER_DEFAULTS: Record<string, string> = {
  postgresql: "pg",
  postgres: "pg",
  mysql: "mysql2",
  mariadb: "mysql2",
  sqlite: "libsql",
  mssql: "tedious",
};

const DIALECT_ALIASES: Record<string, string> = { postgres: "postgresql", mariadb: "mysql" };

export function parseURL(url: string): DatabaseURL {
  if (typeof url !== "string") throw new ArgumentError("createEngine(): the URL must be a string");
  const m = /^([A-Za-z0-9_]+)(?:\+([A-Za-z0-9_-]+))?:\/\/(.*)$/s.exec(url);
  if (!m) throw new ArgumentError(`invalid database URL ${JSON.stringify(redact(url))}: expected dialect+driver://user:password@host:port/database`);
  const scheme = m[1]!.toLowerCase();
  const dialect = DIALECT_ALIASES[scheme] ?? scheme;
  const driver = m[2]?.toLowerCase() ?? DRIVER_DEFAULTS[scheme] ?? null;
  let rest = m[3]!;
  let query: Record<string, string> = Object.create(null);
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = Object.assign(Object.create(null), Object.fromEntries(new URLSearchParams(rest.slice(q + 1))));
    rest = rest.slice(0, q);
  }
  if (dialect === "sqlite") {
    // sqlite+libsql:///path : everything after the third slash is the path
    if (!rest.startsWith("/")) throw new ArgumentError(`invalid SQLite URL ${JSON.stringify(url)}: use sqlite+libsql:///relative.db, sqlite+libsql:////absolute.db or sqlite+libsql:///:memory:`);
    const path = decodeURIComponent(rest.slice(1));
    return { dialect, driver, username: null, password: null, host: null, port: null, database: path === "" ? ":memory:" : path, query };
  }
  const slash = rest.indexOf("/");
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const database = slash >= 0 ? decodeURIComponent(rest.slice(slash + 1)) || null : null;
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(":");
    username = decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo) || null;
    password = colon >= 0 ? decodeURIComponent(userinfo.slice(colon + 1)) : null;
  }
  let host: string | null = hostport || null;
  let port: number | null = null;
  const pm = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(hostport);
  if (!pm) throw new ArgumentError(`invalid host:port in database URL ${JSON.stringify(redact(url))}`);
  host = pm[1] ? pm[1].replace(/^\[|\]$/g, "") : null;
  if (pm[2]) {
    port = Number(pm[2]);
    if (port < 1 || port > 65535) throw new ArgumentError(`invalid port ${pm[2]} in database URL`);
  }
  return { dialect, driver, username, password, host, port, database, query };
}

/** The URL as text; the password is replaced by `***` unless `hidePassword` is false. */
export function renderURL(u: DatabaseURL, hidePassword = true): string {
  const scheme = u.driver ? `${u.dialect}+${u.driver}` : u.dialect;
  const qs = Object.keys(u.query).length ? "?" + new URLSearchParams(u.query as Record<string, string>).toString() : "";
  if (u.dialect === "sqlite") return `${scheme}:///${u.database ?? ""}${qs}`;
  const user = u.username ? encodeURIComponent(u.username) + (u.password !== null ? ":" + (hidePassword ? "***" : encodeURIComponent(u.password)) : "") + "@" : "";
  const host = u.host ? (u.host.includes(":") ? `[${u.host}]` : u.host) : "";
  return `${scheme}://${user}${host}${u.port ? ":" + u.port : ""}/${u.database ? encodeURIComponent(u.database) : ""}${qs}`;
}

/** A plain connection string for drivers that take one (`postgresql://user:pw@host:port/db`). */
export function driverConnectionString(u: DatabaseURL, scheme: string): string {
  const user = u.username ? encodeURIComponent(u.username) + (u.password !== null ? ":" + encodeURIComponent(u.password) : "") + "@" : "";
  const host = u.host ? (u.host.includes(":") ? `[${u.host}]` : u.host) : "localhost";
  return `${scheme}://${user}${host}${u.port ? ":" + u.port : ""}/${u.database ? encodeURIComponent(u.database) : ""}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):([^@/]*)@/, "//$1:***@");
}
