/**
 * Out-of-thermal-equilibrium rates gamma^(+/-), collective rates gamma^(+/-)_ij and dipole-dipole
 * couplings Lambda_ij of emitters above a planar body (BRIEF §3). Derivation of the formulas,
 * including the conjugate in gamma^+: theory/ote-rates.md.
 *
 *   C(ri, rj)  = n_W ImG(ri, rj) + (n_S - n_W) A_S(ri, rj)          (absorption)
 *   C+(ri, rj) = (1 + n_W) ImG(ri, rj) + (n_S - n_W) A_S(ri, rj)    (emission)
 *   gamma^-_ij = K d_i . C . d_j,  gamma^+_ij = K conj(d_i . C+ . d_j),  K = 2 w^2/(hbar eps0 c^2)
 *   Lambda_ij  = -(K/2) d_i . Re G(ri, rj) . d_j
 *
 * Pair (j, i) from pair (i, j): gamma^(+/-)_ji = conj(gamma^(+/-)_ij), Lambda_ji = Lambda_ij
 * (the rate matrices are Hermitian; tested in test/electrodynamics/rates.test.ts).
 */
import * as E from "fp-ts/lib/Either.js";
import { complex, type Complex } from "../math/complex.js";
import { norm, vsub, type Vec3 } from "../math/vec3.js";
import { boseEinstein, C_LIGHT, EPS0, HBAR, KB } from "../units.js";
import { type Environment, type FieldTransition, type RateError, rateError } from "./environment.js";
import {
  freeGreen,
  imFreeGreen,
  reflectedGreen,
  slabEmission,
  sommerfeldKernel,
  type SommerfeldKernel,
  type TensorWithError,
} from "./green.js";
import { BoundedCache, type PlanarBody, type PlanarResponse } from "./planar.js";

export type { Environment, FieldTransition, RateError } from "./environment.js";

export interface LocalRates {
  readonly id: string;
  readonly omega: number;
  readonly gammaPlus: number; // s^-1, emission
  readonly gammaMinus: number; // s^-1, absorption
  readonly Teff: number; // K
  readonly gammaFree: number; // free-space spontaneous rate Gamma0 of this transition, s^-1
  readonly relError: number;
}

export interface PairRates {
  readonly i: string;
  readonly j: string;
  readonly omega: number;
  readonly gammaPlus: Complex; // coefficient of L(sigma_i, sigma_j)
  readonly gammaMinus: Complex; // coefficient of L(sigma_i^dag, sigma_j^dag)
  readonly lambda: number; // rad/s: H_int = hbar Lambda (sigma_i^dag sigma_j + h.c.)
  readonly relError: number;
}

export interface RateTable {
  readonly local: readonly LocalRates[];
  /** Pairs as requested (i, j); (j, i) has the complex-conjugate rates and the same Lambda. */
  readonly pairs: readonly PairRates[];
}

export interface RateOptions {
  /** Relative accuracy of the Sommerfeld integrals (default 1e-8). */
  readonly relTol?: number;
}

const DEFAULT_REL_TOL = 1e-8;

/** Free-space spontaneous emission rate Gamma0 = w^3 |d|^2 / (3 pi eps0 hbar c^3) [s^-1]. */
export const freeSpaceRate = (omega: number, dipole: Vec3): number => {
  const d2 = dipole[0] ** 2 + dipole[1] ** 2 + dipole[2] ** 2;
  return (omega ** 3 * d2) / (3 * Math.PI * EPS0 * HBAR * C_LIGHT ** 3);
};

// ---------------------------------------------------------------------------------------------
// Kernel cache: per body, keyed by (omega, zi, zj, R, tolerance). Bounded so sweeps stay small.

const KERNEL_CACHE_SIZE = 4096;
const kernelCaches = new WeakMap<PlanarBody, BoundedCache<SommerfeldKernel>>();

