/**
 * Assembly of the Liouvillian superoperator from a NumericMasterEquation, directly from the sparse
 * factors (never through dense matrices).
 *
 * Vectorisation (column stacking, as in QuTiP; see theory/numerics.md §1):
 *   vec(rho)[i + N j] = rho[i][j],     vec(A X B) = (B^T kron A) vec(X).
 * Hence, with d rho/dt = -i [H, rho] + sum_k r_k (a_k rho b_k^dag - 1/2 {b_k^dag a_k, rho}),
 *   L = -i (I kron H) + i (H^T kron I)
 *       + sum_k r_k [ conj(b_k) kron a_k - 1/2 I kron (b_k^dag a_k) - 1/2 (b_k^dag a_k)^T kron I ].
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromCoo, csrIsFinite, csrLinearCombination, csrMultiply, csrTranspose, nnz, type CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { solveError, type SolveError } from "./errors.js";

export interface Liouvillian {
  /** D x D with D = N^2, acting on vec(rho) in the column-stacking convention. */
  readonly matrix: CsrMatrix;
  /** Local dimensions of the tensor factors (N = product). */
  readonly dims: readonly number[];
  readonly convention: "column-stacking";
}

/** The Hilbert-space dimension N = prod(dims). */
export const hilbertDimension = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * Checks shapes and finiteness of a master equation: every matrix N x N with N = prod(dims),
 * names matching dims, finite rates and entries.
 */
export const validateMasterEquation = (me: NumericMasterEquation): Either<SolveError, NumericMasterEquation> => {
  if (me.dims.length === 0 || me.dims.some((d) => !Number.isInteger(d) || d < 1)) {
    return E.left(solveError("invalid-input", `dims must be a non-empty list of positive integers, got [${me.dims.join(", ")}]`));
  }
  if (me.names.length !== me.dims.length) {
    return E.left(solveError("invalid-input", `names (${me.names.length}) and dims (${me.dims.length}) must have the same length: one name per tensor factor`));
  }
  const n = hilbertDimension(me.dims);
  const square = (m: CsrMatrix, what: string): SolveError | undefined =>
    m.rows !== n || m.cols !== n
      ? solveError("invalid-input", `${what} is ${m.rows}x${m.cols} but the Hilbert space [${me.dims.join("x")}] has dimension ${n}; build it on the full tensor product`)
      : !csrIsFinite(m)
        ? solveError("invalid-input", `${what} has a NaN or infinite entry; check the parameter bindings`)
        : undefined;
  const hErr = square(me.hamiltonian, "the Hamiltonian");
  if (hErr) return E.left(hErr);
  for (const [k, d] of me.dissipators.entries()) {
    if (!Number.isFinite(d.rate.re) || !Number.isFinite(d.rate.im)) {
      return E.left(solveError("invalid-input", `dissipator ${k} has a non-finite rate (${d.rate.re}, ${d.rate.im}); check the rate bindings`));
    }
    const err = square(d.a, `dissipator ${k}'s operator a`) ?? square(d.b, `dissipator ${k}'s operator b`);
    if (err) return E.left(err);
  }
  if (!(me.rateUnit > 0) || !Number.isFinite(me.rateUnit)) {
    return E.left(solveError("invalid-input", `rateUnit must be a positive finite angular frequency [rad/s], got ${me.rateUnit}`));
  }
  return E.right(me);
};

