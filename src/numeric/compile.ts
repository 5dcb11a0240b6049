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
import { type Scalar, scalarSymbols } from "../algebra/scalar.js";
import { cqToComplex } from "../algebra/rational.js";
import type { CsrMatrix } from "./csr.js";
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
  const used = opSymbols(op);
  const checked = checkValues(used, bindings);
  if (E.isLeft(checked)) return checked;
  const symbols = symbolTable(used);
  const { re, im } = symbolValues(symbols, bindings);
  return E.right(planOp(op, symbols.index).fill(re, im, 1));
};

/** Every symbol of a master equation, name -> declared real. */
export const masterEquationSymbols = (me: MasterEquation): Map<string, boolean> => {
  const out = new Map<string, boolean>(opSymbols(me.hamiltonian));
  for (const d of me.dissipators) {
    for (const m of [opSymbols(d.a), opSymbols(d.b), scalarSymbols(d.coefficient)]) for (const [k, v] of m) out.set(k, v);
  }
  return out;
};

// ---- prepared compilation: the sparsity pattern once, values per binding ----

interface SymbolTable {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

const symbolTable = (used: ReadonlyMap<string, boolean>): SymbolTable => {
  const names = [...used.keys()].sort();
  return { names, index: new Map(names.map((n, k) => [n, k])) };
};

const symbolValues = (symbols: SymbolTable, bindings: Bindings): { re: Float64Array; im: Float64Array } => {
  const re = new Float64Array(symbols.names.length);
  const im = new Float64Array(symbols.names.length);
  symbols.names.forEach((name, k) => {
    const v = asComplex(bindings[name]);
    re[k] = v.re;
    im[k] = v.im;
  });
  return { re, im };
};

/** A scalar compiled against a symbol table: value from arrays of symbol values, no lookups by name. */
type CompiledScalar = (re: Float64Array, im: Float64Array) => Complex;

const compileScalar = (s: Scalar, index: ReadonlyMap<string, number>): CompiledScalar => {
  const terms = s.terms.map((t) => ({
    c: cqToComplex(t.coefficient),
    factors: t.monomial.factors.map((f) => ({ at: index.get(f.name) ?? -1, sign: f.conjugated ? -1 : 1, power: f.power })),
  }));
  for (const t of terms) for (const f of t.factors) if (f.at < 0) throw new Error("internal: symbol missing from the table");
  return (re, im) => {
    let sumRe = 0;
    let sumIm = 0;
    for (const t of terms) {
      let vRe = t.c.re;
      let vIm = t.c.im;
      for (const f of t.factors) {
        const bRe = re[f.at];
        const bIm = f.sign * im[f.at];
        for (let p = 0; p < f.power; p++) {
          const nRe = vRe * bRe - vIm * bIm;
          vIm = vRe * bIm + vIm * bRe;
          vRe = nRe;
        }
      }
      sumRe += vRe;
      sumIm += vIm;
    }
    return { re: sumRe, im: sumIm };
  };
};

interface OpPlan {
  /** the CSR matrix for these symbol values, every coefficient divided by `divideBy` */
  readonly fill: (re: Float64Array, im: Float64Array, divideBy: number) => CsrMatrix;
}

/**
 * The sparsity structure of an operator: every term contributes a fixed set of (row, col) entries
 * (its word, with the identity subsystems enumerated). The union pattern and, for every entry, its
 * term and its slot in the pattern are computed once; a binding only evaluates the term coefficients
 * and accumulates them. Entries that sum to exactly zero are dropped, as csrFromTriplets does, so a
 * zero rate never adds structural nonzeros.
 */
const planOp = (op: Op, index: ReadonlyMap<string, number>): OpPlan => {
  const { dims, strides, dimension } = op.space;
  const n = dims.length;
  const rows: number[] = [];
  const cols: number[] = [];
  const termOf: number[] = [];
  op.terms.forEach((term, t) => {
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
      rows.push(rowBase + offset);
      cols.push(colBase + offset);
      termOf.push(t);
    }
  });
  const order = Array.from({ length: rows.length }, (_, e) => e).sort((a, b) => rows[a] - rows[b] || cols[a] - cols[b]);
  const slotOf = new Int32Array(rows.length);
  const patternRow: number[] = [];
  const patternCol: number[] = [];
  for (const e of order) {
    const last = patternRow.length - 1;
    if (last < 0 || patternRow[last] !== rows[e] || patternCol[last] !== cols[e]) {
      patternRow.push(rows[e]);
      patternCol.push(cols[e]);
    }
    slotOf[e] = patternRow.length - 1;
  }
  const entryTerm = Int32Array.from(termOf);
  const coefficients = op.terms.map((t) => compileScalar(t.coefficient, index));
  const slots = patternRow.length;
  return {
    fill: (re, im, divideBy) => {
      const termRe = new Float64Array(coefficients.length);
      const termIm = new Float64Array(coefficients.length);
      coefficients.forEach((c, t) => {
        const v = c(re, im);
        termRe[t] = v.re / divideBy;
        termIm[t] = v.im / divideBy;
      });
      const acc = new Float64Array(2 * slots);
      for (let e = 0; e < entryTerm.length; e++) {
        acc[2 * slotOf[e]] += termRe[entryTerm[e]];
        acc[2 * slotOf[e] + 1] += termIm[entryTerm[e]];
      }
      let kept = 0;
      for (let k = 0; k < slots; k++) if (acc[2 * k] !== 0 || acc[2 * k + 1] !== 0) kept++;
      const rowPtr = new Int32Array(dimension + 1);
      const colIdx = new Int32Array(kept);
      const values = new Float64Array(2 * kept);
      let out = 0;
      for (let k = 0; k < slots; k++) {
        if (acc[2 * k] === 0 && acc[2 * k + 1] === 0) continue;
        rowPtr[patternRow[k] + 1]++;
        colIdx[out] = patternCol[k];
        values[2 * out] = acc[2 * k];
        values[2 * out + 1] = acc[2 * k + 1];
        out++;
      }
      for (let r = 0; r < dimension; r++) rowPtr[r + 1] += rowPtr[r];
      return { rows: dimension, cols: dimension, rowPtr, colIdx, values };
    },
  };
};

