/**
 * From a rate table (electrodynamics, or a test double) and the model options to the numbers bound
 * to every symbol of the master equation, with scales and hand overrides applied, the positivity of
 * every rate matrix checked, and the dimensionless couplings that tell which regime the system is in.
 *
 * Symbols (see docs/scenarios.md and theory/thermodynamics.md):
 *   gamma+_{t}, gamma-_{t}      local emission / absorption rate of transition t, s^-1, real
 *   gamma+_{i,j}, gamma-_{i,j}  collective rates of the resonant pair (i, j), i before j, s^-1, complex;
 *                               the (j, i) term uses the complex conjugate (Hermitian rate matrix)
 *   Lambda_{i,j}                dipole-dipole exchange, rad/s, real and symmetric
 *   delta_{e,l}                 level l of emitter e in the rotating frame of a near-resonant pair, rad/s,
 *                               real (absent when every pair is exactly resonant)
 */
import * as E from "fp-ts/lib/Either.js";
import { complex, conj, scale, abs, type Complex } from "../math/complex.js";
import { HBAR, KB } from "../units.js";
import type { ModelOptions } from "./options.js";
import type { PairKind, PlannedPair, PlannedTransition, SystemPlan } from "./plan.js";
import type { LocalRateEntry, PairRateEntry, RateTableLike } from "./rate-source.js";
import { hermitianEigenvalues } from "./psd.js";
import { parseScalar, type SymbolDeclaration } from "../algebra/parse.js";
import { evaluateScalar, type Scalar } from "../algebra/scalar.js";
import type { AlgebraError } from "../algebra/errors.js";

/** Parsed formulas by formula and declared names: a sweep parses each override once, not at every point. */
const FORMULA_CACHE_SIZE = 64;
const parsedFormulas = new Map<string, E.Either<AlgebraError, Scalar>>();
const parseCached = (formula: string, declarations: Readonly<Record<string, SymbolDeclaration>>): E.Either<AlgebraError, Scalar> => {
  const key = JSON.stringify([formula, declarations]);
  const hit = parsedFormulas.get(key);
  if (hit !== undefined) return hit;
  const parsed = parseScalar(formula, declarations);
  if (parsedFormulas.size >= FORMULA_CACHE_SIZE) parsedFormulas.delete(parsedFormulas.keys().next().value as string);
  parsedFormulas.set(key, parsed);
  return parsed;
};

export type RateKind = "emission" | "absorption" | "collective-emission" | "collective-absorption" | "exchange" | "detuning";

export interface BoundRate {
  readonly symbol: string;
  readonly kind: RateKind;
  /** One transition id for local rates, two (i, j) for pair quantities. */
  readonly transitions: readonly string[];
  /** The value bound to the symbol (after scales and overrides), SI. */
  readonly value: Complex;
  readonly unit: "s^-1" | "rad/s";
  /** The value the electrodynamics gave, before any scale or override. */
  readonly computed: Complex;
  /** Factor applied to `computed` by the model options (1 if none). */
  readonly scale: number;
  readonly overridden: boolean;
  /** Relative quadrature error estimate reported by the electrodynamics. */
  readonly relError: number;
  /** The formula the value was set by, when overridden with one. */
  readonly formula?: string;
}

export const localSymbol = (sign: "+" | "-", id: string): string => `gamma${sign}_{${id}}`;
export const pairSymbol = (sign: "+" | "-", i: string, j: string): string => `gamma${sign}_{${i},${j}}`;
export const lambdaSymbol = (i: string, j: string): string => `Lambda_{${i},${j}}`;
export const detuningSymbol = (emitter: string, level: string): string => `delta_{${emitter},${level}}`;

export interface RateError {
  readonly kind: "RateError";
  readonly message: string;
}

const fail = (message: string): E.Either<RateError, never> => E.left({ kind: "RateError", message });

const lambdaFactor = (kind: PairKind, o: ModelOptions): number =>
  o.lambdaScale * (kind === "qubit-qubit" ? o.lambdaScaleQubitQubit : kind === "machine-qubit" ? o.lambdaScaleMachineQubit : 1);

