import { test } from "node:test";
import assert from "node:assert/strict";
import { freeGreen, imFreeGreen, reflectedGreen, slabEmission, sommerfeldKernel } from "../../src/electrodynamics/green.js";
import { integrate } from "../../src/electrodynamics/quadrature.js";
import type { PlanarResponse } from "../../src/electrodynamics/planar.js";
import { testHalfSpace, testSlab, unwrap } from "./helpers.js";

const omega = 3e14;
const k0 = omega / 299792458; // 1.0e6 /m

test("Im G0(r, r) = k0/(6 pi) I and the closed form is continuous as R -> 0", () => {
  const im0 = imFreeGreen(k0, [0, 0, 0]);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) assert.ok(Math.abs(im0[3 * a + b] - (a === b ? k0 / (6 * Math.PI) : 0)) < 1e-12 * k0);
  }
  // series/closed-form switch at k0 R = 1 and the full complex G0
  for (const x of [1e-6, 0.5, 0.999999, 1.000001, 3, 20]) {
    const sep: [number, number, number] = [(0.6 * x) / k0, (0.8 * x) / k0, 0];
    const g = freeGreen(k0, sep);
    // closed-form imaginary part straight from the definition (reference, fine away from x -> 0)
    if (x > 0.1) {
      const s = Math.sin(x);
      const c = Math.cos(x);
      const diag = (s * (1 - 1 / (x * x)) + c / x) / (4 * Math.PI * (x / k0));
      const uu = (s * (-1 + 3 / (x * x)) - (3 * c) / x) / (4 * Math.PI * (x / k0));
      assert.ok(Math.abs(g.im[0] - (diag + 0.36 * uu)) < 1e-12 * k0, `x=${x} xx`);
      assert.ok(Math.abs(g.im[1] - 0.48 * uu) < 1e-12 * k0, `x=${x} xy`);
    } else {
      assert.ok(Math.abs(g.im[0] - k0 / (6 * Math.PI)) < 1e-9 * k0);
    }
  }
});

test("angular spectrum: the plane-wave integral of Im G0(r, r) gives k0/(6 pi) I", () => {
  // Im G0(r, r) = 1/(8 pi^2) Int_{k<k0} d^2k/kz sum_p e_p e_p^T; after the azimuth and k dk/kz = -dkz:
  // xx = 1/(8 pi) Int_0^k0 dkz (1 + kz^2/k0^2), zz = 1/(4 pi) Int_0^k0 dkz (1 - kz^2/k0^2).
  const r = integrate((kz, out) => {
    out[0] = (1 + (kz * kz) / (k0 * k0)) / (8 * Math.PI);
    out[1] = (1 - (kz * kz) / (k0 * k0)) / (4 * Math.PI);
  }, [0, k0], 2, { relTol: 1e-14, absTol: 0 });
  assert.ok(Math.abs(r.value[0] / (k0 / (6 * Math.PI)) - 1) < 1e-13);
  assert.ok(Math.abs(r.value[1] / (k0 / (6 * Math.PI)) - 1) < 1e-13);
});

/**
 * Direct 2-D evaluation of G_R and A_S from the plane-wave formulas of BRIEF §3 (no Bessel
 * reduction): outer adaptive quadrature over kz in [0, k0] and kappa in [0, kappaMax], inner
 * trapezoidal rule over phi_k (exponentially accurate for a periodic integrand).
 */
