import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { coefficientsAtParallel, halfSpace, slab } from "../../src/electrodynamics/planar.js";
import { constantEps, testHalfSpace, testSlab, unwrap } from "./helpers.js";

const omega = 1e14; // rad/s; k0 = 3.3e5 /m
const k0 = omega / 299792458;
const out = new Float64Array(8);
const abs2 = (i: number): number => out[i] ** 2 + out[i + 1] ** 2;

test("Kirchhoff: |rho|^2 + |tau|^2 <= 1 for a lossy slab on every propagating wave", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -20, max: 30, noNaN: true }),
      fc.double({ min: 1e-4, max: 10, noNaN: true }),
      fc.double({ min: 1e-3, max: 50, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (re, im, d, s) => {
        const r = unwrap(testSlab(re, im, d / k0).at(omega));
        r.coefficients(s, 0, out);
        for (const p of [0, 2]) {
          const total = abs2(p) + abs2(p + 4);
          assert.ok(total <= 1 + 1e-12, `eps=${re}+${im}i d=${d} s=${s} pol=${p}: ${total}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("Kirchhoff: |rho|^2 + |tau|^2 = 1 for real eps (no absorption), including eps < 0", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -20, max: 30, noNaN: true }).filter((x) => Math.abs(x) > 0.01),
      fc.double({ min: 1e-3, max: 50, noNaN: true }),
      fc.double({ min: 1e-6, max: 1, noNaN: true }),
      (re, d, s) => {
        const r = unwrap(testSlab(re, 0, d / k0).at(omega));
        r.coefficients(s, 0, out);
        for (const p of [0, 2]) {
          assert.ok(Math.abs(abs2(p) + abs2(p + 4) - 1) < 1e-10, `eps=${re} d=${d} s=${s}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("thick lossy slab tends to the half-space, with no overflow up to kappa = 1e8 k0", () => {
  const thick = unwrap(testSlab(4, 2, 1e3 / k0).at(omega)); // k0 delta = 1000
  const half = unwrap(testHalfSpace(4, 2).at(omega));
  const o2 = new Float64Array(8);
  for (const [sRe, sIm] of [
    [0.3, 0],
    [0, 0.5],
    [0, 10],
    [0, 1e4],
    [0, 1e8],
  ]) {
    thick.coefficients(sRe, sIm, out);
    half.coefficients(sRe, sIm, o2);
    for (let n = 0; n < 4; n++) {
      assert.ok(Number.isFinite(out[n]));
      assert.ok(Math.abs(out[n] - o2[n]) < 1e-12, `s=${sRe}+${sIm}i n=${n}`);
    }
    assert.ok(Math.hypot(out[4], out[5]) < 1e-100);
  }
});

test("Fresnel limits: normal incidence r = (1 - n)/(1 + n) for TE, -(TE) for TM; grazing r_TE -> -1", () => {
  const r = unwrap(testHalfSpace(2.25, 0).at(omega));
  r.coefficients(1, 0, out); // kz = k0: normal incidence
  assert.ok(Math.abs(out[0] - (1 - 1.5) / (1 + 1.5)) < 1e-15);
  assert.ok(Math.abs(out[2] + out[0]) < 1e-15);
  r.coefficients(1e-12, 0, out);
  assert.ok(Math.abs(out[0] + 1) < 1e-11);
});

test("guided-mode poles of a thin slab: located where the thin-film limit puts them, |rho| huge there", () => {
  // Thin-film limit (theory/green-tensor.md §4): sigma_TE = (eps - 1) d / 2, sigma_TM = (eps - 1) d / (2 eps).
  const eps = 9.437;
  const d = 1e-4;
  const r = unwrap(testSlab(eps, 0.0016, d / k0).at(omega));
  const poles = r.poles();
  const te = poles.filter((p) => p.polarisation === "TE");
  const tm = poles.filter((p) => p.polarisation === "TM");
  assert.equal(te.length, 1);
  assert.equal(tm.length, 1);
  assert.ok(Math.abs(te[0].sigma.re / (((eps - 1) * d) / 2) - 1) < 1e-3);
  assert.ok(Math.abs(tm[0].sigma.re / (((eps - 1) * d) / (2 * eps)) - 1) < 1e-3);
  for (const p of poles) {
    assert.ok(p.sigma.im > 0, "a lossy passive slab has its poles above the real kappa axis");
    r.coefficients(-p.sigma.im, p.sigma.re * (1 + 1e-12), out); // s = i sigma, at the pole
    const idx = p.polarisation === "TE" ? 0 : 2;
    assert.ok(Math.hypot(out[idx], out[idx + 1]) > 1e6, `${p.polarisation}: |rho| = ${Math.hypot(out[idx], out[idx + 1])}`);
  }
});

test("a half-space with eps < -1 has its surface-polariton pole at sigma = sqrt(-1/(eps + 1)) (lossless limit)", () => {
  const eps = -4;
  const r = unwrap(testHalfSpace(eps, 0.01).at(omega));
  const tm = r.poles().filter((p) => p.polarisation === "TM");
  assert.equal(tm.length, 1);
  assert.ok(Math.abs(tm[0].sigma.re - Math.sqrt(-1 / (eps + 1))) < 1e-3);
});

test("builders refuse bad input with a typed error", () => {
  const m = constantEps(2, 0.1);
  for (const t of [0, -1e-6, Number.NaN, Number.POSITIVE_INFINITY]) {
    const b = slab(m, t);
    assert.ok(E.isLeft(b) && b.left.kind === "BodyError" && b.left.message.includes("thickness"));
  }
  const narrow = unwrap(halfSpace(constantEps(2, 0.1, [1e13, 2e13])));
  const outside = narrow.at(5e13);
  assert.ok(E.isLeft(outside) && outside.left.kind === "BodyError" && outside.left.message.includes("no data"));
  assert.ok(E.isLeft(narrow.at(-1)));
});

test("coefficientsAtParallel: k = 0 is normal incidence, k > k0 evanescent, matching the s-form", () => {
  const r = unwrap(testSlab(4, 0.3, 0.2e-6).at(omega));
  const n = coefficientsAtParallel(r, 0);
  r.coefficients(1, 0, out);
  assert.equal(n.rhoTE.re, out[0]);
  assert.equal(n.tauTM.im, out[7]);
  const e = coefficientsAtParallel(r, 3 * k0);
  r.coefficients(0, Math.sqrt(8), out);
  assert.equal(e.rhoTM.re, out[2]);
  assert.equal(e.rhoTM.im, out[3]);
});
