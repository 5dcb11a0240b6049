/** Public API of scenario files: parsing/validation, parameters and --set, sweeps, running, built-ins. */
export * from "./schema.js";
export * from "./scenario.js";
export * from "./builtin.js";
