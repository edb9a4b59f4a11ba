/**
 * Every type of API.md written with insert().values and read back with select(): the same value,
 * of the documented JS type, whatever the process time zone (values are UTC).
 *
 * Documented semantics checked here:
 * - JSON: `null` given for a JSON column is stored as SQL NULL (there is no separate JSON `null`
 *   on the way in, as SQLAlchemy's `none_as_null=True`); it reads back as `null` either way.
 * - libsql: the adapter's default `intMode: "number"` cannot read an INTEGER beyond ±2^53 (libsql
 *   throws a RangeError); the round trip uses `connectArgs: { intMode: "bigint" }`, and the limit
 *   of the default is asserted below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { rejection, requires, tableName, type AdapterTarget } from "./target.js";

const BIG = 9007199254740993n; // 2^53 + 1: not representable as a number
const BIG_MIN = -9223372036854775808n;
const BYTES = [0, 1, 2, 39, 92, 127, 128, 254, 255];
const STRING = `it's "quoted" \\ back\\slash 🎉 ünï`;
const TEXT = "line 1\nline 2\ttab ".repeat(200) + "😀";
const DATETIME = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
const DATETIME_TZ = new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999));
const DATE = new Date(Date.UTC(2024, 1, 29));
const UUID = "123e4567-e89b-12d3-a456-426614174000";
const JSON_VALUES: unknown[] = [{ a: [1, "x", null], b: { c: true, d: 1.5 } }, [1, "two", { three: 3 }], "just a string", 4.25];

export function typesRoundtripSuite(target: AdapterTarget): void {
  const isPg = target.capabilities.dialect === "postgresql";
  const isSqlite = target.capabilities.dialect === "sqlite";

  for (const tz of ["UTC", "America/St_Johns", "Asia/Kathmandu"]) {
    describe(`types-roundtrip (process TZ=${tz})`, () => {
      const T = tableName("types", target, tz.replace(/\W/g, "").toLowerCase().slice(0, 8));
      const metadata = new sa.MetaData();
      const columns = [
        new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
        new sa.Column("i", sa.Integer),
        new sa.Column("big", sa.BigInteger),
        new sa.Column("small", sa.SmallInteger),
        new sa.Column("s", sa.String(100)),
        new sa.Column("txt", sa.Text),
        new sa.Column("b", sa.Boolean),
        new sa.Column("d", sa.Date),
        new sa.Column("dt", sa.DateTime),
        new sa.Column("dtz", sa.DateTime({ timezone: true })),
        new sa.Column("tm", sa.Time),
        new sa.Column("iv", sa.Interval),
        new sa.Column("f", sa.Float),
        new sa.Column("num", sa.Numeric(10, 2)),
        new sa.Column("numn", sa.Numeric(10, 2, { asNumber: true })),
        new sa.Column("bin", sa.LargeBinary),
        new sa.Column("js", sa.JSON),
        new sa.Column("en", sa.Enum(["a", "b"])),
        new sa.Column("u", sa.UUID),
        ...(isPg ? [new sa.Column("jb", sa.JSONB), new sa.Column("arr", sa.ARRAY(sa.Integer))] : []),
      ];
      const t = new sa.Table(T, metadata, ...columns);
      let engine: Engine;
      let savedTZ: string | undefined;

      beforeAll(async () => {
        savedTZ = process.env.TZ;
        process.env.TZ = tz;
        // libsql: read INTEGERs beyond 2^53 as bigint (see the module comment)
        engine = target.makeEngine(isSqlite ? { connectArgs: { intMode: "bigint" } } : {});
        await metadata.dropAll(engine);
        await metadata.createAll(engine);
      });
      afterAll(async () => {
        await metadata.dropAll(engine).catch(() => undefined);
        await engine.dispose();
        if (savedTZ === undefined) delete process.env.TZ;
        else process.env.TZ = savedTZ;
      });

      const full = {
        id: 1, i: -2147483648, big: BIG, small: -32768, s: STRING, txt: TEXT, b: true, d: DATE, dt: DATETIME,
        dtz: DATETIME_TZ, tm: "12:34:56", iv: 90061.5, f: 3.141592653589793, num: "12345678.91", numn: 1234.5,
        bin: new Uint8Array(BYTES), js: JSON_VALUES[0], en: "b" as const, u: UUID,
        ...(isPg ? { jb: { k: ["v", 1, null] }, arr: [1, 2, 3] } : {}),
      };

      it("the process time zone is in effect", () => {
        const offset = new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset();
        expect(offset).toBe({ UTC: 0, "America/St_Johns": 210, "Asia/Kathmandu": -345 }[tz]);
      });

      it("a row of every type reads back equal, with the documented JS types", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values(full as never));
          const row = (await c.execute(sa.select(t).where(t.c.id.eq(1)))).one();
          const m = row._mapping;
          expect(m.i).toBe(-2147483648);
          expect(typeof m.big).toBe("bigint");
          expect(m.big).toBe(BIG);
          expect(m.small).toBe(-32768);
          expect(m.s).toBe(STRING);
          expect(m.txt).toBe(TEXT);
          expect(m.b).toBe(true);
          for (const k of ["d", "dt", "dtz"]) expect(m[k], k).toBeInstanceOf(Date);
          expect((m.d as Date).toISOString()).toBe(DATE.toISOString());
          expect((m.dt as Date).toISOString()).toBe(DATETIME.toISOString());
          expect((m.dtz as Date).toISOString()).toBe(DATETIME_TZ.toISOString());
          expect(m.tm).toBe("12:34:56");
          expect(m.iv).toBe(90061.5);
          expect(m.f).toBe(3.141592653589793);
          expect(m.num).toBe("12345678.91");
          expect(m.numn).toBe(1234.5);
          expect(m.bin).toBeInstanceOf(Uint8Array);
          expect(Array.from(m.bin as Uint8Array)).toEqual(BYTES);
          expect(m.js).toEqual(JSON_VALUES[0]);
          expect(m.en).toBe("b");
          expect(m.u).toBe(UUID);
          if (isPg) {
            expect(m.jb).toEqual({ k: ["v", 1, null] });
            expect(m.arr).toEqual([1, 2, 3]);
          }
        });
      });

      it("extremes: BigInteger min, false, Enum a, SmallInteger max, Numeric asNumber 0.1", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values({ id: 2, big: BIG_MIN, numn: 0.1, b: false, en: "a", small: 32767 } as never));
          const row = (await c.execute(sa.select(t.c.big, t.c.numn, t.c.b, t.c.en, t.c.small).where(t.c.id.eq(2)))).one();
          expect(row._tuple()).toEqual([BIG_MIN, 0.1, false, "a", 32767]);
        });
      });

      // SQLite stores NUMERIC(10, 2) "100.00" as the INTEGER 100 (100n with intMode "bigint"): the
      // result processor restores the scale for integers too.
      it("Numeric(10, 2) keeps its scale for integral values (100.00)", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values({ id: 4, num: "100.00" }));
          expect((await c.execute(sa.select(t.c.num).where(t.c.id.eq(4)))).scalarOne()).toBe("100.00");
        });
      });

      it("NULL in every column reads back as null", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values({ id: 3 }));
          const row = (await c.execute(sa.select(t).where(t.c.id.eq(3)))).one();
          for (const [k, v] of Object.entries(row._mapping)) if (k !== "id") expect(v, k).toBeNull();
        });
      });

      it("JSON: object, array, string and number round-trip; null is stored as SQL NULL", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values(JSON_VALUES.map((js, i) => ({ id: 10 + i, js })) as never));
          await c.execute(sa.insert(t).values({ id: 20, js: null }));
          const got = (await c.execute(sa.select(t.c.js).where(t.c.id.ge(10)).orderBy(t.c.id))).scalars().all();
          expect(got).toEqual([...JSON_VALUES, null]);
          expect(typeof got[2]).toBe("string");
          expect(got[3]).toBe(4.25);
          const isNull = await c.execute(sa.select(t.c.id).where(t.c.js.is(null)).where(t.c.id.ge(10)));
          expect(isNull.scalars().all()).toEqual([20]);
        });
      });

      // SQLite gives a column declared JSON NUMERIC affinity, so the JSON text "42" is stored as the
      // INTEGER 42 (42n with intMode "bigint"): the JSON result processor turns it back into 42.
      it("JSON: an integral number reads back as a number", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values({ id: 21, js: 42 }));
          expect((await c.execute(sa.select(t.c.js).where(t.c.id.eq(21)))).scalarOne()).toBe(42);
        });
      });

      it("Date and DateTime parameters in WHERE compare in UTC", async () => {
        await engine.begin(async (c) => {
          await c.execute(sa.insert(t).values({ id: 30, dt: DATETIME, d: DATE }));
          const r = await c.execute(sa.select(t.c.id).where(t.c.dt.eq(DATETIME)).where(t.c.d.eq(DATE)).where(t.c.id.ge(30)));
          expect(r.scalars().all()).toEqual([30]);
        });
      });

      it("libsql's default intMode cannot read an INTEGER beyond 2^53 (documented limit)", async (ctx) => {
        requires(ctx, isSqlite, `${target.name} reads BIGINT exactly without extra options`);
        const plain = target.makeEngine();
        try {
          await engine.begin((c) => c.execute(sa.insert(t).values({ id: 40, big: BIG })));
          const err = await rejection(plain.connect((c) => c.execute(sa.select(t.c.big).where(t.c.id.eq(40)))));
          expect(String((err as Error).message)).toMatch(/range|safe|integer/i);
          expect(plain.pool.checkedout()).toBe(0);
        } finally {
          await plain.dispose();
        }
      });
    });
  }
}