const direct = (resp: PlanarResponse, ri: readonly number[], rj: readonly number[]) => {
  const Rx = ri[0] - rj[0];
  const Ry = ri[1] - rj[1];
  const Z = ri[2] + rj[2];
  const dZ = ri[2] - rj[2];
  const N = 256;
  const coef = new Float64Array(8);
  // out: G_R 9 complex (18), A_S 9 complex (18)
  const body = (evanescent: boolean) => (x: number, out: Float64Array) => {
    out.fill(0);
    // kz complex
    const kzRe = evanescent ? 0 : x;
    const kzIm = evanescent ? x : 0;
    const k = evanescent ? Math.sqrt(k0 * k0 + x * x) : Math.sqrt(Math.max(k0 * k0 - x * x, 0));
    resp.coefficients(kzRe / k0, kzIm / k0, coef);
    const rho = [
      [coef[0], coef[1]],
      [coef[2], coef[3]],
    ];
    const absorb = [1 - coef[0] ** 2 - coef[1] ** 2 - coef[4] ** 2 - coef[5] ** 2, 1 - coef[2] ** 2 - coef[3] ** 2 - coef[6] ** 2 - coef[7] ** 2];
    for (let n = 0; n < N; n++) {
      const phi = (2 * Math.PI * n) / N;
      const c = Math.cos(phi);
      const s = Math.sin(phi);
      // polarisation vectors, complex components (re, im)
      const eTE = [
        [-s, 0],
        [c, 0],
        [0, 0],
      ];
      // e_TM^+ = (-kz c, -kz s, k)/k0, e_TM^- = (kz c, kz s, k)/k0
      const ePlus = [
        [(-kzRe * c) / k0, (-kzIm * c) / k0],
        [(-kzRe * s) / k0, (-kzIm * s) / k0],
        [k / k0, 0],
      ];
      const eMinus = [
        [(kzRe * c) / k0, (kzIm * c) / k0],
        [(kzRe * s) / k0, (kzIm * s) / k0],
        [k / k0, 0],
      ];
      const phase = k * (c * Rx + s * Ry);
      // G_R integrand: i/(8 pi^2) (1/kz) rho e+ e-^T e^{i k.R} e^{i kz Z}, times k dk (Jacobian below)
      const ezRe = Math.exp(-kzIm * Z) * Math.cos(kzRe * Z);
      const ezIm = Math.exp(-kzIm * Z) * Math.sin(kzRe * Z);
      const pRe = Math.cos(phase);
      const pIm = Math.sin(phase);
      const fRe = ezRe * pRe - ezIm * pIm;
      const fIm = ezRe * pIm + ezIm * pRe;
      // A_S factor: propagating e^{i kz dZ} e^{ik.R} (1/kz); evanescent e^{-kappa Z} e^{ik.R} (1/kappa)
      const aRe = evanescent ? Math.exp(-x * Z) * pRe : Math.cos(x * dZ) * pRe - Math.sin(x * dZ) * pIm;
      const aIm = evanescent ? Math.exp(-x * Z) * pIm : Math.cos(x * dZ) * pIm + Math.sin(x * dZ) * pRe;
      const pols = [
        [eTE, eTE, eTE],
        [ePlus, eMinus, ePlus],
      ];
      for (let p = 0; p < 2; p++) {
        const [ep, em] = pols[p];
        const wS = evanescent ? 2 * rho[p][1] : absorb[p];
        for (let a = 0; a < 3; a++) {
          for (let b = 0; b < 3; b++) {
            // ep_a em_b
            const mRe = ep[a][0] * em[b][0] - ep[a][1] * em[b][1];
            const mIm = ep[a][0] * em[b][1] + ep[a][1] * em[b][0];
            // rho * m * f
            const t1Re = rho[p][0] * mRe - rho[p][1] * mIm;
            const t1Im = rho[p][0] * mIm + rho[p][1] * mRe;
            out[2 * (3 * a + b)] += (t1Re * fRe - t1Im * fIm) / N;
            out[2 * (3 * a + b) + 1] += (t1Re * fIm + t1Im * fRe) / N;
            // ep_a conj(ep_b)
            const hRe = ep[a][0] * ep[b][0] + ep[a][1] * ep[b][1];
            const hIm = ep[a][1] * ep[b][0] - ep[a][0] * ep[b][1];
            out[18 + 2 * (3 * a + b)] += (wS * (hRe * aRe - hIm * aIm)) / N;
            out[18 + 2 * (3 * a + b) + 1] += (wS * (hRe * aIm + hIm * aRe)) / N;
          }
        }
      }
    }
  };
  // d^2k = k dk dphi = 2 pi k dk <avg over phi>. Propagating: k dk / kz = dkz -> G_R gets i/(8pi^2) * 2pi,
  // A_S gets 1/(16 pi^2) * 2 pi. Evanescent: k dk / kz = -i dkappa; k dk / kappa = dkappa.
  const tol = { relTol: 1e-10, absTol: 1e-8 };
  const kMax = 45 / Z;
  const prop = integrate(body(false), [0, 0.5 * k0, k0], 36, tol);
  const evan = integrate(body(true), [0, 0.01 * k0, 0.1 * k0, k0, 4 / Z, 16 / Z, kMax], 36, tol);
  const G = { re: new Float64Array(9), im: new Float64Array(9) };
  const A = { re: new Float64Array(9), im: new Float64Array(9) };
  for (let n = 0; n < 9; n++) {
    // G: (i/(4 pi)) prop + (1/(4 pi)) evan
    G.re[n] = (-prop.value[2 * n + 1] + evan.value[2 * n]) / (4 * Math.PI);
    G.im[n] = (prop.value[2 * n] + evan.value[2 * n + 1]) / (4 * Math.PI);
    A.re[n] = (prop.value[18 + 2 * n] + evan.value[18 + 2 * n]) / (8 * Math.PI);
    A.im[n] = (prop.value[19 + 2 * n] + evan.value[19 + 2 * n]) / (8 * Math.PI);
  }
  return { G, A };
};

