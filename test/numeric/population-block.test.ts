import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromTriplets, csrLinearCombination, csrMultiply, type CsrMatrix } from "../../src/numeric/csr.js";
import type { NumericDissipator, NumericMasterEquation } from "../../src/numeric/master-equation.js";
import { liouvillian, populationBlockLiouvillian, vecIndex } from "../../src/numeric/liouvillian.js";
import { connectedComponents } from "../../src/numeric/blocks.js";
import { steadyState, steadyStateOfLiouvillian, type SteadyState } from "../../src/numeric/steady-state.js";
import { arbSeed, cx, embed, ketBra, lcg, maxAbsDiff, randomMasterEquation } from "./helpers.js";

const solved = (r: E.Either<{ message: string }, SteadyState>): SteadyState => {
  if (E.isLeft(r)) assert.fail(r.left.message);
  return r.right;
};

/** Secular qubit chain: local and correlated decay/pumping with seed-dependent rates, exchange H (many components). */
const secularQubits = (n: number, seed: number): NumericMasterEquation => {
  const rnd = lcg(seed);
  const dims = Array.from({ length: n }, () => 2);
  const sigma = dims.map((_, k) => embed(dims, k, ketBra(2, 0, 1)));
  const down = 0.5 + rnd();
  const up = 0.1 + 0.5 * rnd();
  const corr = (i: number, j: number) => (i === j ? 1 : 0.6 ** Math.abs(i - j));
  const dissipators: NumericDissipator[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      dissipators.push({ rate: cx(down * corr(i, j)), a: sigma[i], b: sigma[j] });
      dissipators.push({ rate: cx(up * corr(i, j)), a: csrAdjoint(sigma[i]), b: csrAdjoint(sigma[j]) });
    }
  sigma.forEach((s) => dissipators.push({ rate: cx(0.3 * down), a: s, b: s }, { rate: cx(0.3 * up), a: csrAdjoint(s), b: csrAdjoint(s) }));
  const terms = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const g = 0.2 + rnd();
      terms.push({ scale: cx(g), matrix: csrMultiply(csrAdjoint(sigma[i]), sigma[j]) }, { scale: cx(g), matrix: csrMultiply(csrAdjoint(sigma[j]), sigma[i]) });
    }
  const size = 2 ** n;
  const hamiltonian = terms.length > 0 ? csrLinearCombination(terms) : csrFromTriplets(size, size, []);
  return { dims, names: dims.map((_, k) => `q${k}`), hamiltonian, dissipators, rateUnit: 1 };
};

/** Checks the block against the full Liouvillian: same component, same rows (to rounding), empty rows elsewhere. */
const assertBlockMatchesFull = (me: NumericMasterEquation): void => {
  const block = populationBlockLiouvillian(me);
  assert.ok(block, "populations should be structurally connected");
  const full = liouvillian(me).matrix;
  const n = me.dims.reduce((p, d) => p * d, 1);
  const comps = connectedComponents(full);
  const populationLabel = comps.label[vecIndex(n, 0, 0)];
  const expectedKeep = Array.from({ length: n * n }, (_, g) => g).filter((g) => comps.label[g] === populationLabel);
  assert.deepEqual(Array.from(block.keep), expectedKeep);
  assert.equal(block.components, comps.count);
  const m = block.liouvillian.matrix;
  let scale = 0;
  for (const v of full.values) scale = Math.max(scale, Math.abs(v));
  const inKeep = new Uint8Array(n * n);
  block.keep.forEach((g) => (inKeep[g] = 1));
  for (let r = 0; r < n * n; r++) {
    if (!inKeep[r]) {
      assert.equal(m.rowPtr[r + 1] - m.rowPtr[r], 0, `row ${r} outside the block must be empty`);
      continue;
    }
    // same row up to the rounding of a different summation order
    const row = new Map<number, [number, number]>();
    for (let p = full.rowPtr[r]; p < full.rowPtr[r + 1]; p++) row.set(full.colIdx[p], [full.values[2 * p], full.values[2 * p + 1]]);
    for (let p = m.rowPtr[r]; p < m.rowPtr[r + 1]; p++) {
      const [re, im] = row.get(m.colIdx[p]) ?? [0, 0];
      assert.ok(Math.abs(re - m.values[2 * p]) <= 1e-14 * scale && Math.abs(im - m.values[2 * p + 1]) <= 1e-14 * scale, `entry (${r}, ${m.colIdx[p]})`);
      row.delete(m.colIdx[p]);
    }
    for (const [c, [re, im]] of row) assert.ok(Math.abs(re) <= 1e-14 * scale && Math.abs(im) <= 1e-14 * scale, `missing entry (${r}, ${c})`);
  }
};

test("population block: the structural component equals L's population component, and its rows equal L's rows (secular qubits)", () => {
  fc.assert(
    fc.property(arbSeed, fc.integer({ min: 1, max: 3 }), (seed, qubits) => assertBlockMatchesFull(secularQubits(qubits, seed))),
    { numRuns: 12 },
  );
});

test("population block: a generic (non-secular) master equation keeps all of vec(rho) and every row of L", () => {
  fc.assert(
    fc.property(arbSeed, fc.constantFrom([2], [3], [2, 2]), (seed, dims) => {
      assertBlockMatchesFull(randomMasterEquation(seed, dims));
      assert.equal(populationBlockLiouvillian(randomMasterEquation(seed, dims))?.keep.length, dims.reduce((p, d) => p * d, 1) ** 2);
    }),
    { numRuns: 10 },
  );
});

