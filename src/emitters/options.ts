/**
 * Model options of the system builder. Every option is explicit, validated and recorded in every
 * result, so that a number can always be traced to the model that produced it.
 *
 * Presets:
 *  - "literal" (default): BRIEF §1-3 as written: the material as given, Lambda as computed from the
 *    Green tensor, equal dipole magnitudes.
 *  - "paper": what reproduces the published figures (issue 4, "The reproduction question"): the
 *    far-infrared loss of BRIEF §4 (Im eps = 0.016 at omega_a = 8.1e12 rad/s) added to the slab
 *    material, and every Lambda multiplied by (omega_S/omega_a)^3 = 1000. This is a hypothesis about
 *    a normalisation slip in the paper, not physics: see docs/reproduction.md.
 * Options given explicitly override the preset's values.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import { PALIK_FIR, type AddedLoss } from "../electrodynamics/materials/sapphire.js";

export type DipoleConvention = "equal-magnitude" | "equal-free-space-rate";
export type Preset = "literal" | "paper";

/** An extra far-infrared absorption added to the slab material (materials layer, `withAddedLoss`). */
export type FarInfraredLossOption = AddedLoss;

export interface ModelOptions {
  readonly preset: Preset;
  readonly farInfraredLoss: FarInfraredLossOption | null;
  /** Multiplies every Lambda_ij. */
  readonly lambdaScale: number;
  /** Extra factor on Lambda between a qubit and a multi-level emitter (the machine). */
  readonly lambdaScaleMachineQubit: number;
  /** Extra factor on Lambda between two qubits. */
  readonly lambdaScaleQubitQubit: number;
  /** Multiplies every collective rate gamma_ij (i != j); must keep the rate matrices PSD. */
  readonly collectiveScale: number;
  /** Collective dissipators on/off (Lambda is kept either way). */
  readonly collective: boolean;
  readonly dipoleConvention: DipoleConvention;
  /**
   * |d| [C m] of the reference transition: every transition in "equal-magnitude", the lowest
   * frequency in "equal-free-space-rate". The steady state does not depend on it (absolute rates do),
   * unless a near-resonant pair is detuned: the detuning is then weighed against the rates.
   */
  readonly dipoleMagnitude: number;
  /** Per-transition |d| [C m] by transition id (q1, M12, ...); overrides the convention. */
  readonly magnitudes: Readonly<Record<string, number>>;
  /**
   * Two transitions on different emitters are resonant when |w_i - w_j| <= tol * max(w_i, w_j); a
   * non-zero detuning is then kept in H as level shifts of a rotating frame (theory/master-equation.md §5a).
   */
  readonly resonanceTolerance: number;
  /**
   * Hand-set values of symbols, in s^-1 (rates) or rad/s (Lambda), applied after all scales: a number,
   * a complex {re, im}, or a formula in the model's own values, e.g. "37 * gammaP_q1" or "0.5 * Gamma0_q1"
   * (parsed by mathjs into an exact polynomial, src/algebra/parse.ts; names: formulaName in rates.ts).
   */
  readonly rateOverrides: Readonly<Record<string, number | Complex | string>>;
  /** Relative accuracy requested from the rate quadratures. */
  readonly rateRelTol: number;
}

export interface OptionsError {
  readonly kind: "OptionsError";
  readonly message: string;
}

/** omega_a of the paper [rad/s], where the far-infrared loss of BRIEF §4 is quoted. */
export const PAPER_OMEGA_A = 8.1e12;
/** (omega_S / omega_a)^3 with omega_S = 10 omega_a. */
export const PAPER_LAMBDA_SCALE = 1000;
/** A typical atomic transition dipole (~3 Debye); cancels from every steady state. */
export const DEFAULT_DIPOLE_MAGNITUDE = 1e-29;

export const DEFAULT_OPTIONS: ModelOptions = {
  preset: "literal",
  farInfraredLoss: null,
  lambdaScale: 1,
  lambdaScaleMachineQubit: 1,
  lambdaScaleQubitQubit: 1,
  collectiveScale: 1,
  collective: true,
  dipoleConvention: "equal-magnitude",
  dipoleMagnitude: DEFAULT_DIPOLE_MAGNITUDE,
  magnitudes: {},
  resonanceTolerance: 1e-6,
  rateOverrides: {},
  rateRelTol: 1e-8,
};

