/**
 * Steady state of a Lindblad master equation: solve L vec(rho) = 0 with Tr rho = 1 by sparse LU,
 * restricted to the connected component(s) of L's sparsity graph that hold the populations.
 * See theory/numerics.md §2-4 for the trace constraint, the block reduction and the uniqueness test.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrFromCoo, csrFrobeniusNorm, csrGet, csrSpmv, nnz, type CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { hilbertDimension, liouvillian, validateMasterEquation, vecIndex, type Liouvillian } from "./liouvillian.js";
import { connectedComponents, principalSubmatrix } from "./blocks.js";
import { luFactor, luNonzeros, luSolve } from "./sparse-lu.js";
import { realLuFactor, realLuSolve, type RealCsr } from "./real-lu.js";
import { approximateMinimumDegree, minimumDegreeOrdering, naturalOrdering, nestedDissectionOrdering } from "./ordering.js";
import { denseTrace, hermiticityError, hermitianEigenvalues } from "./dense.js";
import { solveError, type SolveError } from "./errors.js";

export interface SteadyStateOptions {
  /** solve only the components holding the populations (default true; exact, see theory) */
  readonly blockReduction?: boolean;
  /** column ordering for the LU (default "approximate-minimum-degree"; "minimum-degree" is the exact, slower variant) */
  readonly ordering?: "approximate-minimum-degree" | "nested-dissection" | "minimum-degree" | "natural";
  /** threshold partial pivoting tolerance (default 0.1) */
  readonly pivotTolerance?: number;
  /**
   * A pivot smaller than singularTolerance * max|A| marks the constrained system as singular,
   * i.e. the steady state as non-unique (default 1e-11).
   */
  readonly singularTolerance?: number;
  /** sparse-to-dense switch of the LU (see LuOptions.denseSwitch; default 0.5 on the real path, 0.8 on the complex one) */
  readonly denseSwitch?: number;
  /**
   * "auto" (default): solve in real Hermitian coordinates (Re rho_ij, Im rho_ij for i < j, rho_ii)
   * when L preserves Hermiticity, which costs about a quarter of the complex solve; "complex"
   * always solves on vec(rho); "real" requires the real path (a typed error if L does not preserve
   * Hermiticity).
   */
  readonly arithmetic?: "auto" | "real" | "complex";
  /** compute the smallest eigenvalue of rho when N <= this (dense Jacobi; default 32) */
  readonly eigenvalueCheckMaxDimension?: number;
}

export interface SteadyStateStats {
  readonly liouvillianDimension: number;
  readonly liouvillianNonzeros: number;
  readonly components: number;
  /** dimension and non-zeros of the block actually factorised */
  readonly solvedDimension: number;
  readonly solvedNonzeros: number;
  /** non-zeros of L + U */
  readonly factorNonzeros: number;
  /** smallest pivot over max |A| of the factorised system (the uniqueness margin) */
  readonly minPivotRelative: number;
  /** "real": solved in Hermitian coordinates (L preserves Hermiticity); "complex": on vec(rho) */
  readonly arithmetic: "real" | "complex";
  readonly assemblyMs: number;
  readonly orderingMs: number;
  readonly factorMs: number;
}

export interface SteadyState {
  /** N x N density matrix, row-major, interleaved (re, im): rho[i][j] at [2 (i N + j)] */
  readonly rho: Float64Array;
  readonly dimension: number;
  readonly dims: readonly number[];
  /** ||L vec(rho)||_2 of the returned (Hermitised, normalised) rho with the full Liouvillian */
  readonly residual: number;
  /** residual / (||L||_F ||rho||_F) */
  readonly relativeResidual: number;
  /** trace of the raw solution before normalisation (re, im) */
  readonly rawTrace: readonly [number, number];
  /** max |rho - rho^dag| of the raw solution, removed by Hermitisation */
  readonly rawHermiticityError: number;
  /** smallest eigenvalue of rho (only when N <= eigenvalueCheckMaxDimension) */
  readonly minEigenvalue: number | undefined;
  readonly stats: SteadyStateStats;
}

