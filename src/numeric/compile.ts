/**
 * Compilation of a symbolic MasterEquation (src/algebra) to the numeric hand-over type
 * NumericMasterEquation: every symbol bound to a number, every operator a CSR matrix on the full space.
 *
 * Basis order: the FIRST subsystem of the Space is the most significant index,
 *   index = sum_k level_k * stride_k,  stride_k = prod_{m > k} dim_m
 * (the order of the Kronecker product A_1 (x) A_2 (x) ...). Level indices follow each subsystem's level list.
 *
 * Rate unit: the numeric coefficients (the Hamiltonian's coefficients and every dissipator rate) are
 * divided by `rateUnit` [rad/s]. For coefficients linear in the bound rates this is the same as dividing
 * every bound value by rateUnit; dividing the evaluated coefficient is also right when a coefficient
 * contains dimensionless factors (e.g. gamma0 * (1 + n)), which dividing the values would get wrong.
 * The jump operators a, b keep their own (dimensionless) coefficients unscaled.
 */
import * as E from "fp-ts/lib/Either.js";
import { type Complex, isFiniteComplex } from "../math/complex.js";
import type { MasterEquation } from "../algebra/master-equation.js";
import type { Op } from "../algebra/operator.js";
import { opSymbols } from "../algebra/operator.js";
import { evaluateScalar, scalarSymbols } from "../algebra/scalar.js";
import { type CsrMatrix, type Triplet, csrFromTriplets } from "./csr.js";
import type { NumericDissipator, NumericMasterEquation } from "./master-equation.js";

export interface BindError {
  readonly kind: "BindError";
  readonly message: string;
  /** the symbol at fault, when there is one */
  readonly symbol?: string;
}

const bindError = (message: string, symbol?: string): BindError => ({ kind: "BindError", message, symbol });

export type Bindings = Readonly<Record<string, number | Complex>>;

export interface BindOptions {
  /** angular frequency [rad/s] every coefficient is divided by (default 1) */
  readonly rateUnit?: number;
}

const asComplex = (v: number | Complex): Complex => (typeof v === "number" ? { re: v, im: 0 } : v);

/** Checks values (finite; real symbols get real values) for the symbols in `used`; unknown names are allowed here. */
const checkValues = (used: ReadonlyMap<string, boolean>, bindings: Bindings): E.Either<BindError, void> => {
  for (const [name, real] of used) {
    if (!Object.prototype.hasOwnProperty.call(bindings, name)) {
      return E.left(bindError(`symbol "${name}" has no binding; add "${name}" to the bindings`, name));
    }
    const raw = bindings[name];
    const value = asComplex(raw);
    if (typeof raw !== "number" && (typeof raw !== "object" || raw === null || typeof raw.re !== "number" || typeof raw.im !== "number")) {
      return E.left(bindError(`symbol "${name}": the binding must be a number or {re, im}`, name));
    }
    if (!isFiniteComplex(value)) return E.left(bindError(`symbol "${name}" is bound to a non-finite value (${value.re}, ${value.im})`, name));
    if (real && value.im !== 0) {
      return E.left(bindError(`symbol "${name}" is declared real but bound to a complex value (${value.re} + ${value.im}i); bind a real number or declare it complex`, name));
    }
  }
  return E.right(undefined);
};

/**
 * The CSR matrix of an operator on its full space. Every symbol in the coefficients must be bound
 * (extra bindings are ignored here; `bindMasterEquation` is the strict one).
 */
export const opToCsr = (op: Op, bindings: Bindings): E.Either<BindError, CsrMatrix> => {
  const checked = checkValues(opSymbols(op), bindings);
  if (E.isLeft(checked)) return checked;
  return E.right(opToCsrUnchecked(op, bindings, 1));
};

const opToCsrUnchecked = (op: Op, bindings: Bindings, divideBy: number): CsrMatrix => {
  const { dims, strides, dimension } = op.space;
  const n = dims.length;
  const triplets: Triplet[] = [];
  for (const term of op.terms) {
    const evaluated = evaluateScalar(term.coefficient, bindings);
    if (E.isLeft(evaluated)) throw new Error(`internal: ${evaluated.left.message}`); // checked by the caller
    const value: Complex = { re: evaluated.right.re / divideBy, im: evaluated.right.im / divideBy };
    // fixed offsets from the subsystems with a transition; enumerate the identity subsystems
    let rowBase = 0;
    let colBase = 0;
    const free: number[] = [];
    for (let k = 0; k < n; k++) {
      const ket = term.word[2 * k];
      if (ket < 0) free.push(k);
      else {
        rowBase += ket * strides[k];
        colBase += term.word[2 * k + 1] * strides[k];
      }
    }
    const count = free.reduce((p, k) => p * dims[k], 1);
    for (let m = 0; m < count; m++) {
      let rest = m;
      let offset = 0;
      for (let f = free.length - 1; f >= 0; f--) {
        const k = free[f];
        offset += (rest % dims[k]) * strides[k];
        rest = Math.floor(rest / dims[k]);
      }
      triplets.push({ row: rowBase + offset, col: colBase + offset, value });
    }
  }
  return csrFromTriplets(dimension, dimension, triplets);
};

/** Every symbol of a master equation, name -> declared real. */
export const masterEquationSymbols = (me: MasterEquation): Map<string, boolean> => {
  const out = new Map<string, boolean>(opSymbols(me.hamiltonian));
  for (const d of me.dissipators) {
    for (const m of [opSymbols(d.a), opSymbols(d.b), scalarSymbols(d.coefficient)]) for (const [k, v] of m) out.set(k, v);
  }
  return out;
};

/**
 * Binds every symbol and compiles to the numeric form. Errors (each names the symbol): a missing
 * binding, a binding for a symbol the equation does not have (a typo would otherwise be silently
 * ignored), a non-finite value, a complex value for a real symbol, a bad rateUnit.
 */
export const bindMasterEquation = (
  me: MasterEquation,
  bindings: Bindings,
  options: BindOptions = {},
): E.Either<BindError, NumericMasterEquation> => {
  const rateUnit = options.rateUnit ?? 1;
  if (!(Number.isFinite(rateUnit) && rateUnit > 0)) return E.left(bindError(`rateUnit must be a positive finite angular frequency [rad/s], got ${rateUnit}`));
  const used = masterEquationSymbols(me);
  for (const name of Object.keys(bindings)) {
    if (!used.has(name)) {
      const known = [...used.keys()].sort();
      return E.left(bindError(`unknown binding "${name}": the master equation has no such symbol; its symbols are ${known.map((k) => `"${k}"`).join(", ") || "(none)"}`, name));
    }
  }
  const checked = checkValues(used, bindings);
  if (E.isLeft(checked)) return checked;
  const dissipators: NumericDissipator[] = me.dissipators.map((d) => {
    const rate = evaluateScalar(d.coefficient, bindings);
    if (E.isLeft(rate)) throw new Error(`internal: ${rate.left.message}`);
    return {
      rate: { re: rate.right.re / rateUnit, im: rate.right.im / rateUnit },
      a: opToCsrUnchecked(d.a, bindings, 1),
      b: opToCsrUnchecked(d.b, bindings, 1),
    };
  });
  return E.right({
    dims: [...me.space.dims],
    names: me.space.subsystems.map((s) => s.name),
    hamiltonian: opToCsrUnchecked(me.hamiltonian, bindings, rateUnit),
    dissipators,
    rateUnit,
  });
};
