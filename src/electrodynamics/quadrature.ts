/**
 * Adaptive Gauss-Kronrod quadrature (G7-K15) for vector-valued integrands on finite intervals,
 * with caller-supplied breakpoints and a global max-heap of subintervals ordered by error.
 * Method and error model: theory/quadrature.md.
 *
 * The integrand fills `out` (length `dimension`) with the values of all components at x; real and
 * imaginary parts of complex components are separate entries. Every component shares one kernel
 * evaluation, which is the point: the reflection coefficients and Bessel functions are computed once
 * per node for all tensor components.
 */

export type VectorIntegrand = (x: number, out: Float64Array) => void;

export interface QuadratureOptions {
  /** Relative tolerance per component: err_c <= max(absTol_c, relTol |I_c|). */
  readonly relTol: number;
  /** Absolute tolerance, one for all components or one per component. */
  readonly absTol: number | Float64Array;
  /** Upper bound on subintervals; the result is flagged unconverged beyond it. */
  readonly maxIntervals?: number;
}

export interface QuadratureResult {
  readonly value: Float64Array;
  /** Error estimate per component (sum over subintervals of |K15 - G7|). */
  readonly error: Float64Array;
  readonly evaluations: number;
  readonly intervals: number;
  /** True when every component met its tolerance. */
  readonly converged: boolean;
}

// Nodes and weights of the 15-point Kronrod extension of the 7-point Gauss rule on [-1, 1]
// (published values, e.g. Piessens et al., QUADPACK, 1983; Kronrod 1965).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.58608723546769113029414483825873, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss weights for the odd-indexed Kronrod nodes 1, 3, 5 and the centre.
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

/** Applies G7-K15 on [a, b]; writes the Kronrod value and |K - G| per component. */
const gk15 = (
  f: VectorIntegrand,
  a: number,
  b: number,
  dim: number,
  value: Float64Array,
  error: Float64Array,
  fx: Float64Array,
  gauss: Float64Array,
): void => {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  value.fill(0);
  gauss.fill(0);
  f(centre, fx);
  for (let c = 0; c < dim; c++) {
    value[c] = WGK[7] * fx[c];
    gauss[c] = WG[3] * fx[c];
  }
  for (let j = 0; j < 7; j++) {
    const dx = half * XGK[j];
    const isGaussNode = j % 2 === 1;
    const wg = isGaussNode ? WG[(j - 1) / 2] : 0;
    f(centre - dx, fx);
    for (let c = 0; c < dim; c++) {
      value[c] += WGK[j] * fx[c];
      if (isGaussNode) gauss[c] += wg * fx[c];
    }
    f(centre + dx, fx);
    for (let c = 0; c < dim; c++) {
      value[c] += WGK[j] * fx[c];
      if (isGaussNode) gauss[c] += wg * fx[c];
    }
  }
  for (let c = 0; c < dim; c++) {
    value[c] *= half;
    error[c] = Math.abs(value[c] - gauss[c] * half);
  }
};

interface Interval {
  readonly a: number;
  readonly b: number;
  readonly value: Float64Array;
  readonly error: Float64Array;
  readonly priority: number;
}

/** Binary max-heap on `priority`. */
class IntervalHeap {
  private readonly items: Interval[] = [];
  get size(): number {
    return this.items.length;
  }
  get all(): readonly Interval[] {
    return this.items;
  }
  push(item: Interval): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].priority >= h[i].priority) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): Interval {
    const h = this.items;
    const top = h[0];
    const last = h.pop() as Interval;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].priority > h[m].priority) m = l;
        if (r < h.length && h[r].priority > h[m].priority) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Integrates a vector-valued f over [points[0], points[last]] split at the given increasing
 * breakpoints. Subintervals are bisected, worst (largest weighted error) first, until every component
 * satisfies err_c <= max(absTol_c, relTol |I_c|) or maxIntervals is reached.
 */
