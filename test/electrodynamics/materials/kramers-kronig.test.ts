import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { wavenumberToOmega } from "../../../src/units.js";
import type { Material } from "../../../src/electrodynamics/materials/material.js";
import { sapphire } from "../../../src/electrodynamics/materials/sapphire.js";

/**
 * Kramers-Kronig: Re eps(w) - eps_inf = (2/pi) P int_0^inf w' Im eps(w') / (w'^2 - w^2) dw'.
 * The principal value is handled by subtracting Im eps(w) under the integral and adding
 * Im eps(w) * (1/2) ln((L^2 - w^2)/w^2) analytically; beyond the cut-off L the tail
 * Im eps ~ c / w' contributes c / L. Integration in cm^-1 by the trapezoid rule on a mesh much
 * finer (0.02 cm^-1) than the narrowest phonon width (1.9 cm^-1).
 */
const kkReal = (m: Material, epsInf: number, x: number): number => {
  const im = (xp: number) => m.epsilon(wavenumberToOmega(xp)).im;
  const imX = im(x);
  const mesh: number[] = [];
  for (let xp = 0; xp < 3000; xp += 0.02) mesh.push(xp);
  for (let i = 0; i <= 4000; i++) mesh.push(3000 * Math.pow(1e6 / 3000, i / 4000));
  const L = mesh[mesh.length - 1];
  const f = (xp: number) => (xp * (im(xp) - imX)) / (xp * xp - x * x);
  let integral = 0;
  let prev = f(mesh[0]);
  for (let i = 1; i < mesh.length; i++) {
    const cur = f(mesh[i]);
    integral += 0.5 * (prev + cur) * (mesh[i] - mesh[i - 1]);
    prev = cur;
  }
  const principal = imX * 0.5 * Math.log((L * L - x * x) / (x * x));
  const tail = im(L) * 1; // Im eps ~ c / x' beyond L: int_L^inf x' (c/x') / x'^2 dx' = c / L = Im eps(L)
  return epsInf + (2 / Math.PI) * (integral + principal + tail);
};

test("the factorised sapphire model is causal: Kramers-Kronig rebuilds Re eps from Im eps", () => {
  for (const ray of ["ordinary", "extraordinary"] as const) {
    const m = sapphire({ ray });
    assert.ok(E.isRight(m));
    const epsInf = ray === "ordinary" ? 3.072 : 3.077;
    for (const x of [43.0037, 300.011, 387.0133, 450.017, 700.019, 1500.013]) {
      const direct = m.right.epsilon(wavenumberToOmega(x));
      const rebuilt = kkReal(m.right, epsInf, x);
      const scale = Math.hypot(direct.re, direct.im);
      // Measured agreement is ~1e-6 relative; 1e-5 leaves room for the mesh, not for a wrong model.
      assert.ok(Math.abs(rebuilt - direct.re) < 1e-5 * scale, `${ray} at ${x} cm^-1: KK ${rebuilt} vs ${direct.re}`);
    }
  }
});

test("the far-IR loss term (Im eps ~ omega at all frequencies) has no Kramers-Kronig partner, as documented", () => {
  const m = sapphire({ farInfraredLoss: "palik-fir" });
  assert.ok(E.isRight(m));
  const x = 43.0037;
  const direct = m.right.epsilon(wavenumberToOmega(x)).re;
  // The linear term integrated to the 1e6 cm^-1 cut-off adds ~(2/pi) A L: far from Re eps.
  assert.ok(kkReal(m.right, 3.072, x) - direct > 10, "a purely imaginary, growing term is not causal on its own");
});