/** 2-norm of an interleaved complex vector (no spread: vectors can be long). */
const euclideanNorm = (v: Float64Array): number => {
  let sum = 0;
  for (let k = 0; k < v.length; k++) sum += v[k] * v[k];
  return Math.sqrt(sum);
};

const indicesWhere = (n: number, keep: (i: number) => boolean): Int32Array => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
};

/**
 * Replaces row `row` of the square CSR matrix by `weight` at the columns `traceCols`.
 */
const replaceRow = (m: CsrMatrix, row: number, traceCols: Int32Array, weight: number): CsrMatrix => {
  const removed = m.rowPtr[row + 1] - m.rowPtr[row];
  const added = traceCols.length;
  const total = nnz(m) - removed + added;
  const rowPtr = new Int32Array(m.rows + 1);
  const colIdx = new Int32Array(total);
  const values = new Float64Array(2 * total);
  let at = 0;
  for (let r = 0; r < m.rows; r++) {
    if (r === row) {
      for (let k = 0; k < added; k++) {
        colIdx[at] = traceCols[k];
        values[2 * at] = weight;
        at++;
      }
    } else {
      for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
        colIdx[at] = m.colIdx[k];
        values[2 * at] = m.values[2 * k];
        values[2 * at + 1] = m.values[2 * k + 1];
        at++;
      }
    }
    rowPtr[r + 1] = at;
  }
  return { rows: m.rows, cols: m.cols, rowPtr, colIdx, values };
};

interface BlockSolution {
  /** raw N x N solution (row-major interleaved), before Hermitisation and normalisation */
  readonly raw: Float64Array;
  readonly solvedDimension: number;
  readonly solvedNonzeros: number;
  readonly factorNonzeros: number;
  readonly minPivotRelative: number;
  readonly orderingMs: number;
  readonly factorMs: number;
}

const nonUniqueSingular = (message: string): SolveError =>
  solveError("non-unique", `the steady state is not unique: with the trace constraint the Liouvillian block is exactly singular (${message}). Typical cause: a dark state or a conserved quantity.`);

const nonUniqueTinyPivot = (dimension: number, relative: number, tolerance: number): SolveError =>
  solveError(
    "non-unique",
    `the steady state is not unique: with the trace constraint the Liouvillian block (dimension ${dimension}) is numerically singular ` +
      `(smallest pivot ${relative.toExponential(2)} of the largest entry, below singularTolerance ${tolerance}). ` +
      `Typical cause: a dark state or a conserved quantity (e.g. only collective decay). Add local rates, or lower singularTolerance if the rates legitimately span more than ~1e10.`,
  );

const chooseOrdering = (pattern: CsrMatrix, choice: SteadyStateOptions["ordering"]): Int32Array =>
  choice === "natural"
    ? naturalOrdering(pattern.rows)
    : choice === "minimum-degree"
      ? minimumDegreeOrdering(pattern)
      : choice === "nested-dissection"
        ? nestedDissectionOrdering(pattern)
        : approximateMinimumDegree(pattern);

/**
 * True when L maps Hermitian matrices to Hermitian matrices on the block: every stored entry
 * L[(i,j),(k,l)] has its mirror L[(j,i),(l,k)] equal to its conjugate (relative 1e-12).
 */
export const isHermiticityPreserving = (lm: CsrMatrix, n: number, keep: Int32Array): boolean => {
  let scale = 0;
  for (let k = 0; k < lm.values.length; k += 2) scale = Math.max(scale, Math.abs(lm.values[k]), Math.abs(lm.values[k + 1]));
  const tolerance = 1e-12 * scale;
  for (let t = 0; t < keep.length; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    const mirrorRow = vecIndex(n, j, i);
    for (let p = lm.rowPtr[g]; p < lm.rowPtr[g + 1]; p++) {
      const c = lm.colIdx[p];
      const k = c % n;
      const l = (c - k) / n;
      const mirror = csrGet(lm, mirrorRow, vecIndex(n, l, k));
      if (Math.abs(mirror.re - lm.values[2 * p]) > tolerance || Math.abs(mirror.im + lm.values[2 * p + 1]) > tolerance) return false;
    }
  }
  return true;
};