export const integrate = (
  f: VectorIntegrand,
  points: readonly number[],
  dimension: number,
  options: QuadratureOptions,
): QuadratureResult => {
  const dim = dimension;
  const maxIntervals = options.maxIntervals ?? 2000;
  const absTol =
    typeof options.absTol === "number" ? new Float64Array(dim).fill(options.absTol) : options.absTol;
  const fx = new Float64Array(dim);
  const gauss = new Float64Array(dim);
  const total = new Float64Array(dim);
  const totalError = new Float64Array(dim);
  const heap = new IntervalHeap();
  let evaluations = 0;

  const pending: { a: number; b: number; value: Float64Array; error: Float64Array }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (!(b > a)) continue;
    const value = new Float64Array(dim);
    const error = new Float64Array(dim);
    gk15(f, a, b, dim, value, error, fx, gauss);
    evaluations += 15;
    pending.push({ a, b, value, error });
    for (let c = 0; c < dim; c++) {
      total[c] += value[c];
      totalError[c] += error[c];
    }
  }
  // Component weights fixed after the first pass: an error counts relative to what that
  // component may lose, so small components are not starved by large ones.
  const weight = new Float64Array(dim);
  for (let c = 0; c < dim; c++) {
    const allowed = Math.max(absTol[c], options.relTol * Math.abs(total[c]));
    weight[c] = allowed > 0 ? 1 / allowed : 1e300;
  }
  const priorityOf = (error: Float64Array): number => {
    let p = 0;
    for (let c = 0; c < dim; c++) p = Math.max(p, error[c] * weight[c]);
    return p;
  };
  for (const iv of pending) heap.push({ ...iv, priority: priorityOf(iv.error) });

  const satisfied = (): boolean => {
    for (let c = 0; c < dim; c++) {
      if (totalError[c] > Math.max(absTol[c], options.relTol * Math.abs(total[c]))) return false;
    }
    return true;
  };

  let converged = satisfied();
  while (!converged && heap.size > 0 && heap.size < maxIntervals) {
    const worst = heap.pop();
    const mid = 0.5 * (worst.a + worst.b);
    if (!(mid > worst.a && mid < worst.b)) {
      // Interval at the resolution of doubles: keep it (its error stays in the total) and stop.
      heap.push({ ...worst, priority: -1 });
      break;
    }
    const lv = new Float64Array(dim);
    const le = new Float64Array(dim);
    const rv = new Float64Array(dim);
    const re = new Float64Array(dim);
    gk15(f, worst.a, mid, dim, lv, le, fx, gauss);
    gk15(f, mid, worst.b, dim, rv, re, fx, gauss);
    evaluations += 30;
    for (let c = 0; c < dim; c++) {
      total[c] += lv[c] + rv[c] - worst.value[c];
      totalError[c] += le[c] + re[c] - worst.error[c];
    }
    heap.push({ a: worst.a, b: mid, value: lv, error: le, priority: priorityOf(le) });
    heap.push({ a: mid, b: worst.b, value: rv, error: re, priority: priorityOf(re) });
    converged = satisfied();
  }
  // Re-sum from the intervals: the running totals drift by rounding after many updates.
  total.fill(0);
  totalError.fill(0);
  for (const iv of heap.all) {
    for (let c = 0; c < dim; c++) {
      total[c] += iv.value[c];
      totalError[c] += iv.error[c];
    }
  }
  return { value: total, error: totalError, evaluations, intervals: heap.size, converged };
};

// ---------------------------------------------------------------------------------------------
// Oscillatory tails: integrate period by period and extrapolate the partial sums (Wynn epsilon).

/**
 * Wynn's epsilon algorithm on partial sums S_0..S_{n-1}: returns the estimate from the highest even
 * column reachable and the estimate obtained without the last partial sum (for an error estimate).
 * Exact for sums of geometric sequences; fast for alternating series with smooth amplitudes.
 */
