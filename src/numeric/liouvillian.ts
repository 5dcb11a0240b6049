/**
 * Assembly of the Liouvillian superoperator from a NumericMasterEquation, directly from the sparse
 * factors (never through dense matrices).
 *
 * Vectorisation (column stacking, as in QuTiP; see theory/numerics.md §1):
 *   vec(rho)[i + N j] = rho[i][j],     vec(A X B) = (B^T kron A) vec(X).
 * Hence, with d rho/dt = -i [H, rho] + sum_k r_k (a_k rho b_k^dag - 1/2 {b_k^dag a_k, rho}),
 *   L = -i (I kron H) + i (H^T kron I)
 *       + sum_k r_k [ conj(b_k) kron a_k - 1/2 I kron (b_k^dag a_k) - 1/2 (b_k^dag a_k)^T kron I ].
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromCoo, csrIsFinite, csrLinearCombination, csrMultiply, csrTranspose, nnz, type CsrMatrix } from "./csr.js";
import type { NumericDissipator, NumericMasterEquation } from "./master-equation.js";
import { solveError, type SolveError } from "./errors.js";

export interface Liouvillian {
  /** D x D with D = N^2, acting on vec(rho) in the column-stacking convention. */
  readonly matrix: CsrMatrix;
  /** Local dimensions of the tensor factors (N = product). */
  readonly dims: readonly number[];
  readonly convention: "column-stacking";
}

/** The Hilbert-space dimension N = prod(dims). */
export const hilbertDimension = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * Checks shapes and finiteness of a master equation: every matrix N x N with N = prod(dims),
 * names matching dims, finite rates and entries.
 */
export const validateMasterEquation = (me: NumericMasterEquation): Either<SolveError, NumericMasterEquation> => {
  if (me.dims.length === 0 || me.dims.some((d) => !Number.isInteger(d) || d < 1)) {
    return E.left(solveError("invalid-input", `dims must be a non-empty list of positive integers, got [${me.dims.join(", ")}]`));
  }
  if (me.names.length !== me.dims.length) {
    return E.left(solveError("invalid-input", `names (${me.names.length}) and dims (${me.dims.length}) must have the same length: one name per tensor factor`));
  }
  const n = hilbertDimension(me.dims);
  const square = (m: CsrMatrix, what: string): SolveError | undefined =>
    m.rows !== n || m.cols !== n
      ? solveError("invalid-input", `${what} is ${m.rows}x${m.cols} but the Hilbert space [${me.dims.join("x")}] has dimension ${n}; build it on the full tensor product`)
      : !csrIsFinite(m)
        ? solveError("invalid-input", `${what} has a NaN or infinite entry; check the parameter bindings`)
        : undefined;
  const hErr = square(me.hamiltonian, "the Hamiltonian");
  if (hErr) return E.left(hErr);
  for (const [k, d] of me.dissipators.entries()) {
    if (!Number.isFinite(d.rate.re) || !Number.isFinite(d.rate.im)) {
      return E.left(solveError("invalid-input", `dissipator ${k} has a non-finite rate (${d.rate.re}, ${d.rate.im}); check the rate bindings`));
    }
    const err = square(d.a, `dissipator ${k}'s operator a`) ?? square(d.b, `dissipator ${k}'s operator b`);
    if (err) return E.left(err);
  }
  if (!(me.rateUnit > 0) || !Number.isFinite(me.rateUnit)) {
    return E.left(solveError("invalid-input", `rateUnit must be a positive finite angular frequency [rad/s], got ${me.rateUnit}`));
  }
  return E.right(me);
};

