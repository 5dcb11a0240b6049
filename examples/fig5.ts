// Fig. 5 of Leggio et al.: the dipole of qubit 4 tilted by alpha from the normal (0) towards M (pi/2).
// Prints theta_1..4 at alpha = 0, pi/4, pi/2 with the preset "paper"; the paper quotes theta_4 =
// 386 K at alpha = 0 and -2022 K at alpha = pi/2. Run: npx tsx examples/fig5.ts
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario } from "../src/scenario/builtin.js";
import { scenarioRunner, withPreset } from "../src/scenario/scenario.js";

const fig5 = builtinScenario("paper-fig5");
if (E.isLeft(fig5)) throw new Error(fig5.left.message);
const solve = scenarioRunner(withPreset(fig5.right, "paper"));

for (const [label, alpha] of [["0", 0], ["pi/4", Math.PI / 4], ["pi/2", Math.PI / 2]] as const) {
  const r = solve({ alpha });
  if (E.isLeft(r)) throw new Error(r.left.message);
  const { theta, T_env, tasks } = r.right.report;
  console.log(
    `alpha = ${label.padEnd(4)}: ${["q1", "q2", "q3", "q4"].map((q) => `theta_${q.slice(1)} = ${theta[q].toFixed(0)} K`).join(", ")}; ` +
      `qubit 4: T_env = ${T_env.q4.toFixed(1)} K, ${tasks.q4}`,
  );
}
