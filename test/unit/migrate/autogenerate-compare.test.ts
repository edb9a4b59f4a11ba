/** compareSnapshot on synthetic reflected snapshots against MetaData. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { DatabaseSnapshot, ReflectedTable } from "../../../src/index.js";
import { compareSnapshot, typesDiffer, normalizeDefault } from "../../../src/migrate/autogenerate/index.js";

const usersTable = (over: Partial<ReflectedTable> = {}): ReflectedTable => ({
  name: "users",
  columns: [
    { name: "id", type: sa.Integer(), nullable: false, default: null, autoincrement: true, comment: null },
    { name: "name", type: sa.String(50), nullable: false, default: null, autoincrement: false, comment: null },
    { name: "active", type: sa.Boolean(), nullable: true, default: null, autoincrement: false, comment: null },
  ],
  primaryKey: { name: null, constrainedColumns: ["id"] },
  foreignKeys: [],
  indexes: [{ name: "ix_users_name", columns: ["name"], unique: false }],
  uniqueConstraints: [],
  checkConstraints: [],
  ...over,
});

function model(extra: (md: sa.MetaData) => void = () => {}, nameType: sa.TypeEngine = sa.String(50)) {
  const md = new sa.MetaData();
  new sa.Table("users", md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("name", nameType, { nullable: false }),
    new sa.Column("active", sa.Boolean),
    sa.Index("ix_users_name", "name"),
  );
  extra(md);
  return md;
}

const snap = (dialect: string, ...tables: ReflectedTable[]): DatabaseSnapshot => ({ dialect, tables: [...tables, { ...usersTable(), name: "alkahest_version", columns: [] }] });

/** A model with a new table, a database with a column, a table and no index the model lacks or has. */
function drift(): { md: sa.MetaData; snapshot: DatabaseSnapshot } {
  const md = model((m) => {
    new sa.Table("posts", m, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")));
  });
  const db = usersTable({
    columns: [...usersTable().columns, { name: "legacy", type: sa.Text(), nullable: true, default: null, autoincrement: false, comment: null }],
    indexes: [],
  });
  const old: ReflectedTable = { ...usersTable(), name: "old_stuff", indexes: [] };
  return { md, snapshot: snap("postgresql", db, old) };
}

describe("compareSnapshot", () => {
  it("finds nothing when database and model agree (the version table is ignored)", () => {
    expect(compareSnapshot(snap("mysql", usersTable()), model())).toEqual([]);
  });

  it("reports added and removed tables, columns, indexes and foreign keys in applicable order", () => {
    const { md, snapshot } = drift();
    const ops = compareSnapshot(snapshot, md);
    expect(ops.map((o) => o.kind)).toEqual(["addTable", "removeColumn", "addIndex", "removeTable"]);
  });

  it("includeObject leaves out the differences about the objects it refuses (Alembic's include_object)", () => {
    const { md, snapshot } = drift();
    const seen: object[] = [];
    const ops = compareSnapshot(snapshot, md, {
      includeObject: (o) => {
        seen.push(o);
        // keep a column only the database has (another tool's), and tables it alone has
        return !(o.type === "column" && o.reflected) && !(o.type === "table" && o.reflected);
      },
    });
    expect(ops.map((o) => o.kind)).toEqual(["addTable", "addIndex"]);
    expect(seen).toEqual([
      { type: "table", name: "posts", table: "posts", reflected: false },
      { type: "column", name: "legacy", table: "users", reflected: true },
      { type: "index", name: "ix_users_name", table: "users", reflected: false },
      { type: "table", name: "old_stuff", table: "old_stuff", reflected: true },
    ]);
    // a changed column is asked about as the model's
    const changed = compareSnapshot(snap("sqlite", usersTable()), model(undefined, sa.String(80)), { includeObject: (o) => !(o.type === "column" && o.name === "name") });
    expect(changed).toEqual([]);
  });

  it("compares types only when asked, and sanely across reflection", () => {
    const ops = compareSnapshot(snap("sqlite", usersTable()), model(undefined, sa.String(80)));
    expect(ops).toMatchObject([{ kind: "modifyType", table: "users", column: "name", existingNullable: false }]);
    expect(compareSnapshot(snap("sqlite", usersTable()), model(undefined, sa.String(80)), { compareType: false })).toEqual([]);
    expect(typesDiffer(sa.Boolean(), sa.Boolean(), "mysql")).toBe(false);
    expect(typesDiffer(sa.Numeric(10, 0), sa.Numeric(), "mysql")).toBe(false);
    expect(typesDiffer(sa.Float(), sa.Interval(), "sqlite")).toBe(false);
    expect(typesDiffer(sa.DateTime(), sa.DateTime(), "mysql")).toBe(false);
    expect(typesDiffer(sa.Integer(), sa.BigInteger(), "postgresql")).toBe(true);
    expect(typesDiffer(sa.NULLTYPE, sa.BigInteger(), "postgresql")).toBe(false);
  });

  it("reports nullability and, when asked, server defaults", () => {
    const db = usersTable();
    db.columns[2] = { ...db.columns[2]!, nullable: false, default: "'1'::boolean" };
    const ops = compareSnapshot(snap("postgresql", db), model(), { compareServerDefault: true });
    expect(ops.map((o) => o.kind)).toEqual(["modifyNullable", "modifyServerDefault"]);
    expect(normalizeDefault({ sql: "('abc'::character varying)" })).toBe(normalizeDefault({ literal: "abc" }));
    expect(normalizeDefault({ sql: "CURRENT_TIMESTAMP(6)" })).toBe(normalizeDefault({ sql: "now()" }));
  });

  it("matches a unique index against MySQL's unique key and marks possible renames", () => {
    const md = new sa.MetaData();
    new sa.Table("users", md,
      new sa.Column("id", sa.Integer, { primaryKey: true }),
      new sa.Column("full_name", sa.String(50), { nullable: false }),
      new sa.Column("active", sa.Boolean),
      sa.Index("ix_users_name", "full_name", { unique: true }),
    );
    const db = usersTable({ indexes: [], uniqueConstraints: [{ name: "ix_users_name", columns: ["full_name"] }] });
    const ops = compareSnapshot(snap("mysql", db), md);
    expect(ops).toMatchObject([
      { kind: "addColumn", column: { name: "full_name" }, hint: 'possible rename: "name" -> "full_name"' },
      { kind: "removeColumn", column: { name: "name" } },
    ]);
  });

  it("matches foreign keys by columns, target and actions", () => {
    const fk = { name: "fk_p", constrainedColumns: ["user_id"], referredSchema: null, referredTable: "users", referredColumns: ["id"], ondelete: null, onupdate: null };
    const posts: ReflectedTable = {
      name: "posts",
      columns: [
        { name: "id", type: sa.Integer(), nullable: false, default: null, autoincrement: true, comment: null },
        { name: "user_id", type: sa.Integer(), nullable: true, default: null, autoincrement: false, comment: null },
      ],
      primaryKey: { name: null, constrainedColumns: ["id"] },
      foreignKeys: [fk],
      indexes: [],
      uniqueConstraints: [],
      checkConstraints: [],
    };
    const withFk = (ondelete?: "CASCADE") => model((m) => {
      new sa.Table("posts", m, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete ? { ondelete } : {})));
    });
    expect(compareSnapshot(snap("postgresql", usersTable(), posts), withFk())).toEqual([]);
    expect(compareSnapshot(snap("postgresql", usersTable(), posts), withFk("CASCADE")).map((o) => o.kind)).toEqual(["removeForeignKey", "addForeignKey"]);
  });
});
