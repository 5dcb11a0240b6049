/**
 * Public API of the symbolic layer (see docs/algebra.md).
 * The formula parser (./parse.js, mathjs) and the nerdamer adapter (./nerdamer-adapter.js) are separate
 * entry points: importing mathjs takes seconds, and most users of the algebra never parse a string.
 */
export * from "./errors.js";
export * from "./rational.js";
export * from "./scalar.js";
export * from "./space.js";
export * from "./operator.js";
export * from "./master-equation.js";
export * from "./printing.js";
export * from "./demo.js";
