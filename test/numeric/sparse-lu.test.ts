import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrFromTriplets, csrSpmv, csrToDense, type Triplet } from "../../src/numeric/csr.js";
import { luFactor, luSolve } from "../../src/numeric/sparse-lu.js";
import { approximateMinimumDegree, minimumDegreeOrdering, naturalOrdering, nestedDissectionOrdering } from "../../src/numeric/ordering.js";
import { cx, lcg } from "./helpers.js";

/** A random sparse complex system with a non-zero diagonal (so it is structurally non-singular). */
const randomSystem = (seed: number, n: number, perRow: number) => {
  const rnd = lcg(seed);
  const t: Triplet[] = [];
  for (let i = 0; i < n; i++) {
    t.push({ row: i, col: i, value: cx(0.2 + rnd(), rnd() - 0.5) });
    for (let k = 0; k < perRow; k++) t.push({ row: i, col: Math.floor(rnd() * n), value: cx(rnd() - 0.5, rnd() - 0.5) });
  }
  const b = Float64Array.from({ length: 2 * n }, () => rnd() - 0.5);
  return { a: csrFromTriplets(n, n, t), b };
};

const residualRatio = (a: ReturnType<typeof randomSystem>["a"], x: Float64Array, b: Float64Array): number => {
  const r = csrSpmv(a, x);
  let num = 0;
  let den = 0;
  for (let k = 0; k < b.length; k++) {
    num = Math.max(num, Math.abs(r[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
};

test("sparse LU solves random complex systems to a small residual (every ordering, several pivot thresholds)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 30 }),
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 0, max: 4 }),
      fc.constantFrom(1, 0.1, 0.001),
      (seed, n, perRow, tol) => {
        const { a, b } = randomSystem(seed, n, perRow);
        for (const ordering of [approximateMinimumDegree(a), minimumDegreeOrdering(a), nestedDissectionOrdering(a, 8), naturalOrdering(n)]) {
          assert.deepEqual(Array.from(ordering).sort((x, y) => x - y), Array.from(naturalOrdering(n)), "not a permutation");
          const f = luFactor(a, { ordering, pivotTolerance: tol });
          assert.ok(E.isRight(f), "factorisation failed");
          if (E.isRight(f)) assert.ok(residualRatio(a, luSolve(f.right, b), b) < 1e-10);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test("the sparse-to-dense switch gives the same solution as the purely sparse factorisation", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 2, max: 90 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, n, perRow, denseSwitch) => {
      const { a, b } = randomSystem(seed, n, perRow);
      const sparse = luFactor(a, { denseSwitch: 2 });
      const hybrid = luFactor(a, { denseSwitch, minDenseSize: 1 });
      assert.ok(E.isRight(sparse) && E.isRight(hybrid));
      if (E.isLeft(sparse) || E.isLeft(hybrid)) return;
      const xs = luSolve(sparse.right, b);
      const xh = luSolve(hybrid.right, b);
      assert.ok(residualRatio(a, xh, b) < 1e-10, `hybrid residual ${residualRatio(a, xh, b)}`);
      let diff = 0;
      let size = 0;
      for (let k = 0; k < xs.length; k++) {
        diff = Math.max(diff, Math.abs(xs[k] - xh[k]));
        size = Math.max(size, Math.abs(xs[k]));
      }
      assert.ok(diff <= 1e-8 * size, `solutions differ by ${diff}`);
    }),
    { numRuns: 60 },
  );
});

test("sparse LU agrees with Gaussian elimination on a dense copy", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 12 }), (seed, n) => {
      const { a, b } = randomSystem(seed, n, 3);
      const f = luFactor(a);
      assert.ok(E.isRight(f));
      if (E.isLeft(f)) return;
      const x = luSolve(f.right, b);
      // dense Gauss-Jordan with partial pivoting on the augmented matrix
      const m = csrToDense(a);
      const rhs = b.slice();
      const re = (i: number, j: number) => m[2 * (i * n + j)];
      const im = (i: number, j: number) => m[2 * (i * n + j) + 1];
      for (let k = 0; k < n; k++) {
        let p = k;
        for (let i = k + 1; i < n; i++) if (Math.hypot(re(i, k), im(i, k)) > Math.hypot(re(p, k), im(p, k))) p = i;
        for (let j = 0; j < n; j++) {
          for (const o of [0, 1]) [m[2 * (k * n + j) + o], m[2 * (p * n + j) + o]] = [m[2 * (p * n + j) + o], m[2 * (k * n + j) + o]];
        }
        for (const o of [0, 1]) [rhs[2 * k + o], rhs[2 * p + o]] = [rhs[2 * p + o], rhs[2 * k + o]];
        for (let i = 0; i < n; i++) {
          if (i === k) continue;
          const d = re(k, k) ** 2 + im(k, k) ** 2;
          const fr = (re(i, k) * re(k, k) + im(i, k) * im(k, k)) / d;
          const fi = (im(i, k) * re(k, k) - re(i, k) * im(k, k)) / d;
          for (let j = 0; j < n; j++) {
            const ar = re(k, j);
            const ai = im(k, j);
            m[2 * (i * n + j)] -= fr * ar - fi * ai;
            m[2 * (i * n + j) + 1] -= fr * ai + fi * ar;
          }
          const br = rhs[2 * k];
          const bi = rhs[2 * k + 1];
          rhs[2 * i] -= fr * br - fi * bi;
          rhs[2 * i + 1] -= fr * bi + fi * br;
        }
      }
      for (let i = 0; i < n; i++) {
        const d = re(i, i) ** 2 + im(i, i) ** 2;
        const xr = (rhs[2 * i] * re(i, i) + rhs[2 * i + 1] * im(i, i)) / d;
        const xi = (rhs[2 * i + 1] * re(i, i) - rhs[2 * i] * im(i, i)) / d;
        assert.ok(Math.hypot(x[2 * i] - xr, x[2 * i + 1] - xi) < 1e-9 * (1 + Math.hypot(xr, xi)));
      }
    }),
    { numRuns: 40 },
  );
});