const bessel = (resp: PlanarResponse, ri: readonly number[], rj: readonly number[], relTol = 1e-11) => {
  const R = Math.hypot(ri[0] - rj[0], ri[1] - rj[1]);
  const phi = Math.atan2(ri[1] - rj[1], ri[0] - rj[0]);
  const kernel = sommerfeldKernel(resp, ri[2], rj[2], R, { relTol });
  return { G: reflectedGreen(kernel, phi), A: slabEmission(kernel, phi), kernel };
};

test("Bessel-reduced G_R and A_S equal the direct 2-D (k, phi_k) quadrature, all nine components, off-diagonal geometry", () => {
  const resp = unwrap(testSlab(3, 0.5, 0.3e-6).at(omega));
  const ri = [0.9e-6, -0.7e-6, 1.0e-6];
  const rj = [-0.2e-6, 0.4e-6, 0.6e-6];
  const d = direct(resp, ri, rj);
  const b = bessel(resp, ri, rj);
  let scale = 0;
  for (let n = 0; n < 9; n++) scale = Math.max(scale, Math.abs(d.G.re[n]), Math.abs(d.G.im[n]));
  let scaleA = 0;
  for (let n = 0; n < 9; n++) scaleA = Math.max(scaleA, Math.abs(d.A.re[n]), Math.abs(d.A.im[n]));
  for (let n = 0; n < 9; n++) {
    assert.ok(Math.abs(b.G.tensor.re[n] - d.G.re[n]) < 1e-7 * scale, `G re ${n}: ${b.G.tensor.re[n]} vs ${d.G.re[n]}`);
    assert.ok(Math.abs(b.G.tensor.im[n] - d.G.im[n]) < 1e-7 * scale, `G im ${n}: ${b.G.tensor.im[n]} vs ${d.G.im[n]}`);
    assert.ok(Math.abs(b.A.tensor.re[n] - d.A.re[n]) < 1e-7 * scaleA, `A re ${n}: ${b.A.tensor.re[n]} vs ${d.A.re[n]}`);
    assert.ok(Math.abs(b.A.tensor.im[n] - d.A.im[n]) < 1e-7 * scaleA, `A im ${n}: ${b.A.tensor.im[n]} vs ${d.A.im[n]}`);
  }
  // the geometry really is off-diagonal: every component is non-zero
  for (let n = 0; n < 9; n++) assert.ok(Math.hypot(d.G.re[n], d.G.im[n]) > 1e-3 * scale, `component ${n} vanishes`);
});

