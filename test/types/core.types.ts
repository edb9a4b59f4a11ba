/**
 * Type-level tests for the Core: compiled only (`tsc -p test/types/tsconfig.json --noEmit`).
 * Each expected error carries `// @ts-expect-error`, so if the error disappears the build fails.
 */
import * as sa from "../../src/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type RowOf<S> = S extends sa.Select<infer R> ? R : never;

const md = new sa.MetaData();
const users = new sa.Table("users", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("name", sa.String(50), { nullable: false }),
  new sa.Column("nick", sa.String(50)),
  new sa.Column("n1", sa.Numeric(10, 2)),
  new sa.Column("n2", sa.Numeric(10, 2, { asNumber: true })),
  new sa.Column("big", sa.BigInteger),
  new sa.Column("e", sa.Enum(["a", "b"])),
  new sa.Column("j", sa.JSON),
  new sa.Column("lb", sa.LargeBinary),
  new sa.Column("dt", sa.DateTime),
);

// --- select row types -------------------------------------------------------------------
const s1 = sa.select(users.c.id, users.c.name);
export type T1 = Expect<Equal<typeof s1, sa.Select<[number, string]>>>;

const s2 = sa.select(users.c.nick);
export type T2 = Expect<Equal<RowOf<typeof s2>, [string | null]>>;

// --- unknown columns are errors -----------------------------------------------------------
// @ts-expect-error no such column
users.c.nope;

// --- operator value types ------------------------------------------------------------------
users.c.id.eq(1);
users.c.name.eq("a");
users.c.id.eq(users.c.id);
// @ts-expect-error a string is not an Integer value
users.c.id.eq("x");
// @ts-expect-error a number is not a String value
users.c.name.eq(1);

// --- insert values -------------------------------------------------------------------------
sa.insert(users).values({ id: 1, name: "a" });
// @ts-expect-error name is a string column
sa.insert(users).values({ name: 1 });
// @ts-expect-error unknown key
sa.insert(users).values({ name: "a", zzz: 1 });

// --- labels and functions ------------------------------------------------------------------
const s3 = sa.select(sa.func.count(), users.c.name.label("x"), sa.func.count(users.c.id).label("c"));
export type T3 = Expect<Equal<RowOf<typeof s3>, [number, string, number]>>;

// --- type mapping ----------------------------------------------------------------------------
const s4 = sa.select(users.c.n1, users.c.n2, users.c.big, users.c.e, users.c.j, users.c.lb, users.c.dt);
type R4 = RowOf<typeof s4>;
export type T4a = Expect<Equal<R4[0], string | null>>;
export type T4b = Expect<Equal<R4[1], number | null>>;
export type T4c = Expect<Equal<R4[2], bigint | null>>;
export type T4d = Expect<Equal<R4[3], "a" | "b" | null>>;
export type T4e = Expect<Equal<R4[4], unknown>>;
export type T4f = Expect<Equal<R4[5], Uint8Array | null>>;
export type T4g = Expect<Equal<R4[6], Date | null>>;

// non-null variants
const strict = new sa.Table("strict", md,
  new sa.Column("n1", sa.Numeric(10, 2), { nullable: false }),
  new sa.Column("big", sa.BigInteger, { nullable: false }),
  new sa.Column("e", sa.Enum(["a", "b"]), { nullable: false }),
  new sa.Column("dt", sa.DateTime, { nullable: false }),
);
const s5 = sa.select(strict.c.n1, strict.c.big, strict.c.e, strict.c.dt);
export type T5 = Expect<Equal<RowOf<typeof s5>, [string, bigint, "a" | "b", Date]>>;
// @ts-expect-error enum values are checked
strict.c.e.eq("c");

// --- text().columns ----------------------------------------------------------------------------
const t1 = sa.text("SELECT 1 AS a, 'x' AS b").columns({ a: sa.Integer, b: sa.String(10) });
export type T6 = Expect<Equal<typeof t1, sa.TypedText<{ a: number; b: string }>>>;
