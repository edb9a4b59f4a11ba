/** A small migration set shared by the offline golden tests and the integration runner tests. */
import { sa, type MigrationModule, type Operations } from "../../../src/migrate/index.js";

/** base -> create table -> add column/index + data -> alter column; table names prefixed by `p`. */
export function smallSet(p: string): MigrationModule[] {
  const t = `${p}_acct`;
  return [
    {
      revision: "1a0000000001",
      downRevision: null,
      message: "create acct",
      async upgrade(op: Operations) {
        await op.createTable(t, new sa.Column("id", sa.Integer, { primaryKey: true }), new sa.Column("name", sa.String(50), { nullable: false }));
      },
      async downgrade(op: Operations) {
        await op.dropTable(t);
      },
    },
    {
      revision: "1a0000000002",
      downRevision: "1a0000000001",
      message: "add note",
      async upgrade(op: Operations) {
        await op.addColumn(t, new sa.Column("note", sa.String(20)));
        await op.createIndex(`ix_${t}_name`, t, ["name"], { unique: true });
        await op.bulkInsert(sa.table(t, sa.column("id", sa.Integer), sa.column("name", sa.String(50))), [
          { id: 1, name: "o'neil" },
          { id: 2, name: "b" },
        ]);
      },
      async downgrade(op: Operations) {
        await op.execute(`DELETE FROM ${t}`);
        await op.dropIndex(`ix_${t}_name`, t);
        await op.dropColumn(t, "note");
      },
    },
  ];
}
