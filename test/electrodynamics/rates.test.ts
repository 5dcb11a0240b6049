import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import type { Vec3 } from "../../src/math/vec3.js";
import { environment } from "../../src/electrodynamics/environment.js";
import { computeRates, freeSpaceRate, localFieldTemperature, scaleRateTable, type FieldTransition } from "../../src/electrodynamics/rates.js";
import { boseEinstein, EPS0, HBAR } from "../../src/units.js";
import { constantEps, testHalfSpace, testSlab, unwrap } from "./helpers.js";
import { slab } from "../../src/electrodynamics/planar.js";

const D = 1e-29; // C m
const omega = 8.1e12;

test("free space (no body): gamma+ = Gamma0 (1 + n_W), gamma- = Gamma0 n_W, T_eff = T_W", () => {
  const env = unwrap(environment(null, 900, 300));
  for (const d of [[D, 0, 0], [0, 0, D], [D, -2 * D, 0.5 * D]] as Vec3[]) {
    const r = unwrap(localFieldTemperature(env, omega, [0, 0, 1e-6], d));
    const g0 = freeSpaceRate(omega, d);
    const n = boseEinstein(omega, 300);
    assert.ok(Math.abs(r.gammaPlus / (g0 * (1 + n)) - 1) < 1e-13);
    assert.ok(Math.abs(r.gammaMinus / (g0 * n) - 1) < 1e-13);
    assert.ok(Math.abs(r.Teff / 300 - 1) < 1e-12);
    // Gamma0 from its definition omega^3 |d|^2 / (3 pi eps0 hbar c^3)
    const d2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
    assert.ok(Math.abs(g0 / ((omega ** 3 * d2) / (3 * Math.PI * EPS0 * HBAR * 299792458 ** 3)) - 1) < 1e-14);
  }
});

test("free space, near field: Lambda_ij is the static dipole-dipole energy (d1.d2 - 3 (d1.u)(d2.u)) / (4 pi eps0 hbar R^3)", () => {
  const env = unwrap(environment(null, 300, 300));
  const R = 1e-3 * (299792458 / omega); // k0 R = 1e-3
  const d1: Vec3 = [D, 0.3 * D, 0];
  const d2: Vec3 = [0.2 * D, -D, 0.7 * D];
  const u: Vec3 = [0.6, 0, 0.8];
  const t: FieldTransition[] = [
    { id: "a", omega, dipole: d1, position: [0, 0, 1e-6] },
    { id: "b", omega, dipole: d2, position: [u[0] * R, 0, 1e-6 + u[2] * R] },
  ];
  const lambda = unwrap(computeRates(env, t, [["a", "b"]])).pairs[0].lambda;
  const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const expected = (dot(d1, d2) - 3 * dot(d1, u) * dot(d2, u)) / (4 * Math.PI * EPS0 * HBAR * R ** 3);
  assert.ok(Math.abs(lambda / expected - 1) < 1e-5, `${lambda} vs ${expected}`);
});

test("far above a nearly lossless slab the field is the surroundings': T_eff -> T_W", () => {
  // Im eps -> 0: no propagating slab emission; the evanescent share, guided modes included, dies as
  // e^{-2 kappa z} (the guided modes sit at kappa ~ 0.02 k0, so z must be >> 1/(0.04 k0) ~ 1 mm).
  // (A lossless half-space is different: what it transmits never comes back, so it emits with 1 - |r|^2.)
  const env = unwrap(environment(testSlab(4, 1e-9, 0.5e-6), 900, 300));
  for (const d of [[D, 0, 0], [0, 0, D]] as Vec3[]) {
    const r = unwrap(localFieldTemperature(env, omega, [0, 0, 0.2], d, { relTol: 1e-9 }));
    assert.ok(Math.abs(r.Teff / 300 - 1) < 1e-6, `T_eff = ${r.Teff}`);
  }
});

