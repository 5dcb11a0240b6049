import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromTriplets, csrLinearCombination, csrMultiply, type CsrMatrix } from "../../src/numeric/csr.js";
import type { NumericDissipator, NumericMasterEquation } from "../../src/numeric/master-equation.js";
import { steadyState, type SteadyState } from "../../src/numeric/steady-state.js";
import { hermitianEigenvalues } from "../../src/numeric/dense.js";
import { arbDims, arbSeed, cx, denseGenerator, embed, ketBra, maxAbsDiff, randomMasterEquation } from "./helpers.js";

const solved = (me: NumericMasterEquation, options = {}): SteadyState => {
  const r = steadyState(me, options);
  if (E.isLeft(r)) assert.fail(r.left.message);
  return r.right;
};
const entry = (s: SteadyState, i: number, j: number) => ({ re: s.rho[2 * (i * s.dimension + j)], im: s.rho[2 * (i * s.dimension + j) + 1] });
const zeroH = (n: number): CsrMatrix => csrFromTriplets(n, n, []);

/** Qubit: level 0 = g, 1 = e, sigma = |g><e|. Emission rate `down`, absorption rate `up`. */
const thermalQubit = (down: number, up: number): NumericMasterEquation => ({
  dims: [2], names: ["q"], hamiltonian: zeroH(2), rateUnit: 1,
  dissipators: [
    { rate: cx(down), a: ketBra(2, 0, 1), b: ketBra(2, 0, 1) },
    { rate: cx(up), a: ketBra(2, 1, 0), b: ketBra(2, 1, 0) },
  ],
});

test("random master equations: steady state is Hermitian, PSD (min eigenvalue >= -1e-10), trace 1, tiny residual, and solves the dense generator", () => {
  fc.assert(
    fc.property(arbSeed, arbDims, (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const s = solved(me);
      const n = s.dimension;
      let tr = 0;
      for (let i = 0; i < n; i++) tr += s.rho[2 * (i * n + i)];
      assert.ok(Math.abs(tr - 1) < 1e-14);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const a = entry(s, i, j);
          const b = entry(s, j, i);
          assert.ok(a.re === b.re && a.im === -b.im, "not Hermitian");
        }
      assert.ok(s.rawHermiticityError < 1e-10, `raw hermiticity error ${s.rawHermiticityError}`);
      assert.ok(Math.abs(s.rawTrace[1]) < 1e-10 * Math.abs(s.rawTrace[0]));
      assert.ok(hermitianEigenvalues(s.rho, n)[0] > -1e-10);
      assert.ok(s.relativeResidual < 1e-13, `relative residual ${s.relativeResidual}`);
      // independent check with the dense generator
      const g = denseGenerator(me, s.rho);
      assert.ok(Math.max(...Array.from(g, Math.abs)) < 1e-11);
    }),
    { numRuns: 40 },
  );
});

test("block reduction gives the same steady state as solving the full Liouvillian", () => {
  fc.assert(
    fc.property(arbSeed, fc.integer({ min: 1, max: 3 }), (seed, qubits) => {
      // secular model: qubits with local and collective decay/pumping, exchange: many blocks
      const me = collectiveQubits(qubits, 0.7 + (seed % 5) / 10, 0.4, true);
      const blocked = solved(me);
      const full = solved(me, { blockReduction: false });
      assert.ok(blocked.stats.solvedDimension < full.stats.solvedDimension || qubits === 0);
      assert.ok(maxAbsDiff(blocked.rho, full.rho) < 1e-12);
    }),
    { numRuns: 10 },
  );
});