/** A master equation compiled once, bound many times (a sweep changes only the numbers). */
export interface PreparedMasterEquation {
  /** every symbol, name -> declared real */
  readonly symbols: ReadonlyMap<string, boolean>;
  readonly bind: (bindings: Bindings, options?: BindOptions) => E.Either<BindError, NumericMasterEquation>;
}

/**
 * Precomputes the sparsity patterns of H and of every jump operator and compiles the coefficients;
 * `bind` then checks the bindings and fills values only. Jump operators without symbols are built once
 * and shared between bindings (treat the matrices as immutable).
 */
export const prepareMasterEquation = (me: MasterEquation): PreparedMasterEquation => {
  const used = masterEquationSymbols(me);
  const table = symbolTable(used);
  const hamiltonian = planOp(me.hamiltonian, table.index);
  const noValues = new Float64Array(0);
  const jump = (op: Op): ((re: Float64Array, im: Float64Array) => CsrMatrix) => {
    const plan = planOp(op, table.index);
    if (opSymbols(op).size > 0) return (re, im) => plan.fill(re, im, 1);
    const fixed = plan.fill(noValues, noValues, 1);
    return () => fixed;
  };
  const dissipators = me.dissipators.map((d) => ({ rate: compileScalar(d.coefficient, table.index), a: jump(d.a), b: jump(d.b) }));
  const names = me.space.subsystems.map((s) => s.name);
  const dims = [...me.space.dims];
  return {
    symbols: used,
    bind: (bindings, options = {}) => {
      const rateUnit = options.rateUnit ?? 1;
      if (!(Number.isFinite(rateUnit) && rateUnit > 0)) {
        return E.left(bindError(`rateUnit must be a positive finite angular frequency [rad/s], got ${rateUnit}`));
      }
      for (const name of Object.keys(bindings)) {
        if (!used.has(name)) {
          const known = [...used.keys()].sort();
          return E.left(bindError(`unknown binding "${name}": the master equation has no such symbol; its symbols are ${known.map((k) => `"${k}"`).join(", ") || "(none)"}`, name));
        }
      }
      const checked = checkValues(used, bindings);
      if (E.isLeft(checked)) return checked;
      const { re, im } = symbolValues(table, bindings);
      return E.right({
        dims,
        names,
        hamiltonian: hamiltonian.fill(re, im, rateUnit),
        dissipators: dissipators.map((d): NumericDissipator => {
          const rate = d.rate(re, im);
          return { rate: { re: rate.re / rateUnit, im: rate.im / rateUnit }, a: d.a(re, im), b: d.b(re, im) };
        }),
        rateUnit,
      });
    },
  };
};

/**
 * Binds every symbol and compiles to the numeric form. Errors (each names the symbol): a missing
 * binding, a binding for a symbol the equation does not have (a typo would otherwise be silently
 * ignored), a non-finite value, a complex value for a real symbol, a bad rateUnit.
 * The prepared form of each MasterEquation object is cached (weakly, keyed by the immutable object), so a
 * sweep that binds one equation at many points pays for the sparsity patterns once.
 */
export const bindMasterEquation = (
  me: MasterEquation,
  bindings: Bindings,
  options: BindOptions = {},
): E.Either<BindError, NumericMasterEquation> => {
  let prepared = preparedCache.get(me);
  if (prepared === undefined) {
    prepared = prepareMasterEquation(me);
    preparedCache.set(me, prepared);
  }
  return prepared.bind(bindings, options);
};

/** Pure cache: MasterEquation values are immutable, and a WeakMap lets them be collected. */
const preparedCache = new WeakMap<MasterEquation, PreparedMasterEquation>();
