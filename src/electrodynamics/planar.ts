/**
 * Planar bodies occupying z <= 0 with vacuum above (and, for a slab, below): reflection and
 * transmission coefficients per polarisation as functions of the vacuum normal wavenumber kz, and
 * the location of their guided-mode poles. Derivations: theory/green-tensor.md §3-4.
 *
 * Conventions: time dependence e^{-i omega t}; kz = sqrt(k0^2 - k^2) with Im kz >= 0 (kz = i kappa
 * for evanescent waves, k > k0). Everything inside is written in units of k0: s = kz/k0.
 * The slab formulas use X = e^{2 i kzm delta} with Im kzm >= 0, so |X| <= 1 and nothing overflows
 * for large k or thick slabs.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import { C_LIGHT } from "../units.js";
import { epsilonAt, type Material } from "./materials/material.js";

export interface BodyError {
  readonly kind: "BodyError";
  readonly message: string;
}
const bodyError = (message: string): BodyError => ({ kind: "BodyError", message });

/** A guided-mode (or surface-mode) pole of a reflection coefficient, in sigma = kappa / k0. */
export interface ModePole {
  readonly polarisation: "TE" | "TM";
  /** Complex sigma = kappa/k0 of the pole (kz = i kappa); Im > 0 for a lossy passive body. */
  readonly sigma: Complex;
}

/** A planar body at one frequency. */
export interface PlanarResponse {
  readonly omega: number; // rad/s
  readonly k0: number; // 1/m
  readonly epsilon: Complex;
  /**
   * Writes [rhoTE, rhoTM, tauTE, tauTM] as (re, im) pairs into out[0..7] for the normalised vacuum
   * normal wavenumber s = kz/k0 = sRe + i sIm (physical sheet Im s >= 0). |tau|^2 is the power
   * transmission for propagating waves (s real); tau is 0 for an opaque body.
   */
  readonly coefficients: (sRe: number, sIm: number, out: Float64Array) => void;
  /** Poles of rho near the evanescent axis (real sigma = kappa/k0 > 0), located once per frequency. */
  readonly poles: () => readonly ModePole[];
}

/** Anything planar below z = 0; a multilayer only has to provide `at`. */
export interface PlanarBody {
  readonly kind: string;
  readonly description: string;
  readonly material: Material;
  /** The body's response at omega [rad/s]; fails outside the material's data. */
  readonly at: (omega: number) => E.Either<BodyError, PlanarResponse>;
}

// ---------------------------------------------------------------------------------------------
// Scalar complex helpers for hot loops (write into a 2-slot scratch, no allocation).

const SQ = new Float64Array(2);
/** sqrt(re + i im) on the sheet Im >= 0 (Re >= 0 on the positive real axis); result in SQ. */
const sqrtUpper = (re: number, im: number): void => {
  const m = Math.hypot(re, im);
  if (m === 0) {
    SQ[0] = 0;
    SQ[1] = 0;
    return;
  }
  let a = Math.sqrt((m + Math.abs(re)) / 2);
  let b = im / (2 * a);
  if (re < 0) {
    const t = a;
    a = Math.abs(b);
    b = im >= 0 ? t : -t;
  }
  if (b < 0 || (b === 0 && a < 0)) {
    a = -a;
    b = -b;
  }
  SQ[0] = a;
  SQ[1] = b;
};

/** Bounded FIFO cache: sweeps reuse entries, memory stays bounded. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
    this.map.set(key, value);
  }
  get size(): number {
    return this.map.size;
  }
}

// ---------------------------------------------------------------------------------------------
// Fresnel coefficients of one interface vacuum | medium (eps), in units of k0.

/**
 * Writes r_TE, r_TM of the vacuum/medium interface and sm = kzm/k0 into out[0..5] for s = kz/k0.
 * r_TE = (s - sm)/(s + sm), r_TM = (eps s - sm)/(eps s + sm), sm = sqrt(eps - 1 + s^2), Im sm >= 0.
 */
