/** Public surface of the numeric back end. */
export * from "./csr.js";
export * from "./errors.js";
export * from "./liouvillian.js";
export * from "./blocks.js";
export * from "./ordering.js";
export * from "./sparse-lu.js";
export * from "./dense-lu.js";
export * from "./real-lu.js";
export * from "./steady-state.js";
export * from "./observables.js";
export * from "./evolve.js";
export * from "./operators.js";
export * from "./dense.js";
export type { NumericMasterEquation, NumericDissipator } from "./master-equation.js";
