// Ill-conditioning versus non-uniqueness, and positivity (theory/numerics.md §4, §4b, §4c).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromTriplets, csrLinearCombination, csrMultiply, type CsrMatrix } from "../../src/numeric/csr.js";
import type { NumericDissipator, NumericMasterEquation } from "../../src/numeric/master-equation.js";
import { steadyState, type SteadyState, type SteadyStateOptions } from "../../src/numeric/steady-state.js";
import { liouvillian } from "../../src/numeric/liouvillian.js";
import { partialTraceUnchecked } from "../../src/numeric/observables.js";
import { cx, embed, ketBra } from "./helpers.js";

const dims = [2, 2];
/** sigma_q = |g><e| on qubit q (level 0 = g, 1 = e). */
const sigma = (q: number): CsrMatrix => embed(dims, q, ketBra(2, 0, 1));
const zeroH = csrFromTriplets(4, 4, []);

/** Local thermal dissipators: qubit a down/up, qubit b down/up. */
const localRates = (aDown: number, aUp: number, bDown: number, bUp: number): NumericDissipator[] => [
  { rate: cx(aDown), a: sigma(0), b: sigma(0) },
  { rate: cx(aUp), a: csrAdjoint(sigma(0)), b: csrAdjoint(sigma(0)) },
  { rate: cx(bDown), a: sigma(1), b: sigma(1) },
  { rate: cx(bUp), a: csrAdjoint(sigma(1)), b: csrAdjoint(sigma(1)) },
];
/** H = lambda (sigma_a^dag sigma_b + h.c.) */
const exchange = (lambda: number): CsrMatrix =>
  csrLinearCombination([
    { scale: cx(lambda), matrix: csrMultiply(csrAdjoint(sigma(0)), sigma(1)) },
    { scale: cx(lambda), matrix: csrMultiply(csrAdjoint(sigma(1)), sigma(0)) },
  ]);
const model = (hamiltonian: CsrMatrix, dissipators: NumericDissipator[]): NumericMasterEquation => ({ dims, names: ["a", "b"], hamiltonian, dissipators, rateUnit: 1 });

const solved = (me: NumericMasterEquation, options: SteadyStateOptions = {}): SteadyState => {
  const r = steadyState(me, options);
  if (E.isLeft(r)) assert.fail(`${r.left.reason}: ${r.left.message}`);
  return r.right;
};
/** p_e of qubit q from the reduced state. */
const excited = (s: SteadyState, q: number): number => partialTraceUnchecked(s.rho, dims, [q])[2 * 3];

test("P1: independent thermal qubits with rates 1 and 1e-12 give the product state to 1e-12 relative (GTH on the classical block)", () => {
  for (const slow of [1e-12, 1e-15, 1e-6]) {
    const [aDown, aUp, bDown, bUp] = [1, 0.5, slow, 0.25 * slow];
    const s = solved(model(zeroH, localRates(aDown, aUp, bDown, bUp)));
    const expectA = aUp / (aUp + aDown);
    const expectB = bUp / (bUp + bDown);
    assert.ok(Math.abs(excited(s, 0) / expectA - 1) < 1e-12, `p_e(a) ${excited(s, 0)} vs ${expectA}`);
    assert.ok(Math.abs(excited(s, 1) / expectB - 1) < 1e-12, `p_e(b) ${excited(s, 1)} vs ${expectB}`);
    // product state: rho_ee,ee = p_e(a) p_e(b)
    assert.ok(Math.abs(s.rho[2 * 15] / (expectA * expectB) - 1) < 1e-12);
    assert.equal(s.stats.method, "gth");
    assert.deepEqual(s.warnings, []);
  }
});

test("classical block where GTH meets an absorbing censored state (qubit a only pumped) falls back to the LU and is still right", () => {
  const me = model(zeroH, localRates(0, 1, 1e-12, 0.3e-12).filter((d) => d.rate.re > 0));
  const s = solved(me);
  assert.equal(s.stats.method, "lu");
  assert.ok(Math.abs(excited(s, 0) - 1) < 1e-12);
  assert.ok(Math.abs(excited(s, 1) / (0.3 / 1.3) - 1) < 1e-9, `p_e(b) ${excited(s, 1)}`);
  // the verification ran and its estimate covers the true error
  const claimed = s.stats.verificationDifference;
  assert.ok(claimed !== undefined && Math.abs(excited(s, 1) - 0.3 / 1.3) <= 10 * claimed + 1e-15);
});

