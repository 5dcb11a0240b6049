// Guided-mode poles of the paper's thin sapphire slab and their loss-independent share of the field.
// Everything expected here is computed in this file from the slab formulas of BRIEF §3 with its own
// complex arithmetic; only the quantities under test come from the production code.
// Theory: theory/green-tensor.md §4 (poles) and §4a (residue, lossless limit).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Vec3 } from "../../src/math/vec3.js";
import { environment } from "../../src/electrodynamics/environment.js";
import { sapphire } from "../../src/electrodynamics/materials/sapphire.js";
import { slab, type ModePole } from "../../src/electrodynamics/planar.js";
import { localFieldTemperature } from "../../src/electrodynamics/rates.js";
import { boseEinstein } from "../../src/units.js";
import { testSlab, unwrap } from "./helpers.js";

const C = 299792458;
const OMEGA_A = 8.1e12;
const K0 = OMEGA_A / C;
const DELTA = 0.05e-6; // k0 delta = 1.351e-3 (not 1.35e-6: k0 = 2.70e4 /m)
const D = 1e-29;

// --- minimal complex arithmetic, independent of src/math/complex.ts -------------------------------
type Cx = readonly [number, number];
const cadd = (a: Cx, b: Cx): Cx => [a[0] + b[0], a[1] + b[1]];
const csub = (a: Cx, b: Cx): Cx => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: Cx, b: Cx): Cx => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: Cx, b: Cx): Cx => {
  const n = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / n, (a[1] * b[0] - a[0] * b[1]) / n];
};
const cexp = (a: Cx): Cx => [Math.exp(a[0]) * Math.cos(a[1]), Math.exp(a[0]) * Math.sin(a[1])];
const csqrt = (a: Cx): Cx => {
  const m = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((m + a[0]) / 2);
  const im = Math.sqrt(Math.max(0, (m - a[0]) / 2));
  return [re, a[1] < 0 ? -im : im]; // principal root, Re >= 0; the zero set of D does not depend on the branch
};
const cabs = (a: Cx): number => Math.hypot(a[0], a[1]);

/**
 * The slab's multiple-reflection denominator D = 1 - r_p^2 exp(2 i kzm delta) of BRIEF §3 at complex
 * sigma = kappa/k0 (kz = i kappa, i.e. s = kz/k0 = i sigma), written from the brief's formulas.
 */
const slabDenominator = (eps: Cx, d: number, tm: boolean, sigma: Cx): Cx => {
  const s: Cx = [-sigma[1], sigma[0]]; // i sigma
  const sm = csqrt(cadd(csub(eps, [1, 0]), cmul(s, s)));
  const a = tm ? cmul(eps, s) : s;
  const r = cdiv(csub(a, sm), cadd(a, sm));
  const X = cexp(cmul([0, 2 * d], sm));
  return csub([1, 0], cmul(cmul(r, r), X));
};

