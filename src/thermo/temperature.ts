/**
 * Steady-state temperatures and tasks (theory/thermodynamics.md).
 *
 * A transition lower -> upper of frequency omega with steady populations p_l, p_u has the
 * temperature theta defined by p_u / p_l = exp(-hbar omega / kB theta):
 *   theta = hbar omega / (kB ln(p_l / p_u)).
 * theta < 0 is population inversion; p_l = p_u gives theta = +/-Infinity (the two are the same
 * physical point). Because theta jumps from +Infinity to -Infinity through inversion, the smooth
 * quantity is the inverse temperature beta = 1/theta = kB ln(p_l/p_u) / (hbar omega); we compute
 * beta first and derive theta from it, so nothing is ever NaN for valid populations.
 */
import * as E from "fp-ts/lib/Either.js";
import { HBAR, KB } from "../units.js";

export interface ThermoError {
  readonly kind: "ThermoError";
  readonly message: string;
}

const fail = (message: string): E.Either<ThermoError, never> => E.left({ kind: "ThermoError", message });

export interface TransitionTemperature {
  /** K; negative for inversion; +Infinity when the populations are equal */
  readonly theta: number;
  /** 1/K: 1/theta, finite through inversion (0 at equal populations; +/-Infinity only if a population is 0) */
  readonly beta: number;
  readonly pLower: number;
  readonly pUpper: number;
}

/**
 * Populations below this (relative to the larger of the two) are treated as exactly zero: a steady
 * state computed in double precision carries absolute errors ~1e-16, and a tiny negative
 * population must not turn into NaN.
 */
export const POPULATION_FLOOR = 1e-15;

export const transitionTemperature = (
  omega: number,
  pLower: number,
  pUpper: number,
): E.Either<ThermoError, TransitionTemperature> => {
  if (!(Number.isFinite(omega) && omega > 0)) return fail(`transition frequency must be positive, got ${omega}`);
  if (!(Number.isFinite(pLower) && Number.isFinite(pUpper))) return fail(`populations must be finite, got ${pLower}, ${pUpper}`);
  const scale = Math.max(Math.abs(pLower), Math.abs(pUpper));
  if (scale === 0 || Math.max(pLower, pUpper) <= POPULATION_FLOOR * scale) {
    return fail(`both levels of the transition are empty (p_lower = ${pLower}, p_upper = ${pUpper}), so its temperature is undefined: the emitter is frozen in another level, as at T_S = T_W = 0 K; give the slab or the surroundings a temperature above 0 K`);
  }
  const floor = POPULATION_FLOOR * scale;
  if (pLower < -floor * 1e3 || pUpper < -floor * 1e3) {
    return fail(`negative population (p_lower = ${pLower}, p_upper = ${pUpper}): the state is not positive; check the solver residual`);
  }
  const pl = pLower <= floor ? 0 : pLower;
  const pu = pUpper <= floor ? 0 : pUpper;
  const unit = KB / (HBAR * omega); // beta per unit log-ratio, 1/K
  const beta = pu === 0 ? Infinity : pl === 0 ? -Infinity : unit * Math.log(pl / pu);
  const theta = beta === 0 ? Infinity : 1 / beta; // 1/(+/-Infinity) = +/-0: a fully polarised transition is at 0 K (or -0 K)
  return E.right({ theta, beta, pLower: pLower, pUpper: pUpper });
};

/**
 * "unresolved": a population of the transition is below POPULATION_FLOOR of the other while its
 * field is at a finite, non-zero T_env (e.g. hbar omega / kB T > ~35): double precision cannot tell
 * theta from 0 K, so no task can be claimed (see unresolvedTask).
 */
export type Task = "refrigeration" | "heating" | "inversion" | "none" | "unresolved";

/**
 * True when theta was read from a floored population (beta = +/-Infinity) although the transition's
 * field is not at 0 K: its theta (0 K) is a resolution limit, not a result.
 */
export const isUnresolved = (beta: number, Tenv: number): boolean => !Number.isFinite(beta) && Tenv > 0;

/**
 * The task delivered on a transition whose local field alone would bring it to T_env (BRIEF §5):
 * theta < 0 inversion; 0 <= theta < T_env refrigeration; T_env < theta <= infinity heating;
 * "none" when theta equals T_env within the relative tolerance (compared on inverse temperatures,
 * which are continuous through infinity).
 */
export const classifyTask = (theta: number, Tenv: number, relTol = 1e-6): Task => {
  const beta = theta === Infinity || theta === -Infinity ? 0 : 1 / theta;
  const betaEnv = Tenv === Infinity || Tenv === -Infinity ? 0 : 1 / Tenv;
  const bothFinite = Number.isFinite(beta) && Number.isFinite(betaEnv);
  if (bothFinite ? Math.abs(beta - betaEnv) <= relTol * Math.max(Math.abs(beta), Math.abs(betaEnv)) : beta === betaEnv) return "none";
  if (beta < 0) return "inversion";
  return beta > betaEnv ? "refrigeration" : "heating";
};

/**
 * Populations of one subsystem from a dense density matrix (row-major, interleaved re/im, the
 * numeric layer's layout) on a tensor product with the first subsystem most significant.
 */
export const subsystemPopulations = (rho: Float64Array, dims: readonly number[], which: number): Float64Array => {
  const n = dims.reduce((p, d) => p * d, 1);
  if (rho.length !== 2 * n * n) throw new RangeError(`rho has ${rho.length / 2} entries, expected ${n * n} for dims ${dims.join("x")}`);
  const stride = dims.slice(which + 1).reduce((p, d) => p * d, 1);
  const out = new Float64Array(dims[which]);
  for (let i = 0; i < n; i++) {
    out[Math.floor(i / stride) % dims[which]] += rho[2 * (i * n + i)];
  }
  return out;
};
