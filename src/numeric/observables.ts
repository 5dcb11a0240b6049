/**
 * Reduced states and expectation values of dense density matrices (row-major, interleaved,
 * rho[i][j] at [2 (i N + j)], tensor-product index with the first factor most significant,
 * consistent with kron).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Either } from "fp-ts/lib/Either.js";
import type { Complex } from "../math/complex.js";
import type { CsrMatrix } from "./csr.js";
import type { NumericMasterEquation } from "./master-equation.js";
import { hilbertDimension } from "./liouvillian.js";
import { solveError, type SolveError } from "./errors.js";

/**
 * Tr over every factor not in `keep` (factor indices, any order; the result keeps them in
 * ascending order): a dense reduced matrix of dimension prod(dims[keep]), or a typed
 * "invalid-input" error for bad dims, a rho of the wrong length or a factor index out of range.
 */
export const partialTrace = (rho: Float64Array, dims: readonly number[], keep: readonly number[]): Either<SolveError, Float64Array> => {
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    return E.left(solveError("invalid-input", `dims must be a non-empty list of positive integers, got [${dims.join(", ")}]`));
  }
  const n = hilbertDimension(dims);
  if (rho.length !== 2 * n * n) {
    return E.left(solveError("invalid-input", `rho has ${rho.length / 2} complex entries but dims [${dims.join(", ")}] need ${n * n} (N x N, interleaved re/im)`));
  }
  const bad = keep.find((k) => !(Number.isInteger(k) && k >= 0 && k < dims.length));
  if (bad !== undefined) {
    return E.left(solveError("invalid-input", `factor index ${bad} in keep is outside dims [${dims.join(", ")}]; use indices 0..${dims.length - 1}`));
  }
  return E.right(partialTraceUnchecked(rho, dims, keep));
};

/**
 * partialTrace without validation, for callers that have already checked dims, rho and keep
 * (factor indices must be integers in [0, dims.length), rho of length 2 N^2).
 */
export const partialTraceUnchecked = (rho: Float64Array, dims: readonly number[], keep: readonly number[]): Float64Array => {
  const n = hilbertDimension(dims);
  const kept = [...new Set(keep)].sort((a, b) => a - b);
  const keptSet = new Set(kept);
  const traced = dims.map((_, k) => k).filter((k) => !keptSet.has(k));
  const keptDim = kept.reduce((p, k) => p * dims[k], 1);
  const tracedDim = traced.reduce((p, k) => p * dims[k], 1);
  // strides of each factor in the full index
  const strides = dims.map((_, k) => dims.slice(k + 1).reduce((p, d) => p * d, 1));
  const offsetOf = (factors: readonly number[], index: number): number => {
    let offset = 0;
    let rest = index;
    for (let t = factors.length - 1; t >= 0; t--) {
      const f = factors[t];
      offset += (rest % dims[f]) * strides[f];
      rest = Math.floor(rest / dims[f]);
    }
    return offset;
  };
  const keptOffsets = Int32Array.from({ length: keptDim }, (_, a) => offsetOf(kept, a));
  const tracedOffsets = Int32Array.from({ length: tracedDim }, (_, t) => offsetOf(traced, t));
  const out = new Float64Array(2 * keptDim * keptDim);
  for (let a = 0; a < keptDim; a++) {
    for (let b = 0; b < keptDim; b++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < tracedDim; t++) {
        const i = keptOffsets[a] + tracedOffsets[t];
        const j = keptOffsets[b] + tracedOffsets[t];
        re += rho[2 * (i * n + j)];
        im += rho[2 * (i * n + j) + 1];
      }
      out[2 * (a * keptDim + b)] = re;
      out[2 * (a * keptDim + b) + 1] = im;
    }
  }
  return out;
};

/** The reduced state of the subsystem named `name` (a typed error names the known subsystems). */
export const reducedState = (rho: Float64Array, me: NumericMasterEquation, name: string): Either<SolveError, Float64Array> => {
  const index = me.names.indexOf(name);
  if (index < 0) return E.left(solveError("invalid-input", `no subsystem named "${name}"; known subsystems: ${me.names.join(", ")}`));
  return partialTrace(rho, me.dims, [index]);
};

/** Tr(op rho) for a sparse operator and a dense density matrix. */
export const expectation = (rho: Float64Array, op: CsrMatrix): Complex => {
  const n = op.rows;
  if (op.cols !== n || rho.length !== 2 * n * n) throw new RangeError(`operator ${op.rows}x${op.cols} does not match rho of dimension ${Math.sqrt(rho.length / 2)}`);
  // Tr(op rho) = sum_{i,k} op[i][k] rho[k][i]
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    for (let p = op.rowPtr[i]; p < op.rowPtr[i + 1]; p++) {
      const k = op.colIdx[p];
      const ore = op.values[2 * p];
      const oim = op.values[2 * p + 1];
      const rre = rho[2 * (k * n + i)];
      const rim = rho[2 * (k * n + i) + 1];
      re += ore * rre - oim * rim;
      im += ore * rim + oim * rre;
    }
  }
  return { re, im };
};

/** The populations (real parts of the diagonal) of a dense density matrix. */
export const populations = (rho: Float64Array): Float64Array => {
  const n = Math.round(Math.sqrt(rho.length / 2));
  return Float64Array.from({ length: n }, (_, i) => rho[2 * (i * n + i)]);
};
