import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { complex, abs, type Complex } from "../../../src/math/complex.js";
import { wavenumberToOmega } from "../../../src/units.js";
import type { Material } from "../../../src/electrodynamics/materials/material.js";
import {
  constantMaterial,
  drude,
  factorisedOscillators,
  lorentz,
  lyddaneSachsTellerStatic,
  type FactorisedMode,
} from "../../../src/electrodynamics/materials/models.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};

/** log grid of omegas [rad/s] from 1e9 to 1e17 */
const GRID = Array.from({ length: 801 }, (_, i) => 1e9 * Math.pow(1e8, i / 800));

const ordinarySapphireModes: FactorisedMode[] = [
  { wTO: 385.0, gTO: 3.3, wLO: 387.6, gLO: 3.1 },
  { wTO: 439.1, gTO: 3.1, wLO: 481.68, gLO: 1.9 },
  { wTO: 569.0, gTO: 4.7, wLO: 629.5, gLO: 5.9 },
  { wTO: 633.63, gTO: 5.0, wLO: 906.6, gLO: 14.7 },
];

const assertLossy = (m: Material, strict: boolean) => {
  for (const w of GRID) {
    if (w < m.domain[0]) continue;
    const e = m.epsilon(w);
    assert.ok(Number.isFinite(e.re) && Number.isFinite(e.im), `${m.name} finite at ${w}`);
    assert.ok(strict ? e.im > 0 : e.im >= 0, `${m.name}: Im eps = ${e.im} at omega = ${w}`);
  }
};

test("constant material: value everywhere, gain and NaN refused", () => {
  const m = right(constantMaterial("c", complex(2.25, 0.1)));
  assert.deepEqual(m.epsilon(1e13), complex(2.25, 0.1));
  assert.ok(E.isLeft(constantMaterial("g", complex(2, -0.1))));
  assert.ok(E.isLeft(constantMaterial("n", complex(Number.NaN, 0))));
  assert.ok(E.isLeft(constantMaterial("", complex(1, 0))));
});

test("factorised model (sapphire parameters): Im eps > 0 on a grid, eps -> eps_inf at high frequency", () => {
  const m = right(factorisedOscillators({ name: "s", epsInf: 3.072, modes: ordinarySapphireModes }));
  assertLossy(m, true);
  const w = wavenumberToOmega(906.6) * 1e4;
  const far = m.epsilon(w);
  assert.ok(abs(complex(far.re - 3.072, far.im)) < 1e-5, `eps(inf) = ${far.re} + ${far.im}i`);
  // Leading correction: each factor -> 1 + i (g_TO - g_LO)/w ... so Im eps ~ eps_inf sum (g_LO - g_TO) / w.
  const sumG = ordinarySapphireModes.reduce((s, md) => s + wavenumberToOmega(md.gLO - md.gTO), 0);
  assert.ok(Math.abs((far.im * w) / (3.072 * sumG) - 1) < 1e-3, `Im eps tail ${far.im}`);
});

test("factorised model: Lyddane-Sachs-Teller eps(0)/eps_inf = prod (w_LO/w_TO)^2 (exact at omega = 0 even with damping)", () => {
  const mode = fc
    .record({ wTO: fc.double({ min: 10, max: 2000, noNaN: true }), ratio: fc.double({ min: 1.001, max: 3, noNaN: true }) })
    .map(({ wTO, ratio }): FactorisedMode => ({ wTO, gTO: 0, wLO: wTO * ratio, gLO: 0 }));
  fc.assert(
    fc.property(fc.array(mode, { minLength: 1, maxLength: 4 }), fc.double({ min: 1, max: 20, noNaN: true }), (modes, epsInf) => {
      const m = right(factorisedOscillators({ name: "lst", epsInf, modes }));
      const e0 = m.epsilon(0);
      const lst = modes.reduce((acc, md) => acc * (md.wLO / md.wTO) ** 2, epsInf);
      assert.ok(Math.abs(e0.re - lst) <= 1e-12 * lst && e0.im === 0);
      assert.ok(Math.abs(lyddaneSachsTellerStatic(epsInf, modes) - lst) <= 1e-12 * lst);
    }),
    { numRuns: 100 },
  );
  const damped = right(factorisedOscillators({ name: "s", epsInf: 3.072, modes: ordinarySapphireModes }));
  const lst = lyddaneSachsTellerStatic(3.072, ordinarySapphireModes);
  assert.ok(Math.abs(damped.epsilon(0).re - lst) < 1e-12 * lst);
});

