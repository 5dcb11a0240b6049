import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { integrate, integrateOscillatoryTail, wynnEpsilon } from "../../src/electrodynamics/quadrature.js";
import { besselJ0 } from "../../src/electrodynamics/bessel.js";

test("G7-K15 integrates polynomials up to degree 22 exactly on one interval", () => {
  const r = integrate((x, out) => {
    out[0] = x ** 22;
    out[1] = 3 * x * x - 2 * x + 1;
  }, [0, 1], 2, { relTol: 0.5, absTol: 0 });
  assert.ok(Math.abs(r.value[0] - 1 / 23) < 1e-16);
  assert.ok(Math.abs(r.value[1] - 1) < 1e-15);
  assert.equal(r.evaluations, 15);
});

test("vector-valued integrand: all components converge in one pass with honest error estimates", () => {
  const r = integrate((x, out) => {
    out[0] = Math.sin(x);
    out[1] = Math.cos(10 * x);
    out[2] = Math.sqrt(x); // endpoint singularity in the derivative
  }, [0, Math.PI], 3, { relTol: 1e-11, absTol: 1e-14 });
  const exact = [2, Math.sin(10 * Math.PI) / 10, (2 / 3) * Math.PI ** 1.5];
  assert.ok(r.converged);
  for (let c = 0; c < 3; c++) {
    const err = Math.abs(r.value[c] - exact[c]);
    assert.ok(err <= Math.max(1e-14, 1e-11 * Math.abs(exact[c])) + 1e-15, `component ${c}: err ${err}`);
    assert.ok(err <= r.error[c] + 1e-15, `component ${c}: error estimate ${r.error[c]} below true error ${err}`);
  }
});

test("a narrow Lorentzian (half-width 1e-9) is integrated to 1e-9 with geometric breakpoints c +/- 4^m w", () => {
  const c = 0.3;
  const w = 1e-9;
  const f = (x: number, out: Float64Array): void => {
    out[0] = w / ((x - c) ** 2 + w * w);
  };
  const exact = Math.atan((1 - c) / w) + Math.atan(c / w);
  const pts = [0, c];
  for (let m = 1; m * w < c; m *= 4) pts.push(c - m * w, c + m * w);
  pts.sort((a, b) => a - b).push(1);
  const r = integrate(f, pts, 1, { relTol: 1e-10, absTol: 0 });
  assert.ok(Math.abs(r.value[0] - exact) < 1e-9 * exact, `${r.value[0]} vs ${exact}`);
});

test("tightening the tolerance reduces the true error (property over exponentials e^{a x})", () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (a) => {
      const f = (x: number, out: Float64Array): void => {
        out[0] = Math.exp(a * x) * Math.cos(7 * x);
      };
      // exact: Re int_0^1 e^{(a + 7i) x} dx
      const den = a * a + 49;
      const ea = Math.exp(a);
      const exact = (ea * (a * Math.cos(7) + 7 * Math.sin(7)) - a) / den;
      const scale = Math.max(1, ea);
      let previousBound = Infinity;
      for (const tol of [1e-4, 1e-8, 1e-12]) {
        const r = integrate(f, [0, 1], 1, { relTol: tol, absTol: tol * 1e-3 * scale });
        const err = Math.abs(r.value[0] - exact);
        assert.ok(err <= Math.max(tol * Math.abs(exact), tol * 1e-3 * scale) * 1.0001 + 1e-15 * scale, `a=${a} tol=${tol} err=${err}`);
        assert.ok(r.error[0] <= previousBound);
        previousBound = r.error[0];
      }
    }),
    { numRuns: 30 },
  );
});

test("oscillatory tails: Wynn-extrapolated half-periods give Int_0^inf e^{-eps x} J0(x) = 1/sqrt(1 + eps^2) and Int sin x / x = pi/2", () => {
  for (const eps of [0.3, 0.01, 0.001]) {
    const f = (x: number, out: Float64Array): void => {
      out[0] = Math.exp(-eps * x) * besselJ0(x);
    };
    const head = integrate(f, [0, 10], 1, { relTol: 1e-12, absTol: 1e-14 });
    const tail = integrateOscillatoryTail(f, 10, Math.PI, 50 / eps, 1, head.value, { relTol: 1e-12, absTol: 1e-14 });
    const err = Math.abs(head.value[0] + tail.value[0] - 1 / Math.sqrt(1 + eps * eps));
    assert.ok(tail.converged);
    assert.ok(err < 1e-12, `eps=${eps}: ${err}`);
    assert.ok(err <= head.error[0] + tail.error[0]);
    // thousands of periods for eps = 0.001, but a few hundred evaluations
    assert.ok(tail.evaluations < 2000);
  }
  const sinc = (x: number, out: Float64Array): void => {
    out[0] = Math.sin(x) / x;
  };
  const head = integrate(sinc, [1e-300, Math.PI], 1, { relTol: 1e-12, absTol: 1e-14 });
  const tail = integrateOscillatoryTail(sinc, Math.PI, Math.PI, 1e12, 1, head.value, { relTol: 1e-12, absTol: 1e-14 });
  assert.ok(Math.abs(head.value[0] + tail.value[0] - Math.PI / 2) < 1e-12);
});

test("Wynn epsilon sums a geometric series exactly from three partial sums", () => {
  const r = -0.9;
  const sums = [1, 1 + r, 1 + r + r * r];
  assert.ok(Math.abs(wynnEpsilon(sums) - 1 / (1 - r)) < 1e-14);
});
