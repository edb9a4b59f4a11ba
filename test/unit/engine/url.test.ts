import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../src/errors.js";
import { parseURL, renderURL } from "../../../src/engine/url.js";

describe("parseURL", () => {
  it("reads dialect+driver, user, password, host, port, database", () => {
    expect(parseURL("postgresql+pg://scott:tiger@db.example.com:5433/app")).toEqual({
      dialect: "postgresql", driver: "pg", username: "scott", password: "tiger",
      host: "db.example.com", port: 5433, database: "app", query: {},
    });
  });

  it("fills the default driver per dialect, and maps aliases", () => {
    expect(parseURL("postgresql://h/db")).toMatchObject({ dialect: "postgresql", driver: "pg" });
    expect(parseURL("postgres://h/db")).toMatchObject({ dialect: "postgresql", driver: "pg" });
    expect(parseURL("mysql://h/db")).toMatchObject({ dialect: "mysql", driver: "mysql2" });
    expect(parseURL("mariadb://h/db")).toMatchObject({ dialect: "mysql", driver: "mysql2" });
    expect(parseURL("sqlite:///app.db")).toMatchObject({ dialect: "sqlite", driver: "libsql" });
    expect(parseURL("mssql://h/db")).toMatchObject({ dialect: "mssql", driver: "tedious" });
    expect(parseURL("MySQL+MySQL2://h/db")).toMatchObject({ dialect: "mysql", driver: "mysql2" });
  });

  it("percent-decodes a password holding @ : / % and keeps the last @ as the host separator", () => {
    const pw = "p@ss:w/rd%100";
    const u = parseURL(`postgresql+pg://user:${encodeURIComponent(pw)}@127.0.0.1:5432/db`);
    expect(u.password).toBe(pw);
    expect(u.username).toBe("user");
    expect(u.host).toBe("127.0.0.1");
    expect(u.port).toBe(5432);
    // an unencoded @ in the password still parses (the last @ separates the host)
    expect(parseURL("mysql+mysql2://u:a@b@h/db")).toMatchObject({ username: "u", password: "a@b", host: "h" });
    // empty password vs none
    expect(parseURL("mysql+mysql2://u:@h/db").password).toBe("");
    expect(parseURL("mysql+mysql2://u@h/db").password).toBeNull();
  });

  it("reads an IPv6 host in brackets, with and without a port", () => {
    expect(parseURL("postgresql+pg://u:p@[::1]:5432/db")).toMatchObject({ host: "::1", port: 5432, database: "db" });
    expect(parseURL("postgresql+pg://u:p@[fe80::1%25eth0]/db")).toMatchObject({ host: "fe80::1%25eth0", port: null });
  });

  it("checks the port range", () => {
    expect(parseURL("postgresql+pg://h:1/db").port).toBe(1);
    expect(parseURL("postgresql+pg://h:65535/db").port).toBe(65535);
    expect(() => parseURL("postgresql+pg://h:0/db")).toThrow(ArgumentError);
    expect(() => parseURL("postgresql+pg://h:65536/db")).toThrow(ArgumentError);
    expect(() => parseURL("postgresql+pg://h:port/db")).toThrow(ArgumentError);
  });

  it("reads the query string into a null-prototype object (no prototype pollution)", () => {
    const u = parseURL("mssql+tedious://u:p@h:1433/app?encrypt=false&app%20name=my%20app&__proto__=x");
    expect(Object.entries(u.query)).toEqual([["encrypt", "false"], ["app name", "my app"], ["__proto__", "x"]]);
    expect(Object.getPrototypeOf(u.query)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(u.database).toBe("app");
  });

  it("SQLite: relative, absolute and :memory: paths", () => {
    expect(parseURL("sqlite+libsql:///app.db").database).toBe("app.db");
    expect(parseURL("sqlite+libsql:///data/app.db").database).toBe("data/app.db");
    expect(parseURL("sqlite+libsql:////var/lib/app.db").database).toBe("/var/lib/app.db");
    expect(parseURL("sqlite+libsql:///:memory:").database).toBe(":memory:");
    expect(parseURL("sqlite+libsql:///").database).toBe(":memory:");
    expect(parseURL("sqlite+libsql:///my%20db.sqlite").database).toBe("my db.sqlite");
    expect(parseURL("sqlite+libsql:///app.db?mode=ro").query).toEqual({ mode: "ro" });
  });

  it("refuses malformed URLs without echoing the password", () => {
    expect(() => parseURL("not a url")).toThrow(ArgumentError);
    expect(() => parseURL(42 as unknown as string)).toThrow(ArgumentError);
    expect(() => parseURL("sqlite+libsql:app.db")).toThrow(ArgumentError);
    try {
      parseURL("postgresql+pg//u:hunter2@h/db");
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
});

describe("renderURL", () => {
  it("hides the password by default and round-trips otherwise", () => {
    const src = `postgresql+pg://user:${encodeURIComponent("p@ss:w/rd%")}@db.example.com:5433/app?sslmode=require`;
    const u = parseURL(src);
    const shown = renderURL(u);
    expect(shown).toBe("postgresql+pg://user:***@db.example.com:5433/app?sslmode=require");
    expect(shown).not.toContain("p@ss");
    expect(parseURL(renderURL(u, false))).toEqual(u);
  });

  it("brackets IPv6 hosts and renders SQLite paths", () => {
    expect(renderURL(parseURL("postgresql+pg://u@[::1]:5432/db"))).toBe("postgresql+pg://u@[::1]:5432/db");
    expect(renderURL(parseURL("sqlite+libsql:///:memory:"))).toBe("sqlite+libsql:///:memory:");
    expect(renderURL(parseURL("sqlite+libsql:////abs/app.db"))).toBe("sqlite+libsql:////abs/app.db");
  });
});
