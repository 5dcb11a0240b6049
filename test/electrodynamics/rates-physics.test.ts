// Physical constraints on the rates that do not hold automatically by construction of rates.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Vec3 } from "../../src/math/vec3.js";
import { environment } from "../../src/electrodynamics/environment.js";
import { computeRates, type FieldTransition, type RateTable } from "../../src/electrodynamics/rates.js";
import { sapphire } from "../../src/electrodynamics/materials/sapphire.js";
import { slab } from "../../src/electrodynamics/planar.js";
import { testSlab, unwrap } from "./helpers.js";

const D = 1e-29;
const omega = 8.1e12;

// --- 3. the conjugate in gamma^+ --------------------------------------------------------------------
// The rates API takes real dipoles only (FieldTransition.dipole is a real Vec3, validated as such), so
// the equilibrium KMS check with circular dipoles (gamma-_ij = e^{-beta hbar w} gamma+_ji) cannot be
// posed: for real dipoles every equilibrium rate is real and the conjugate is invisible there.
// Out of equilibrium the conjugate is pinned by the field commutator instead. From theory/ote-rates.md §1,
//   gamma+_ij = d_j^* . S+(r_j, r_i) . d_i,   gamma-_ji = d_j^* . S(r_j, r_i) . d_i,
// with S+_ab(r, r') the spectrum of <E+_a(r) E-_b(r')> and S_ab(r, r') that of <E-_b(r') E+_a(r)>.
// Their difference is the spectrum of the commutator [E+_a(r), E-_b(r')], a c-number: the same in
// every state of the field. Hence, for every pair and every T_S, T_W,
//   gamma+_ij(T_S, T_W) - gamma-_ji(T_S, T_W) = gamma+_ij(0, 0)      (complex; the right side is real).
// Dropping the conjugate in gamma+ leaves 2 i K (n_S - n_W) Im(d_i.A_S.d_j) on the left.

const mixedPair = (zA: number, zB: number, lateral: number): FieldTransition[] => [
  { id: "a", omega, dipole: [D, 0.4 * D, 0], position: [0, 0, zA] }, // in-plane
  { id: "b", omega, dipole: [0, 0, D], position: [lateral, -0.5 * lateral, zB] }, // normal, other lateral position
];
// A thick absorbing slab seen from a few wavelengths/10 away: the in-plane/normal imaginary part is ~1e-2 of
// the rate scale there (above the paper's thin sapphire slab it is ~1e-7, as the brief says).
const greyBody = testSlab(4, 2, 20e-6);

test("Hermitian rate matrix with a non-zero imaginary part: gamma+_ab = conj(gamma+_ba), gamma-_ab = conj(gamma-_ba) (in-plane and normal dipole)", () => {
  const sapphireSlab = unwrap(slab(unwrap(sapphire({ farInfraredLoss: "palik-fir" })), 0.05e-6));
  for (const [body, zA, zB, lateral, minIm] of [
    [sapphireSlab, 2.7e-6, 2.7e-6, 3e-6, 1e-8],
    [sapphireSlab, 1e-6, 2.2e-6, 3e-6, 1e-8],
    [greyBody, 20e-6, 20e-6, 60e-6, 1e-3],
    [greyBody, 10e-6, 25e-6, 60e-6, 1e-3],
  ] as const) {
    const t = mixedPair(zA, zB, lateral);
    const table = unwrap(computeRates(unwrap(environment(body, 900, 300)), t, [["a", "b"], ["b", "a"]]));
    const [ab, ba] = table.pairs;
    const scale = Math.sqrt(table.local[0].gammaPlus * table.local[1].gammaPlus);
    for (const which of ["gammaPlus", "gammaMinus"] as const) {
      const im = ab[which].im;
      assert.ok(Math.abs(im) > minIm * scale, `${which}: Im = ${im / scale} of the scale, too small to test`);
      assert.ok(Math.abs(ab[which].re - ba[which].re) <= 1e-9 * Math.abs(ab[which].re) + 1e-15 * scale, `${which}: Re not symmetric`);
      assert.ok(Math.abs(im + ba[which].im) <= 1e-6 * Math.abs(im), `${which}: Im not antisymmetric: ${im} vs ${ba[which].im}`);
    }
    // and the imaginary parts of gamma+ and gamma- are opposite (both are -/+ K (n_S - n_W) Im d_a.A_S.d_b)
    assert.ok(Math.abs(ab.gammaPlus.im + ab.gammaMinus.im) <= 1e-9 * Math.abs(ab.gammaPlus.im));
  }
});

