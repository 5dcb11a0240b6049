import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addScalars,
  complexSymbol,
  conjScalar,
  equationOfMotion,
  equationOfMotionToLatex,
  equationOfMotionToText,
  machineQubitDemo,
  masterEquationToLatex,
  masterEquationToText,
  mulScalars,
  opToText,
  ratio,
  realSymbol,
  scalarToLatex,
  scalarToText,
  symbolToLatex,
  I_SCALAR,
} from "../../src/algebra/index.js";
import { unwrap } from "./arbitraries.js";

test("symbol names render as LaTeX with signs as superscripts and braces as subscripts", () => {
  assert.equal(symbolToLatex("gamma+_{q1}"), "\\gamma^{+}_{q1}");
  assert.equal(symbolToLatex("gamma-_{q1,M12}"), "\\gamma^{-}_{q1,M12}");
  assert.equal(symbolToLatex("Lambda_{q1,q2}"), "\\Lambda_{q1,q2}");
  assert.equal(symbolToLatex("gamma0"), "\\gamma_{0}");
  assert.equal(symbolToLatex("x"), "x");
  assert.equal(symbolToLatex("rate"), "\\mathrm{rate}");
  assert.equal(symbolToLatex("a b"), "\\mathrm{a b}");
});

test("scalars print with exact fractions and signs", () => {
  const s = addScalars(mulScalars(ratio(-1, 2), realSymbol("gamma+_{q}")), mulScalars(I_SCALAR, realSymbol("Lambda")), ratio(3));
  assert.equal(scalarToText(s), "3 + i*Lambda - 1/2*gamma+_{q}");
  assert.equal(scalarToLatex(s), "3 + i \\Lambda - \\frac{1}{2} \\gamma^{+}_{q}");
  assert.equal(scalarToLatex(conjScalar(complexSymbol("gamma+_{q,M12}"))), "\\overline{\\gamma^{+}_{q,M12}}");
  assert.equal(scalarToText(ratio(0)), "0");
});

test("demo master equation and the qubit's population equation print in text and LaTeX", () => {
  const demo = unwrap(machineQubitDemo());
  const text = masterEquationToText(demo.masterEquation);
  assert.match(text, /H = Lambda_\{q,M12\} \|1><2\|_M \|e><g\|_q/);
  assert.match(text, /\+ gamma\+_\{q\} L\(\|g><e\|_q, \|g><e\|_q\) rho/);
  assert.match(text, /conj\(gamma\+_\{q,M12\}\) L\(\|1><2\|_M, \|g><e\|_q\)/);
  const latex = masterEquationToLatex(demo.masterEquation);
  assert.match(latex, /\\gamma\^\{-\}_\{M02\}\\,\\mathcal\{L\}/);
  assert.match(latex, /^\\begin\{aligned\}/);
  const eom = equationOfMotion(demo.masterEquation, demo.qubitExcited);
  const eomText = equationOfMotionToText(demo.qubitExcited, eom);
  assert.ok(eomText.startsWith("d/dt <|e><e|_q> = gamma-_{q} <|g><g|_q> - gamma+_{q} <|e><e|_q>"), eomText);
  assert.match(equationOfMotionToLatex(demo.qubitExcited, eom), /\\gamma\^\{-\}_\{q\}\\,\\langle \|g\\rangle\\langle g\|_\{q\}\\rangle/);
  assert.equal(opToText(demo.sigmas.M12), "|1><2|_M");
});