test("reciprocity G_R(r, r') = G_R(r', r)^T, and A_S(ri, rj) = A_S(rj, ri)^dagger", () => {
  const resp = unwrap(testSlab(-3, 1.2, 0.2e-6).at(omega));
  const ri = [0.5e-6, 1.1e-6, 0.4e-6];
  const rj = [-0.3e-6, -0.2e-6, 0.9e-6];
  const ij = bessel(resp, ri, rj);
  const ji = bessel(resp, rj, ri);
  let scale = 0;
  for (let n = 0; n < 9; n++) scale = Math.max(scale, Math.hypot(ij.G.tensor.re[n], ij.G.tensor.im[n]));
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const n = 3 * a + b;
      const t = 3 * b + a;
      assert.ok(Math.abs(ij.G.tensor.re[n] - ji.G.tensor.re[t]) < 1e-9 * scale);
      assert.ok(Math.abs(ij.G.tensor.im[n] - ji.G.tensor.im[t]) < 1e-9 * scale);
      assert.ok(Math.abs(ij.A.tensor.re[n] - ji.A.tensor.re[t]) < 1e-9 * scale);
      assert.ok(Math.abs(ij.A.tensor.im[n] + ji.A.tensor.im[t]) < 1e-9 * scale);
    }
  }
  // G_R is not Hermitian-symmetric in general: the antisymmetric xz part is real and non-zero
  assert.ok(Math.abs(ij.G.tensor.re[2] + ij.G.tensor.re[6]) > 1e-6 * scale || Math.abs(ij.G.tensor.re[2]) > 1e-3 * scale);
});

test("perfect-conductor limit, near field: G_R = image dipole, zz = 1/(16 pi k0^2 z^3), xx = 1/(32 pi k0^2 z^3)", () => {
  const z = 1e-3 / k0; // k0 z = 1e-3
  for (const resp of [unwrap(testHalfSpace(1e12, 1e12).at(omega)), unwrap(testSlab(1e12, 1e12, 1).at(omega))]) {
    const g = reflectedGreen(sommerfeldKernel(resp, z, z, 0, { relTol: 1e-10 }), 0).tensor;
    const zz = 1 / (16 * Math.PI * k0 * k0 * z ** 3);
    // corrections are O((k0 z)^2) ~ 1e-6 and O(1/sqrt|eps|) ~ 1e-6
    assert.ok(Math.abs(g.re[8] / zz - 1) < 1e-5, `zz ${g.re[8]} vs ${zz}`);
    assert.ok(Math.abs(g.re[0] / (zz / 2) - 1) < 1e-5, `xx ${g.re[0]} vs ${zz / 2}`);
    assert.ok(Math.abs(g.re[4] / (zz / 2) - 1) < 1e-5);
    for (const n of [1, 2, 3, 5, 6, 7]) assert.ok(Math.abs(g.re[n]) < 1e-12 * zz);
  }
});

