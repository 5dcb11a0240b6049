/**
 * The system builder: emitters + environment + model options -> a symbolic master equation with
 * named symbols, the numbers bound to them (SI, with units and provenance), and the dimensionless
 * couplings that characterise the regime. The rates come from a `RateSource` (the electrodynamics
 * layer in `buildSystem`, a hand-made table in tests), so the assembly below is pure.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import type { MasterEquation } from "../algebra/master-equation.js";
import type { Op } from "../algebra/operator.js";
import type { Space } from "../algebra/space.js";
import { masterEquationToLatex, masterEquationToText } from "../algebra/printing.js";
import { levelEnergies, type Emitter } from "./emitter.js";
import { describeOptions, resolveOptions, type ModelOptions } from "./options.js";
import { dipoleVector, planSystem, type SystemPlan } from "./plan.js";
import type { RateRequestTransition, RateSource, RateTableLike } from "./rate-source.js";
import {
  bindRates,
  dimensionlessCouplings,
  transitionRates,
  type BoundRate,
  type DimensionlessCouplings,
  type TransitionRates,
} from "./rates.js";
import { buildSymbolic } from "./symbolic.js";

export interface SystemError {
  readonly kind: "SystemError";
  /** Which stage failed: options, plan (emitters/geometry), environment, rates, algebra. */
  readonly stage: "options" | "plan" | "environment" | "rates" | "algebra";
  readonly message: string;
}

const systemError = (stage: SystemError["stage"], message: string): SystemError => ({ kind: "SystemError", stage, message });

/** What a result records about the environment (the live objects stay out of reports). */
export interface EnvironmentRecord {
  /** null: free space */
  readonly material: string | null;
  readonly materialSource: string | null;
  /** m */
  readonly thickness: number | null;
  /** K */
  readonly TS: number;
  readonly TW: number;
}

export interface System {
  readonly emitters: readonly Emitter[];
  readonly plan: SystemPlan;
  readonly options: ModelOptions;
  readonly environment: EnvironmentRecord;
  readonly space: Space;
  readonly masterEquation: MasterEquation;
  /** Lowering operator of each transition, by id. */
  readonly lowering: ReadonlyMap<string, Op>;
  /** Every symbol with its value, unit and provenance, in master-equation order. */
  readonly rates: readonly BoundRate[];
  /** symbol -> SI value (s^-1 or rad/s); divide by rateUnit for the numeric core. */
  readonly bindings: Readonly<Record<string, number | Complex>>;
  readonly transitions: readonly TransitionRates[];
  readonly couplings: DimensionlessCouplings;
  /** s^-1: the reference rate every number is divided by before building matrices. */
  readonly rateUnit: number;
  readonly rateUnitDescription: string;
  /** Level energies (hbar = 1, rad/s, lowest level 0) per emitter, for heat currents. */
  readonly energies: Readonly<Record<string, readonly number[]>>;
}

/**
 * The reference rate: the free-space spontaneous emission rate Gamma0 of the lowest-frequency
 * transition (a qubit in the paper's system). It cancels from the steady state; it only keeps the
 * matrices well scaled.
 */
const referenceRate = (plan: SystemPlan, table: RateTableLike): { readonly value: number; readonly description: string } => {
  const lowest = [...plan.transitions].sort((a, b) => a.omega - b.omega)[0];
  const entry = table.local.find((l) => l.id === lowest.id);
  const value = entry?.gammaFree ?? 0;
  if (Number.isFinite(value) && value > 0) {
    return { value, description: `free-space spontaneous rate Gamma0 of ${lowest.id} (omega = ${lowest.omega.toExponential(4)} rad/s)` };
  }
  const fallback = entry?.gammaPlus ?? 1;
  return { value: fallback > 0 ? fallback : 1, description: `local emission rate gamma+ of ${lowest.id}` };
};

const bindingsOf = (rates: readonly BoundRate[]): Record<string, number | Complex> =>
  Object.fromEntries(rates.map((r) => [r.symbol, r.kind === "collective-emission" || r.kind === "collective-absorption" ? r.value : r.value.re]));

/** Assembles a system from a plan and a rate table (pure). */
export const assembleSystem = (
  plan: SystemPlan,
  table: RateTableLike,
  options: ModelOptions,
  environment: EnvironmentRecord,
): E.Either<SystemError, System> => {
  const rates = bindRates(plan, table, options);
  if (E.isLeft(rates)) return E.left(systemError("rates", rates.left.message));
  const symbolic = buildSymbolic(plan, options.collective);
  if (E.isLeft(symbolic)) return E.left(systemError("algebra", symbolic.left.message));
  const transitions = transitionRates(plan, table, rates.right);
  const reference = referenceRate(plan, table);
  const energies: Record<string, readonly number[]> = {};
  for (const e of plan.emitters) {
    const en = levelEnergies(e.name, e.levels, e.transitions);
    if (E.isLeft(en)) return E.left(systemError("plan", en.left.message));
    energies[e.name] = en.right;
  }
  return E.right({
    emitters: plan.emitters,
    plan,
    options,
    environment,
    space: symbolic.right.space,
    masterEquation: symbolic.right.masterEquation,
    lowering: symbolic.right.lowering,
    rates: rates.right,
    bindings: bindingsOf(rates.right),
    transitions,
    couplings: dimensionlessCouplings(plan, transitions, rates.right),
    rateUnit: reference.value,
    rateUnitDescription: reference.description,
    energies,
  });
};