test("field commutator: gamma+_ij - gamma-_ji does not depend on the temperatures (it is the vacuum rate), imaginary parts included", () => {
  for (const [zA, zB, lateral] of [[20e-6, 20e-6, 60e-6], [10e-6, 25e-6, 60e-6], [2e-6, 3e-6, 5e-6]]) {
    const t = mixedPair(zA, zB, lateral);
    const rates = (TS: number, TW: number): RateTable =>
      unwrap(computeRates(unwrap(environment(greyBody, TS, TW)), t, [["a", "b"], ["b", "a"]], { relTol: 1e-10 }));
    const vacuum = rates(0, 0);
    const scale = Math.sqrt(vacuum.local[0].gammaPlus * vacuum.local[1].gammaPlus);
    assert.ok(Math.abs(vacuum.pairs[0].gammaPlus.im) <= 1e-12 * scale, "vacuum rates are real for real dipoles");
    for (const [TS, TW] of [[900, 300], [300, 900], [2000, 50]]) {
      const r = rates(TS, TW);
      for (const [ij, ji] of [[0, 1], [1, 0]]) {
        const plus = r.pairs[ij].gammaPlus;
        const minusJi = r.pairs[ji].gammaMinus;
        const v = vacuum.pairs[ij].gammaPlus;
        assert.ok(Math.abs(plus.im) > 1e-5 * scale, `T = ${TS}/${TW}: imaginary part ${plus.im / scale} too small to test`);
        assert.ok(Math.abs(plus.re - minusJi.re - v.re) <= 1e-9 * scale, `T = ${TS}/${TW} ${ij}: Re ${plus.re - minusJi.re} vs ${v.re}`);
        assert.ok(Math.abs(plus.im - minusJi.im - v.im) <= 1e-9 * scale, `T = ${TS}/${TW} ${ij}: Im ${plus.im - minusJi.im} vs ${v.im}`);
      }
      // the same for each transition: gamma+ - gamma- is the vacuum rate
      r.local.forEach((l, i) => assert.ok(Math.abs(l.gammaPlus - l.gammaMinus - vacuum.local[i].gammaPlus) <= 1e-9 * l.gammaPlus));
    }
  }
});

// --- 5. positivity of each source's share (not automatic: A_S and Im G are integrated separately) ------

const randomGeometry = fc.record({
  omega: fc.double({ min: 2e12, max: 1e14, noNaN: true }),
  atoms: fc.array(
    fc.record({
      x: fc.double({ min: -5e-6, max: 5e-6, noNaN: true }),
      y: fc.double({ min: -5e-6, max: 5e-6, noNaN: true }),
      z: fc.double({ min: 0.1e-6, max: 4e-6, noNaN: true }),
      d: fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
    }),
    { minLength: 2, maxLength: 3 },
  ),
});
const transitionsOf = (atoms: { x: number; y: number; z: number; d: [number, number, number] }[], w: number): FieldTransition[] =>
  atoms.map((a, i) => ({ id: `a${i}`, omega: w, dipole: [D * (a.d[0] + 1e-3), D * a.d[1], D * a.d[2]], position: [a.x + i * 1e-7, a.y, a.z] }));
const allPairs = (n: number): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out.push([`a${i}`, `a${j}`]);
  return out;
};

/** Smallest eigenvalue of a 2x2 or 3x3 Hermitian matrix >= -tol, by Cholesky with a shift. */
const isPsd = (re: number[][], im: number[][], tol: number): boolean => {
  const n = re.length;
  const lr = re.map((r, i) => r.map((v, j) => v + (i === j ? tol : 0)));
  const li = im.map((r) => [...r]);
  for (let k = 0; k < n; k++) {
    const p = lr[k][k];
    if (!(p > 0)) return false;
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) {
        // a_ij -= a_ik conj(a_jk) / p ; a_kj = conj(a_jk)
        lr[i][j] -= (lr[i][k] * lr[k][j] - li[i][k] * li[k][j]) / p;
        li[i][j] -= (lr[i][k] * li[k][j] + li[i][k] * lr[k][j]) / p;
      }
    }
  }
  return true;
};