test("A_S(r, r): its evanescent part equals the evanescent part of Im G_R (same plane waves, same weights)", () => {
  // With the propagating absorptivity removed (real eps => a_p = 0 on propagating waves), A_S(r, r)
  // must equal Im G_R(r, r) minus its propagating part. Check through the kernel: v_n = 2 Im(g_n^evanescent).
  const resp = unwrap(testSlab(6, 0.8, 0.1e-6).at(omega));
  const z = 0.3e-6;
  const k = sommerfeldKernel(resp, z, z, 0, { relTol: 1e-11 });
  // evanescent-only kernel of G_R: subtract the propagating part computed independently
  const prop = integrate((s, out) => {
    const c = new Float64Array(8);
    resp.coefficients(s, 0, c);
    const e = [Math.cos(2 * s * k0 * z), Math.sin(2 * s * k0 * z)];
    // i * rho e: imaginary part of i*(a+ib)(c+id) = Re((a+ib)(c+id))
    out[0] = c[0] * e[0] - c[1] * e[1];
    out[1] = (c[2] * e[0] - c[3] * e[1]) * s * s;
    out[2] = (c[2] * e[0] - c[3] * e[1]) * (1 - s * s);
  }, [0, 1], 3, { relTol: 1e-12, absTol: 0 });
  const imTE = k.g[1] - prop.value[0];
  const imTM0 = k.g[5] - prop.value[1]; // Im of -sigma^2 rhoTM e (evanescent) = -(v2/2)
  const imTMz = k.g[11] - prop.value[2];
  assert.ok(Math.abs(k.v[0] - 2 * imTE) < 1e-9 * Math.abs(k.v[0]));
  assert.ok(Math.abs(k.v[2] + 2 * imTM0) < 1e-9 * Math.abs(k.v[2]));
  assert.ok(Math.abs(k.v[5] - 2 * imTMz) < 1e-9 * Math.abs(k.v[5]));
});

test("quadrature converges when the tolerance tightens, and the reported error bounds the true error", () => {
  const resp = unwrap(testSlab(9.437, 0.0016, 0.05e-6).at(8.1e12)); // guided-mode poles near k0
  const z = 2.7e-6;
  const R = 75e-6;
  // Near the TM0 pole (relative width 2e-5) rho itself carries ~1e-16/2e-5 relative rounding, so
  // 1e-11 is about the floor of double precision here; the reference asks for it.
  const ref = sommerfeldKernel(resp, z, z, R, { relTol: 1e-11, absTol: 1e-15 });
  let previous = Infinity;
  for (const relTol of [1e-4, 1e-6, 1e-8]) {
    const k = sommerfeldKernel(resp, z, z, R, { relTol, absTol: relTol * 1e-3 });
    assert.ok(k.converged);
    let worst = 0;
    for (let n = 0; n < 12; n++) {
      const err = Math.abs(k.g[n] - ref.g[n]);
      assert.ok(err <= k.gError[n] + ref.gError[n], `relTol ${relTol} g[${n}]: true ${err} > estimate ${k.gError[n]}`);
      worst = Math.max(worst, err);
    }
    for (let n = 0; n < 6; n++) {
      const err = Math.abs(k.v[n] - ref.v[n]);
      assert.ok(err <= k.vError[n] + ref.vError[n], `relTol ${relTol} v[${n}]`);
      worst = Math.max(worst, err);
    }
    assert.ok(worst < previous);
    previous = worst;
  }
});

test("Wynn-extrapolated evanescent tail agrees with plain adaptive integration (R >> z) within the error estimates", () => {
  const resp = unwrap(testSlab(9.437, 0.016, 0.05e-6).at(8.1e12));
  for (const [z, R] of [
    [0.3e-6, 75e-6],
    [2.7e-6, 150e-6],
    [0.1e-6, 5e-6],
  ]) {
    const fast = sommerfeldKernel(resp, z, z, R, { relTol: 1e-8, absTol: 1e-9 });
    const plain = sommerfeldKernel(resp, z, z, R, { relTol: 1e-8, absTol: 1e-9, accelerateTail: false });
    assert.ok(fast.converged && plain.converged);
    assert.ok(fast.evaluations < plain.evaluations);
    for (let n = 0; n < 12; n++) {
      assert.ok(Math.abs(fast.g[n] - plain.g[n]) <= fast.gError[n] + plain.gError[n], `z=${z} R=${R} g[${n}]`);
    }
    for (let n = 0; n < 6; n++) {
      assert.ok(Math.abs(fast.v[n] - plain.v[n]) <= fast.vError[n] + plain.vError[n], `z=${z} R=${R} v[${n}]`);
    }
  }
});
