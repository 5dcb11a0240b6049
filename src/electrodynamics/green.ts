/**
 * Dyadic Green tensor above a planar body: free-space part G0 in closed form, reflected part G_R
 * for any two points above the body, and the slab-emission tensor A_S (BRIEF §3).
 * Derivation of every formula here: theory/green-tensor.md.
 *
 * Tensors are 3x3 complex, row-major, stored as `{ re, im }` Float64Arrays of length 9.
 * G solves curl curl G - k0^2 eps G = delta I (units 1/m).
 */
import type { Vec3 } from "../math/vec3.js";
import { besselJ0, besselJ1, besselJ2 } from "./bessel.js";
import { integrate, integrateOscillatoryTail, type QuadratureResult } from "./quadrature.js";
import type { PlanarResponse } from "./planar.js";

export interface Tensor3 {
  readonly re: Float64Array; // 9 entries, row-major (xx, xy, xz, yx, ...)
  readonly im: Float64Array;
}
export const zeroTensor = (): Tensor3 => ({ re: new Float64Array(9), im: new Float64Array(9) });

// ---------------------------------------------------------------------------------------------
// Free space

/** Spherical Bessel j0, j2 of x >= 0; series below x = 1 where the closed forms cancel. */
const sphericalJ0J2 = (x: number): [number, number] => {
  if (x < 1) {
    const x2 = x * x;
    // j0 = sum (-x^2)^k / (2k+1)!, j2 = x^2 sum (-x^2/2)^k / (k! (2k+5)!!)
    let t0 = 1;
    let j0 = 1;
    let t2 = x2 / 15;
    let j2 = t2;
    for (let k = 1; k < 12; k++) {
      t0 *= -x2 / ((2 * k) * (2 * k + 1));
      j0 += t0;
      t2 *= -x2 / (2 * k * (2 * k + 5));
      j2 += t2;
    }
    return [j0, j2];
  }
  const s = Math.sin(x);
  const c = Math.cos(x);
  return [s / x, (3 / (x * x) - 1) * (s / x) - (3 * c) / (x * x)];
};

/**
 * Im G0(r, r') = k0/(4 pi) [ (2 j0 - j2)/3 I + j2 u u ], x = k0 |r - r'|; finite at r = r'
 * (= k0/(6 pi) I). Derivation: theory/green-tensor.md §1.
 */
export const imFreeGreen = (k0: number, separation: Vec3): Float64Array => {
  const R = Math.hypot(separation[0], separation[1], separation[2]);
  const [j0, j2] = sphericalJ0J2(k0 * R);
  const pref = k0 / (4 * Math.PI);
  const out = new Float64Array(9);
  const diag = (pref * (2 * j0 - j2)) / 3;
  for (let a = 0; a < 3; a++) {
    out[4 * a] = diag;
    if (R > 0) {
      for (let b = 0; b < 3; b++) out[3 * a + b] += (pref * j2 * separation[a] * separation[b]) / (R * R);
    }
  }
  return out;
};

/**
 * G0(r, r') = e^{i k0 R}/(4 pi R) [ (1 + i/x - 1/x^2) I + (-1 - 3i/x + 3/x^2) u u ], x = k0 R.
 * Requires r != r' (Re G0 diverges there); the imaginary part uses the stable form of imFreeGreen.
 */
export const freeGreen = (k0: number, separation: Vec3): Tensor3 => {
  const R = Math.hypot(separation[0], separation[1], separation[2]);
  const x = k0 * R;
  const c = Math.cos(x) / (4 * Math.PI * R);
  const s = Math.sin(x) / (4 * Math.PI * R);
  // e^{ix}/(4 pi R) (A + i B) with A, B real
  const aRe = 1 - 1 / (x * x);
  const aIm = 1 / x;
  const bRe = -1 + 3 / (x * x);
  const bIm = -3 / x;
  const diagRe = c * aRe - s * aIm;
  const uuRe = c * bRe - s * bIm;
  const t = zeroTensor();
  for (let a = 0; a < 3; a++) {
    t.re[4 * a] = diagRe;
    for (let b = 0; b < 3; b++) {
      t.re[3 * a + b] += (uuRe * separation[a] * separation[b]) / (R * R);
    }
  }
  t.im.set(imFreeGreen(k0, separation));
  return t;
};