const rateMatrix = (table: RateTable, which: "gammaPlus" | "gammaMinus"): { re: number[][]; im: number[][] } => {
  const n = table.local.length;
  const re = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const im = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  table.local.forEach((l, i) => (re[i][i] = l[which]));
  for (const p of table.pairs) {
    re[Number(p.i.slice(1))][Number(p.j.slice(1))] = p[which].re;
    im[Number(p.i.slice(1))][Number(p.j.slice(1))] = p[which].im;
  }
  return { re, im };
};

test("cold walls (T_W = 0): gamma-_ij = K n_S d_i.A_S.d_j, the body's share, is Hermitian positive semidefinite for random geometries", () => {
  // A_S is its own integral (absorptivities, 2 Im rho, its own tensor assembly with the in-plane/normal
  // entries of either symmetry); nothing in rates.ts makes it positive. Heights differ, so the
  // propagating phase e^{i kz (z_i - z_j)} and the evanescent e^{-kappa (z_i + z_j)} both enter.
  const bodies = [testSlab(9.4, 0.3, 0.05e-6), testSlab(-3, 0.5, 0.3e-6), testSlab(4, 1e-3, 1e-6)];
  fc.assert(
    fc.property(randomGeometry, fc.integer({ min: 0, max: bodies.length - 1 }), ({ omega: w, atoms }, b) => {
      const t = transitionsOf(atoms, w);
      const table = unwrap(computeRates(unwrap(environment(bodies[b], 900, 0)), t, allPairs(t.length), { relTol: 1e-8 }));
      const { re, im } = rateMatrix(table, "gammaMinus");
      const trace = re.reduce((s, r, i) => s + r[i], 0);
      assert.ok(trace > 0);
      for (const l of table.local) assert.ok(l.gammaMinus >= 0, `gamma- = ${l.gammaMinus}`);
      assert.ok(isPsd(re, im, 1e-9 * trace), `body ${b}: A_S not PSD ${JSON.stringify({ re, im })}`);
    }),
    { numRuns: 12 },
  );
});

test("cold body (T_S = 0) in the near field: the walls' share Im G - A_S stays below 2 Im G0 while Im G itself is 1e4-1e9 Im G0", () => {
  // The walls reach the atom only through propagating waves: downward waves of weight 1/(16 pi^2) each,
  // their reflection and the waves transmitted through the slab. For an x or z dipole
  // |d.(e^- + rho e^+)|^2 + |tau|^2 |d.e|^2 <= (2 + 2|rho|) |d.e|^2 <= 4 |d.e|^2, i.e. d.W.d <= 2 d.Im G0.d.
  // In the near field Im G_R ~ Im r / (k0 z)^3 is enormous; the bound therefore needs the evanescent
  // part of A_S to cancel that of Im G_R to ~1e-10 (a wrong factor in either gives |gamma-| ~ Gamma0 n_W 1e9).
  const body = testSlab(9.4, 0.3, 0.05e-6);
  const env = unwrap(environment(body, 0, 300));
  for (const z of [5e-9, 20e-9, 100e-9]) {
    for (const d of [[D, 0, 0], [0, 0, D]] as Vec3[]) {
      const l = unwrap(computeRates(env, [{ id: "x", omega, dipole: d, position: [0, 0, z] }], [])).local[0];
      const nW = 1 / Math.expm1((1.054571817e-34 * omega) / (1.380649e-23 * 300));
      const walls = l.gammaMinus / (l.gammaFree * nW);
      const total = (l.gammaPlus - l.gammaMinus) / l.gammaFree; // K d.Im G.d / Gamma0
      assert.ok(total > 1e4, `z=${z}: Im G / Im G0 = ${total}`);
      assert.ok(walls >= 0 && walls <= 2 * (1 + 1e-9), `z=${z} d=${d}: walls' share ${walls} Im G0`);
    }
  }
});