test("the pole finder returns the TE0 and TM0 guided modes of the paper's slab where 1 - r_p^2 exp(2 i kzm delta) vanishes", () => {
  // Sapphire ordinary ray (Gervais-Piriou) at omega_a = 8.1e12 rad/s, delta = 0.05 um. The poles are in
  // sigma = kappa/k0 (kz = i kappa), i.e. kz/k0 = i sigma. With the far-IR loss (Im eps = 0.016) they sit at
  // TE0 ~ 5.70e-3 + 1.08e-5 i, TM0 ~ 6.04e-4 + 1.21e-7 i; the bare model (Im eps = 0.00157) has the
  // same real parts and ten times narrower widths (thin film: Im sigma_TE = Im eps k0 delta / 2,
  // Im sigma_TM = (k0 delta / 2) Im eps / |eps|^2).
  const cases = [
    { loss: undefined, te: [5.6992e-3, 1.0580e-6], tm: [6.0389e-4, 1.1880e-8] },
    { loss: "palik-fir" as const, te: [5.6992e-3, 1.0807e-5], tm: [6.0389e-4, 1.2135e-7] },
  ];
  for (const c of cases) {
    const body = unwrap(slab(unwrap(sapphire({ ray: "ordinary", farInfraredLoss: c.loss })), DELTA));
    const response = unwrap(body.at(OMEGA_A));
    const eps: Cx = [response.epsilon.re, response.epsilon.im];
    const d = response.k0 * DELTA;
    assert.ok(Math.abs(d / 1.35093e-3 - 1) < 1e-4, `k0 delta = ${d}`);
    const poles = response.poles();
    for (const [pol, expected] of [
      ["TE", c.te],
      ["TM", c.tm],
    ] as const) {
      const found = poles.filter((p: ModePole) => p.polarisation === pol && p.sigma.re < Math.sqrt(eps[0] - 1));
      assert.equal(found.length, 1, `${c.loss ?? "model"}: exactly one ${pol} guided mode, got ${JSON.stringify(poles)}`);
      const sigma: Cx = [found[0].sigma.re, found[0].sigma.im];
      assert.ok(Math.abs(sigma[0] / expected[0] - 1) < 1e-4, `${pol} Re sigma = ${sigma[0]}`);
      assert.ok(Math.abs(sigma[1] / expected[1] - 1) < 1e-3, `${pol} Im sigma = ${sigma[1]}`);
      // Thin-film widths as an order-of-magnitude cross-check (they neglect O(sigma^2, d) corrections).
      const thin = pol === "TE" ? (eps[1] * d) / 2 : ((d / 2) * eps[1]) / (eps[0] ** 2 + eps[1] ** 2);
      assert.ok(Math.abs(sigma[1] / thin - 1) < 0.03, `${pol}: Im sigma ${sigma[1]} vs thin film ${thin}`);
      // D vanishes at the returned pole: the Newton distance |D / D'| to the true zero is below 1e-4 of the
      // mode's half-width Im sigma, so breakpoints at Re sigma +- 4^m Im sigma resolve the Lorentzian.
      const tm = pol === "TM";
      const Dp = slabDenominator(eps, d, tm, sigma);
      const h = 1e-6 * sigma[0];
      const dD = cdiv(csub(slabDenominator(eps, d, tm, [sigma[0] + h, sigma[1]]), slabDenominator(eps, d, tm, [sigma[0] - h, sigma[1]])), [2 * h, 0]);
      const newton = cabs(Dp) / cabs(dD);
      assert.ok(newton < 1e-4 * sigma[1], `${c.loss ?? "model"} ${pol}: |D/D'| = ${newton} vs half-width ${sigma[1]}`);
      // ... and D is not small just anywhere: one half-width away it is |D'| Im sigma.
      const off = cabs(slabDenominator(eps, d, tm, [sigma[0] + sigma[1], sigma[1]]));
      assert.ok(off > 0.5 * cabs(dD) * sigma[1], `${pol}: D one half-width away = ${off}`);
    }
  }
});

