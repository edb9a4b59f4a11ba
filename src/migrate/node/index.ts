/**
 * `alkahest/migrate/node`: the Node-only parts of the migrations — the file-based migration
 * source, the `alkahest.config.ts` loader, script templates and the CLI.
 * @module
 */
export { FileMigrationSource } from "./file-source.js";
export { loadConfig, engineFromConfig, metadataFromConfig, CONFIG_FILES, type AlkahestConfig, type ResolvedConfig } from "./config.js";
export { newRevisionId, renderScript, scriptFileName, type ScriptInfo } from "./script-template.js";
export { run, buildProgram, type CliIO } from "./cli.js";