const findPair = (table: RateTableLike, i: string, j: string): PairRateEntry | undefined => {
  const direct = table.pairs.find((p) => p.i === i && p.j === j);
  if (direct !== undefined) return direct;
  // (j, i) is the conjugate of (i, j): the rate matrices are Hermitian, Lambda is symmetric.
  const swapped = table.pairs.find((p) => p.i === j && p.j === i);
  return swapped === undefined
    ? undefined
    : { ...swapped, i, j, gammaPlus: conj(swapped.gammaPlus), gammaMinus: conj(swapped.gammaMinus) };
};

const isFiniteComplex = (z: Complex): boolean => Number.isFinite(z.re) && Number.isFinite(z.im);

/** Every symbol with its computed value and the scale from the options, before overrides. */
const computedRates = (
  plan: SystemPlan,
  table: RateTableLike,
  options: ModelOptions,
): E.Either<RateError, readonly BoundRate[]> => {
  const out: BoundRate[] = [];
  for (const t of plan.transitions) {
    const local = table.local.find((l) => l.id === t.id);
    if (local === undefined) return fail(`the rate table has no local rates for transition ${t.id}`);
    if (!(Number.isFinite(local.gammaPlus) && Number.isFinite(local.gammaMinus) && local.gammaPlus >= 0 && local.gammaMinus >= 0)) {
      return fail(`transition ${t.id}: local rates must be finite and non-negative, got gamma+ = ${local.gammaPlus}, gamma- = ${local.gammaMinus}`);
    }
    for (const [sign, value, kind] of [
      ["+", local.gammaPlus, "emission"],
      ["-", local.gammaMinus, "absorption"],
    ] as const) {
      out.push({
        symbol: localSymbol(sign, t.id),
        kind,
        transitions: [t.id],
        value: complex(value),
        unit: "s^-1",
        computed: complex(value),
        scale: 1,
        overridden: false,
        relError: local.relError,
      });
    }
  }
  for (const p of plan.pairs) {
    const rates = findPair(table, p.i, p.j);
    if (rates === undefined) return fail(`the rate table has no pair rates for (${p.i}, ${p.j})`);
    if (!(Number.isFinite(rates.lambda) && isFiniteComplex(rates.gammaPlus) && isFiniteComplex(rates.gammaMinus))) {
      return fail(`pair (${p.i}, ${p.j}): rates must be finite`);
    }
    const ls = lambdaFactor(p.kind, options);
    out.push({
      symbol: lambdaSymbol(p.i, p.j),
      kind: "exchange",
      transitions: [p.i, p.j],
      value: complex(rates.lambda * ls),
      unit: "rad/s",
      computed: complex(rates.lambda),
      scale: ls,
      overridden: false,
      relError: rates.relError,
    });
    if (!options.collective) continue;
    for (const [sign, value, kind] of [
      ["+", rates.gammaPlus, "collective-emission"],
      ["-", rates.gammaMinus, "collective-absorption"],
    ] as const) {
      out.push({
        symbol: pairSymbol(sign, p.i, p.j),
        kind,
        transitions: [p.i, p.j],
        value: scale(value, options.collectiveScale),
        unit: "s^-1",
        computed: value,
        scale: options.collectiveScale,
        overridden: false,
        relError: rates.relError,
      });
    }
  }
  for (const shift of plan.levelShifts) {
    out.push({
      symbol: detuningSymbol(shift.emitter, shift.level),
      kind: "detuning",
      transitions: plan.transitions.filter((t) => t.emitter === shift.emitter && (t.lower === shift.level || t.upper === shift.level)).map((t) => t.id),
      value: complex(shift.delta),
      unit: "rad/s",
      computed: complex(shift.delta),
      scale: 1,
      overridden: false,
      relError: 0,
    });
  }
  return E.right(out);
};