test("far above an absorbing slab T_eff does not return to T_W: the slab's propagating emission stays (theory/ote-rates.md §4)", () => {
  // z = 1 m: every evanescent contribution, guided modes included (decay length <= 4 mm here), is gone.
  const env = unwrap(environment(testSlab(9.4, 0.5, 5e-6), 900, 300));
  const far = unwrap(localFieldTemperature(env, omega, [0, 0, 1], [D, 0, 0], { relTol: 1e-9 }));
  const farther = unwrap(localFieldTemperature(env, omega, [0, 0, 3], [D, 0, 0], { relTol: 1e-9 }));
  assert.ok(far.Teff > 305, `T_eff = ${far.Teff}`);
  // the propagating share does not depend on z: only the 1/(k0 z) interference of Im G_R changes it
  assert.ok(Math.abs(far.Teff - farther.Teff) < 0.05, `${far.Teff} vs ${farther.Teff}`);
});

test("the guided modes of a nearly lossless thin slab keep a finite, loss-independent share as Im eps -> 0+", () => {
  // BRIEF §3: the limit is singular; T_eff must converge to a value above T_W, not to T_W.
  const teff = (eta: number): number =>
    unwrap(localFieldTemperature(unwrap(environment(testSlab(9.437, eta, 0.05e-6), 900, 300)), omega, [0, 0, 2.7e-6], [D, 0, 0]))
      .Teff;
  const t4 = teff(1e-4);
  const t6 = teff(1e-6);
  const t7 = teff(1e-7);
  assert.ok(t7 > 305, `T_eff(1e-7) = ${t7}`);
  assert.ok(Math.abs(t6 - t7) < 0.1 * Math.abs(t4 - t6), "converges as the loss vanishes");
});

const randomGeometry = fc.record({
  omega: fc.double({ min: 2e12, max: 1e14, noNaN: true }),
  T: fc.double({ min: 5, max: 2000, noNaN: true }),
  atoms: fc.array(
    fc.record({
      x: fc.double({ min: -5e-6, max: 5e-6, noNaN: true }),
      y: fc.double({ min: -5e-6, max: 5e-6, noNaN: true }),
      z: fc.double({ min: 0.3e-6, max: 4e-6, noNaN: true }),
      d: fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
    }),
    { minLength: 2, maxLength: 3 },
  ),
});

const transitionsOf = (atoms: { x: number; y: number; z: number; d: [number, number, number] }[], w: number): FieldTransition[] =>
  atoms.map((a, i) => ({
    id: `a${i}`,
    omega: w,
    dipole: [D * (a.d[0] + 1e-3), D * a.d[1], D * a.d[2]],
    position: [a.x + i * 1e-7, a.y, a.z],
  }));

const allPairs = (n: number): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out.push([`a${i}`, `a${j}`]);
  return out;
};

test("equilibrium T_S = T_W = T: gamma-_ij / gamma+_ij = exp(-hbar w / kB T) for self and cross terms, every orientation", () => {
  const body = testSlab(5, 1.5, 0.2e-6);
  fc.assert(
    fc.property(randomGeometry, ({ omega: w, T, atoms }) => {
      const env = unwrap(environment(body, T, T));
      const t = transitionsOf(atoms, w);
      const table = unwrap(computeRates(env, t, allPairs(t.length), { relTol: 1e-6 }));
      const boltzmann = Math.exp((-HBAR * w) / (1.380649e-23 * T));
      for (const l of table.local) {
        assert.ok(Math.abs(l.gammaMinus / l.gammaPlus / boltzmann - 1) < 1e-10);
        assert.ok(Math.abs(l.Teff / T - 1) < 1e-8);
      }
      for (const p of table.pairs) {
        // gamma- = B gamma+ as complex numbers
        const scale = Math.hypot(p.gammaPlus.re, p.gammaPlus.im);
        assert.ok(Math.abs(p.gammaMinus.re - boltzmann * p.gammaPlus.re) <= 1e-10 * scale);
        assert.ok(Math.abs(p.gammaMinus.im - boltzmann * p.gammaPlus.im) <= 1e-10 * scale + 1e-300);
      }
    }),
    { numRuns: 12 },
  );
});

