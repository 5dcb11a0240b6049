import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  csrAdjoint, csrFromCoo, csrFromDense, csrKron, csrLinearCombination, csrMultiply, csrSpmv, csrToDense, csrTranspose, nnz,
} from "../../src/numeric/csr.js";
import { dAdj, dMul, lcg, maxAbsDiff, randomSparse } from "./helpers.js";

const arb = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 30 }), n: fc.integer({ min: 1, max: 7 }), m: fc.integer({ min: 1, max: 5 }) });

test("multiply, adjoint and transpose agree with dense arithmetic", () => {
  fc.assert(
    fc.property(arb, ({ seed, n }) => {
      const rnd = lcg(seed);
      const a = randomSparse(n, 0.4, rnd);
      const b = randomSparse(n, 0.4, rnd);
      assert.ok(maxAbsDiff(csrToDense(csrMultiply(a, b)), dMul(csrToDense(a), csrToDense(b), n)) < 1e-14);
      assert.ok(maxAbsDiff(csrToDense(csrAdjoint(a)), dAdj(csrToDense(a), n)) < 1e-15);
      const t = csrToDense(csrTranspose(a));
      const ad = csrToDense(a);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(t[2 * (i * n + j) + 1], ad[2 * (j * n + i) + 1]);
    }),
    { numRuns: 60 },
  );
});

test("kron places a[ra,ca] b[rb,cb] at (ra*rows_b + rb, ca*cols_b + cb)", () => {
  fc.assert(
    fc.property(arb, ({ seed, n, m }) => {
      const rnd = lcg(seed);
      const a = randomSparse(n, 0.5, rnd);
      const b = randomSparse(m, 0.5, rnd);
      const k = csrToDense(csrKron(a, b));
      const ad = csrToDense(a);
      const bd = csrToDense(b);
      const size = n * m;
      for (let ra = 0; ra < n; ra++)
        for (let ca = 0; ca < n; ca++)
          for (let rb = 0; rb < m; rb++)
            for (let cb = 0; cb < m; cb++) {
              const x = [ad[2 * (ra * n + ca)], ad[2 * (ra * n + ca) + 1]];
              const y = [bd[2 * (rb * m + cb)], bd[2 * (rb * m + cb) + 1]];
              const at = 2 * ((ra * m + rb) * size + ca * m + cb);
              assert.ok(Math.abs(k[at] - (x[0] * y[0] - x[1] * y[1])) < 1e-15);
              assert.ok(Math.abs(k[at + 1] - (x[0] * y[1] + x[1] * y[0])) < 1e-15);
            }
    }),
    { numRuns: 40 },
  );
});

test("SpMV equals the dense product and linear combinations add entry-wise", () => {
  fc.assert(
    fc.property(arb, ({ seed, n }) => {
      const rnd = lcg(seed);
      const a = randomSparse(n, 0.4, rnd);
      const b = randomSparse(n, 0.4, rnd);
      const x = Float64Array.from({ length: 2 * n }, () => rnd() - 0.5);
      const y = csrSpmv(a, x);
      const dense = dMul(csrToDense(a), (() => {
        const col = new Float64Array(2 * n * n);
        for (let i = 0; i < n; i++) { col[2 * (i * n)] = x[2 * i]; col[2 * (i * n) + 1] = x[2 * i + 1]; }
        return col;
      })(), n);
      for (let i = 0; i < n; i++) assert.ok(Math.hypot(y[2 * i] - dense[2 * (i * n)], y[2 * i + 1] - dense[2 * (i * n) + 1]) < 1e-14);
      const s = { re: 0.3, im: -1.2 };
      const combo = csrToDense(csrLinearCombination([{ scale: s, matrix: a }, { scale: { re: 1, im: 0 }, matrix: b }]));
      const ad = csrToDense(a);
      const bd = csrToDense(b);
      for (let k = 0; k < ad.length; k += 2) {
        assert.ok(Math.abs(combo[k] - (s.re * ad[k] - s.im * ad[k + 1] + bd[k])) < 1e-15);
        assert.ok(Math.abs(combo[k + 1] - (s.re * ad[k + 1] + s.im * ad[k] + bd[k + 1])) < 1e-15);
      }
    }),
    { numRuns: 60 },
  );
});

test("COO assembly sums duplicates, sorts columns and drops exact zeros", () => {
  const m = csrFromCoo(2, 3, Int32Array.of(1, 0, 1, 1, 0), Int32Array.of(2, 1, 0, 2, 1), Float64Array.of(1, 0, 2, 0, 5, 5, -1, 0, 1, 1));
  assert.deepEqual(Array.from(m.rowPtr), [0, 1, 2]);
  assert.deepEqual(Array.from(m.colIdx), [1, 0]);
  assert.deepEqual(Array.from(m.values), [3, 1, 5, 5]);
  assert.equal(nnz(csrFromDense(2, 2, Float64Array.of(0, 0, 1, 0, 0, 2, 0, 0))), 2);
  assert.throws(() => csrFromCoo(2, 2, Int32Array.of(2), Int32Array.of(0), Float64Array.of(1, 0)), RangeError);
});