/**
 * The name a symbol has inside an override formula (mathjs identifiers cannot hold "+", "{" or ","):
 * gamma+_{q1} -> gammaP_q1, gamma-_{M12,q1} -> gammaM_M12_q1, Lambda_{M12,q1} -> Lambda_M12_q1,
 * delta_{q2,e} -> delta_q2_e. Gamma0_<transition> is that transition's free-space rate.
 */
export const formulaName = (symbol: string): string =>
  symbol.replace(/^gamma\+/, "gammaP").replace(/^gamma-/, "gammaM").replace(/_\{([^}]*)\}$/, (_, inner: string) => `_${inner.split(",").join("_")}`);

/** Evaluates a formula override in the model's values (before any override) and free-space rates. */
const evaluateFormula = (
  symbol: string,
  formula: string,
  rates: readonly BoundRate[],
  table: RateTableLike,
): E.Either<RateError, Complex> => {
  const declarations: Record<string, SymbolDeclaration> = {};
  const values: Record<string, number | Complex> = {};
  for (const r of rates) {
    const real = r.kind !== "collective-emission" && r.kind !== "collective-absorption";
    declarations[formulaName(r.symbol)] = { real, name: r.symbol };
    values[r.symbol] = real ? r.value.re : r.value;
  }
  for (const l of table.local) {
    declarations[`Gamma0_${l.id}`] = { real: true };
    values[`Gamma0_${l.id}`] = l.gammaFree;
  }
  const parsed = parseCached(formula, declarations);
  if (E.isLeft(parsed)) {
    // the parser's message already lists the declared names
    return fail(`override of ${symbol}: ${parsed.left.message}`);
  }
  const value = evaluateScalar(parsed.right, values);
  return E.isLeft(value) ? fail(`override of ${symbol}: ${value.left.message}`) : value;
};

const applyOverrides = (rates: readonly BoundRate[], options: ModelOptions, table: RateTableLike): E.Either<RateError, readonly BoundRate[]> => {
  const bySymbol = new Map(rates.map((r) => [r.symbol, r]));
  for (const [symbol, given] of Object.entries(options.rateOverrides)) {
    const rate = bySymbol.get(symbol);
    if (rate === undefined) {
      const swapped = /^(gamma[+-]|Lambda)_\{([^,}]+),([^,}]+)\}$/.exec(symbol);
      const hint =
        swapped !== null && bySymbol.has(`${swapped[1]}_{${swapped[3]},${swapped[2]}}`)
          ? ` (the pair is stored in the other order: override ${swapped[1]}_{${swapped[3]},${swapped[2]}}, whose conjugate is used for (${swapped[2]}, ${swapped[3]}))`
          : "";
      return fail(`cannot override unknown symbol "${symbol}"${hint}; the symbols are ${[...bySymbol.keys()].join(", ")}`);
    }
    let value: Complex;
    if (typeof given === "string") {
      const evaluated = evaluateFormula(symbol, given, rates, table);
      if (E.isLeft(evaluated)) return evaluated;
      value = evaluated.right;
    } else {
      value = typeof given === "number" ? complex(given) : given;
    }
    if (!isFiniteComplex(value)) return fail(`override of ${symbol} must be a finite number in s^-1 or { re, im } of finite numbers, got ${typeof given === "object" && given !== null ? `{ re: ${String(given.re)}, im: ${String(given.im)} }` : typeof given === "string" ? JSON.stringify(given) : String(given)}`);
    const realOnly = rate.kind === "emission" || rate.kind === "absorption" || rate.kind === "exchange" || rate.kind === "detuning";
    if (realOnly && value.im !== 0) return fail(`override of ${symbol} must be real (${rate.kind}), got an imaginary part ${value.im}`);
    if ((rate.kind === "emission" || rate.kind === "absorption") && value.re < 0) {
      return fail(`override of ${symbol} must be a non-negative rate in s^-1, got ${value.re}`);
    }
    bySymbol.set(symbol, { ...rate, value, overridden: true, ...(typeof given === "string" ? { formula: given } : {}) });
  }
  return E.right(rates.map((r) => bySymbol.get(r.symbol) as BoundRate));
};