/** Smallest eigenvalue sign test of a Hermitian matrix via LDL^H with pivots >= -tol. */
const isPsd = (re: number[][], im: number[][], tol: number): boolean => {
  const n = re.length;
  const aR = re.map((r) => [...r]);
  const aI = im.map((r) => [...r]);
  for (let k = 0; k < n; k++) {
    const p = aR[k][k];
    if (p < -tol) return false;
    if (p <= tol) continue; // (numerically) singular direction; PSD needs the row to vanish too
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) {
        // a_ij -= a_ik a_kj / p
        aR[i][j] -= (aR[i][k] * aR[k][j] - aI[i][k] * aI[k][j]) / p;
        aI[i][j] -= (aR[i][k] * aI[k][j] + aI[i][k] * aR[k][j]) / p;
      }
    }
  }
  return true;
};

test("out of equilibrium the rate matrices over several atoms are Hermitian and positive semidefinite", () => {
  const body = testSlab(9.4, 0.3, 0.05e-6);
  fc.assert(
    fc.property(randomGeometry, ({ omega: w, atoms }) => {
      const env = unwrap(environment(body, 900, 300));
      const t = transitionsOf(atoms, w);
      const n = t.length;
      const table = unwrap(computeRates(env, t, allPairs(n), { relTol: 1e-7 }));
      for (const which of ["gammaPlus", "gammaMinus"] as const) {
        const re = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        const im = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        table.local.forEach((l, i) => (re[i][i] = l[which]));
        for (const p of table.pairs) {
          const i = Number(p.i.slice(1));
          const j = Number(p.j.slice(1));
          re[i][j] = p[which].re;
          im[i][j] = p[which].im;
        }
        const trace = re.reduce((s, r, i) => s + r[i], 0);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            assert.ok(Math.abs(re[i][j] - re[j][i]) <= 1e-9 * trace, `${which} Re not symmetric`);
            assert.ok(Math.abs(im[i][j] + im[j][i]) <= 1e-9 * trace, `${which} Im not antisymmetric`);
          }
        }
        assert.ok(isPsd(re, im, 1e-9 * trace), `${which} not PSD`);
      }
    }),
    { numRuns: 10 },
  );
});

test("out of equilibrium an in-plane and a normal dipole get a small imaginary cross rate, with opposite signs in gamma+ and gamma-", () => {
  const body = testSlab(9.4, 0.3, 0.05e-6);
  const t: FieldTransition[] = [
    { id: "a", omega, dipole: [D, 0, 0], position: [0, 0, 2e-6] },
    { id: "b", omega, dipole: [0, 0, D], position: [3e-6, 0, 2e-6] },
  ];
  const out = unwrap(computeRates(unwrap(environment(body, 900, 300)), t, [["a", "b"]])).pairs[0];
  assert.ok(Math.abs(out.gammaPlus.im) > 0);
  assert.ok(Math.abs(out.gammaPlus.im + out.gammaMinus.im) < 1e-12 * Math.abs(out.gammaPlus.im));
  const eq = unwrap(computeRates(unwrap(environment(body, 300, 300)), t, [["a", "b"]])).pairs[0];
  assert.ok(Math.abs(eq.gammaPlus.im) === 0);
});