// --- analytic residue of rho at a lossless guided mode (theory/green-tensor.md §4a) -------------------
// For real eps and 0 < sigma < sqrt(eps - 1): sm = sqrt(eps - 1 - sigma^2) is real and
//   rho_p = N / F,  N = (a^2 - sm^2) S,  F = (a^2 + sm^2) S + 2 i a C,  a = i e sigma (e = 1 TE, eps TM),
//   S = sin(sm d)/sm, C = cos(sm d); F = (sm^2 - e^2 sigma^2) S - 2 e sigma C is real.
const lossless = (eps: number, d: number, tm: boolean, sigma: number): { F: number; dF: number; N: number } => {
  const e = tm ? eps : 1;
  const u = eps - 1 - sigma * sigma; // sm^2
  const sm = Math.sqrt(u);
  const S = Math.sin(sm * d) / sm;
  const Cs = Math.cos(sm * d);
  const dSdu = (d * Cs - S) / (2 * u);
  const dCdu = (-d / 2) * S;
  const du = -2 * sigma;
  const F = (u - e * e * sigma * sigma) * S - 2 * e * sigma * Cs;
  const dF = (du - 2 * e * e * sigma) * S + (u - e * e * sigma * sigma) * dSdu * du - 2 * e * Cs - 2 * e * sigma * dCdu * du;
  const N = (-e * e * sigma * sigma - u) * S;
  return { F, dF, N };
};
/** Lossless guided mode sigma_0 (real Newton from the thin-film estimate) and the residue R = N / F' of rho there. */
const losslessMode = (eps: number, d: number, tm: boolean): { sigma: number; residue: number } => {
  let sigma = tm ? ((eps - 1) * d) / (2 * eps) : ((eps - 1) * d) / 2;
  for (let it = 0; it < 40; it++) {
    const f = lossless(eps, d, tm, sigma);
    sigma -= f.F / f.dF;
  }
  const f = lossless(eps, d, tm, sigma);
  assert.ok(Math.abs(f.F) < 1e-15, "lossless mode found");
  return { sigma, residue: f.N / f.dF };
};

/**
 * Loss-independent share of gamma^- / (Gamma0 n_S) at height z (T_W = 0, so gamma^- = K n_S d.A_S.d):
 * 2 Im rho_p -> 2 pi R_p delta(sigma - sigma_p), so (theory/green-tensor.md §4a)
 *   x dipole: (3 pi / 4) [R_TE e^{-2 sigma_TE k0 z} + R_TM sigma_TM^2 e^{-2 sigma_TM k0 z}],
 *   z dipole: (3 pi / 2) R_TM (1 + sigma_TM^2) e^{-2 sigma_TM k0 z}.
 */
const residueShare = (eps: number, d: number, z: number): { x: number; z: number } => {
  const te = losslessMode(eps, d, false);
  const tm = losslessMode(eps, d, true);
  const Z = K0 * z;
  return {
    x: ((3 * Math.PI) / 4) * (te.residue * Math.exp(-2 * te.sigma * Z) + tm.residue * tm.sigma ** 2 * Math.exp(-2 * tm.sigma * Z)),
    z: ((3 * Math.PI) / 2) * tm.residue * (1 + tm.sigma ** 2) * Math.exp(-2 * tm.sigma * Z),
  };
};

/** gamma^- / (Gamma0 n_S) from the production rates with cold walls: the slab-emission tensor A_S in units of Im G0. */
const slabShare = (eps: number, eta: number, z: number, dipole: Vec3, relTol?: number): number => {
  const env = unwrap(environment(testSlab(eps, eta, DELTA), 900, 0));
  const r = unwrap(localFieldTemperature(env, OMEGA_A, [0, 0, z], dipole, relTol === undefined ? {} : { relTol }));
  return r.gammaMinus / (r.gammaFree * boseEinstein(OMEGA_A, 900));
};

