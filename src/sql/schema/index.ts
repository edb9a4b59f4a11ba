export * from "./column.js";
export * from "./foreign-key.js";
export * from "./constraints.js";
export * from "./table.js";
export * from "./metadata.js";