test("typed errors: z <= 0, zero dipole, coincident pair, non-resonant pair, omega outside the material data, unknown id", () => {
  const env = unwrap(environment(unwrap(slab(constantEps(4, 1, [1e12, 1e13]), 1e-7)), 900, 300));
  const base: FieldTransition = { id: "a", omega, dipole: [D, 0, 0], position: [0, 0, 1e-6] };
  const reason = (e: E.Either<{ reason: string }, unknown>): string => (E.isLeft(e) ? e.left.reason : "none");
  assert.equal(reason(computeRates(env, [{ ...base, position: [0, 0, 0] }], [])), "height");
  assert.equal(reason(computeRates(env, [{ ...base, position: [0, 0, -1e-6] }], [])), "height");
  assert.equal(reason(computeRates(env, [{ ...base, dipole: [0, 0, 0] }], [])), "dipole");
  assert.equal(reason(computeRates(env, [{ ...base, omega: 5e13 }], [])), "material");
  assert.equal(reason(computeRates(env, [base, { ...base, id: "b" }], [["a", "b"]])), "coincident");
  assert.equal(reason(computeRates(env, [base, { ...base, id: "b", omega: 1.1 * omega, position: [1e-6, 0, 1e-6] }], [["a", "b"]])), "nonResonant");
  assert.equal(reason(computeRates(env, [base], [["a", "zz"]])), "unknownTransition");
  assert.equal(reason(computeRates(env, [base, base], [])), "duplicateId");
  assert.ok(E.isLeft(environment(null, -1, 300)));
  // exactly lossless slab: guided modes on the real axis, delta-function share of the field
  const lossless = unwrap(environment(testSlab(4, 0, 0.5e-6), 900, 300));
  assert.equal(reason(computeRates(lossless, [base], [])), "losslessGuidedMode");
});

test("a lossless half-space emits propagating waves with 1 - |r|^2 (what it transmits is never returned)", () => {
  // Same A_S code path as a slab with tau = 0: far above, T_eff stays well above T_W.
  const env = unwrap(environment(testHalfSpace(4, 0), 900, 300));
  const r = unwrap(localFieldTemperature(env, omega, [0, 0, 0.2], [D, 0, 0], { relTol: 1e-9 }));
  assert.ok(r.Teff > 400, `T_eff = ${r.Teff}`);
});

test("with a cold body (T_S = 0) absorption comes from the surroundings only: n_W (Im G - A_S) is positive semidefinite", () => {
  // Im G - A_S is the surroundings' share of the field; if A_S were too large anywhere (wrong factor, wrong
  // weight) this matrix would acquire a negative eigenvalue for some dipoles.
  const body = testSlab(9.4, 0.3, 0.05e-6);
  fc.assert(
    fc.property(randomGeometry, ({ omega: w, atoms }) => {
      const env = unwrap(environment(body, 0, 300));
      const t = transitionsOf(atoms, w);
      const n = t.length;
      const table = unwrap(computeRates(env, t, allPairs(n), { relTol: 1e-9 }));
      const re = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      const im = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      table.local.forEach((l, i) => (re[i][i] = l.gammaMinus));
      for (const p of table.pairs) {
        re[Number(p.i.slice(1))][Number(p.j.slice(1))] = p.gammaMinus.re;
        im[Number(p.i.slice(1))][Number(p.j.slice(1))] = p.gammaMinus.im;
      }
      const scale = Math.max(...table.local.map((l) => l.gammaPlus));
      for (const l of table.local) assert.ok(l.gammaMinus >= -1e-7 * scale, `gamma- = ${l.gammaMinus}`);
      assert.ok(isPsd(re, im, 1e-7 * scale));
    }),
    { numRuns: 10 },
  );
});

test("scaleRateTable divides every rate and coupling by the unit and keeps temperatures", () => {
  const env = unwrap(environment(testSlab(9.4, 0.3, 0.05e-6), 900, 300));
  const t: FieldTransition[] = [
    { id: "a", omega, dipole: [D, 0, 0], position: [0, 0, 2e-6] },
    { id: "b", omega, dipole: [0, D, D], position: [3e-6, 1e-6, 2e-6] },
  ];
  const table = unwrap(computeRates(env, t, [["a", "b"]]));
  const unit = freeSpaceRate(omega, [D, 0, 0]);
  const scaled = scaleRateTable(table, unit);
  assert.ok(Math.abs(scaled.local[0].gammaPlus * unit - table.local[0].gammaPlus) < 1e-12 * table.local[0].gammaPlus);
  assert.equal(scaled.local[1].Teff, table.local[1].Teff);
  assert.ok(Math.abs(scaled.pairs[0].gammaMinus.im * unit - table.pairs[0].gammaMinus.im) <= 1e-12 * Math.abs(table.pairs[0].gammaMinus.im));
  assert.ok(Math.abs(scaled.pairs[0].lambda * unit - table.pairs[0].lambda) <= 1e-12 * Math.abs(table.pairs[0].lambda));
});

