/**
 * Steady state of a Lindblad master equation: solve L vec(rho) = 0 with Tr rho = 1 by sparse LU,
 * restricted to the connected component(s) of L's sparsity graph that hold the populations.
 * See theory/numerics.md §2-4 for the trace constraint, the block reduction and the uniqueness test.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrFromCoo, csrFrobeniusNorm, csrGet, csrSpmv, nnz, type CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { hilbertDimension, liouvillian, populationBlockLiouvillian, validateMasterEquation, vecIndex, type Liouvillian } from "./liouvillian.js";
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
   * A pivot smaller than singularTolerance * max|A| marks the constrained system as nearly singular
   * (default 1e-6). It is not a verdict by itself (theory/numerics.md §4): the system is then solved
   * a second time with a differently placed, differently weighted trace row; the two normalised
   * solutions agree to the attainable accuracy when the steady state is unique and differ by O(1)
   * when it is not.
   */
  readonly singularTolerance?: number;
  /**
   * Largest accepted disagreement (max |rho1 - rho2| over entries) of the two verification solves.
   * Below it the steady state is returned with a warning; between it and 1e-2 the typed error
   * "ill-conditioned"; from 1e-2 on, "non-unique" (default 1e-6).
   */
  readonly accuracyTolerance?: number;
  /**
   * The result is refused (typed error "not-positive") when a population, or the smallest eigenvalue
   * of rho when computed, is below -positivityTolerance (default 1e-9).
   */
  readonly positivityTolerance?: number;
  /**
   * "auto" (default): when the solved block holds only populations (a classical rate equation; no
   * coherence is coupled to them) and N <= 256, solve it by the GTH state reduction, which needs no
   * subtraction and keeps full relative accuracy whatever the spread of the rates (theory §4b);
   * otherwise sparse LU. "lu": always sparse LU.
   */
  readonly method?: "auto" | "lu";
  /** sparse-to-dense switch of the LU (see LuOptions.denseSwitch; default 0.5 on the real path, 0.8 on the complex one) */
  readonly denseSwitch?: number;
  /**
   * "auto" (default): solve in real Hermitian coordinates (Re rho_ij, Im rho_ij for i < j, rho_ii)
   * when L preserves Hermiticity, which costs about a quarter of the complex solve; "complex"
   * always solves on vec(rho); "real" requires the real path (a typed error if L does not preserve
   * Hermiticity).
   */
  readonly arithmetic?: "auto" | "real" | "complex";
  /**
   * Reuse the population-block structure and the column ordering of an earlier solve with the same
   * sparsity patterns (default true; small bounded caches, exact: a hit returns what a miss computes;
   * theory/numerics.md §3a, §5a). false recomputes both (for benchmarks).
   */
  readonly reusePattern?: boolean;
  /** compute the smallest eigenvalue of rho when N <= this (dense Jacobi; default 32) */
  readonly eigenvalueCheckMaxDimension?: number;
  /**
   * Largest block the direct solver accepts (default 20000). The factorisation of these blocks ends in
   * a dense clique (theory/numerics.md §5): memory ~8 m^2 bytes and time ~m^3, so m = 16,302 (M + 7 qubits)
   * took 5 GB and ~15 minutes here, and M + 8 qubits (m = 61,490) would take ~30 GB and hours.
   * A larger block is refused up front with a typed error instead of running out of memory.
   */
  readonly maxBlockDimension?: number;
}

export const DEFAULT_MAX_BLOCK_DIMENSION = 20000;
/**
 * Pivot (relative) below which the verification solve runs (theory/numerics.md §4). 1e-6: a nearly dark
 * state with collective rates (1 - 1e-12) of the local ones has pivot 1.4e-11 and entries off by 2e-6,
 * which the earlier 1e-11 let through without a word (the error grows as ~1e-16 / pivot); the paper's
 * systems and the benchmark model have pivots of 5e-3 to 7e-2 and never trigger it.
 */
export const DEFAULT_SINGULAR_TOLERANCE = 1e-6;
/** Below this pivot a verified result always carries a warning; above it only if the solves differ by more than QUIET_DIFFERENCE. */
const QUIET_PIVOT = 1e-11;
const QUIET_DIFFERENCE = 1e-12;
/** Hilbert dimension above which even the structural analysis of the N^2 x N^2 Liouvillian is out of reach. */
export const MAX_HILBERT_DIMENSION = 1024;

