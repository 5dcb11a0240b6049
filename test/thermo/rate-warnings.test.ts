import { test } from "node:test";
import assert from "node:assert/strict";
import { rateAccuracyWarnings, RATE_WARNING_FACTOR } from "../../src/thermo/report.js";
import type { System } from "../../src/emitters/system.js";
import type { BoundRate } from "../../src/emitters/rates.js";

const rate = (symbol: string, relError: number, overridden = false): BoundRate => ({
  symbol,
  kind: "emission",
  transitions: ["q1"],
  value: { re: 1, im: 0 },
  unit: "s^-1",
  computed: { re: 1, im: 0 },
  scale: 1,
  overridden,
  relError,
});
// Only the two fields the warning reads; the rest of a System plays no part here.
const systemWith = (rates: BoundRate[], rateRelTol = 1e-8): System => ({ rates, options: { rateRelTol } }) as unknown as System;

test("rates within the requested accuracy give no warning", () => {
  assert.deepEqual(rateAccuracyWarnings(systemWith([rate("a", 1e-9), rate("b", RATE_WARNING_FACTOR * 1e-8)])), []);
});

test("a rate far above the requested accuracy is named with its error", () => {
  const warnings = rateAccuracyWarnings(systemWith([rate("gamma+_{q1}", 1e-9), rate("gamma+_{M02}", 3e-3)]));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /gamma\+_\{M02\}/);
  assert.match(warnings[0], /3\.0e-3/);
});

test("an overridden rate is the user's number, not a quadrature: no warning", () => {
  assert.deepEqual(rateAccuracyWarnings(systemWith([rate("gamma+_{q1}", 1, true)])), []);
});
