/**
 * A non-magnetic, isotropic, local material: relative permittivity eps(omega), omega in rad/s.
 * Models (constant, factorised oscillators, Lorentz, Drude) are defined for every omega >= 0;
 * tables only inside their data range, and asking outside it is an error (never an extrapolation).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../../math/complex.js";

export interface Material {
  readonly name: string;
  /** Relative permittivity at angular frequency omega [rad/s]. Only call inside `domain`. */
  readonly epsilon: (omega: number) => Complex;
  /** Closed interval of angular frequencies [rad/s] where `epsilon` is defined by data or model. */
  readonly domain: readonly [number, number];
  /** Where the numbers come from (citation, file, model parameters), for reports. */
  readonly source: string;
}

export interface MaterialError {
  readonly kind: "MaterialError";
  readonly message: string;
}

/** eps(omega) with the domain checked: the safe entry point for everything outside hot loops. */
export const epsilonAt = (material: Material, omega: number): E.Either<MaterialError, Complex> => {
  const [lo, hi] = material.domain;
  if (!Number.isFinite(omega) || omega < lo || omega > hi) {
    return E.left({
      kind: "MaterialError",
      message: `${material.name} has no data at omega = ${omega.toExponential(4)} rad/s (data cover ${lo.toExponential(4)} .. ${hi.toExponential(4)} rad/s); choose a frequency inside that range or a material model that covers it`,
    });
  }
  return E.right(material.epsilon(omega));
};
