/**
 * Time evolution d vec(rho)/dt = L vec(rho) with an adaptive, L-stable Rosenbrock method (ROS2 of
 * Verwer, Spee, Blom & Hundsdorfer 1999, gamma = 1 + 1/sqrt 2) and its embedded first-order error
 * estimate. Each step solves two systems with the same matrix (I - gamma h L), factorised by our
 * sparse LU; the factorisation is reused while the step size stays put. Output at requested times
 * by cubic Hermite interpolation. Only the components of L's sparsity graph on which rho(0) has
 * support are integrated (the others stay exactly zero). See theory/numerics.md §6.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrIdentity, csrLinearCombination, csrSpmv, type CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { hilbertDimension, liouvillian, validateMasterEquation, vecIndex } from "./liouvillian.js";
import { connectedComponents, principalSubmatrix } from "./blocks.js";
import { luFactor, luSolve, type LuFactors } from "./sparse-lu.js";
import { minimumDegreeOrdering } from "./ordering.js";
import { solveError, type SolveError } from "./errors.js";

export interface EvolveOptions {
  /** relative tolerance per entry (default 1e-6) */
  readonly rtol?: number;
  /** absolute tolerance per entry of rho (default 1e-9) */
  readonly atol?: number;
  /** first trial step, in the same time unit as tGrid (default: from the Liouvillian's scale) */
  readonly initialStep?: number;
  /** give up after this many steps (default 200000) */
  readonly maxSteps?: number;
}

export interface Evolution {
  /** the requested times (units of 1 / rateUnit) */
  readonly times: readonly number[];
  /** rho(t) at each requested time: N x N row-major interleaved */
  readonly states: readonly Float64Array[];
  readonly acceptedSteps: number;
  readonly rejectedSteps: number;
  readonly factorisations: number;
  /** dimension of the integrated part of vec(rho) (after dropping untouched blocks) */
  readonly integratedDimension: number;
}

const GAMMA = 1 + 1 / Math.SQRT2;

/**
 * Evolves rho0 (dense N x N, row-major interleaved) from tGrid[0] to every later tGrid entry.
 * Times are in units of 1/rateUnit (the unit H and the rates are expressed in).
 */
