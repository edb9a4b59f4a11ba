/**
 * The compiled form of a statement and the contract between `sql/` and the dialect compilers.
 * `sql/` knows dialects only through this interface and the name registry below, so that it imports
 * nothing from `dialects/` (ARCHITECTURE.md layer rules).
 * @module
 */
import type { Processor, TypeEngine } from "./types/type-engine.js";
import type { ClauseElement } from "./elements/clause.js";
import { ArgumentError } from "../errors.js";

/** A column of a statement's result: its key (name in rows) and SQL type (for result processing). */
export interface ResultColumn {
  readonly key: string;
  readonly type: TypeEngine;
}

export type StatementKind = "select" | "insert" | "update" | "delete" | "text" | "ddl";

/** A statement compiled for one dialect: SQL text and positional parameters. */
export interface CompiledSQL {
  readonly sql: string;
  /** Positional parameters, already converted by each type's bind processor. */
  readonly params: unknown[];
  /** For each positional parameter, the name of a named bind (`bindparam("x")`, `text(":x")`), else null. */
  readonly paramKeys: readonly (string | null)[];
  /** Bind processors per position (applied when named parameters are supplied at execution). */
  readonly paramProcessors: readonly (Processor | null)[];
  /** SQL type of each positional parameter (values supplied at execution are checked against it). */
  readonly paramTypes: readonly TypeEngine[];
  /** Result columns of a SELECT or RETURNING, in order. */
  readonly resultColumns: readonly ResultColumn[];
  readonly kind: StatementKind;
  readonly dialect: string;
  /** True when the SQL came from the compiled-statement cache. */
  readonly cacheHit: boolean;
  /** Is the statement a DML with RETURNING/OUTPUT rows. */
  readonly returning: boolean;
}

export interface CompileOptions {
  /** Dialect name (`"postgresql" | "mysql" | "sqlite" | "mssql"`) or a dialect object. */
  dialect?: string | CompilerDialect;
  /** Render values inline as literals: for debugging and offline SQL only, never for execution. */
  literalBinds?: boolean;
}

/** What `sql/` needs from a dialect to compile a statement. */
export interface CompilerDialect {
  readonly name: string;
  compile(element: ClauseElement, options?: { literalBinds?: boolean }): CompiledSQL;
}

const registry = new Map<string, () => CompilerDialect>();
const instances = new Map<string, CompilerDialect>();

/**
 * Registers a dialect factory under a name (done by the package entry points `src/index-<dialect>.ts`,
 * not by `sql/`; docs/DECISIONS.md "Dialect registration").
 */
export function registerDialect(name: string, factory: () => CompilerDialect): void {
  registry.set(name, factory);
  instances.delete(name);
}

function factoryFor(name: string): () => CompilerDialect {
  const factory = registry.get(name);
  if (!factory) {
    const known = [...registry.keys()].filter((k) => k !== "default").join(", ") || "none registered";
    const builtin = ["postgresql", "mysql", "mariadb", "sqlite", "mssql"].includes(name);
    throw new ArgumentError(
      `unknown dialect ${JSON.stringify(name)} (known: ${known})` +
        (builtin
          ? `; this build holds only the dialects its adapters bring: import "alkahest/dialects/${name === "mariadb" ? "mysql" : name}" to add it`
          : ""),
    );
  }
  return factory;
}

/** The shared instance of a registered dialect (or the dialect object itself). */
export function getDialect(nameOrDialect: string | CompilerDialect): CompilerDialect {
  if (typeof nameOrDialect !== "string") return nameOrDialect;
  let d = instances.get(nameOrDialect);
  if (d) return d;
  d = factoryFor(nameOrDialect)();
  instances.set(nameOrDialect, d);
  return d;
}

/** A new instance of a registered dialect (an engine owns its dialect and compiled-statement cache). */
export function newDialect(name: string): CompilerDialect {
  return factoryFor(name)();
}

export function registeredDialects(): string[] {
  return [...registry.keys()];
}
