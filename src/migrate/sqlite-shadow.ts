/**
 * A shadow of SQLite's `sqlite_master` for migrations whose statements are collected instead of
 * executed: a D1/neon-http migration is sent as one batch, so a batch table copy (SQLite batch
 * mode) cannot read the table definition after the earlier statements of the same migration; and
 * offline (`--sql`) nothing can be read at all. The shadow replays the recorded DDL on the stored
 * `CREATE TABLE` / `CREATE INDEX` texts the way SQLite itself does (ADD COLUMN appends to the
 * stored text, RENAME TO renames it), so the copy sees the table as it will be at that point.
 * A statement it cannot replay (DROP COLUMN, RENAME COLUMN) makes the table unknown: a later copy
 * of it then fails with a clear message instead of working from a stale definition.
 * @module
 */

/** A table's stored SQL, as `SELECT type, sql FROM sqlite_master WHERE tbl_name = ?` returns it. */
export interface StoredTable {
  createSql: string;
  /** Index name -> CREATE INDEX text. */
  indexes: Map<string, string>;
}

const ID = String.raw`("(?:[^"]|"")*"|\x60(?:[^\x60]|\x60\x60)*\x60|\[[^\]]*\]|[\w$]+)`;
const RE = {
  createTable: new RegExp(String.raw`^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:${ID}\.)?${ID}`, "i"),
  createIndex: new RegExp(String.raw`^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:${ID}\.)?${ID}\s+ON\s+${ID}`, "i"),
  dropIndex: new RegExp(String.raw`^\s*DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(?:${ID}\.)?${ID}`, "i"),
  dropTable: new RegExp(String.raw`^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:${ID}\.)?${ID}`, "i"),
  alter: new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(?:${ID}\.)?${ID}\s+(.*)$`, "is"),
};

/** An identifier without its quotes, lower-cased (SQLite names are case-insensitive). */
export function unquote(id: string): string {
  const c = id[0];
  if (c === '"') return id.slice(1, -1).replace(/""/g, '"').toLowerCase();
  if (c === "`") return id.slice(1, -1).replace(/``/g, "`").toLowerCase();
  if (c === "[") return id.slice(1, -1).toLowerCase();
  return id.toLowerCase();
}

export class SqliteShadow {
  /** Known tables; a name mapped to null is known to be absent or unknown (not read from the database). */
  private readonly tables = new Map<string, StoredTable | null>();
  private readonly unknown = new Set<string>();

  /** Is `table` settled by recorded statements (then the database must not be asked)? */
  knows(table: string): boolean {
    const k = table.toLowerCase();
    return this.tables.has(k) || this.unknown.has(k);
  }

  /** The definition, or null when absent; throws when a statement made it unknown. */
  get(table: string): StoredTable | null {
    const k = table.toLowerCase();
    if (this.unknown.has(k)) {
      throw new Error(`the definition of table ${JSON.stringify(table)} cannot be followed after an earlier DROP COLUMN / RENAME COLUMN in the same batch; split the migration in two`);
    }
    return this.tables.get(k) ?? null;
  }

  /** Seeds a table read from the database (rows of `type, sql`). */
  seed(table: string, rows: readonly unknown[][]): void {
    const createSql = rows.find((r) => r[0] === "table")?.[1];
    if (typeof createSql !== "string") {
      this.tables.set(table.toLowerCase(), null);
      return;
    }
    const indexes = new Map<string, string>();
    for (const r of rows) {
      if (r[0] !== "index" || typeof r[1] !== "string") continue;
      const m = RE.createIndex.exec(r[1]);
      if (m) indexes.set(unquote(m[2]!), r[1]);
    }
    this.tables.set(table.toLowerCase(), { createSql, indexes });
  }

  /** `sqlite_master` rows for `table` (table first, then indexes by name), as the database would answer. */
  rows(table: string): unknown[][] {
    const t = this.get(table);
    if (!t) return [];
    return [["table", t.createSql], ...[...t.indexes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, sql]) => ["index", sql])];
  }

  /** Replays one recorded statement. */
  apply(sql: string): void {
    let m: RegExpExecArray | null;
    if ((m = RE.createTable.exec(sql))) {
      const k = unquote(m[2]!);
      this.unknown.delete(k);
      this.tables.set(k, { createSql: sql.trim(), indexes: new Map() });
    } else if ((m = RE.createIndex.exec(sql))) {
      const t = this.tables.get(unquote(m[3]!));
      if (t) t.indexes.set(unquote(m[2]!), sql.trim());
    } else if ((m = RE.dropIndex.exec(sql))) {
      const name = unquote(m[2]!);
      for (const t of this.tables.values()) t?.indexes.delete(name);
    } else if ((m = RE.dropTable.exec(sql))) {
      const k = unquote(m[2]!);
      this.unknown.delete(k);
      this.tables.set(k, null);
    } else if ((m = RE.alter.exec(sql))) {
      const k = unquote(m[2]!);
      const rest = m[3]!.trim();
      const t = this.tables.get(k);
      const rename = new RegExp(String.raw`^RENAME\s+TO\s+${ID}\s*$`, "i").exec(rest);
      const add = /^ADD\s+(?:COLUMN\s+)?([\s\S]+)$/i.exec(rest);
      if (rename && t !== undefined) {
        const to = unquote(rename[1]!);
        this.tables.set(k, null);
        if (t === null) this.tables.set(to, null);
        else {
          // SQLite rewrites the stored text with the new name (quoted)
          const head = RE.createTable.exec(t.createSql)!;
          const createSql = `CREATE TABLE "${rename[1]!.replace(/^["`[]|["`\]]$/g, "")}"${t.createSql.slice(head[0].length)}`;
          const indexes = new Map([...t.indexes].map(([n, s]) => [n, s]));
          this.tables.set(to, { createSql, indexes });
        }
        this.unknown.delete(to);
      } else if (add && t) {
        const close = t.createSql.lastIndexOf(")");
        t.createSql = `${t.createSql.slice(0, close).trimEnd()}, ${add[1]!.trim()}${t.createSql.slice(close)}`;
      } else if (t !== undefined || /^(DROP|RENAME)\s/i.test(rest)) {
        this.tables.delete(k);
        this.unknown.add(k);
      }
    }
  }
}
