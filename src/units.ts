/**
 * Physical constants (CODATA 2018, SI) and unit conversions at the edges of the program.
 * Everything inside qthermo is SI: metres, seconds, rad/s, kelvin. Micrometres and cm^-1 appear
 * only where a person types or reads a number (CLI, scenario files, plots).
 */
import * as E from "fp-ts/lib/Either.js";

export const HBAR = 1.054571817e-34; // J s
export const KB = 1.380649e-23; // J / K
export const C_LIGHT = 299792458; // m / s
export const EPS0 = 8.8541878128e-12; // F / m

export const um = (micrometres: number): number => micrometres * 1e-6; // -> metres
export const toMicrometres = (metres: number): number => metres * 1e6;
/** Angular frequency [rad/s] of a wavenumber [cm^-1]: omega = 2 pi c nu. */
export const wavenumberToOmega = (perCm: number): number => 2 * Math.PI * C_LIGHT * 100 * perCm;
export const omegaToWavenumber = (omega: number): number => omega / (2 * Math.PI * C_LIGHT * 100);

/** Bose-Einstein occupation n(omega, T) = 1 / (exp(hbar omega / kB T) - 1); 0 at T = 0. */
export const boseEinstein = (omega: number, temperature: number): number =>
  temperature <= 0 ? 0 : 1 / Math.expm1((HBAR * omega) / (KB * temperature));

/**
 * Temperature [K] of a two-level Boltzmann ratio: upper/lower = exp(-hbar omega / kB T).
 * Negative for inversion, +/-Infinity when the ratio is exactly 1.
 */
export const temperatureFromRatio = (omega: number, upperOverLower: number): number =>
  (HBAR * omega) / (KB * Math.log(1 / upperOverLower));

export interface UnitError {
  readonly kind: "UnitError";
  readonly message: string;
}

const LENGTH_UNITS: Readonly<Record<string, number>> = { m: 1, mm: 1e-3, um: 1e-6, "µm": 1e-6, nm: 1e-9 };
/** The Greek small mu (U+03BC) looks like the micro sign (U+00B5) and is what many keyboards type. */
const GREEK_MU = /\u03bc/g;

/**
 * Parses a length such as "2.7um", "50nm", "0.05 um" or "1e-6m" into metres. A bare number is an
 * error: units are required at the edges so that nobody passes micrometres as metres by accident.
 */
export const parseLength = (text: string): E.Either<UnitError, number> => {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zµ]+)\s*$/.exec(text.replace(GREEK_MU, "µ"));
  if (!m) {
    return E.left({
      kind: "UnitError",
      message: `cannot read length "${text}": write a number with a unit, e.g. 2.7um, 50nm, 1e-6m`,
    });
  }
  const factor = LENGTH_UNITS[m[2]];
  if (factor === undefined) {
    return E.left({
      kind: "UnitError",
      message: `unknown length unit "${m[2]}" in "${text}": use one of ${Object.keys(LENGTH_UNITS).join(", ")}`,
    });
  }
  const metres = Number(m[1]) * factor;
  if (!Number.isFinite(metres)) {
    return E.left({ kind: "UnitError", message: `"${text}" is not a finite length: write a number like 2.7um` });
  }
  return E.right(metres);
};