const cachedKernel = (
  body: PlanarBody,
  response: PlanarResponse,
  zi: number,
  zj: number,
  R: number,
  relTol: number,
  absTol: number | undefined,
): SommerfeldKernel => {
  let cache = kernelCaches.get(body);
  if (!cache) {
    cache = new BoundedCache<SommerfeldKernel>(KERNEL_CACHE_SIZE);
    kernelCaches.set(body, cache);
  }
  // Geometry quantised to 1e-13 relative: pairs whose distances differ only by rounding (a square
  // of qubits) share one kernel; the kernel changes by far less than relTol over that distance.
  const q = (x: number): string => x.toPrecision(13);
  const key = `${response.omega}|${q(zi)}|${q(zj)}|${q(R)}|${relTol}|${absTol === undefined ? "-" : absTol.toPrecision(3)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const kernel = sommerfeldKernel(response, zi, zj, R, { relTol, absTol });
  cache.set(key, kernel);
  return kernel;
};

/**
 * Scale of the rate-relevant (dissipative) integrals of a self kernel: Im g, p, v, with the
 * free-space value 4/3 (Im G0 = k0/(6 pi) in units of k0/(8 pi)) as a floor. The real parts are left
 * out: near the body Re G_R ~ 1/z^3 dwarfs every rate.
 */
const kernelScale = (k: SommerfeldKernel): number => {
  let m = 4 / 3;
  for (let n = 0; n < 6; n++) {
    m = Math.max(m, Math.abs(k.g[2 * n + 1]), Math.hypot(k.p[2 * n], k.p[2 * n + 1]), Math.abs(k.v[n]));
  }
  return m;
};

// ---------------------------------------------------------------------------------------------
// Field correlation tensors for one pair of points

interface FieldTensors {
  readonly imG: Float64Array; // element-wise Im (G0 + G_R), 9
  readonly imGError: Float64Array;
  readonly reG: Float64Array | null; // element-wise Re (G0 + G_R), only for distinct points
  readonly reGError: Float64Array;
  readonly aS: TensorWithError | null; // null without a body
}

const fieldTensors = (
  env: Environment,
  omega: number,
  response: PlanarResponse | null,
  ri: Vec3,
  rj: Vec3,
  relTol: number,
): FieldTensors => {
  const k0 = omega / C_LIGHT;
  const sep = vsub(ri, rj);
  const distinct = norm(sep) > 0;
  const imG = new Float64Array(9);
  const imGError = new Float64Array(9);
  const reGError = new Float64Array(9);
  let reG: Float64Array | null = null;
  if (distinct) {
    const g0 = freeGreen(k0, sep);
    imG.set(g0.im);
    reG = new Float64Array(g0.re);
  } else {
    imG.set(imFreeGreen(k0, sep));
  }
  let aS: TensorWithError | null = null;
  if (env.body && response) {
    const R = Math.hypot(sep[0], sep[1]);
    const phi = Math.atan2(sep[1], sep[0]);
    let absTol: number | undefined;
    if (R > 0 || ri[2] !== rj[2]) {
      // Pair kernels are judged against the self term at the mean height: a pair rate is accurate
      // to relTol of sqrt(gamma_ii gamma_jj), which is what the Hermitian rate matrix needs.
      const zMean = 0.5 * (ri[2] + rj[2]);
      const self = cachedKernel(env.body, response, zMean, zMean, 0, relTol, undefined);
      absTol = relTol * 0.1 * kernelScale(self);
    }
    const kernel = cachedKernel(env.body, response, ri[2], rj[2], R, relTol, absTol);
    const gR = reflectedGreen(kernel, phi);
    for (let n = 0; n < 9; n++) {
      imG[n] += gR.tensor.im[n];
      imGError[n] = gR.errorIm[n];
      reGError[n] = gR.errorRe[n];
    }
    if (reG) for (let n = 0; n < 9; n++) reG[n] += gR.tensor.re[n];
    aS = slabEmission(kernel, phi);
  }
  return { imG, imGError, reG, reGError, aS };
};

/** d_i . T . d_j for real dipoles and a complex tensor given as (re, im). */
const contract = (di: Vec3, re: Float64Array, im: Float64Array | null, dj: Vec3): Complex => {
  let sr = 0;
  let si = 0;
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const w = di[a] * dj[b];
      sr += w * re[3 * a + b];
      if (im) si += w * im[3 * a + b];
    }
  }
  return complex(sr, si);
};
const contractAbs = (di: Vec3, t: Float64Array, dj: Vec3): number => {
  let s = 0;
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += Math.abs(di[a] * dj[b]) * t[3 * a + b];
  return s;
};

interface PairResult {
  readonly gammaPlus: Complex;
  readonly gammaMinus: Complex;
  /** s^-1: gamma+ - gamma- = K d_i.ImG.d_j (temperature independent; real part only) */
  readonly spontaneous: number;
  readonly lambda: number;
  readonly errPlus: number;
  readonly errMinus: number;
  readonly errLambda: number;
}

const pairRates = (env: Environment, omega: number, f: FieldTensors, di: Vec3, dj: Vec3): PairResult => {
  const K = (2 * omega * omega) / (HBAR * EPS0 * C_LIGHT * C_LIGHT);
  const nW = boseEinstein(omega, env.TW);
  const nS = env.body ? boseEinstein(omega, env.TS) : nW;
  const img = contract(di, f.imG, null, dj).re;
  const imgErr = contractAbs(di, f.imGError, dj);
  let as = complex(0, 0);
  let asErr = 0;
  if (f.aS) {
    as = contract(di, f.aS.tensor.re, f.aS.tensor.im, dj);
    const e = new Float64Array(9);
    for (let n = 0; n < 9; n++) e[n] = f.aS.errorRe[n] + f.aS.errorIm[n];
    asErr = contractAbs(di, e, dj);
  }
  const dn = nS - nW;
  const minus = complex(K * (nW * img + dn * as.re), K * dn * as.im);
  // gamma^+ = K conj(d_i . C+ . d_j)
  const plus = complex(K * ((1 + nW) * img + dn * as.re), -K * dn * as.im);
  const lambda = f.reG ? -(K / 2) * contract(di, f.reG, null, dj).re : 0;
  const lambdaErr = f.reG ? (K / 2) * contractAbs(di, f.reGError, dj) : 0;
  return {
    gammaPlus: plus,
    gammaMinus: minus,
    spontaneous: K * img,
    lambda,
    errPlus: K * ((1 + nW) * imgErr + Math.abs(dn) * asErr),
    errMinus: K * (nW * imgErr + Math.abs(dn) * asErr),
    errLambda: lambdaErr,
  };
};

// ---------------------------------------------------------------------------------------------
// Validation

const finiteResult = (r: PairResult): boolean =>
  [r.gammaPlus.re, r.gammaPlus.im, r.gammaMinus.re, r.gammaMinus.im, r.lambda].every(Number.isFinite);

/** Overflow/underflow in the Green tensor at extreme inputs (z = 1e308 m, a subnormal z) must not become NaN rates. */
const notFinite = (what: string, omega: number, positions: readonly Vec3[]): RateError =>
  rateError(
    "height",
    `${what}: the rates are not finite at omega = ${omega.toExponential(4)} rad/s, ${positions.map((p) => `z = ${p[2]} m`).join(", ")} (overflow or underflow in the Green tensor); use physical heights and separations (nanometres to metres)`,
  );

const isVec3 = (v: unknown): v is Vec3 =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "number" && Number.isFinite(x));

const validateTransition = (t: FieldTransition): E.Either<RateError, FieldTransition> => {
  if (!(Number.isFinite(t.omega) && t.omega > 0)) {
    return E.left(rateError("frequency", `transition "${t.id}": omega must be a positive finite angular frequency in rad/s, got ${t.omega}`));
  }
  if (!isVec3(t.position)) {
    return E.left(rateError("height", `transition "${t.id}": position must be three finite numbers in metres`));
  }
  if (!(t.position[2] > 0)) {
    return E.left(
      rateError("height", `transition "${t.id}": height z = ${t.position[2]} m must be > 0 (the body fills z <= 0); place the emitter above the surface`),
    );
  }
  if (!isVec3(t.dipole) || norm(t.dipole) === 0) {
    return E.left(rateError("dipole", `transition "${t.id}": dipole must be a non-zero real vector of three finite numbers (C m)`));
  }
  return E.right(t);
};

const sameOmega = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(a, b);

/**
 * A pole exactly on the real kappa axis (a guided mode of a lossless body) makes 2 Im rho a delta
 * function whose weight the quadrature cannot see; the limit Im eps -> 0+ is finite but must be
 * taken with a small loss (BRIEF §3, theory/ote-rates.md §5).
 */
const LOSSLESS_POLE_WIDTH = 1e-13;

const responseFor = (env: Environment, omega: number): E.Either<RateError, PlanarResponse | null> => {
  if (!env.body) return E.right(null);
  const r = env.body.at(omega);
  if (E.isLeft(r)) return E.left(rateError("material", r.left.message));
  const onAxis = r.right.poles().find((p) => Math.abs(p.sigma.im) <= LOSSLESS_POLE_WIDTH * p.sigma.re);
  if (onAxis) {
    return E.left(
      rateError(
        "losslessGuidedMode",
        `${env.body.description} has a ${onAxis.polarisation} guided mode exactly on the real axis at omega = ${omega.toExponential(4)} rad/s (eps = ${r.right.epsilon.re} + ${r.right.epsilon.im}i is lossless): its share of the field is a delta function; give the material a small loss (Im eps > 0), the rates converge as it goes to 0+`,
      ),
    );
  }
  return E.right(r.right);
};

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Local rates of every transition and collective rates / couplings of every requested pair.
 * Errors: z <= 0, zero dipole, non-positive omega, omega outside the material's data, duplicate or
 * unknown ids, a pair of one transition with itself, a pair at one point (Lambda diverges), a pair
 * of different frequencies (non-resonant pairs have no secular collective terms).
 */
export const computeRates = (
  env: Environment,
  transitions: readonly FieldTransition[],
  pairs: readonly (readonly [string, string])[],
  options: RateOptions = {},
): E.Either<RateError, RateTable> => {
  const relTol = options.relTol ?? DEFAULT_REL_TOL;
  if (!(relTol > 0 && relTol < 1)) {
    return E.left(rateError("tolerance", `relTol must lie in (0, 1), got ${relTol}`));
  }
  if (!Number.isFinite(env.TS) || env.TS < 0 || !Number.isFinite(env.TW) || env.TW < 0) {
    return E.left(rateError("temperature", `temperatures must be finite and >= 0 K, got TS = ${env.TS}, TW = ${env.TW}`));
  }
  const byId = new Map<string, FieldTransition>();
  for (const t of transitions) {
    const v = validateTransition(t);
    if (E.isLeft(v)) return v;
    if (byId.has(t.id)) return E.left(rateError("duplicateId", `two transitions share the id "${t.id}"; ids must be unique`));
    byId.set(t.id, t);
  }
  const responses = new Map<number, PlanarResponse | null>();
  const response = (omega: number): E.Either<RateError, PlanarResponse | null> => {
    if (responses.has(omega)) return E.right(responses.get(omega) ?? null);
    const r = responseFor(env, omega);
    if (E.isRight(r)) responses.set(omega, r.right);
    return r;
  };

  const local: LocalRates[] = [];
  for (const t of transitions) {
    const r = response(t.omega);
    if (E.isLeft(r)) return r;
    const f = fieldTensors(env, t.omega, r.right, t.position, t.position, relTol);
    const res = pairRates(env, t.omega, f, t.dipole, t.dipole);
    if (!finiteResult(res)) return E.left(notFinite(`transition "${t.id}"`, t.omega, [t.position]));
    const gp = res.gammaPlus.re;
    // n_W Im G + (n_S - n_W) A_S is >= 0; a slightly negative sum is rounding (e.g. A_S of a
    // transparent body, 1 - |rho|^2 - |tau|^2 ~ -1e-16) and would make T_eff NaN.
    const gmRaw = res.gammaMinus.re;
    const gmRounding = Math.max(res.errMinus, 1e-13 * Math.abs(gp));
    if (gmRaw < -gmRounding) {
      return E.left(
        rateError(
          "tolerance",
          `transition "${t.id}": absorption rate gamma- = ${gmRaw.toExponential(3)} s^-1 is negative beyond its error estimate ${res.errMinus.toExponential(3)} s^-1; the field correlations are not positive (check the material data or tighten relTol)`,
        ),
      );
    }
    const gm = Math.max(gmRaw, 0);
    // A field at T > 0 whose n(w, T) = exp(-hbar w / kB T) fell below the smallest double gives
    // gamma- = 0 and would report T_eff = 0 K (free space sees only the walls, so TS does not count there).
    const underflowed = (env.body === null ? [env.TW] : [env.TS, env.TW]).filter((T) => T > 0 && boseEinstein(t.omega, T) === 0);
    if (gm === 0 && underflowed.length > 0) {
      const hottest = Math.max(...underflowed);
      const x = (HBAR * t.omega) / (KB * hottest);
      return E.left(
        rateError(
          "frequency",
          `transition "${t.id}": hbar omega / kB T = ${x.toPrecision(4)} at omega = ${t.omega.toExponential(4)} rad/s and T = ${hottest} K, so the absorption rate exp(-${x.toFixed(0)}) underflows double precision and T_eff cannot be computed; lower omega or raise the temperatures`,
        ),
      );
    }
    local.push({
      id: t.id,
      omega: t.omega,
      gammaPlus: gp,
      gammaMinus: gm,
      // ln(gamma+/gamma-) = log1p(spontaneous/gamma-), with gamma+ - gamma- = K d.ImG.d taken from the
      // field itself: at hbar omega << kB T the ratio gamma+/gamma- rounds to 1 (T_eff = Infinity at 1e-10 rad/s).
      Teff: gm === 0 ? 0 : (HBAR * t.omega) / (KB * Math.log1p(res.spontaneous / gm)),
      gammaFree: freeSpaceRate(t.omega, t.dipole),
      relError: Math.max(res.errPlus / Math.abs(gp), gm !== 0 ? res.errMinus / Math.abs(gm) : 0),
    });
  }

  const out: PairRates[] = [];
  for (const [idI, idJ] of pairs) {
    const ti = byId.get(idI);
    const tj = byId.get(idJ);
    if (!ti || !tj) {
      return E.left(rateError("unknownTransition", `pair (${idI}, ${idJ}) names a transition that was not given; known ids: ${[...byId.keys()].join(", ")}`));
    }
    if (idI === idJ) {
      return E.left(rateError("selfPair", `pair (${idI}, ${idJ}) pairs a transition with itself; its rates are the local rates`));
    }
    if (!sameOmega(ti.omega, tj.omega)) {
      return E.left(
        rateError(
          "nonResonant",
          `non-resonant pair declared collective: ${idI} (omega = ${ti.omega}) and ${idJ} (omega = ${tj.omega}) differ in frequency; collective terms exist only between resonant transitions`,
        ),
      );
    }
    if (norm(vsub(ti.position, tj.position)) === 0) {
      return E.left(
        rateError("coincident", `pair (${idI}, ${idJ}): both transitions sit at the same point, where the dipole-dipole coupling diverges; separate them`),
      );
    }
    const r = response(ti.omega);
    if (E.isLeft(r)) return r;
    const f = fieldTensors(env, ti.omega, r.right, ti.position, tj.position, relTol);
    const res = pairRates(env, ti.omega, f, ti.dipole, tj.dipole);
    if (!finiteResult(res)) return E.left(notFinite(`pair (${idI}, ${idJ})`, ti.omega, [ti.position, tj.position]));
    // Errors relative to the geometric mean of the local emission rates (the scale of the
    // Hermitian rate matrix) and to |Lambda| itself.
    const fi = fieldTensors(env, ti.omega, r.right, ti.position, ti.position, relTol);
    const fj = fieldTensors(env, tj.omega, r.right, tj.position, tj.position, relTol);
    const si = pairRates(env, ti.omega, fi, ti.dipole, ti.dipole).gammaPlus.re;
    const sj = pairRates(env, tj.omega, fj, tj.dipole, tj.dipole).gammaPlus.re;
    const scale = Math.sqrt(Math.abs(si * sj));
    out.push({
      i: idI,
      j: idJ,
      omega: ti.omega,
      gammaPlus: res.gammaPlus,
      gammaMinus: res.gammaMinus,
      lambda: res.lambda,
      relError: Math.max(res.errPlus / scale, res.errMinus / scale, res.errLambda / Math.max(Math.abs(res.lambda), scale)),
    });
  }
  return E.right({ local, pairs: out });
};

/** Local field temperature and rates of a dipole (direction as given, in C m) at `position`. */
export const localFieldTemperature = (
  env: Environment,
  omega: number,
  position: Vec3,
  dipoleDirection: Vec3,
  options: RateOptions = {},
): E.Either<RateError, { readonly Teff: number; readonly gammaPlus: number; readonly gammaMinus: number; readonly gammaFree: number; readonly relError: number }> =>
  E.map((t: RateTable) => {
    const l = t.local[0];
    return { Teff: l.Teff, gammaPlus: l.gammaPlus, gammaMinus: l.gammaMinus, gammaFree: l.gammaFree, relError: l.relError };
  })(computeRates(env, [{ id: "probe", omega, dipole: dipoleDirection, position }], [], options));

/**
 * The same table with every rate and coupling divided by `unit` [s^-1] (for example the free-space
 * rate Gamma0 of the qubit transition, `freeSpaceRate(omega_a, d)`): the steady state depends only on
 * these ratios, and they keep the Liouvillian's entries O(1). Teff and relError are unchanged;
 * gammaFree is scaled too.
 */
export const scaleRateTable = (table: RateTable, unit: number): RateTable => ({
  local: table.local.map((l) => ({
    ...l,
    gammaPlus: l.gammaPlus / unit,
    gammaMinus: l.gammaMinus / unit,
    gammaFree: l.gammaFree / unit,
  })),
  pairs: table.pairs.map((p) => ({
    ...p,
    gammaPlus: complex(p.gammaPlus.re / unit, p.gammaPlus.im / unit),
    gammaMinus: complex(p.gammaMinus.re / unit, p.gammaMinus.im / unit),
    lambda: p.lambda / unit,
  })),
});
