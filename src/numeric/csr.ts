/**
 * Complex sparse matrices in compressed sparse row (CSR) form on typed arrays.
 * Values are interleaved: values[2k] = Re, values[2k+1] = Im of the k-th stored entry.
 * Column indices are sorted within each row and unique (duplicates are summed on construction).
 * This is the one matrix type shared between src/algebra (compilation) and src/numeric (solvers).
 */
import type { Complex } from "../math/complex.js";

export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  /** length rows + 1 */
  readonly rowPtr: Int32Array;
  /** length nnz */
  readonly colIdx: Int32Array;
  /** length 2 * nnz, interleaved (re, im) */
  readonly values: Float64Array;
}

export const nnz = (m: CsrMatrix): number => m.rowPtr[m.rows];

/** Entry triplets of a matrix under construction (coordinate form). */
export interface Triplet {
  readonly row: number;
  readonly col: number;
  readonly value: Complex;
}

/**
 * Builds a CSR matrix from (row, col, value) triplets, summing duplicates and dropping entries
 * whose summed value is exactly zero.
 */
export const csrFromTriplets = (rows: number, cols: number, triplets: readonly Triplet[]): CsrMatrix => {
  for (const t of triplets) {
    if (t.row < 0 || t.row >= rows || t.col < 0 || t.col >= cols || !Number.isInteger(t.row) || !Number.isInteger(t.col)) {
      throw new RangeError(`triplet (${t.row}, ${t.col}) outside a ${rows}x${cols} matrix`);
    }
  }
  const sorted = [...triplets].sort((a, b) => a.row - b.row || a.col - b.col);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  let k = 0;
  for (let r = 0; r < rows; r++) {
    rowPtr[r] = colIdx.length;
    while (k < sorted.length && sorted[k].row === r) {
      const col = sorted[k].col;
      let re = 0;
      let im = 0;
      while (k < sorted.length && sorted[k].row === r && sorted[k].col === col) {
        re += sorted[k].value.re;
        im += sorted[k].value.im;
        k++;
      }
      if (re !== 0 || im !== 0) {
        colIdx.push(col);
        values.push(re, im);
      }
    }
  }
  rowPtr[rows] = colIdx.length;
  return { rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
};

/** Dense row-major interleaved copy, for tests and small matrices only. */
export const csrToDense = (m: CsrMatrix): Float64Array => {
  const out = new Float64Array(2 * m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      const at = 2 * (r * m.cols + m.colIdx[k]);
      out[at] = m.values[2 * k];
      out[at + 1] = m.values[2 * k + 1];
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// CSR operations (numeric back end). All return new matrices; none modifies its arguments.
// ---------------------------------------------------------------------------------------------

/**
 * Builds a CSR matrix from coordinate arrays (the first `count` entries), summing duplicates and
 * dropping entries whose sum is exactly zero. Linear in the number of entries plus the row
 * lengths' sorting; used by the Liouvillian assembly, which produces millions of entries.
 */
export const csrFromCoo = (
  rows: number,
  cols: number,
  rowIdx: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  count: number = rowIdx.length,
): CsrMatrix => {
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < count; k++) {
    const r = rowIdx[k];
    const c = colIdx[k];
    if (r < 0 || r >= rows || c < 0 || c >= cols) throw new RangeError(`entry (${r}, ${c}) outside a ${rows}x${cols} matrix`);
    counts[r + 1]++;
  }
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const next = counts.slice();
  const scatteredCols = new Int32Array(count);
  const scatteredVals = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    const at = next[rowIdx[k]]++;
    scatteredCols[at] = colIdx[k];
    scatteredVals[2 * at] = values[2 * k];
    scatteredVals[2 * at + 1] = values[2 * k + 1];
  }
  // Merge duplicates per row through a dense accumulator indexed by column (`slot[c]` = position
  // of column c in the current output row, or -1).
  const slot = new Int32Array(cols).fill(-1);
  const outPtr = new Int32Array(rows + 1);
  const outCols = new Int32Array(count);
  const outVals = new Float64Array(2 * count);
  let out = 0;
  let rowBuffer = new Float64Array(64);
  for (let r = 0; r < rows; r++) {
    const rowStart = out;
    for (let k = counts[r]; k < counts[r + 1]; k++) {
      const c = scatteredCols[k];
      let at = slot[c];
      if (at < 0) {
        at = out++;
        slot[c] = at;
        outCols[at] = c;
        outVals[2 * at] = 0;
        outVals[2 * at + 1] = 0;
      }
      outVals[2 * at] += scatteredVals[2 * k];
      outVals[2 * at + 1] += scatteredVals[2 * k + 1];
    }
    // sort the row by column: sort the (unique) column indices natively, then gather the values
    // through `slot`, which still maps each column to its unsorted position
    const length = out - rowStart;
    if (length > 1) {
      if (rowBuffer.length < 2 * length) rowBuffer = new Float64Array(4 * length);
      for (let k = 0; k < 2 * length; k++) rowBuffer[k] = outVals[2 * rowStart + k];
      if (length <= 48) {
        // insertion sort: short rows are the common case, and a native sort call per row costs more
        for (let i = rowStart + 1; i < out; i++) {
          const c = outCols[i];
          let j = i - 1;
          while (j >= rowStart && outCols[j] > c) {
            outCols[j + 1] = outCols[j];
            j--;
          }
          outCols[j + 1] = c;
        }
      } else outCols.subarray(rowStart, out).sort();
      for (let k = rowStart; k < out; k++) {
        const from = slot[outCols[k]] - rowStart;
        outVals[2 * k] = rowBuffer[2 * from];
        outVals[2 * k + 1] = rowBuffer[2 * from + 1];
      }
    }
    for (let k = rowStart; k < out; k++) slot[outCols[k]] = -1;
    // drop exact zeros
    let kept = rowStart;
    for (let k = rowStart; k < out; k++) {
      if (outVals[2 * k] !== 0 || outVals[2 * k + 1] !== 0) {
        outCols[kept] = outCols[k];
        outVals[2 * kept] = outVals[2 * k];
        outVals[2 * kept + 1] = outVals[2 * k + 1];
        kept++;
      }
    }
    out = kept;
    outPtr[r + 1] = out;
  }
  return { rows, cols, rowPtr: outPtr, colIdx: outCols.slice(0, out), values: outVals.slice(0, 2 * out) };
};

/** The n x n identity. */
export const csrIdentity = (n: number): CsrMatrix => {
  const values = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) values[2 * i] = 1;
  return { rows: n, cols: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i), colIdx: Int32Array.from({ length: n }, (_, i) => i), values };
};

