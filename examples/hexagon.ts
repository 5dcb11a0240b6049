// Your own geometry: six qubits on a hexagon (radius 75 um) around the machine M, dipoles pointing
// at M except qubit 6, tilted 45 degrees out of the plane towards the slab normal. Built with the
// geometry helpers `ring` and `tiltDipole`; prints each qubit's steady temperature and task.
// Run: npx tsx examples/hexagon.ts
import * as E from "fp-ts/lib/Either.js";
import type { Vec3 } from "../src/math/vec3.js";
import { threeLevel } from "../src/emitters/emitter.js";
import { ring, tiltDipole } from "../src/emitters/geometry.js";
import { buildSystem } from "../src/emitters/environment.js";
import { materialByName } from "../src/electrodynamics/materials/index.js";
import { solveSystem } from "../src/thermo/report.js";

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const centre: Vec3 = [0, 0, 2.7e-6]; // m: M sits 2.7 um above the slab
const machine = unwrap(threeLevel("M", { omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0], position: centre }));
const hexagon = unwrap(ring({ n: 6, radius: 75e-6, centre, omega: 8.1e12, dipole: "towards-centre" }));
const emitters = unwrap(tiltDipole([machine, ...hexagon], "q6", Math.PI / 4, centre));
const sapphire = unwrap(materialByName("sapphire-ordinary"));

const started = performance.now();
const system = unwrap(buildSystem(emitters, { body: { material: sapphire, thickness: 0.05e-6 }, TS: 900, TW: 300 }, { preset: "paper" }));
const report = unwrap(solveSystem(system));
console.log(`preset paper, ${system.emitters.length} emitters, Hilbert dimension ${system.emitters.reduce((n, e) => n * e.levels.length, 1)}`);
for (const name of Object.keys(report.theta)) {
  console.log(`${name.padEnd(3)} theta = ${report.theta[name].toFixed(1).padStart(8)} K   T_env = ${report.T_env[name].toFixed(1)} K   ${report.tasks[name]}`);
}
console.log(`solved in ${((performance.now() - started) / 1000).toFixed(1)} s, relative residual ${report.relativeResidual.toExponential(1)}`);
