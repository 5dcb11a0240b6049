/**
 * Dense complex LU with partial pivoting, blocked right-looking (panel factorisation, then a
 * trailing update in which each row stays in cache while the panel's rows stream past). Used for
 * the dense trailing Schur complement of the sparse LU (sparse-lu.ts). Split storage: separate
 * row-major real and imaginary arrays, m x m. See theory/numerics.md §5.
 */

export interface DenseLu {
  readonly m: number;
  /** the factors in place: strictly lower part = L (unit diagonal), upper part = U */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** perm[t] = original row of the t-th pivot row */
  readonly perm: Int32Array;
  readonly minPivot: number;
  readonly maxPivot: number;
  /** first step with an exactly zero pivot column, or -1 */
  readonly zeroPivotStep: number;
}

const PANEL = 32;

/** Factorises the m x m matrix (re, im) in place. */
export const denseLuInPlace = (m: number, re: Float64Array, im: Float64Array): DenseLu => {
  const perm = Int32Array.from({ length: m }, (_, i) => i);
  let minPivot = Infinity;
  let maxPivot = 0;
  let zeroPivotStep = -1;
  for (let kb = 0; kb < m; kb += PANEL) {
    const kEnd = Math.min(kb + PANEL, m);
    // --- panel factorisation: columns kb..kEnd-1, all rows >= k ---
    for (let k = kb; k < kEnd; k++) {
      let pivot = k;
      let best = -1;
      for (let i = k; i < m; i++) {
        const a = re[i * m + k];
        const b = im[i * m + k];
        const size = a * a + b * b;
        if (size > best) {
          best = size;
          pivot = i;
        }
      }
      if (pivot !== k) {
        // swap whole rows (L part to the left included, as LAPACK's getrf does)
        const rowA = k * m;
        const rowB = pivot * m;
        for (let j = 0; j < m; j++) {
          const tr = re[rowA + j];
          re[rowA + j] = re[rowB + j];
          re[rowB + j] = tr;
          const ti = im[rowA + j];
          im[rowA + j] = im[rowB + j];
          im[rowB + j] = ti;
        }
        const tp = perm[k];
        perm[k] = perm[pivot];
        perm[pivot] = tp;
      }
      const pre = re[k * m + k];
      const pim = im[k * m + k];
      const size = Math.sqrt(pre * pre + pim * pim);
      if (size === 0) {
        if (zeroPivotStep < 0) zeroPivotStep = k;
        minPivot = 0;
        continue;
      }
      minPivot = Math.min(minPivot, size);
      maxPivot = Math.max(maxPivot, size);
      const d = pre * pre + pim * pim;
      const ire = pre / d;
      const iim = -pim / d;
      const rowK = k * m;
      for (let i = k + 1; i < m; i++) {
        const row = i * m;
        const are = re[row + k];
        const aim = im[row + k];
        if (are === 0 && aim === 0) continue;
        const lre = are * ire - aim * iim;
        const lim = are * iim + aim * ire;
        re[row + k] = lre;
        im[row + k] = lim;
        for (let j = k + 1; j < kEnd; j++) {
          const ure = re[rowK + j];
          const uim = im[rowK + j];
          re[row + j] -= lre * ure - lim * uim;
          im[row + j] -= lre * uim + lim * ure;
        }
      }
    }
    if (kEnd === m) break;
    // --- U12: rows kb..kEnd-1, columns >= kEnd (unit lower triangular solve with L11) ---
    for (let k = kb; k < kEnd; k++) {
      const rowK = k * m;
      for (let i = k + 1; i < kEnd; i++) {
        const row = i * m;
        const lre = re[row + k];
        const lim = im[row + k];
        if (lre === 0 && lim === 0) continue;
        for (let j = kEnd; j < m; j++) {
          const ure = re[rowK + j];
          const uim = im[rowK + j];
          re[row + j] -= lre * ure - lim * uim;
          im[row + j] -= lre * uim + lim * ure;
        }
      }
    }
    // --- trailing update A22 -= L21 U12, row by row (row i stays in cache); four panel rows at a
    // time so each A22 entry is loaded and stored once per four updates ---
    for (let i = kEnd; i < m; i++) {
      const row = i * m;
      let k = kb;
      for (; k + 3 < kEnd; k += 4) {
        const l0r = re[row + k], l0i = im[row + k];
        const l1r = re[row + k + 1], l1i = im[row + k + 1];
        const l2r = re[row + k + 2], l2i = im[row + k + 2];
        const l3r = re[row + k + 3], l3i = im[row + k + 3];
        const r0 = k * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
        for (let j = kEnd; j < m; j++) {
          const u0r = re[r0 + j], u0i = im[r0 + j];
          const u1r = re[r1 + j], u1i = im[r1 + j];
          const u2r = re[r2 + j], u2i = im[r2 + j];
          const u3r = re[r3 + j], u3i = im[r3 + j];
          re[row + j] -= l0r * u0r - l0i * u0i + l1r * u1r - l1i * u1i + l2r * u2r - l2i * u2i + l3r * u3r - l3i * u3i;
          im[row + j] -= l0r * u0i + l0i * u0r + l1r * u1i + l1i * u1r + l2r * u2i + l2i * u2r + l3r * u3i + l3i * u3r;
        }
      }
      for (; k < kEnd; k++) {
        const lre = re[row + k];
        const lim = im[row + k];
        if (lre === 0 && lim === 0) continue;
        const rowK = k * m;
        for (let j = kEnd; j < m; j++) {
          const ure = re[rowK + j];
          const uim = im[rowK + j];
          re[row + j] -= lre * ure - lim * uim;
          im[row + j] -= lre * uim + lim * ure;
        }
      }
    }
  }
  return { m, re, im, perm, minPivot, maxPivot, zeroPivotStep };
};
