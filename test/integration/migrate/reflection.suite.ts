/**
 * Reflection and autogenerate round trip, bound to one database: a MetaData with every
 * constraint kind is created, reflected faithfully, compares to no ops, and a changed MetaData
 * compares to exactly its changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { inspect, MetaData, reflectMetaData, reflectTable, type Engine } from "../../../src/index.js";
import { compareMetadata, renderMigration } from "../../../src/migrate/autogenerate/index.js";

export interface ReflectionTarget {
  name: string;
  unavailable: string | null;
  makeEngine(): Engine;
}

export function buildModel(p: string, changed = false): MetaData {
  const md = new MetaData();
  new sa.Table(
    `${p}_parent`,
    md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("code", sa.String(20), { nullable: false, unique: true }),
    new sa.Column("name", sa.String(50), { nullable: false, serverDefault: "anon" }),
    new sa.Column("score", sa.Numeric(10, 2)),
    new sa.Column("hits", sa.Integer, { nullable: false, serverDefault: sa.text("0") }),
    new sa.Column("born", sa.DateTime),
    new sa.Column("flag", sa.Boolean),
    new sa.Column("doc", sa.JSON),
    new sa.Column("body", sa.Text),
    new sa.Column("ref", sa.UUID),
    ...(changed ? [new sa.Column("extra", sa.String(10))] : []),
    sa.CheckConstraint("score >= 0", { name: `ck_${p}_score` }),
    sa.UniqueConstraint("name", "born", { name: `uq_${p}_name_born` }),
    ...(changed ? [] : [sa.Index(`ix_${p}_name`, "name")]),
  );
  new sa.Table(
    `${p}_child`,
    md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("parent_id", sa.Integer, { nullable: false }),
    new sa.Column("label", sa.String(30), { nullable: changed ? false : true }),
    sa.ForeignKeyConstraint(["parent_id"], [`${p}_parent.id`], { name: `fk_${p}_child_parent`, ondelete: "CASCADE" }),
    sa.Index(`ix_${p}_child_label`, "label", { unique: true }),
  );
  if (changed) {
    new sa.Table(
      `${p}_tag`,
      md,
      new sa.Column("id", sa.Integer, { primaryKey: true }),
      new sa.Column("parent_id", sa.Integer, sa.ForeignKey(`${p}_parent.id`), { nullable: false }),
    );
  }
  return md;
}

export function bindReflectionSuite(target: ReflectionTarget): void {
  const p = `rf_${target.name}`;
  const mine = (n: string) => n.startsWith(`${p}_`);
  describe.skipIf(target.unavailable !== null)(`reflection + autogenerate on ${target.name}`, () => {
    let engine: Engine;
    const model = buildModel(p);

    beforeAll(async () => {
      engine = target.makeEngine();
      await buildModel(p, true).dropAll(engine);
      await model.createAll(engine);
    });

    afterAll(async () => {
      if (!engine) return;
      await buildModel(p, true).dropAll(engine);
      await engine.dispose();
    });

    it("lists the tables and reports hasTable", async () => {
      const insp = inspect(engine);
      expect((await insp.getTableNames()).filter(mine)).toEqual([`${p}_child`, `${p}_parent`]);
      expect(await insp.hasTable(`${p}_parent`)).toBe(true);
      expect(await insp.hasTable(`${p}_nope`)).toBe(false);
    });

    it("reflects columns: types, nullability, defaults, autoincrement", async () => {
      const cols = await inspect(engine).getColumns(`${p}_parent`);
      const by = Object.fromEntries(cols.map((c) => [c.name, c]));
      expect(cols.map((c) => c.name)).toEqual(["id", "code", "name", "score", "hits", "born", "flag", "doc", "body", "ref"]);
      expect(by.id!.type.kind).toBe("integer");
      expect(by.id!.autoincrement).toBe(true);
      expect(by.id!.nullable).toBe(false);
      expect(by.code!.type.describe()).toBe("VARCHAR(20)");
      expect(by.code!.nullable).toBe(false);
      expect(by.name!.default).toMatch(/^'anon'/);
      expect(by.hits!.default).toMatch(/0/);
      expect(by.score!.type.describe()).toBe("NUMERIC(10, 2)");
      expect(by.score!.nullable).toBe(true);
      expect(by.born!.type.kind).toBe("datetime");
      expect(by.flag!.type.kind).toBe("boolean");
      expect(by.doc!.type.kind).toBe("json");
      expect(by.body!.type.kind).toBe("text");
      expect(by.ref!.type.kind).toBe("uuid");
    });

    it("reflects the primary key, foreign keys, indexes, unique and check constraints", async () => {
      const insp = inspect(engine);
      expect((await insp.getPkConstraint(`${p}_child`))!.constrainedColumns).toEqual(["id"]);
      const fks = await insp.getForeignKeys(`${p}_child`);
      expect(fks).toEqual([
        { name: `fk_${p}_child_parent`, constrainedColumns: ["parent_id"], referredSchema: null, referredTable: `${p}_parent`, referredColumns: ["id"], ondelete: "CASCADE", onupdate: null },
      ]);
      const idx = await insp.getIndexes(`${p}_parent`);
      expect(idx).toEqual([{ name: `ix_${p}_name`, columns: ["name"], unique: false }]);
      const uq = (await insp.getUniqueConstraints(`${p}_parent`)).map((u) => u.columns).sort();
      expect(uq).toEqual([["code"], ["name", "born"]]);
      const named = (await insp.getUniqueConstraints(`${p}_parent`)).find((u) => u.columns.length === 2);
      expect(named!.name).toBe(`uq_${p}_name_born`);
      const checks = await insp.getCheckConstraints(`${p}_parent`);
      expect(checks).toHaveLength(1);
      expect(checks[0]!.name).toBe(`ck_${p}_score`);
      expect(checks[0]!.sqltext).toMatch(/score.*>=\s*0/);
      // the child's unique index: an index, or (MySQL) a unique key
      const childIdx = [...(await insp.getIndexes(`${p}_child`)).map((i) => i.name), ...(await insp.getUniqueConstraints(`${p}_child`)).map((u) => u.name)];
      expect(childIdx).toEqual([`ix_${p}_child_label`]);
    });

    it("compares the same MetaData to no ops (round-trip stability)", async () => {
      const ops = await compareMetadata(inspect(engine), model, { compareType: true, compareServerDefault: true, includeTable: mine });
      expect(ops).toEqual([]);
    });

    it("compares a changed MetaData to exactly its changes", async () => {
      const ops = await compareMetadata(inspect(engine), buildModel(p, true), { compareType: true, includeTable: mine });
      expect(ops.map((o) => [o.kind, "table" in o && typeof o.table === "string" ? o.table : (o as { table: { name: string } }).table.name])).toEqual([
        ["addTable", `${p}_tag`],
        ["removeIndex", `${p}_parent`],
        ["addColumn", `${p}_parent`],
        ["modifyNullable", `${p}_child`],
      ]);
      const src = renderMigration({ revision: "r2", downRevision: "r1", message: "change", ops });
      expect(src).toContain(`await op.dropIndex("ix_${p}_name", "${p}_parent");`);
      expect(src).toContain(`await op.alterColumn("${p}_child", "label", { nullable: false, existingType: sa.String(30) });`);
    });

    it("reflects tables into a MetaData that compares equal to the model", async () => {
      const md = new MetaData();
      await reflectMetaData(md, engine, { only: mine });
      expect([...md.tables.keys()].sort()).toEqual([`${p}_child`, `${p}_parent`]);
      const md2 = new MetaData();
      const child = await reflectTable(`${p}_child`, md2, engine);
      expect(child.c.parent_id).toBeDefined();
      expect(md2.getTable(`${p}_parent`)).toBeDefined(); // pulled in by the foreign key
      const ops = await compareMetadata(inspect(engine), md, { compareType: true, compareServerDefault: true, includeTable: mine });
      expect(ops).toEqual([]);
    });
  });
}
