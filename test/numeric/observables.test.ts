import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrFromDense, csrIdentity, csrKron } from "../../src/numeric/csr.js";
import { expectation, partialTrace, populations, reducedState } from "../../src/numeric/observables.js";
import { arbSeed, dMul, embed, lcg, maxAbsDiff, randomDensityMatrix, randomMasterEquation } from "./helpers.js";

/** partialTrace that must succeed. */
const ptr = (rho: Float64Array, dims: readonly number[], keep: readonly number[]): Float64Array => {
  const r = partialTrace(rho, dims, keep);
  if (E.isLeft(r)) assert.fail(r.left.message);
  return r.right;
};

/** Dense kron of row-major interleaved matrices. */
const denseKron = (a: Float64Array, na: number, b: Float64Array, nb: number): Float64Array => {
  const n = na * nb;
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) for (let k = 0; k < nb; k++) for (let l = 0; l < nb; l++) {
    const x = [a[2 * (i * na + j)], a[2 * (i * na + j) + 1]];
    const y = [b[2 * (k * nb + l)], b[2 * (k * nb + l) + 1]];
    const at = 2 * ((i * nb + k) * n + j * nb + l);
    out[at] = x[0] * y[0] - x[1] * y[1];
    out[at + 1] = x[0] * y[1] + x[1] * y[0];
  }
  return out;
};

test("partial trace of a product state returns each factor (three factors, any kept subset)", () => {
  fc.assert(
    fc.property(arbSeed, fc.constantFrom(2, 3), fc.constantFrom(2, 4), fc.constantFrom(2, 3), (seed, d0, d1, d2) => {
      const rnd = lcg(seed);
      const r0 = randomDensityMatrix(d0, rnd);
      const r1 = randomDensityMatrix(d1, rnd);
      const r2 = randomDensityMatrix(d2, rnd);
      const rho = denseKron(denseKron(r0, d0, r1, d1), d0 * d1, r2, d2);
      const dims = [d0, d1, d2];
      assert.ok(maxAbsDiff(ptr(rho, dims, [0]), r0) < 1e-14);
      assert.ok(maxAbsDiff(ptr(rho, dims, [1]), r1) < 1e-14);
      assert.ok(maxAbsDiff(ptr(rho, dims, [2]), r2) < 1e-14);
      assert.ok(maxAbsDiff(ptr(rho, dims, [2, 0]), denseKron(r0, d0, r2, d2)) < 1e-14);
      assert.ok(maxAbsDiff(ptr(rho, dims, [0, 1, 2]), rho) < 1e-15);
    }),
    { numRuns: 30 },
  );
});

test("expectation of A kron I equals the reduced expectation, and Tr(A rho) matches a dense product", () => {
  fc.assert(
    fc.property(arbSeed, (seed) => {
      const rnd = lcg(seed);
      const dims = [3, 2];
      const rho = randomDensityMatrix(6, rnd);
      const aDense = Float64Array.from({ length: 18 }, () => rnd() - 0.5);
      const a = csrFromDense(3, 3, aDense);
      const full = expectation(rho, csrKron(a, csrIdentity(2)));
      const reduced = expectation(ptr(rho, dims, [0]), a);
      assert.ok(Math.hypot(full.re - reduced.re, full.im - reduced.im) < 1e-14);
      const big = embed(dims, 0, a);
      let re = 0;
      let im = 0;
      const bd = dMul(denseOf(big), rho, 6);
      for (let i = 0; i < 6; i++) { re += bd[2 * (i * 6 + i)]; im += bd[2 * (i * 6 + i) + 1]; }
      assert.ok(Math.hypot(full.re - re, full.im - im) < 1e-14);
    }),
    { numRuns: 30 },
  );
});

const denseOf = (m: ReturnType<typeof csrFromDense>): Float64Array => {
  const out = new Float64Array(2 * m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
    out[2 * (r * m.cols + m.colIdx[k])] = m.values[2 * k];
    out[2 * (r * m.cols + m.colIdx[k]) + 1] = m.values[2 * k + 1];
  }
  return out;
};

test("reducedState finds subsystems by name and reports unknown names; populations reads the diagonal", () => {
  const me = randomMasterEquation(3, [2, 3]);
  const rho = randomDensityMatrix(6, lcg(9));
  const r = reducedState(rho, me, "s1");
  assert.ok(E.isRight(r) && maxAbsDiff(r.right, ptr(rho, [2, 3], [1])) === 0);
  const bad = reducedState(rho, me, "nope");
  assert.ok(E.isLeft(bad) && bad.left.message.includes("s0, s1"));
  const p = populations(rho);
  assert.equal(p.length, 6);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-14);
});

test("partialTrace returns a typed invalid-input error (not an exception) for a bad keep, dims or rho length", () => {
  const rho = new Float64Array(2 * 16);
  for (const [dims, keep, length] of [
    [[2, 2], [5], 32],
    [[2, 2], [-1], 32],
    [[2, 2], [0.5], 32],
    [[2, 0], [0], 32],
    [[2, 2], [0], 30],
  ] as const) {
    const r = partialTrace(length === 32 ? rho : new Float64Array(length), dims, keep);
    assert.ok(E.isLeft(r), `expected an error for dims [${dims}] keep [${keep}] length ${length}`);
    assert.equal(r.left.kind, "SolveError");
    assert.equal(r.left.reason, "invalid-input");
  }
  assert.ok(E.isRight(partialTrace(rho, [2, 2], [1, 0])));
});
