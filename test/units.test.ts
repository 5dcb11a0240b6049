import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { parseLength, boseEinstein, temperatureFromRatio, HBAR, KB } from "../src/units.js";

test("parseLength reads micrometres and nanometres into metres", () => {
  assert.deepEqual(parseLength("2.7um"), E.right(2.7e-6));
  assert.ok(Math.abs((parseLength("50nm") as E.Right<number>).right - 5e-8) < 1e-20);
});

test("parseLength refuses a bare number and an unknown unit with a message", () => {
  const bare = parseLength("2.7");
  assert.ok(E.isLeft(bare) && bare.left.message.includes("unit"));
  const furlong = parseLength("3furlong");
  assert.ok(E.isLeft(furlong) && furlong.left.message.includes("furlong"));
});

test("Boltzmann ratio of Bose factors gives back the temperature", () => {
  const omega = 8.1e12;
  const T = 350;
  const n = boseEinstein(omega, T);
  // absorption / emission = n / (1 + n) = exp(-hbar omega / kB T)
  const ratio = n / (1 + n);
  assert.ok(Math.abs(ratio - Math.exp((-HBAR * omega) / (KB * T))) < 1e-14);
  assert.ok(Math.abs(temperatureFromRatio(omega, ratio) - T) < 1e-9);
});

test("parseLength: the Greek mu (U+03BC, what many keyboards type) means micro like the micro sign; an overflowing number is refused", () => {
  assert.deepEqual(parseLength("2.7\u03bcm"), E.right(2.7e-6));
  assert.deepEqual(parseLength("2.7\u00b5m"), E.right(2.7e-6));
  const huge = parseLength("1e400um");
  assert.ok(E.isLeft(huge) && /not a finite length/.test(huge.left.message), JSON.stringify(huge));
});
