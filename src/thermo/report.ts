/**
 * Solving a built system and reading its thermodynamics: steady temperatures of every transition,
 * each qubit's T_env and task, the machine's theta_M, heat currents, with the options and the
 * dimensionless couplings recorded beside the numbers.
 */
import * as E from "fp-ts/lib/Either.js";
import { bindMasterEquation, type BindError } from "../numeric/compile.js";
import type { NumericMasterEquation } from "../numeric/master-equation.js";
import type { SolveError } from "../numeric/errors.js";
import { hilbertDimensionError, steadyState, type SteadyState, type SteadyStateOptions } from "../numeric/steady-state.js";
import type { ModelOptions } from "../emitters/options.js";
import type { DimensionlessCouplings } from "../emitters/rates.js";
import type { EnvironmentRecord, System } from "../emitters/system.js";
import { heatCurrents, type HeatCurrents } from "./heat.js";
import { classifyTask, isUnresolved, subsystemPopulations, transitionTemperature, type Task, type ThermoError } from "./temperature.js";
import { HBAR, KB } from "../units.js";

export interface TransitionReport {
  readonly id: string;
  readonly emitter: string;
  /** rad/s */
  readonly omega: number;
  /** K (negative: inversion; Infinity: equal populations) */
  readonly theta: number;
  /** 1/K, continuous through inversion */
  readonly beta: number;
  readonly pLower: number;
  readonly pUpper: number;
  /** K: the local field temperature of this transition (what it would reach alone) */
  readonly Teff: number;
  readonly task: Task;
}

export interface SteadyReport {
  /** Steady temperature [K] per emitter: a qubit's transition; for a multi-level emitter its principal transition (theta_M). */
  readonly theta: Readonly<Record<string, number>>;
  /** Local field temperature [K] of the same transition (T_env of a qubit). */
  readonly T_env: Readonly<Record<string, number>>;
  readonly tasks: Readonly<Record<string, Task>>;
  /** Which transition defines theta of each emitter. */
  readonly principalTransition: Readonly<Record<string, string>>;
  readonly transitions: readonly TransitionReport[];
  /** Level populations per emitter. */
  readonly populations: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly heat: HeatCurrents;
  readonly options: ModelOptions;
  readonly environment: EnvironmentRecord;
  readonly couplings: DimensionlessCouplings;
  /** s^-1 */
  readonly rateUnit: number;
  readonly rateUnitDescription: string;
  readonly residual: number;
  readonly relativeResidual: number;
  readonly minEigenvalue: number | undefined;
  /** accuracy warnings of the steady-state solve (e.g. ill-conditioning); absent or empty when none */
  readonly warnings?: readonly string[];
}

export type SolveSystemError = BindError | SolveError | ThermoError;

/** Relative tolerance on inverse temperatures under which a task is reported as "none". */
export const TASK_TOLERANCE = 1e-6;

/**
 * The transition that defines an emitter's theta: its only transition for a qubit; for a machine
 * the one coupled to other emitters (its 1-2 transition in the paper), ties broken by the lowest
 * frequency. For the paper's three-level machine this is theta_M from p2/p1 (BRIEF §5).
 */
export const principalTransitions = (system: System): Record<string, string> => {
  const coupled = new Set(system.plan.pairs.flatMap((p) => [p.i, p.j]));
  const out: Record<string, string> = {};
  for (const e of system.emitters) {
    const own = system.plan.transitions.filter((t) => t.emitter === e.name);
    const candidates = own.some((t) => coupled.has(t.id)) ? own.filter((t) => coupled.has(t.id)) : own;
    out[e.name] = [...candidates].sort((a, b) => a.omega - b.omega)[0].id;
  }
  return out;
};

/** Thermodynamics of a steady state of `system` (rho from the compiled master equation `numeric`). */
/**
 * Rates whose quadrature error estimate exceeds the requested accuracy by more than RATE_WARNING_FACTOR
 * (e.g. heights of a metre, where the Sommerfeld integrals converge slowly): the temperatures built on
 * them are only as good as that error.
 */
export const RATE_WARNING_FACTOR = 10;
export const rateAccuracyWarnings = (system: System): string[] => {
  const requested = system.options.rateRelTol;
  const poor = system.rates.filter((r) => !r.overridden && r.relError > RATE_WARNING_FACTOR * requested);
  if (poor.length === 0) return [];
  const worst = poor.reduce((a, b) => (b.relError > a.relError ? b : a));
  return [
    `${poor.length} rate(s) reached only relative accuracy ${worst.relError.toExponential(1)} (worst: ${worst.symbol}; requested ${requested.toExponential(0)}): temperatures are correspondingly uncertain`,
  ];
};

