/**
 * Exact symbolic scalars: polynomials in named symbols and their complex conjugates, with exact
 * complex-rational coefficients. This covers every coefficient a Lindblad master equation built from
 * rates, couplings and frequencies needs (sums, products, conjugates, numbers like 1/2 and -i).
 *
 * Canonical form: terms sorted by monomial key, equal monomials collected, zero terms dropped;
 * inside a monomial the factors are sorted by key. Two scalars are equal iff their canonical forms are
 * identical, so `scalarEquals` is exact (no tolerance).
 *
 * A symbol is declared real (rates, couplings, frequencies) or complex. conj(x) = x for a real symbol;
 * for a complex symbol conj(z) is a separate atom "z*" that commutes with everything.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import {
  type ComplexRational,
  type Rational,
  CQ_I,
  CQ_ONE,
  CQ_ZERO,
  cq,
  cqAdd,
  cqConj,
  cqEquals,
  cqIsZero,
  cqMul,
  cqNeg,
  cqToComplex,
  qFromNumber,
  rational,
} from "./rational.js";

/** One symbol raised to a positive power, possibly conjugated (only complex symbols are ever conjugated). */
export interface Factor {
  readonly name: string;
  readonly real: boolean;
  readonly conjugated: boolean;
  readonly power: number;
}

export interface Monomial {
  /** canonical key; "" for the constant monomial */
  readonly key: string;
  readonly factors: readonly Factor[];
}

export interface ScalarTerm {
  readonly monomial: Monomial;
  readonly coefficient: ComplexRational;
}

export interface Scalar {
  readonly kind: "Scalar";
  /** canonical: sorted by monomial key, unique keys, no zero coefficient */
  readonly terms: readonly ScalarTerm[];
}

const factorKey = (f: Factor): string => (f.conjugated ? `${f.name}*` : f.name);
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const monomial = (factors: readonly Factor[]): Monomial => {
  const sorted = [...factors].sort((a, b) => compareStrings(factorKey(a), factorKey(b)));
  // \u0001 and \u0002 cannot occur in sensible symbol names, so keys are unambiguous.
  return { key: sorted.map((f) => `${factorKey(f)}\u0001${f.power}`).join("\u0002"), factors: sorted };
};

const CONSTANT_MONOMIAL: Monomial = { key: "", factors: [] };

/** Collects equal monomials, drops zeros, sorts: the canonical form. */
const canonical = (terms: readonly ScalarTerm[]): Scalar => {
  const byKey = new Map<string, ScalarTerm>();
  for (const t of terms) {
    const prev = byKey.get(t.monomial.key);
    byKey.set(t.monomial.key, prev === undefined ? t : { monomial: t.monomial, coefficient: cqAdd(prev.coefficient, t.coefficient) });
  }
  const kept = [...byKey.values()].filter((t) => !cqIsZero(t.coefficient));
  kept.sort((a, b) => compareStrings(a.monomial.key, b.monomial.key));
  return { kind: "Scalar", terms: kept };
};

// ---- constructors ----
export const constant = (c: ComplexRational): Scalar =>
  cqIsZero(c) ? ZERO_SCALAR : { kind: "Scalar", terms: [{ monomial: CONSTANT_MONOMIAL, coefficient: c }] };
export const ZERO_SCALAR: Scalar = { kind: "Scalar", terms: [] };
export const ONE_SCALAR: Scalar = constant(CQ_ONE);
export const I_SCALAR: Scalar = constant(CQ_I);
/** Exact rational num/den (integers). */
export const ratio = (num: number | bigint, den: number | bigint = 1): Scalar => constant(cq(rational(num, den)));
/** The exact decimal value of a finite number, optionally complex (re + i im). */
export const fromNumber = (re: number, im = 0): Scalar => constant(cq(qFromNumber(re), qFromNumber(im)));
export const fromRational = (re: Rational, im?: Rational): Scalar => constant(cq(re, im));
export const realSymbol = (name: string): Scalar => ({
  kind: "Scalar",
  terms: [{ monomial: monomial([{ name, real: true, conjugated: false, power: 1 }]), coefficient: CQ_ONE }],
});
export const complexSymbol = (name: string): Scalar => ({
  kind: "Scalar",
  terms: [{ monomial: monomial([{ name, real: false, conjugated: false, power: 1 }]), coefficient: CQ_ONE }],
});

// ---- arithmetic ----
export const addScalars = (...xs: readonly Scalar[]): Scalar => canonical(xs.flatMap((x) => x.terms));
export const negScalar = (a: Scalar): Scalar => ({
  kind: "Scalar",
  terms: a.terms.map((t) => ({ monomial: t.monomial, coefficient: cqNeg(t.coefficient) })),
});
export const subScalars = (a: Scalar, b: Scalar): Scalar => addScalars(a, negScalar(b));

