/**
 * A Worker pays only for what it uses, where the API allows it: module-level factory calls carry
 * `/*#__PURE__*\/` (an unused type drops out), and the engine tells
 * statements apart by `kind`, not `instanceof` (a handler that never builds an INSERT leaves the
 * INSERT construct out), and UPDATE/DELETE/CASE compile code lives on those classes (a
 * handler that builds none leaves it out). docs/DECISIONS.md "Bundle size: what a Worker can leave out".
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workerBuildOptions } from "../../workers/support/bundle.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** A read-only handler: one table, one SELECT, through the Workers entry. */
const READ_ONLY = `
import * as sa from "alkahest";
const metadata = new sa.MetaData();
const t = new sa.Table("t", metadata, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("name", sa.String(50)));
export default async function run(driver: NonNullable<sa.EngineOptions["driver"]>) {
  const engine = sa.createEngine({ driver });
  return engine.connect(async (c) => (await c.execute(sa.select(t.c.id, t.c.name).where(t.c.id.gt(3)))).all());
}
`;

async function bundle(contents: string) {
  const { entryPoints: _e, ...opts } = workerBuildOptions("<stdin>", "esm");
  const r = await build({ ...opts, stdin: { contents, resolveDir: root, loader: "ts" }, metafile: true });
  const bytes = (file: string) => Object.values(r.metafile!.outputs).reduce((n, o) => n + (o.inputs[file]?.bytesInOutput ?? 0), 0);
  return { code: r.outputFiles![0]!.text, bytes };
}

describe("tree shaking of a Worker bundle", () => {
  it("leaves the INSERT construct out of a handler that builds none", async () => {
    const { bytes } = await bundle(READ_ONLY);
    expect(bytes("src/engine/connection.ts")).toBeGreaterThan(0);
    expect(bytes("src/sql/dml/insert.ts")).toBe(0);
    expect(bytes("src/sql/dml/dml-base.ts")).toBe(0);
  }, 60_000);

  it("leaves UPDATE, DELETE and CASE compile code out of a handler that builds none", async () => {
    const { code, bytes } = await bundle(READ_ONLY);
    expect(bytes("src/sql/dml/update.ts")).toBe(0);
    expect(bytes("src/sql/dml/delete.ts")).toBe(0);
    expect(code).not.toContain("has no UPDATE ... FROM");
    expect(code).not.toContain("has no multi-table DELETE");
    expect(code, "CASE compile code").not.toContain("WHEN ${");
    const withUpdate = await bundle(`${READ_ONLY}\nexport const u = (d: any) => sa.createEngine({ driver: d }).connect((c) => c.execute(sa.update(t).values({ name: "x" })));\n`);
    expect(withUpdate.code).toContain("has no UPDATE ... FROM");
    const withCase = await bundle(`${READ_ONLY}\nexport const k = sa.case([[t.c.id.gt(1), "a"]], { else: "b" });\n`);
    expect(withCase.code).toContain("WHEN ${");
  }, 60_000);

  it("leaves out the types a handler does not use", async () => {
    const { code } = await bundle(READ_ONLY);
    for (const name of ["IntervalType", "TimeType", "JSONBType", "UUIDType", "INTERVAL_UNITS"]) {
      expect(code, name).not.toMatch(new RegExp(`\\b(var|class|function) ${name}\\b`));
    }
    expect(code).toMatch(/\bvar Integer = /);
    // Numeric is marked a type factory where it is declared, not by a bare statement that kept it
    expect(code).not.toContain("Numeric precision must be");
    const withNumeric = await bundle(`${READ_ONLY}\nexport const n = sa.Numeric(10, 2);\n`);
    expect(withNumeric.code).toContain("Numeric precision must be");
  }, 60_000);

  it("leaves the event registry out of a handler that listens to nothing", async () => {
    // the Engine creates its registry on the first event.listen(), which passes the class
    const { code } = await bundle(READ_ONLY);
    expect(code).not.toMatch(/\bclass Listeners\b|\bvar Listeners\b/);
    expect(code).not.toContain("has no event ");
    const listening = await bundle(`${READ_ONLY}\nexport const l = (e: sa.Engine) => sa.event.listen(e, "beforeExecute", () => {});\n`);
    expect(listening.code).toContain("has no event ");
  }, 60_000);

  it("leaves the QueuePool limit check of Workers out of a bundle without QueuePool", async () => {
    // QueuePool refuses more than Workers' 6 connections itself (createEngine passes maxConnections)
    const { code } = await bundle(READ_ONLY);
    expect(code).not.toContain("may hold at most");
    const withQueue = await bundle(`${READ_ONLY}\nimport { QueuePool } from "alkahest/pool";\nexport const q = (d: any) => sa.createEngine({ driver: d, poolClass: QueuePool });\n`);
    expect(withQueue.code).toContain("may hold at most");
  }, 60_000);

  it("prints no bare field declarations for constructor-assigned fields of Core classes", async () => {
    // with ES2022 class fields, a parameter property or a field assigned in the constructor is also
    // printed as a bare declaration (`left;right;operator;`); Core declares them with `declare`.
    // Left: fields set later (lazily), which start as undefined on purpose, and #private fields
    // (which must be declared).
    const { code } = await bundle(`${READ_ONLY}\nexport const i = (d: any) => sa.createEngine({ driver: d }).connect((c) => c.execute(sa.insert(t).values({ name: "x" }).returning(t.c.id)));\n`);
    const bare = [...code.matchAll(/^ +([A-Za-z_$][\w$]*);$/gm)].map((m) => m[1]!).filter((n) => !["return", "break", "continue"].includes(n));
    const lazy = ["_cIndex", "_cacheKeyMemo", "_cols", "_excluded", "_inserted", "_target", "targetSpec", "keyed", "ordinals"];
    expect(bare.filter((n) => !lazy.includes(n))).toEqual([]);
    expect(bare.length).toBeGreaterThan(0); // the pattern matches this bundle's printing
  }, 60_000);

  it("leaves the hints for constructs a dialect lacks out of a PostgreSQL bundle", async () => {
    // "<dialect> has no FULL OUTER JOIN; use a UNION ..." is text only MySQL, SQLite and SQL Server need
    const use = (dialect: string) => `${READ_ONLY}\nimport "alkahest/dialects/${dialect}";\n`;
    const pg = await bundle(use("postgresql"));
    expect(pg.bytes("src/dialects/postgresql/compiler.ts")).toBeGreaterThan(0);
    expect(pg.code).not.toContain("use a UNION of a LEFT and a RIGHT join");
    expect(pg.code).not.toContain("order by a CASE expression");
    const mysql = await bundle(use("mysql"));
    expect(mysql.code).toContain("use a UNION of a LEFT and a RIGHT join");
    expect(mysql.code).toContain("use the mariadb dialect");
  }, 60_000);
});
