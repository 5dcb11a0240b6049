import { test } from "node:test";
import assert from "node:assert/strict";
import { besselJ0, besselJ1, besselJ2 } from "../../src/electrodynamics/bessel.js";
import { integrate } from "../../src/electrodynamics/quadrature.js";

test("J2 power series and recurrence 2 J1/x - J0 agree where both are accurate (3.5 <= x <= 6)", () => {
  for (let x = 3.5; x <= 6; x += 0.05) {
    // series evaluated explicitly (the library switches to the recurrence at x = 4)
    let term = (x * x) / 8;
    let sum = term;
    for (let k = 1; k < 40; k++) {
      term *= -(x * x) / 4 / (k * (k + 2));
      sum += term;
    }
    const recurrence = (2 * besselJ1(x)) / x - besselJ0(x);
    assert.ok(Math.abs(sum - recurrence) < 5e-14, `x=${x}: series ${sum} vs recurrence ${recurrence}`);
    assert.ok(Math.abs(besselJ2(x) - recurrence) < 5e-14);
  }
});

test("J2 small-x behaviour: x^2/8 - x^4/96 + x^6/3072 - x^8/184320 + x^10/17694720 and evenness", () => {
  for (const x of [1e-8, 1e-4, 1e-2, 0.1]) {
    const expected = (x * x) / 8 - x ** 4 / 96 + x ** 6 / 3072 - x ** 8 / 184320 + x ** 10 / 17694720;
    assert.ok(Math.abs(besselJ2(x) - expected) <= 4e-15 * expected + 1e-300, `x=${x}`);
    assert.equal(besselJ2(-x), besselJ2(x));
  }
});

test("derivative identity J1' = (J0 - J2)/2 holds across the series/recurrence switch", () => {
  for (const x of [0.3, 1, 2.5, 3.9, 4.1, 7, 20, 150]) {
    const h = 1e-5;
    const dJ1 = (besselJ1(x + h) - besselJ1(x - h)) / (2 * h);
    assert.ok(Math.abs(dJ1 - (besselJ0(x) - besselJ2(x)) / 2) < 1e-9, `x=${x}`);
  }
});

test("J2 vanishes at its first zeros j_{2,1} = 5.13562230184068, j_{2,2} = 8.41724414039986 (A&S Table 9.5)", () => {
  for (const z of [5.13562230184068, 8.41724414039986]) {
    // |J2'| ~ 0.34 there, so the value at the tabulated 15-digit zero is below ~1e-14
    assert.ok(Math.abs(besselJ2(z)) < 2e-14, `J2(${z}) = ${besselJ2(z)}`);
  }
});

test("Laplace transform int_0^inf e^{-p x} J_n(x) dx = (sqrt(p^2+1) - p)^n / sqrt(p^2+1), n = 0, 1, 2", () => {
  for (const p of [0.5, 1, 3]) {
    const r = integrate(
      (x, out) => {
        const e = Math.exp(-p * x);
        out[0] = e * besselJ0(x);
        out[1] = e * besselJ1(x);
        out[2] = e * besselJ2(x);
      },
      [0, 10, 40, 90 / p],
      3,
      { relTol: 1e-13, absTol: 1e-15 },
    );
    const s = Math.sqrt(p * p + 1);
    for (let n = 0; n < 3; n++) {
      const exact = (s - p) ** n / s;
      assert.ok(Math.abs(r.value[n] - exact) < 1e-12, `p=${p} n=${n}: ${r.value[n]} vs ${exact}`);
    }
  }
});
