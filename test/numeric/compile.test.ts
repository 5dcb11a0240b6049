import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Op,
  adjoint,
  equationOfMotion,
  ketbra,
  lindbladian,
  machineQubitDemo,
  masterEquation,
  mulOps,
  nLevel,
  productSpace,
  projector,
  qubit,
  realSymbol,
  scaleOp,
  lowering,
  isZeroOp,
  addOps,
  identityOp,
  subOps,
  opEquals,
  ratio,
  zeroOp,
  evaluateScalar,
} from "../../src/algebra/index.js";
import { bindMasterEquation, opToCsr, prepareMasterEquation } from "../../src/numeric/compile.js";
import { csrFromTriplets, csrToDense } from "../../src/numeric/csr.js";
import { liouvillian } from "../../src/numeric/liouvillian.js";
import { steadyState } from "../../src/numeric/steady-state.js";
import { csrSpmv } from "../../src/numeric/csr.js";
import { arbSpaceWithOps, arbSymbolic, denseAdjoint, denseMul, maxAbs, maxAbsDiff, unwrap } from "../algebra/arbitraries.js";

const arbBindings = fc.record({
  x: fc.double({ min: -2, max: 2, noNaN: true }),
  y: fc.double({ min: -2, max: 2, noNaN: true }),
  zr: fc.double({ min: -2, max: 2, noNaN: true }),
  zi: fc.double({ min: -2, max: 2, noNaN: true }),
});
const toBind = (v: { x: number; y: number; zr: number; zi: number }) => ({ x: v.x, y: v.y, z: { re: v.zr, im: v.zi } });

test("CSR of a product equals the product of the CSR matrices; adjoint is the conjugate transpose", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(2, arbSymbolic), arbBindings, ([space, [a, b]], v) => {
      const bind = toBind(v);
      const n = space.dimension;
      const dense = (op: Op) => csrToDense(unwrap(opToCsr(op, bind)));
      const [da, db] = [dense(a), dense(b)];
      const scale = 1 + maxAbs(da) * maxAbs(db) * n;
      assert.ok(maxAbsDiff(dense(mulOps(a, b)), denseMul(da, db, n)) <= 1e-12 * scale);
      assert.ok(maxAbsDiff(dense(adjoint(a)), denseAdjoint(da, n)) <= 1e-12 * (1 + maxAbs(da)));
    }),
    { numRuns: 80 },
  );
});

test("symbolic zero (normal form) agrees with the zero matrix: A + c (I - sum_k P_k) compiles to A", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(1, arbSymbolic), arbBindings, ([space, [a]], v) => {
      const s = space.subsystems[0];
      const completeness = subOps(identityOp(space), addOps(zeroOp(space), ...s.levels.map((l) => unwrap(projector(space, s.name, l)))));
      const b = addOps(a, scaleOp(realSymbol("x"), completeness));
      assert.ok(isZeroOp(completeness) && opEquals(a, b));
      const bind = toBind(v);
      const diff = maxAbsDiff(csrToDense(unwrap(opToCsr(a, bind))), csrToDense(unwrap(opToCsr(b, bind))));
      assert.ok(diff <= 1e-12 * (1 + maxAbs(csrToDense(unwrap(opToCsr(a, bind))))));
    }),
    { numRuns: 50 },
  );
});