const interfaceCoefficients = (
  epsRe: number,
  epsIm: number,
  sRe: number,
  sIm: number,
  out: Float64Array,
): void => {
  sqrtUpper(epsRe - 1 + sRe * sRe - sIm * sIm, epsIm + 2 * sRe * sIm);
  const mRe = SQ[0];
  const mIm = SQ[1];
  // TE
  let nRe = sRe - mRe;
  let nIm = sIm - mIm;
  let dRe = sRe + mRe;
  let dIm = sIm + mIm;
  let d2 = dRe * dRe + dIm * dIm;
  out[0] = (nRe * dRe + nIm * dIm) / d2;
  out[1] = (nIm * dRe - nRe * dIm) / d2;
  // TM
  const esRe = epsRe * sRe - epsIm * sIm;
  const esIm = epsRe * sIm + epsIm * sRe;
  nRe = esRe - mRe;
  nIm = esIm - mIm;
  dRe = esRe + mRe;
  dIm = esIm + mIm;
  d2 = dRe * dRe + dIm * dIm;
  out[2] = (nRe * dRe + nIm * dIm) / d2;
  out[3] = (nIm * dRe - nRe * dIm) / d2;
  out[4] = mRe;
  out[5] = mIm;
};

const IFACE = new Float64Array(6);

/**
 * Slab of thickness d = k0 delta (dimensionless) in vacuum:
 * rho = r (1 - X)/(1 - r^2 X), tau = (1 - r^2) Y/(1 - r^2 X), Y = e^{i sm d}, X = Y^2.
 * For evanescent s and |sm d| < THIN_SLAB this form cancels twice (1 - X ~ -2 i sm d, and 1 - r^2 X ~ 0 at a guided
 * mode): the guided-mode share came out 0.6 % low at relative pole widths below ~1e-11. There the
 * same coefficients are evaluated as rho = (a^2 - sm^2) S / F, tau = 2 i a / F, with
 * S = sin(sm d)/sm, F = (a^2 + sm^2) S + 2 i a cos(sm d), a = s (TE) or eps s (TM): numerator and
 * denominator multiplied by (a + sm)^2 e^{-i sm d} / (-2 i sm), no subtraction but the one inside F
 * that defines the pole (theory/green-tensor.md §4a). For |sm d| >= THIN_SLAB, cos and sin would grow
 * as e^{Im(sm) d}; the first form keeps |X| <= 1 there.
 */
const slabCoefficients = (
  epsRe: number,
  epsIm: number,
  d: number,
  sRe: number,
  sIm: number,
  out: Float64Array,
): void => {
  interfaceCoefficients(epsRe, epsIm, sRe, sIm, IFACE);
  const mRe = IFACE[4];
  const mIm = IFACE[5];
  // Y = exp(i sm d) = exp(-mIm d) (cos(mRe d) + i sin(mRe d)); |Y| <= 1 since mIm >= 0.
  const mag = Math.exp(-mIm * d);
  const yRe = mag * Math.cos(mRe * d);
  const yIm = mag * Math.sin(mRe * d);
  const xRe = yRe * yRe - yIm * yIm;
  const xIm = 2 * yRe * yIm;
  // evanescent waves only (s = i sigma), where the guided modes are; propagating waves keep the first
  // form, whose 1 - |rho|^2 - |tau|^2 rounds to <= 0 for a lossless slab (clamped to an exact 0 downstream)
  if (sRe === 0 && Math.hypot(mRe, mIm) * d < THIN_SLAB) {
    thinSlabCoefficients(epsRe, epsIm, d, sRe, sIm, mRe, mIm, out);
    return;
  }
  for (let p = 0; p < 2; p++) {
    const rRe = IFACE[2 * p];
    const rIm = IFACE[2 * p + 1];
    const r2Re = rRe * rRe - rIm * rIm;
    const r2Im = 2 * rRe * rIm;
    // denominator 1 - r^2 X
    const dRe = 1 - (r2Re * xRe - r2Im * xIm);
    const dIm = -(r2Re * xIm + r2Im * xRe);
    const dd = dRe * dRe + dIm * dIm;
    // rho numerator r (1 - X)
    const aRe = 1 - xRe;
    const aIm = -xIm;
    const nRe = rRe * aRe - rIm * aIm;
    const nIm = rRe * aIm + rIm * aRe;
    out[2 * p] = (nRe * dRe + nIm * dIm) / dd;
    out[2 * p + 1] = (nIm * dRe - nRe * dIm) / dd;
    // tau numerator (1 - r^2) Y
    const bRe = 1 - r2Re;
    const bIm = -r2Im;
    const tRe = bRe * yRe - bIm * yIm;
    const tIm = bRe * yIm + bIm * yRe;
    out[4 + 2 * p] = (tRe * dRe + tIm * dIm) / dd;
    out[4 + 2 * p + 1] = (tIm * dRe - tRe * dIm) / dd;
  }
};

