// The smallest machine: a three-level atom M (omega_02 = 8.1e13 rad/s, omega_12 = 8.1e12 rad/s) and
// one qubit resonant with its 1-2 transition, 75 um apart, 2.7 um above a 0.05 um sapphire slab at
// 900 K in 300 K surroundings. Built directly on the emitter API (no scenario file): prints the
// bound rates, the steady temperatures and the task the machine performs on the qubit.
// Run: npx tsx examples/single-qubit-machine.ts
import * as E from "fp-ts/lib/Either.js";
import { qubit, threeLevel } from "../src/emitters/emitter.js";
import { buildSystem } from "../src/emitters/environment.js";
import { rateListing } from "../src/emitters/system.js";
import { materialByName } from "../src/electrodynamics/materials/index.js";
import { solveSystem } from "../src/thermo/report.js";

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const z = 2.7e-6; // m
const machine = unwrap(threeLevel("M", { omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0], position: [0, 0, z] }));
const q1 = unwrap(qubit("q1", { omega: 8.1e12, dipole: [-1, 0, 0], position: [75e-6, 0, z] }));
const sapphire = unwrap(materialByName("sapphire-ordinary"));

for (const preset of ["literal", "paper"] as const) {
  const system = unwrap(buildSystem([machine, q1], { body: { material: sapphire, thickness: 0.05e-6 }, TS: 900, TW: 300 }, { preset }));
  const report = unwrap(solveSystem(system));
  if (preset === "literal") console.log(rateListing(system), "\n");
  console.log(
    `${preset}: theta_q1 = ${report.theta.q1.toFixed(2)} K (T_env ${report.T_env.q1.toFixed(2)} K, ${report.tasks.q1}), ` +
      `theta_M = ${report.theta.M.toFixed(1)} K, Lambda/gamma+ = ${report.couplings.pairs[0].lambdaOverQubitRate.toExponential(2)}`,
  );
}