test("a structurally singular matrix is a typed error, not NaN", () => {
  const a = csrFromTriplets(3, 3, [
    { row: 0, col: 0, value: cx(1) },
    { row: 1, col: 0, value: cx(2) },
    { row: 2, col: 2, value: cx(1) },
  ]);
  const f = luFactor(a);
  assert.ok(E.isLeft(f) && f.left.kind === "SolveError" && f.left.reason === "singular");
});

test("minimum degree returns a permutation and reduces fill on an arrow matrix", () => {
  // arrow matrix with the dense row/column first: natural order fills completely, minimum degree not
  // at all (no fill: L and U hold the diagonal twice plus 2 (n - 1) off-diagonal entries = 4n - 2)
  const n = 40;
  const t: Triplet[] = [];
  for (let i = 0; i < n; i++) {
    t.push({ row: i, col: i, value: cx(4) });
    if (i > 0) t.push({ row: 0, col: i, value: cx(1) }, { row: i, col: 0, value: cx(1) });
  }
  const a = csrFromTriplets(n, n, t);
  const order = minimumDegreeOrdering(a);
  assert.deepEqual(Array.from(order).sort((x, y) => x - y), Array.from(naturalOrdering(n)));
  const md = luFactor(a, { ordering: order, pivotTolerance: 0.1 });
  const nat = luFactor(a, { ordering: naturalOrdering(n), pivotTolerance: 0.1 });
  assert.ok(E.isRight(md) && E.isRight(nat));
  if (E.isRight(md) && E.isRight(nat)) {
    const size = (f: typeof md.right) => f.lRowIdx.length + f.uRowIdx.length;
    assert.ok(size(md.right) <= 4 * n - 2, `minimum degree fill ${size(md.right)}`);
    assert.ok(size(nat.right) > n * n / 2, `natural fill ${size(nat.right)}`);
  }
});
