/**
 * Time evolution d vec(rho)/dt = L vec(rho) (L constant) with an adaptive, L-stable rational
 * method: y(t + h) ~ R(h L) y(t), R the (1, 2) Pade approximant of exp, applied by partial fractions
 * as two shifted solves with our sparse LU; step-size control by step doubling with local
 * (Richardson) extrapolation. Factorisations are reused while the step size stays put. Output at
 * requested times by cubic Hermite interpolation. Only the components of L's sparsity graph on which rho(0) has
 * support are integrated (the others stay exactly zero). See theory/numerics.md §6.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrIdentity, csrLinearCombination, csrSpmv, type CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { hilbertDimension, liouvillian, validateMasterEquation, vecIndex } from "./liouvillian.js";
import { connectedComponents, principalSubmatrix } from "./blocks.js";
import { luFactor, luSolve, type LuFactors } from "./sparse-lu.js";
import { approximateMinimumDegree } from "./ordering.js";
import { solveError, type SolveError } from "./errors.js";
import { hermiticityError } from "./dense.js";
import { isHermiticityPreserving } from "./steady-state.js";

export interface EvolveOptions {
  /** relative tolerance per entry (default 1e-6) */
  readonly rtol?: number;
  /** absolute tolerance per entry of rho (default 1e-9) */
  readonly atol?: number;
  /** first trial step, in the same time unit as tGrid (default: from the Liouvillian's scale) */
  readonly initialStep?: number;
  /** give up after this many steps (default 200000) */
  readonly maxSteps?: number;
  /**
   * For a Hermitian rho0 and a Hermiticity-preserving L, use one shifted solve per step instead of
   * two (default true; false forces the general path, e.g. for comparisons).
   */
  readonly hermitianShortcut?: boolean;
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
  /** whether the Hermitian shortcut (one solve per step) was used */
  readonly hermitianShortcut: boolean;
}

/**
 * The (1, 2) Pade approximant of exp(z), R(z) = (1 + z/3) / (1 - 2z/3 + z^2/6): third order,
 * L-stable (R(z) -> 0 as z -> -infinity). Its poles are z = 2 +- i sqrt 2, and
 * R(z) = c1 / (1 - z/z1) + c2 / (1 - z/z2) with c1 = (1 + z1/3) / (1 - z1/z2), c2 likewise.
 */