/** Growable coordinate (COO) buffer of complex entries. */
class CooBuffer {
  rows: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  count = 0;
  constructor(capacity: number) {
    this.rows = new Int32Array(Math.max(capacity, 16));
    this.cols = new Int32Array(this.rows.length);
    this.values = new Float64Array(2 * this.rows.length);
  }
  reserve(extra: number): void {
    if (this.count + extra <= this.rows.length) return;
    const size = Math.max(2 * this.rows.length, this.count + extra);
    const rows = new Int32Array(size);
    rows.set(this.rows);
    const cols = new Int32Array(size);
    cols.set(this.cols);
    const values = new Float64Array(2 * size);
    values.set(this.values);
    this.rows = rows;
    this.cols = cols;
    this.values = values;
  }
  /** Appends s * kron(x, y) (x, y are N x N), with x's conjugate used when `conjugateX`. */
  addKron(x: CsrMatrix, y: CsrMatrix, sRe: number, sIm: number, conjugateX: boolean): void {
    this.reserve(nnz(x) * nnz(y));
    const ny = y.rows;
    const xSign = conjugateX ? -1 : 1;
    let at = this.count;
    const { rows, cols, values } = this;
    for (let rx = 0; rx < x.rows; rx++) {
      for (let kx = x.rowPtr[rx]; kx < x.rowPtr[rx + 1]; kx++) {
        const xre0 = x.values[2 * kx];
        const xim0 = xSign * x.values[2 * kx + 1];
        // fold the scale into x's value once per entry
        const xre = sRe * xre0 - sIm * xim0;
        const xim = sRe * xim0 + sIm * xre0;
        const cx = x.colIdx[kx] * y.cols;
        const rowBase = rx * ny;
        for (let ry = 0; ry < ny; ry++) {
          for (let ky = y.rowPtr[ry]; ky < y.rowPtr[ry + 1]; ky++) {
            const yre = y.values[2 * ky];
            const yim = y.values[2 * ky + 1];
            rows[at] = rowBase + ry;
            cols[at] = cx + y.colIdx[ky];
            values[2 * at] = xre * yre - xim * yim;
            values[2 * at + 1] = xre * yim + xim * yre;
            at++;
          }
        }
      }
    }
    this.count = at;
  }
  /** Appends s * kron(I_n, y). */
  addIdentityKron(n: number, y: CsrMatrix, sRe: number, sIm: number): void {
    this.reserve(n * nnz(y));
    let at = this.count;
    const { rows, cols, values } = this;
    const ny = y.rows;
    for (let j = 0; j < n; j++) {
      for (let ry = 0; ry < ny; ry++) {
        for (let ky = y.rowPtr[ry]; ky < y.rowPtr[ry + 1]; ky++) {
          const yre = y.values[2 * ky];
          const yim = y.values[2 * ky + 1];
          rows[at] = j * ny + ry;
          cols[at] = j * y.cols + y.colIdx[ky];
          values[2 * at] = sRe * yre - sIm * yim;
          values[2 * at + 1] = sRe * yim + sIm * yre;
          at++;
        }
      }
    }
    this.count = at;
  }
  /** Appends s * kron(x, I_n). */
  addKronIdentity(x: CsrMatrix, n: number, sRe: number, sIm: number): void {
    this.reserve(n * nnz(x));
    let at = this.count;
    const { rows, cols, values } = this;
    for (let rx = 0; rx < x.rows; rx++) {
      for (let kx = x.rowPtr[rx]; kx < x.rowPtr[rx + 1]; kx++) {
        const xre = x.values[2 * kx];
        const xim = x.values[2 * kx + 1];
        const re = sRe * xre - sIm * xim;
        const im = sRe * xim + sIm * xre;
        const cx = x.colIdx[kx] * n;
        for (let i = 0; i < n; i++) {
          rows[at] = rx * n + i;
          cols[at] = cx + i;
          values[2 * at] = re;
          values[2 * at + 1] = im;
          at++;
        }
      }
    }
    this.count = at;
  }
}

/**
 * The Liouvillian of `me` (column stacking). Throws RangeError on malformed input: call
 * `validateMasterEquation` first when the input comes from outside (steadyState and evolve do).
 */
