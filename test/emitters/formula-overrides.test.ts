/**
 * Rate overrides as formulas in the model's own values ("37 * gammaP_q1"): parsed by mathjs into an
 * exact polynomial (src/algebra/parse.ts), evaluated on the values before any override.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { buildSystemWith, rateListing, type EnvironmentRecord } from "../../src/emitters/system.js";
import { paperEmitters } from "../../src/emitters/paper.js";
import { formulaName } from "../../src/emitters/rates.js";
import { fakeRateSource } from "./fake-rates.js";
import type { ModelOptions } from "../../src/emitters/options.js";
import { parseScenario } from "../../src/scenario/scenario.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const record: EnvironmentRecord = { material: "test double", materialSource: null, thickness: null, TS: 900, TW: 300 };
const build = (options: Partial<ModelOptions>) => buildSystemWith(fakeRateSource({ TS: 900, TW: 300 }), right(paperEmitters({ qubits: 2 })), record, options);
const value = (s: { rates: readonly { symbol: string; value: { re: number; im: number } }[] }, symbol: string) =>
  s.rates.find((r) => r.symbol === symbol)?.value as { re: number; im: number };

test("formula names: gamma+_{q1} -> gammaP_q1, gamma-_{M12,q1} -> gammaM_M12_q1, Lambda_{q1,q2} -> Lambda_q1_q2", () => {
  assert.equal(formulaName("gamma+_{q1}"), "gammaP_q1");
  assert.equal(formulaName("gamma-_{M12,q1}"), "gammaM_M12_q1");
  assert.equal(formulaName("Lambda_{q1,q2}"), "Lambda_q1_q2");
  assert.equal(formulaName("delta_{q2,e}"), "delta_q2_e");
});

test("a formula override equals the same number given by hand, and the listing shows the formula", () => {
  const plain = right(build({}));
  const gp = value(plain, "gamma+_{q1}").re;
  const lambda = value(plain, "Lambda_{M12,q1}").re;
  const byFormula = right(build({ rateOverrides: { "Lambda_{M12,q1}": "37 * gammaP_q1 + Lambda_M12_q1 / 2" } }));
  assert.equal(value(byFormula, "Lambda_{M12,q1}").re, 37 * gp + lambda / 2);
  const byNumber = right(build({ rateOverrides: { "Lambda_{M12,q1}": 37 * gp + lambda / 2 } }));
  assert.equal(value(byNumber, "Lambda_{M12,q1}").re, value(byFormula, "Lambda_{M12,q1}").re);
  assert.match(rateListing(byFormula), /Lambda_\{M12,q1\} = .*set by hand: 37 \* gammaP_q1/);
  // complex collective rates, conj() and the free-space rates are usable too
  const c = right(build({ rateOverrides: { "gamma+_{q1,q2}": "0.5 * conj(gammaP_q1_q2)", "gamma+_{q1}": "2 * Gamma0_q1 + gammaP_q1" } }));
  const orig = value(plain, "gamma+_{q1,q2}");
  assert.deepEqual(value(c, "gamma+_{q1,q2}"), { re: 0.5 * orig.re, im: -0.5 * orig.im });
  assert.ok(value(c, "gamma+_{q1}").re > gp);
});

test("formula overrides are checked: unknown names are listed, non-polynomial syntax is refused, PSD still enforced", () => {
  const unknown = build({ rateOverrides: { "Lambda_{M12,q1}": "37 * gamma_q1" } });
  assert.ok(E.isLeft(unknown));
  assert.match(unknown.left.message, /gamma_q1/);
  assert.match(unknown.left.message, /gammaP_q1/, "the message lists the usable names");
  const sqrt = build({ rateOverrides: { "Lambda_{M12,q1}": "sqrt(gammaP_q1)" } });
  assert.ok(E.isLeft(sqrt));
  const nonPsd = build({ rateOverrides: { "gamma+_{q1,q2}": "10 * gammaP_q1" } });
  assert.ok(E.isLeft(nonPsd));
  assert.match(nonPsd.left.message, /not positive semidefinite/);
  // a local rate set to a complex collective value (the test double's phase makes it complex) is refused
  const phased = buildSystemWith(fakeRateSource({ TS: 900, TW: 300, phase: 3e4 }), right(paperEmitters({ qubits: 2 })), record, {
    rateOverrides: { "gamma+_{q1}": "-gammaP_q1_q2" },
  });
  assert.ok(E.isLeft(phased));
  assert.match(phased.left.message, /must be real .*imaginary part/);
});

test("scenario files accept a formula override", () => {
  const s = parseScenario({
    name: "formula", environment: { body: null, TS: 300, TW: 300 }, height: "2.7um",
    emitters: [{ type: "qubit", name: "q1", at: ["0um", "0um"], omega: 8.1e12, dipole: [1, 0, 0] }],
    model: { rateOverrides: { "gamma+_{q1}": "2 * gammaP_q1" } },
  });
  right(s);
});
