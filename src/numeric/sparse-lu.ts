/**
 * Complex sparse LU factorisation P A Q = L U: left-looking Gilbert-Peierls (one sparse triangular
 * solve per column, its non-zero pattern found by depth-first search in the graph of L) with
 * threshold partial pivoting that prefers the diagonal of the symmetrically permuted matrix.
 * Written for this project after the algorithm's published description (Gilbert & Peierls 1988;
 * T. Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, ch. 6). See theory/numerics.md §4-5.
 *
 * Storage: L and U column-compressed, values interleaved (re, im). L is unit lower triangular with its
 * unit diagonal stored first in each column; U stores its diagonal last in each column.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrTranspose, type CsrMatrix } from "./csr.js";
import { minimumDegreeOrdering } from "./ordering.js";
import { solveError, type SolveError } from "./errors.js";

export interface LuFactors {
  readonly n: number;
  /** pinv[i] = k: row i of A is the k-th pivot row */
  readonly pinv: Int32Array;
  /** q[k] = column of A eliminated k-th */
  readonly q: Int32Array;
  readonly lColPtr: Int32Array;
  readonly lRowIdx: Int32Array;
  readonly lValues: Float64Array;
  readonly uColPtr: Int32Array;
  readonly uRowIdx: Int32Array;
  readonly uValues: Float64Array;
  /** smallest and largest pivot modulus, and the column (in elimination order) of the smallest */
  readonly minPivot: number;
  readonly maxPivot: number;
  readonly minPivotStep: number;
  /** largest entry modulus of A (the scale pivots are judged against) */
  readonly matrixScale: number;
}

export interface LuOptions {
  /** column ordering (elimination order); default: minimum degree on A + A^T */
  readonly ordering?: Int32Array;
  /**
   * Threshold partial pivoting: the diagonal candidate is kept if |a_diag| >= tol * max |candidate|.
   * 1 = classic partial pivoting; smaller values keep the fill-reducing order more often. Default 0.1.
   */
  readonly pivotTolerance?: number;
}

const growInt = (a: Int32Array, size: number): Int32Array => {
  const out = new Int32Array(size);
  out.set(a);
  return out;
};
const growFloat = (a: Float64Array, size: number): Float64Array => {
  const out = new Float64Array(size);
  out.set(a);
  return out;
};

/**
 * Factorises the square matrix `a`. Fails (Left, reason "singular") only when a column has no
 * non-zero pivot candidate at all; tiny pivots are reported through minPivot for callers to judge.
 */