/** What the electrodynamics is asked for: every transition as a field transition, and every resonant pair (i, j). */
export const rateRequest = (
  plan: SystemPlan,
): { readonly transitions: readonly RateRequestTransition[]; readonly pairs: readonly (readonly [string, string])[] } => ({
  transitions: plan.transitions.map((t) => ({ id: t.id, omega: t.omega, dipole: dipoleVector(t), position: t.position })),
  pairs: plan.pairs.map((p) => [p.i, p.j] as const),
});

/**
 * Builds a system with rates from `source`. `environment` is only recorded; the source already
 * knows the field it computes rates in.
 */
export const buildSystemWith = (
  source: RateSource,
  emitters: readonly Emitter[],
  environment: EnvironmentRecord,
  given: Partial<ModelOptions> = {},
): E.Either<SystemError, System> => {
  const options = resolveOptions(given);
  if (E.isLeft(options)) return E.left(systemError("options", options.left.message));
  const plan = planSystem(emitters, options.right);
  if (E.isLeft(plan)) return E.left(systemError("plan", plan.left.message));
  const request = rateRequest(plan.right);
  const table = source(request.transitions, request.pairs, options.right.rateRelTol);
  if (E.isLeft(table)) return E.left(systemError("rates", table.left.message));
  return assembleSystem(plan.right, table.right, options.right, environment);
};

// ---- printing helpers (strings only; the CLI prints) ----

export const systemEquationText = (s: System): string => masterEquationToText(s.masterEquation);
export const systemEquationLatex = (s: System): string => masterEquationToLatex(s.masterEquation);

const fmt = (z: Complex): string =>
  z.im === 0 ? z.re.toExponential(6) : `${z.re.toExponential(6)}${z.im < 0 ? "-" : "+"}${Math.abs(z.im).toExponential(6)}i`;

/** One line for an environment: body (free space, half-space or slab thickness), T_S and T_W. */
export const describeEnvironment = (env: EnvironmentRecord, unit = "µm"): string => {
  const body =
    env.material === null ? "free space" : `${env.material}, ${env.thickness === null ? "half-space" : `thickness ${Number((env.thickness * 1e6).toPrecision(4))} ${unit}`}`;
  return `${body}, T_S = ${env.TS} K, T_W = ${env.TW} K`;
};

/** One line per symbol: name = value unit (provenance). */
export const rateListing = (s: System): string =>
  s.rates
    .map((r) => {
      const notes = [
        r.overridden ? (r.formula !== undefined ? `set by hand: ${r.formula}` : "set by hand") : null,
        r.scale !== 1 ? `x${r.scale} model scale on computed ${fmt(r.computed)}` : null,
        r.overridden ? null : `rel. err ${r.relError.toExponential(1)}`,
      ].filter((n) => n !== null);
      return `${r.symbol} = ${fmt(r.value)} ${r.unit}  (${r.value.re === 0 && r.value.im === 0 ? "0" : fmt({ re: r.value.re / s.rateUnit, im: r.value.im / s.rateUnit })} x rateUnit; ${notes.join("; ")})`;
    })
    .join("\n");

/**
 * A plain-text account of a system: environment, model options, rate unit, the symbolic master
 * equation, every bound symbol with units, and the dimensionless couplings (the regime).
 */
export const describeSystem = (s: System): string => {
  const env = s.environment;
  const lines = [
    `environment: ${describeEnvironment(env, "um")}`,
    `model: ${describeOptions(s.options)}`,
    `rate unit: ${s.rateUnit.toExponential(6)} s^-1 (${s.rateUnitDescription})`,
    `emitters: ${s.emitters.map((e) => `${e.name} (${e.kind}) at (${e.position.map((x) => (x * 1e6).toPrecision(4)).join(", ")}) um`).join("; ")}`,
    `resonant pairs (relative tolerance ${s.options.resonanceTolerance}): ${s.plan.pairs.map((p) => `${p.i}-${p.j}`).join(", ") || "none"}`,
    "",
    "master equation (interaction picture, hbar = 1):",
    systemEquationText(s),
    "",
    "bound symbols:",
    rateListing(s),
    "",
    "local field temperatures T_eff:",
    ...s.transitions.map((t) => `  ${t.id}: ${t.Teff.toPrecision(6)} K (gamma+ = ${t.gammaPlus.toExponential(4)} s^-1, gamma- = ${t.gammaMinus.toExponential(4)} s^-1)`),
    "",
    "dimensionless couplings:",
    ...s.couplings.pairs.map(
      (p) => `  ${p.i},${p.j} (${p.kind}): Lambda/gamma+_qubit = ${p.lambdaOverQubitRate.toPrecision(4)}, |gamma+_ij|/sqrt(gamma+_i gamma+_j) = ${p.collectiveEmission.toPrecision(4)}`,
    ),
    ...s.couplings.emitters.filter((e) => e.fastToSlow !== 1).map((e) => `  ${e.emitter}: fastest/slowest gamma+ = ${e.fastToSlow.toPrecision(4)}`),
  ];
  return lines.join("\n");
};