/** The complex solve on vec(rho) restricted to `keep` (trace row replacing the first population's row). */
const solveComplexBlock = (lm: CsrMatrix, n: number, keep: Int32Array, options: SteadyStateOptions & { singularTolerance: number }): Either<SolveError, BlockSolution> => {
  const block = keep.length === lm.rows ? lm : principalSubmatrix(lm, keep);
  const localOf = new Int32Array(lm.rows).fill(-1);
  keep.forEach((g, l) => {
    localOf[g] = l;
  });
  const traceCols = Int32Array.from({ length: n }, (_, i) => localOf[vecIndex(n, i, i)]).sort();
  // the constraint row is scaled like the matrix so that pivots stay comparable
  let scale = 0;
  for (let k = 0; k < block.values.length; k += 2) scale = Math.max(scale, Math.hypot(block.values[k], block.values[k + 1]));
  if (scale === 0) scale = 1;
  const constrained = replaceRow(block, traceCols[0], traceCols, scale);
  const orderStart = performance.now();
  const ordering = chooseOrdering(constrained, options.ordering);
  const factorStart = performance.now();
  const factors = luFactor(constrained, { ordering, pivotTolerance: options.pivotTolerance ?? 0.1, denseSwitch: options.denseSwitch });
  const factorEnd = performance.now();
  if (E.isLeft(factors)) return E.left(nonUniqueSingular(factors.left.message));
  const f = factors.right;
  const minPivotRelative = f.minPivot / f.matrixScale;
  if (minPivotRelative < options.singularTolerance) return E.left(nonUniqueTinyPivot(constrained.rows, minPivotRelative, options.singularTolerance));
  const rhs = new Float64Array(2 * constrained.rows);
  rhs[2 * traceCols[0]] = scale;
  const xLocal = luSolve(f, rhs);
  const raw = new Float64Array(2 * n * n);
  for (let l = 0; l < keep.length; l++) {
    const g = keep[l];
    const i = g % n;
    const j = (g - i) / n;
    raw[2 * (i * n + j)] = xLocal[2 * l];
    raw[2 * (i * n + j) + 1] = xLocal[2 * l + 1];
  }
  return E.right({
    raw, solvedDimension: constrained.rows, solvedNonzeros: nnz(constrained), factorNonzeros: luNonzeros(f), minPivotRelative,
    orderingMs: factorStart - orderStart, factorMs: factorEnd - factorStart,
  });
};

/**
 * The real solve in Hermitian coordinates (theory/numerics.md §2): unknowns rho_ii and
 * (Re rho_ij, Im rho_ij) for i < j; equations Re/Im of (L rho)_ij for i <= j. Requires a
 * Hermiticity-preserving L and a block closed under (i, j) -> (j, i) (both hold together).
 */