export const luFactor = (a: CsrMatrix, options: LuOptions = {}): Either<SolveError, LuFactors> => {
  const n = a.rows;
  if (a.cols !== n) return E.left(solveError("invalid-input", `LU needs a square matrix, got ${a.rows}x${a.cols}`));
  const q = options.ordering ?? minimumDegreeOrdering(a);
  if (q.length !== n) return E.left(solveError("invalid-input", `ordering has length ${q.length}, matrix has ${n} columns`));
  const tol = options.pivotTolerance ?? 0.1;
  // column access to A: CSR of A^T
  const at = csrTranspose(a);
  const aColPtr = at.rowPtr;
  const aRowIdx = at.colIdx;
  const aValues = at.values;
  let matrixScale = 0;
  for (let k = 0; k < aValues.length; k += 2) matrixScale = Math.max(matrixScale, Math.hypot(aValues[k], aValues[k + 1]));

  const pinv = new Int32Array(n).fill(-1);
  const lColPtr = new Int32Array(n + 1);
  const uColPtr = new Int32Array(n + 1);
  let capacity = Math.max(4 * aRowIdx.length + n, 64);
  let lRowIdx: Int32Array = new Int32Array(capacity);
  let lValues: Float64Array = new Float64Array(2 * capacity);
  let uCapacity = capacity;
  let uRowIdx: Int32Array = new Int32Array(uCapacity);
  let uValues: Float64Array = new Float64Array(2 * uCapacity);
  const x = new Float64Array(2 * n); // dense work column, zero outside the current reach
  const reach = new Int32Array(n); // reach[top..n) is the pattern in topological order
  const stack = new Int32Array(n);
  const childPos = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  let lnz = 0;
  let unz = 0;
  let minPivot = Infinity;
  let maxPivot = 0;
  let minPivotStep = -1;

  for (let k = 0; k < n; k++) {
    lColPtr[k] = lnz;
    uColPtr[k] = unz;
    if (lnz + n > capacity) {
      capacity = Math.max(2 * capacity, lnz + n);
      lRowIdx = growInt(lRowIdx, capacity);
      lValues = growFloat(lValues, 2 * capacity);
    }
    if (unz + n > uCapacity) {
      uCapacity = Math.max(2 * uCapacity, unz + n);
      uRowIdx = growInt(uRowIdx, uCapacity);
      uValues = growFloat(uValues, 2 * uCapacity);
    }
    const col = q[k];
    // --- symbolic: reach of A(:, col) in the graph of L (columns 0..k-1) ---
    let top = n;
    for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) {
      const start = aRowIdx[p];
      if (mark[start] === k) continue;
      let head = 0;
      stack[0] = start;
      while (head >= 0) {
        const j = stack[head];
        const jCol = pinv[j];
        if (mark[j] !== k) {
          mark[j] = k;
          childPos[head] = jCol < 0 ? 0 : lColPtr[jCol] + 1; // skip L's unit diagonal
        }
        const end = jCol < 0 ? 0 : lColPtr[jCol + 1];
        let descended = false;
        for (let p2 = childPos[head]; p2 < end; p2++) {
          const i = lRowIdx[p2];
          if (mark[i] === k) continue;
          childPos[head] = p2 + 1;
          stack[++head] = i;
          descended = true;
          break;
        }
        if (!descended) {
          head--;
          reach[--top] = j;
        }
      }
    }
    // --- numeric: x = L \ A(:, col) on the reach ---
    for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) {
      const i = aRowIdx[p];
      x[2 * i] = aValues[2 * p];
      x[2 * i + 1] = aValues[2 * p + 1];
    }
    for (let t = top; t < n; t++) {
      const j = reach[t];
      const jCol = pinv[j];
      if (jCol < 0) continue;
      const xre = x[2 * j];
      const xim = x[2 * j + 1];
      if (xre === 0 && xim === 0) continue;
      for (let p = lColPtr[jCol] + 1; p < lColPtr[jCol + 1]; p++) {
        const i = 2 * lRowIdx[p];
        const lre = lValues[2 * p];
        const lim = lValues[2 * p + 1];
        x[i] -= lre * xre - lim * xim;
        x[i + 1] -= lre * xim + lim * xre;
      }
    }
    // --- pivot choice and U(:, k) ---
    let pivotRow = -1;
    let best = -1;
    for (let t = top; t < n; t++) {
      const i = reach[t];
      if (pinv[i] < 0) {
        const size = Math.hypot(x[2 * i], x[2 * i + 1]);
        if (size > best) {
          best = size;
          pivotRow = i;
        }
      } else {
        uRowIdx[unz] = pinv[i];
        uValues[2 * unz] = x[2 * i];
        uValues[2 * unz + 1] = x[2 * i + 1];
        unz++;
      }
    }
    if (pivotRow < 0 || best <= 0) {
      return E.left(
        solveError("singular", `the matrix is singular: elimination step ${k} (column ${col}) has no non-zero pivot; the system has no unique solution`),
      );
    }
    if (pinv[col] < 0 && mark[col] === k && Math.hypot(x[2 * col], x[2 * col + 1]) >= tol * best) pivotRow = col;
    const pre = x[2 * pivotRow];
    const pim = x[2 * pivotRow + 1];
    const pivotSize = Math.hypot(pre, pim);
    if (pivotSize < minPivot) {
      minPivot = pivotSize;
      minPivotStep = k;
    }
    maxPivot = Math.max(maxPivot, pivotSize);
    uRowIdx[unz] = k;
    uValues[2 * unz] = pre;
    uValues[2 * unz + 1] = pim;
    unz++;
    pinv[pivotRow] = k;
    lRowIdx[lnz] = pivotRow;
    lValues[2 * lnz] = 1;
    lValues[2 * lnz + 1] = 0;
    lnz++;
    // 1 / pivot
    const denom = pre * pre + pim * pim;
    const ire = pre / denom;
    const iim = -pim / denom;
    for (let t = top; t < n; t++) {
      const i = reach[t];
      if (pinv[i] < 0) {
        const xre = x[2 * i];
        const xim = x[2 * i + 1];
        if (xre !== 0 || xim !== 0) {
          lRowIdx[lnz] = i;
          lValues[2 * lnz] = xre * ire - xim * iim;
          lValues[2 * lnz + 1] = xre * iim + xim * ire;
          lnz++;
        }
      }
      x[2 * i] = 0;
      x[2 * i + 1] = 0;
    }
  }
  lColPtr[n] = lnz;
  uColPtr[n] = unz;
  for (let p = 0; p < lnz; p++) lRowIdx[p] = pinv[lRowIdx[p]];
  return E.right({
    n,
    pinv,
    q,
    lColPtr,
    lRowIdx: lRowIdx.slice(0, lnz),
    lValues: lValues.slice(0, 2 * lnz),
    uColPtr,
    uRowIdx: uRowIdx.slice(0, unz),
    uValues: uValues.slice(0, 2 * unz),
    minPivot,
    maxPivot,
    minPivotStep,
    matrixScale,
  });
};

