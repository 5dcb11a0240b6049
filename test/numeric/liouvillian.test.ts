import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrFromTriplets, csrSpmv, csrToDense } from "../../src/numeric/csr.js";
import { liouvillian, validateMasterEquation } from "../../src/numeric/liouvillian.js";
import { connectedComponents } from "../../src/numeric/blocks.js";
import { arbDims, arbSeed, cx, dAdj, dMul, denseGenerator, fromVec, lcg, maxAbsDiff, randomDensityMatrix, randomMasterEquation, toVec, ketBra } from "./helpers.js";

test("the Liouvillian matches the dense master-equation generator on random states (column stacking)", () => {
  fc.assert(
    fc.property(arbSeed, arbDims, (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const rho = randomDensityMatrix(n, lcg(seed + 1));
      const viaL = fromVec(csrSpmv(liouvillian(me).matrix, toVec(rho, n)), n);
      assert.ok(maxAbsDiff(viaL, denseGenerator(me, rho)) < 1e-12);
    }),
    { numRuns: 40 },
  );
});

test("trace preservation: vec(I)^dag L = 0, including collective a != b terms", () => {
  fc.assert(
    fc.property(arbSeed, arbDims, (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const l = liouvillian(me).matrix;
      const column = new Float64Array(2 * n * n);
      // rounding bound: each column sum is compared with the sum of the moduli that entered it
      const magnitude = new Float64Array(n * n);
      for (let r = 0; r < l.rows; r++) {
        const i = r % n;
        const j = (r - i) / n;
        if (i !== j) continue;
        for (let k = l.rowPtr[r]; k < l.rowPtr[r + 1]; k++) {
          column[2 * l.colIdx[k]] += l.values[2 * k];
          column[2 * l.colIdx[k] + 1] += l.values[2 * k + 1];
          magnitude[l.colIdx[k]] += Math.hypot(l.values[2 * k], l.values[2 * k + 1]);
        }
      }
      for (let c = 0; c < n * n; c++) {
        assert.ok(Math.hypot(column[2 * c], column[2 * c + 1]) <= 1e-14 * n * n * magnitude[c] + 1e-300, `column ${c}: ${column[2 * c]}, ${column[2 * c + 1]} vs ${magnitude[c]}`);
      }
    }),
    { numRuns: 40 },
  );
});

test("Hermiticity preservation: L(X^dag) = L(X)^dag for random non-Hermitian X", () => {
  fc.assert(
    fc.property(arbSeed, arbDims, (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const rnd = lcg(seed + 7);
      const x = Float64Array.from({ length: 2 * n * n }, () => rnd() - 0.5);
      const l = liouvillian(me).matrix;
      const lx = fromVec(csrSpmv(l, toVec(x, n)), n);
      const lxd = fromVec(csrSpmv(l, toVec(dAdj(x, n), n)), n);
      assert.ok(maxAbsDiff(lxd, dAdj(lx, n)) < 1e-12);
    }),
    { numRuns: 40 },
  );
});

test("duality Tr(A L(rho)) = Tr(L^dag(A) rho) with the adjoint generator built densely", () => {
  fc.assert(
    fc.property(arbSeed, arbDims, (seed, dims) => {
      const me = randomMasterEquation(seed, dims);
      const n = me.hamiltonian.rows;
      const rnd = lcg(seed + 3);
      const rho = randomDensityMatrix(n, rnd);
      const a = Float64Array.from({ length: 2 * n * n }, () => rnd() - 0.5);
      const lRho = fromVec(csrSpmv(liouvillian(me).matrix, toVec(rho, n)), n);
      // L^dag(A) = i[H, A] + sum conj(r) (a^dag A b - 1/2 {a^dag b, A}), adjoint w.r.t. <X, Y> = Tr(X^dag Y)
      const h = csrToDense(me.hamiltonian);
      const adjA = new Float64Array(2 * n * n);
      const axpy = (s: { re: number; im: number }, m: Float64Array) => {
        for (let k = 0; k < m.length; k += 2) {
          adjA[k] += s.re * m[k] - s.im * m[k + 1];
          adjA[k + 1] += s.re * m[k + 1] + s.im * m[k];
        }
      };
      axpy(cx(0, 1), dMul(h, a, n));
      axpy(cx(0, -1), dMul(a, h, n));
      for (const d of me.dissipators) {
        const ad = csrToDense(d.a);
        const bd = csrToDense(d.b);
        const rc = cx(d.rate.re, -d.rate.im);
        const adb = dMul(dAdj(ad, n), bd, n);
        axpy(rc, dMul(dMul(dAdj(ad, n), a, n), bd, n));
        axpy(cx(-0.5 * rc.re, -0.5 * rc.im), dMul(adb, a, n));
        axpy(cx(-0.5 * rc.re, -0.5 * rc.im), dMul(a, adb, n));
      }
      const tr = (m: Float64Array) => {
        let re = 0, im = 0;
        for (let i = 0; i < n; i++) { re += m[2 * (i * n + i)]; im += m[2 * (i * n + i) + 1]; }
        return [re, im];
      };
      const lhs = tr(dMul(a, lRho, n));
      // Tr(L^dag(A)^dag ... ) convention: <A, L rho> = <L^dag A, rho> with <X, Y> = Tr(X^dag Y)
      const lhsInner = tr(dMul(dAdj(a, n), lRho, n));
      const rhsInner = tr(dMul(dAdj(adjA, n), rho, n));
      assert.ok(Math.hypot(lhsInner[0] - rhsInner[0], lhsInner[1] - rhsInner[1]) < 1e-11 * (1 + Math.hypot(lhs[0], lhs[1])));
    }),
    { numRuns: 30 },
  );
});

test("a secular qubit Liouvillian splits into blocks by ket-bra energy difference", () => {
  // qubit with decay and pumping: populations form one block, each coherence its own
  const me = {
    dims: [2], names: ["q"],
    hamiltonian: csrFromTriplets(2, 2, [{ row: 1, col: 1, value: cx(0.5) }]),
    dissipators: [
      { rate: cx(1), a: ketBra(2, 0, 1), b: ketBra(2, 0, 1) },
      { rate: cx(0.3), a: ketBra(2, 1, 0), b: ketBra(2, 1, 0) },
    ],
    rateUnit: 1,
  };
  const c = connectedComponents(liouvillian(me).matrix);
  assert.equal(c.count, 3);
  assert.equal(c.label[0], c.label[3]);
  assert.notEqual(c.label[1], c.label[2]);
});

test("malformed master equations are typed errors that say what to fix", () => {
  const good = randomMasterEquation(5, [2, 3]);
  const wrongDim = validateMasterEquation({ ...good, dims: [2, 2] });
  assert.ok(E.isLeft(wrongDim) && wrongDim.left.reason === "invalid-input" && wrongDim.left.message.includes("dimension 4"));
  const nanRate = validateMasterEquation({ ...good, dissipators: [{ ...good.dissipators[0], rate: cx(NaN) }] });
  assert.ok(E.isLeft(nanRate) && nanRate.left.message.includes("non-finite rate"));
  const names = validateMasterEquation({ ...good, names: ["a"] });
  assert.ok(E.isLeft(names) && names.left.message.includes("names"));
  assert.throws(() => liouvillian({ ...good, dims: [7] }), RangeError);
});
