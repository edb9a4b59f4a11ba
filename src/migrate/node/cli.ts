/**
 * The `alkahest` command line (Alembic's commands): init, revision, upgrade, downgrade, current,
 * history, heads, branches, show, merge, stamp. Configuration from `alkahest.config.ts`. Output is
 * colored only when stdout is a terminal (and NO_COLOR is unset); failures exit non-zero with the
 * error message. Node only.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import type { Engine } from "../../engine/index.js";
import type { RevisionGraph } from "../graph.js";
import type { Revision } from "../revision.js";
import { Migrator, type MigrationProgress } from "../runner.js";
import { engineFromConfig, loadConfig, metadataFromConfig, type ResolvedConfig } from "./config.js";
import { FileMigrationSource } from "./file-source.js";
import { newRevisionId, renderScript, scriptFileName } from "./script-template.js";
import { compareMetadata, renderMigration } from "../autogenerate/index.js";
import { inspect } from "../../engine/inspect.js";

/** Where the CLI writes (tests pass their own). */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  color: boolean;
}

const nodeIO = (): CliIO => ({
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
});

const paint = (io: CliIO, code: number, s: string) => (io.color ? `\u001b[${code}m${s}\u001b[0m` : s);

interface GlobalOpts {
  config?: string;
  url?: string;
}

class Session {
  private engine: Engine | null = null;
  constructor(
    readonly io: CliIO,
    readonly config: ResolvedConfig,
    readonly url: string | undefined,
  ) {}

  migrator(needDb: boolean): Migrator {
    const engine = this.engine ?? engineFromConfig(this.url ? { ...this.config, url: this.url } : this.config);
    if (!engine && needDb) throw new Error("no database: set DATABASE_URL, or `url` in alkahest.config.ts, or pass --url");
    this.engine = engine;
    return new Migrator({
      ...(engine ? { engine } : {}),
      ...(this.config.dialect ? { dialect: this.config.dialect } : {}),
      ...(this.config.versionTable ? { versionTable: this.config.versionTable } : {}),
      migrations: new FileMigrationSource(this.config.versionsDir),
      onProgress: (e) => this.progress(e),
    });
  }

  progress(e: MigrationProgress): void {
    const r = e.revision;
    const arrow = e.direction === "upgrade" ? `${r.downRevisions.join(", ") || "<base>"} -> ${r.revision}` : `${r.revision} -> ${r.downRevisions.join(", ") || "<base>"}`;
    if (e.phase === "start") return;
    const status = e.phase === "done" ? paint(this.io, 32, "ok") : paint(this.io, 31, "FAILED");
    const line = `Running ${e.direction} ${arrow}${r.message ? `, ${r.message}` : ""} ... ${status} (${e.ms} ms)`;
    if (e.phase === "done") this.io.out(line);
    else this.io.err(line);
  }

  async close(): Promise<void> {
    await this.engine?.dispose();
  }
}

function describe(io: CliIO, graph: RevisionGraph, r: Revision, verbose: boolean): string {
  if (!verbose) return r.toString();
  const lines = [
    `Rev: ${paint(io, 33, r.revision)}${r.isHead ? " (head)" : ""}${r.isBranchPoint ? " (branchpoint)" : ""}${r.isMergePoint ? " (mergepoint)" : ""}`,
    `Parent: ${r.downRevisions.join(", ") || "<base>"}`,
  ];
  if (r.isBranchPoint) lines.push(`Branches into: ${[...r.nextRevisions].join(", ")}`);
  if (r.nextRevisions.size && !r.isBranchPoint) lines.push(`Next: ${[...r.nextRevisions].join(", ")}`);
  if (r.branchLabels.length) lines.push(`Branch names: ${r.branchLabels.join(", ")}`);
  if (r.dependsOn.length) lines.push(`Also depends on: ${r.dependsOn.map((d) => graph.get(d).revision).join(", ")}`);
  if (r.path) lines.push(`Path: ${r.path}`);
  lines.push("", `    ${r.message || "empty message"}`, "");
  return lines.join("\n");
}

