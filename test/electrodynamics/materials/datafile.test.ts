import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import { wavenumberToOmega } from "../../../src/units.js";
import { epsilonAt } from "../../../src/electrodynamics/materials/material.js";
import { readRefractiveIndexYaml } from "../../../src/electrodynamics/materials/refractiveindex-yaml.js";
import { OMEGA_A, sapphire } from "../../../src/electrodynamics/materials/sapphire.js";

test("data/materials/sapphire-ordinary-gp1974.yml (the model as a table) agrees with the model between its rows", () => {
  const text = readFileSync("data/materials/sapphire-ordinary-gp1974.yml", "utf8");
  const table = readRefractiveIndexYaml(text, "sapphire-table");
  const model = sapphire();
  assert.ok(E.isRight(table) && E.isRight(model));
  let worst = 0;
  // Off-grid probes: 0.13 cm^-1 past each multiple of 7 cm^-1, through the phonon bands.
  for (let wn = 21.13; wn < 1190; wn += 7) {
    const w = wavenumberToOmega(wn);
    const a = table.right.epsilon(w);
    const b = model.right.epsilon(w);
    worst = Math.max(worst, Math.hypot(a.re - b.re, a.im - b.im) / Math.hypot(b.re, b.im));
  }
  assert.ok(worst < 1e-3, `worst relative interpolation error ${worst}`);
  const atA = table.right.epsilon(OMEGA_A);
  assert.ok(Math.abs(atA.im / model.right.epsilon(OMEGA_A).im - 1) < 1e-2, "far-IR loss kept");
  assert.ok(E.isLeft(epsilonAt(table.right, wavenumberToOmega(10))), "below 20 cm^-1 is outside the table");
});
