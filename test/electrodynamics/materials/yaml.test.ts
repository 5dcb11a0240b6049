import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { epsilonAt } from "../../../src/electrodynamics/materials/material.js";
import { readRefractiveIndexYaml } from "../../../src/electrodynamics/materials/refractiveindex-yaml.js";
import { wavelengthToOmega } from "../../../src/electrodynamics/materials/tabulated.js";
import { silicaMalitson } from "../../../src/electrodynamics/materials/index.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const omegaUm = (um: number) => wavelengthToOmega(um * 1e-6);

test("YAML round trip: rows written as 'tabulated nk' read back to the same n, k", () => {
  const rows = [
    [2.5, 1.71, 0.0],
    [5.0, 1.62, 0.003],
    [10.0, 0.93, 0.65],
    [12.5, 2.8, 1.9],
    [40.0, 3.3, 0.04],
  ];
  const text = [
    "REFERENCES: \"made-up test data\"",
    "DATA:",
    "  - type: tabulated nk",
    "    data: |",
    ...rows.map((r) => `        ${r.join(" ")}`),
    "",
  ].join("\n");
  const m = right(readRefractiveIndexYaml(text, "roundtrip"));
  for (const [wl, n, k] of rows) {
    const e = right(epsilonAt(m, omegaUm(wl)));
    assert.ok(Math.abs(e.re - (n * n - k * k)) < 1e-10 && Math.abs(e.im - 2 * n * k) < 1e-10, `at ${wl} um`);
  }
  assert.ok(/made-up test data/.test(m.source));
  assert.ok(E.isLeft(epsilonAt(m, omegaUm(41))));
  assert.ok(E.isLeft(epsilonAt(m, omegaUm(2.4))));
});

test("YAML formula 1 and formula 2 (Sellmeier) agree with each other and with fused silica's known n_d", () => {
  const c1 = "0 0.6961663 0.0684043 0.4079426 0.1162414 0.8974794 9.896161";
  const c2 = `0 0.6961663 ${0.0684043 ** 2} 0.4079426 ${0.1162414 ** 2} 0.8974794 ${9.896161 ** 2}`;
  const yaml = (type: string, coefficients: string) =>
    `DATA:\n  - type: ${type}\n    wavelength_range: 0.21 3.71\n    coefficients: ${coefficients}\n`;
  const f1 = right(readRefractiveIndexYaml(yaml("formula 1", c1), "f1"));
  const f2 = right(readRefractiveIndexYaml(yaml("formula 2", c2), "f2"));
  const builtIn = right(silicaMalitson());
  for (const wl of [0.25, 0.5876, 1.0, 1.55, 3.0]) {
    const a = f1.epsilon(omegaUm(wl));
    const b = f2.epsilon(omegaUm(wl));
    const c = builtIn.epsilon(omegaUm(wl));
    assert.ok(Math.abs(a.re - b.re) < 1e-9 && Math.abs(a.re - c.re) < 1e-9 && a.im === 0);
  }
  // Fused silica at the helium d line (587.6 nm): n_d = 1.4585 (Malitson 1965).
  assert.ok(Math.abs(Math.sqrt(f1.epsilon(omegaUm(0.5876)).re) - 1.4585) < 2e-4);
  assert.ok(E.isLeft(epsilonAt(f1, omegaUm(5))));
});

test("YAML formula for n plus tabulated k: eps = (n + ik)^2, domain is the overlap", () => {
  const text = `DATA:
  - type: formula 5
    wavelength_range: 1 20
    coefficients: 1.5 0.01 -2
  - type: tabulated k
    data: |
        2 0.001
        10 0.01
        30 0.1
`;
  const m = right(readRefractiveIndexYaml(text, "cauchy+k"));
  const n = 1.5 + 0.01 * 10 ** -2;
  const e = right(epsilonAt(m, omegaUm(10)));
  assert.ok(Math.abs(e.re - (n * n - 1e-4)) < 1e-10 && Math.abs(e.im - 2 * n * 0.01) < 1e-10);
  assert.ok(E.isLeft(epsilonAt(m, omegaUm(1.5))), "below the k table");
  assert.ok(E.isLeft(epsilonAt(m, omegaUm(25))), "beyond the formula range");
});

test("YAML reader: malformed files give errors that name the problem", () => {
  const cases: [string, RegExp][] = [
    ["DATA: [", /not valid YAML/],
    ["just a string", /mapping/],
    ["REFERENCES: x\n", /DATA/],
    ["DATA:\n  - data: |\n      1 2 3\n", /no "type"/],
    ["DATA:\n  - type: tabulated nk\n    data: |\n        1 2 3\n        2 2\n", /line 2/],
    ["DATA:\n  - type: tabulated nk\n    data: |\n        1 2 3\n", /at least two rows/],
    ["DATA:\n  - type: formula 2\n    coefficients: 0 1 0.01\n", /wavelength_range/],
    ["DATA:\n  - type: formula 12\n    wavelength_range: 1 2\n    coefficients: 1\n", /formulas are 1..9/],
    ["DATA:\n  - type: tabulated weird\n", /unsupported type/],
    ["DATA:\n  - type: tabulated nk\n    data: |\n        1 2 -3\n        2 2 0\n", /n and k must be >= 0/],
    ["DATA:\n  - type: formula 3\n    wavelength_range: 1 2\n    coefficients: -5\n", /gives n = NaN/],
    ["DATA:\n  - type: tabulated k\n    data: |\n        1 0\n        2 0\n", /one source of n/],
  ];
  for (const [text, pattern] of cases) {
    const r = readRefractiveIndexYaml(text, "bad");
    assert.ok(E.isLeft(r), `accepted: ${text}`);
    assert.ok(pattern.test(r.left.message), `"${r.left.message}" should match ${pattern}`);
  }
});
