/**
 * The reflector of each built-in dialect, by dialect name. Kept apart from the dialect classes so
 * that an application that never reflects does not bundle the catalog queries.
 * @module
 */
import { InvalidRequestError } from "../errors.js";
import type { DialectReflector } from "./base/reflection.js";
import { MSSQLReflector } from "./mssql/reflection.js";
import { MariaDBReflector, MySQLReflector } from "./mysql/reflection.js";
import { PostgreSQLReflector } from "./postgresql/reflection.js";
import { SQLiteReflector } from "./sqlite/reflection.js";

const REFLECTORS: Record<string, () => DialectReflector> = {
  postgresql: () => new PostgreSQLReflector(),
  mysql: () => new MySQLReflector(),
  mariadb: () => new MariaDBReflector(),
  sqlite: () => new SQLiteReflector(),
  mssql: () => new MSSQLReflector(),
};

/** The reflector for a dialect name (`postgresql`, `mysql`, `mariadb`, `sqlite`, `mssql`). */
export function reflectorFor(dialectName: string): DialectReflector {
  const make = REFLECTORS[dialectName];
  if (!make) throw new InvalidRequestError(`reflection is not implemented for the ${JSON.stringify(dialectName)} dialect`);
  return make();
}

export * from "./base/reflection.js";
