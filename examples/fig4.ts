// Fig. 4 of Leggio et al.: qubit 1 moved around the machine M by an angle phi (z = 2.7 um, r = 75 um).
// Prints theta_1..4 at a few angles for the literal model and the preset "paper", and the paper's
// values at phi = 2.5 rad. Run: npx tsx examples/fig4.ts
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario } from "../src/scenario/builtin.js";
import { scenarioRunner, withPreset } from "../src/scenario/scenario.js";

const fig4 = builtinScenario("paper-fig4");
if (E.isLeft(fig4)) throw new Error(fig4.left.message);

console.log("published (Leggio et al. 2015) at phi = 2.5 rad: theta_1..4 = -1190, 6700, -1820, 1280 K");
for (const preset of ["literal", "paper"] as const) {
  const solve = scenarioRunner(withPreset(fig4.right, preset));
  for (const phi of [0.8, 2.5, 4.0]) {
    const r = solve({ phi });
    if (E.isLeft(r)) throw new Error(r.left.message);
    const t = r.right.report.theta;
    const row = ["q1", "q2", "q3", "q4"].map((q) => `${t[q].toFixed(0).padStart(8)} K`).join("  ");
    console.log(`model ${preset.padEnd(7)} phi = ${phi.toFixed(2)} rad: ${row}   (T_env ${r.right.report.T_env.q1.toFixed(1)} K)`);
  }
}
