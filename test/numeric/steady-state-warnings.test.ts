/**
 * A nearly dark state: two qubits whose collective rates are (1 - eps) times the local ones, with an
 * exchange coupling. The steady state is the Gibbs state diag(p_g, p_e) x diag(p_g, p_e) with
 * p_e / p_g = h / g for every eps > 0, but the problem's conditioning grows as 1/eps (smallest pivot
 * ~1.35 eps). The solver must either be accurate, or say how accurate it is, or refuse: never return
 * an inaccurate state without a word (before the verification threshold moved from 1e-11 to 1e-6,
 * eps = 1e-12 came back with entries off by 2e-6 and no warning). Also: a generator that does not
 * preserve Hermiticity is not a Lindblad equation, and the steady state says so.
 */
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
const sym = realSymbol;
const me = right(
  masterEquation(scaleOp(sym("L"), addOps(mulOps(adjoint(sa), sb), mulOps(adjoint(sb), sa))), [
    { coefficient: sym("g"), a: sa, b: sa }, { coefficient: sym("g"), a: sb, b: sb },
    { coefficient: sym("h"), a: adjoint(sa), b: adjoint(sa) }, { coefficient: sym("h"), a: adjoint(sb), b: adjoint(sb) },
    { coefficient: sym("c"), a: sa, b: sb }, { coefficient: sym("c"), a: sb, b: sa },
    { coefficient: sym("d"), a: adjoint(sa), b: adjoint(sb) }, { coefficient: sym("d"), a: adjoint(sb), b: adjoint(sa) },
  ]),
);

test("nearly dark two-qubit state: accurate, or a warning that bounds the error, or a typed refusal; never silently wrong", () => {
  const g = 1;
  const h = 0.5;
  const pe = h / (g + h);
  const gibbs = [(1 - pe) ** 2, (1 - pe) * pe, pe * (1 - pe), pe * pe]; // |gg>, |ge>, |eg>, |ee>
  for (const eps of [1e-3, 1e-6, 1e-8, 1e-10, 1e-11, 1e-12, 1e-13]) {
    const numeric = right(bindMasterEquation(me, { L: 0.3, g, h, c: 1 - eps, d: (h / g) * (1 - eps) }));
    const s = steadyState(numeric);
    if (E.isLeft(s)) {
      assert.ok(s.left.reason === "ill-conditioned" || s.left.reason === "non-unique", `eps ${eps}: ${s.left.reason}`);
      assert.ok(eps <= 1e-11, `eps ${eps} should be solvable`);
      continue;
    }
    const n = 4;
    let error = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const exact = i === j ? gibbs[i] : 0;
        error = Math.max(error, Math.abs(s.right.rho[2 * (i * n + j)] - exact), Math.abs(s.right.rho[2 * (i * n + j) + 1]));
      }
    }
    if (error > 1e-9) {
      const warning = s.right.warnings.find((w) => /ill-conditioned/.test(w));
      assert.ok(warning !== undefined, `eps ${eps}: error ${error.toExponential(1)} returned without a warning`);
      const stated = Number(/agree to ([0-9.e+-]+)/.exec(warning)?.[1]);
      assert.ok(error <= 20 * stated, `eps ${eps}: error ${error.toExponential(1)} but the warning says ${stated.toExponential(1)}`);
    }
  }
});

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