export const liouvillian = (me: NumericMasterEquation): Liouvillian => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) throw new RangeError(valid.left.message);
  const n = hilbertDimension(me.dims);
  const { g1, g2 } = coherentParts(me);
  const estimate = 2 * n * (nnz(g1) + nnz(g2)) + me.dissipators.reduce((s, d) => s + nnz(d.a) * nnz(d.b), 0);
  const coo = new CooBuffer(estimate);
  coo.addIdentityKron(n, g1, 1, 0);
  coo.addKronIdentity(csrTranspose(g2), n, 1, 0);
  for (const d of me.dissipators) {
    const { re, im } = d.rate;
    if (re === 0 && im === 0) continue;
    coo.addKron(d.b, d.a, re, im, true); // a rho b^dag -> conj(b) kron a
  }
  const d = n * n;
  return { matrix: csrFromCoo(d, d, coo.rows, coo.cols, coo.values, coo.count), dims: [...me.dims], convention: "column-stacking" };
};

/**
 * The non-Kronecker factors of the coherent and anticommutator part. The anticommutator parts of
 * all dissipators are summed first into K = sum_k r_k b_k^dag a_k, so that -i[H, rho] - 1/2 {K, rho}
 * costs two Kronecker products in total:
 *   I kron G1 + G2^T kron I,   G1 = -i H - K/2,   G2 = i H - K/2.
 */
const coherentParts = (me: NumericMasterEquation): { readonly g1: CsrMatrix; readonly g2: CsrMatrix } => {
  const h = me.hamiltonian;
  const k = csrLinearCombination([
    { scale: { re: 0, im: 0 }, matrix: h },
    ...me.dissipators.map((d) => ({ scale: d.rate, matrix: csrMultiply(csrAdjoint(d.b), d.a) })),
  ]);
  const g1 = csrLinearCombination([
    { scale: { re: 0, im: -1 }, matrix: h },
    { scale: { re: -0.5, im: 0 }, matrix: k },
  ]);
  const g2 = csrLinearCombination([
    { scale: { re: 0, im: 1 }, matrix: h },
    { scale: { re: -0.5, im: 0 }, matrix: k },
  ]);
  return { g1, g2 };
};

interface Structure {
  /** vec indices (ascending) of the population component, or undefined when the populations are split */
  readonly keep: Int32Array | undefined;
  readonly components: number;
}

/**
 * Union-find over vec indices g = i + n j with exactly the edges the Kronecker products of
 * `liouvillian` would store (theory/numerics.md §3a).
 */