/** Builds a CSR matrix from a dense row-major interleaved array (zeros are not stored). */
export const csrFromDense = (rows: number, cols: number, dense: Float64Array): CsrMatrix => {
  const triplets: Triplet[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const re = dense[2 * (r * cols + c)];
      const im = dense[2 * (r * cols + c) + 1];
      if (re !== 0 || im !== 0) triplets.push({ row: r, col: c, value: { re, im } });
    }
  }
  return csrFromTriplets(rows, cols, triplets);
};

/** s * m for a complex scalar s = (re, im). */
export const csrScale = (m: CsrMatrix, s: Complex): CsrMatrix => {
  const values = new Float64Array(m.values.length);
  for (let k = 0; k < values.length; k += 2) {
    const re = m.values[k];
    const im = m.values[k + 1];
    values[k] = s.re * re - s.im * im;
    values[k + 1] = s.re * im + s.im * re;
  }
  return { ...m, values };
};

/** Transpose; with `conjugate` the conjugate (Hermitian) transpose. */
export const csrTranspose = (m: CsrMatrix, conjugate = false): CsrMatrix => {
  const count = nnz(m);
  const rowPtr = new Int32Array(m.cols + 1);
  for (let k = 0; k < count; k++) rowPtr[m.colIdx[k] + 1]++;
  for (let c = 0; c < m.cols; c++) rowPtr[c + 1] += rowPtr[c];
  const next = rowPtr.slice();
  const colIdx = new Int32Array(count);
  const values = new Float64Array(2 * count);
  const sign = conjugate ? -1 : 1;
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      const at = next[m.colIdx[k]]++;
      colIdx[at] = r; // rows visited in increasing order: columns come out sorted
      values[2 * at] = m.values[2 * k];
      values[2 * at + 1] = sign * m.values[2 * k + 1];
    }
  }
  return { rows: m.cols, cols: m.rows, rowPtr, colIdx, values };
};