test("basis order: the first subsystem is the most significant index", () => {
  const space = unwrap(productSpace([unwrap(nLevel("M", 3)), unwrap(qubit("q"))]));
  // |2><0|_M (x) |e><g|_q : row = 2*2 + 1 = 5, col = 0*2 + 0 = 0
  const op = mulOps(unwrap(ketbra(space, "M", "2", "0")), unwrap(ketbra(space, "q", "e", "g")));
  const m = unwrap(opToCsr(op, {}));
  assert.equal(m.rows, 6);
  assert.deepEqual([...m.rowPtr], [0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual([...m.colIdx], [0]);
  // |e><e|_q alone is identity on M: rows 1, 3, 5
  const pe = unwrap(opToCsr(unwrap(projector(space, "q", "e")), {}));
  assert.deepEqual([...pe.colIdx], [1, 3, 5]);
});

test("bind errors name the missing or unknown symbol; bad values are refused", () => {
  const demo = unwrap(machineQubitDemo());
  const me = demo.masterEquation;
  const full: Record<string, number | { re: number; im: number }> = {
    "Lambda_{q,M12}": 0.3,
    "gamma+_{q}": 1.2, "gamma-_{q}": 0.4,
    "gamma+_{M01}": 900, "gamma-_{M01}": 100,
    "gamma+_{M02}": 1100, "gamma-_{M02}": 150,
    "gamma+_{M12}": 1.1, "gamma-_{M12}": 0.5,
    "gamma+_{q,M12}": { re: 0.2, im: 0.01 }, "gamma-_{q,M12}": { re: 0.05, im: -0.01 },
  };
  assert.ok(E.isRight(bindMasterEquation(me, full)));
  const { ["gamma-_{M02}"]: _dropped, ...missing } = full;
  const m = bindMasterEquation(me, missing);
  assert.ok(E.isLeft(m) && m.left.symbol === "gamma-_{M02}" && m.left.message.includes('"gamma-_{M02}"'));
  const u = bindMasterEquation(me, { ...full, "gamma+_{q2}": 1 });
  assert.ok(E.isLeft(u) && u.left.symbol === "gamma+_{q2}" && u.left.message.includes("unknown"));
  const c = bindMasterEquation(me, { ...full, "gamma+_{q}": { re: 1, im: 0.5 } });
  assert.ok(E.isLeft(c) && c.left.message.includes("real"));
  const nan = bindMasterEquation(me, { ...full, "gamma+_{q}": Number.NaN });
  assert.ok(E.isLeft(nan) && nan.left.symbol === "gamma+_{q}");
  assert.ok(E.isLeft(bindMasterEquation(me, full, { rateUnit: 0 })));
});

test("rateUnit divides the Hamiltonian and the rates, not the jump operators", () => {
  const space = unwrap(productSpace([unwrap(qubit("q"))]));
  const sigma = unwrap(lowering(space, "q", "g", "e"));
  const me = unwrap(
    masterEquation(scaleOp(realSymbol("w"), unwrap(projector(space, "q", "e"))), [
      { coefficient: realSymbol("g"), a: scaleOp(ratio(2), sigma), b: sigma },
    ]),
  );
  const bound = unwrap(bindMasterEquation(me, { w: 10, g: 4 }, { rateUnit: 2 }));
  assert.deepEqual(bound.dissipators[0].rate, { re: 2, im: 0 });
  assert.deepEqual([...bound.hamiltonian.values], [5, 0]);
  assert.deepEqual([...bound.dissipators[0].a.values], [2, 0]);
  assert.equal(bound.rateUnit, 2);
  assert.deepEqual(bound.names, ["q"]);
});

/** vec(rho) in column stacking from a dense row-major matrix. */
const vecColumns = (dense: Float64Array, n: number): Float64Array => {
  const v = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      v[2 * (i + n * j)] = dense[2 * (i * n + j)];
      v[2 * (i + n * j) + 1] = dense[2 * (i * n + j) + 1];
    }
  return v;
};

test("compiled master equation: the numeric Liouvillian applied to rho equals the symbolic L(rho)", () => {
  const demo = unwrap(machineQubitDemo());
  const me = demo.masterEquation;
  const bind = {
    "Lambda_{q,M12}": 0.7, "gamma+_{q}": 1.2, "gamma-_{q}": 0.4, "gamma+_{M01}": 3, "gamma-_{M01}": 1, "gamma+_{M02}": 5,
    "gamma-_{M02}": 0.5, "gamma+_{M12}": 1.1, "gamma-_{M12}": 0.5, "gamma+_{q,M12}": { re: 0.3, im: 0.1 }, "gamma-_{q,M12}": { re: 0.1, im: -0.05 },
  };
  const lv = liouvillian(unwrap(bindMasterEquation(me, bind)));
  const n = me.space.dimension;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 6 }), (entries) => {
      // rho = sum of random basis matrices |i><j| with integer weights, built symbolically
      const levels = (k: number) => [me.space.subsystems[0].levels[Math.floor(k / 2)], me.space.subsystems[1].levels[k % 2]];
      const rho = addOps(
        scaleOp(ratio(0), identityOp(me.space)),
        ...entries.map(([i, j, w]) => {
          const [mi, qi] = levels(i);
          const [mj, qj] = levels(j);
          return scaleOp(ratio(w), mulOps(unwrap(ketbra(me.space, "M", mi, mj)), unwrap(ketbra(me.space, "q", qi, qj))));
        }),
      );
      const symbolic = csrToDense(unwrap(opToCsr(lindbladian(me, rho), bind)));
      const numeric = csrSpmv(lv.matrix, vecColumns(csrToDense(unwrap(opToCsr(rho, bind))), n));
      assert.ok(maxAbsDiff(vecColumns(symbolic, n), numeric) <= 1e-12 * (1 + maxAbs(numeric)));
    }),
    { numRuns: 40 },
  );
});