/** The typed refusal of a Hilbert space above MAX_HILBERT_DIMENSION (null when it is within). */
export const hilbertDimensionError = (dimension: number, dims: readonly number[]): SolveError | null =>
  dimension > MAX_HILBERT_DIMENSION
    ? solveError(
        "invalid-input",
        `the Hilbert space has dimension ${dimension} (subsystems ${dims.join(" x ")}), so the Liouvillian is ${dimension}^2 x ${dimension}^2; ` +
          `qthermo's direct steady-state solver handles up to ${MAX_HILBERT_DIMENSION} (M + 7 qubits is 384). Use fewer emitters or levels.`,
      )
    : null;

export interface SteadyStateStats {
  readonly liouvillianDimension: number;
  /** stored entries of the assembled L: with block reduction (steadyState) only the population block's rows are assembled */
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
  /** "lu": sparse LU with the trace row; "gth": GTH state reduction of the classical rate equation */
  readonly method: "lu" | "gth";
  /** max |rho1 - rho2| of the two verification solves (only when the smallest pivot triggered them) */
  readonly verificationDifference: number | undefined;
  readonly assemblyMs: number;
  readonly orderingMs: number;
  readonly factorMs: number;
}

export interface SteadyState {
  /** N x N density matrix, row-major, interleaved (re, im): rho[i][j] at [2 (i N + j)] */
  readonly rho: Float64Array;
  readonly dimension: number;
  readonly dims: readonly number[];
  /**
   * ||L vec(rho)||_2 of the returned (Hermitised, normalised) rho with the full Liouvillian (exact also when
   * only the population block was assembled: rho vanishes outside it and L does not couple it to the rest)
   */
  readonly residual: number;
  /** residual / (||L||_F ||rho||_F), with ||L||_F over the assembled rows (the population block under block reduction) */
  readonly relativeResidual: number;
  /** trace of the raw solution before normalisation (re, im) */
  readonly rawTrace: readonly [number, number];
  /** max |rho - rho^dag| of the raw solution, removed by Hermitisation */
  readonly rawHermiticityError: number;
  /** smallest eigenvalue of rho (only when N <= eigenvalueCheckMaxDimension) */
  readonly minEigenvalue: number | undefined;
  /**
   * Human-readable warnings about the accuracy of this result (empty when nothing is suspect), e.g.
   * "ill-conditioned: smallest relative pivot 6.8e-13; two independent solves agree to 3e-15".
   */
  readonly warnings: readonly string[];
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
 * Replaces row `row` of the square CSR matrix by `weights[k]` at the columns `traceCols[k]`
 * (traceCols ascending).
 */
const replaceRow = (m: CsrMatrix, row: number, traceCols: Int32Array, weights: Float64Array): CsrMatrix => {
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
        values[2 * at] = weights[k];
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

/**
 * Where the trace functional goes (theory/numerics.md §4): "primary" replaces the first population's
 * row with unit weights; "check" replaces the last population's row with irregular positive weights
 * in [1, 2). For a unique steady state both give the same normalised rho (up to the conditioning);
 * for a non-unique one each picks its own member of the family, so they differ by O(1).
 */
type Constraint = "primary" | "check";

const traceRow = (traceCols: Int32Array, constraint: Constraint, scale: number): { readonly row: number; readonly weights: Float64Array } => {
  const weights = new Float64Array(traceCols.length);
  for (let k = 0; k < weights.length; k++) weights[k] = constraint === "primary" ? scale : scale * (1 + ((0.31 + k * 0.6180339887498949) % 1));
  return { row: constraint === "primary" ? traceCols[0] : traceCols[traceCols.length - 1], weights };
};

/**
 * The verification solve computes A^-1 (b + A v) - v for a fixed pseudo-random v of entries in
 * [-0.5, 0.5) (theory §4): the same as A^-1 b when A is regular, but when A is singular the rounding
 * of A v has a random component along the null vector that the noise pivot amplifies to O(1), so a
 * non-unique steady state cannot hide behind exact zeros in the right-hand side.
 */
const verificationShift = (length: number): Float64Array => {
  const v = new Float64Array(length);
  let state = 12345;
  for (let k = 0; k < length; k++) {
    state = (state * 16807) % 2147483647;
    v[k] = state / 2147483647 - 0.5;
  }
  return v;
};

interface BlockSolution {
  /** raw N x N solution (row-major interleaved), before Hermitisation and normalisation */
  readonly raw: Float64Array;
  /** verification solves only: A^-1 (b + A v) - v mapped back to N x N */
  readonly shiftedRaw?: Float64Array;
  readonly solvedDimension: number;
  readonly solvedNonzeros: number;
  readonly factorNonzeros: number;
  readonly minPivotRelative: number;
  readonly orderingMs: number;
  readonly factorMs: number;
}

const nonUniqueSingular = (message: string): SolveError =>
  solveError("non-unique", `the steady state is not unique: with the trace constraint the Liouvillian block is exactly singular (${message}). Typical cause: a dark state or a conserved quantity.`);

const nonUniqueDisagreement = (dimension: number, pivot: number, difference: number): SolveError =>
  solveError(
    "non-unique",
    `the steady state is not unique, or not resolvable in double precision: with the trace constraint the Liouvillian block (dimension ${dimension}) is numerically singular ` +
      `(smallest pivot ${pivot.toExponential(2)} of the largest entry), and two solves with differently placed trace constraints give ` +
      `states that differ by ${Number.isFinite(difference) ? difference.toExponential(2) : "a non-finite amount"} (for a unique, resolvable steady state they agree). ` +
      `Typical cause: a dark state or a conserved quantity (e.g. only collective decay); add local rates. ` +
      `If H and the rates genuinely span more than ~1e14, double precision cannot resolve the steady state: reduce the spread of scales.`,
  );

const illConditioned = (pivot: number, difference: number, tolerance: number): SolveError =>
  solveError(
    "ill-conditioned",
    `the steady state is ill-conditioned: smallest pivot ${pivot.toExponential(2)} of the largest entry (H and the rates span about ` +
      `${(1 / pivot).toExponential(0)}), and two independent solves agree only to ${difference.toExponential(2)} (accuracyTolerance ${tolerance}). ` +
      `Reduce the spread of scales (drop or rescale the couplings that are many orders stronger or weaker than the rest), ` +
      `or pass a larger accuracyTolerance to accept about ${difference.toExponential(0)} absolute error in rho.`,
  );

const computeOrdering = (pattern: CsrMatrix, choice: SteadyStateOptions["ordering"]): Int32Array =>
  choice === "natural"
    ? naturalOrdering(pattern.rows)
    : choice === "minimum-degree"
      ? minimumDegreeOrdering(pattern)
      : choice === "nested-dissection"
        ? nestedDissectionOrdering(pattern)
        : approximateMinimumDegree(pattern);

interface CachedOrdering {
  readonly choice: string;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly ordering: Int32Array;
}

/**
 * Orderings depend on the sparsity pattern only, and a parameter sweep solves the same pattern
 * hundreds of times with new values (theory/numerics.md §5a). A small least-recently-used cache,
 * keyed by a hash of the pattern and confirmed by an exact comparison, returns the stored ordering
 * (never mutated by the LU). Module state, but invisible: a hit returns exactly what a miss computes.
 */
const ORDERING_CACHE_ENTRIES = 8;
/** Patterns above this many stored entries are not cached (their ordering is cheap next to their factorisation). */
const ORDERING_CACHE_MAX_NONZEROS = 2_000_000;
const orderingCache = new Map<number, CachedOrdering>();

const patternHash = (m: CsrMatrix, choice: string): number => {
  let h = 0x811c9dc5 ^ m.rows ^ (choice.length << 24);
  for (let k = 0; k <= m.rows; k++) h = Math.imul(h ^ m.rowPtr[k], 0x01000193);
  for (let k = 0; k < m.colIdx.length; k++) h = Math.imul(h ^ m.colIdx[k], 0x01000193);
  return h >>> 0;
};

const samePattern = (entry: CachedOrdering, m: CsrMatrix, choice: string): boolean => {
  if (entry.choice !== choice || entry.rowPtr.length !== m.rows + 1 || entry.colIdx.length !== m.colIdx.length) return false;
  for (let k = 0; k <= m.rows; k++) if (entry.rowPtr[k] !== m.rowPtr[k]) return false;
  for (let k = 0; k < m.colIdx.length; k++) if (entry.colIdx[k] !== m.colIdx[k]) return false;
  return true;
};

const chooseOrdering = (pattern: CsrMatrix, choice: SteadyStateOptions["ordering"], useCache: boolean): Int32Array => {
  const name = choice ?? "approximate-minimum-degree";
  if (!useCache || name === "natural" || pattern.colIdx.length > ORDERING_CACHE_MAX_NONZEROS) return computeOrdering(pattern, choice);
  const key = patternHash(pattern, name);
  const hit = orderingCache.get(key);
  if (hit && samePattern(hit, pattern, name)) {
    orderingCache.delete(key);
    orderingCache.set(key, hit);
    return hit.ordering;
  }
  const ordering = computeOrdering(pattern, choice);
  orderingCache.set(key, { choice: name, rowPtr: pattern.rowPtr.slice(), colIdx: pattern.colIdx.slice(), ordering });
  if (orderingCache.size > ORDERING_CACHE_ENTRIES) orderingCache.delete(orderingCache.keys().next().value as number);
  return ordering;
};

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
const solveComplexBlock = (lm: CsrMatrix, n: number, keep: Int32Array, options: SteadyStateOptions, constraint: Constraint): Either<SolveError, BlockSolution> => {
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
  const trace = traceRow(traceCols, constraint, scale);
  const constrained = replaceRow(block, trace.row, traceCols, trace.weights);
  const orderStart = performance.now();
  const ordering = chooseOrdering(constrained, options.ordering, options.reusePattern ?? true);
  const factorStart = performance.now();
  const factors = luFactor(constrained, { ordering, pivotTolerance: options.pivotTolerance ?? 0.1, denseSwitch: options.denseSwitch });
  const factorEnd = performance.now();
  if (E.isLeft(factors)) return E.left(nonUniqueSingular(factors.left.message));
  const f = factors.right;
  const minPivotRelative = f.minPivot / f.matrixScale;
  const rhs = new Float64Array(2 * constrained.rows);
  rhs[2 * trace.row] = scale;
  const xLocal = luSolve(f, rhs);
  const shift = constraint === "check" ? verificationShift(rhs.length) : undefined;
  let shiftedRaw: Float64Array | undefined;
  if (shift) {
    const moved = csrSpmv(constrained, shift);
    for (let k = 0; k < rhs.length; k++) moved[k] += rhs[k];
    const xs = luSolve(f, moved);
    shiftedRaw = new Float64Array(2 * n * n);
    for (let l = 0; l < keep.length; l++) {
      const g = keep[l];
      const i = g % n;
      const j = (g - i) / n;
      shiftedRaw[2 * (i * n + j)] = xs[2 * l] - shift[2 * l];
      shiftedRaw[2 * (i * n + j) + 1] = xs[2 * l + 1] - shift[2 * l + 1];
    }
  }
  const raw = new Float64Array(2 * n * n);
  for (let l = 0; l < keep.length; l++) {
    const g = keep[l];
    const i = g % n;
    const j = (g - i) / n;
    raw[2 * (i * n + j)] = xLocal[2 * l];
    raw[2 * (i * n + j) + 1] = xLocal[2 * l + 1];
  }
  return E.right({
    raw, shiftedRaw, solvedDimension: constrained.rows, solvedNonzeros: nnz(constrained), factorNonzeros: luNonzeros(f), minPivotRelative,
    orderingMs: factorStart - orderStart, factorMs: factorEnd - factorStart,
  });
};

/**
 * The real solve in Hermitian coordinates (theory/numerics.md §2): unknowns rho_ii and
 * (Re rho_ij, Im rho_ij) for i < j; equations Re/Im of (L rho)_ij for i <= j. Requires a
 * Hermiticity-preserving L and a block closed under (i, j) -> (j, i) (both hold together).
 */
const solveRealBlock = (lm: CsrMatrix, n: number, keep: Int32Array, options: SteadyStateOptions, constraint: Constraint): Either<SolveError, BlockSolution> => {
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
  const trace = traceRow(traceCols, constraint, scale);
  const constrained = replaceRow(assembled, trace.row, traceCols, trace.weights);
  const real: RealCsr = {
    n: size,
    rowPtr: constrained.rowPtr,
    colIdx: constrained.colIdx,
    values: Float64Array.from({ length: constrained.colIdx.length }, (_, k) => constrained.values[2 * k]),
  };
  const orderStart = performance.now();
  const ordering = chooseOrdering(constrained, options.ordering, options.reusePattern ?? true);
  const factorStart = performance.now();
  const factors = realLuFactor(real, { ordering, pivotTolerance: options.pivotTolerance ?? 0.1, denseSwitch: options.denseSwitch ?? 0.5 });
  const factorEnd = performance.now();
  if (E.isLeft(factors)) return E.left(nonUniqueSingular(factors.left.message));
  const f = factors.right;
  const minPivotRelative = f.minPivot / f.matrixScale;
  const rhs = new Float64Array(size);
  rhs[trace.row] = scale;
  const toRaw = (x: Float64Array): Float64Array => {
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
    return raw;
  };
  const raw = toRaw(realLuSolve(f, rhs));
  const shift = constraint === "check" ? verificationShift(size) : undefined;
  let shiftedRaw: Float64Array | undefined;
  if (shift) {
    const moved = new Float64Array(size);
    for (let r = 0; r < size; r++) {
      let sum = rhs[r];
      for (let p = real.rowPtr[r]; p < real.rowPtr[r + 1]; p++) sum += real.values[p] * shift[real.colIdx[p]];
      moved[r] = sum;
    }
    const xs = realLuSolve(f, moved);
    for (let k = 0; k < size; k++) xs[k] -= shift[k];
    shiftedRaw = toRaw(xs);
  }
  return E.right({
    raw, shiftedRaw, solvedDimension: size, solvedNonzeros: real.rowPtr[size], factorNonzeros: f.lRowIdx.length + f.uRowIdx.length, minPivotRelative,
    orderingMs: factorStart - orderStart, factorMs: factorEnd - factorStart,
  });
};

/**
 * A positivity-preserving generator moves probability into |i><i| from |k><k| at a non-negative
 * rate: <i|L(|k><k|)|i> = L[(i,i),(k,k)] >= 0 for i != k (theory §4c). Returns the first violation
 * beyond `1e-12 * scale`.
 */
const negativeTransitionRate = (lm: CsrMatrix, n: number, scale: number): { readonly from: number; readonly to: number; readonly rate: number } | undefined => {
  const tolerance = 1e-12 * scale;
  for (let i = 0; i < n; i++) {
    const row = vecIndex(n, i, i);
    for (let p = lm.rowPtr[row]; p < lm.rowPtr[row + 1]; p++) {
      const c = lm.colIdx[p];
      const k = c % n;
      if (k !== i && k === (c - k) / n && lm.values[2 * p] < -tolerance) return { from: k, to: i, rate: lm.values[2 * p] };
    }
  }
  return undefined;
};

/** True when every index of the block is a population (the classical rate-equation case). */
const onlyPopulations = (keep: Int32Array, n: number): boolean => {
  if (keep.length !== n) return false;
  for (let t = 0; t < keep.length; t++) {
    const i = keep[t] % n;
    if (keep[t] !== vecIndex(n, i, i)) return false;
  }
  return true;
};

/**
 * Stationary distribution of the classical rate equation on the populations by the GTH state
 * reduction (Grassmann, Taksar and Heyman 1985; theory/numerics.md §4b): states are censored one by
 * one, adding only non-negative numbers, so every probability keeps full relative accuracy whatever
 * the spread of the rates. Returns the raw N x N matrix (populations on the diagonal) and the
 * smallest over largest exit rate, or undefined when a censored state has no exit (the LU path then
 * decides; that can be a reducible chain or an absorbing state).
 */
const solveGth = (lm: CsrMatrix, n: number): { readonly raw: Float64Array; readonly exitRatio: number } | undefined => {
  // rate[i * n + j]: rate from state i to state j (i != j) = L[(j,j),(i,i)]
  const rate = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const row = vecIndex(n, j, j);
    for (let p = lm.rowPtr[row]; p < lm.rowPtr[row + 1]; p++) {
      const c = lm.colIdx[p];
      const i = c % n;
      if (i !== j && i === (c - i) / n) rate[i * n + j] = Math.max(0, lm.values[2 * p]);
    }
  }
  const exitRate = new Float64Array(n);
  for (let k = n - 1; k >= 1; k--) {
    let exit = 0;
    for (let j = 0; j < k; j++) exit += rate[k * n + j];
    if (!(exit > 0) || !Number.isFinite(exit)) return undefined;
    exitRate[k] = exit;
    // censor state k: i -> k -> j becomes i -> j with the probability rate[k][j] / exit of leaving k to j
    for (let i = 0; i < k; i++) {
      const viaK = rate[i * n + k] / exit;
      if (viaK === 0) continue;
      for (let j = 0; j < k; j++) rate[i * n + j] += viaK * rate[k * n + j];
    }
  }
  const p = new Float64Array(n);
  p[0] = 1;
  let total = 1;
  for (let k = 1; k < n; k++) {
    let inflow = 0;
    for (let i = 0; i < k; i++) inflow += p[i] * rate[i * n + k];
    p[k] = inflow / exitRate[k];
    total += p[k];
  }
  let minExit = Infinity;
  let maxExit = 0;
  for (let k = 1; k < n; k++) {
    minExit = Math.min(minExit, exitRate[k]);
    maxExit = Math.max(maxExit, exitRate[k]);
  }
  const raw = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) raw[2 * (i * n + i)] = p[i] / total;
  return { raw, exitRatio: n > 1 ? minExit / maxExit : 1 };
};

