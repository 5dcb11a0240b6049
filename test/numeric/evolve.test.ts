import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrFromTriplets } from "../../src/numeric/csr.js";
import type { NumericMasterEquation } from "../../src/numeric/master-equation.js";
import { evolve } from "../../src/numeric/evolve.js";
import { steadyState } from "../../src/numeric/steady-state.js";
import { hermiticityError } from "../../src/numeric/dense.js";
import { arbSeed, cx, ketBra, lcg, maxAbsDiff, randomDensityMatrix, randomMasterEquation } from "./helpers.js";

test("decaying qubit follows p_e(t) = exp(-gamma t) and the coherence exp(-(gamma/2 + i w) t)", () => {
  const gamma = 2;
  const w = 3;
  const me: NumericMasterEquation = {
    dims: [2], names: ["q"], rateUnit: 1,
    hamiltonian: csrFromTriplets(2, 2, [{ row: 1, col: 1, value: cx(w) }]),
    dissipators: [{ rate: cx(gamma), a: ketBra(2, 0, 1), b: ketBra(2, 0, 1) }],
  };
  const rho0 = Float64Array.of(0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0); // |+><+|
  const times = [0, 0.1, 0.5, 1, 2, 4];
  const r = evolve(me, rho0, times, { rtol: 1e-8, atol: 1e-12 });
  assert.ok(E.isRight(r));
  if (E.isLeft(r)) return;
  times.forEach((t, k) => {
    const rho = r.right.states[k];
    assert.ok(Math.abs(rho[6] - 0.5 * Math.exp(-gamma * t)) < 1e-6, `p_e(${t}) = ${rho[6]}`);
    // rho_eg = 0.5 exp(-gamma t / 2) exp(-i w t)
    const mag = 0.5 * Math.exp((-gamma * t) / 2);
    assert.ok(Math.hypot(rho[4] - mag * Math.cos(w * t), rho[5] + mag * Math.sin(w * t)) < 1e-6);
  });
});

test("random master equations relax to steadyState and keep trace 1 and Hermiticity", () => {
  fc.assert(
    fc.property(arbSeed, fc.constantFrom([2], [3], [2, 2], [4]), (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const ss = steadyState(me);
      assert.ok(E.isRight(ss));
      if (E.isLeft(ss)) return;
      // random rates can make the spectral gap small (~1e-3): compare after a very long time
      const rho0 = randomDensityMatrix(n, lcg(seed + 11));
      const r = evolve(me, rho0, [0, 1, 1e6], { rtol: 1e-7, atol: 1e-11 });
      assert.ok(E.isRight(r));
      if (E.isLeft(r)) return;
      for (const rho of r.right.states) {
        let tr = 0;
        for (let i = 0; i < n; i++) tr += rho[2 * (i * n + i)];
        assert.ok(Math.abs(tr - 1) < 1e-6);
        assert.ok(hermiticityError(rho, n) < 1e-8);
      }
      assert.ok(maxAbsDiff(r.right.states[2], ss.right.rho) < 1e-5, `distance ${maxAbsDiff(r.right.states[2], ss.right.rho)}`);
    }),
    { numRuns: 15 },
  );
});

test("stiff relaxation (rates spanning 1e3) converges to the thermal state with few factorisations", () => {
  const me: NumericMasterEquation = {
    dims: [3], names: ["M"], rateUnit: 1, hamiltonian: csrFromTriplets(3, 3, []),
    dissipators: [
      { rate: cx(1000), a: ketBra(3, 0, 2), b: ketBra(3, 0, 2) },
      { rate: cx(100), a: ketBra(3, 2, 0), b: ketBra(3, 2, 0) },
      { rate: cx(1), a: ketBra(3, 1, 2), b: ketBra(3, 1, 2) },
      { rate: cx(0.5), a: ketBra(3, 2, 1), b: ketBra(3, 2, 1) },
    ],
  };
  const ss = steadyState(me);
  assert.ok(E.isRight(ss));
  if (E.isLeft(ss)) return;
  const rho0 = new Float64Array(18);
  rho0[0] = 1;
  const r = evolve(me, rho0, [0, 0.001, 0.01, 50]);
  assert.ok(E.isRight(r));
  if (E.isLeft(r)) return;
  assert.ok(maxAbsDiff(r.right.states[3], ss.right.rho) < 1e-6);
  // populations never leave [0, 1] beyond the tolerance
  for (const rho of r.right.states) for (const i of [0, 4, 8]) assert.ok(rho[2 * i] > -1e-8 && rho[2 * i] < 1 + 1e-8);
  // only the population block was integrated (3 of 9 entries)
  assert.equal(r.right.integratedDimension, 3);
});

test("the Hermitian shortcut (one solve per step) gives the same trajectory as the general two-pole path", () => {
  fc.assert(
    fc.property(arbSeed, fc.constantFrom([2], [3], [2, 2]), (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const rho0 = randomDensityMatrix(n, lcg(seed + 5));
      const times = [0, 0.3, 2, 10];
      const fast = evolve(me, rho0, times, { rtol: 1e-8, atol: 1e-12 });
      const slow = evolve(me, rho0, times, { rtol: 1e-8, atol: 1e-12, hermitianShortcut: false });
      assert.ok(E.isRight(fast) && E.isRight(slow));
      if (E.isLeft(fast) || E.isLeft(slow)) return;
      assert.equal(fast.right.hermitianShortcut, true);
      assert.equal(slow.right.hermitianShortcut, false);
      times.forEach((_, k) => assert.ok(maxAbsDiff(fast.right.states[k], slow.right.states[k]) < 1e-9, `t index ${k}: ${maxAbsDiff(fast.right.states[k], slow.right.states[k])}`));
      // a non-Hermitian initial matrix takes the general path
      const skew = rho0.slice();
      skew[3] += 0.1;
      const general = evolve(me, skew, times);
      assert.ok(E.isRight(general) && !general.right.hermitianShortcut);
    }),
    { numRuns: 15 },
  );
});

test("evolve validates its inputs", () => {
  const me = randomMasterEquation(1, [2]);
  const bad = evolve(me, new Float64Array(3), [0, 1]);
  assert.ok(E.isLeft(bad) && bad.left.reason === "invalid-input");
  const badTimes = evolve(me, randomDensityMatrix(2, lcg(2)), [1, 0]);
  assert.ok(E.isLeft(badTimes) && badTimes.left.message.includes("non-decreasing"));
});