/** Conjugate transpose m^dag. */
export const csrAdjoint = (m: CsrMatrix): CsrMatrix => csrTranspose(m, true);

/** Element-wise complex conjugate. */
export const csrConjugate = (m: CsrMatrix): CsrMatrix => {
  const values = m.values.slice();
  for (let k = 1; k < values.length; k += 2) values[k] = -values[k];
  return { ...m, values };
};

const assertShape = (ok: boolean, what: string): void => {
  if (!ok) throw new RangeError(what);
};

/** Sparse matrix product a * b (Gustavson's row-by-row algorithm with a dense accumulator). */
export const csrMultiply = (a: CsrMatrix, b: CsrMatrix): CsrMatrix => {
  assertShape(a.cols === b.rows, `cannot multiply ${a.rows}x${a.cols} by ${b.rows}x${b.cols}`);
  const slot = new Int32Array(b.cols).fill(-1);
  const accRe = new Float64Array(b.cols);
  const accIm = new Float64Array(b.cols);
  const rowPtr = new Int32Array(a.rows + 1);
  let cols = new Int32Array(Math.max(16, nnz(a) + nnz(b)));
  let vals = new Float64Array(2 * cols.length);
  let out = 0;
  const touched = new Int32Array(b.cols);
  for (let r = 0; r < a.rows; r++) {
    let touchedCount = 0;
    for (let ka = a.rowPtr[r]; ka < a.rowPtr[r + 1]; ka++) {
      const mid = a.colIdx[ka];
      const are = a.values[2 * ka];
      const aim = a.values[2 * ka + 1];
      for (let kb = b.rowPtr[mid]; kb < b.rowPtr[mid + 1]; kb++) {
        const c = b.colIdx[kb];
        const bre = b.values[2 * kb];
        const bim = b.values[2 * kb + 1];
        if (slot[c] < 0) {
          slot[c] = 1;
          touched[touchedCount++] = c;
          accRe[c] = 0;
          accIm[c] = 0;
        }
        accRe[c] += are * bre - aim * bim;
        accIm[c] += are * bim + aim * bre;
      }
    }
    if (out + touchedCount > cols.length) {
      const grown = Math.max(2 * cols.length, out + touchedCount);
      const nextCols = new Int32Array(grown);
      nextCols.set(cols);
      const nextVals = new Float64Array(2 * grown);
      nextVals.set(vals);
      cols = nextCols;
      vals = nextVals;
    }
    touched.subarray(0, touchedCount).sort();
    for (let t = 0; t < touchedCount; t++) {
      const c = touched[t];
      slot[c] = -1;
      if (accRe[c] !== 0 || accIm[c] !== 0) {
        cols[out] = c;
        vals[2 * out] = accRe[c];
        vals[2 * out + 1] = accIm[c];
        out++;
      }
    }
    rowPtr[r + 1] = out;
  }
  return { rows: a.rows, cols: b.cols, rowPtr, colIdx: cols.slice(0, out), values: vals.slice(0, 2 * out) };
};

/** A weighted sum sum_k s_k m_k of equally shaped matrices (exact zeros dropped). */
export const csrLinearCombination = (terms: readonly { readonly scale: Complex; readonly matrix: CsrMatrix }[]): CsrMatrix => {
  assertShape(terms.length > 0, "csrLinearCombination needs at least one term");
  const { rows, cols } = terms[0].matrix;
  for (const t of terms) assertShape(t.matrix.rows === rows && t.matrix.cols === cols, `cannot add ${t.matrix.rows}x${t.matrix.cols} to ${rows}x${cols}`);
  const total = terms.reduce((s, t) => s + nnz(t.matrix), 0);
  const ri = new Int32Array(total);
  const ci = new Int32Array(total);
  const v = new Float64Array(2 * total);
  let at = 0;
  for (const { scale: s, matrix: m } of terms) {
    for (let r = 0; r < rows; r++) {
      for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
        ri[at] = r;
        ci[at] = m.colIdx[k];
        const re = m.values[2 * k];
        const im = m.values[2 * k + 1];
        v[2 * at] = s.re * re - s.im * im;
        v[2 * at + 1] = s.re * im + s.im * re;
        at++;
      }
    }
  }
  return csrFromCoo(rows, cols, ri, ci, v, at);
};