test("real (Hermitian-coordinate) and complex solves agree, with and without the dense switch", () => {
  fc.assert(
    fc.property(arbSeed, fc.constantFrom([2, 2], [3, 2], [4, 3], [2, 2, 2]), fc.constantFrom(0.2, 0.8, 2), (seed, dims, denseSwitch) => {
      const me = randomMasterEquation(seed, dims);
      const real = solved(me, { arithmetic: "real", denseSwitch });
      const complexSolve = solved(me, { arithmetic: "complex", denseSwitch });
      const auto = solved(me);
      assert.equal(real.stats.arithmetic, "real");
      assert.equal(complexSolve.stats.arithmetic, "complex");
      assert.equal(auto.stats.arithmetic, "real"); // a Lindblad generator preserves Hermiticity
      assert.ok(maxAbsDiff(real.rho, complexSolve.rho) < 1e-12, `paths differ by ${maxAbsDiff(real.rho, complexSolve.rho)}`);
      assert.ok(real.relativeResidual < 1e-13);
    }),
    { numRuns: 25 },
  );
  // a non-Hermitian rate matrix (L(a, b) without its partner L(b, a)) is not Hermiticity-preserving:
  // "auto" must fall back to the complex path
  const me = collectiveQubits(2, 1, 0.3, true);
  const skewed = { ...me, dissipators: [...me.dissipators, { rate: cx(0.05, 0.02), a: me.dissipators[2].a, b: me.dissipators[0].a }] };
  const r = steadyState(skewed);
  assert.ok(E.isRight(r) && r.right.stats.arithmetic === "complex");
  const forced = steadyState(skewed, { arithmetic: "real" });
  assert.ok(E.isLeft(forced) && forced.left.reason === "invalid-input" && forced.left.message.includes("Hermiticity"));
});

test("thermal qubit: p_e = gamma_up / (gamma_up + gamma_down)", () => {
  for (const [down, up] of [[1, 0.3], [2.5, 2.5], [1, 0]]) {
    const s = solved(thermalQubit(down, up));
    assert.ok(Math.abs(entry(s, 1, 1).re - up / (up + down)) < 1e-15);
    assert.equal(entry(s, 0, 1).re, 0);
  }
});

test("ill-conditioned qubit: excitation/decay = 1e-10 gives p_e = 1e-10 to 1e-6 relative accuracy", () => {
  for (const ratio of [1e-10, 1e-13]) {
    const s = solved(thermalQubit(1, ratio));
    const exact = ratio / (1 + ratio);
    assert.ok(Math.abs(entry(s, 1, 1).re - exact) / exact < 1e-6, `p_e = ${entry(s, 1, 1).re}`);
  }
  // the same with a large Hamiltonian splitting and decay in SI-like large numbers scaled by rateUnit
  const s = solved({ ...thermalQubit(3e3, 3e-7), hamiltonian: csrFromTriplets(2, 2, [{ row: 1, col: 1, value: cx(50) }]) });
  assert.ok(Math.abs(entry(s, 1, 1).re / (3e-7 / (3e3 + 3e-7)) - 1) < 1e-6);
});

test("resonantly driven damped qubit: closed-form Bloch steady state", () => {
  for (const [omega, gamma] of [[1, 1], [0.2, 3], [5, 0.5]]) {
    const sigmaX = csrFromTriplets(2, 2, [{ row: 0, col: 1, value: cx(omega / 2) }, { row: 1, col: 0, value: cx(omega / 2) }]);
    const me: NumericMasterEquation = { dims: [2], names: ["q"], hamiltonian: sigmaX, rateUnit: 1, dissipators: [{ rate: cx(gamma), a: ketBra(2, 0, 1), b: ketBra(2, 0, 1) }] };
    const s = solved(me);
    const pe = omega ** 2 / (gamma ** 2 + 2 * omega ** 2);
    // rho_eg = -i Omega (rho_gg - rho_ee) / gamma
    const eg = entry(s, 1, 0);
    assert.ok(Math.abs(entry(s, 1, 1).re - pe) < 1e-14);
    assert.ok(Math.abs(eg.re) < 1e-14);
    assert.ok(Math.abs(eg.im - (-omega * (1 - 2 * pe)) / gamma) < 1e-14);
  }
});