test("an index-matched absorbing half-space is a black body filling half the sky: gamma+ = Gamma0 (1 + (n_W + n_S)/2)", () => {
  // eps = 1 + i eta, eta -> 0: no reflection, everything entering is absorbed, so the upward half of the
  // plane waves comes from the body at T_S and the downward half from the walls at T_W. Independent of the
  // orientation and height; corrections vanish like sqrt(eta) (evanescent waves with kappa < sqrt(eta) k0).
  const nW = boseEinstein(omega, 300);
  const nS = boseEinstein(omega, 900);
  const expected = 1 + (nW + nS) / 2;
  const deviation = (eta: number, z: number, d: Vec3): [number, number] => {
    const r = unwrap(localFieldTemperature(unwrap(environment(testHalfSpace(1, eta), 900, 300)), omega, [0, 0, z], d));
    const g0 = freeSpaceRate(omega, d);
    return [r.gammaPlus / g0 / expected - 1, r.gammaMinus / g0 / (expected - 1) - 1];
  };
  for (const z of [10e-6, 1e-3]) {
    for (const d of [[D, 0, 0], [0, 0, D]] as Vec3[]) {
      const [plus10, minus10] = deviation(1e-10, z, d);
      const [plus8] = deviation(1e-8, z, d);
      assert.ok(Math.abs(plus10) < 1e-5 && Math.abs(minus10) < 1e-5, `z=${z}: ${plus10}, ${minus10}`);
      assert.ok(Math.abs(plus8 / plus10 - 10) < 1, "deviation scales like sqrt(eta)");
    }
  }
});

test("near a perfect conductor Lambda_ij is the static interaction with the other dipole and its image", () => {
  // k0 z, k0 R ~ 1e-3: quasi-static. The image of d = (dx, dy, dz) at (x, y, z) is (-dx, -dy, dz) at (x, y, -z).
  const env = unwrap(environment(testHalfSpace(1e12, 1e12), 300, 300));
  const k0 = omega / 299792458;
  const z = 1e-3 / k0;
  const d1: Vec3 = [D, 0.4 * D, 0.8 * D];
  const d2: Vec3 = [-0.3 * D, D, 0.5 * D];
  const r1: Vec3 = [0, 0, z];
  const r2: Vec3 = [1.5 * z, -0.7 * z, 2 * z];
  const pair = unwrap(computeRates(env, [
    { id: "a", omega, dipole: d1, position: r1 },
    { id: "b", omega, dipole: d2, position: r2 },
  ], [["a", "b"]], { relTol: 1e-10 })).pairs[0];
  const staticEnergy = (p: Vec3, q: Vec3, from: Vec3, to: Vec3): number => {
    const sep: Vec3 = [to[0] - from[0], to[1] - from[1], to[2] - from[2]];
    const r = Math.hypot(...sep);
    const u: Vec3 = [sep[0] / r, sep[1] / r, sep[2] / r];
    const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    return (dot(p, q) - 3 * dot(p, u) * dot(q, u)) / (4 * Math.PI * EPS0 * HBAR * r ** 3);
  };
  const image1: Vec3 = [-d1[0], -d1[1], d1[2]];
  const expected = staticEnergy(d1, d2, r1, r2) + staticEnergy(image1, d2, [r1[0], r1[1], -r1[2]], r2);
  assert.ok(Math.abs(pair.lambda / expected - 1) < 1e-4, `${pair.lambda} vs ${expected}`);
});

