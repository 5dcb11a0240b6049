import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { wavenumberToOmega } from "../../../src/units.js";
import {
  OMEGA_A,
  PALIK_FIR,
  SAPPHIRE_PARAMETERS,
  sapphire,
  withAddedLoss,
} from "../../../src/electrodynamics/materials/sapphire.js";
import { factorisedOscillators, lyddaneSachsTellerStatic } from "../../../src/electrodynamics/materials/models.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const GRID = Array.from({ length: 601 }, (_, i) => 1e10 * Math.pow(1e6, i / 600));

test("sapphire, both rays, with and without far-IR loss: Im eps > 0 on a grid; eps(0) is the LST value", () => {
  for (const ray of ["ordinary", "extraordinary"] as const) {
    for (const farInfraredLoss of [undefined, "palik-fir" as const]) {
      const m = right(sapphire({ ray, farInfraredLoss }));
      for (const w of GRID) assert.ok(m.epsilon(w).im > 0, `${m.name} at ${w}`);
      const p = SAPPHIRE_PARAMETERS[ray];
      const lst = lyddaneSachsTellerStatic(p.epsInf, p.modes);
      assert.ok(Math.abs(m.epsilon(0).re - lst) < 1e-12 * lst);
    }
  }
});

test("sapphire ordinary at omega_a: the model's Im eps is about ten times below the far-IR preset", () => {
  const model = right(sapphire()).epsilon(OMEGA_A);
  // Below all phonons the loss comes from the oscillators' tails only: order 1e-3 (BRIEF §4: ~0.0016).
  assert.ok(model.im > 1e-3 && model.im < 2.5e-3, `Im eps = ${model.im}`);
  const fir = right(sapphire({ farInfraredLoss: "palik-fir" }));
  assert.equal(fir.name, "sapphire-ordinary+fir");
  const e = fir.epsilon(OMEGA_A);
  assert.ok(Math.abs(e.im - 0.016) < 1e-15, `Im eps with FIR = ${e.im}`);
  assert.equal(e.re, model.re, "the added loss is purely imaginary");
  assert.ok(e.im / model.im > 5 && e.im / model.im < 20);
});

test("withAddedLoss: linear law doubles the added part at 2 omega, constant law keeps it; targets below the model refused", () => {
  const base = right(sapphire());
  const own = (w: number) => base.epsilon(w).im;
  const linear = right(withAddedLoss(base, { imEps: 0.02, atOmega: OMEGA_A, law: "linear" }));
  const constant = right(withAddedLoss(base, { imEps: 0.02, atOmega: OMEGA_A, law: "constant" }));
  const added = 0.02 - own(OMEGA_A);
  assert.ok(Math.abs(linear.epsilon(2 * OMEGA_A).im - own(2 * OMEGA_A) - 2 * added) < 1e-15);
  assert.ok(Math.abs(constant.epsilon(2 * OMEGA_A).im - own(2 * OMEGA_A) - added) < 1e-15);
  assert.ok(Math.abs(linear.epsilon(0).im) === 0, "linear loss vanishes at omega = 0");
  const tooLow = withAddedLoss(base, { imEps: 1e-4, atOmega: OMEGA_A, law: "linear" });
  assert.ok(E.isLeft(tooLow) && /only raise/.test(tooLow.left.message));
  assert.ok(E.isLeft(withAddedLoss(base, { imEps: 0.02, atOmega: -1, law: "linear" })));
  assert.equal(PALIK_FIR.atOmega, OMEGA_A);
});

test("omega_S - omega_a = 0.9 omega_S sits between the weak ordinary TO/LO pair, where eps swings (lossless limit: pole then zero)", () => {
  const w01 = 0.9 * 0.81e14;
  const [to, lo] = [SAPPHIRE_PARAMETERS.ordinary.modes[0].wTO, SAPPHIRE_PARAMETERS.ordinary.modes[0].wLO];
  assert.ok(w01 > wavenumberToOmega(to) && w01 < wavenumberToOmega(lo));
  // In the lossless model Re eps runs from +inf (just above the TO pole... reached from below) to 0 at the LO zero:
  const lossless = right(
    factorisedOscillators({
      name: "lossless",
      epsInf: SAPPHIRE_PARAMETERS.ordinary.epsInf,
      modes: SAPPHIRE_PARAMETERS.ordinary.modes.map((m) => ({ ...m, gTO: 0, gLO: 0 })),
    }),
  );
  const justAboveTO = lossless.epsilon(wavenumberToOmega(to + 0.01)).re;
  const justBelowLO = lossless.epsilon(wavenumberToOmega(lo - 0.01)).re;
  assert.ok(justAboveTO < 0 && Math.abs(justAboveTO) > 100, `Re eps just above TO = ${justAboveTO}`);
  assert.ok(Math.abs(justBelowLO) < 1, `Re eps just below LO = ${justBelowLO}`);
  // With damping the swing is smoothed, but a 1 cm^-1 shift of omega still changes eps by tens of percent.
  const damped = right(sapphire());
  const a = damped.epsilon(wavenumberToOmega(386.5));
  const b = damped.epsilon(wavenumberToOmega(387.5));
  const rel = Math.hypot(a.re - b.re, a.im - b.im) / Math.hypot(b.re, b.im);
  assert.ok(rel > 0.2, `relative change over 1 cm^-1 = ${rel}`);
});

test("sapphire refuses an unknown ray", () => {
  const r = sapphire({ ray: "sideways" as never });
  assert.ok(E.isLeft(r) && /unknown ray/.test(r.left.message));
});
