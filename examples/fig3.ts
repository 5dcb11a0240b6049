// Fig. 3 of Leggio et al.: four qubits on a square around the machine M versus one qubit alone,
// as the height z above the slab changes. Prints theta_1 (4 qubits), tau_1 (1 qubit) and T_env at
// a few heights, preset "paper" (change to "literal" for the physics as written).
// Run: npx tsx examples/fig3.ts
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario } from "../src/scenario/builtin.js";
import { scenarioRunner, withPreset } from "../src/scenario/scenario.js";

const load = (name: string) => {
  const s = builtinScenario(name);
  if (E.isLeft(s)) throw new Error(s.left.message);
  return scenarioRunner(withPreset(s.right, "paper"));
};
const four = load("paper-fig3");
const one = load("single-qubit-machine");

console.log("model: preset paper (far-IR loss, Lambda x 1000); change withPreset(..., \"paper\") to \"literal\" for the physics as written");
console.log("   z (um)   theta_1 (4 qubits)   tau_1 (1 qubit)   T_env");
for (const zUm of [1, 2.7, 5, 20]) {
  const a = four({ z: zUm * 1e-6 });
  const b = one({ z: zUm * 1e-6 });
  if (E.isLeft(a)) throw new Error(a.left.message);
  if (E.isLeft(b)) throw new Error(b.left.message);
  const fmt = (t: number) => `${t.toFixed(1)} K`.padStart(12);
  console.log(`${zUm.toFixed(1).padStart(9)}   ${fmt(a.right.report.theta.q1)}        ${fmt(b.right.report.theta.q1)}   ${fmt(a.right.report.T_env.q1)}`);
}