// ---------------------------------------------------------------------------------------------
// Sommerfeld integrals of the reflected field and of the slab emission

/**
 * The 1-D integrals from which G_R and A_S are assembled for heights zi, zj and lateral distance R.
 * Notation of theory/green-tensor.md §2, in units of k0 (s = kz/k0, sigma = kappa/k0, q = k/k0):
 * g[n] = i * Int_0^1 ds gp_n(s) + Int_0^inf dsigma ge_n(sigma), complex, n = 0..5:
 *   rhoTE J0, rhoTE J2, rhoTM (kz/k0)^2 J0, rhoTM (kz/k0)^2 J2, rhoTM (kz k/k0^2) J1, rhoTM q^2 J0,
 *   each times e^{i kz (zi + zj)};
 * p[n]: propagating slab emission, absorptivities a_p = 1 - |rho_p|^2 - |tau_p|^2 in place of rho,
 *   with e^{i kz (zi - zj)} (complex);
 * v[n]: evanescent slab emission, 2 Im rho_p in place of rho, kappa in place of kz, e^{-kappa (zi+zj)} (real).
 */
export interface SommerfeldKernel {
  readonly k0: number;
  readonly R: number;
  readonly g: Float64Array; // 12: 6 complex (re, im)
  readonly p: Float64Array; // 12
  readonly v: Float64Array; // 6
  readonly gError: Float64Array; // 12: error bounds of Re g_n, Im g_n
  readonly pError: Float64Array; // 12
  readonly vError: Float64Array; // 6
  readonly evaluations: number;
  readonly converged: boolean;
}

export interface KernelOptions {
  readonly relTol: number;
  /** Absolute tolerance of the dimensionless integrals; default relTol * 1e-7 * (1 + (k0 (zi+zj))^-3). */
  readonly absTol?: number;
  readonly maxIntervals?: number;
  /**
   * Extrapolate the oscillating evanescent tail (Wynn epsilon over half-periods pi/(k0 R)) when it
   * holds more than 30 half-periods; default true. False integrates it plainly (for tests).
   */
  readonly accelerateTail?: boolean;
}

/** Below this many Bessel half-periods in the evanescent range, plain adaptive bisection is cheaper. */
const TAIL_MIN_HALF_PERIODS = 30;

/**
 * Evanescent upper limit u = sigma k0 (zi + zj): the integrands are bounded by ~ sigma^2 e^{-u}, so the
 * tail beyond u is ~ u^2 e^{-u} of the whole; choose u with u^2.5 e^{-u} = 1e-3 relTol (>= 20).
 */
const evanescentDecayLengths = (relTol: number): number => {
  const target = Math.log(1e3 / relTol);
  let u = target + 10;
  for (let i = 0; i < 30; i++) u = target + 2.5 * Math.log(u);
  return Math.min(Math.max(u, 20), 120);
};

const sortedUnique = (xs: number[], lo: number, hi: number): number[] => {
  const inside = xs.filter((x) => Number.isFinite(x) && x > lo && x < hi).sort((a, b) => a - b);
  const out = [lo];
  for (const x of inside) if (x > out[out.length - 1] * (1 + 1e-15) + 1e-300) out.push(x);
  out.push(hi);
  return out;
};

/**
 * Breakpoints around each pole sigma_p: Re sigma_p and Re sigma_p +/- m |Im sigma_p| for
 * m = 1, 4, 16, ... while inside (0, 2 Re sigma_p); the adaptive rule then resolves the Lorentzian.
 */
