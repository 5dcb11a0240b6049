/**
 * Systems too large for the direct solver are refused up front with a typed error that says how
 * large they are and what to do, instead of running out of memory after minutes (M + 8 qubits has a
 * 61,490-dimensional population block: ~30 GB dense).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { steadyState, MAX_HILBERT_DIMENSION } from "../../src/numeric/steady-state.js";
import { benchmarkModel } from "../../bench/model.js";
import { cx, embed, ketBra } from "./helpers.js";
import { csrFromTriplets } from "../../src/numeric/csr.js";
import type { NumericMasterEquation } from "../../src/numeric/master-equation.js";

test("a block larger than maxBlockDimension is refused with its size, the memory it would need and the option to raise", () => {
  const me = benchmarkModel(2); // M + 2 qubits: population block of 26
  const solved = steadyState(me);
  assert.ok(E.isRight(solved));
  const block = solved.right.stats.solvedDimension;
  const refused = steadyState(me, { maxBlockDimension: block - 1 });
  assert.ok(E.isLeft(refused));
  assert.equal(refused.left.reason, "invalid-input");
  assert.match(refused.left.message, new RegExp(`${block}-dimensional block`));
  assert.match(refused.left.message, /maxBlockDimension = 25/);
  assert.ok(E.isRight(steadyState(me, { maxBlockDimension: block })), "the limit itself is accepted");
});

test("a Hilbert space above the limit is refused before anything of size N^2 is built", () => {
  // 13 qubits with local decay: N = 8192 > 1024; the operators are sparse (N entries), so building them is fast.
  const dims = Array.from({ length: 13 }, () => 2);
  const n = 2 ** 13;
  const big: NumericMasterEquation = {
    dims,
    names: dims.map((_, k) => `q${k}`),
    hamiltonian: csrFromTriplets(n, n, []),
    dissipators: dims.map((_, k) => ({ rate: cx(1), a: embed(dims, k, ketBra(2, 0, 1)), b: embed(dims, k, ketBra(2, 0, 1)) })),
    rateUnit: 1,
  };
  const start = performance.now();
  const refused = steadyState(big);
  assert.ok(performance.now() - start < 2000, "refused without building the Liouvillian");
  assert.ok(E.isLeft(refused));
  assert.match(refused.left.message, new RegExp(`dimension 8192.*up to ${MAX_HILBERT_DIMENSION}`));
});