/** (raw + raw^dag) / 2 divided by its real trace, or undefined when that trace is zero or anything is non-finite. */
const hermitisedNormalised = (raw: Float64Array, n: number): Float64Array | undefined => {
  const norm = denseTrace(raw, n)[0];
  if (!Number.isFinite(norm) || norm === 0 || !raw.every(Number.isFinite)) return undefined;
  const rho = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = 2 * (i * n + j);
      const b = 2 * (j * n + i);
      rho[a] = (0.5 * (raw[a] + raw[b])) / norm;
      rho[a + 1] = (0.5 * (raw[a + 1] - raw[b + 1])) / norm;
    }
  }
  return rho;
};

const maxAbsDifference = (x: Float64Array, y: Float64Array): number => {
  let worst = 0;
  for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - y[k]));
  return worst;
};

/** Disagreement of the two verification solves from which the result counts as non-unique. */
const NON_UNIQUE_DIFFERENCE = 1e-2;

/** Steady state from an already assembled Liouvillian. */
export const steadyStateOfLiouvillian = (lv: Liouvillian, options: SteadyStateOptions = {}, assemblyMs = 0): Either<SolveError, SteadyState> =>
  solveAssembled(lv, options, assemblyMs, undefined);

/**
 * `structuralComponents`: set when `lv` holds only the population block's rows (populationBlockLiouvillian);
 * its empty rows would otherwise count as components of their own.
 */