const poleBreakpoints = (response: PlanarResponse): number[] => {
  const pts: number[] = [];
  for (const pole of response.poles()) {
    const c = pole.sigma.re;
    const w = Math.max(Math.abs(pole.sigma.im), 1e-15 * c);
    pts.push(c);
    for (let m = 1; m * w < c; m *= 4) {
      pts.push(c - m * w, c + m * w);
    }
  }
  return pts;
};

export const sommerfeldKernel = (
  response: PlanarResponse,
  zi: number,
  zj: number,
  R: number,
  options: KernelOptions,
): SommerfeldKernel => {
  const k0 = response.k0;
  const Z = k0 * (zi + zj);
  const dZ = k0 * (zi - zj);
  const x0 = k0 * R;
  const relTol = options.relTol;
  const absTol = options.absTol ?? relTol * 1e-7 * (1 + 1 / (Z * Z * Z));
  const coef = new Float64Array(8);
  const lateral = R > 0;

  // Propagating: s = kz/k0 in [0, 1]; outputs 12 (g) + 12 (p).
  const propagating = (s: number, out: Float64Array): void => {
    response.coefficients(s, 0, coef);
    const q2 = 1 - s * s;
    const q = Math.sqrt(q2);
    let j0 = 1;
    let j1 = 0;
    let j2 = 0;
    if (lateral) {
      const x = q * x0;
      j0 = besselJ0(x);
      j1 = besselJ1(x);
      j2 = besselJ2(x);
    }
    const eRe = Math.cos(s * Z);
    const eIm = Math.sin(s * Z);
    const teRe = coef[0] * eRe - coef[1] * eIm;
    const teIm = coef[0] * eIm + coef[1] * eRe;
    const tmRe = coef[2] * eRe - coef[3] * eIm;
    const tmIm = coef[2] * eIm + coef[3] * eRe;
    const s2 = s * s;
    const sq = s * q;
    out[0] = teRe * j0;
    out[1] = teIm * j0;
    out[2] = teRe * j2;
    out[3] = teIm * j2;
    out[4] = tmRe * s2 * j0;
    out[5] = tmIm * s2 * j0;
    out[6] = tmRe * s2 * j2;
    out[7] = tmIm * s2 * j2;
    out[8] = tmRe * sq * j1;
    out[9] = tmIm * sq * j1;
    out[10] = tmRe * q2 * j0;
    out[11] = tmIm * q2 * j0;
    // Absorptivities (Kirchhoff): what the slab emits into this upward plane wave.
    const aTE = 1 - (coef[0] * coef[0] + coef[1] * coef[1]) - (coef[4] * coef[4] + coef[5] * coef[5]);
    const aTM = 1 - (coef[2] * coef[2] + coef[3] * coef[3]) - (coef[6] * coef[6] + coef[7] * coef[7]);
    const phRe = Math.cos(s * dZ);
    const phIm = Math.sin(s * dZ);
    out[12] = aTE * phRe * j0;
    out[13] = aTE * phIm * j0;
    out[14] = aTE * phRe * j2;
    out[15] = aTE * phIm * j2;
    out[16] = aTM * s2 * phRe * j0;
    out[17] = aTM * s2 * phIm * j0;
    out[18] = aTM * s2 * phRe * j2;
    out[19] = aTM * s2 * phIm * j2;
    out[20] = aTM * sq * phRe * j1;
    out[21] = aTM * sq * phIm * j1;
    out[22] = aTM * q2 * phRe * j0;
    out[23] = aTM * q2 * phIm * j0;
  };

  // Evanescent: sigma = kappa/k0 in [0, sigmaMax]; kz = i kappa; outputs 12 (g) + 6 (v).
  const evanescent = (sigma: number, out: Float64Array): void => {
    response.coefficients(0, sigma, coef);
    const q2 = 1 + sigma * sigma;
    const q = Math.sqrt(q2);
    let j0 = 1;
    let j1 = 0;
    let j2 = 0;
    if (lateral) {
      const x = q * x0;
      j0 = besselJ0(x);
      j1 = besselJ1(x);
      j2 = besselJ2(x);
    }
    const e = Math.exp(-sigma * Z);
    const teRe = coef[0] * e;
    const teIm = coef[1] * e;
    const tmRe = coef[2] * e;
    const tmIm = coef[3] * e;
    const s2 = sigma * sigma;
    const sq = sigma * q;
    out[0] = teRe * j0;
    out[1] = teIm * j0;
    out[2] = teRe * j2;
    out[3] = teIm * j2;
    out[4] = -tmRe * s2 * j0; // (kz/k0)^2 = -sigma^2
    out[5] = -tmIm * s2 * j0;
    out[6] = -tmRe * s2 * j2;
    out[7] = -tmIm * s2 * j2;
    out[8] = -tmIm * sq * j1; // (kz k / k0^2) = i sigma q: multiply rho by i
    out[9] = tmRe * sq * j1;
    out[10] = tmRe * q2 * j0;
    out[11] = tmIm * q2 * j0;
    out[12] = 2 * teIm * j0;
    out[13] = 2 * teIm * j2;
    out[14] = 2 * tmIm * s2 * j0;
    out[15] = 2 * tmIm * s2 * j2;
    out[16] = 2 * tmIm * sq * j1;
    out[17] = 2 * tmIm * q2 * j0;
  };

  const poles = poleBreakpoints(response);
  const sigmaMax = evanescentDecayLengths(relTol) / Z;
  const scale = 1 / Z;
  const evanescentPoints = sortedUnique(
    [...poles, 0.25 * scale, scale, 4 * scale, 16 * scale],
    0,
    sigmaMax,
  );
  // The same poles sit at distance ~ sigma_p from the propagating segment near s = 0.
  const nearAxis: number[] = [];
  for (const pole of response.poles()) {
    for (let m = 1; m * pole.sigma.re < 1; m *= 4) nearAxis.push(m * pole.sigma.re);
  }
  const propagatingPoints = sortedUnique(nearAxis, 0, 1);
  const opts = { relTol, absTol, maxIntervals: options.maxIntervals ?? 4000 };
  const prop = integrate(propagating, propagatingPoints, 24, opts);
  // Evanescent: beyond the poles and k ~ k0 the integrand is a damped oscillation of half-period
  // pi/(k0 R) in sigma; when many half-periods remain, integrate them one by one and extrapolate.
  const halfPeriod = lateral ? Math.PI / x0 : Infinity;
  let tailStart = 4;
  for (const pole of response.poles()) tailStart = Math.max(tailStart, 2 * pole.sigma.re);
  tailStart = Math.max(tailStart, 10 * halfPeriod);
  const useTail =
    (options.accelerateTail ?? true) && lateral && (sigmaMax - tailStart) / halfPeriod > TAIL_MIN_HALF_PERIODS;
  let evan: QuadratureResult;
  if (useTail) {
    const headPoints = [...evanescentPoints.filter((p) => p < tailStart), tailStart];
    const head = integrate(evanescent, headPoints, 18, opts);
    const tail = integrateOscillatoryTail(evanescent, tailStart, halfPeriod, sigmaMax, 18, head.value, {
      relTol,
      absTol,
    });
    const value = new Float64Array(18);
    const error = new Float64Array(18);
    for (let c = 0; c < 18; c++) {
      value[c] = head.value[c] + tail.value[c];
      error[c] = head.error[c] + tail.error[c];
    }
    evan = {
      value,
      error,
      evaluations: head.evaluations + tail.evaluations,
      intervals: head.intervals + tail.intervals,
      converged: head.converged && tail.converged,
    };
  } else {
    evan = integrate(evanescent, evanescentPoints, 18, opts);
  }

  const g = new Float64Array(12);
  const p = new Float64Array(12);
  const v = new Float64Array(6);
  const gError = new Float64Array(12);
  const pError = new Float64Array(12);
  const vError = new Float64Array(6);
  for (let n = 0; n < 6; n++) {
    // i * propagating + evanescent
    g[2 * n] = -prop.value[2 * n + 1] + evan.value[2 * n];
    g[2 * n + 1] = prop.value[2 * n] + evan.value[2 * n + 1];
    gError[2 * n] = prop.error[2 * n + 1] + evan.error[2 * n];
    gError[2 * n + 1] = prop.error[2 * n] + evan.error[2 * n + 1];
    p[2 * n] = prop.value[12 + 2 * n];
    p[2 * n + 1] = prop.value[13 + 2 * n];
    pError[2 * n] = prop.error[12 + 2 * n];
    pError[2 * n + 1] = prop.error[13 + 2 * n];
    v[n] = evan.value[12 + n];
    vError[n] = evan.error[12 + n];
  }
  return {
    k0,
    R,
    g,
    p,
    v,
    gError,
    pError,
    vError,
    evaluations: prop.evaluations + evan.evaluations,
    converged: prop.converged && evan.converged,
  };
};

