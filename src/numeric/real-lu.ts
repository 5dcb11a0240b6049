/**
 * Real-valued counterparts of sparse-lu.ts and dense-lu.ts, used for the steady state in the real
 * "Hermitian coordinates" (Re rho_ij, Im rho_ij for i < j, rho_ii), where every operation costs a
 * quarter of its complex counterpart. Same algorithms: left-looking Gilbert-Peierls with threshold
 * partial pivoting, switching to a blocked dense LU for the trailing Schur complement. See
 * theory/numerics.md §5.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { solveError, type SolveError } from "./errors.js";

/** Real CSR matrix (square). */
export interface RealCsr {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
}

export interface RealLu {
  readonly n: number;
  readonly pinv: Int32Array;
  readonly q: Int32Array;
  readonly lColPtr: Int32Array;
  readonly lRowIdx: Int32Array;
  readonly lValues: Float64Array;
  readonly uColPtr: Int32Array;
  readonly uRowIdx: Int32Array;
  readonly uValues: Float64Array;
  readonly minPivot: number;
  readonly maxPivot: number;
  readonly matrixScale: number;
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

/** Column access: CSR of the transpose. */
const transposeReal = (a: RealCsr): RealCsr => {
  const { n } = a;
  const count = a.rowPtr[n];
  const rowPtr = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) rowPtr[a.colIdx[k] + 1]++;
  for (let c = 0; c < n; c++) rowPtr[c + 1] += rowPtr[c];
  const next = rowPtr.slice();
  const colIdx = new Int32Array(count);
  const values = new Float64Array(count);
  for (let r = 0; r < n; r++)
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
      const at = next[a.colIdx[k]]++;
      colIdx[at] = r;
      values[at] = a.values[k];
    }
  return { n, rowPtr, colIdx, values };
};

const PANEL = 32;

/** Dense real LU with partial pivoting in place (row-major m x m); perm[t] = original row of pivot t. */
export const denseRealLuInPlace = (m: number, a: Float64Array): { perm: Int32Array; minPivot: number; maxPivot: number; zeroPivotStep: number } => {
  const perm = Int32Array.from({ length: m }, (_, i) => i);
  let minPivot = Infinity;
  let maxPivot = 0;
  let zeroPivotStep = -1;
  for (let kb = 0; kb < m; kb += PANEL) {
    const kEnd = Math.min(kb + PANEL, m);
    for (let k = kb; k < kEnd; k++) {
      let pivot = k;
      let best = -1;
      for (let i = k; i < m; i++) {
        const v = Math.abs(a[i * m + k]);
        if (v > best) {
          best = v;
          pivot = i;
        }
      }
      if (pivot !== k) {
        const ra = k * m;
        const rb = pivot * m;
        for (let j = 0; j < m; j++) {
          const t = a[ra + j];
          a[ra + j] = a[rb + j];
          a[rb + j] = t;
        }
        const tp = perm[k];
        perm[k] = perm[pivot];
        perm[pivot] = tp;
      }
      const p = a[k * m + k];
      if (p === 0) {
        if (zeroPivotStep < 0) zeroPivotStep = k;
        minPivot = 0;
        continue;
      }
      minPivot = Math.min(minPivot, Math.abs(p));
      maxPivot = Math.max(maxPivot, Math.abs(p));
      const inv = 1 / p;
      const rowK = k * m;
      for (let i = k + 1; i < m; i++) {
        const row = i * m;
        const v = a[row + k];
        if (v === 0) continue;
        const l = v * inv;
        a[row + k] = l;
        for (let j = k + 1; j < kEnd; j++) a[row + j] -= l * a[rowK + j];
      }
    }
    if (kEnd === m) break;
    for (let k = kb; k < kEnd; k++) {
      const rowK = k * m;
      for (let i = k + 1; i < kEnd; i++) {
        const row = i * m;
        const l = a[row + k];
        if (l === 0) continue;
        for (let j = kEnd; j < m; j++) a[row + j] -= l * a[rowK + j];
      }
    }
    // trailing update A22 -= L21 U12, two rows of A22 per pass so that each loaded U12 entry feeds
    // both rows (the kernel is load-bound: 1.4 -> 1.8 GFlop/s at m = 254, 1.6 -> 2.4 at m = 963; theory §5)
    let i = kEnd;
    for (; i + 1 < m; i += 2) {
      const rowA = i * m;
      const rowB = rowA + m;
      let k = kb;
      for (; k + 3 < kEnd; k += 4) {
        const a0 = a[rowA + k], a1 = a[rowA + k + 1], a2 = a[rowA + k + 2], a3 = a[rowA + k + 3];
        const b0 = a[rowB + k], b1 = a[rowB + k + 1], b2 = a[rowB + k + 2], b3 = a[rowB + k + 3];
        const r0 = k * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
        for (let j = kEnd; j < m; j++) {
          const u0 = a[r0 + j], u1 = a[r1 + j], u2 = a[r2 + j], u3 = a[r3 + j];
          a[rowA + j] -= a0 * u0 + a1 * u1 + a2 * u2 + a3 * u3;
          a[rowB + j] -= b0 * u0 + b1 * u1 + b2 * u2 + b3 * u3;
        }
      }
      for (; k < kEnd; k++) {
        const la = a[rowA + k];
        const lb = a[rowB + k];
        const rowK = k * m;
        for (let j = kEnd; j < m; j++) {
          const u = a[rowK + j];
          a[rowA + j] -= la * u;
          a[rowB + j] -= lb * u;
        }
      }
    }
    for (; i < m; i++) {
      const row = i * m;
      let k = kb;
      for (; k + 3 < kEnd; k += 4) {
        const l0 = a[row + k], l1 = a[row + k + 1], l2 = a[row + k + 2], l3 = a[row + k + 3];
        const r0 = k * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
        for (let j = kEnd; j < m; j++) a[row + j] -= l0 * a[r0 + j] + l1 * a[r1 + j] + l2 * a[r2 + j] + l3 * a[r3 + j];
      }
      for (; k < kEnd; k++) {
        const l = a[row + k];
        if (l === 0) continue;
        const rowK = k * m;
        for (let j = kEnd; j < m; j++) a[row + j] -= l * a[rowK + j];
      }
    }
  }
  return { perm, minPivot, maxPivot, zeroPivotStep };
};

