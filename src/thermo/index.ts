/** Public API of the thermodynamics layer: steady temperatures, tasks, heat currents, reports. */
export * from "./temperature.js";
export * from "./heat.js";
export * from "./report.js";