/** Tensor plus bounds on the errors of the real and imaginary part of each entry. */
export interface TensorWithError {
  readonly tensor: Tensor3;
  readonly errorRe: Float64Array; // 9
  readonly errorIm: Float64Array; // 9
}

/** An empty tensor with error bounds, filled entry by entry; every value and bound is multiplied by `scale`. */
const scaledTensorWithError = (
  scale: number,
): { readonly result: TensorWithError; readonly set: (idx: number, re: number, im: number, eRe: number, eIm: number) => void } => {
  const result: TensorWithError = { tensor: zeroTensor(), errorRe: new Float64Array(9), errorIm: new Float64Array(9) };
  const set = (idx: number, re: number, im: number, eRe: number, eIm: number): void => {
    result.tensor.re[idx] = scale * re;
    result.tensor.im[idx] = scale * im;
    result.errorRe[idx] = scale * eRe;
    result.errorIm[idx] = scale * eIm;
  };
  return { result, set };
};

/**
 * G_R(ri, rj) from the kernel; phi is the azimuth of r_i,par - r_j,par (any value when R = 0).
 * G_R = k0/(8 pi) [ xx: g0 + c2 g1 - g2 + c2 g3, yy: g0 - c2 g1 - g2 - c2 g3, xy = yx: s2 (g1 + g3),
 *   xz: -2i c1 g4, yz: -2i s1 g4, zx: 2i c1 g4, zy: 2i s1 g4, zz: 2 g5 ].
 */