/** Builds the commander program; `run(argv)` below parses and runs it. */
export function buildProgram(io: CliIO = nodeIO()): Command {
  const program = new Command("alkahest");
  program
    .description("alkahest migrations (Alembic's workflow)")
    .option("-c, --config <path>", "config file (default: ./alkahest.config.ts)")
    .option("--url <url>", "database URL (default: config url, then DATABASE_URL)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, "")), writeErr: (s) => io.err(s.replace(/\n$/, "")) });

  const withSession = (fn: (s: Session, ...args: any[]) => Promise<void>) =>
    async (...args: any[]) => {
      const g = program.opts<GlobalOpts>();
      const session = new Session(io, await loadConfig(g.config), g.url);
      try {
        await fn(session, ...args);
      } finally {
        await session.close();
      }
    };

  program
    .command("init <dir>")
    .description("create a migrations directory and alkahest.config.ts")
    .action(async (dir: string) => {
      const target = resolve(dir);
      mkdirSync(join(target, "versions"), { recursive: true });
      io.out(`Created ${join(target, "versions")}`);
      const cfg = resolve(program.opts<GlobalOpts>().config ?? "alkahest.config.ts");
      if (existsSync(cfg)) io.out(`Kept existing ${cfg}`);
      else {
        const loc = relative(resolve(cfg, ".."), target) || ".";
        writeFileSync(
          cfg,
          `/** alkahest migrations configuration (read by the \`alkahest\` CLI). */\n` +
            `export default {\n` +
            `  // the database: DATABASE_URL from the environment, e.g. postgresql+pg://user:pw@localhost/app\n` +
            `  url: process.env.DATABASE_URL,\n` +
            `  // for \`revision --autogenerate\`: metadata: (await import("./src/models.js")).Base.metadata,\n` +
            `  scriptLocation: ${JSON.stringify(loc)},\n` +
            `};\n`,
        );
        io.out(`Created ${cfg}`);
      }
    });

  program
    .command("revision")
    .description("create a new revision script")
    .option("-m, --message <message>", "message", "")
    .option("--autogenerate", "compare the models' metadata with the database")
    .option("--head <rev>", "the revision to build on (default: head; 'base' starts a new branch)", "head")
    .option("--branch-label <label...>", "branch label(s) for the new revision")
    .option("--depends-on <rev...>", "revisions the new one depends on")
    .option("--rev-id <id>", "use this revision id instead of a random one")
    .action(
      withSession(async (s, o: { message: string; autogenerate?: boolean; head: string; branchLabel?: string[]; dependsOn?: string[]; revId?: string }) => {
        const migrator = s.migrator(!!o.autogenerate);
        mkdirSync(s.config.versionsDir, { recursive: true });
        const graph = await migrator.graph();
        const down = o.head === "base" || graph.revisions.length === 0 ? [] : graph.resolveTarget(o.head, null);
        const rev = o.revId ?? newRevisionId();
        if (graph.has(rev)) throw new Error(`Revision ${rev} already exists`);
        const info = {
          revision: rev,
          downRevision: down.length === 0 ? null : down.length === 1 ? down[0]! : down,
          branchLabels: o.branchLabel ?? [],
          dependsOn: (o.dependsOn ?? []).map((d) => graph.resolve(d).revision),
          message: o.message,
        };
        let text: string;
        if (o.autogenerate) text = await autogenerate(s, migrator, info);
        else text = renderScript(info);
        const file = join(s.config.versionsDir, scriptFileName(rev, o.message));
        writeFileSync(file, text);
        s.io.out(`Generating ${file} ... done`);
      }),
    );

  for (const direction of ["upgrade", "downgrade"] as const) {
    program
      .command(`${direction} <target>`)
      .description(direction === "upgrade" ? "upgrade to a later revision (head, heads, +N, <rev>)" : "revert to a previous revision (-N, base, <rev>)")
      .option("--sql", "print the SQL instead of running it (offline; downgrade needs <from>:<to>)")
      .action(
        withSession(async (s, target: string, o: { sql?: boolean }) => {
          const m = s.migrator(!o.sql);
          if (o.sql) {
            s.io.out((await m[direction](target, { sql: true })).replace(/\n+$/, ""));
            return;
          }
          const started = Date.now();
          const heads = (await m[direction](target)) as string[];
          s.io.out(`${direction === "upgrade" ? "Upgraded" : "Downgraded"} to ${heads.join(", ") || "base"} in ${Date.now() - started} ms`);
        }),
      );
  }

  program
    .command("current")
    .description("show the database's current revision(s)")
    .option("--verbose", "details")
    .action(
      withSession(async (s, o: { verbose?: boolean }) => {
        const m = s.migrator(true);
        const graph = await m.graph();
        const heads = await m.current();
        if (heads.length === 0) s.io.out("(base)");
        for (const h of heads) s.io.out(o.verbose && graph.has(h) ? describe(s.io, graph, graph.get(h), true) : `${h}${graph.has(h) && graph.get(h).isHead ? " (head)" : ""}`);
      }),
    );

  program
    .command("history")
    .description("list revisions, newest first")
    .option("--verbose", "details")
    .option("-r, --rev-range <range>", "a range <start>:<end>")
    .action(
      withSession(async (s, o: { verbose?: boolean; revRange?: string }) => {
        const graph = await s.migrator(false).graph();
        let revs = graph.revisions;
        if (o.revRange) {
          const [a = "base", b = "heads"] = o.revRange.split(":");
          const upper = graph.ancestors(graph.resolveTarget(b || "heads", null));
          const lowerIds = graph.resolveTarget(a || "base", null);
          const lower = lowerIds.length ? graph.ancestors(lowerIds) : new Set<string>();
          for (const id of lowerIds) lower.delete(id);
          revs = revs.filter((r) => upper.has(r.revision) && !lower.has(r.revision));
        }
        for (const r of [...revs].reverse()) s.io.out(o.verbose ? describe(s.io, graph, r, true) : r.toString());
      }),
    );

  program
    .command("heads")
    .description("show the heads of the revision graph")
    .option("--verbose", "details")
    .action(
      withSession(async (s, o: { verbose?: boolean }) => {
        const graph = await s.migrator(false).graph();
        for (const h of graph.heads) s.io.out(o.verbose ? describe(s.io, graph, graph.get(h), true) : `${h} (head)`);
      }),
    );

  program
    .command("branches")
    .description("show branch points")
    .option("--verbose", "details")
    .action(
      withSession(async (s, o: { verbose?: boolean }) => {
        const graph = await s.migrator(false).graph();
        for (const r of graph.branchPoints) {
          s.io.out(o.verbose ? describe(s.io, graph, r, true) : r.toString());
          for (const n of r.nextRevisions) s.io.out(`  -> ${graph.get(n).toString()}`);
        }
      }),
    );

  program
    .command("show <rev>")
    .description("show a revision")
    .action(
      withSession(async (s, rev: string) => {
        const graph = await s.migrator(false).graph();
        for (const id of graph.resolveTarget(rev, null)) s.io.out(describe(s.io, graph, graph.get(id), true));
      }),
    );

  program
    .command("merge <revs...>")
    .description("create a merge revision of several heads")
    .option("-m, --message <message>", "message", "")
    .option("--rev-id <id>", "use this revision id")
    .action(
      withSession(async (s, revs: string[], o: { message: string; revId?: string }) => {
        const graph = await s.migrator(false).graph();
        const ids = [...new Set(revs.flatMap((r) => graph.resolveTarget(r, null)))];
        if (ids.length < 2) throw new Error(`merge needs at least two revisions (got ${ids.join(", ") || "none"})`);
        const rev = o.revId ?? newRevisionId();
        const file = join(s.config.versionsDir, scriptFileName(rev, o.message));
        writeFileSync(file, renderScript({ revision: rev, downRevision: ids, message: o.message }));
        s.io.out(`Generating ${file} ... done`);
      }),
    );

  program
    .command("stamp <rev>")
    .description("set the version table to a revision without running migrations")
    .option("--sql", "print the SQL instead")
    .action(
      withSession(async (s, rev: string, o: { sql?: boolean }) => {
        const out = await s.migrator(!o.sql).stamp(rev, o.sql ? { sql: true } : {});
        s.io.out(typeof out === "string" ? out.replace(/\n+$/, "") : `Stamped ${out.join(", ") || "base"}`);
      }),
    );

  return program;
}

/** `revision --autogenerate`: compare the configured metadata with the database and render the script. */
async function autogenerate(s: Session, migrator: Migrator, info: Parameters<typeof renderScript>[0]): Promise<string> {
  const metadata = await metadataFromConfig(s.config);
  if (!metadata) throw new Error("revision --autogenerate needs `metadata` in alkahest.config.ts (e.g. Base.metadata)");
  const engine = migrator.options.engine!;
  const versionTable = migrator.versionTable.name;
  const include = s.config.includeTable;
  const includeObject = s.config.includeObject;
  const ops = await compareMetadata(inspect(engine), metadata, {
    includeTable: (name) => name !== versionTable && (!include || include(name)),
    ...(includeObject ? { includeObject } : {}),
  });
  return renderMigration({
    revision: info.revision,
    downRevision: info.downRevision,
    message: info.message,
    ops,
    branchLabels: info.branchLabels ?? null,
    dependsOn: info.dependsOn ?? null,
    dialect: engine.dialect.name,
    ...(info.createDate ? { createDate: info.createDate } : {}),
  });
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIO = nodeIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : (err.exitCode ?? 1);
    }
    io.err(paint(io, 31, `error: ${e instanceof Error ? e.message : String(e)}`));
    if (process.env.ALKAHEST_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