const solveRealBlock = (lm: CsrMatrix, n: number, keep: Int32Array, options: SteadyStateOptions & { singularTolerance: number }): Either<SolveError, BlockSolution> => {
  const realIndex = new Int32Array(lm.rows).fill(-1);
  let size = 0;
  for (let t = 0; t < keep.length; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    if (i === j) realIndex[g] = size++;
    else if (i < j) {
      realIndex[g] = size;
      size += 2;
    }
  }
  for (let t = 0; t < keep.length; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    if (i > j && realIndex[vecIndex(n, j, i)] < 0) {
      return E.left(solveError("invalid-input", `internal: the steady-state block is not closed under Hermitian conjugation; use arithmetic: "complex"`));
    }
  }
  // assemble the real system as COO (imaginary parts zero), summing duplicates
  let capacity = 4 * keep.length + 16;
  let rowsCoo = new Int32Array(capacity);
  let colsCoo = new Int32Array(capacity);
  let valsCoo = new Float64Array(2 * capacity);
  let count = 0;
  const push = (r: number, c: number, v: number): void => {
    if (v === 0) return;
    if (count === capacity) {
      capacity *= 2;
      const rr = new Int32Array(capacity);
      rr.set(rowsCoo);
      const cc = new Int32Array(capacity);
      cc.set(colsCoo);
      const vv = new Float64Array(2 * capacity);
      vv.set(valsCoo);
      rowsCoo = rr;
      colsCoo = cc;
      valsCoo = vv;
    }
    rowsCoo[count] = r;
    colsCoo[count] = c;
    valsCoo[2 * count] = v;
    count++;
  };
  for (let t = 0; t < keep.length; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    if (i > j) continue;
    const rowRe = realIndex[g];
    const rowIm = rowRe + 1;
    const offDiagonal = i < j;
    for (let p = lm.rowPtr[g]; p < lm.rowPtr[g + 1]; p++) {
      const c = lm.colIdx[p];
      const lr = lm.values[2 * p];
      const li = lm.values[2 * p + 1];
      const k = c % n;
      const l = (c - k) / n;
      if (k === l) {
        const col = realIndex[c];
        push(rowRe, col, lr);
        if (offDiagonal) push(rowIm, col, li);
      } else if (k < l) {
        // L rho_kl = L (u + i v)
        const cu = realIndex[c];
        push(rowRe, cu, lr);
        push(rowRe, cu + 1, -li);
        if (offDiagonal) {
          push(rowIm, cu, li);
          push(rowIm, cu + 1, lr);
        }
      } else {
        // rho_kl = conj(rho_lk) = u - i v
        const cu = realIndex[vecIndex(n, l, k)];
        push(rowRe, cu, lr);
        push(rowRe, cu + 1, li);
        if (offDiagonal) {
          push(rowIm, cu, li);
          push(rowIm, cu + 1, -lr);
        }
      }
    }
  }
  const assembled = csrFromCoo(size, size, rowsCoo, colsCoo, valsCoo, count);
  let scale = 0;
  for (let k = 0; k < assembled.values.length; k += 2) scale = Math.max(scale, Math.abs(assembled.values[k]));
  if (scale === 0) scale = 1;
  const traceCols = Int32Array.from({ length: n }, (_, i) => realIndex[vecIndex(n, i, i)]).sort();
  const constrained = replaceRow(assembled, traceCols[0], traceCols, scale);
  const real: RealCsr = {
    n: size,
    rowPtr: constrained.rowPtr,
    colIdx: constrained.colIdx,
    values: Float64Array.from({ length: constrained.colIdx.length }, (_, k) => constrained.values[2 * k]),
  };
  const orderStart = performance.now();
  const ordering = chooseOrdering(constrained, options.ordering);
  const factorStart = performance.now();
  const factors = realLuFactor(real, { ordering, pivotTolerance: options.pivotTolerance ?? 0.1, denseSwitch: options.denseSwitch ?? 0.5 });
  const factorEnd = performance.now();
  if (E.isLeft(factors)) return E.left(nonUniqueSingular(factors.left.message));
  const f = factors.right;
  const minPivotRelative = f.minPivot / f.matrixScale;
  if (minPivotRelative < options.singularTolerance) return E.left(nonUniqueTinyPivot(size, minPivotRelative, options.singularTolerance));
  const rhs = new Float64Array(size);
  rhs[traceCols[0]] = scale;
  const x = realLuSolve(f, rhs);
  const raw = new Float64Array(2 * n * n);
  for (let t = 0; t < keep.length; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    if (i === j) raw[2 * (i * n + i)] = x[realIndex[g]];
    else if (i < j) {
      const u = x[realIndex[g]];
      const v = x[realIndex[g] + 1];
      raw[2 * (i * n + j)] = u;
      raw[2 * (i * n + j) + 1] = v;
      raw[2 * (j * n + i)] = u;
      raw[2 * (j * n + i) + 1] = -v;
    }
  }
  return E.right({
    raw, solvedDimension: size, solvedNonzeros: real.rowPtr[size], factorNonzeros: f.lRowIdx.length + f.uRowIdx.length, minPivotRelative,
    orderingMs: factorStart - orderStart, factorMs: factorEnd - factorStart,
  });
};

