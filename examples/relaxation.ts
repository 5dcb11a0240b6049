// Watch the paper's system relax: M + 4 qubits (preset "paper", phi = 2.5 rad, z = 2.7 um) start in
// their ground state; the adaptive integrator follows rho(t) and each qubit's temperature approaches
// the steady state that `solveSystem` finds directly. Run: npx tsx examples/relaxation.ts
import * as E from "fp-ts/lib/Either.js";
import { paperEmitters, buildSystem } from "../src/emitters/index.js";
import { materialByName } from "../src/electrodynamics/materials/index.js";
import { bindMasterEquation } from "../src/numeric/compile.js";
import { evolve } from "../src/numeric/index.js";
import { solveSystem, subsystemPopulations, transitionTemperature } from "../src/thermo/index.js";

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const sapphire = unwrap(materialByName("sapphire-ordinary"));
const emitters = unwrap(paperEmitters({ phi: 2.5 }));
const system = unwrap(buildSystem(emitters, { body: { material: sapphire, thickness: 0.05e-6 }, TS: 900, TW: 300 }, { preset: "paper" }));
const numeric = unwrap(bindMasterEquation(system.masterEquation, system.bindings, { rateUnit: system.rateUnit }));

// Ground state |0, g, g, g, g><...|: the first basis vector (first subsystem most significant).
const n = numeric.dims.reduce((p, d) => p * d, 1);
const rho0 = new Float64Array(2 * n * n);
rho0[0] = 1;
const times = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]; // units of 1 / rateUnit (the qubit's free-space rate)
const run = unwrap(evolve(numeric, rho0, times));

const theta = (rho: Float64Array, k: number): string => {
  const p = subsystemPopulations(rho, numeric.dims, k);
  const t = transitionTemperature(8.1e12, p[0], p[1]);
  return E.isRight(t) ? `${t.right.theta.toFixed(0).padStart(7)} K` : "      - ";
};
console.log("model: preset paper (far-IR loss, Lambda x 1000), phi = 2.5 rad, z = 2.7 um");
console.log(`time unit 1/Gamma0 = ${(1 / system.rateUnit).toExponential(2)} s; ${run.acceptedSteps} steps, ${run.factorisations} factorisations`);
console.log("t [1/Gamma0]   theta_q1   theta_q2   theta_q3   theta_q4");
run.states.forEach((rho, i) => console.log(`${String(times[i]).padStart(10)}  ${[1, 2, 3, 4].map((k) => theta(rho, k)).join("  ")}`));
const steady = unwrap(solveSystem(system));
console.log(`    steady  ${["q1", "q2", "q3", "q4"].map((q) => `${steady.theta[q].toFixed(0).padStart(7)} K`).join("  ")}`);
