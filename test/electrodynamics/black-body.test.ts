// A fictitious perfectly black planar body: rho_p = tau_p = 0 for every k (implemented here through the
// PlanarBody / PlanarResponse interface, no material behind it). Then G_R = 0, the evanescent part of A_S
// vanishes (2 Im rho = 0) and the propagating part has absorptivity 1 on every upward plane wave:
//   A_S(r_i, r_j) = 1/(16 pi^2) Int_{k<k0} d^2k / kz sum_p e_p^+ (e_p^+)^dagger e^{i k.(r_i - r_j)}   (same height),
// the upward half of the angular spectrum of Im G0 = 1/(8 pi^2) Re Int_{k<k0} d^2k / kz sum_p e_p^+ (e_p^+)^T e^{i k.R}.
// Consequences checked through computeRates (derivation: theory/ote-rates.md §4 "Black body", and below).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../src/math/complex.js";
import type { Vec3 } from "../../src/math/vec3.js";
import { environment } from "../../src/electrodynamics/environment.js";
import type { PlanarBody, PlanarResponse } from "../../src/electrodynamics/planar.js";
import { computeRates, freeSpaceRate, type FieldTransition } from "../../src/electrodynamics/rates.js";
import { besselJ2 } from "../../src/electrodynamics/bessel.js";
import { boseEinstein } from "../../src/units.js";
import { constantEps, unwrap } from "./helpers.js";

const C = 299792458;
const omega = 8.1e12;
const k0 = omega / C;
const D = 1e-29;
const TS = 900;
const TW = 300;
const nS = boseEinstein(omega, TS);
const nW = boseEinstein(omega, TW);

const blackBody = (): PlanarBody => ({
  kind: "black",
  description: "perfectly black planar body (rho = tau = 0)",
  material: constantEps(1, 0),
  at: (w: number) =>
    E.right<never, PlanarResponse>({
      omega: w,
      k0: w / C,
      epsilon: complex(1, 0),
      coefficients: (_sRe: number, _sIm: number, out: Float64Array) => out.fill(0, 0, 8),
      poles: () => [],
    }),
});

test("black body: A_S(r, r) = k0/(12 pi) I, so gamma- = Gamma0 (n_W + n_S)/2 and gamma+ = Gamma0 (1 + (n_W + n_S)/2) at every height and orientation", () => {
  const env = unwrap(environment(blackBody(), TS, TW));
  const cold = unwrap(environment(blackBody(), TS, 0)); // gamma- = K n_S d.A_S.d
  const dipoles: Vec3[] = [[D, 0, 0], [0, D, 0], [0, 0, D], [0.3 * D, -0.8 * D, 0.5 * D]];
  for (const z of [1e-8, 2.7e-6, 1e-3, 1]) {
    const t: FieldTransition[] = dipoles.map((d, i) => ({ id: `d${i}`, omega, dipole: d, position: [0, 0, z] }));
    const hot = unwrap(computeRates(env, t, []));
    const walls0 = unwrap(computeRates(cold, t, []));
    hot.local.forEach((l, i) => {
      const g0 = freeSpaceRate(omega, dipoles[i]);
      assert.ok(Math.abs(l.gammaMinus / (g0 * (nW + nS) / 2) - 1) < 1e-10, `z=${z} d${i}: gamma- ${l.gammaMinus / g0}`);
      assert.ok(Math.abs(l.gammaPlus / (g0 * (1 + (nW + nS) / 2)) - 1) < 1e-10, `z=${z} d${i}: gamma+ ${l.gammaPlus / g0}`);
      // A_S = Im G0 / 2: with cold walls only the body's half of the sky is thermally occupied
      assert.ok(Math.abs(walls0.local[i].gammaMinus / (g0 * nS / 2) - 1) < 1e-10, `z=${z} d${i}: A_S`);
    });
  }
});

// Im G0 = k0/(4 pi) [ (2 j0 - j2)/3 I + j2 u u ], x = k0 R (closed form, written here independently).
const imG0 = (sep: Vec3): number[] => {
  const R = Math.hypot(...sep);
  const x = k0 * R;
  const j0 = Math.sin(x) / x;
  const j2 = (3 / (x * x) - 1) * (Math.sin(x) / x) - (3 * Math.cos(x)) / (x * x);
  const out: number[] = [];
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) out.push((k0 / (4 * Math.PI)) * ((a === b ? (2 * j0 - j2) / 3 : 0) + (j2 * sep[a] * sep[b]) / (R * R)));
  return out;
};

