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
