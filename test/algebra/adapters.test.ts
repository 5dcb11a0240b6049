import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Scalar,
  addScalars,
  evaluateScalar,
  mulScalars,
  ratio,
  realSymbol,
  scalarEquals,
  scalarToText,
  substituteScalar,
  fromRational,
  rational,
} from "../../src/algebra/index.js";
import { parseScalar } from "../../src/algebra/parse.js";
import { buildRealEvaluator, expandWithNerdamer, nerdamerProduct, scalarToNerdamer } from "../../src/algebra/nerdamer-adapter.js";
import { arbSymbolic, unwrap } from "./arbitraries.js";

const values = fc.record({
  x: fc.double({ min: -2, max: 2, noNaN: true }),
  y: fc.double({ min: -2, max: 2, noNaN: true }),
  zr: fc.double({ min: -2, max: 2, noNaN: true }),
  zi: fc.double({ min: -2, max: 2, noNaN: true }),
});
const value = (s: Scalar, v: { x: number; y: number; zr: number; zi: number }) => unwrap(evaluateScalar(s, { x: v.x, y: v.y, z: { re: v.zr, im: v.zi } }));
const close = (a: { re: number; im: number }, b: { re: number; im: number }) =>
  Math.hypot(a.re - b.re, a.im - b.im) <= 1e-11 * (1 + Math.hypot(a.re, a.im));

test("plain text -> mathjs parse gives back the identical scalar (printing and parsing agree)", () => {
  fc.assert(
    fc.property(arbSymbolic, (s) => {
      const text = scalarToText(s);
      const back = parseScalar(text, { x: { real: true }, y: { real: true }, z: { real: false } });
      assert.ok(E.isRight(back), E.isLeft(back) ? back.left.message : "");
      assert.ok(scalarEquals(back.right, s), `${text} -> ${scalarToText(back.right)}`);
    }),
    { numRuns: 150 },
  );
});

test("mathjs parse of a rate override: value equals the formula's value; errors name the problem", () => {
  const parsed = unwrap(parseScalar("2*gamma0 + 0.5*Lambda", { gamma0: { real: true }, Lambda: { real: true, name: "Lambda_{q1,q2}" } }));
  assert.ok(scalarEquals(parsed, addScalars(mulScalars(ratio(2), realSymbol("gamma0")), mulScalars(ratio(1, 2), realSymbol("Lambda_{q1,q2}")))));
  const v = unwrap(evaluateScalar(parsed, { gamma0: 3, "Lambda_{q1,q2}": 0.25 }));
  assert.deepEqual(v, { re: 6.125, im: 0 });
  const exact = unwrap(parseScalar("(x + 1/3)^2 - x^2 - 2/3*x", {}, "real"));
  assert.ok(scalarEquals(exact, ratio(1, 9)));
  const unknown = parseScalar("2*gamma1", { gamma0: { real: true } });
  assert.ok(E.isLeft(unknown) && unknown.left.message.includes('"gamma1"'));
  assert.ok(E.isLeft(parseScalar("1/x", {}, "real")));
  assert.ok(E.isLeft(parseScalar("sin(x)", {}, "real")));
  assert.ok(E.isLeft(parseScalar("2 *", {}, "real")));
  const conj = unwrap(parseScalar("conj(z) + conjugate(z)", { z: { real: false } }));
  assert.deepEqual(unwrap(evaluateScalar(conj, { z: { re: 1, im: 2 } })), { re: 2, im: -4 });
});

test("nerdamer expand of a product agrees with our product, exactly and in value", () => {
  fc.assert(
    fc.property(arbSymbolic, arbSymbolic, values, (a, b, v) => {
      const viaNerdamer = unwrap(nerdamerProduct([a, b]));
      const ours = mulScalars(a, b);
      assert.ok(close(value(viaNerdamer, v), value(ours, v)));
      assert.ok(scalarEquals(viaNerdamer, ours), `${scalarToText(viaNerdamer)} vs ${scalarToText(ours)}`);
    }),
    { numRuns: 60 },
  );
});

test("a scalar survives the round trip through nerdamer's expand unchanged", () => {
  fc.assert(
    fc.property(arbSymbolic, (s) => {
      const form = scalarToNerdamer(s);
      const back = unwrap(expandWithNerdamer(form.expression, form));
      assert.ok(scalarEquals(back, s));
    }),
    { numRuns: 60 },
  );
});

test("nerdamer buildFunction closures agree in value with evaluateScalar for real scalars", () => {
  const arbReal = fc
    .array(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.subarray(["x", "y", "w"], { maxLength: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 4 })
    .map((terms) => addScalars(...terms.map(([n, d, names, p]) => mulScalars(fromRational(rational(n, d)), ...names.map((name) => mulScalars(...Array.from({ length: p }, () => realSymbol(name))))))));
  fc.assert(
    fc.property(arbReal, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (s, x, y, w) => {
      const fn = unwrap(buildRealEvaluator(s, ["x", "y", "w"]));
      const ours = unwrap(evaluateScalar(s, { x, y, w }));
      const theirs = fn(x, y, w);
      assert.ok(Math.abs(theirs - ours.re) <= 1e-11 * (1 + Math.abs(ours.re)) && ours.im === 0);
    }),
    { numRuns: 80 },
  );
  const complexOne = unwrap(parseScalar("i*x", {}, "real"));
  assert.ok(E.isLeft(buildRealEvaluator(complexOne, ["x"])));
});

test("substitution: replacing a symbol by a formula keeps values consistent", () => {
  fc.assert(
    fc.property(arbSymbolic, values, (s, v) => {
      // x -> y + 1/2
      const sub = substituteScalar(s, (name) => (name === "x" ? addScalars(realSymbol("y"), ratio(1, 2)) : undefined));
      const direct = value(s, { ...v, x: v.y + 0.5 });
      assert.ok(close(value(sub, v), direct));
    }),
    { numRuns: 80 },
  );
});

test("formula parser: expansions beyond MAX_EXPANDED_TERMS, deep nesting, empty formulas and conj() without an argument are typed errors, quickly", () => {
  const d = Object.fromEntries(["a", "b", "c", "d", "e", "f", "g", "h", "k"].map((n) => [n, { real: true }]));
  const start = performance.now();
  for (const [formula, pattern] of [
    ["(a+b+c+d+e+f+g+h+k)^64", /would expand to more than 10000 terms/],
    [Array.from({ length: 12 }, () => "(a+b+c+d+e+f+g+h+k)").join("*"), /expands to more than 10000 terms/],
    ["-".repeat(5000) + "1", /nested too deeply/],
    [" ", /formula is empty/],
    ["conj()", /takes exactly one argument/],
  ] as const) {
    const r = parseScalar(formula, d);
    assert.ok(E.isLeft(r), `${formula.slice(0, 30)} should be refused`);
    assert.match(r.left.message, pattern);
  }
  assert.ok(performance.now() - start < 5000, "refused without expanding");
  const fine = parseScalar("(a+b)^64", d);
  assert.ok(E.isRight(fine) && fine.right.terms.length === 65);
});