export const evolve = (me: NumericMasterEquation, rho0: Float64Array, tGrid: readonly number[], options: EvolveOptions = {}): Either<SolveError, Evolution> => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) return valid;
  const n = hilbertDimension(me.dims);
  if (rho0.length !== 2 * n * n || !rho0.every(Number.isFinite)) {
    return E.left(solveError("invalid-input", `rho0 must be a finite dense ${n}x${n} matrix (length ${2 * n * n}, interleaved re/im), got length ${rho0.length}`));
  }
  if (tGrid.length === 0 || tGrid.some((t, k) => !Number.isFinite(t) || (k > 0 && t < tGrid[k - 1]))) {
    return E.left(solveError("invalid-input", `tGrid must be a non-empty, non-decreasing list of finite times (units of 1/rateUnit)`));
  }
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const maxSteps = options.maxSteps ?? 200000;
  const full = liouvillian(me).matrix;
  const d = n * n;
  // integrate only the blocks that rho0 touches
  const components = connectedComponents(full);
  const active = new Set<number>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (rho0[2 * (i * n + j)] !== 0 || rho0[2 * (i * n + j) + 1] !== 0) active.add(components.label[vecIndex(n, i, j)]);
    }
  }
  const keepList: number[] = [];
  for (let g = 0; g < d; g++) if (active.has(components.label[g])) keepList.push(g);
  const keep = Int32Array.from(keepList);
  const m = keep.length;
  const states: Float64Array[] = [];
  const toDense = (y: Float64Array): Float64Array => {
    const rho = new Float64Array(2 * d);
    for (let l = 0; l < m; l++) {
      const g = keep[l];
      const i = g % n;
      const j = (g - i) / n;
      rho[2 * (i * n + j)] = y[2 * l];
      rho[2 * (i * n + j) + 1] = y[2 * l + 1];
    }
    return rho;
  };
  if (m === 0) {
    return E.right({ times: [...tGrid], states: tGrid.map(() => new Float64Array(2 * d)), acceptedSteps: 0, rejectedSteps: 0, factorisations: 0, integratedDimension: 0 });
  }
  const lBlock = principalSubmatrix(full, keep);
  const identity = csrIdentity(m);
  const ordering = minimumDegreeOrdering(csrLinearCombination([{ scale: { re: 1, im: 0 }, matrix: identity }, { scale: { re: 1, im: 0 }, matrix: lBlock }]));
  let factors: LuFactors | undefined;
  let factoredStep = NaN;
  let factorisations = 0;
  const factorFor = (h: number): Either<SolveError, LuFactors> => {
    if (factors !== undefined && h === factoredStep) return E.right(factors);
    const system: CsrMatrix = csrLinearCombination([
      { scale: { re: 1, im: 0 }, matrix: identity },
      { scale: { re: -GAMMA * h, im: 0 }, matrix: lBlock },
    ]);
    const result = luFactor(system, { ordering, pivotTolerance: 0.1 });
    if (E.isRight(result)) {
      factors = result.right;
      factoredStep = h;
      factorisations++;
    }
    return result;
  };

  let y = new Float64Array(2 * m);
  keep.forEach((g, l) => {
    const i = g % n;
    const j = (g - i) / n;
    y[2 * l] = rho0[2 * (i * n + j)];
    y[2 * l + 1] = rho0[2 * (i * n + j) + 1];
  });
  let maxAbs = 0;
  for (let k = 0; k < lBlock.values.length; k += 2) maxAbs = Math.max(maxAbs, Math.hypot(lBlock.values[k], lBlock.values[k + 1]));
  const span = tGrid[tGrid.length - 1] - tGrid[0];
  let h = options.initialStep ?? Math.min(span > 0 ? span : 1, 1e-3 / Math.max(maxAbs, 1e-300));
  let t = tGrid[0];
  let next = 0;
  while (next < tGrid.length && tGrid[next] <= t) {
    states.push(toDense(y));
    next++;
  }
  const work = new Float64Array(2 * m);
  const fy = new Float64Array(2 * m);
  const k1 = new Float64Array(2 * m);
  const k2 = new Float64Array(2 * m);
  const rhs = new Float64Array(2 * m);
  const stage = new Float64Array(2 * m);
  let yNew = new Float64Array(2 * m);
  const fNew = new Float64Array(2 * m);
  let accepted = 0;
  let rejected = 0;
  csrSpmv(lBlock, y, fy);
  while (next < tGrid.length) {
    if (accepted + rejected >= maxSteps) {
      return E.left(solveError("not-converged", `evolve stopped after ${maxSteps} steps at t = ${t} before reaching ${tGrid[tGrid.length - 1]}; raise maxSteps or loosen rtol/atol`));
    }
    const factored = factorFor(h);
    if (E.isLeft(factored)) return factored;
    const f = factored.right;
    luSolve(f, fy, k1, work);
    for (let k = 0; k < 2 * m; k++) stage[k] = y[k] + h * k1[k];
    csrSpmv(lBlock, stage, rhs);
    for (let k = 0; k < 2 * m; k++) rhs[k] -= 2 * k1[k];
    luSolve(f, rhs, k2, work);
    let errSum = 0;
    for (let k = 0; k < m; k++) {
      const re = y[2 * k] + h * (1.5 * k1[2 * k] + 0.5 * k2[2 * k]);
      const im = y[2 * k + 1] + h * (1.5 * k1[2 * k + 1] + 0.5 * k2[2 * k + 1]);
      yNew[2 * k] = re;
      yNew[2 * k + 1] = im;
      const eRe = 0.5 * h * (k1[2 * k] + k2[2 * k]);
      const eIm = 0.5 * h * (k1[2 * k + 1] + k2[2 * k + 1]);
      const scale = atol + rtol * Math.max(Math.hypot(re, im), Math.hypot(y[2 * k], y[2 * k + 1]));
      errSum += (eRe * eRe + eIm * eIm) / (scale * scale);
    }
    const errNorm = Math.sqrt(errSum / m);
    if (!Number.isFinite(errNorm)) return E.left(solveError("not-converged", `evolve produced a non-finite state at t = ${t}; check the master equation's scale`));
    const proposal = h * Math.min(4, Math.max(0.2, 0.9 / Math.sqrt(Math.max(errNorm, 1e-12))));
    if (errNorm > 1) {
      rejected++;
      h = proposal;
      continue;
    }
    accepted++;
    csrSpmv(lBlock, yNew, fNew);
    const tNew = t + h;
    // requested times inside (t, tNew]: cubic Hermite interpolation with derivatives fy, fNew
    while (next < tGrid.length && tGrid[next] <= tNew) {
      const s = (tGrid[next] - t) / h;
      const h00 = (1 + 2 * s) * (1 - s) * (1 - s);
      const h10 = s * (1 - s) * (1 - s);
      const h01 = s * s * (3 - 2 * s);
      const h11 = s * s * (s - 1);
      const yOut = new Float64Array(2 * m);
      for (let k = 0; k < 2 * m; k++) yOut[k] = h00 * y[k] + h * h10 * fy[k] + h01 * yNew[k] + h * h11 * fNew[k];
      states.push(toDense(yOut));
      next++;
    }
    [y, yNew] = [yNew, y];
    fy.set(fNew);
    t = tNew;
    // keep the factorisation unless the step should shrink or grow by more than 50 %
    if (proposal < h || proposal > 1.5 * h) h = proposal;
  }
  return E.right({ times: [...tGrid], states, acceptedSteps: accepted, rejectedSteps: rejected, factorisations, integratedDimension: m });
};
