/**
 * The electromagnetic environment of the emitters: an optional planar body at temperature TS below
 * z = 0, inside surroundings (walls) at temperature TW. Rates: ./rates.ts.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Vec3 } from "../math/vec3.js";
import type { PlanarBody } from "./planar.js";

export interface Environment {
  readonly body: PlanarBody | null;
  readonly TS: number; // kelvin, temperature of the body
  readonly TW: number; // kelvin, temperature of the surroundings
}

/** One dipole transition coupled to the field. */
export interface FieldTransition {
  readonly id: string;
  readonly omega: number; // rad/s
  readonly dipole: Vec3; // C m, real
  readonly position: Vec3; // m, z > 0 above the body at z <= 0
}

export type RateErrorReason =
  | "temperature"
  | "height"
  | "dipole"
  | "frequency"
  | "material"
  | "duplicateId"
  | "unknownTransition"
  | "coincident"
  | "nonResonant"
  | "selfPair"
  | "losslessGuidedMode"
  | "tolerance";

export interface RateError {
  readonly kind: "RateError";
  readonly reason: RateErrorReason;
  readonly message: string;
}

export const rateError = (reason: RateErrorReason, message: string): RateError => ({
  kind: "RateError",
  reason,
  message,
});

/** Highest accepted temperature [K]: far above any material's data, far below where n(omega, T) overflows. */
export const MAX_TEMPERATURE = 1e9;

/** Builds an environment, checking the temperatures (finite, 0 K to MAX_TEMPERATURE). */
export const environment = (
  body: PlanarBody | null,
  TS: number,
  TW: number,
): E.Either<RateError, Environment> => {
  for (const [name, t] of [
    ["TS (body)", TS],
    ["TW (surroundings)", TW],
  ] as const) {
    if (!Number.isFinite(t) || t < 0) {
      return E.left(rateError("temperature", `temperature ${name} must be a finite number of kelvin >= 0, got ${t}`));
    }
    // kB T / hbar omega multiplies the rates: at 1e300 K they overflow (T_eff = Infinity) or lose digits
    if (t > MAX_TEMPERATURE) {
      return E.left(rateError("temperature", `temperature ${name} = ${t} K is above ${MAX_TEMPERATURE.toExponential(0)} K, where the thermal occupations overflow double precision and no material data exist; use a physical temperature`));
    }
  }
  return E.right({ body, TS, TW });
};