const presetValues = (preset: Preset): Partial<ModelOptions> =>
  preset === "paper"
    ? { farInfraredLoss: PALIK_FIR, lambdaScale: PAPER_LAMBDA_SCALE }
    : {};

const fail = (message: string): E.Either<OptionsError, never> => E.left({ kind: "OptionsError", message });

const positive = (name: string, v: number): string | null =>
  Number.isFinite(v) && v > 0 ? null : `${name} must be a positive finite number, got ${v}`;
const finiteNumber = (name: string, v: number): string | null =>
  Number.isFinite(v) ? null : `${name} must be a finite number, got ${v}`;

/**
 * Expands the preset, applies the user's explicit options over it and validates everything.
 * Unknown keys are refused (a misspelt option must not be silently ignored).
 */
export const resolveOptions = (given: Partial<ModelOptions> = {}): E.Either<OptionsError, ModelOptions> => {
  const known = new Set(Object.keys(DEFAULT_OPTIONS));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    return fail(`unknown model option(s) ${unknown.join(", ")}; the options are ${[...known].join(", ")}`);
  }
  const preset = given.preset ?? "literal";
  if (preset !== "literal" && preset !== "paper") return fail(`unknown preset "${String(preset)}": use "literal" or "paper"`);
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<ModelOptions>;
  const options: ModelOptions = { ...DEFAULT_OPTIONS, ...presetValues(preset), ...defined, preset };
  const problems = [
    finiteNumber("lambdaScale", options.lambdaScale),
    finiteNumber("lambdaScaleMachineQubit", options.lambdaScaleMachineQubit),
    finiteNumber("lambdaScaleQubitQubit", options.lambdaScaleQubitQubit),
    finiteNumber("collectiveScale", options.collectiveScale),
    positive("dipoleMagnitude (C m)", options.dipoleMagnitude),
    positive("resonanceTolerance", options.resonanceTolerance),
    positive("rateRelTol", options.rateRelTol),
    ...Object.entries(options.magnitudes).map(([id, m]) => positive(`magnitudes.${id} (C m)`, m)),
    options.farInfraredLoss === null
      ? null
      : positive("farInfraredLoss.imEps", options.farInfraredLoss.imEps) ??
        positive("farInfraredLoss.atOmega (rad/s)", options.farInfraredLoss.atOmega),
    options.dipoleConvention === "equal-magnitude" || options.dipoleConvention === "equal-free-space-rate"
      ? null
      : `dipoleConvention must be "equal-magnitude" or "equal-free-space-rate", got "${String(options.dipoleConvention)}"`,
    typeof options.collective === "boolean" ? null : `collective must be true or false`,
    options.resonanceTolerance < 0.1 ? null : `resonanceTolerance ${options.resonanceTolerance} is too loose: the pair rates of a near-resonant pair are evaluated at the mean frequency, which needs |w_i - w_j| << w; use a value below 0.1 (default 1e-6)`,
  ].filter((p): p is string => p !== null);
  return problems.length > 0 ? fail(`invalid model options: ${problems.join("; ")}`) : E.right(options);
};

/** A one-line human summary of the options, for reports and plot captions. */
export const describeOptions = (o: ModelOptions): string => {
  const parts = [
    `preset=${o.preset}`,
    `farIRLoss=${o.farInfraredLoss === null ? "none" : `Im eps ${o.farInfraredLoss.imEps} at ${o.farInfraredLoss.atOmega.toExponential(3)} rad/s (${o.farInfraredLoss.law})`}`,
    `lambdaScale=${o.lambdaScale}`,
  ];
  if (o.lambdaScaleMachineQubit !== 1) parts.push(`lambdaScaleMachineQubit=${o.lambdaScaleMachineQubit}`);
  if (o.lambdaScaleQubitQubit !== 1) parts.push(`lambdaScaleQubitQubit=${o.lambdaScaleQubitQubit}`);
  if (o.collectiveScale !== 1) parts.push(`collectiveScale=${o.collectiveScale}`);
  parts.push(`collective=${o.collective ? "on" : "off"}`, `dipoles=${o.dipoleConvention}`);
  if (Object.keys(o.magnitudes).length > 0) parts.push(`magnitudes=${JSON.stringify(o.magnitudes)}`);
  if (Object.keys(o.rateOverrides).length > 0) parts.push(`overrides=${Object.keys(o.rateOverrides).join(",")}`);
  return parts.join(" ");
};