test("absorption that underflows double precision (hbar w / kB T > ~745) is an error, not T_eff = 0 K", () => {
  const env = unwrap(environment(null, 900, 300));
  const w = 1e20; // hbar w / kB T_S = 8.5e5: n(w, T) = exp(-8.5e5) is 0 in double precision
  const r = computeRates(env, [{ id: "x", omega: w, dipole: [D, 0, 0], position: [0, 0, 1e-6] }], []);
  assert.ok(E.isLeft(r), `expected an error, got T_eff = ${E.isRight(r) ? r.right.local[0].Teff : ""}`);
  assert.equal(r.left.reason, "frequency");
  assert.match(r.left.message, /underflow/);
  // at T = 0 K absorption is exactly zero: T_eff = 0 is the right answer there
  const cold = unwrap(computeRates(unwrap(environment(null, 0, 0)), [{ id: "x", omega, dipole: [D, 0, 0], position: [0, 0, 1e-6] }], []));
  assert.equal(cold.local[0].Teff, 0);
  // free space sees only the walls: TS > 0 with TW = 0 is an exact 0 K field, not an underflow
  const walls0 = unwrap(computeRates(unwrap(environment(null, 1, 0)), [{ id: "x", omega, dipole: [D, 0, 0], position: [0, 0, 1e-6] }], []));
  assert.equal(walls0.local[0].Teff, 0);
});

test("a transparent body (eps = 1) with cold walls: gamma- is 0 (not -1e-17 from rounding) and T_eff = 0 K, never NaN", () => {
  const env = unwrap(environment(testSlab(1, 0, 5e-8), 900, 0));
  const r = unwrap(computeRates(env, [{ id: "x", omega, dipole: [D, 0, 0], position: [0, 0, 2.7e-6] }], []));
  const l = r.local[0];
  assert.ok(l.gammaMinus >= 0, `gamma- = ${l.gammaMinus}`);
  assert.equal(l.Teff, 0);
  assert.ok(Number.isFinite(l.relError) && l.relError < 1e-6, `relError ${l.relError}`);
});

test("absurd heights (1e308 m, a subnormal 1e-320 m) give a typed error naming the input, never NaN rates", () => {
  const env = unwrap(environment(testSlab(9.4, 0.016, 5e-8), 900, 300));
  for (const z of [1e308, 1e-320]) {
    const r = computeRates(env, [{ id: "x", omega, dipole: [D, 0, 0], position: [0, 0, z] }], []);
    assert.ok(E.isLeft(r), `z = ${z}: expected an error, got ${E.isRight(r) ? JSON.stringify(r.right.local[0]) : ""}`);
    assert.match(r.left.message, /not finite/);
    assert.match(r.left.message, new RegExp(`z = ${z}`.replace("+", "\\+")));
  }
});

test("T_eff in the classical limit hbar omega << kB T: equilibrium gives T, never Infinity (log1p of the spontaneous part)", () => {
  // gamma+/gamma- = 1 + 1/n rounds to 1 for n > 1e16; T_eff must come from gamma+ - gamma- = K d.ImG.d itself.
  const env = unwrap(environment(testSlab(4, 1e-9, 0.5e-6), 300, 300));
  for (const w of [1e-10, 1e2, 8.1e12]) {
    for (const d of [[D, 0, 0], [0, 0, D]] as Vec3[]) {
      const r = unwrap(localFieldTemperature(env, w, [0, 0, 2.7e-6], d));
      assert.ok(Math.abs(r.Teff / 300 - 1) < 1e-9, `omega ${w}: T_eff = ${r.Teff}`);
    }
  }
});

test("temperatures above 1e9 K are refused with a typed error (at 1e305 K the occupations overflowed to T_eff = Infinity)", () => {
  for (const [TS, TW] of [[1e305, 1e305], [900, 1e10]]) {
    const env = environment(null, TS, TW);
    assert.ok(E.isLeft(env));
    assert.match(env.left.message, /above 1e\+9 K/);
  }
  assert.ok(E.isRight(environment(null, 1e9, 300)));
});