test("as Im eps -> 0+ the slab's emission at the paper's height tends to the guided modes' residue 2 pi R_p (BRIEF §3 'Careful')", () => {
  // eps = 9.437 + i eta (sapphire's Re eps at omega_a), delta = 0.05 um, z = 2.7 um, T_W = 0. Everything but
  // the two guided modes scales like eta (propagating absorptivity ~ k0 delta eta, near-field TM absorption
  // ~ eta k0 delta / (k0 z)^4); the modes keep 2 pi R_p whatever the loss. Linear extrapolation from
  // eta = 1e-6, 1e-7 to 0 must give the residue value; so must eta = 1e-7 alone, to 1e-3.
  // (At this default relTol = 1e-8 the adaptive rule happens to find the poles without breakpoints, driven
  // there by the 1/(sigma - sigma_p) tails of Re rho in the other components; the next test is the one that
  // needs the pole finder.)
  const eps = 9.437;
  const z = 2.7e-6;
  const expected = residueShare(eps, K0 * DELTA, z);
  assert.ok(Math.abs(expected.x / 0.0134165 - 1) < 1e-4 && Math.abs(expected.z / 0.00284552 - 1) < 1e-4, JSON.stringify(expected));
  for (const [name, dipole, want] of [
    ["x", [D, 0, 0], expected.x],
    ["z", [0, 0, D], expected.z],
  ] as const) {
    const a6 = slabShare(eps, 1e-6, z, dipole as Vec3);
    const a7 = slabShare(eps, 1e-7, z, dipole as Vec3);
    const extrapolated = a7 - (a6 - a7) / 9;
    assert.ok(Math.abs(extrapolated / want - 1) < 3e-6, `${name}: eta -> 0 gives ${extrapolated}, residue ${want} (${extrapolated / want - 1})`);
    assert.ok(Math.abs(a7 / want - 1) < 1e-3, `${name}: eta = 1e-7 gives ${a7}, residue ${want}`);
    // the remainder really is proportional to the loss (this is what makes the extrapolation legitimate)
    assert.ok(Math.abs((a6 - want) / (a7 - want) / 10 - 1) < 0.05, `${name}: remainder not linear in eta`);
  }
});

test("at a loose user tolerance (relTol 1e-3, 1e-4) the guided modes are still found: the share matches the residue to 2e-3", () => {
  // A user asking for 1e-4 (CLI --rel-tol) must not lose the TM0 mode (relative half-width 1.3e-9 at
  // eta = 1e-7): with the pole finder disabled the z-dipole share drops from 2.85e-3 to 1.0e-6 here while the
  // reported relError stays ~2e-5, the silent miss BRIEF §3 warns about.
  const eps = 9.437;
  const z = 2.7e-6;
  const expected = residueShare(eps, K0 * DELTA, z);
  for (const relTol of [1e-3, 1e-4]) {
    const x = slabShare(eps, 1e-7, z, [D, 0, 0], relTol);
    const zz = slabShare(eps, 1e-7, z, [0, 0, D], relTol);
    assert.ok(Math.abs(x / expected.x - 1) < 2e-3, `relTol ${relTol}, x: ${x} vs ${expected.x}`);
    assert.ok(Math.abs(zz / expected.z - 1) < 2e-3, `relTol ${relTol}, z: ${zz} vs ${expected.z}`);
  }
});

test("the guided-mode share decays as e^{-2 sigma_p k0 z}: z = 20 um against the residue formula", () => {
  // Further out the near-field absorption is (2.7/20)^4 smaller and eta = 1e-7 alone matches to 1e-6.
  const eps = 9.437;
  const z = 20e-6;
  const expected = residueShare(eps, K0 * DELTA, z);
  const x = slabShare(eps, 1e-7, z, [D, 0, 0]);
  const zz = slabShare(eps, 1e-7, z, [0, 0, D]);
  assert.ok(Math.abs(x / expected.x - 1) < 1e-6, `x: ${x} vs ${expected.x}`);
  assert.ok(Math.abs(zz / expected.z - 1) < 1e-6, `z: ${zz} vs ${expected.z}`);
});

test("nearly lossless slab below Im sigma/Re sigma ~ 1e-11: the guided-mode weight is still 2 pi R_p (the branch-free thin-slab form, theory/green-tensor.md §4a)", () => {
  // rho = r(1 - X)/(1 - r^2 X) cancelled O(1) terms near the pole: at eta = 1e-11 the TM0 weight came out
  // 0.6 % low while relError reported ~1e-5. planar.ts now evaluates rho = (a^2 - sm^2) S / F there.
  const eps = 9.437;
  const z = 20e-6;
  const expected = residueShare(eps, K0 * DELTA, z);
  const zz = slabShare(eps, 1e-11, z, [0, 0, D]);
  assert.ok(Math.abs(zz / expected.z - 1) < 1e-5, `z: ${zz} vs ${expected.z} (${zz / expected.z - 1})`);
});