const mulMonomials = (a: Monomial, b: Monomial): Monomial => {
  if (a.factors.length === 0) return b;
  if (b.factors.length === 0) return a;
  const merged = new Map<string, Factor>();
  for (const f of [...a.factors, ...b.factors]) {
    const k = factorKey(f);
    const prev = merged.get(k);
    merged.set(k, prev === undefined ? f : { ...prev, power: prev.power + f.power });
  }
  return monomial([...merged.values()]);
};

export const mulScalars = (...xs: readonly Scalar[]): Scalar =>
  xs.reduce<Scalar>((acc, x) => {
    const terms: ScalarTerm[] = [];
    for (const s of acc.terms) {
      for (const t of x.terms) {
        terms.push({ monomial: mulMonomials(s.monomial, t.monomial), coefficient: cqMul(s.coefficient, t.coefficient) });
      }
    }
    return canonical(terms);
  }, ONE_SCALAR);

/** Multiplies by an exact complex-rational number. */
export const scaleScalar = (a: Scalar, c: ComplexRational): Scalar => mulScalars(a, constant(c));

export const conjScalar = (a: Scalar): Scalar =>
  canonical(
    a.terms.map((t) => ({
      monomial: monomial(t.monomial.factors.map((f) => (f.real ? f : { ...f, conjugated: !f.conjugated }))),
      coefficient: cqConj(t.coefficient),
    })),
  );

/** Non-negative integer power. */
export const powScalar = (a: Scalar, n: number): Scalar => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`powScalar needs a non-negative integer exponent, got ${n}`);
  let out = ONE_SCALAR;
  for (let k = 0; k < n; k++) out = mulScalars(out, a);
  return out;
};

// ---- predicates ----
export const isZeroScalar = (a: Scalar): boolean => a.terms.length === 0;
export const scalarEquals = (a: Scalar, b: Scalar): boolean =>
  a.terms.length === b.terms.length &&
  a.terms.every((t, k) => t.monomial.key === b.terms[k].monomial.key && cqEquals(t.coefficient, b.terms[k].coefficient));
/** Real as a polynomial identity: equal to its own conjugate in canonical form. */
export const isRealScalar = (a: Scalar): boolean => scalarEquals(a, conjScalar(a));
/** The value when the scalar has no symbols, else undefined. */
export const constantValue = (a: Scalar): ComplexRational | undefined =>
  a.terms.length === 0 ? CQ_ZERO : a.terms.length === 1 && a.terms[0].monomial.factors.length === 0 ? a.terms[0].coefficient : undefined;

/** Every symbol used, name -> declared real. */
export const scalarSymbols = (a: Scalar): Map<string, boolean> => {
  const out = new Map<string, boolean>();
  for (const t of a.terms) for (const f of t.monomial.factors) out.set(f.name, f.real);
  return out;
};

// ---- evaluation ----
export interface EvaluationError {
  readonly kind: "EvaluationError";
  readonly message: string;
}

const cmul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });

/** Numeric value with every symbol bound (numbers are real values); a missing symbol is an error naming it. */
export const evaluateScalar = (a: Scalar, bindings: Readonly<Record<string, number | Complex>>): E.Either<EvaluationError, Complex> => {
  let re = 0;
  let im = 0;
  for (const t of a.terms) {
    let value = cqToComplex(t.coefficient);
    for (const f of t.monomial.factors) {
      const bound = Object.prototype.hasOwnProperty.call(bindings, f.name) ? bindings[f.name] : undefined;
      if (bound === undefined) {
        return E.left({ kind: "EvaluationError", message: `symbol "${f.name}" has no binding; add a value for "${f.name}"` });
      }
      const z: Complex = typeof bound === "number" ? { re: bound, im: 0 } : bound;
      const base = f.conjugated ? { re: z.re, im: -z.im } : z;
      for (let p = 0; p < f.power; p++) value = cmul(value, base);
    }
    re += value.re;
    im += value.im;
  }
  return E.right({ re, im });
};

/** Degree of the polynomial (0 for constants, -Infinity for zero). */
export const scalarDegree = (a: Scalar): number =>
  a.terms.reduce((d, t) => Math.max(d, t.monomial.factors.reduce((s, f) => s + f.power, 0)), -Infinity);

/**
 * Replaces symbols by scalars: `replace(name)` returns the scalar that the symbol `name` stands for,
 * or undefined to keep it. A conjugated complex symbol becomes the conjugate of the replacement.
 */
export const substituteScalar = (a: Scalar, replace: (name: string) => Scalar | undefined): Scalar =>
  addScalars(
    ...a.terms.map((t) =>
      mulScalars(
        constant(t.coefficient),
        ...t.monomial.factors.map((f) => {
          const r = replace(f.name);
          const base =
            r === undefined
              ? { kind: "Scalar" as const, terms: [{ monomial: monomial([{ ...f, power: 1 }]), coefficient: CQ_ONE }] }
              : f.conjugated
                ? conjScalar(r)
                : r;
          return powScalar(base, f.power);
        }),
      ),
    ),
  );