const solveAssembled = (lv: Liouvillian, options: SteadyStateOptions, assemblyMs: number, structuralComponents: number | undefined): Either<SolveError, SteadyState> => {
  const n = hilbertDimension(lv.dims);
  const d = n * n;
  const lm = lv.matrix;
  if (lm.rows !== d || lm.cols !== d) return E.left(solveError("invalid-input", `Liouvillian is ${lm.rows}x${lm.cols}, expected ${d}x${d} for dims [${lv.dims.join(", ")}]`));
  let entryScale = 0;
  for (let k = 0; k < lm.values.length; k++) entryScale = Math.max(entryScale, Math.abs(lm.values[k]));
  const negative = negativeTransitionRate(lm, n, entryScale);
  if (negative) {
    return E.left(
      solveError(
        "not-positive",
        `the master equation is not positivity preserving: the rate from level ${negative.from} to level ${negative.to} is ${negative.rate.toExponential(3)} < 0 ` +
          `(the entry L[(${negative.to},${negative.to}),(${negative.from},${negative.from})] must be >= 0), so populations would go negative. ` +
          `Check the signs of the bound rates and that every rate matrix is positive semidefinite.`,
      ),
    );
  }
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
  const maxBlock = options.maxBlockDimension ?? DEFAULT_MAX_BLOCK_DIMENSION;
  if (keep.length > maxBlock) {
    const gigabytes = (8 * keep.length * keep.length) / 1e9;
    return E.left(
      solveError(
        "invalid-input",
        `the steady state needs a direct solve of a ${keep.length}-dimensional block of the Liouvillian (Hilbert dimension ${n}), ` +
          `whose dense part would take ~${gigabytes.toPrecision(2)} GB and hours; the limit is maxBlockDimension = ${maxBlock} ` +
          `(M + 7 qubits, a block of 16,302, takes ~15 minutes and 5 GB on 2 cores). Use fewer emitters or levels (from code, steadyState's option maxBlockDimension raises the limit if the machine has the memory).`,
      ),
    );
  }
  const arithmetic = options.arithmetic ?? "auto";
  const hermitian = isHermiticityPreserving(lm, n, keep);
  const preserving = arithmetic !== "complex" && hermitian;
  if (arithmetic === "real" && !preserving) {
    return E.left(
      solveError("invalid-input", `arithmetic "real" needs a Hermiticity-preserving Liouvillian (Hermitian H and a Hermitian rate matrix); use "auto" or "complex"`),
    );
  }
  const useReal = preserving;
  const singularTolerance = options.singularTolerance ?? DEFAULT_SINGULAR_TOLERANCE;
  const accuracyTolerance = options.accuracyTolerance ?? 1e-6;
  const positivityTolerance = options.positivityTolerance ?? 1e-9;
  const solveWith = (constraint: Constraint): Either<SolveError, BlockSolution> =>
    useReal ? solveRealBlock(lm, n, keep, options, constraint) : solveComplexBlock(lm, n, keep, options, constraint);
  const gth = useReal && (options.method ?? "auto") === "auto" && n <= 256 && onlyPopulations(keep, n) ? solveGth(lm, n) : undefined;
  let solution: BlockSolution;
  if (gth) {
    solution = { raw: gth.raw, solvedDimension: n, solvedNonzeros: n * n, factorNonzeros: n * n, minPivotRelative: gth.exitRatio, orderingMs: 0, factorMs: 0 };
  } else {
    const primary = solveWith("primary");
    if (E.isLeft(primary)) return primary;
    solution = primary.right;
  }
  const { raw, solvedDimension, solvedNonzeros, factorNonzeros, minPivotRelative, orderingMs, factorMs } = solution;
  const rawTrace = denseTrace(raw, n);
  const rawHermiticityError = hermiticityError(raw, n);
  const tinyPivot = !gth && minPivotRelative < singularTolerance;
  const warnings: string[] = [];
  if (!hermitian) {
    warnings.push(
      "the generator does not preserve Hermiticity (a non-Hermitian H, or a collective rate L(a, b) without its partner conj(rate) L(b, a)), " +
        "so it is not a Lindblad equation and its steady state need not be a density matrix; the result shown is Hermitised: check H and the rates",
    );
  }
  let verificationDifference: number | undefined;
  const normalised = hermitisedNormalised(raw, n);
  if (tinyPivot) {
    // theory §4: a tiny pivot is either rounding noise of an exactly singular system (non-unique) or a
    // genuinely small scale (ill-conditioned but unique); a second, independently constrained solve tells them apart
    const check = solveWith("check");
    if (E.isLeft(check)) return check;
    const other = hermitisedNormalised(check.right.raw, n);
    const shifted = check.right.shiftedRaw ? hermitisedNormalised(check.right.shiftedRaw, n) : undefined;
    const difference = normalised && other ? maxAbsDifference(normalised, other) : Infinity;
    // amplification of a unit perturbation along the near-null direction: O(1) for a singular system
    const amplification = other && shifted ? 2 * maxAbsDifference(other, shifted) : Infinity;
    verificationDifference = difference;
    if (!(difference < NON_UNIQUE_DIFFERENCE) || !(amplification < NON_UNIQUE_DIFFERENCE)) {
      return E.left(nonUniqueDisagreement(solvedDimension, minPivotRelative, Math.max(difference, amplification)));
    }
    if (difference > accuracyTolerance) return E.left(illConditioned(minPivotRelative, difference, accuracyTolerance));
    // between 1e-11 and 1e-6 a pivot is only worth a word when the two solves measurably disagree
    if (minPivotRelative < QUIET_PIVOT || difference > QUIET_DIFFERENCE) warnings.push(
      `ill-conditioned: smallest relative pivot ${minPivotRelative.toExponential(1)}; two independently constrained solves agree to ` +
        `${difference.toExponential(1)} (estimated absolute accuracy of the entries of rho)`,
    );
  }
  if (!normalised) {
    return E.left(solveError("singular", `the steady-state solve produced a non-finite or zero-trace solution (trace ${rawTrace[0]}); check the scale of H and the rates (divide them by a reference rate)`));
  }
  const rho = normalised;
  let lowestPopulation = Infinity;
  let lowestLevel = 0;
  for (let i = 0; i < n; i++) {
    if (rho[2 * (i * n + i)] < lowestPopulation) {
      lowestPopulation = rho[2 * (i * n + i)];
      lowestLevel = i;
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
  const lowest = Math.min(lowestPopulation, minEigenvalue ?? Infinity);
  if (lowest < -positivityTolerance) {
    const what = lowestPopulation <= lowest ? `population of level ${lowestLevel} is ${lowestPopulation.toExponential(3)}` : `smallest eigenvalue of rho is ${lowest.toExponential(3)}`;
    return E.left(
      solveError(
        "not-positive",
        `the steady state is not a density matrix: its ${what} (< -positivityTolerance ${positivityTolerance}). ` +
          `The master equation is probably not completely positive (a negative rate, or a rate matrix that is not positive semidefinite); check the bound rates.`,
      ),
    );
  }
  return E.right({
    rho,
    dimension: n,
    dims: lv.dims,
    residual,
    relativeResidual,
    rawTrace,
    rawHermiticityError,
    minEigenvalue,
    warnings,
    stats: {
      liouvillianDimension: d,
      liouvillianNonzeros: nnz(lm),
      components: structuralComponents ?? components.count,
      solvedDimension,
      solvedNonzeros,
      factorNonzeros,
      minPivotRelative,
      arithmetic: useReal ? "real" : "complex",
      method: gth ? "gth" : "lu",
      verificationDifference,
      assemblyMs,
      orderingMs,
      factorMs,
    },
  });
};

const sameMatrix = (a: CsrMatrix, b: CsrMatrix): boolean =>
  a === b ||
  (a.rows === b.rows && a.cols === b.cols && a.colIdx.length === b.colIdx.length &&
    a.rowPtr.every((v, k) => v === b.rowPtr[k]) && a.colIdx.every((v, k) => v === b.colIdx[k]) && a.values.every((v, k) => v === b.values[k]));

/**
 * A term r L(a, a) with a real r < 0 is not completely positive (its rate matrix has the negative
 * eigenvalue r): the cheap necessary check of theory §4c on the list of dissipators.
 */
const negativeDiagonalRate = (me: NumericMasterEquation): SolveError | undefined => {
  for (const [k, term] of me.dissipators.entries()) {
    if (term.rate.im === 0 && term.rate.re < 0 && sameMatrix(term.a, term.b)) {
      return solveError(
        "not-positive",
        `dissipator ${k} is r L(a, a) with the negative rate r = ${term.rate.re}: not completely positive (populations would go negative). ` +
          `Rates of L(a, a) terms must be >= 0; check the sign of the bound rate (e.g. a thermal occupation or a spectral density evaluated with the wrong sign).`,
      );
    }
  }
  return undefined;
};

/**
 * The steady state of `me`: a typed SolveError (reason "invalid-input" or "non-unique") or the
 * Hermitised, unit-trace density matrix with its residual, diagnostics and accuracy warnings.
 * Errors: "invalid-input", "non-unique", "ill-conditioned", "not-positive" (theory/numerics.md §4).
 */
export const steadyState = (me: NumericMasterEquation, options: SteadyStateOptions = {}): Either<SolveError, SteadyState> => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) return valid;
  const negative = negativeDiagonalRate(me);
  if (negative) return E.left(negative);
  const tooLarge = hilbertDimensionError(hilbertDimension(me.dims), me.dims);
  if (tooLarge !== null) return E.left(tooLarge);
  const start = performance.now();
  // theory §3a: with block reduction only the population block's rows are assembled
  const block = (options.blockReduction ?? true) ? populationBlockLiouvillian(me, options.reusePattern ?? true) : undefined;
  if (block) return solveAssembled(block.liouvillian, options, performance.now() - start, block.components);
  const lv = liouvillian(me);
  return solveAssembled(lv, options, performance.now() - start, undefined);
};