const POLES = [
  { re: 2, im: Math.SQRT2 },
  { re: 2, im: -Math.SQRT2 },
] as const;
const residue = (z: { re: number; im: number }, other: { re: number; im: number }) => {
  // (1 + z/3) / (1 - z/other)
  const nre = 1 + z.re / 3;
  const nim = z.im / 3;
  const oo = other.re * other.re + other.im * other.im;
  const qre = (z.re * other.re + z.im * other.im) / oo; // z / other
  const qim = (z.im * other.re - z.re * other.im) / oo;
  const dre = 1 - qre;
  const dim = -qim;
  const dd = dre * dre + dim * dim;
  return { re: (nre * dre + nim * dim) / dd, im: (nim * dre - nre * dim) / dd };
};
const RESIDUES = [residue(POLES[0], POLES[1]), residue(POLES[1], POLES[0])] as const;

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
  const fullL = liouvillian(me).matrix;
  const d = n * n;
  // integrate only the blocks that rho0 touches
  const components = connectedComponents(fullL);
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
    return E.right({ times: [...tGrid], states: tGrid.map(() => new Float64Array(2 * d)), acceptedSteps: 0, rejectedSteps: 0, factorisations: 0, integratedDimension: 0, hermitianShortcut: false });
  }
  const lBlock = principalSubmatrix(fullL, keep);
  const identity = csrIdentity(m);
  const ordering = approximateMinimumDegree(csrLinearCombination([{ scale: { re: 1, im: 0 }, matrix: identity }, { scale: { re: 1, im: 0 }, matrix: lBlock }]));
  // one factorisation of (I - (h / z) L) per pole z and step h. Step sizes are powers of two (times
  // the first step), so a step that doubles or halves finds its factorisations here; the cache keeps
  // the most recently used MAX_CACHED of them.
  const MAX_CACHED = 12;
  const cache = new Map<string, LuFactors>();
  let factorisations = 0;
  const factorFor = (h: number, pole: 0 | 1): Either<SolveError, LuFactors> => {
    const key = `${h}:${pole}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key); // re-insert: Map order is the recency order
      cache.set(key, hit);
      return E.right(hit);
    }
    const z = POLES[pole];
    // -(h / z) = -h conj(z) / |z|^2
    const zz = z.re * z.re + z.im * z.im;
    const system: CsrMatrix = csrLinearCombination([
      { scale: { re: 1, im: 0 }, matrix: identity },
      { scale: { re: (-h * z.re) / zz, im: (h * z.im) / zz }, matrix: lBlock },
    ]);
    const result = luFactor(system, { ordering, pivotTolerance: 0.1 });
    if (E.isRight(result)) {
      cache.set(key, result.right);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
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
  const solveA = new Float64Array(2 * m);
  const solveB = new Float64Array(2 * m);
  const full = new Float64Array(2 * m);
  const half = new Float64Array(2 * m);
  let yNew = new Float64Array(2 * m);
  const fNew = new Float64Array(2 * m);
  let accepted = 0;
  let rejected = 0;
  // Hermitian shortcut (theory/numerics.md §6): if L preserves Hermiticity and rho0 is Hermitian,
  // the second pole's term is the Hermitian conjugate of the first one's, so one solve suffices.
  const mirror = new Int32Array(m); // local index of (j, i) for local index of (i, j)
  const localOf = new Map<number, number>();
  keep.forEach((g, l) => localOf.set(g, l));
  let closed = true;
  keep.forEach((g, l) => {
    const i = g % n;
    const j = (g - i) / n;
    const partner = localOf.get(vecIndex(n, j, i));
    if (partner === undefined) closed = false;
    else mirror[l] = partner;
  });
  let rhoScale = 0;
  for (let k = 0; k < rho0.length; k++) rhoScale = Math.max(rhoScale, Math.abs(rho0[k]));
  const hermitianShortcut =
    (options.hermitianShortcut ?? true) && closed && hermiticityError(rho0, n) <= 1e-14 * rhoScale && isHermiticityPreserving(fullL, n, keep);
  if (hermitianShortcut) {
    // make the initial vector exactly Hermitian so that the property holds to rounding
    for (let l = 0; l < m; l++) {
      const p = mirror[l];
      if (p < l) continue;
      const re = 0.5 * (y[2 * l] + y[2 * p]);
      const im = 0.5 * (y[2 * l + 1] - y[2 * p + 1]);
      y[2 * l] = re;
      y[2 * l + 1] = im;
      y[2 * p] = re;
      y[2 * p + 1] = -im;
    }
  }
  /** out = R(h L) x with R the (1, 2) Pade approximant, by partial fractions over its two poles. */
  const pade = (h: number, x: Float64Array, out: Float64Array): SolveError | undefined => {
    const [c1, c2] = RESIDUES;
    const fa = factorFor(h, 0);
    if (E.isLeft(fa)) return fa.left;
    luSolve(fa.right, x, solveA, work);
    if (hermitianShortcut) {
      // u = c1 w, out = u + u^dagger (entry (i, j) gets u_ij + conj(u_ji))
      for (let k = 0; k < m; k++) {
        const are = solveA[2 * k];
        const aim = solveA[2 * k + 1];
        solveB[2 * k] = c1.re * are - c1.im * aim;
        solveB[2 * k + 1] = c1.re * aim + c1.im * are;
      }
      for (let k = 0; k < m; k++) {
        const p = mirror[k];
        out[2 * k] = solveB[2 * k] + solveB[2 * p];
        out[2 * k + 1] = solveB[2 * k + 1] - solveB[2 * p + 1];
      }
      return undefined;
    }
    const fb = factorFor(h, 1);
    if (E.isLeft(fb)) return fb.left;
    luSolve(fb.right, x, solveB, work);
    for (let k = 0; k < m; k++) {
      const are = solveA[2 * k];
      const aim = solveA[2 * k + 1];
      const bre = solveB[2 * k];
      const bim = solveB[2 * k + 1];
      out[2 * k] = c1.re * are - c1.im * aim + c2.re * bre - c2.im * bim;
      out[2 * k + 1] = c1.re * aim + c1.im * are + c2.re * bim + c2.im * bre;
    }
    return undefined;
  };
  csrSpmv(lBlock, y, fy);
  while (next < tGrid.length) {
    if (accepted + rejected >= maxSteps) {
      return E.left(solveError("not-converged", `evolve stopped after ${maxSteps} steps at t = ${t} before reaching ${tGrid[tGrid.length - 1]}; raise maxSteps or loosen rtol/atol`));
    }
    // step doubling: one step of h against two of h / 2; the difference / 7 estimates the
    // local error of the two half steps (order 3), and is added back (local extrapolation, order 4)
    const failure = pade(h, y, full) ?? pade(h / 2, y, half) ?? pade(h / 2, half, yNew);
    if (failure !== undefined) return E.left(failure);
    let errSum = 0;
    for (let k = 0; k < m; k++) {
      const eRe = (yNew[2 * k] - full[2 * k]) / 7;
      const eIm = (yNew[2 * k + 1] - full[2 * k + 1]) / 7;
      yNew[2 * k] += eRe;
      yNew[2 * k + 1] += eIm;
      const scale = atol + rtol * Math.max(Math.hypot(yNew[2 * k], yNew[2 * k + 1]), Math.hypot(y[2 * k], y[2 * k + 1]));
      errSum += (eRe * eRe + eIm * eIm) / (scale * scale);
    }
    const errNorm = Math.sqrt(errSum / m);
    if (!Number.isFinite(errNorm)) return E.left(solveError("not-converged", `evolve produced a non-finite state at t = ${t}; check the master equation's scale`));
    // step-size proposal, rounded down to h0 * 2^k so that factorisations are reused
    const factor = Math.min(4, Math.max(0.2, 0.9 * Math.max(errNorm, 1e-16) ** -0.25));
    const proposal = h * 2 ** Math.floor(Math.log2(factor));
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
    // an accepted step never shrinks the next one (a rejection will, if needed)
    if (proposal > h) h = proposal;
  }
  return E.right({ times: [...tGrid], states, acceptedSteps: accepted, rejectedSteps: rejected, factorisations, integratedDimension: m, hermitianShortcut });
};
