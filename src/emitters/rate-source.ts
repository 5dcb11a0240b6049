/**
 * What the system builder needs from the electrodynamics layer, as plain data. The shapes mirror
 * src/electrodynamics/rates.ts (LocalRates, PairRates, RateTable) structurally, so the real
 * `computeRates` plugs in directly and tests can pass a hand-made table (a test double) instead.
 */
import type * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import type { Vec3 } from "../math/vec3.js";

export interface RateRequestTransition {
  readonly id: string;
  /** rad/s */
  readonly omega: number;
  /** C m */
  readonly dipole: Vec3;
  /** m */
  readonly position: Vec3;
}

export interface LocalRateEntry {
  readonly id: string;
  readonly omega: number;
  /** s^-1, emission */
  readonly gammaPlus: number;
  /** s^-1, absorption */
  readonly gammaMinus: number;
  /** free-space spontaneous rate Gamma0 of this transition, s^-1 */
  readonly gammaFree: number;
  readonly relError: number;
}

export interface PairRateEntry {
  readonly i: string;
  readonly j: string;
  readonly omega: number;
  /** coefficient of L(sigma_i, sigma_j), s^-1 */
  readonly gammaPlus: Complex;
  /** coefficient of L(sigma_i^dag, sigma_j^dag), s^-1 */
  readonly gammaMinus: Complex;
  /** rad/s: H_int = hbar Lambda (sigma_i^dag sigma_j + h.c.) */
  readonly lambda: number;
  readonly relError: number;
}

export interface RateTableLike {
  readonly local: readonly LocalRateEntry[];
  readonly pairs: readonly PairRateEntry[];
}

export interface RateSourceError {
  readonly kind: string;
  readonly message: string;
}

/** Computes the rates of the given transitions and ordered pairs (i, j). */
export type RateSource = (
  transitions: readonly RateRequestTransition[],
  pairs: readonly (readonly [string, string])[],
  relTol: number,
) => E.Either<RateSourceError, RateTableLike>;