/** A non-resonant pair closer than this many times its transitions' total rate is reported (secular approximation in doubt). */
export const SECULAR_WARNING_FACTOR = 100;

/**
 * Transitions on different emitters that the builder treats as non-resonant (no exchange, no
 * collective terms: the secular approximation) although their detuning is not large against their
 * rates. The exchange they lose is suppressed only by ~(Lambda/Delta)^2: near each other it may
 * matter. Raising resonanceTolerance keeps them, with the detuning in H (theory/master-equation.md).
 */
export const secularWarnings = (system: System): string[] => {
  const paired = new Set(system.plan.pairs.map((p) => `${p.i} ${p.j}`));
  const rate = new Map(system.transitions.map((t) => [t.id, t.gammaPlus + t.gammaMinus]));
  const ts = system.plan.transitions;
  const out: string[] = [];
  for (let a = 0; a < ts.length; a++) {
    for (let b = a + 1; b < ts.length; b++) {
      const [ti, tj] = [ts[a], ts[b]];
      if (ti.emitter === tj.emitter || paired.has(`${ti.id} ${tj.id}`)) continue;
      const delta = Math.abs(ti.omega - tj.omega);
      const scale = Math.max(rate.get(ti.id) ?? 0, rate.get(tj.id) ?? 0);
      if (delta < SECULAR_WARNING_FACTOR * scale) {
        out.push(
          `${ti.id} and ${tj.id} are treated as non-resonant (detuning ${delta.toExponential(3)} rad/s, relative ${(delta / Math.max(ti.omega, tj.omega)).toExponential(2)} > resonanceTolerance ${system.options.resonanceTolerance.toExponential(1)}), but the detuning is only ${(delta / scale).toPrecision(3)} times their rates: their exchange may not be negligible; set resonanceTolerance to ${(1.5 * delta / Math.max(ti.omega, tj.omega)).toExponential(1)} or more to keep it (with the detuning in the Hamiltonian)`,
        );
      }
    }
  }
  // pairs kept with their detuning: the local (rotating-frame) equation is good to ~Delta/omega
  const detuned = system.plan.pairs.filter((p) => p.detuning > 0);
  if (detuned.length > 0) {
    const worst = detuned.reduce((a, b) => (b.detuning > a.detuning ? b : a));
    out.push(
      `${detuned.length} resonant pair(s) are detuned (largest ${worst.i}-${worst.j}, relative ${worst.detuning.toExponential(2)}) and kept with their detuning in H: this local master equation is accurate to ~Delta/omega (at equilibrium such pairs sit up to ~${(0.5 * worst.detuning).toExponential(0)} relative off T; theory/master-equation.md §5a)`,
    );
  }
  return out;
};

export const analyseSteadyState = (
  system: System,
  numeric: NumericMasterEquation,
  steady: SteadyState,
): E.Either<ThermoError, SteadyReport> => {
  const dims = numeric.dims;
  const populations: Record<string, Record<string, number>> = {};
  system.emitters.forEach((e, k) => {
    const p = subsystemPopulations(steady.rho, dims, k);
    populations[e.name] = Object.fromEntries(e.levels.map((l, m) => [l, p[m]]));
  });
  const teff = new Map(system.transitions.map((t) => [t.id, t.Teff]));
  const transitions: TransitionReport[] = [];
  for (const t of system.plan.transitions) {
    const pops = populations[t.emitter];
    const temp = transitionTemperature(t.omega, pops[t.lower], pops[t.upper]);
    if (E.isLeft(temp)) return E.left({ kind: "ThermoError", message: `transition ${t.id}: ${temp.left.message}` });
    const Teff = teff.get(t.id) as number;
    transitions.push({
      id: t.id,
      emitter: t.emitter,
      omega: t.omega,
      theta: temp.right.theta,
      beta: temp.right.beta,
      pLower: temp.right.pLower,
      pUpper: temp.right.pUpper,
      Teff,
      task: isUnresolved(temp.right.beta, Teff) ? "unresolved" : classifyTask(temp.right.theta, Teff, TASK_TOLERANCE),
    });
  }
  const principal = principalTransitions(system);
  const byId = new Map(transitions.map((t) => [t.id, t]));
  const pick = <T>(f: (t: TransitionReport) => T): Record<string, T> =>
    Object.fromEntries(system.emitters.map((e) => [e.name, f(byId.get(principal[e.name]) as TransitionReport)]));
  const labels = system.masterEquation.dissipators.map((d, k) => d.label ?? `dissipator ${k}`);
  const energies = system.emitters.map((e) => system.energies[e.name]);
  return E.right({
    theta: pick((t) => t.theta),
    T_env: pick((t) => t.Teff),
    tasks: pick((t) => t.task),
    principalTransition: principal,
    transitions,
    populations,
    heat: heatCurrents(numeric, labels, energies, steady.rho),
    options: system.options,
    environment: system.environment,
    couplings: system.couplings,
    rateUnit: system.rateUnit,
    rateUnitDescription: system.rateUnitDescription,
    residual: steady.residual,
    relativeResidual: steady.relativeResidual,
    minEigenvalue: steady.minEigenvalue,
    warnings: [...rateAccuracyWarnings(system), ...secularWarnings(system), ...steady.warnings],
  });
};