/** sin(sm d)/sm (-> d as sm -> 0) and cos(sm d), written as (re, im, re, im) into SC. */
const SC = new Float64Array(4);
const sincAndCos = (mRe: number, mIm: number, d: number): void => {
  const u = mRe * d;
  const v = mIm * d;
  const sinRe = Math.sin(u) * Math.cosh(v);
  const sinIm = Math.cos(u) * Math.sinh(v);
  SC[2] = Math.cos(u) * Math.cosh(v);
  SC[3] = -Math.sin(u) * Math.sinh(v);
  const mm = mRe * mRe + mIm * mIm;
  if (mm * d * d < 1e-16) {
    SC[0] = d;
    SC[1] = 0;
  } else {
    SC[0] = (sinRe * mRe + sinIm * mIm) / mm;
    SC[1] = (sinIm * mRe - sinRe * mIm) / mm;
  }
};

/** |sm d| below which the slab coefficients use the branch-free form (see slabCoefficients). */
const THIN_SLAB = 0.5;

/** rho = (a^2 - sm^2) S / F and tau = 2 i a / F for both polarisations (see slabCoefficients). */
const thinSlabCoefficients = (
  epsRe: number,
  epsIm: number,
  d: number,
  sRe: number,
  sIm: number,
  mRe: number,
  mIm: number,
  out: Float64Array,
): void => {
  sincAndCos(mRe, mIm, d);
  const scRe = SC[0];
  const scIm = SC[1];
  const cosRe = SC[2];
  const cosIm = SC[3];
  const m2Re = mRe * mRe - mIm * mIm;
  const m2Im = 2 * mRe * mIm;
  for (let p = 0; p < 2; p++) {
    const aRe = p === 0 ? sRe : epsRe * sRe - epsIm * sIm;
    const aIm = p === 0 ? sIm : epsRe * sIm + epsIm * sRe;
    const a2Re = aRe * aRe - aIm * aIm;
    const a2Im = 2 * aRe * aIm;
    // F = (a^2 + sm^2) S + 2 i a cos
    const qRe = a2Re + m2Re;
    const qIm = a2Im + m2Im;
    const acRe = aRe * cosRe - aIm * cosIm;
    const acIm = aRe * cosIm + aIm * cosRe;
    const fRe = qRe * scRe - qIm * scIm - 2 * acIm;
    const fIm = qRe * scIm + qIm * scRe + 2 * acRe;
    const ff = fRe * fRe + fIm * fIm;
    // rho numerator (a^2 - sm^2) S
    const wRe = a2Re - m2Re;
    const wIm = a2Im - m2Im;
    const nRe = wRe * scRe - wIm * scIm;
    const nIm = wRe * scIm + wIm * scRe;
    out[2 * p] = (nRe * fRe + nIm * fIm) / ff;
    out[2 * p + 1] = (nIm * fRe - nRe * fIm) / ff;
    // tau numerator 2 i a
    const tRe = -2 * aIm;
    const tIm = 2 * aRe;
    out[4 + 2 * p] = (tRe * fRe + tIm * fIm) / ff;
    out[4 + 2 * p + 1] = (tIm * fRe - tRe * fIm) / ff;
  }
};

// ---------------------------------------------------------------------------------------------
// Pole search on the evanescent axis.

/** Complex function of complex sigma, written as (re, im) into out[0..1]. */
type ComplexFunction = (re: number, im: number, out: Float64Array) => void;

/**
 * Finds zeros of `denominator` close to the positive real sigma axis: sample |D| on a log grid in
 * sigma, take every local minimum as a start and run Newton's method (central-difference
 * derivative, D is analytic there). Accept converged roots near their start with Re sigma > 0.
 */
