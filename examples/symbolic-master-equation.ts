// The demo system of issue 2, built symbolically: a three-level atom M exchanging excitations with a
// qubit q resonant with its 1-2 transition, with thermal local and collective rates.
// Prints its master equation in LaTeX, the derived d<p_e>/dt of the qubit, and the two symbolic proofs.
// Run: npx tsx examples/symbolic-master-equation.ts
import * as E from "fp-ts/lib/Either.js";
import {
  equationOfMotion,
  equationOfMotionToLatex,
  equationOfMotionToText,
  machineQubitDemo,
  masterEquationToLatex,
  proveHermiticityPreservation,
  proveTracePreservation,
} from "../src/algebra/index.js";

const demo = machineQubitDemo();
if (E.isLeft(demo)) {
  console.error(demo.left.message);
  process.exit(1);
}
const { masterEquation, qubitExcited } = demo.right;
console.log("% master equation (interaction picture, hbar = 1)");
console.log(masterEquationToLatex(masterEquation));
const rhs = equationOfMotion(masterEquation, qubitExcited);
console.log("\n% qubit excited population");
console.log(equationOfMotionToLatex(qubitExcited, rhs));
console.log(`\n${equationOfMotionToText(qubitExcited, rhs)}`);
for (const proof of [proveTracePreservation(masterEquation), proveHermiticityPreservation(masterEquation)]) {
  console.log(`${proof.property}: ${proof.holds ? "proved" : `FAILS: ${proof.message}`}`);
}