test("factorised model, nearly lossless: |eps| large at w_TO (pole), small at w_LO (zero)", () => {
  const tiny = 1e-6; // cm^-1
  const modes = ordinarySapphireModes.map((m) => ({ ...m, gTO: tiny, gLO: tiny }));
  const m = right(factorisedOscillators({ name: "lossless", epsInf: 3.072, modes }));
  for (const md of modes) {
    assert.ok(abs(m.epsilon(wavenumberToOmega(md.wTO))) > 1e4, `pole at ${md.wTO}`);
    assert.ok(abs(m.epsilon(wavenumberToOmega(md.wLO))) < 1e-3, `zero at ${md.wLO}`);
  }
});

test("factorised model refuses non-passive parameters and bad input", () => {
  // One mode with g_LO = 0 < g_TO: Im eps ~ omega g_TO (w_LO^2 - w^2) < 0 above w_LO.
  const bad = factorisedOscillators({ name: "gain", epsInf: 2, modes: [{ wTO: 100, gTO: 50, wLO: 110, gLO: 0 }] });
  assert.ok(E.isLeft(bad) && /not a passive/.test(bad.left.message));
  assert.ok(E.isLeft(factorisedOscillators({ name: "x", epsInf: 2, modes: [] })));
  assert.ok(E.isLeft(factorisedOscillators({ name: "x", epsInf: -1, modes: ordinarySapphireModes })));
  assert.ok(E.isLeft(factorisedOscillators({ name: "x", epsInf: 2, modes: [{ wTO: Number.NaN, gTO: 1, wLO: 2, gLO: 1 }] })));
});

test("Lorentz: Im eps > 0 for random passive parameters; eps(0) = eps_inf + sum S; eps -> eps_inf", () => {
  const osc = fc.record({
    strength: fc.double({ min: 0.01, max: 10, noNaN: true }),
    w0: fc.double({ min: 1e11, max: 1e15, noNaN: true }),
    gamma: fc.double({ min: 1e9, max: 1e14, noNaN: true }),
  });
  fc.assert(
    fc.property(fc.array(osc, { minLength: 1, maxLength: 3 }), fc.double({ min: 1, max: 10, noNaN: true }), (oscillators, epsInf) => {
      const m = right(lorentz({ epsInf, oscillators }));
      assertLossy(m, true);
      const s = oscillators.reduce((acc, o) => acc + o.strength, 0);
      assert.ok(Math.abs(m.epsilon(0).re - (epsInf + s)) < 1e-12 * (epsInf + s));
      const far = m.epsilon(1e22);
      assert.ok(Math.abs(far.re - epsInf) < 1e-6 && far.im < 1e-6);
    }),
    { numRuns: 30 },
  );
  assert.ok(E.isLeft(lorentz({ epsInf: 1, oscillators: [{ strength: -1, w0: 1e13, gamma: 1e11 }] })));
});

test("Drude: Im eps > 0, eps -> eps_inf, Re eps -> -wp^2/gamma^2 + eps_inf at low frequency", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e14, max: 2e16, noNaN: true }),
      fc.double({ min: 1e11, max: 1e14, noNaN: true }),
      fc.double({ min: 1, max: 10, noNaN: true }),
      (wp, gamma, epsInf) => {
        const m = right(drude({ epsInf, wp, gamma }));
        assertLossy(m, true);
        const far = m.epsilon(wp * 1e6);
        assert.ok(Math.abs(far.re - epsInf) < 1e-6 * epsInf);
        const low: Complex = m.epsilon(gamma * 1e-6);
        const expected = epsInf - (wp * wp) / (gamma * gamma);
        // Relative to the size of the terms (epsInf and wp^2/gamma^2 can nearly cancel).
        assert.ok(Math.abs(low.re - expected) < 1e-9 * (epsInf + (wp * wp) / (gamma * gamma)));
      },
    ),
    { numRuns: 30 },
  );
  assert.ok(E.isLeft(drude({ epsInf: 1, wp: 1e16, gamma: 0 })));
});