test("P1 through the LU (method 'lu'): never silently inaccurate, either a warned result within its stated accuracy or a typed ill-conditioned error", () => {
  const me = model(zeroH, localRates(1, 0.5, 1e-12, 0.25e-12));
  const r = steadyState(me, { method: "lu" });
  const expectB = 0.25 / 1.25;
  if (E.isLeft(r)) {
    assert.equal(r.left.reason, "ill-conditioned");
    assert.match(r.left.message, /accuracyTolerance/);
  } else {
    assert.equal(r.right.warnings.length, 1);
    const accuracy = r.right.stats.verificationDifference ?? 0;
    assert.ok(Math.abs(excited(r.right, 1) - expectB) < 10 * accuracy + 1e-12);
  }
  // accepting a looser accuracy returns the state, with the warning, and it is as accurate as claimed (to a factor 10)
  const loose = solved(me, { method: "lu", accuracyTolerance: 1e-3 });
  assert.equal(loose.stats.method, "lu");
  assert.equal(loose.warnings.length, 1);
  assert.match(loose.warnings[0], /ill-conditioned/);
  const claimed = loose.stats.verificationDifference;
  assert.ok(claimed !== undefined && claimed > 0);
  assert.ok(Math.abs(excited(loose, 1) - expectB) < 10 * claimed, `error ${Math.abs(excited(loose, 1) - expectB)} vs claimed ${claimed}`);
});

test("P2: strong coherent exchange (lambda = 1e12 x the rates) is unique: the solve agrees with a well-conditioned lambda = 1e6 to 1e-9 and warns", () => {
  const rates = localRates(1, 0.5, 1, 0.2);
  const reference = solved(model(exchange(1e6), rates));
  assert.deepEqual(reference.warnings, []);
  for (const lambda of [1e12, 1e13]) {
    const s = solved(model(exchange(lambda), rates));
    for (let k = 0; k < 4; k++) {
      const population = s.rho[2 * 5 * k];
      assert.ok(Math.abs(population - reference.rho[2 * 5 * k]) < 1e-9, `lambda ${lambda}: population ${k} ${population} vs ${reference.rho[2 * 5 * k]}`);
    }
    assert.ok(s.warnings.some((w) => w.startsWith("ill-conditioned")), `lambda ${lambda}: expected a warning`);
    assert.ok((s.minEigenvalue ?? -1) > 0);
  }
  // beyond double precision (lambda / rates = 1e20) it is a typed error that says so, never a silent answer
  const r = steadyState(model(exchange(1e20), rates));
  assert.ok(E.isLeft(r));
  assert.ok(r.left.reason === "non-unique" || r.left.reason === "ill-conditioned");
  assert.match(r.left.message, /double precision/);
});

test("dark state (collective decay only) is still non-unique after the verification solve, in both arithmetics", () => {
  const j = csrLinearCombination([{ scale: cx(1), matrix: sigma(0) }, { scale: cx(1), matrix: sigma(1) }]);
  for (const arithmetic of ["auto", "complex"] as const) {
    for (const hamiltonian of [zeroH, exchange(0.3)]) {
      const r = steadyState(model(hamiltonian, [{ rate: cx(1), a: j, b: j }]), { arithmetic });
      assert.ok(E.isLeft(r), `${arithmetic}: expected non-unique`);
      assert.equal(r.left.reason, "non-unique");
    }
  }
});

test("P3: a negative rate is a typed not-positive error, whether given as r L(a, a) or hidden in the assembled Liouvillian", () => {
  const bad = model(zeroH, localRates(-1, 0.5, 1, 0.5));
  const r = steadyState(bad);
  assert.ok(E.isLeft(r));
  assert.equal(r.left.reason, "not-positive");
  assert.match(r.left.message, /negative rate/);
  // the same term split as two copies of a with different objects of equal entries is still caught
  const split = model(zeroH, [{ rate: cx(-1), a: sigma(0), b: embed(dims, 0, ketBra(2, 0, 1)) }, ...localRates(0, 0.5, 1, 0.5).slice(1)]);
  const r2 = steadyState(split);
  assert.ok(E.isLeft(r2) && r2.left.reason === "not-positive");
  // a rate matrix that is not PSD although every diagonal rate is >= 0: rates [[1, 2], [2, 1]] on (sigma_a, sigma_b)
  // gives a negative transition probability rate in L; the matrix check catches it
  const offDiagonal: NumericDissipator[] = [
    { rate: cx(0.01), a: sigma(0), b: sigma(0) },
    { rate: cx(0.01), a: sigma(1), b: sigma(1) },
    { rate: cx(2), a: sigma(0), b: sigma(1) },
    { rate: cx(2), a: sigma(1), b: sigma(0) },
    ...localRates(0, 0.3, 0, 0.3).filter((d) => d.rate.re > 0),
  ];
  const r3 = steadyState(model(zeroH, offDiagonal));
  assert.ok(E.isLeft(r3), "expected a not-positive error");
  assert.equal(r3.left.reason, "not-positive");
  // a valid model passes the checks
  assert.ok(E.isRight(steadyState(model(zeroH, localRates(1, 0.5, 1, 0.5)))));
  void liouvillian;
});