/** a + b. */
export const csrAdd = (a: CsrMatrix, b: CsrMatrix): CsrMatrix =>
  csrLinearCombination([
    { scale: { re: 1, im: 0 }, matrix: a },
    { scale: { re: 1, im: 0 }, matrix: b },
  ]);

/** Kronecker product: kron(a, b)[ra * b.rows + rb, ca * b.cols + cb] = a[ra, ca] b[rb, cb]. */
export const csrKron = (a: CsrMatrix, b: CsrMatrix): CsrMatrix => {
  const rows = a.rows * b.rows;
  const cols = a.cols * b.cols;
  const rowPtr = new Int32Array(rows + 1);
  const count = nnz(a) * nnz(b);
  const colIdx = new Int32Array(count);
  const values = new Float64Array(2 * count);
  let out = 0;
  for (let ra = 0; ra < a.rows; ra++) {
    for (let rb = 0; rb < b.rows; rb++) {
      for (let ka = a.rowPtr[ra]; ka < a.rowPtr[ra + 1]; ka++) {
        const are = a.values[2 * ka];
        const aim = a.values[2 * ka + 1];
        const base = a.colIdx[ka] * b.cols;
        for (let kb = b.rowPtr[rb]; kb < b.rowPtr[rb + 1]; kb++) {
          const bre = b.values[2 * kb];
          const bim = b.values[2 * kb + 1];
          colIdx[out] = base + b.colIdx[kb];
          values[2 * out] = are * bre - aim * bim;
          values[2 * out + 1] = are * bim + aim * bre;
          out++;
        }
      }
      rowPtr[ra * b.rows + rb + 1] = out;
    }
  }
  return { rows, cols, rowPtr, colIdx, values };
};

/** y = m x for interleaved complex vectors; writes into `out` (allocated if absent) and returns it. */
export const csrSpmv = (m: CsrMatrix, x: Float64Array, out: Float64Array = new Float64Array(2 * m.rows)): Float64Array => {
  assertShape(x.length === 2 * m.cols && out.length === 2 * m.rows, `SpMV shape mismatch: ${m.rows}x${m.cols} matrix, vector of ${x.length / 2}`);
  const { rowPtr, colIdx, values } = m;
  for (let r = 0; r < m.rows; r++) {
    let re = 0;
    let im = 0;
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
      const c = 2 * colIdx[k];
      const vre = values[2 * k];
      const vim = values[2 * k + 1];
      re += vre * x[c] - vim * x[c + 1];
      im += vre * x[c + 1] + vim * x[c];
    }
    out[2 * r] = re;
    out[2 * r + 1] = im;
  }
  return out;
};

/** Largest modulus of a stored entry (0 for an empty matrix). */
export const csrMaxAbs = (m: CsrMatrix): number => {
  let max = 0;
  for (let k = 0; k < m.values.length; k += 2) max = Math.max(max, Math.hypot(m.values[k], m.values[k + 1]));
  return max;
};

/** Frobenius norm. */
export const csrFrobeniusNorm = (m: CsrMatrix): number => {
  let sum = 0;
  for (let k = 0; k < m.values.length; k++) sum += m.values[k] * m.values[k];
  return Math.sqrt(sum);
};

/** The entry (r, c) (zero if not stored); binary search in the row. */
export const csrGet = (m: CsrMatrix, r: number, c: number): Complex => {
  let lo = m.rowPtr[r];
  let hi = m.rowPtr[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const col = m.colIdx[mid];
    if (col === c) return { re: m.values[2 * mid], im: m.values[2 * mid + 1] };
    if (col < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return { re: 0, im: 0 };
};

/** True when every stored value is finite (no NaN or infinity). */
export const csrIsFinite = (m: CsrMatrix): boolean => m.values.every(Number.isFinite);