/** Steady state from an already assembled Liouvillian. */
export const steadyStateOfLiouvillian = (lv: Liouvillian, options: SteadyStateOptions = {}, assemblyMs = 0): Either<SolveError, SteadyState> => {
  const n = hilbertDimension(lv.dims);
  const d = n * n;
  const lm = lv.matrix;
  if (lm.rows !== d || lm.cols !== d) return E.left(solveError("invalid-input", `Liouvillian is ${lm.rows}x${lm.cols}, expected ${d}x${d} for dims [${lv.dims.join(", ")}]`));
  const diagonalIndices = Int32Array.from({ length: n }, (_, i) => vecIndex(n, i, i));
  const components = connectedComponents(lm);
  const diagonalLabels = new Set(Array.from(diagonalIndices, (k) => components.label[k]));
  if (diagonalLabels.size > 1) {
    return E.left(
      solveError(
        "non-unique",
        `the steady state is not unique: the populations fall into ${diagonalLabels.size} disconnected blocks of the Liouvillian ` +
          `(no Hamiltonian or dissipator couples them), so each block keeps its own trace. Add the missing transitions/rates or fix the initial state and use evolve().`,
      ),
    );
  }
  const blockReduction = options.blockReduction ?? true;
  const keep = blockReduction ? indicesWhere(d, (k) => diagonalLabels.has(components.label[k])) : indicesWhere(d, () => true);
  const arithmetic = options.arithmetic ?? "auto";
  const preserving = arithmetic !== "complex" && isHermiticityPreserving(lm, n, keep);
  if (arithmetic === "real" && !preserving) {
    return E.left(
      solveError("invalid-input", `arithmetic "real" needs a Hermiticity-preserving Liouvillian (Hermitian H and a Hermitian rate matrix); use "auto" or "complex"`),
    );
  }
  const useReal = preserving;
  const solveOptions = { ...options, singularTolerance: options.singularTolerance ?? 1e-11 };
  const solution = useReal ? solveRealBlock(lm, n, keep, solveOptions) : solveComplexBlock(lm, n, keep, solveOptions);
  if (E.isLeft(solution)) return solution;
  const { raw, solvedDimension, solvedNonzeros, factorNonzeros, minPivotRelative, orderingMs, factorMs } = solution.right;
  const rawTrace = denseTrace(raw, n);
  const rawHermiticityError = hermiticityError(raw, n);
  const norm = rawTrace[0];
  if (!Number.isFinite(norm) || norm === 0 || !raw.every(Number.isFinite)) {
    return E.left(solveError("singular", `the steady-state solve produced a non-finite or zero-trace solution (trace ${norm}); check the scale of H and the rates (divide them by a reference rate)`));
  }
  const rho = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = 2 * (i * n + j);
      const b = 2 * (j * n + i);
      rho[a] = (0.5 * (raw[a] + raw[b])) / norm;
      rho[a + 1] = (0.5 * (raw[a + 1] - raw[b + 1])) / norm;
    }
  }
  const vec = new Float64Array(2 * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const g = vecIndex(n, i, j);
      vec[2 * g] = rho[2 * (i * n + j)];
      vec[2 * g + 1] = rho[2 * (i * n + j) + 1];
    }
  }
  const lRho = csrSpmv(lm, vec);
  const residual = euclideanNorm(lRho);
  const rhoNorm = euclideanNorm(vec);
  const relativeResidual = residual / (csrFrobeniusNorm(lm) * rhoNorm);
  const eigenLimit = options.eigenvalueCheckMaxDimension ?? 32;
  const minEigenvalue = n <= eigenLimit ? hermitianEigenvalues(rho, n)[0] : undefined;
  return E.right({
    rho,
    dimension: n,
    dims: lv.dims,
    residual,
    relativeResidual,
    rawTrace,
    rawHermiticityError,
    minEigenvalue,
    stats: {
      liouvillianDimension: d,
      liouvillianNonzeros: nnz(lm),
      components: components.count,
      solvedDimension,
      solvedNonzeros,
      factorNonzeros,
      minPivotRelative,
      arithmetic: useReal ? "real" : "complex",
      assemblyMs,
      orderingMs,
      factorMs,
    },
  });
};

/**
 * The steady state of `me`: a typed SolveError (reason "invalid-input" or "non-unique") or the
 * Hermitised, unit-trace density matrix with its residual and diagnostics.
 */
export const steadyState = (me: NumericMasterEquation, options: SteadyStateOptions = {}): Either<SolveError, SteadyState> => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) return valid;
  const start = performance.now();
  const lv = liouvillian(me);
  return steadyStateOfLiouvillian(lv, options, performance.now() - start);
};