/** Relative tolerance on the smallest eigenvalue of a rate matrix (quadrature noise allowance). */
const psdTolerance = (relErrors: readonly number[]): number => Math.max(1e-9, 10 * Math.max(0, ...relErrors));

/**
 * For every group of resonant transitions, the matrices [gamma+_ij] and [gamma-_ij] (diagonal:
 * local rates; off-diagonal: collective rates, conjugated below the diagonal) must be positive
 * semidefinite, else the dissipator is not completely positive and the result would not be a state.
 */
const checkPositivity = (plan: SystemPlan, rates: readonly BoundRate[], options: ModelOptions): E.Either<RateError, void> => {
  const value = new Map(rates.map((r) => [r.symbol, r]));
  for (const group of plan.resonanceGroups) {
    for (const sign of ["+", "-"] as const) {
      const matrix = group.map((a, r) =>
        group.map((b, c): Complex => {
          if (r === c) return (value.get(localSymbol(sign, a)) as BoundRate).value;
          const forward = value.get(pairSymbol(sign, a, b));
          if (forward !== undefined) return forward.value;
          const backward = value.get(pairSymbol(sign, b, a));
          return backward !== undefined ? conj(backward.value) : complex(0);
        }),
      );
      const eig = hermitianEigenvalues(matrix);
      const largest = Math.max(...eig.map(Math.abs));
      const tol = psdTolerance(
        rates.filter((rt) => rt.transitions.every((t) => group.includes(t))).map((rt) => rt.relError),
      );
      if (eig[0] < -tol * largest) {
        const touched = rates.filter((r) => r.transitions.every((t) => group.includes(t)) && (r.overridden || r.scale !== 1) && r.kind !== "exchange" && r.kind !== "detuning");
        return fail(
          `the ${sign === "+" ? "emission" : "absorption"} rate matrix [gamma${sign}_ij] over ${group.join(", ")} is not positive semidefinite (smallest eigenvalue ${eig[0].toExponential(3)} s^-1, largest ${largest.toExponential(3)} s^-1), so the master equation would not be completely positive` +
            (touched.length > 0
              ? `; it was changed by ${touched.map((r) => `${r.symbol}${r.overridden ? " (override)" : ""}${r.scale !== 1 ? ` (scale ${r.scale})` : ""}`).join(", ")}${options.collectiveScale !== 1 ? ` with collectiveScale = ${options.collectiveScale}` : ""}`
              : "") +
            `; keep |gamma_ij| <= sqrt(gamma_i gamma_j) for every pair (collectiveScale <= 1 is always safe)`,
        );
      }
    }
  }
  return E.right(undefined);
};

export const bindRates = (
  plan: SystemPlan,
  table: RateTableLike,
  options: ModelOptions,
): E.Either<RateError, readonly BoundRate[]> => {
  const computed = computedRates(plan, table, options);
  if (E.isLeft(computed)) return computed;
  const overridden = applyOverrides(computed.right, options, table);
  if (E.isLeft(overridden)) return overridden;
  const positive = checkPositivity(plan, overridden.right, options);
  return E.isLeft(positive) ? positive : overridden;
};

// ---- derived quantities ----

/** Local field temperature of a transition from its rates: hbar w / (kB ln(gamma+/gamma-)). */
export const effectiveTemperature = (omega: number, gammaPlus: number, gammaMinus: number): number => {
  if (gammaMinus === 0) return 0;
  if (gammaPlus === 0) return -0;
  const ln = Math.log(gammaPlus / gammaMinus);
  return ln === 0 ? Infinity : (HBAR * omega) / (KB * ln);
};

export interface TransitionRates {
  readonly id: string;
  readonly emitter: string;
  readonly omega: number;
  /** s^-1 (bound values, after overrides) */
  readonly gammaPlus: number;
  readonly gammaMinus: number;
  /** K: the temperature this transition would reach alone in its local field */
  readonly Teff: number;
  /** s^-1 */
  readonly gammaFree: number;
}

