/**
 * Eigenvalues of small complex Hermitian matrices (the per-frequency rate matrices [gamma_ij],
 * at most a few atoms on a side), to refuse rate combinations that are not positive semidefinite:
 * such a master equation is not completely positive and its "steady state" need not be a state.
 *
 * Method: H = A + iB (A symmetric, B antisymmetric) has the same spectrum, each eigenvalue twice,
 * as the real symmetric [[A, -B], [B, A]]; cyclic Jacobi rotations on that matrix converge
 * quadratically and are unconditionally stable. Sizes here are <= ~20, so cost is irrelevant.
 */
import type { Complex } from "../math/complex.js";

/** Eigenvalues (ascending) of a Hermitian matrix given as rows of Complex. */
export const hermitianEigenvalues = (h: readonly (readonly Complex[])[]): readonly number[] => {
  const n = h.length;
  const m = 2 * n;
  const a = new Float64Array(m * m);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      // Hermitian part only, so a slightly non-Hermitian input cannot break the symmetric solver.
      const re = 0.5 * (h[r][c].re + h[c][r].re);
      const im = 0.5 * (h[r][c].im - h[c][r].im);
      a[r * m + c] = re;
      a[(r + n) * m + (c + n)] = re;
      a[r * m + (c + n)] = -im;
      a[(r + n) * m + c] = im;
    }
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        const v = a[p * m + q] * a[p * m + q];
        if (p !== q) off += v;
        scale += v;
      }
    }
    if (off <= 1e-30 * scale || scale === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const all = Array.from({ length: m }, (_, k) => a[k * m + k]).sort((x, y) => x - y);
  // Each eigenvalue appears twice in the real embedding: keep every other one.
  return all.filter((_, k) => k % 2 === 0);
};
