/**
 * Generated keys for a flush sent as ONE atomic batch, where no statement can read another's
 * result: the keys that children need from their new parents are settled before (PostgreSQL) or
 * inside (SQLite) the batch.
 *
 * - PostgreSQL (neon-http): one request before the batch, `SELECT nextval(pg_get_serial_sequence(…))
 *   FROM generate_series(1, n)` for every table at once (`UNION ALL`); the INSERTs then carry
 *   explicit ids. Sequence values are never reused, so this is safe against concurrent writers.
 * - SQLite (d1, libsql): no request before the batch. The batch starts with a reservation in the
 *   counter table `alkahest_sequence` (created `IF NOT EXISTS` by the same batch):
 *   `value = max(value, (SELECT max(pk) FROM t)) + n … RETURNING value`, and each new parent's key
 *   is the expression `(SELECT value FROM alkahest_sequence WHERE name = 't') - k`, which its own
 *   INSERT and its children's foreign keys use alike. The batch is one write transaction (SQLite
 *   has one writer), so the reserved range is above every key present when it runs: correct
 *   under concurrency. The real numbers are written into the objects after the batch.
 * @module
 */
import { NotSupportedError } from "../../errors.js";
import type { Connection } from "../../engine/index.js";
import { CreateTable } from "../../sql/ddl/ddl.js";
import { insert } from "../../sql/dml/insert.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import { func } from "../../sql/elements/functions.js";
import { text } from "../../sql/elements/text.js";
import { Column } from "../../sql/schema/column.js";
import { MetaData } from "../../sql/schema/metadata.js";
import { Table } from "../../sql/schema/table.js";
import { select } from "../../sql/selectable/select.js";
import { Integer } from "../../sql/types/numeric.js";
import { Text } from "../../sql/types/string.js";
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import { type InstanceState, describeState, dictOf } from "../session/instance-state.js";
import type { Assigner, SendFn } from "./persistence.js";
import { keyValue } from "./attribute-values.js";

/** The generated key column of `s`, or an error naming why its key cannot be obtained up front. */
function keyColumn(s: InstanceState, driver: string): ColumnAttribute<unknown> | null {
  const pk = s.mapper.pk;
  const missing = pk.filter((c) => dictOf(s)[c.key] === undefined || dictOf(s)[c.key] === null);
  // a client-side default is assigned when the row's INSERT is generated, before its children
  if (missing.every((c) => c.default !== undefined)) return null;
  const col = missing[0]!;
  if (pk.length !== 1 || !col.isAutoincrement || !["integer", "bigint", "smallint"].includes(col.type.kind)) {
    throw new NotSupportedError(
      `${describeState(s)}: other rows of this commit need its key, but ${driver} commits in one batch and its key ` +
        `(${pk.map((c) => c.key).join(", ")}) is neither an autoincrement integer nor given a client-side default; ` +
        "set the key yourself, give it a default (e.g. a UUID function), or commit the parent first",
    );
  }
  return col;
}

function groupByTable(states: readonly InstanceState[], driver: string): Map<ColumnAttribute<unknown>, InstanceState[]> {
  const groups = new Map<ColumnAttribute<unknown>, InstanceState[]>();
  for (const s of states) {
    const col = keyColumn(s, driver);
    if (!col) continue;
    const list = groups.get(col) ?? [];
    list.push(s);
    groups.set(col, list);
  }
  return groups;
}

/** PostgreSQL: one `nextval` request for every table's new parents; the keys are assigned at once. */
export async function prefetchSequenceKeys(conn: Connection, states: readonly InstanceState[], w: Assigner, driver: string): Promise<number> {
  const groups = [...groupByTable(states, driver)];
  if (groups.length === 0) return 0;
  const preparer = conn.engine.dialect.preparer;
  const params: Record<string, unknown> = {};
  const parts = groups.map(([col, list], i) => {
    const table = col.table!;
    params[`k${i}`] = i;
    params[`t${i}`] = preparer.quoteQualified(table.schema, table.name);
    params[`c${i}`] = col.name;
    params[`n${i}`] = list.length;
    return `SELECT CAST(:k${i} AS integer) AS k, nextval(pg_get_serial_sequence(CAST(:t${i} AS text), CAST(:c${i} AS text))) AS v FROM generate_series(1, CAST(:n${i} AS integer))`;
  });
  const rows = (await conn.execute(text(parts.join(" UNION ALL ")).bindparams(params))).all();
  for (const [i, [col, list]] of groups.entries()) {
    const values = rows.filter((r) => Number(r[0]) === i).map((r) => r[1]);
    if (values.length !== list.length || values.some((v) => v === null)) {
      throw new NotSupportedError(`could not obtain ${list.length} key(s) from the sequence of ${col.table!.name}.${col.name}: it has no serial sequence (pg_get_serial_sequence returned NULL); give the key a default or set it yourself`);
    }
    list.forEach((s, n) => w.assign(s, col.key, keyValue(col, values[n])));
  }
  return 1;
}

let sequenceTable: Table | undefined;
/** The counter table of the SQLite in-batch key reservation (built on first use, not at import). */
export function alkahestSequence(): Table {
  return (sequenceTable ??= new Table("alkahest_sequence", new MetaData(),
    new Column("name", Text, { primaryKey: true }),
    new Column("value", Integer, { nullable: false }),
  ));
}

/**
 * SQLite: queues the reservation at the head of the batch and puts a key expression into each new
 * parent (copied by its children's foreign keys). `onResult` of the reservation replaces those
 * expressions in every object of `states` with the real numbers.
 */
export async function reserveKeysInBatch(
  states: readonly InstanceState[],
  everyState: () => Iterable<InstanceState>,
  w: Assigner,
  send: SendFn,
  driver: string,
): Promise<void> {
  const groups = [...groupByTable(states, driver)];
  if (groups.length === 0) return;
  const seq = alkahestSequence();
  await send(new CreateTable(seq as never, { ifNotExists: true }));
  const placeholders = new Map<unknown, { col: ColumnAttribute<unknown>; offset: number; top: () => number }>();
  for (const [col, list] of groups) {
    const name = col.table!.fullname;
    const n = list.length;
    const maxKey = select(func.coalesce(func.max(col as never), 0) as never).scalarSubquery() as unknown as ColumnElement<number>;
    const seqValue = seq.c.value as unknown as ColumnElement<number>;
    const reserve = insert(seq)
      .values({ name, value: maxKey.plus(n) } as never)
      .onConflictDoUpdate({ indexElements: ["name"], set: { value: ((func.max as (...a: unknown[]) => unknown)(seqValue, maxKey) as unknown as ColumnElement<number>).plus(n) } as never })
      .returning(seq.c.value);
    let top = NaN;
    await send(reserve as never, (r) => {
      top = Number(r.scalar());
      for (const s of everyState()) {
        for (const [k, v] of Object.entries(dictOf(s))) {
          const p = placeholders.get(v);
          if (p && p.col === col) dictOf(s)[k] = keyValue(p.col, p.top() - p.offset);
        }
      }
    });
    const current = select(seq.c.value).where((seq.c.name as unknown as ColumnElement<string>).eq(name)).scalarSubquery() as unknown as ColumnElement<number>;
    list.forEach((s, i) => {
      const offset = n - 1 - i;
      const expr = current.minus(offset);
      placeholders.set(expr, { col, offset, top: () => top });
      w.assign(s, col.key, expr);
    });
  }
}