export interface PairCoupling {
  readonly i: string;
  readonly j: string;
  readonly kind: PairKind;
  /** rad/s, bound */
  readonly lambda: number;
  /** Lambda_ij / gamma+ of the qubit in the pair (geometric mean of both when both or neither are qubits). */
  readonly lambdaOverQubitRate: number;
  /** |gamma+_ij| / sqrt(gamma+_i gamma+_j): 1 = fully collective (superradiant limit), 0 = independent. NaN-free: 0 when collective is off. */
  readonly collectiveEmission: number;
  readonly collectiveAbsorption: number;
  readonly detuning: number;
}

export interface EmitterSpread {
  readonly emitter: string;
  /** max gamma+ / min gamma+ over the emitter's transitions (1 for a qubit). */
  readonly fastToSlow: number;
}

export interface DimensionlessCouplings {
  readonly pairs: readonly PairCoupling[];
  readonly emitters: readonly EmitterSpread[];
}

export const transitionRates = (
  plan: SystemPlan,
  table: RateTableLike,
  rates: readonly BoundRate[],
): readonly TransitionRates[] => {
  const value = new Map(rates.map((r) => [r.symbol, r.value.re]));
  return plan.transitions.map((t: PlannedTransition) => {
    const gp = value.get(localSymbol("+", t.id)) as number;
    const gm = value.get(localSymbol("-", t.id)) as number;
    const entry = table.local.find((l) => l.id === t.id) as LocalRateEntry;
    return { id: t.id, emitter: t.emitter, omega: t.omega, gammaPlus: gp, gammaMinus: gm, Teff: effectiveTemperature(t.omega, gp, gm), gammaFree: entry.gammaFree };
  });
};

const ratioOrZero = (num: number, den: number): number => (den > 0 ? num / den : num === 0 ? 0 : Infinity);

export const dimensionlessCouplings = (
  plan: SystemPlan,
  local: readonly TransitionRates[],
  rates: readonly BoundRate[],
): DimensionlessCouplings => {
  const byId = new Map(local.map((l) => [l.id, l]));
  const bySymbol = new Map(rates.map((r) => [r.symbol, r]));
  const kindOf = new Map(plan.transitions.map((t) => [t.id, t.emitterKind]));
  const pairs = plan.pairs.map((p: PlannedPair): PairCoupling => {
    const gi = byId.get(p.i) as TransitionRates;
    const gj = byId.get(p.j) as TransitionRates;
    const qi = kindOf.get(p.i) === "qubit";
    const qj = kindOf.get(p.j) === "qubit";
    const qubitRate = qi && !qj ? gi.gammaPlus : qj && !qi ? gj.gammaPlus : Math.sqrt(gi.gammaPlus * gj.gammaPlus);
    const lambda = (bySymbol.get(lambdaSymbol(p.i, p.j)) as BoundRate).value.re;
    const cp = bySymbol.get(pairSymbol("+", p.i, p.j));
    const cm = bySymbol.get(pairSymbol("-", p.i, p.j));
    return {
      i: p.i,
      j: p.j,
      kind: p.kind,
      lambda,
      lambdaOverQubitRate: ratioOrZero(lambda, qubitRate),
      collectiveEmission: cp === undefined ? 0 : ratioOrZero(abs(cp.value), Math.sqrt(gi.gammaPlus * gj.gammaPlus)),
      collectiveAbsorption: cm === undefined ? 0 : ratioOrZero(abs(cm.value), Math.sqrt(gi.gammaMinus * gj.gammaMinus)),
      detuning: p.detuning,
    };
  });
  const emitters = plan.emitters.map((e): EmitterSpread => {
    const g = local.filter((l) => l.emitter === e.name).map((l) => l.gammaPlus);
    return { emitter: e.name, fastToSlow: ratioOrZero(Math.max(...g), Math.min(...g)) };
  });
  return { pairs, emitters };
};