test("in the numeric steady state every derived equation of motion has zero right-hand side", () => {
  const demo = unwrap(machineQubitDemo());
  const me = demo.masterEquation;
  const bind = {
    "Lambda_{q,M12}": 0.7, "gamma+_{q}": 1.2, "gamma-_{q}": 0.4, "gamma+_{M01}": 3, "gamma-_{M01}": 1, "gamma+_{M02}": 5,
    "gamma-_{M02}": 0.5, "gamma+_{M12}": 1.1, "gamma-_{M12}": 0.5, "gamma+_{q,M12}": 0.3, "gamma-_{q,M12}": 0.1,
  };
  const ss = steadyState(unwrap(bindMasterEquation(me, bind)));
  assert.ok(E.isRight(ss), E.isLeft(ss) ? ss.left.message : "");
  const rho = ss.right.rho;
  const n = me.space.dimension;
  const expectation = (op: Op) => {
    const m = csrToDense(unwrap(opToCsr(op, bind)));
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const [ar, ai, br, bi] = [m[2 * (i * n + k)], m[2 * (i * n + k) + 1], rho[2 * (k * n + i)], rho[2 * (k * n + i) + 1]];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
    return Math.hypot(re, im);
  };
  const excited = expectation(demo.qubitExcited);
  assert.ok(excited > 1e-3, "non-trivial population");
  for (const o of [demo.qubitExcited, unwrap(projector(me.space, "M", "2")), unwrap(projector(me.space, "M", "1")), mulOps(adjoint(demo.sigmas.q), demo.sigmas.M12)]) {
    assert.ok(expectation(equationOfMotion(me, o)) <= 1e-10, "d<O>/dt vanishes in the steady state");
  }
});

test("prepared binding: the same result as a fresh bind for every point, and no stored zeros", () => {
  const demo = unwrap(machineQubitDemo());
  const me = demo.masterEquation;
  const prepared = prepareMasterEquation(me);
  const names = [...prepared.symbols.keys()];
  fc.assert(
    fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: names.length, maxLength: names.length }), (xs) => {
      const bind: Record<string, number | { re: number; im: number }> = {};
      names.forEach((name, k) => (bind[name] = prepared.symbols.get(name) === true ? xs[k] : { re: xs[k], im: xs[(k + 1) % xs.length] }));
      const a = unwrap(prepared.bind(bind, { rateUnit: 3 }));
      const b = unwrap(bindMasterEquation(me, bind, { rateUnit: 3 }));
      assert.deepEqual(a, b);
      // reference: the triplet builder of src/numeric/csr.ts on the naive entry list
      assert.deepEqual(unwrap(opToCsr(me.hamiltonian, bind)), referenceCsr(me.hamiltonian, bind));
    }),
    { numRuns: 30 },
  );
  const zeroCoupling: Record<string, number | { re: number; im: number }> = {};
  for (const [name] of prepared.symbols) zeroCoupling[name] = 1;
  zeroCoupling["Lambda_{q,M12}"] = 0;
  const bound = unwrap(prepared.bind(zeroCoupling));
  assert.equal(bound.hamiltonian.rowPtr[bound.hamiltonian.rows], 0, "a zero coupling leaves no structural nonzeros");
});

test("opToCsr equals csrFromTriplets on the naive entry list for random operators", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(1, arbSymbolic), arbBindings, ([, [a]], v) => {
      assert.deepEqual(unwrap(opToCsr(a, toBind(v))), referenceCsr(a, toBind(v)));
    }),
    { numRuns: 60 },
  );
});

/** Naive reference: every term's entries as triplets, value from evaluateScalar, assembled by csrFromTriplets. */
const referenceCsr = (op: Op, bind: Record<string, number | { re: number; im: number }>) => {
  const { dims, strides, dimension } = op.space;
  const triplets: { row: number; col: number; value: { re: number; im: number } }[] = [];
  for (const t of op.terms) {
    const value = unwrap(evaluateScalar(t.coefficient, bind));
    for (let row = 0; row < dimension; row++) {
      for (let col = 0; col < dimension; col++) {
        const ok = dims.every((d, k) => {
          const r = Math.floor(row / strides[k]) % d;
          const c = Math.floor(col / strides[k]) % d;
          return t.word[2 * k] < 0 ? r === c : r === t.word[2 * k] && c === t.word[2 * k + 1];
        });
        if (ok) triplets.push({ row, col, value });
      }
    }
  }
  return csrFromTriplets(dimension, dimension, triplets);
};