export const reflectedGreen = (kernel: SommerfeldKernel, phi: number): TensorWithError => {
  const pref = kernel.k0 / (8 * Math.PI);
  const c1 = Math.cos(phi);
  const s1 = Math.sin(phi);
  const c2 = Math.cos(2 * phi);
  const s2 = Math.sin(2 * phi);
  const g = kernel.g;
  const e = kernel.gError;
  const out = scaledTensorWithError(pref);
  const set = out.set;
  const ac2 = Math.abs(c2);
  const as2 = Math.abs(s2);
  const ac1 = Math.abs(c1);
  const as1 = Math.abs(s1);
  const dRe = e[0] + ac2 * e[2] + e[4] + ac2 * e[6];
  const dIm = e[1] + ac2 * e[3] + e[5] + ac2 * e[7];
  set(0, g[0] + c2 * g[2] - g[4] + c2 * g[6], g[1] + c2 * g[3] - g[5] + c2 * g[7], dRe, dIm);
  set(4, g[0] - c2 * g[2] - g[4] - c2 * g[6], g[1] - c2 * g[3] - g[5] - c2 * g[7], dRe, dIm);
  const xyRe = s2 * (g[2] + g[6]);
  const xyIm = s2 * (g[3] + g[7]);
  set(1, xyRe, xyIm, as2 * (e[2] + e[6]), as2 * (e[3] + e[7]));
  set(3, xyRe, xyIm, as2 * (e[2] + e[6]), as2 * (e[3] + e[7]));
  // -2i c g4 = -2i c (a + ib) = 2 c b - 2i c a
  set(2, 2 * c1 * g[9], -2 * c1 * g[8], 2 * ac1 * e[9], 2 * ac1 * e[8]);
  set(5, 2 * s1 * g[9], -2 * s1 * g[8], 2 * as1 * e[9], 2 * as1 * e[8]);
  set(6, -2 * c1 * g[9], 2 * c1 * g[8], 2 * ac1 * e[9], 2 * ac1 * e[8]);
  set(7, -2 * s1 * g[9], 2 * s1 * g[8], 2 * as1 * e[9], 2 * as1 * e[8]);
  set(8, 2 * g[10], 2 * g[11], 2 * e[10], 2 * e[11]);
  return out.result;
};