/**
 * Smallest hbar omega / kB T at which a steady temperature can be read: theta comes from
 * ln(p_lower / p_upper) ~ hbar omega / kB theta, and the populations of a double-precision steady
 * state carry absolute errors of ~1e-16..1e-13, so below ~1e-9 theta would carry relative errors
 * above ~1e-4 (measured: 300.04 K for 300 K at hbar omega / kB T = 2.5e-12) and tasks would be noise.
 */
export const CLASSICAL_LIMIT = 1e-9;

/** Refuses, before any solve, a transition whose temperature double precision cannot resolve (classical limit). */
export const classicalLimitError = (system: System): ThermoError | null => {
  const hottest = Math.max(system.environment.TS, system.environment.TW);
  for (const t of system.transitions) {
    const x = (HBAR * t.omega) / (KB * hottest);
    if (x < CLASSICAL_LIMIT) {
      return {
        kind: "ThermoError",
        message: `transition ${t.id}: hbar omega / kB T = ${x.toExponential(2)} at omega = ${t.omega.toExponential(3)} rad/s and T = ${hottest} K, so its level populations differ by less than double precision resolves and its temperature would be noise; qthermo needs hbar omega / kB T >= ${CLASSICAL_LIMIT} (omega >= ${((CLASSICAL_LIMIT * KB * hottest) / HBAR).toExponential(2)} rad/s at ${hottest} K)`,
      };
    }
  }
  return null;
};

/** Compiles the system (rates divided by its rateUnit), finds the steady state, reads it. */
export const solveSystem = (
  system: System,
  options: SteadyStateOptions = {},
): E.Either<SolveSystemError, SteadyReport> => {
  const classical = classicalLimitError(system);
  if (classical !== null) return E.left(classical);
  // before anything of size N is built: M + 15 qubits ran out of memory in the compile step
  const tooLarge = hilbertDimensionError(system.space.dimension, system.emitters.map((e) => e.levels.length));
  if (tooLarge !== null) return E.left(tooLarge);
  const numeric = bindMasterEquation(system.masterEquation, system.bindings, { rateUnit: system.rateUnit });
  if (E.isLeft(numeric)) return numeric;
  const steady = steadyState(numeric.right, options);
  if (E.isLeft(steady)) return steady;
  return analyseSteadyState(system, numeric.right, steady.right);
};

/** JSON cannot hold Infinity or NaN: replace non-finite numbers by the strings "Infinity", "-Infinity". */
const jsonSafe = (value: unknown): unknown => {
  if (typeof value === "number") return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN";
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
};

/**
 * A JSON-ready view of a report: temperatures in kelvin keyed by emitter ({"theta": {"q1": K, ...},
 * "T_env": {...}, "tasks": {...}}), -1/theta for plotting, the options and couplings, the heat
 * currents and the solver residual. Infinite temperatures become the strings "Infinity"/"-Infinity".
 */
export const steadyReportJson = (r: SteadyReport): Record<string, unknown> =>
  jsonSafe({
    theta: r.theta,
    T_env: r.T_env,
    tasks: r.tasks,
    minusInverseTheta: Object.fromEntries(Object.entries(r.theta).map(([k, t]) => [k, t === Infinity || t === -Infinity ? 0 : -1 / t])),
    principalTransition: r.principalTransition,
    transitions: r.transitions,
    populations: r.populations,
    heatCurrents: r.heat,
    options: r.options,
    environment: r.environment,
    couplings: r.couplings,
    rateUnit: r.rateUnit,
    rateUnitDescription: r.rateUnitDescription,
    residual: r.residual,
    relativeResidual: r.relativeResidual,
    minEigenvalue: r.minEigenvalue ?? null,
  }) as Record<string, unknown>;