/** Number of stored entries of L and U together. */
export const luNonzeros = (f: LuFactors): number => f.lRowIdx.length + f.uRowIdx.length;

/**
 * Solves A x = b with the factors. `work` (2n) may be passed to avoid allocation in repeated solves;
 * `out` receives x (allocated if absent).
 */
export const luSolve = (
  f: LuFactors,
  b: Float64Array,
  out: Float64Array = new Float64Array(2 * f.n),
  work: Float64Array = new Float64Array(2 * f.n),
): Float64Array => {
  const { n, pinv, q, lColPtr, lRowIdx, lValues, uColPtr, uRowIdx, uValues } = f;
  if (b.length !== 2 * n || out.length !== 2 * n || work.length !== 2 * n) throw new RangeError(`luSolve: vectors must have length 2n = ${2 * n}`);
  for (let i = 0; i < n; i++) {
    work[2 * pinv[i]] = b[2 * i];
    work[2 * pinv[i] + 1] = b[2 * i + 1];
  }
  // L y = P b (unit diagonal first in each column)
  for (let j = 0; j < n; j++) {
    const yre = work[2 * j];
    const yim = work[2 * j + 1];
    if (yre === 0 && yim === 0) continue;
    for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) {
      const i = 2 * lRowIdx[p];
      const lre = lValues[2 * p];
      const lim = lValues[2 * p + 1];
      work[i] -= lre * yre - lim * yim;
      work[i + 1] -= lre * yim + lim * yre;
    }
  }
  // U z = y (diagonal last in each column)
  for (let j = n - 1; j >= 0; j--) {
    const d = uColPtr[j + 1] - 1;
    const dre = uValues[2 * d];
    const dim = uValues[2 * d + 1];
    const denom = dre * dre + dim * dim;
    const yre = work[2 * j];
    const yim = work[2 * j + 1];
    const zre = (yre * dre + yim * dim) / denom;
    const zim = (yim * dre - yre * dim) / denom;
    work[2 * j] = zre;
    work[2 * j + 1] = zim;
    if (zre === 0 && zim === 0) continue;
    for (let p = uColPtr[j]; p < d; p++) {
      const i = 2 * uRowIdx[p];
      const ure = uValues[2 * p];
      const uim = uValues[2 * p + 1];
      work[i] -= ure * zre - uim * zim;
      work[i + 1] -= ure * zim + uim * zre;
    }
  }
  for (let k = 0; k < n; k++) {
    out[2 * q[k]] = work[2 * k];
    out[2 * q[k] + 1] = work[2 * k + 1];
  }
  return out;
};
