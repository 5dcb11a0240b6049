/**
 * Tabulated materials: (omega, eps) or (wavelength, n, k) rows, interpolated in omega with a
 * monotone cubic (interpolation.ts). The domain is exactly the data range: `epsilonAt` refuses
 * any frequency outside it, and `epsilon` itself throws there (a programming error, since
 * callers must stay inside `domain`). No extrapolation, ever.
 */
import * as E from "fp-ts/lib/Either.js";
import { complex, type Complex } from "../../math/complex.js";
import { C_LIGHT } from "../../units.js";
import type { Material, MaterialError } from "./material.js";
import { materialError } from "./models.js";
import { evaluateMonotoneCubic, monotoneCubic } from "./interpolation.js";

export interface EpsilonRow {
  readonly omega: number; // rad/s
  readonly eps: Complex;
}

export interface NKRow {
  readonly wavelengthMetres: number;
  readonly n: number;
  readonly k: number;
}

/** omega [rad/s] of a vacuum wavelength [m]. */
export const wavelengthToOmega = (metres: number): number => (2 * Math.PI * C_LIGHT) / metres;
export const omegaToWavelength = (omega: number): number => (2 * Math.PI * C_LIGHT) / omega;

const fmt = (x: number): string => x.toExponential(4);

/**
 * Sorts rows by omega and checks: at least two rows, finite values, no repeated frequency,
 * `lossOf(row) >= 0`. Returns the sorted omegas and the two real columns to interpolate.
 */
const prepareColumns = <R>(
  name: string,
  rows: readonly R[],
  omegaOf: (r: R) => number,
  columns: (r: R) => readonly [number, number],
  describe: (r: R) => string,
  checkRow: (r: R) => string | undefined,
): E.Either<MaterialError, { omega: Float64Array; a: Float64Array; b: Float64Array }> => {
  if (!Array.isArray(rows) || rows.length < 2) {
    return E.left(materialError(`${name}: a table needs at least two rows, got ${Array.isArray(rows) ? rows.length : "no list"}`));
  }
  for (const [i, r] of rows.entries()) {
    const [a, b] = columns(r);
    const w = omegaOf(r);
    if (!Number.isFinite(w) || w <= 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
      return E.left(materialError(`${name}: row ${i} (${describe(r)}) has a non-finite value or a non-positive frequency`));
    }
    const problem = checkRow(r);
    if (problem !== undefined) return E.left(materialError(`${name}: row ${i} (${describe(r)}): ${problem}`));
  }
  const sorted = [...rows].sort((p, q) => omegaOf(p) - omegaOf(q));
  const omega = Float64Array.from(sorted, omegaOf);
  for (let i = 1; i < omega.length; i++) {
    if (!(omega[i] > omega[i - 1])) {
      return E.left(materialError(`${name}: two rows share the frequency ${fmt(omega[i])} rad/s; remove the duplicate`));
    }
  }
  return E.right({
    omega,
    a: Float64Array.from(sorted, (r) => columns(r)[0]),
    b: Float64Array.from(sorted, (r) => columns(r)[1]),
  });
};

const outsideTable = (name: string, omega: number, lo: number, hi: number): never => {
  throw new RangeError(
    `${name}: epsilon(${fmt(omega)} rad/s) called outside the table ${fmt(lo)} .. ${fmt(hi)} rad/s; use epsilonAt to get a MaterialError instead`,
  );
};

/** Interpolates Re eps and Im eps separately (monotone cubic in omega); Im eps >= 0 required. */
export const tabulatedEpsilon = (
  name: string,
  rows: readonly EpsilonRow[],
  source = "user table (omega, eps)",
): E.Either<MaterialError, Material> =>
  E.map(({ omega, a, b }: { omega: Float64Array; a: Float64Array; b: Float64Array }): Material => {
    const re = monotoneCubic(omega, a);
    const im = monotoneCubic(omega, b);
    const lo = omega[0];
    const hi = omega[omega.length - 1];
    return {
      name,
      epsilon: (w: number) =>
        w >= lo && w <= hi ? complex(evaluateMonotoneCubic(re, w), evaluateMonotoneCubic(im, w)) : outsideTable(name, w, lo, hi),
      domain: [lo, hi] as const,
      source: `${source}; ${omega.length} rows, monotone cubic in omega on Re and Im eps`,
    };
  })(
    prepareColumns(
      name,
      rows,
      (r) => r.omega,
      (r) => [r.eps?.re, r.eps?.im] as const,
      (r) => `omega ${r.omega}, eps ${r.eps?.re} + ${r.eps?.im}i`,
      (r) => (r.eps.im < 0 ? "Im eps < 0 is gain; a passive table needs Im eps >= 0" : undefined),
    ),
  );

/**
 * Interpolates n and k separately (monotone cubic in omega, so k >= 0 and n >= 0 survive
 * interpolation), then eps = (n + i k)^2.
 */
export const tabulatedNK = (
  name: string,
  rows: readonly NKRow[],
  source = "user table (wavelength, n, k)",
): E.Either<MaterialError, Material> =>
  E.map(({ omega, a, b }: { omega: Float64Array; a: Float64Array; b: Float64Array }): Material => {
    const n = monotoneCubic(omega, a);
    const k = monotoneCubic(omega, b);
    const lo = omega[0];
    const hi = omega[omega.length - 1];
    return {
      name,
      epsilon: (w: number) => {
        if (!(w >= lo && w <= hi)) return outsideTable(name, w, lo, hi);
        const nv = evaluateMonotoneCubic(n, w);
        const kv = evaluateMonotoneCubic(k, w);
        return complex(nv * nv - kv * kv, 2 * nv * kv);
      },
      domain: [lo, hi] as const,
      source: `${source}; ${omega.length} rows, monotone cubic in omega on n and k`,
    };
  })(
    prepareColumns(
      name,
      rows,
      (r) => wavelengthToOmega(r.wavelengthMetres),
      (r) => [r.n, r.k] as const,
      (r) => `wavelength ${r.wavelengthMetres} m, n ${r.n}, k ${r.k}`,
      (r) =>
        r.wavelengthMetres <= 0
          ? "wavelength must be > 0 (in metres)"
          : r.n < 0 || r.k < 0
            ? "n and k must be >= 0 for a passive material"
            : undefined,
    ),
  );
