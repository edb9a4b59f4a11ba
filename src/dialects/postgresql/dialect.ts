/** PostgreSQL: `$1` placeholders, native BOOLEAN/UUID/INTERVAL/JSONB/ARRAY, ILIKE, RETURNING, ON CONFLICT. */
import { BaseDialect, type ParamStyle } from "../base/dialect.js";
import { COMMON_RESERVED, IdentifierPreparer } from "../base/identifier-preparer.js";
import { PGCompiler } from "./compiler.js";
import { PGDDLCompiler } from "./ddl-compiler.js";
import { PGTypeCompiler } from "./type-compiler.js";

/** The base defaults hold for PostgreSQL too (DISTINCT ON, FILTER, ON CONFLICT [ON CONSTRAINT], 65,535 parameters). */
export class PostgreSQLDialect extends BaseDialect {
  override name = "postgresql";
  override paramstyle: ParamStyle = "numeric_dollar";
  override supportsNativeUuid = true;
  override supportsNativeInterval = true;
  override supportsIlike = true;
  protected override StatementCompiler = PGCompiler;
  protected override DDL = PGDDLCompiler;
  override tableNamesSQL(): string {
    return "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()";
  }
  protected override createPreparer(): IdentifierPreparer {
    return new IdentifierPreparer('"', '"', COMMON_RESERVED, 63);
  }
  protected override createTypeCompiler(): PGTypeCompiler {
    const tc = new PGTypeCompiler("postgresql");
    tc.quoteTypeName = (n) => this.preparer.quote(n);
    return tc;
  }
}
