/** Public API of the symbolic layer (see docs/algebra.md). */
export * from "./errors.js";
export * from "./rational.js";
export * from "./scalar.js";
export * from "./space.js";
export * from "./operator.js";
export * from "./master-equation.js";
export * from "./printing.js";
export * from "./parse.js";
export * from "./nerdamer-adapter.js";
export * from "./demo.js";