/**
 * n qubits (sigma_i = |g><e| on qubit i) with collective emission/absorption with a PSD correlation
 * matrix c_ij, rates down/up; `local` adds extra independent local decay/pumping, and exchange.
 */
const collectiveQubits = (n: number, down: number, up: number, local: boolean): NumericMasterEquation => {
  const dims = Array.from({ length: n }, () => 2);
  const sigma = dims.map((_, k) => embed(dims, k, ketBra(2, 0, 1)));
  const corr = (i: number, j: number) => (i === j ? 1 : 0.6 ** Math.abs(i - j));
  const dissipators: NumericDissipator[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      dissipators.push({ rate: cx(down * corr(i, j)), a: sigma[i], b: sigma[j] });
      dissipators.push({ rate: cx(up * corr(i, j)), a: csrAdjoint(sigma[i]), b: csrAdjoint(sigma[j]) });
    }
  if (local) sigma.forEach((s) => dissipators.push({ rate: cx(0.5 * down), a: s, b: s }, { rate: cx(0.5 * up), a: csrAdjoint(s), b: csrAdjoint(s) }));
  const terms = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    terms.push({ scale: cx(0.25), matrix: csrMultiply(csrAdjoint(sigma[i]), sigma[j]) }, { scale: cx(0.25), matrix: csrMultiply(csrAdjoint(sigma[j]), sigma[i]) });
  }
  const size = 2 ** n;
  const hamiltonian = terms.length > 0 ? csrLinearCombination(terms) : zeroH(size);
  return { dims, names: dims.map((_, k) => `q${k}`), hamiltonian, dissipators, rateUnit: 1 };
};

test("two qubits with only collective decay have a dark state: typed non-unique error", () => {
  const dims = [2, 2];
  const j = csrLinearCombination([{ scale: cx(1), matrix: embed(dims, 0, ketBra(2, 0, 1)) }, { scale: cx(1), matrix: embed(dims, 1, ketBra(2, 0, 1)) }]);
  const me: NumericMasterEquation = { dims, names: ["a", "b"], hamiltonian: zeroH(4), rateUnit: 1, dissipators: [{ rate: cx(1), a: j, b: j }] };
  const r = steadyState(me);
  assert.ok(E.isLeft(r), "expected a non-unique error");
  assert.equal(r.left.kind, "SolveError");
  assert.equal(r.left.reason, "non-unique");
  assert.match(r.left.message, /not unique/);
  // the same written as four L(sigma_i, sigma_j) terms, and with full (non-block) solve
  const pairs = collectiveQubits(2, 1, 0, false);
  const pairMe = { ...pairs, dissipators: pairs.dissipators.map((d) => ({ ...d, rate: cx(d.rate.re > 0 ? 1 : 0) })).filter((d, k) => k % 2 === 0) };
  for (const blockReduction of [true, false]) {
    const r2 = steadyState(pairMe, { blockReduction });
    assert.ok(E.isLeft(r2) && r2.left.reason === "non-unique");
  }
  // adding a small local decay restores uniqueness: ground state
  const fixed = solved({ ...me, dissipators: [...me.dissipators, { rate: cx(1e-3), a: embed(dims, 0, ketBra(2, 0, 1)), b: embed(dims, 0, ketBra(2, 0, 1)) }, { rate: cx(1e-3), a: embed(dims, 1, ketBra(2, 0, 1)), b: embed(dims, 1, ketBra(2, 0, 1)) }] });
  assert.ok(Math.abs(entry(fixed, 0, 0).re - 1) < 1e-12);
});

test("populations split over disconnected blocks (a qubit with no dissipation) are reported as non-unique", () => {
  const me: NumericMasterEquation = { dims: [2], names: ["q"], hamiltonian: csrFromTriplets(2, 2, [{ row: 1, col: 1, value: cx(1) }]), dissipators: [], rateUnit: 1 };
  const r = steadyState(me);
  assert.ok(E.isLeft(r) && r.left.reason === "non-unique" && r.left.message.includes("disconnected"));
});