export const findPolesOnEvanescentAxis = (
  denominator: ComplexFunction,
  sigmaMin: number,
  sigmaMax: number,
  pointsPerDecade = 100,
): Complex[] => {
  const out = new Float64Array(2);
  const n = Math.max(3, Math.ceil(Math.log10(sigmaMax / sigmaMin) * pointsPerDecade));
  const ratio = Math.pow(sigmaMax / sigmaMin, 1 / (n - 1));
  const mags = new Float64Array(n);
  const xs = new Float64Array(n);
  let x = sigmaMin;
  for (let i = 0; i < n; i++) {
    xs[i] = x;
    denominator(x, 0, out);
    mags[i] = Math.hypot(out[0], out[1]);
    x *= ratio;
  }
  const roots: Complex[] = [];
  for (let i = 1; i + 1 < n; i++) {
    if (!(mags[i] < mags[i - 1] && mags[i] <= mags[i + 1])) continue;
    let zr = xs[i];
    let zi = 0;
    let ok = false;
    for (let it = 0; it < 60; it++) {
      denominator(zr, zi, out);
      const fr = out[0];
      const fi = out[1];
      const h = 1e-7 * Math.hypot(zr, zi);
      denominator(zr + h, zi, out);
      const pr = out[0];
      const pi = out[1];
      denominator(zr - h, zi, out);
      const gr = (pr - out[0]) / (2 * h);
      const gi = (pi - out[1]) / (2 * h);
      const g2 = gr * gr + gi * gi;
      if (g2 === 0) break;
      const stepR = (fr * gr + fi * gi) / g2;
      const stepI = (fi * gr - fr * gi) / g2;
      zr -= stepR;
      zi -= stepI;
      if (!Number.isFinite(zr) || !Number.isFinite(zi)) break;
      if (Math.hypot(stepR, stepI) <= 1e-14 * Math.hypot(zr, zi)) {
        ok = true;
        break;
      }
    }
    const start = xs[i];
    if (!ok || zr <= 0 || Math.abs(zr - start) > 0.25 * start || Math.abs(zi) > 0.25 * zr) continue;
    if (roots.some((r) => Math.hypot(r.re - zr, r.im - zi) <= 1e-9 * zr)) continue;
    roots.push({ re: zr, im: zi });
  }
  return roots;
};

/**
 * Slab mode condition, free of branch cuts: (1 - r^2 X) (s + sm)^2 e^{-i sm d} / (-2 i sm) written as
 * F = (a^2 + sm^2) sin(sm d)/sm + 2 i a cos(sm d), with a = s (TE) or eps s (TM): an even function
 * of sm, hence entire in sigma. Its zeros are the poles of rho.
 */
const slabModeFunction =
  (epsRe: number, epsIm: number, d: number, tm: boolean): ComplexFunction =>
  (sigRe, sigIm, out) => {
    // s = i sigma
    const sRe = -sigIm;
    const sIm = sigRe;
    const aRe = tm ? epsRe * sRe - epsIm * sIm : sRe;
    const aIm = tm ? epsRe * sIm + epsIm * sRe : sIm;
    // sm^2 = eps - 1 + s^2 (either root: F is even in sm)
    const m2Re = epsRe - 1 + sRe * sRe - sIm * sIm;
    const m2Im = epsIm + 2 * sRe * sIm;
    sqrtUpper(m2Re, m2Im);
    const mRe = SQ[0];
    const mIm = SQ[1];
    sincAndCos(mRe, mIm, d);
    const scRe = SC[0];
    const scIm = SC[1];
    const cosRe = SC[2];
    const cosIm = SC[3];
    const qRe = aRe * aRe - aIm * aIm + m2Re;
    const qIm = 2 * aRe * aIm + m2Im;
    const t1Re = qRe * scRe - qIm * scIm;
    const t1Im = qRe * scIm + qIm * scRe;
    // 2 i a cos
    const acRe = aRe * cosRe - aIm * cosIm;
    const acIm = aRe * cosIm + aIm * cosRe;
    out[0] = t1Re - 2 * acIm;
    out[1] = t1Im + 2 * acRe;
  };

/** Half-space TM surface-mode condition eps s + sm = 0 on the physical sheet. */
const halfSpaceTmFunction =
  (epsRe: number, epsIm: number): ComplexFunction =>
  (sigRe, sigIm, out) => {
    const sRe = -sigIm;
    const sIm = sigRe;
    sqrtUpper(epsRe - 1 + sRe * sRe - sIm * sIm, epsIm + 2 * sRe * sIm);
    out[0] = epsRe * sRe - epsIm * sIm + SQ[0];
    out[1] = epsRe * sIm + epsIm * sRe + SQ[1];
  };

// ---------------------------------------------------------------------------------------------
// Builders

const checkMaterial = (material: Material): E.Either<BodyError, Material> =>
  material && typeof material.epsilon === "function"
    ? E.right(material)
    : E.left(bodyError("a planar body needs a material (see src/electrodynamics/materials)"));

const responseAt = (
  material: Material,
  omega: number,
  cache: BoundedCache<PlanarResponse>,
  build: (omega: number, eps: Complex) => PlanarResponse,
): E.Either<BodyError, PlanarResponse> => {
  if (!Number.isFinite(omega) || omega <= 0) {
    return E.left(bodyError(`omega must be a positive finite angular frequency in rad/s, got ${omega}`));
  }
  const key = String(omega);
  const hit = cache.get(key);
  if (hit) return E.right(hit);
  const eps = epsilonAt(material, omega);
  if (E.isLeft(eps)) return E.left(bodyError(eps.left.message));
  const response = build(omega, eps.right);
  cache.set(key, response);
  return E.right(response);
};

