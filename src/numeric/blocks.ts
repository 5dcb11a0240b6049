/**
 * Connected components of a square sparse matrix's sparsity graph (undirected: an edge i - j for
 * every stored entry (i, j) or (j, i)), and extraction of principal sub-blocks.
 *
 * Secular / interaction-picture Liouvillians split into many such components (e.g. by the energy
 * difference of ket and bra); the steady state lives in the component(s) holding the populations
 * |i><i|. See theory/numerics.md §3.
 */
import type { CsrMatrix } from "./csr.js";

export interface Components {
  /** component label (0 .. count-1) of each index */
  readonly label: Int32Array;
  readonly count: number;
  /** size of each component */
  readonly sizes: Int32Array;
}

/** Union-find with path halving and union by size over the stored entries. */
export const connectedComponents = (m: CsrMatrix): Components => {
  const n = m.rows;
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let v = x;
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let r = 0; r < n; r++) {
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      const a = find(r);
      const b = find(m.colIdx[k]);
      if (a === b) continue;
      if (size[a] < size[b]) {
        parent[a] = b;
        size[b] += size[a];
      } else {
        parent[b] = a;
        size[a] += size[b];
      }
    }
  }
  const label = new Int32Array(n).fill(-1);
  const rootLabel = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (rootLabel[root] < 0) rootLabel[root] = count++;
    label[i] = rootLabel[root];
  }
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) sizes[label[i]]++;
  return { label, count, sizes };
};

/**
 * The principal sub-matrix m[indices, indices] (indices sorted ascending and unique), assuming no
 * stored entry couples `indices` to the rest when `closed` (true for a union of components).
 */
export const principalSubmatrix = (m: CsrMatrix, indices: Int32Array): CsrMatrix => {
  const local = new Int32Array(m.cols).fill(-1);
  indices.forEach((g, l) => {
    local[g] = l;
  });
  const size = indices.length;
  const rowPtr = new Int32Array(size + 1);
  let total = 0;
  for (let l = 0; l < size; l++) {
    const r = indices[l];
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) if (local[m.colIdx[k]] >= 0) total++;
    rowPtr[l + 1] = total;
  }
  const colIdx = new Int32Array(total);
  const values = new Float64Array(2 * total);
  let at = 0;
  for (let l = 0; l < size; l++) {
    const r = indices[l];
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      const c = local[m.colIdx[k]];
      if (c < 0) continue;
      colIdx[at] = c; // increasing global order keeps local order increasing
      values[2 * at] = m.values[2 * k];
      values[2 * at + 1] = m.values[2 * k + 1];
      at++;
    }
  }
  return { rows: size, cols: size, rowPtr, colIdx, values };
};
