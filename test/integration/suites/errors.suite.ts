/**
 * Driver errors wrapped in the same DBAPIError classes on every adapter (API.md "Errors"), and a
 * non-disconnect error leaving the connection valid (A09). Foreign keys on SQLite: @libsql/client
 * opens its databases with foreign keys enforced (it toggles `PRAGMA foreign_keys` off only around
 * `migrate()`), so no PRAGMA is needed; the test asserts the PRAGMA reads 1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { rejection, tableName, type AdapterTarget } from "./target.js";

const UNIQUE_CODE: Record<string, RegExp> = {
  postgresql: /^23505$/,
  mysql: /^ER_DUP_ENTRY$/,
  sqlite: /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/,
};

export function errorsSuite(target: AdapterTarget): void {
  describe("errors", () => {
    const P = tableName("err", target, "parent");
    const C = tableName("err", target, "child");
    const metadata = new sa.MetaData();
    const parent = new sa.Table(P, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("email", sa.String(100), { nullable: false, unique: true }),
    );
    const child = new sa.Table(C, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("parent_id", sa.Integer, sa.ForeignKey(`${P}.id`), { nullable: false }),
    );
    let engine: Engine;

    beforeAll(async () => {
      engine = target.makeEngine();
      await metadata.dropAll(engine);
      await metadata.createAll(engine);
      await engine.begin((c) => c.execute(sa.insert(parent).values({ id: 1, email: "taken@example.com" })));
    });
    afterAll(async () => {
      await metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    const failing = (stmt: sa.ClauseElement) => rejection(engine.connect((c) => c.execute(stmt)));

    it("unique violation → IntegrityError with .orig, .statement, .params and .code", async () => {
      const err = await failing(sa.insert(parent).values({ id: 2, email: "taken@example.com" }));
      expect(err).toBeInstanceOf(sa.IntegrityError);
      expect(err).toBeInstanceOf(sa.DBAPIError);
      const e = err as sa.IntegrityError;
      expect(e.orig).toBeDefined();
      expect(e.orig).not.toBe(e);
      expect(e.statement).toMatch(new RegExp(`^INSERT INTO ${P}`, "i"));
      expect(e.params).toEqual(expect.arrayContaining([2, "taken@example.com"]));
      expect(e.code).toMatch(UNIQUE_CODE[target.capabilities.dialect]!);
      expect(e.connectionInvalidated).toBe(false);
      expect(e.message).toContain("taken@example.com");
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("primary key violation → IntegrityError", async () => {
      expect(await failing(sa.insert(parent).values({ id: 1, email: "other@example.com" }))).toBeInstanceOf(sa.IntegrityError);
    });

    it("not-null violation → IntegrityError", async () => {
      const err = await failing(sa.text(`INSERT INTO ${P} (id, email) VALUES (:id, :email)`).bindparams({ id: 3, email: null }));
      expect(err).toBeInstanceOf(sa.IntegrityError);
    });

    it("foreign key violation → IntegrityError (SQLite: enforced by libsql's default)", async () => {
      if (target.capabilities.dialect === "sqlite") {
        const fk = await engine.connect((c) => c.execute(sa.text("PRAGMA foreign_keys")));
        expect(Number(fk.scalar())).toBe(1);
      }
      const err = await failing(sa.insert(child).values({ id: 1, parent_id: 999 }));
      expect(err).toBeInstanceOf(sa.IntegrityError);
      // and deleting a referenced parent
      await engine.begin((c) => c.execute(sa.insert(child).values({ id: 2, parent_id: 1 })));
      try {
        expect(await failing(sa.delete_(parent).where(parent.c.id.eq(1)))).toBeInstanceOf(sa.IntegrityError);
      } finally {
        await engine.begin((c) => c.execute(sa.delete_(child)));
      }
    });

    it("A09: syntax error → ProgrammingError; the connection stays valid and the pool is untouched", async () => {
      const conn = await engine.connect();
      try {
        await conn.execute(sa.text("SELECT 1"));
        const dc = conn.driverConnection;
        const before = { out: engine.pool.checkedout(), in: engine.pool.checkedin(), overflow: engine.pool.overflow() };
        const err = await rejection(conn.execute(sa.text("SELEC 1 FROMM nowhere")));
        expect(err).toBeInstanceOf(sa.ProgrammingError);
        expect((err as sa.DBAPIError).connectionInvalidated).toBe(false);
        expect(conn.invalidated).toBe(false);
        expect(conn.driverConnection).toBe(dc);
        expect({ out: engine.pool.checkedout(), in: engine.pool.checkedin(), overflow: engine.pool.overflow() }).toEqual(before);
        // PostgreSQL aborts the transaction on any error: roll back, as in SQLAlchemy
        await conn.rollback();
        expect(Number((await conn.execute(sa.text("SELECT 7 AS seven"))).scalar())).toBe(7);
        expect(conn.driverConnection).toBe(dc);
      } finally {
        await conn.close();
      }
      expect(engine.pool.checkedout()).toBe(0);
    });

    it("unknown table → ProgrammingError", async () => {
      expect(await failing(sa.text(`SELECT * FROM ${tableName("err", target, "missing")}`))).toBeInstanceOf(sa.ProgrammingError);
    });

    it("C16: hideParameters keeps values out of the error message and off .params", async () => {
      const hidden = target.makeEngine({ hideParameters: true });
      try {
        const secret = "s3cr3t-value@example.com";
        await hidden.begin((c) => c.execute(sa.insert(parent).values({ id: 50, email: secret })));
        const err = await rejection(hidden.connect((c) => c.execute(sa.insert(parent).values({ id: 50, email: secret }))));
        expect(err).toBeInstanceOf(sa.IntegrityError);
        const e = err as sa.IntegrityError;
        expect(e.message).toMatch(/parameters hidden/i);
        expect(e.message).not.toContain(secret);
        expect(e.message).not.toMatch(/\[parameters: /);
        expect(e.params).toBeUndefined();
        expect(e.statement).toMatch(/INSERT/i);
        expect(String(e)).not.toContain(JSON.stringify([50, secret]));
      } finally {
        await hidden.begin((c) => c.execute(sa.delete_(parent).where(parent.c.id.eq(50))));
        await hidden.dispose();
      }
    });
  });
}