export const wynnEpsilon = (sums: readonly number[]): number => {
  const n = sums.length;
  if (n < 3) return sums[n - 1];
  let prev = new Float64Array(n + 1); // column -1: zeros
  let cur = Float64Array.from(sums); // column 0
  let best = sums[n - 1];
  for (let k = 1; k < n; k++) {
    const next = new Float64Array(n - k);
    for (let i = 0; i < n - k; i++) {
      const d = cur[i + 1] - cur[i];
      if (d === 0 || !Number.isFinite(d)) return best;
      next[i] = prev[i + 1] + 1 / d;
    }
    prev = cur;
    cur = next;
    if (k % 2 === 0) {
      const candidate = cur[cur.length - 1];
      if (!Number.isFinite(candidate)) return best;
      best = candidate;
    }
  }
  return best;
};

export interface TailOptions extends QuadratureOptions {
  /** Stop extrapolating after this many periods and sum plainly up to `end` (default 400). */
  readonly maxPeriods?: number;
  /** Fewest periods before convergence is accepted (default 8). */
  readonly minPeriods?: number;
}

/**
 * Int_start^end f for an integrand oscillating with (asymptotic) half-period `halfPeriod`: one
 * adaptive integral per half-period, the partial sums extrapolated by Wynn's epsilon per component.
 * Converged when successive extrapolations agree to the tolerance (relative to `scale_c + |I_c|`,
 * where `scale` is the rest of the caller's integral, so the tail is judged against the whole).
 * If extrapolation does not settle within maxPeriods, the remaining range is integrated plainly.
 */
export const integrateOscillatoryTail = (
  f: VectorIntegrand,
  start: number,
  halfPeriod: number,
  end: number,
  dimension: number,
  scale: Float64Array,
  options: TailOptions,
): QuadratureResult => {
  const dim = dimension;
  const absTol =
    typeof options.absTol === "number" ? new Float64Array(dim).fill(options.absTol) : options.absTol;
  const maxPeriods = options.maxPeriods ?? 400;
  const minPeriods = options.minPeriods ?? 8;
  const sums: number[][] = Array.from({ length: dim }, () => []);
  const running = new Float64Array(dim);
  const pieceError = new Float64Array(dim);
  const estimates: Float64Array[] = [];
  let evaluations = 0;
  let intervals = 0;
  let a = start;
  for (let n = 0; n < maxPeriods && a < end; n++) {
    const b = Math.min(a + halfPeriod, end);
    const piece = integrate(f, [a, b], dim, { relTol: options.relTol, absTol: 0.1 * Math.min(...absTol), maxIntervals: 50 });
    evaluations += piece.evaluations;
    intervals += piece.intervals;
    for (let c = 0; c < dim; c++) {
      running[c] += piece.value[c];
      pieceError[c] += piece.error[c];
      sums[c].push(running[c]);
    }
    a = b;
    if (a >= end) {
      return { value: running, error: pieceError, evaluations, intervals, converged: true };
    }
    const est = new Float64Array(dim);
    for (let c = 0; c < dim; c++) est[c] = wynnEpsilon(sums[c]);
    estimates.push(est);
    const m = estimates.length;
    if (m >= Math.max(minPeriods, 3)) {
      const e1 = estimates[m - 2];
      const e2 = estimates[m - 3];
      let ok = true;
      const err = new Float64Array(dim);
      for (let c = 0; c < dim; c++) {
        err[c] = Math.abs(est[c] - e1[c]) + Math.abs(est[c] - e2[c]) + pieceError[c];
        if (err[c] > 0.5 * Math.max(absTol[c], options.relTol * (Math.abs(scale[c]) + Math.abs(est[c])))) ok = false;
      }
      if (ok) return { value: est, error: err, evaluations, intervals, converged: true };
    }
  }
  // Extrapolation did not settle: finish the range plainly.
  const rest = integrate(f, [a, end], dim, options);
  for (let c = 0; c < dim; c++) {
    running[c] += rest.value[c];
    pieceError[c] += rest.error[c];
  }
  return {
    value: running,
    error: pieceError,
    evaluations: evaluations + rest.evaluations,
    intervals: intervals + rest.intervals,
    converged: rest.converged,
  };
};