/** Growable coordinate (COO) buffer of complex entries. */
class CooBuffer {
  rows: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  count = 0;
  constructor(capacity: number) {
    this.rows = new Int32Array(Math.max(capacity, 16));
    this.cols = new Int32Array(this.rows.length);
    this.values = new Float64Array(2 * this.rows.length);
  }
  reserve(extra: number): void {
    if (this.count + extra <= this.rows.length) return;
    const size = Math.max(2 * this.rows.length, this.count + extra);
    const rows = new Int32Array(size);
    rows.set(this.rows);
    const cols = new Int32Array(size);
    cols.set(this.cols);
    const values = new Float64Array(2 * size);
    values.set(this.values);
    this.rows = rows;
    this.cols = cols;
    this.values = values;
  }
  /** Appends s * kron(x, y) (x, y are N x N), with x's conjugate used when `conjugateX`. */
  addKron(x: CsrMatrix, y: CsrMatrix, sRe: number, sIm: number, conjugateX: boolean): void {
    this.reserve(nnz(x) * nnz(y));
    const ny = y.rows;
    const xSign = conjugateX ? -1 : 1;
    let at = this.count;
    const { rows, cols, values } = this;
    for (let rx = 0; rx < x.rows; rx++) {
      for (let kx = x.rowPtr[rx]; kx < x.rowPtr[rx + 1]; kx++) {
        const xre0 = x.values[2 * kx];
        const xim0 = xSign * x.values[2 * kx + 1];
        // fold the scale into x's value once per entry
        const xre = sRe * xre0 - sIm * xim0;
        const xim = sRe * xim0 + sIm * xre0;
        const cx = x.colIdx[kx] * y.cols;
        const rowBase = rx * ny;
        for (let ry = 0; ry < ny; ry++) {
          for (let ky = y.rowPtr[ry]; ky < y.rowPtr[ry + 1]; ky++) {
            const yre = y.values[2 * ky];
            const yim = y.values[2 * ky + 1];
            rows[at] = rowBase + ry;
            cols[at] = cx + y.colIdx[ky];
            values[2 * at] = xre * yre - xim * yim;
            values[2 * at + 1] = xre * yim + xim * yre;
            at++;
          }
        }
      }
    }
    this.count = at;
  }
  /** Appends s * kron(I_n, y). */
  addIdentityKron(n: number, y: CsrMatrix, sRe: number, sIm: number): void {
    this.reserve(n * nnz(y));
    let at = this.count;
    const { rows, cols, values } = this;
    const ny = y.rows;
    for (let j = 0; j < n; j++) {
      for (let ry = 0; ry < ny; ry++) {
        for (let ky = y.rowPtr[ry]; ky < y.rowPtr[ry + 1]; ky++) {
          const yre = y.values[2 * ky];
          const yim = y.values[2 * ky + 1];
          rows[at] = j * ny + ry;
          cols[at] = j * y.cols + y.colIdx[ky];
          values[2 * at] = sRe * yre - sIm * yim;
          values[2 * at + 1] = sRe * yim + sIm * yre;
          at++;
        }
      }
    }
    this.count = at;
  }
  /** Appends s * kron(x, I_n). */
  addKronIdentity(x: CsrMatrix, n: number, sRe: number, sIm: number): void {
    this.reserve(n * nnz(x));
    let at = this.count;
    const { rows, cols, values } = this;
    for (let rx = 0; rx < x.rows; rx++) {
      for (let kx = x.rowPtr[rx]; kx < x.rowPtr[rx + 1]; kx++) {
        const xre = x.values[2 * kx];
        const xim = x.values[2 * kx + 1];
        const re = sRe * xre - sIm * xim;
        const im = sRe * xim + sIm * xre;
        const cx = x.colIdx[kx] * n;
        for (let i = 0; i < n; i++) {
          rows[at] = rx * n + i;
          cols[at] = cx + i;
          values[2 * at] = re;
          values[2 * at + 1] = im;
          at++;
        }
      }
    }
    this.count = at;
  }
}

/**
 * The Liouvillian of `me` (column stacking). Throws RangeError on malformed input: call
 * `validateMasterEquation` first when the input comes from outside (steadyState and evolve do).
 */
export const liouvillian = (me: NumericMasterEquation): Liouvillian => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) throw new RangeError(valid.left.message);
  const n = hilbertDimension(me.dims);
  const h = me.hamiltonian;
  // The anticommutator parts of all dissipators are summed first into K = sum_k r_k b_k^dag a_k, so
  // that -i[H, rho] - 1/2 {K, rho} costs two Kronecker products in total:
  //   I kron G1 + G2^T kron I,   G1 = -i H - K/2,   G2 = i H - K/2.
  const k = csrLinearCombination([
    { scale: { re: 0, im: 0 }, matrix: h },
    ...me.dissipators.map((d) => ({ scale: d.rate, matrix: csrMultiply(csrAdjoint(d.b), d.a) })),
  ]);
  const g1 = csrLinearCombination([
    { scale: { re: 0, im: -1 }, matrix: h },
    { scale: { re: -0.5, im: 0 }, matrix: k },
  ]);
  const g2 = csrLinearCombination([
    { scale: { re: 0, im: 1 }, matrix: h },
    { scale: { re: -0.5, im: 0 }, matrix: k },
  ]);
  const estimate = 2 * n * (nnz(g1) + nnz(g2)) + me.dissipators.reduce((s, d) => s + nnz(d.a) * nnz(d.b), 0);
  const coo = new CooBuffer(estimate);
  coo.addIdentityKron(n, g1, 1, 0);
  coo.addKronIdentity(csrTranspose(g2), n, 1, 0);
  for (const d of me.dissipators) {
    const { re, im } = d.rate;
    if (re === 0 && im === 0) continue;
    coo.addKron(d.b, d.a, re, im, true); // a rho b^dag -> conj(b) kron a
  }
  const d = n * n;
  return { matrix: csrFromCoo(d, d, coo.rows, coo.cols, coo.values, coo.count), dims: [...me.dims], convention: "column-stacking" };
};

/** vec index of rho[i][j] in the column-stacking convention. */
export const vecIndex = (n: number, i: number, j: number): number => i + n * j;
