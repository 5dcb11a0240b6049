/**
 * Exact rational and complex-rational numbers on BigInt, used as the coefficients of symbolic
 * scalars. Exactness is what makes "equality up to canonical form" a proof rather than a tolerance.
 */
import type { Complex } from "../math/complex.js";

export interface Rational {
  /** numerator; the pair is reduced and den > 0 */
  readonly num: bigint;
  readonly den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
};

/** Reduces num/den; den must not be zero (a programming error, not user input). */
export const rational = (num: bigint | number, den: bigint | number = 1n): Rational => {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError("rational with zero denominator");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
};

export const Q_ZERO: Rational = { num: 0n, den: 1n };
export const Q_ONE: Rational = { num: 1n, den: 1n };

export const qAdd = (a: Rational, b: Rational): Rational =>
  a.den === b.den ? rational(a.num + b.num, a.den) : rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const qNeg = (a: Rational): Rational => ({ num: -a.num, den: a.den });
export const qSub = (a: Rational, b: Rational): Rational => qAdd(a, qNeg(b));
export const qMul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const qIsZero = (a: Rational): boolean => a.num === 0n;
export const qEquals = (a: Rational, b: Rational): boolean => a.num === b.num && a.den === b.den;
export const qInv = (a: Rational): Rational => rational(a.den, a.num);
export const qToNumber = (a: Rational): number => Number(a.num) / Number(a.den);
export const qToString = (a: Rational): string => (a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`);

/**
 * The exact rational equal to the decimal string of a finite double (0.1 -> 1/10, not the binary
 * expansion): users type decimals, and they mean the decimal.
 */
export const qFromNumber = (x: number): Rational => {
  if (!Number.isFinite(x)) throw new RangeError(`cannot make an exact rational from ${x}`);
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return rational(BigInt(x), 1n);
  const text = x.toExponential(); // d.ddddde[+-]x, shortest round-trip digits
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) throw new RangeError(`unexpected number format ${text}`);
  const [, sign, lead, frac = "", exp] = match;
  const digits = BigInt(`${sign}${lead}${frac}`);
  const power = Number(exp) - frac.length;
  return power >= 0 ? rational(digits * 10n ** BigInt(power), 1n) : rational(digits, 10n ** BigInt(-power));
};

/** Exact complex rational re + i im. */
export interface ComplexRational {
  readonly re: Rational;
  readonly im: Rational;
}

export const cq = (re: Rational, im: Rational = Q_ZERO): ComplexRational => ({ re, im });
export const CQ_ZERO: ComplexRational = cq(Q_ZERO);
export const CQ_ONE: ComplexRational = cq(Q_ONE);
export const CQ_I: ComplexRational = cq(Q_ZERO, Q_ONE);

export const cqAdd = (a: ComplexRational, b: ComplexRational): ComplexRational => cq(qAdd(a.re, b.re), qAdd(a.im, b.im));
export const cqNeg = (a: ComplexRational): ComplexRational => cq(qNeg(a.re), qNeg(a.im));
export const cqConj = (a: ComplexRational): ComplexRational => cq(a.re, qNeg(a.im));
export const cqMul = (a: ComplexRational, b: ComplexRational): ComplexRational =>
  cq(qSub(qMul(a.re, b.re), qMul(a.im, b.im)), qAdd(qMul(a.re, b.im), qMul(a.im, b.re)));
export const cqIsZero = (a: ComplexRational): boolean => qIsZero(a.re) && qIsZero(a.im);
export const cqEquals = (a: ComplexRational, b: ComplexRational): boolean => qEquals(a.re, b.re) && qEquals(a.im, b.im);
export const cqToComplex = (a: ComplexRational): Complex => ({ re: qToNumber(a.re), im: qToNumber(a.im) });
/** 1/a; a must be nonzero. */
export const cqInv = (a: ComplexRational): ComplexRational => {
  const norm = qAdd(qMul(a.re, a.re), qMul(a.im, a.im));
  if (qIsZero(norm)) throw new RangeError("inverse of exact zero");
  const inv = qInv(norm);
  return cq(qMul(a.re, inv), qNeg(qMul(a.im, inv)));
};
