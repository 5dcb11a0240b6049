/**
 * Bessel functions of the first kind of real argument, orders 0, 1, 2.
 * J0 and J1 come from @stdlib (relative error ~5e-15, see /work/shared/research/ts-stack.md §5).
 * J2 is ours: the power series for |x| < 4 (where the recurrence 2 J1/x - J0 cancels badly),
 * the recurrence above. Derivation and error analysis: theory/green-tensor.md §6.
 */
import besselj0Impl from "@stdlib/math-base-special-besselj0";
import besselj1Impl from "@stdlib/math-base-special-besselj1";

export const besselJ0: (x: number) => number = besselj0Impl;
export const besselJ1: (x: number) => number = besselj1Impl;

/** Below this |x| J2 is summed as a series: the recurrence loses ~ (4/x)^2 digits of J2's size. */
const SERIES_LIMIT = 4;

/**
 * J2(x) = sum_k (-1)^k (x/2)^(2k+2) / (k! (k+2)!) for |x| < 4; terms fall below 1e-17 of the
 * sum after ~12 terms there. For |x| >= 4, J2 = 2 J1(x)/x - J0(x) (three-term recurrence).
 */
export const besselJ2 = (x: number): number => {
  const ax = Math.abs(x);
  if (ax >= SERIES_LIMIT) return (2 * besselJ1(ax)) / ax - besselJ0(ax); // J2 is even
  const h2 = (ax * ax) / 4;
  let term = h2 / 2; // k = 0: (x/2)^2 / (0! 2!)
  let sum = term;
  for (let k = 1; k < 30; k++) {
    term *= -h2 / (k * (k + 2));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return sum;
};
