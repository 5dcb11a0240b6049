/**
 * Public API of the emitters layer: emitters, geometry, model options, the system builder, and
 * (re-exported for convenience) solving a system and reading its thermodynamics.
 *
 *   const emitters = paperEmitters({ z: um(2.7), phi: 2.5 });
 *   const system = buildSystem(emitters, { body: { material, thickness: um(0.05) }, TS: 900, TW: 300 }, { preset: "paper" });
 *   const report = solveSystem(system);   // theta, T_env, tasks, heat currents, options, couplings
 */
export * from "./emitter.js";
export * from "./geometry.js";
export * from "./options.js";
export * from "./plan.js";
export * from "./rate-source.js";
export * from "./rates.js";
export * from "./symbolic.js";
export * from "./system.js";
export * from "./environment.js";
export * from "./paper.js";
export { solveSystem, analyseSteadyState, type SteadyReport, type SolveSystemError } from "../thermo/report.js";