/** Gibbs populations exp(-E/T) / Z. */
const gibbs = (energies: readonly number[], temperature: number): number[] => {
  const w = energies.map((e) => Math.exp(-e / temperature));
  const z = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / z);
};

test("detailed balance: local and collective thermal rates at a common T relax to the Gibbs state", () => {
  fc.assert(
    fc.property(fc.double({ min: 0.3, max: 5, noNaN: true }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 }), (temperature, qubits, seed) => {
      // three-level atom M with energies 0, w01, w02 = w01 + w12 and `qubits` qubits resonant with w12
      const w12 = 1;
      const w01 = 2 + (seed % 7) / 5;
      const mEnergies = [0, w01, w01 + w12];
      const dims = [3, ...Array.from({ length: qubits }, () => 2)];
      const lower = (site: number, a: number, b: number) => embed(dims, site, ketBra(dims[site], a, b));
      const resonant = [lower(0, 1, 2), ...Array.from({ length: qubits }, (_, k) => lower(k + 1, 0, 1))];
      const boltz = Math.exp(-w12 / temperature);
      const dissipators: NumericDissipator[] = [];
      const thermal = (sigma: CsrMatrix, w: number, rate: number) => {
        dissipators.push({ rate: cx(rate), a: sigma, b: sigma }, { rate: cx(rate * Math.exp(-w / temperature)), a: csrAdjoint(sigma), b: csrAdjoint(sigma) });
      };
      thermal(lower(0, 0, 1), w01, 30);
      thermal(lower(0, 0, 2), w01 + w12, 20);
      // collective rate matrix (PSD: Gaussian kernel) over resonant transitions, emission and absorption
      const corr = (i: number, j: number) => Math.exp(-((i - j) ** 2) / (1 + (seed % 3)));
      const strength = (i: number) => 1 + 0.2 * i;
      for (let i = 0; i < resonant.length; i++)
        for (let j = 0; j < resonant.length; j++) {
          const g = corr(i, j) * Math.sqrt(strength(i) * strength(j));
          dissipators.push({ rate: cx(g), a: resonant[i], b: resonant[j] }, { rate: cx(g * boltz), a: csrAdjoint(resonant[i]), b: csrAdjoint(resonant[j]) });
        }
      const exchange = [];
      for (let i = 0; i < resonant.length; i++) for (let j = i + 1; j < resonant.length; j++) {
        exchange.push({ scale: cx(0.3), matrix: csrMultiply(csrAdjoint(resonant[i]), resonant[j]) }, { scale: cx(0.3), matrix: csrMultiply(csrAdjoint(resonant[j]), resonant[i]) });
      }
      const me: NumericMasterEquation = { dims, names: dims.map((_, k) => `s${k}`), hamiltonian: csrLinearCombination(exchange), dissipators, rateUnit: 1 };
      const s = solved(me);
      const n = s.dimension;
      const energies = Array.from({ length: n }, (_, idx) => {
        let rest = idx;
        let e = 0;
        for (let site = dims.length - 1; site >= 1; site--) { e += (rest % 2) * w12; rest = Math.floor(rest / 2); }
        return e + mEnergies[rest];
      });
      const p = gibbs(energies, temperature);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const v = entry(s, i, j);
          const target = i === j ? p[i] : 0;
          assert.ok(Math.hypot(v.re - target, v.im) < 1e-12, `rho[${i}][${j}] = ${v.re} vs ${target}`);
        }
    }),
    { numRuns: 12 },
  );
});

test("invalid input is a typed error", () => {
  const r = steadyState({ ...thermalQubit(1, 0.1), dims: [3] });
  assert.ok(E.isLeft(r) && r.left.reason === "invalid-input");
});