const populationStructure = (n: number, g1: CsrMatrix, g2t: CsrMatrix, jumps: readonly NumericDissipator[]): Structure => {
  const d = n * n;
  // union-find over vec indices g = i + n j, with path halving and union by size
  const parent = new Int32Array(d);
  const size = new Int32Array(d).fill(1);
  for (let g = 0; g < d; g++) parent[g] = g;
  const find = (x: number): number => {
    let v = x;
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  const union = (x: number, y: number): void => {
    const a = find(x);
    const b = find(y);
    if (a === b) return;
    if (size[a] < size[b]) {
      parent[a] = b;
      size[b] += size[a];
    } else {
      parent[b] = a;
      size[a] += size[b];
    }
  };
  // I kron G1: (i, j) - (i', j) for G1[i][i'] != 0
  for (let i = 0; i < n; i++)
    for (let p = g1.rowPtr[i]; p < g1.rowPtr[i + 1]; p++) {
      const ip = g1.colIdx[p];
      if (ip !== i) for (let j = 0; j < n; j++) union(i + n * j, ip + n * j);
    }
  // G2^T kron I: (i, j) - (i, j') for G2[j'][j] != 0
  for (let j = 0; j < n; j++)
    for (let p = g2t.rowPtr[j]; p < g2t.rowPtr[j + 1]; p++) {
      const jp = g2t.colIdx[p];
      if (jp !== j) for (let i = 0; i < n; i++) union(i + n * j, i + n * jp);
    }
  // conj(b) kron a: (i, j) - (k, l) for a[i][k] != 0 and b[j][l] != 0
  for (const { a, b } of jumps)
    for (let i = 0; i < n; i++)
      for (let pa = a.rowPtr[i]; pa < a.rowPtr[i + 1]; pa++) {
        const k = a.colIdx[pa];
        for (let j = 0; j < n; j++)
          for (let pb = b.rowPtr[j]; pb < b.rowPtr[j + 1]; pb++) union(i + n * j, k + n * b.colIdx[pb]);
      }
  const root = find(0);
  let components = 0;
  let kept = 0;
  for (let g = 0; g < d; g++) {
    const r = find(g);
    if (r === g) components++;
    if (r === root) kept++;
  }
  for (let i = 1; i < n; i++) if (find(i + n * i) !== root) return { keep: undefined, components };
  const keep = new Int32Array(kept);
  for (let g = 0, t = 0; g < d; g++) if (find(g) === root) keep[t++] = g;
  return { keep, components };
};

/**
 * A sweep assembles the same sparsity patterns hundreds of times with new values, so the structure
 * is cached (least recently used, a few entries), keyed by the patterns it was derived from: G1,
 * G2^T (their patterns already reflect exact cancellations of the current values) and every jump
 * term with a non-zero rate. A hit is confirmed by comparing the whole signature, so it returns
 * exactly what the union-find would.
 */
const STRUCTURE_CACHE_ENTRIES = 8;
const structureCache = new Map<number, { readonly signature: Int32Array; readonly structure: Structure }>();

const patternSignature = (n: number, g1: CsrMatrix, g2t: CsrMatrix, jumps: readonly NumericDissipator[]): Int32Array => {
  const parts: Int32Array[] = [Int32Array.of(n, jumps.length), g1.rowPtr, g1.colIdx, g2t.rowPtr, g2t.colIdx];
  for (const { a, b } of jumps) parts.push(a.rowPtr, a.colIdx, b.rowPtr, b.colIdx);
  // lengths are part of the signature so that concatenations cannot collide
  const total = parts.reduce((sum, p) => sum + p.length + 1, 0);
  const out = new Int32Array(total);
  let at = 0;
  for (const p of parts) {
    out[at++] = p.length;
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const uncachedStructure = (n: number, g1: CsrMatrix, g2t: CsrMatrix, jumps: readonly NumericDissipator[]): { readonly keep: Int32Array; readonly components: number } | undefined => {
  const { keep, components } = populationStructure(n, g1, g2t, jumps);
  return keep ? { keep, components } : undefined;
};

const cachedStructure = (n: number, g1: CsrMatrix, g2t: CsrMatrix, jumps: readonly NumericDissipator[]): { readonly keep: Int32Array; readonly components: number } | undefined => {
  const signature = patternSignature(n, g1, g2t, jumps);
  let hash = 0x811c9dc5;
  for (let k = 0; k < signature.length; k++) hash = Math.imul(hash ^ signature[k], 0x01000193);
  const key = hash >>> 0;
  const hit = structureCache.get(key);
  let structure: Structure;
  if (hit && hit.signature.length === signature.length && hit.signature.every((v, k) => v === signature[k])) {
    structureCache.delete(key);
    structureCache.set(key, hit);
    structure = hit.structure;
  } else {
    structure = populationStructure(n, g1, g2t, jumps);
    structureCache.set(key, { signature, structure });
    if (structureCache.size > STRUCTURE_CACHE_ENTRIES) structureCache.delete(structureCache.keys().next().value as number);
  }
  // a copy: callers own what they get, the cache keeps its own
  return structure.keep ? { keep: structure.keep.slice(), components: structure.components } : undefined;
};

/** The population block of L, its rows assembled alone (see populationBlockLiouvillian). */
export interface PopulationBlock {
  /**
   * D x D (D = N^2) with only the rows of `keep` stored (the other rows are empty). Because `keep` is a
   * union of connected components of L's sparsity graph, L[keep, rest] = L[rest, keep] = 0, so the
   * stored rows equal L's rows on keep, and L vec(rho) is exact for every rho supported on keep.
   */
  readonly liouvillian: Liouvillian;
  /** vec indices (ascending) of the component holding every population |i><i| */
  readonly keep: Int32Array;
  /** number of connected components of L's structural sparsity graph (all of L, not just the block) */
  readonly components: number;
}

/**
 * Finds the connected component of L's sparsity graph that holds the populations from the sparsity
 * patterns of G1, G2 and the jump operators alone (union-find over index pairs (i, j), with exactly the
 * edges the Kronecker products would store), then assembles only the rows of that component
 * (theory/numerics.md §3a). Returns undefined when the populations fall into more than one
 * structural component (the caller then assembles L in full to diagnose the non-unique case).
 * Structural edges are a superset of L's stored entries (an exact cancellation drops an entry from
 * L but not from the pattern), so the block may be a union of several of L's components; the
 * solver's component analysis of the assembled rows removes any extra ones.
 * `reuseStructure` (default true): look the structure up in a small cache keyed by the patterns.
 * Throws RangeError on malformed input, like `liouvillian`.
 */
export const populationBlockLiouvillian = (me: NumericMasterEquation, reuseStructure = true): PopulationBlock | undefined => {
  const valid = validateMasterEquation(me);
  if (E.isLeft(valid)) throw new RangeError(valid.left.message);
  const n = hilbertDimension(me.dims);
  const d = n * n;
  const { g1, g2 } = coherentParts(me);
  const g2t = csrTranspose(g2);
  const jumps = me.dissipators.filter((t) => t.rate.re !== 0 || t.rate.im !== 0);
  const structure = reuseStructure ? cachedStructure(n, g1, g2t, jumps) : uncachedStructure(n, g1, g2t, jumps);
  if (!structure) return undefined;
  const { keep, components } = structure;
  const kept = keep.length;
  // assemble the kept rows only: row (i, j) of L collects G1[i][.] (ket side), G2^T[j][.] (bra side)
  // and r conj(b[j][l]) a[i][k] at column (k, l) for every jump term
  let estimate = 0;
  for (let t = 0; t < kept; t++) {
    const i = keep[t] % n;
    const j = (keep[t] - i) / n;
    estimate += g1.rowPtr[i + 1] - g1.rowPtr[i] + g2t.rowPtr[j + 1] - g2t.rowPtr[j];
    for (const { a, b } of jumps) estimate += (a.rowPtr[i + 1] - a.rowPtr[i]) * (b.rowPtr[j + 1] - b.rowPtr[j]);
  }
  const rows = new Int32Array(estimate);
  const cols = new Int32Array(estimate);
  const values = new Float64Array(2 * estimate);
  let at = 0;
  for (let t = 0; t < kept; t++) {
    const g = keep[t];
    const i = g % n;
    const j = (g - i) / n;
    for (let p = g1.rowPtr[i]; p < g1.rowPtr[i + 1]; p++) {
      rows[at] = g;
      cols[at] = g1.colIdx[p] + n * j;
      values[2 * at] = g1.values[2 * p];
      values[2 * at + 1] = g1.values[2 * p + 1];
      at++;
    }
    for (let p = g2t.rowPtr[j]; p < g2t.rowPtr[j + 1]; p++) {
      rows[at] = g;
      cols[at] = i + n * g2t.colIdx[p];
      values[2 * at] = g2t.values[2 * p];
      values[2 * at + 1] = g2t.values[2 * p + 1];
      at++;
    }
    for (const { rate, a, b } of jumps) {
      for (let pb = b.rowPtr[j]; pb < b.rowPtr[j + 1]; pb++) {
        // s = r conj(b[j][l])
        const bre = b.values[2 * pb];
        const bim = -b.values[2 * pb + 1];
        const sre = rate.re * bre - rate.im * bim;
        const sim = rate.re * bim + rate.im * bre;
        const colBase = n * b.colIdx[pb];
        for (let pa = a.rowPtr[i]; pa < a.rowPtr[i + 1]; pa++) {
          const are = a.values[2 * pa];
          const aim = a.values[2 * pa + 1];
          rows[at] = g;
          cols[at] = a.colIdx[pa] + colBase;
          values[2 * at] = sre * are - sim * aim;
          values[2 * at + 1] = sre * aim + sim * are;
          at++;
        }
      }
    }
  }
  return {
    liouvillian: { matrix: csrFromCoo(d, d, rows, cols, values, at), dims: [...me.dims], convention: "column-stacking" },
    keep,
    components,
  };
};

/** vec index of rho[i][j] in the column-stacking convention. */
export const vecIndex = (n: number, i: number, j: number): number => i + n * j;