export interface RealLuOptions {
  readonly ordering: Int32Array;
  readonly pivotTolerance?: number;
  readonly denseSwitch?: number;
  readonly minDenseSize?: number;
}

/** P A Q = L U for a real sparse matrix (same conventions as luFactor). */
export const realLuFactor = (a: RealCsr, options: RealLuOptions): Either<SolveError, RealLu> => {
  const { n } = a;
  const q = options.ordering;
  if (q.length !== n) return E.left(solveError("invalid-input", `ordering has length ${q.length}, matrix has ${n} columns`));
  const tol = options.pivotTolerance ?? 0.1;
  const at = transposeReal(a);
  const aColPtr = at.rowPtr;
  const aRowIdx = at.colIdx;
  const aValues = at.values;
  let matrixScale = 0;
  for (let k = 0; k < aValues.length; k++) matrixScale = Math.max(matrixScale, Math.abs(aValues[k]));
  const pinv = new Int32Array(n).fill(-1);
  const lColPtr = new Int32Array(n + 1);
  const uColPtr = new Int32Array(n + 1);
  let capacity = Math.max(4 * aRowIdx.length + n, 64);
  let lRowIdx: Int32Array = new Int32Array(capacity);
  let lValues: Float64Array = new Float64Array(capacity);
  let uCapacity = capacity;
  let uRowIdx: Int32Array = new Int32Array(uCapacity);
  let uValues: Float64Array = new Float64Array(uCapacity);
  const x = new Float64Array(n);
  const reach = new Int32Array(n);
  const stack = new Int32Array(n);
  const childPos = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  let lnz = 0;
  let unz = 0;
  let minPivot = Infinity;
  let maxPivot = 0;

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
          childPos[head] = jCol < 0 ? 0 : lColPtr[jCol] + 1;
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
    for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) x[aRowIdx[p]] = aValues[p];
    for (let t = top; t < n; t++) {
      const j = reach[t];
      const jCol = pinv[j];
      if (jCol < 0) continue;
      const xj = x[j];
      if (xj === 0) continue;
      for (let p = lColPtr[jCol] + 1; p < lColPtr[jCol + 1]; p++) x[lRowIdx[p]] -= lValues[p] * xj;
    }
    return top;
  };

  const denseSwitch = options.denseSwitch ?? 0.8;
  const minDense = options.minDenseSize ?? 48;
  let denseStart = n;
  for (let k = 0; k < n; k++) {
    lColPtr[k] = lnz;
    uColPtr[k] = unz;
    if (k > 0 && n - k >= minDense && lColPtr[k] - lColPtr[k - 1] >= denseSwitch * (n - k + 1)) {
      denseStart = k;
      break;
    }
    if (lnz + n > capacity) {
      capacity = Math.max(2 * capacity, lnz + n);
      lRowIdx = growInt(lRowIdx, capacity);
      lValues = growFloat(lValues, capacity);
    }
    if (unz + n > uCapacity) {
      uCapacity = Math.max(2 * uCapacity, unz + n);
      uRowIdx = growInt(uRowIdx, uCapacity);
      uValues = growFloat(uValues, uCapacity);
    }
    const col = q[k];
    const top = solveColumn(col, k);
    let pivotRow = -1;
    let best = -1;
    for (let t = top; t < n; t++) {
      const i = reach[t];
      if (pinv[i] < 0) {
        const size = Math.abs(x[i]);
        if (size > best) {
          best = size;
          pivotRow = i;
        }
      } else {
        uRowIdx[unz] = pinv[i];
        uValues[unz] = x[i];
        unz++;
      }
    }
    if (pivotRow < 0 || best <= 0) {
      return E.left(solveError("singular", `the matrix is singular: elimination step ${k} (column ${col}) has no non-zero pivot; the system has no unique solution`));
    }
    if (pinv[col] < 0 && mark[col] === k && Math.abs(x[col]) >= tol * best) pivotRow = col;
    const pivot = x[pivotRow];
    minPivot = Math.min(minPivot, Math.abs(pivot));
    maxPivot = Math.max(maxPivot, Math.abs(pivot));
    uRowIdx[unz] = k;
    uValues[unz] = pivot;
    unz++;
    pinv[pivotRow] = k;
    lRowIdx[lnz] = pivotRow;
    lValues[lnz] = 1;
    lnz++;
    const inv = 1 / pivot;
    for (let t = top; t < n; t++) {
      const i = reach[t];
      if (pinv[i] < 0 && x[i] !== 0) {
        lRowIdx[lnz] = i;
        lValues[lnz] = x[i] * inv;
        lnz++;
      }
      x[i] = 0;
    }
  }
  if (denseStart < n) {
    const k0 = denseStart;
    const m = n - k0;
    const rows = new Int32Array(m);
    const rowPos = new Int32Array(n).fill(-1);
    let r = 0;
    for (let i = 0; i < n; i++)
      if (pinv[i] < 0) {
        rowPos[i] = r;
        rows[r++] = i;
      }
    const s = new Float64Array(m * m);
    const u12Ptr = new Int32Array(m + 1);
    let u12Idx: Int32Array = new Int32Array(Math.max(16, 4 * m));
    let u12Val: Float64Array = new Float64Array(u12Idx.length);
    let u12 = 0;
    // Schur complement column by column: a dense triangular solve with the sparse phase's L
    // columns in pivot order (a valid topological order), which avoids the depth-first search
    const pivotRow = new Int32Array(k0);
    for (let i = 0; i < n; i++) if (pinv[i] >= 0) pivotRow[pinv[i]] = i;
    for (let t = 0; t < m; t++) {
      const col = q[k0 + t];
      for (let p = aColPtr[col]; p < aColPtr[col + 1]; p++) x[aRowIdx[p]] = aValues[p];
      if (u12 + k0 > u12Idx.length) {
        const size = Math.max(2 * u12Idx.length, u12 + k0);
        u12Idx = growInt(u12Idx, size);
        u12Val = growFloat(u12Val, size);
      }
      for (let j = 0; j < k0; j++) {
        const xj = x[pivotRow[j]];
        if (xj === 0) continue;
        for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) x[lRowIdx[p]] -= lValues[p] * xj;
        u12Idx[u12] = j;
        u12Val[u12] = xj;
        u12++;
        x[pivotRow[j]] = 0;
      }
      for (let r2 = 0; r2 < m; r2++) {
        const i = rows[r2];
        s[r2 * m + t] = x[i];
        x[i] = 0;
      }
      u12Ptr[t + 1] = u12;
    }
    const dense = denseRealLuInPlace(m, s);
    if (dense.zeroPivotStep >= 0) {
      return E.left(solveError("singular", `the matrix is singular: dense elimination step ${k0 + dense.zeroPivotStep} has no non-zero pivot; the system has no unique solution`));
    }
    minPivot = Math.min(minPivot, dense.minPivot);
    maxPivot = Math.max(maxPivot, dense.maxPivot);
    const needL = lnz + (m * (m + 1)) / 2;
    if (needL > capacity) {
      capacity = needL;
      lRowIdx = growInt(lRowIdx, capacity);
      lValues = growFloat(lValues, capacity);
    }
    const needU = unz + u12 + (m * (m + 1)) / 2;
    if (needU > uCapacity) {
      uCapacity = needU;
      uRowIdx = growInt(uRowIdx, uCapacity);
      uValues = growFloat(uValues, uCapacity);
    }
    for (let t = 0; t < m; t++) pinv[rows[dense.perm[t]]] = k0 + t;
    for (let t = 0; t < m; t++) {
      const k = k0 + t;
      lColPtr[k] = lnz;
      lRowIdx[lnz] = rows[dense.perm[t]];
      lValues[lnz] = 1;
      lnz++;
      for (let s2 = t + 1; s2 < m; s2++) {
        const v = s[s2 * m + t];
        if (v === 0) continue;
        lRowIdx[lnz] = rows[dense.perm[s2]];
        lValues[lnz] = v;
        lnz++;
      }
      uColPtr[k] = unz;
      for (let p = u12Ptr[t]; p < u12Ptr[t + 1]; p++) {
        uRowIdx[unz] = u12Idx[p];
        uValues[unz] = u12Val[p];
        unz++;
      }
      for (let s2 = 0; s2 <= t; s2++) {
        const v = s[s2 * m + t];
        if (v === 0 && s2 < t) continue;
        uRowIdx[unz] = k0 + s2;
        uValues[unz] = v;
        unz++;
      }
    }
  }
  lColPtr[n] = lnz;
  uColPtr[n] = unz;
  for (let p = 0; p < lnz; p++) lRowIdx[p] = pinv[lRowIdx[p]];
  return E.right({
    n, pinv, q, lColPtr, lRowIdx: lRowIdx.slice(0, lnz), lValues: lValues.slice(0, lnz), uColPtr,
    uRowIdx: uRowIdx.slice(0, unz), uValues: uValues.slice(0, unz), minPivot, maxPivot, matrixScale,
  });
};

/** Solves A x = b with real LU factors. */
export const realLuSolve = (f: RealLu, b: Float64Array): Float64Array => {
  const { n, pinv, q, lColPtr, lRowIdx, lValues, uColPtr, uRowIdx, uValues } = f;
  if (b.length !== n) throw new RangeError(`realLuSolve: right-hand side must have length ${n}`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[pinv[i]] = b[i];
  for (let j = 0; j < n; j++) {
    const y = w[j];
    if (y === 0) continue;
    for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) w[lRowIdx[p]] -= lValues[p] * y;
  }
  for (let j = n - 1; j >= 0; j--) {
    const d = uColPtr[j + 1] - 1;
    const z = w[j] / uValues[d];
    w[j] = z;
    if (z === 0) continue;
    for (let p = uColPtr[j]; p < d; p++) w[uRowIdx[p]] -= uValues[p] * z;
  }
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[q[k]] = w[k];
  return out;
};
