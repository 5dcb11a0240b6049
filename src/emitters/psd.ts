/**
 * Eigenvalues of small complex Hermitian matrices (the per-frequency rate matrices [gamma_ij],
 * at most a few atoms on a side), to refuse rate combinations that are not positive semidefinite:
 * such a master equation is not completely positive and its "steady state" need not be a state.
 * The Jacobi solver itself lives in src/numeric/dense.ts; this adapts the rows-of-Complex form.
 */
import type { Complex } from "../math/complex.js";
import { hermitianEigenvalues as denseHermitianEigenvalues } from "../numeric/dense.js";

/** Eigenvalues (ascending) of a Hermitian matrix given as rows of Complex (Hermitian part used). */
export const hermitianEigenvalues = (h: readonly (readonly Complex[])[]): readonly number[] => {
  const n = h.length;
  const dense = new Float64Array(2 * n * n);
  h.forEach((row, r) =>
    row.forEach((v, c) => {
      dense[2 * (r * n + c)] = v.re;
      dense[2 * (r * n + c) + 1] = v.im;
    }),
  );
  return Array.from(denseHermitianEigenvalues(dense, n));
};
