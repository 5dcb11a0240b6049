/**
 * Immutable complex scalars for code outside hot loops (symbol bindings, rates, results).
 * Hot loops (sparse LU, quadrature kernels) work on interleaved Float64Arrays instead and do not
 * allocate these objects.
 */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });
export const ZERO: Complex = complex(0, 0);
export const ONE: Complex = complex(1, 0);
export const I: Complex = complex(0, 1);

export const add = (a: Complex, b: Complex): Complex => complex(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => complex(a.re - b.re, a.im - b.im);
export const mul = (a: Complex, b: Complex): Complex =>
  complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const scale = (a: Complex, s: number): Complex => complex(a.re * s, a.im * s);
export const conj = (a: Complex): Complex => complex(a.re, -a.im);
export const neg = (a: Complex): Complex => complex(-a.re, -a.im);
export const abs = (a: Complex): number => Math.hypot(a.re, a.im);
export const abs2 = (a: Complex): number => a.re * a.re + a.im * a.im;
export const arg = (a: Complex): number => Math.atan2(a.im, a.re);
export const div = (a: Complex, b: Complex): Complex => {
  // Smith's algorithm: avoids overflow when |b| is large or small.
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return complex((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return complex((a.re * r + a.im) / d, (a.im * r - a.re) / d);
};
export const inv = (a: Complex): Complex => div(ONE, a);
export const exp = (a: Complex): Complex => {
  const m = Math.exp(a.re);
  return complex(m * Math.cos(a.im), m * Math.sin(a.im));
};
/** Principal square root (branch cut on the negative real axis, Re sqrt >= 0). */
export const sqrt = (a: Complex): Complex => {
  if (a.re === 0 && a.im === 0) return ZERO;
  const m = abs(a);
  const re = Math.sqrt((m + Math.abs(a.re)) / 2);
  if (a.re >= 0) return complex(re, a.im / (2 * re));
  return complex(Math.abs(a.im) / (2 * re), a.im >= 0 ? re : -re);
};
export const isFiniteComplex = (a: Complex): boolean => Number.isFinite(a.re) && Number.isFinite(a.im);
export const approxEqual = (a: Complex, b: Complex, tol: number): boolean => abs(sub(a, b)) <= tol;
export const toString = (a: Complex, digits = 6): string => {
  if (a.im === 0) return a.re.toPrecision(digits);
  const sign = a.im < 0 ? "-" : "+";
  return `${a.re.toPrecision(digits)}${sign}${Math.abs(a.im).toPrecision(digits)}i`;
};
