// Our steady state of the paper system (phi = 2.5 rad, presets "literal" and "paper") against QuTiP's,
// stored in test/fixtures/qutip-steady-states.json by scripts/qutip_crosscheck.py (no Python here).
//
// Tolerance: both solvers are backward-stable direct LU solves of the trace-constrained Liouvillian,
// so each is within kappa_1 * eps of the exact populations (kappa_1: 1-norm condition number of the
// constrained system, ~1.2e3-1.4e3 here, recorded in the fixture as kappa1TimesEps ~ 3e-13); the two
// may differ by at most the sum, 2 * kappa1TimesEps. Measured when the fixture was made: 8.5e-15.
// A failure means the solver or the model changed; if the model changed on purpose (rates, options,
// geometry), regenerate the fixture: npx tsx scripts/qutip-crosscheck.ts && /usr/bin/python3
// scripts/qutip_crosscheck.py out/qutip-crosscheck.json --fixture test/fixtures/qutip-steady-states.json
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import { paperEmitters, buildSystem } from "../../src/emitters/index.js";
import { materialByName } from "../../src/electrodynamics/materials/index.js";
import { bindMasterEquation } from "../../src/numeric/compile.js";
import { steadyState } from "../../src/numeric/steady-state.js";
import { subsystemPopulations } from "../../src/thermo/index.js";

interface FixtureCase {
  readonly preset: "literal" | "paper";
  readonly phi: number;
  readonly names: readonly string[];
  readonly populations: Readonly<Record<string, readonly number[]>>;
  readonly kappa1TimesEps: number;
}
interface Fixture {
  readonly qutipVersion: string;
  readonly cases: readonly FixtureCase[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/qutip-steady-states.json", import.meta.url), "utf8")) as Fixture;

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};

/** Our populations per subsystem for the system the fixture was made from (scripts/qutip-crosscheck.ts). */
const ourPopulations = (c: FixtureCase): { readonly names: readonly string[]; readonly populations: Float64Array[] } => {
  const sapphire = unwrap(materialByName("sapphire-ordinary"));
  const emitters = unwrap(paperEmitters({ phi: c.phi }));
  const system = unwrap(buildSystem(emitters, { body: { material: sapphire, thickness: 0.05e-6 }, TS: 900, TW: 300 }, { preset: c.preset }));
  const numeric = unwrap(bindMasterEquation(system.masterEquation, system.bindings, { rateUnit: system.rateUnit }));
  const steady = unwrap(steadyState(numeric));
  return { names: numeric.names, populations: numeric.dims.map((_, k) => subsystemPopulations(steady.rho, numeric.dims, k)) };
};

test("the QuTiP fixture holds both presets of the paper system, each subsystem's populations summing to 1", () => {
  assert.match(fixture.qutipVersion, /^\d+\.\d+/);
  assert.deepEqual(fixture.cases.map((c) => c.preset).sort(), ["literal", "paper"]);
  for (const c of fixture.cases) {
    assert.ok(c.kappa1TimesEps > 0 && c.kappa1TimesEps < 1e-9, `kappa1TimesEps ${c.kappa1TimesEps} is not a sensible accuracy`);
    for (const name of c.names) {
      const sum = c.populations[name].reduce((s, p) => s + p, 0);
      assert.ok(Math.abs(sum - 1) <= 2 * c.kappa1TimesEps, `${c.preset} ${name}: QuTiP populations sum to ${sum}`);
    }
  }
});

for (const c of fixture.cases) {
  test(`paper system (preset ${c.preset}, phi = ${c.phi} rad): our populations agree with QuTiP ${fixture.qutipVersion} within 2 kappa_1 eps`, () => {
    const ours = ourPopulations(c);
    assert.deepEqual([...ours.names], [...c.names]);
    const tolerance = 2 * c.kappa1TimesEps;
    ours.names.forEach((name, k) => {
      const theirs = c.populations[name];
      assert.equal(ours.populations[k].length, theirs.length, `${name}: level count`);
      ours.populations[k].forEach((p, m) => {
        const difference = Math.abs(p - theirs[m]);
        assert.ok(difference <= tolerance, `${c.preset} ${name} level ${m}: ours ${p}, QuTiP ${theirs[m]}, |difference| ${difference.toExponential(2)} > ${tolerance.toExponential(2)}`);
      });
    });
  });
}