/**
 * A_S(ri, rj) (BRIEF §3, generalised to two heights in theory/green-tensor.md §5):
 * k0/(16 pi) [ xx: P0 + c2 P1 + P2 - c2 P3 + V0 + c2 V1 + V2 - c2 V3, yy: same with c2 -> -c2,
 *   xy = yx: s2 (P1 - P3 + V1 - V3), xz: -2i c1 P4 + 2 c1 V4, zx: -2i c1 P4 - 2 c1 V4,
 *   yz, zy: the same with s1, zz: 2 P5 + 2 V5 ].
 */
export const slabEmission = (kernel: SommerfeldKernel, phi: number): TensorWithError => {
  const pref = kernel.k0 / (16 * Math.PI);
  const c1 = Math.cos(phi);
  const s1 = Math.sin(phi);
  const c2 = Math.cos(2 * phi);
  const s2 = Math.sin(2 * phi);
  const P = kernel.p;
  const V = kernel.v;
  const pe = kernel.pError;
  const ve = kernel.vError;
  const out = scaledTensorWithError(pref);
  const set = out.set;
  const ac2 = Math.abs(c2);
  const as2 = Math.abs(s2);
  const dRe = pe[0] + ac2 * pe[2] + pe[4] + ac2 * pe[6] + ve[0] + ac2 * ve[1] + ve[2] + ac2 * ve[3];
  const dIm = pe[1] + ac2 * pe[3] + pe[5] + ac2 * pe[7];
  set(0, P[0] + c2 * P[2] + P[4] - c2 * P[6] + V[0] + c2 * V[1] + V[2] - c2 * V[3], P[1] + c2 * P[3] + P[5] - c2 * P[7], dRe, dIm);
  set(4, P[0] - c2 * P[2] + P[4] + c2 * P[6] + V[0] - c2 * V[1] + V[2] + c2 * V[3], P[1] - c2 * P[3] + P[5] + c2 * P[7], dRe, dIm);
  const xyRe = s2 * (P[2] - P[6] + V[1] - V[3]);
  const xyIm = s2 * (P[3] - P[7]);
  const xyERe = as2 * (pe[2] + pe[6] + ve[1] + ve[3]);
  const xyEIm = as2 * (pe[3] + pe[7]);
  set(1, xyRe, xyIm, xyERe, xyEIm);
  set(3, xyRe, xyIm, xyERe, xyEIm);
  // -2i c P4 = 2 c Im P4 - 2i c Re P4
  const ac1 = 2 * Math.abs(c1);
  const as1 = 2 * Math.abs(s1);
  set(2, 2 * c1 * P[9] + 2 * c1 * V[4], -2 * c1 * P[8], ac1 * (pe[9] + ve[4]), ac1 * pe[8]);
  set(6, 2 * c1 * P[9] - 2 * c1 * V[4], -2 * c1 * P[8], ac1 * (pe[9] + ve[4]), ac1 * pe[8]);
  set(5, 2 * s1 * P[9] + 2 * s1 * V[4], -2 * s1 * P[8], as1 * (pe[9] + ve[4]), as1 * pe[8]);
  set(7, 2 * s1 * P[9] - 2 * s1 * V[4], -2 * s1 * P[8], as1 * (pe[9] + ve[4]), as1 * pe[8]);
  set(8, 2 * P[10] + 2 * V[5], 2 * P[11], 2 * (pe[10] + ve[5]), 2 * pe[11]);
  return out.result;
};
