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
import { approximateMinimumDegree } from "./ordering.js";
import { solveError, type SolveError } from "./errors.js";
import { denseLuInPlace } from "./dense-lu.js";

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
  /** column ordering (elimination order); default: approximate minimum degree on A + A^T */
  readonly ordering?: Int32Array;
  /**
   * Threshold partial pivoting: the diagonal candidate is kept if |a_diag| >= tol * max |candidate|.
   * 1 = classic partial pivoting; smaller values keep the fill-reducing order more often. Default 0.1.
   */
  readonly pivotTolerance?: number;
  /**
   * Switch to a dense LU of the remaining Schur complement once an L column holds at least this
   * fraction of the remaining rows (default 0.8; a value > 1 keeps the factorisation sparse).
   */
  readonly denseSwitch?: number;
  /** never switch to dense for fewer remaining columns than this (default 48) */
  readonly minDenseSize?: number;
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
  const q = options.ordering ?? approximateMinimumDegree(a);
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
  const mark = new Int32Array(n).fill(-1); // visit stamps: k in the sparse phase, n + t in the dense one
  let lnz = 0;
  let unz = 0;
  let minPivot = Infinity;
  let maxPivot = 0;
  let minPivotStep = -1;

  /**
   * x = L \ A(:, col) using the L columns built so far; returns `top` (reach[top..n) = pattern in
   * topological order). Uses `stamp` to mark visited rows.
   */
  const solveColumn = (col: number, stamp: number): number => {
    let top = n;
    for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) {
      const start = aRowIdx[p];
      if (mark[start] === stamp) continue;
      let head = 0;
      stack[0] = start;
      while (head >= 0) {
        const j = stack[head];
        const jCol = pinv[j];
        if (mark[j] !== stamp) {
          mark[j] = stamp;
          childPos[head] = jCol < 0 ? 0 : lColPtr[jCol] + 1; // skip L's unit diagonal
        }
        const end = jCol < 0 ? 0 : lColPtr[jCol + 1];
        let descended = false;
        for (let p2 = childPos[head]; p2 < end; p2++) {
          const i = lRowIdx[p2];
          if (mark[i] === stamp) continue;
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
    return top;
  };

  const denseSwitch = options.denseSwitch ?? 0.8;
  const minDense = options.minDenseSize ?? 48;
  let denseStart = n;
  for (let k = 0; k < n; k++) {
    lColPtr[k] = lnz;
    uColPtr[k] = unz;
    // switch to dense once the last L column is nearly full and enough columns remain
    if (k > 0 && n - k >= minDense && lColPtr[k] - lColPtr[k - 1] >= denseSwitch * (n - k + 1)) {
      denseStart = k;
      break;
    }
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
    const top = solveColumn(col, k);
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
  if (denseStart < n) {
    // --- dense phase: Schur complement S of the remaining rows/columns, dense LU, copied back ---
    const k0 = denseStart;
    const m = n - k0;
    const rows = new Int32Array(m);
    const rowPos = new Int32Array(n).fill(-1);
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (pinv[i] < 0) {
        rowPos[i] = r;
        rows[r++] = i;
      }
    }
    const sRe = new Float64Array(m * m);
    const sIm = new Float64Array(m * m);
    // U12 entries (rows pivoted in the sparse phase) of each remaining column
    const u12Ptr = new Int32Array(m + 1);
    let u12Idx: Int32Array = new Int32Array(Math.max(16, 4 * m));
    let u12Val: Float64Array = new Float64Array(2 * u12Idx.length);
    let u12 = 0;
    // Schur complement column by column: a dense triangular solve with the sparse phase's L
    // columns in pivot order (a valid topological order), which avoids the depth-first search
    const pivotRow = new Int32Array(k0);
    for (let i = 0; i < n; i++) if (pinv[i] >= 0) pivotRow[pinv[i]] = i;
    for (let t = 0; t < m; t++) {
      const col = q[k0 + t];
      for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) {
        x[2 * aRowIdx[p]] = aValues[2 * p];
        x[2 * aRowIdx[p] + 1] = aValues[2 * p + 1];
      }
      if (u12 + k0 > u12Idx.length) {
        const size = Math.max(2 * u12Idx.length, u12 + k0);
        u12Idx = growInt(u12Idx, size);
        u12Val = growFloat(u12Val, 2 * size);
      }
      for (let j = 0; j < k0; j++) {
        const at = 2 * pivotRow[j];
        const xre = x[at];
        const xim = x[at + 1];
        if (xre === 0 && xim === 0) continue;
        for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) {
          const i = 2 * lRowIdx[p];
          const lre = lValues[2 * p];
          const lim = lValues[2 * p + 1];
          x[i] -= lre * xre - lim * xim;
          x[i + 1] -= lre * xim + lim * xre;
        }
        u12Idx[u12] = j;
        u12Val[2 * u12] = xre;
        u12Val[2 * u12 + 1] = xim;
        u12++;
        x[at] = 0;
        x[at + 1] = 0;
      }
      for (let r2 = 0; r2 < m; r2++) {
        const i = rows[r2];
        sRe[r2 * m + t] = x[2 * i];
        sIm[r2 * m + t] = x[2 * i + 1];
        x[2 * i] = 0;
        x[2 * i + 1] = 0;
      }
      u12Ptr[t + 1] = u12;
    }
    const dense = denseLuInPlace(m, sRe, sIm);
    if (dense.zeroPivotStep >= 0) {
      return E.left(
        solveError("singular", `the matrix is singular: dense elimination step ${k0 + dense.zeroPivotStep} has no non-zero pivot; the system has no unique solution`),
      );
    }
    if (dense.minPivot < minPivot) {
      minPivot = dense.minPivot;
      minPivotStep = k0; // within the dense block
    }
    maxPivot = Math.max(maxPivot, dense.maxPivot);
    const needL = lnz + (m * (m + 1)) / 2;
    if (needL > capacity) {
      capacity = needL;
      lRowIdx = growInt(lRowIdx, capacity);
      lValues = growFloat(lValues, 2 * capacity);
    }
    const needU = unz + u12 + (m * (m + 1)) / 2;
    if (needU > uCapacity) {
      uCapacity = needU;
      uRowIdx = growInt(uRowIdx, uCapacity);
      uValues = growFloat(uValues, 2 * uCapacity);
    }
    for (let t = 0; t < m; t++) pinv[rows[dense.perm[t]]] = k0 + t;
    for (let t = 0; t < m; t++) {
      const k = k0 + t;
      lColPtr[k] = lnz;
      lRowIdx[lnz] = rows[dense.perm[t]];
      lValues[2 * lnz] = 1;
      lValues[2 * lnz + 1] = 0;
      lnz++;
      for (let s2 = t + 1; s2 < m; s2++) {
        const vre = sRe[s2 * m + t];
        const vim = sIm[s2 * m + t];
        if (vre === 0 && vim === 0) continue;
        lRowIdx[lnz] = rows[dense.perm[s2]];
        lValues[2 * lnz] = vre;
        lValues[2 * lnz + 1] = vim;
        lnz++;
      }
      uColPtr[k] = unz;
      for (let p = u12Ptr[t]; p < u12Ptr[t + 1]; p++) {
        uRowIdx[unz] = u12Idx[p];
        uValues[2 * unz] = u12Val[2 * p];
        uValues[2 * unz + 1] = u12Val[2 * p + 1];
        unz++;
      }
      for (let s2 = 0; s2 <= t; s2++) {
        const vre = sRe[s2 * m + t];
        const vim = sIm[s2 * m + t];
        if ((vre === 0 && vim === 0) && s2 < t) continue;
        uRowIdx[unz] = k0 + s2;
        uValues[2 * unz] = vre;
        uValues[2 * unz + 1] = vim;
        unz++;
      }
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
