/** A generator that does not preserve Hermiticity is not a Lindblad equation: the steady state says so. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { adjoint, addOps, lowering, masterEquation, mulOps, productSpace, qubit, realSymbol, scaleOp } from "../../src/algebra/index.js";
import { bindMasterEquation } from "../../src/numeric/compile.js";
import { steadyState } from "../../src/numeric/index.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const space = right(productSpace([right(qubit("a")), right(qubit("b"))]));
const sa = right(lowering(space, "a", "g", "e"));
const sb = right(lowering(space, "b", "g", "e"));
const local = [
  { coefficient: realSymbol("g"), a: sa, b: sa }, { coefficient: realSymbol("g"), a: sb, b: sb },
  { coefficient: realSymbol("h"), a: adjoint(sa), b: adjoint(sa) }, { coefficient: realSymbol("h"), a: adjoint(sb), b: adjoint(sb) },
];
const solve = (h: ReturnType<typeof scaleOp>, extra: typeof local = []) =>
  right(steadyState(right(bindMasterEquation(right(masterEquation(h, [...local, ...extra])), { L: 0.3, g: 1, h: 0.5, ...(extra.length > 0 ? { c: 0.2 } : {}) }))));
const hermitian = scaleOp(realSymbol("L"), addOps(mulOps(adjoint(sa), sb), mulOps(adjoint(sb), sa)));

test("a non-Hermitian H or an unpaired collective term is solved with a warning; a Lindblad equation is quiet", () => {
  assert.deepEqual(solve(hermitian).warnings, []);
  for (const s of [solve(scaleOp(realSymbol("L"), mulOps(adjoint(sa), sb))), solve(hermitian, [{ coefficient: realSymbol("c"), a: sa, b: sb }])]) {
    assert.ok(s.warnings.some((w) => /does not preserve Hermiticity/.test(w)), s.warnings.join("; "));
  }
});
