export * from "./type-engine.js";
export * from "./numeric.js";
export * from "./string.js";
export * from "./boolean.js";
export * from "./datetime.js";
export * from "./binary.js";
export * from "./json.js";
