/**
 * Monotone piecewise-cubic Hermite interpolation (Fritsch and Carlson, SIAM J. Numer. Anal. 17,
 * 238 (1980); slopes by the weighted harmonic mean of Fritsch and Butland, the rule behind
 * "PCHIP"). Chosen for optical tables because, unlike a cubic spline, it never overshoots: on
 * every interval the interpolant stays between the two tabulated values, so a non-negative
 * extinction coefficient k or Im eps stays non-negative, while the first derivative is continuous.
 * Reasons in theory/sapphire.md ("Tables").
 */

export interface MonotoneCubic {
  readonly x: Float64Array; // strictly increasing nodes
  readonly y: Float64Array; // values at the nodes
  readonly slope: Float64Array; // derivative at the nodes
}

const sameSign = (a: number, b: number): boolean => (a > 0 && b > 0) || (a < 0 && b < 0);

/** Builds the interpolant. Caller guarantees: x strictly increasing, finite, length >= 2, y finite. */
export const monotoneCubic = (x: Float64Array, y: Float64Array): MonotoneCubic => {
  const n = x.length;
  const h = new Float64Array(n - 1);
  const delta = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    h[k] = x[k + 1] - x[k];
    delta[k] = (y[k + 1] - y[k]) / h[k];
  }
  const slope = new Float64Array(n);
  if (n === 2) {
    slope[0] = delta[0];
    slope[1] = delta[0];
    return { x, y, slope };
  }
  for (let k = 1; k < n - 1; k++) {
    if (!sameSign(delta[k - 1], delta[k])) {
      slope[k] = 0; // local extremum or flat piece: a zero slope keeps each side monotone
    } else {
      const w1 = 2 * h[k] + h[k - 1];
      const w2 = h[k] + 2 * h[k - 1];
      slope[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
    }
  }
  // End slopes: one-sided three-point estimate, limited so the end intervals stay monotone.
  const endSlope = (h0: number, h1: number, d0: number, d1: number): number => {
    const s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if (!sameSign(s, d0)) return 0;
    if (!sameSign(d0, d1) && Math.abs(s) > 3 * Math.abs(d0)) return 3 * d0;
    return s;
  };
  slope[0] = endSlope(h[0], h[1], delta[0], delta[1]);
  slope[n - 1] = endSlope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  return { x, y, slope };
};

/** Index k with x[k] <= t <= x[k+1] (binary search); t must lie in [x[0], x[n-1]]. */
export const bracket = (x: Float64Array, t: number): number => {
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
};

/** Value of the interpolant at t, which must lie inside [x[0], x[n-1]]. */
export const evaluateMonotoneCubic = (p: MonotoneCubic, t: number): number => {
  const k = bracket(p.x, t);
  const h = p.x[k + 1] - p.x[k];
  const s = (t - p.x[k]) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  // Cubic Hermite basis on [0, 1].
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = s3 - s2;
  return h00 * p.y[k] + h10 * h * p.slope[k] + h01 * p.y[k + 1] + h11 * h * p.slope[k + 1];
};