test("black body, two points at the same height: Re A_S(r_i, r_j) = Im G0(r_i, r_j)/2 exactly; A_S also has an imaginary in-plane/normal part", () => {
  // Derivation. Same height: no z phase. Im G0 is the real part of the propagating angular integral with the
  // real dyads e^+ (e^+)^T (the evanescent part of G0 is real), A_S is half of the same integral without
  // taking the real part. After the azimuthal integral the in-plane/in-plane and normal/normal entries are
  // real (J0, J2 terms) and the in-plane/normal ones imaginary:
  //   A_S,xz = A_S,zx = 1/(16 pi^2) Int_0^k0 k dk / kz (-kz k / k0^2) 2 pi i J1(k R) cos phi
  //          = -i cos phi J2(k0 R) / (8 pi R),    Int_0^k0 k^2 J1(k R) dk = k0^2 J2(k0 R) / R,
  // and yz = zy the same with sin phi (phi = azimuth of r_i - r_j). So "the cross term is half of Im G0"
  // holds for the real part, i.e. for two in-plane or two normal dipoles; for an in-plane dipole paired
  // with a normal one (Im G0_xz = 0 at equal heights) A_S is purely imaginary and not zero. With K Im G0 =
  // Gamma0 (6 pi / k0) Im G0 / |d|^2:
  //   gamma-_ij / Gamma0 = (6 pi / k0) [n_W + (n_S - n_W)/2] Im G0_ab  -  i (3/4) (n_S - n_W) c J2(x) / x,
  //   gamma+_ij / Gamma0 = (6 pi / k0) [1 + n_W + (n_S - n_W)/2] Im G0_ab  +  i (3/4) (n_S - n_W) c J2(x) / x
  // (c = cos phi for a = x, sin phi for a = y, when d_i = e_a and d_j = e_z or the other way round; the sign
  // of the imaginary part flips between gamma- and gamma+ through the conjugate in gamma+).
  const env = unwrap(environment(blackBody(), TS, TW));
  const z = 1.3e-6;
  const axes: Vec3[] = [[D, 0, 0], [0, D, 0], [0, 0, D]];
  const dn = nS - nW;
  for (const [x, phi] of [[0.7, 0.4], [2.05, 2.5], [7.3, -1.1]] as const) {
    const R = x / k0;
    const ri: Vec3 = [R * Math.cos(phi), R * Math.sin(phi), z];
    const rj: Vec3 = [0, 0, z];
    const t: FieldTransition[] = [];
    const pairs: [string, string][] = [];
    for (let a = 0; a < 3; a++) t.push({ id: `i${a}`, omega, dipole: axes[a], position: ri });
    for (let b = 0; b < 3; b++) t.push({ id: `j${b}`, omega, dipole: axes[b], position: rj });
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) pairs.push([`i${a}`, `j${b}`]);
    const table = unwrap(computeRates(env, t, pairs, { relTol: 1e-10 }));
    const g = imG0([ri[0] - rj[0], ri[1] - rj[1], 0]);
    const g0 = freeSpaceRate(omega, axes[0]);
    const j2x = besselJ2(x) / x;
    for (const p of table.pairs) {
      const a = Number(p.i.slice(1));
      const b = Number(p.j.slice(1));
      const re = ((6 * Math.PI) / k0) * g[3 * a + b];
      const c = a === 2 && b !== 2 ? [Math.cos(phi), Math.sin(phi)][b] : b === 2 && a !== 2 ? [Math.cos(phi), Math.sin(phi)][a] : 0;
      const im = 0.75 * dn * c * j2x;
      const tol = 1e-9 * (1 + nS);
      assert.ok(Math.abs(p.gammaMinus.re / g0 - (nW + dn / 2) * re) < tol, `x=${x} ${a}${b}: Re gamma- ${p.gammaMinus.re / g0} vs ${(nW + dn / 2) * re}`);
      assert.ok(Math.abs(p.gammaPlus.re / g0 - (1 + nW + dn / 2) * re) < tol, `x=${x} ${a}${b}: Re gamma+`);
      assert.ok(Math.abs(p.gammaMinus.im / g0 + im) < tol, `x=${x} ${a}${b}: Im gamma- ${p.gammaMinus.im / g0} vs ${-im}`);
      assert.ok(Math.abs(p.gammaPlus.im / g0 - im) < tol, `x=${x} ${a}${b}: Im gamma+ ${p.gammaPlus.im / g0} vs ${im}`);
      if (c !== 0) assert.ok(Math.abs(im) > 1e-3, "the imaginary part is not negligible here");
    }
  }
});
