import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Scalar,
  addScalars,
  complexSymbol,
  conjScalar,
  evaluateScalar,
  isRealScalar,
  mulScalars,
  negScalar,
  qFromNumber,
  ratio,
  realSymbol,
  scalarEquals,
  subScalars,
  I_SCALAR,
  ZERO_SCALAR,
  fromNumber,
} from "../../src/algebra/index.js";
import { arbSymbolic } from "./arbitraries.js";

const eq = (a: Scalar, b: Scalar): boolean => scalarEquals(a, b);
const runs = { numRuns: 150 };

test("scalar ring laws hold exactly in canonical form", () => {
  fc.assert(
    fc.property(arbSymbolic, arbSymbolic, arbSymbolic, (a, b, c) => {
      assert.ok(eq(addScalars(a, b), addScalars(b, a)));
      assert.ok(eq(mulScalars(a, b), mulScalars(b, a)));
      assert.ok(eq(mulScalars(mulScalars(a, b), c), mulScalars(a, mulScalars(b, c))));
      assert.ok(eq(mulScalars(a, addScalars(b, c)), addScalars(mulScalars(a, b), mulScalars(a, c))));
      assert.ok(eq(subScalars(a, a), ZERO_SCALAR));
      assert.ok(eq(negScalar(negScalar(a)), a));
    }),
    runs,
  );
});

test("conjugation is an involutive ring automorphism and a*conj(a) is real", () => {
  fc.assert(
    fc.property(arbSymbolic, arbSymbolic, (a, b) => {
      assert.ok(eq(conjScalar(conjScalar(a)), a));
      assert.ok(eq(conjScalar(mulScalars(a, b)), mulScalars(conjScalar(a), conjScalar(b))));
      assert.ok(eq(conjScalar(addScalars(a, b)), addScalars(conjScalar(a), conjScalar(b))));
      assert.ok(isRealScalar(mulScalars(a, conjScalar(a))));
    }),
    runs,
  );
});

test("evaluation is a ring homomorphism (values agree before and after symbolic steps)", () => {
  const value = fc.record({ x: fc.double({ min: -3, max: 3, noNaN: true }), y: fc.double({ min: -3, max: 3, noNaN: true }), zr: fc.double({ min: -3, max: 3, noNaN: true }), zi: fc.double({ min: -3, max: 3, noNaN: true }) });
  fc.assert(
    fc.property(arbSymbolic, arbSymbolic, value, (a, b, v) => {
      const bind = { x: v.x, y: v.y, z: { re: v.zr, im: v.zi } };
      const ev = (s: Scalar) => {
        const r = evaluateScalar(s, bind);
        assert.ok(E.isRight(r));
        return r.right;
      };
      const [va, vb, vab, vconj] = [ev(a), ev(b), ev(mulScalars(a, b)), ev(conjScalar(a))];
      const scale = 1 + Math.hypot(va.re, va.im) * Math.hypot(vb.re, vb.im);
      assert.ok(Math.abs(vab.re - (va.re * vb.re - va.im * vb.im)) <= 1e-12 * scale);
      assert.ok(Math.abs(vab.im - (va.re * vb.im + va.im * vb.re)) <= 1e-12 * scale);
      assert.ok(Math.abs(vconj.re - va.re) <= 1e-12 * (1 + Math.abs(va.re)) && Math.abs(vconj.im + va.im) <= 1e-12 * (1 + Math.abs(va.im)));
    }),
    runs,
  );
});

test("exact arithmetic: 1/3 + 1/6 = 1/2, i*i = -1, decimals are read as decimals", () => {
  assert.ok(eq(addScalars(ratio(1, 3), ratio(1, 6)), ratio(1, 2)));
  assert.ok(eq(mulScalars(I_SCALAR, I_SCALAR), ratio(-1)));
  assert.deepEqual(qFromNumber(0.1), { num: 1n, den: 10n });
  assert.deepEqual(qFromNumber(-2.5e-7), { num: -1n, den: 4000000n });
  assert.ok(eq(fromNumber(0.5, -1), addScalars(ratio(1, 2), negScalar(I_SCALAR))));
});

test("real and complex symbols: conj(gamma) = gamma for real gamma, conj(z) != z for complex z", () => {
  const g = realSymbol("gamma+_{q1}");
  const z = complexSymbol("z");
  assert.ok(eq(conjScalar(g), g));
  assert.ok(!eq(conjScalar(z), z));
  assert.ok(!isRealScalar(z));
  assert.ok(isRealScalar(addScalars(z, conjScalar(z))));
});

test("evaluating with a missing binding is an error naming the symbol", () => {
  const r = evaluateScalar(mulScalars(realSymbol("gamma0"), realSymbol("Lambda")), { gamma0: 1 });
  assert.ok(E.isLeft(r) && r.left.message.includes('"Lambda"'));
});
