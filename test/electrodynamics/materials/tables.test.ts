import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../../src/math/complex.js";
import { epsilonAt } from "../../../src/electrodynamics/materials/material.js";
import { tabulatedEpsilon, tabulatedNK, wavelengthToOmega } from "../../../src/electrodynamics/materials/tabulated.js";
import { monotoneCubic, evaluateMonotoneCubic } from "../../../src/electrodynamics/materials/interpolation.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};

test("monotone cubic: reproduces nodes, reproduces straight lines, never leaves [min, max] of an interval", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 11 }),
      fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 12, maxLength: 12 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (gaps, ysRaw, t) => {
        const xs = gaps.reduce((acc, g) => [...acc, acc[acc.length - 1] + g], [-3]);
        const x = Float64Array.from(xs);
        const y = Float64Array.from(xs, (_, i) => ysRaw[i]);
        const p = monotoneCubic(x, y);
        xs.forEach((xi, i) => assert.ok(Math.abs(evaluateMonotoneCubic(p, xi) - y[i]) <= 1e-12 * (1 + Math.abs(y[i]))));
        for (let k = 0; k < xs.length - 1; k++) {
          const v = evaluateMonotoneCubic(p, xs[k] + t * (xs[k + 1] - xs[k]));
          const lo = Math.min(y[k], y[k + 1]);
          const hi = Math.max(y[k], y[k + 1]);
          assert.ok(v >= lo - 1e-12 * (1 + hi) && v <= hi + 1e-12 * (1 + hi), `overshoot ${v} outside [${lo}, ${hi}]`);
        }
        const line = monotoneCubic(x, Float64Array.from(xs, (xi) => 2 - 0.5 * xi));
        const mid = xs[0] + t * (xs[xs.length - 1] - xs[0]);
        assert.ok(Math.abs(evaluateMonotoneCubic(line, mid) - (2 - 0.5 * mid)) < 1e-10 * (1 + Math.abs(mid)));
      },
    ),
    { numRuns: 200 },
  );
});

test("tabulatedEpsilon: table points reproduced, Im eps >= 0 between them, domain = data range, outside refused", () => {
  const rows = [
    { omega: 3e13, eps: complex(-5, 2) },
    { omega: 1e13, eps: complex(9.4, 0.001) },
    { omega: 2e13, eps: complex(12, 0) },
    { omega: 2.5e13, eps: complex(40, 30) },
  ];
  const m = right(tabulatedEpsilon("t", rows));
  assert.deepEqual(m.domain, [1e13, 3e13]);
  for (const r of rows) {
    const e = right(epsilonAt(m, r.omega));
    assert.ok(Math.abs(e.re - r.eps.re) < 1e-12 && Math.abs(e.im - r.eps.im) < 1e-12);
  }
  for (let i = 0; i <= 400; i++) assert.ok(m.epsilon(1e13 + (i / 400) * 2e13).im >= 0);
  const below = epsilonAt(m, 0.999e13);
  const above = epsilonAt(m, 3.001e13);
  assert.ok(E.isLeft(below) && below.left.kind === "MaterialError" && /no data/.test(below.left.message));
  assert.ok(E.isLeft(above));
  assert.throws(() => m.epsilon(5e13), RangeError);
});

test("tabulatedEpsilon and tabulatedNK refuse bad tables with a reason", () => {
  const one = tabulatedEpsilon("x", [{ omega: 1e13, eps: complex(1, 0) }]);
  assert.ok(E.isLeft(one) && /two rows/.test(one.left.message));
  const dup = tabulatedEpsilon("x", [
    { omega: 1e13, eps: complex(1, 0) },
    { omega: 1e13, eps: complex(2, 0) },
  ]);
  assert.ok(E.isLeft(dup) && /share the frequency/.test(dup.left.message));
  const gain = tabulatedEpsilon("x", [
    { omega: 1e13, eps: complex(1, -0.1) },
    { omega: 2e13, eps: complex(2, 0) },
  ]);
  assert.ok(E.isLeft(gain) && /gain/.test(gain.left.message));
  const nan = tabulatedNK("x", [
    { wavelengthMetres: 1e-6, n: Number.NaN, k: 0 },
    { wavelengthMetres: 2e-6, n: 1, k: 0 },
  ]);
  assert.ok(E.isLeft(nan) && /non-finite/.test(nan.left.message));
  const negK = tabulatedNK("x", [
    { wavelengthMetres: 1e-6, n: 1.5, k: -0.1 },
    { wavelengthMetres: 2e-6, n: 1.5, k: 0 },
  ]);
  assert.ok(E.isLeft(negK));
});

test("tabulatedNK: eps = (n + ik)^2 at the rows, domain in omega from the wavelengths, k >= 0 in between", () => {
  const rows = [
    { wavelengthMetres: 10e-6, n: 3.0, k: 0.05 },
    { wavelengthMetres: 20e-6, n: 3.1, k: 0.0 },
    { wavelengthMetres: 50e-6, n: 3.05, k: 0.02 },
    { wavelengthMetres: 200e-6, n: 3.07, k: 0.002 },
  ];
  const m = right(tabulatedNK("nk", rows));
  assert.ok(Math.abs(m.domain[0] - wavelengthToOmega(200e-6)) < 1e-3 && Math.abs(m.domain[1] - wavelengthToOmega(10e-6)) < 1e-3);
  for (const r of rows) {
    const e = right(epsilonAt(m, wavelengthToOmega(r.wavelengthMetres)));
    assert.ok(Math.abs(e.re - (r.n * r.n - r.k * r.k)) < 1e-10);
    assert.ok(Math.abs(e.im - 2 * r.n * r.k) < 1e-10);
  }
  const [lo, hi] = m.domain;
  for (let i = 0; i <= 500; i++) assert.ok(m.epsilon(lo + (i / 500) * (hi - lo)).im >= 0);
  assert.ok(E.isLeft(epsilonAt(m, wavelengthToOmega(300e-6))));
});