const lazy = <T>(compute: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value === undefined ? (value = compute()) : value);
};

/** Upper end of the pole scan in sigma: guided modes have sigma < sqrt(Re eps - 1), surface modes ~ 1/d. */
const scanLimit = (eps: Complex, d: number): number =>
  Math.max(4 * Math.sqrt(Math.abs(eps.re) + Math.abs(eps.im) + 1), Math.min(30 / d, 1e8));

/**
 * A slab of `material`, thickness `thicknessMetres`, occupying -delta <= z <= 0 with vacuum on both
 * sides. Fails for non-positive or non-finite thickness.
 */
export const slab = (material: Material, thicknessMetres: number): E.Either<BodyError, PlanarBody> => {
  if (!Number.isFinite(thicknessMetres) || thicknessMetres <= 0) {
    return E.left(
      bodyError(
        `slab thickness must be a positive finite length in metres, got ${thicknessMetres}; for a semi-infinite body use halfSpace(material)`,
      ),
    );
  }
  const cache = new BoundedCache<PlanarResponse>(64);
  return E.map((m: Material) => ({
    kind: "slab",
    description: `slab of ${m.name}, thickness ${(thicknessMetres * 1e6).toPrecision(4)} um`,
    material: m,
    at: (omega: number) =>
      responseAt(m, omega, cache, (w, eps) => {
        const k0 = w / C_LIGHT;
        const d = k0 * thicknessMetres;
        return {
          omega: w,
          k0,
          epsilon: eps,
          coefficients: (sRe, sIm, out) => slabCoefficients(eps.re, eps.im, d, sRe, sIm, out),
          poles: lazy(() => {
            const hi = scanLimit(eps, d);
            const te = findPolesOnEvanescentAxis(slabModeFunction(eps.re, eps.im, d, false), 1e-10, hi);
            const tm = findPolesOnEvanescentAxis(slabModeFunction(eps.re, eps.im, d, true), 1e-10, hi);
            return [
              ...te.map((sigma): ModePole => ({ polarisation: "TE", sigma })),
              ...tm.map((sigma): ModePole => ({ polarisation: "TM", sigma })),
            ];
          }),
        };
      }),
  }))(checkMaterial(material));
};

/** A semi-infinite body filling z <= 0 (opaque: tau = 0). */
export const halfSpace = (material: Material): E.Either<BodyError, PlanarBody> => {
  const cache = new BoundedCache<PlanarResponse>(64);
  return E.map((m: Material) => ({
    kind: "halfSpace",
    description: `half-space of ${m.name}`,
    material: m,
    at: (omega: number) =>
      responseAt(m, omega, cache, (w, eps) => ({
        omega: w,
        k0: w / C_LIGHT,
        epsilon: eps,
        coefficients: (sRe, sIm, out) => {
          interfaceCoefficients(eps.re, eps.im, sRe, sIm, out);
          out[4] = 0;
          out[5] = 0;
          out[6] = 0;
          out[7] = 0;
        },
        poles: lazy(() =>
          findPolesOnEvanescentAxis(halfSpaceTmFunction(eps.re, eps.im), 1e-10, scanLimit(eps, 1e-8)).map(
            (sigma): ModePole => ({ polarisation: "TM", sigma }),
          ),
        ),
      })),
  }))(checkMaterial(material));
};

export interface PlaneWaveCoefficients {
  readonly rhoTE: Complex;
  readonly rhoTM: Complex;
  readonly tauTE: Complex;
  readonly tauTM: Complex;
}

/**
 * Reflection and transmission for a real parallel wavenumber k [1/m] (outside hot loops):
 * kz = sqrt(k0^2 - k^2) with Im kz >= 0, i.e. s = sqrt(1 - (k/k0)^2) or i sqrt((k/k0)^2 - 1).
 */
export const coefficientsAtParallel = (response: PlanarResponse, k: number): PlaneWaveCoefficients => {
  const q = k / response.k0;
  const out = new Float64Array(8);
  if (q <= 1) response.coefficients(Math.sqrt(1 - q * q), 0, out);
  else response.coefficients(0, Math.sqrt(q * q - 1), out);
  return {
    rhoTE: { re: out[0], im: out[1] },
    rhoTM: { re: out[2], im: out[3] },
    tauTE: { re: out[4], im: out[5] },
    tauTM: { re: out[6], im: out[7] },
  };
};
