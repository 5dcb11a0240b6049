/**
 * Test helpers: random master equations and dense reference computations, built independently of
 * the code under test except for csrKron / csrFromTriplets (which have their own tests).
 */
import fc from "fast-check";
import { csrFromTriplets, csrIdentity, csrKron, csrToDense, type CsrMatrix, type Triplet } from "../../src/numeric/csr.js";
import type { NumericDissipator, NumericMasterEquation } from "../../src/numeric/master-equation.js";

export const cx = (re: number, im = 0) => ({ re, im });

/** Deterministic pseudo-random numbers in [0, 1) (Park-Miller), seeded by fast-check. */
export const lcg = (seed: number) => {
  let s = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
};

export const randomSparse = (n: number, density: number, rnd: () => number): CsrMatrix => {
  const t: Triplet[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (rnd() < density) t.push({ row: i, col: j, value: cx(rnd() - 0.5, rnd() - 0.5) });
  return csrFromTriplets(n, n, t);
};

/** Dense helpers on row-major interleaved complex matrices. */
export const dMul = (a: Float64Array, b: Float64Array, n: number): Float64Array => {
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const are = a[2 * (i * n + k)];
      const aim = a[2 * (i * n + k) + 1];
      if (are === 0 && aim === 0) continue;
      for (let j = 0; j < n; j++) {
        const bre = b[2 * (k * n + j)];
        const bim = b[2 * (k * n + j) + 1];
        out[2 * (i * n + j)] += are * bre - aim * bim;
        out[2 * (i * n + j) + 1] += are * bim + aim * bre;
      }
    }
  return out;
};
export const dAdj = (a: Float64Array, n: number): Float64Array => {
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      out[2 * (i * n + j)] = a[2 * (j * n + i)];
      out[2 * (i * n + j) + 1] = -a[2 * (j * n + i) + 1];
    }
  return out;
};
export const dAxpy = (out: Float64Array, s: { re: number; im: number }, x: Float64Array): void => {
  for (let k = 0; k < out.length; k += 2) {
    out[k] += s.re * x[k] - s.im * x[k + 1];
    out[k + 1] += s.re * x[k + 1] + s.im * x[k];
  }
};
export const maxAbsDiff = (a: Float64Array, b: Float64Array): number => {
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m = Math.max(m, Math.hypot(a[k] - b[k], a[k + 1] - b[k + 1]));
  return m;
};

/** The master-equation right-hand side computed densely from its definition (reference). */
export const denseGenerator = (me: NumericMasterEquation, rho: Float64Array): Float64Array => {
  const n = me.hamiltonian.rows;
  const h = csrToDense(me.hamiltonian);
  const out = new Float64Array(2 * n * n);
  dAxpy(out, cx(0, -1), dMul(h, rho, n));
  dAxpy(out, cx(0, 1), dMul(rho, h, n));
  for (const d of me.dissipators) {
    const a = csrToDense(d.a);
    const bd = dAdj(csrToDense(d.b), n);
    const bda = dMul(bd, a, n);
    dAxpy(out, d.rate, dMul(dMul(a, rho, n), bd, n));
    dAxpy(out, { re: -0.5 * d.rate.re, im: -0.5 * d.rate.im }, dMul(bda, rho, n));
    dAxpy(out, { re: -0.5 * d.rate.re, im: -0.5 * d.rate.im }, dMul(rho, bda, n));
  }
  return out;
};

/** Row-major dense rho <-> column-stacked vec(rho). */
export const toVec = (rho: Float64Array, n: number): Float64Array => {
  const v = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      v[2 * (i + n * j)] = rho[2 * (i * n + j)];
      v[2 * (i + n * j) + 1] = rho[2 * (i * n + j) + 1];
    }
  return v;
};
export const fromVec = (v: Float64Array, n: number): Float64Array => {
  const rho = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      rho[2 * (i * n + j)] = v[2 * (i + n * j)];
      rho[2 * (i * n + j) + 1] = v[2 * (i + n * j) + 1];
    }
  return rho;
};

/** I kron ... op ... kron I, built with csrKron. */
export const embed = (dims: readonly number[], site: number, op: CsrMatrix): CsrMatrix =>
  dims.map((d, k) => (k === site ? op : csrIdentity(d))).reduce((acc, m) => csrKron(acc, m));

export const ketBra = (d: number, a: number, b: number): CsrMatrix => csrFromTriplets(d, d, [{ row: a, col: b, value: cx(1) }]);

/**
 * A random master equation on a random product of 2-, 3-, 4-level spaces (N <= 16): random sparse
 * Hermitian H, random jump operators c_k and a random PSD rate matrix G = B B^dag, giving the
 * dissipators G_kl L(c_k, c_l) (collective pairs k != l included, complex rates).
 */
export const randomMasterEquation = (seed: number, dims: readonly number[]): NumericMasterEquation => {
  const rnd = lcg(seed);
  const n = dims.reduce((p, d) => p * d, 1);
  const t: Triplet[] = [];
  for (let i = 0; i < n; i++) {
    t.push({ row: i, col: i, value: cx(4 * (rnd() - 0.5)) });
    for (let j = i + 1; j < n; j++) {
      if (rnd() < 0.3) {
        const v = cx(rnd() - 0.5, rnd() - 0.5);
        t.push({ row: i, col: j, value: v }, { row: j, col: i, value: cx(v.re, -v.im) });
      }
    }
  }
  const hamiltonian = csrFromTriplets(n, n, t);
  // the first jump operator is dense, which makes the steady state unique (generically)
  const jumps = Array.from({ length: 3 }, (_, k) => randomSparse(n, k === 0 ? 1 : 0.35, rnd));
  const b = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => cx(rnd() - 0.5, rnd() - 0.5)));
  const dissipators: NumericDissipator[] = [];
  for (let k = 0; k < 3; k++)
    for (let l = 0; l < 3; l++) {
      // G_kl = sum_m B_km conj(B_lm)
      let re = 0;
      let im = 0;
      for (let m = 0; m < 3; m++) {
        re += b[k][m].re * b[l][m].re + b[k][m].im * b[l][m].im;
        im += b[k][m].im * b[l][m].re - b[k][m].re * b[l][m].im;
      }
      dissipators.push({ rate: cx(re, im), a: jumps[k], b: jumps[l] });
    }
  return { dims, names: dims.map((_, k) => `s${k}`), hamiltonian, dissipators, rateUnit: 1 };
};

export const arbDims = fc.array(fc.constantFrom(2, 3, 4), { minLength: 1, maxLength: 2 });
export const arbSeed = fc.integer({ min: 1, max: 2 ** 30 });

export const randomDensityMatrix = (n: number, rnd: () => number): Float64Array => {
  // rho = A A^dag / Tr
  const a = Float64Array.from({ length: 2 * n * n }, () => rnd() - 0.5);
  const rho = dMul(a, dAdj(a, n), n);
  let tr = 0;
  for (let i = 0; i < n; i++) tr += rho[2 * (i * n + i)];
  return rho.map((v) => v / tr);
};