test("population block: a stored zero in a jump operator joins coherences structurally; the solver drops them and gets the thermal state", () => {
  // qubit with decay 1 and pumping 0.25: p_e = 0.25 / 1.25 = 0.2; the decay operator |0><1| also stores
  // an explicit 0 at (0, 0), a structural edge |0><0| - |0><1| that L itself does not have
  const decay: CsrMatrix = { rows: 2, cols: 2, rowPtr: Int32Array.from([0, 2, 2]), colIdx: Int32Array.from([0, 1]), values: Float64Array.from([0, 0, 1, 0]) };
  const me: NumericMasterEquation = {
    dims: [2], names: ["q"], hamiltonian: csrFromTriplets(2, 2, []), rateUnit: 1,
    dissipators: [
      { rate: cx(1), a: decay, b: decay },
      { rate: cx(0.25), a: ketBra(2, 1, 0), b: ketBra(2, 1, 0) },
    ],
  };
  const block = populationBlockLiouvillian(me);
  assert.equal(block?.keep.length, 4, "the explicit zero is a structural edge");
  const s = solved(steadyState(me));
  assert.ok(Math.abs(s.rho[2 * 3] - 0.2) < 1e-15, `p_e = ${s.rho[2 * 3]}`);
  assert.equal(s.stats.solvedDimension, 2, "only the two populations are solved");
});

test("population block: structurally separate populations give undefined, and steadyState still reports non-unique", () => {
  // two qubits, only the first one dissipates: the second qubit's populations are not connected
  const dims = [2, 2];
  const s0 = embed(dims, 0, ketBra(2, 0, 1));
  const me: NumericMasterEquation = {
    dims, names: ["a", "b"], hamiltonian: csrFromTriplets(4, 4, []), rateUnit: 1,
    dissipators: [{ rate: cx(1), a: s0, b: s0 }, { rate: cx(0.5), a: csrAdjoint(s0), b: csrAdjoint(s0) }],
  };
  assert.equal(populationBlockLiouvillian(me), undefined);
  const r = steadyState(me);
  assert.ok(E.isLeft(r) && r.left.reason === "non-unique");
});

test("steadyState (block rows only) agrees with the solve of the fully assembled Liouvillian, residual included", () => {
  fc.assert(
    fc.property(arbSeed, fc.integer({ min: 1, max: 3 }), (seed, qubits) => {
      const me = secularQubits(qubits, seed);
      const fromBlock = solved(steadyState(me));
      const fromFull = solved(steadyStateOfLiouvillian(liouvillian(me)));
      assert.ok(maxAbsDiff(fromBlock.rho, fromFull.rho) < 1e-13);
      assert.ok(Math.abs(fromBlock.residual - fromFull.residual) < 1e-13);
      assert.equal(fromBlock.stats.components, fromFull.stats.components);
      assert.equal(fromBlock.stats.solvedDimension, fromFull.stats.solvedDimension);
    }),
    { numRuns: 10 },
  );
});

/** The same model with every correlated (i != j) jump term's rate set to zero: fewer terms, a different structure. */
const withoutCorrelations = (me: NumericMasterEquation): NumericMasterEquation => ({
  ...me,
  dissipators: me.dissipators.map((d) => (d.a === d.b || d.a.colIdx.every((c, k) => c === d.b.colIdx[k]) ? d : { ...d, rate: cx(0) })),
});

test("pattern caches (structure, ordering): solves of one pattern with new values, interleaved with other patterns, equal uncached solves bit for bit", () => {
  const models = [secularQubits(3, 11), secularQubits(2, 5), secularQubits(3, 12), withoutCorrelations(secularQubits(3, 12)), secularQubits(3, 13), secularQubits(2, 6)];
  for (const me of models) {
    for (const ordering of ["approximate-minimum-degree", "minimum-degree"] as const) {
      const cached = solved(steadyState(me, { ordering }));
      const fresh = solved(steadyState(me, { ordering, reusePattern: false }));
      assert.equal(maxAbsDiff(cached.rho, fresh.rho), 0);
      assert.equal(cached.stats.factorNonzeros, fresh.stats.factorNonzeros);
      assert.equal(cached.stats.components, fresh.stats.components);
      assert.equal(cached.stats.solvedDimension, fresh.stats.solvedDimension);
    }
  }
});

test("pattern caches: a structure differing only in a zeroed rate is recomputed, not reused", () => {
  // qutrit ladder with the correlated pair L(|0><1|, |1><2|) + L(|1><2|, |0><1|) at rate c: with c != 0 the
  // coherences |0><1|, |1><2| form one component and their conjugates another; with c = 0 they are four
  // singletons (same operators, two rates zeroed)
  const lower01 = ketBra(3, 0, 1);
  const lower12 = ketBra(3, 1, 2);
  const ladder = (c: number): NumericMasterEquation => ({
    dims: [3], names: ["m"], hamiltonian: csrFromTriplets(3, 3, []), rateUnit: 1,
    dissipators: [
      { rate: cx(1), a: lower01, b: lower01 },
      { rate: cx(0.4), a: csrAdjoint(lower01), b: csrAdjoint(lower01) },
      { rate: cx(1), a: lower12, b: lower12 },
      { rate: cx(0.3), a: csrAdjoint(lower12), b: csrAdjoint(lower12) },
      { rate: cx(c), a: lower01, b: lower12 },
      { rate: cx(c), a: lower12, b: lower01 },
    ],
  });
  const a = populationBlockLiouvillian(ladder(0.2));
  const b = populationBlockLiouvillian(ladder(0));
  const bFresh = populationBlockLiouvillian(ladder(0), false);
  assert.ok(a && b && bFresh);
  assert.equal(b.components, bFresh.components);
  assert.deepEqual(Array.from(b.keep), Array.from(bFresh.keep));
  assert.equal(a.components + 2, b.components, "the zeroed rates split two components");
  assert.equal(b.components, connectedComponents(liouvillian(ladder(0)).matrix).count);
});
