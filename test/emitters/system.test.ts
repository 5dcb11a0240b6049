/**
 * System builder and thermodynamics end to end, with the rates from a TEST DOUBLE
 * (test/emitters/fake-rates.ts), the real symbolic algebra and the real steady-state solver.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { buildSystemWith, describeSystem, rateListing, systemEquationLatex, systemEquationText, type EnvironmentRecord, type System } from "../../src/emitters/system.js";
import { paperEmitters, OMEGA_A } from "../../src/emitters/paper.js";
import { nLevel, qubit, type Emitter } from "../../src/emitters/emitter.js";
import { solveSystem, type SteadyReport } from "../../src/thermo/report.js";
import { proveHermiticityPreservation, proveTracePreservation } from "../../src/algebra/master-equation.js";
import { fakeRateSource, fakeTemperature, type FakeField } from "./fake-rates.js";
import type { ModelOptions } from "../../src/emitters/options.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const leftMessage = (e: E.Either<{ message: string }, unknown>): string => {
  assert.ok(E.isLeft(e), "expected an error");
  return e.left.message;
};
const envRecord = (TS: number, TW: number): EnvironmentRecord => ({ material: "test double", materialSource: null, thickness: null, TS, TW });

const build = (emitters: readonly Emitter[], field: FakeField, options: Partial<ModelOptions> = {}): E.Either<{ message: string }, System> =>
  buildSystemWith(fakeRateSource(field), emitters, envRecord(field.TS, field.TW), options);

const relClose = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)), `${what} ${a} vs ${b} (rel tol ${tol})`);

test("symbols are readable and every resonant pair on different emitters is found", () => {
  const s = right(build(right(paperEmitters({ qubits: 2 })), { TS: 900, TW: 300 }));
  const symbols = s.rates.map((r) => r.symbol);
  for (const expected of ["gamma+_{q1}", "gamma-_{q1}", "gamma+_{M01}", "gamma-_{M02}", "gamma+_{M12,q1}", "gamma-_{q1,q2}", "Lambda_{M12,q2}", "Lambda_{q1,q2}"]) {
    assert.ok(symbols.includes(expected), `missing ${expected} in ${symbols.join(" ")}`);
  }
  // resonant pairs: M12-q1, M12-q2, q1-q2 only (M01, M02 are far off resonance; no pairs within M)
  assert.deepEqual(
    s.plan.pairs.map((p) => `${p.i},${p.j}:${p.kind}`),
    ["M12,q1:machine-qubit", "M12,q2:machine-qubit", "q1,q2:qubit-qubit"],
  );
  const text = systemEquationText(s);
  assert.match(text, /Lambda_\{q1,q2\}/);
  assert.ok(systemEquationLatex(s).includes("\\Lambda"));
  const listing = rateListing(s);
  assert.match(listing, /gamma\+_\{q1\} = [0-9.e+-]+ s\^-1/);
  assert.match(listing, /Lambda_\{q1,q2\} = [0-9.e+-]+ rad\/s/);
  const account = describeSystem(s);
  for (const part of ["model: preset=literal", "rate unit:", "resonant pairs", "bound symbols:", "Lambda/gamma+_qubit", "fastest/slowest gamma+"]) {
    assert.ok(account.includes(part), `describeSystem lacks "${part}"`);
  }
});

test("resonance detection honours the stated relative tolerance", () => {
  const mk = (w2: number) => [
    right(qubit("a", { omega: 1e13, dipole: [1, 0, 0], position: [0, 0, 1e-6] })),
    right(qubit("b", { omega: w2, dipole: [1, 0, 0], position: [1e-5, 0, 1e-6] })),
  ];
  const inside = right(build(mk(1e13 * (1 + 5e-7)), { TS: 300, TW: 300 }, { resonanceTolerance: 1e-6 }));
  assert.equal(inside.plan.pairs.length, 1);
  relClose(inside.plan.pairs[0].detuning, 5e-7, 1e-6);
  const outside = right(build(mk(1e13 * (1 + 2e-6)), { TS: 300, TW: 300 }, { resonanceTolerance: 1e-6 }));
  assert.equal(outside.plan.pairs.length, 0);
  assert.ok(!outside.rates.some((r) => r.kind !== "emission" && r.kind !== "absorption"), "non-resonant: no collective terms, no Lambda");
});

test("the symbolic master equation preserves trace and Hermiticity (symbolic proofs), with complex collective rates", () => {
  const s = right(build(right(paperEmitters({ qubits: 2 })), { TS: 900, TW: 300, phase: 3e4 }));
  const collective = s.rates.filter((r) => r.kind === "collective-emission");
  assert.ok(collective.some((r) => Math.abs(r.value.im) > 1e-3 * Math.abs(r.value.re)), "test needs complex collective rates");
  const trace = proveTracePreservation(s.masterEquation);
  assert.ok(trace.holds, trace.holds ? "" : trace.message);
  const herm = proveHermiticityPreservation(s.masterEquation);
  assert.ok(herm.holds, herm.holds ? "" : herm.message);
});

test("equilibrium (TS = TW = T): every transition's theta equals T and the heat currents vanish", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 150, max: 1500, noNaN: true }),
      fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      fc.double({ min: 0, max: 3e4, noNaN: true }),
      (T, phi, phase) => {
        const s = right(build(right(paperEmitters({ qubits: 3, phi: phi, radius: 30e-6 })), { TS: T, TW: T, phase, lambda0: 3 }));
        const r = right(solveSystem(s));
        for (const t of r.transitions) relClose(t.theta, T, 1e-9, t.id);
        for (const e of r.heat.emitters) assert.ok(Math.abs(e.fromField) <= 1e-9 * r.heat.scale + 1e-300, `${e.emitter} ${e.fromField}`);
      },
    ),
    { numRuns: 8 },
  );
});

const solvePaper = (geometry: Parameters<typeof paperEmitters>[0], options: Partial<ModelOptions> = {}): SteadyReport => {
  const s = right(build(right(paperEmitters(geometry)), { TS: 900, TW: 300, lambda0: 20 }, options));
  return right(solveSystem(s));
};

test("regular square: theta_1 = theta_3 and theta_2 = theta_4 to solver accuracy", () => {
  const r = solvePaper({ z: 2.7e-6 });
  relClose(r.theta.q1, r.theta.q3, 1e-9, "q1/q3");
  relClose(r.theta.q2, r.theta.q4, 1e-9, "q2/q4");
  // M couples to q1, q3 (dipoles along x) and not to q2, q4 (dipoles along y): Lambda = 0 there
  const lam = (i: string, j: string) => r.couplings.pairs.find((p) => p.i === i && p.j === j)!.lambda;
  assert.ok(Math.abs(lam("M12", "q2")) <= 1e-12 * Math.abs(lam("M12", "q1")));
  assert.ok(Math.abs(lam("M12", "q4")) <= 1e-12 * Math.abs(lam("M12", "q1")));
  assert.ok(Math.abs(lam("M12", "q1")) > 0);
  // the machine does something to q1: it is not at its local field temperature
  assert.notEqual(r.tasks.q1, "none");
});

test("Fig. 5 shape: theta_1 = theta_3 for every alpha; at alpha = 0 qubit 4 decouples and sits at T_env of a normal dipole", () => {
  for (const alpha of [0, 0.4, 1.1, Math.PI / 2]) {
    const r = solvePaper({ alpha });
    relClose(r.theta.q1, r.theta.q3, 1e-9, `alpha ${alpha}`);
    if (alpha === 0) {
      const Tnormal = fakeTemperature({ TS: 900, TW: 300 }, [0, 0, 1], OMEGA_A);
      relClose(r.theta.q4, Tnormal, 1e-9, "theta_4(alpha = 0)");
      relClose(r.T_env.q4, Tnormal, 1e-12, "T_env of q4");
      assert.equal(r.tasks.q4, "none");
    }
  }
});

test("first law: the steady heat currents from the field sum to zero; each emitter's field and exchange currents cancel", () => {
  const r = solvePaper({ phi: 2.5 });
  assert.ok(r.heat.scale > 0);
  assert.ok(Math.abs(r.heat.total) <= 1e-8 * r.heat.scale, `total ${r.heat.total} vs scale ${r.heat.scale}`);
  for (const e of r.heat.emitters) assert.ok(Math.abs(e.fromField + e.fromExchange) <= 1e-8 * r.heat.scale, e.emitter);
  // out of equilibrium something actually flows, far above the first-law residual
  const largest = Math.max(...r.heat.emitters.map((e) => Math.abs(e.fromField)));
  assert.ok(largest > 1e4 * Math.abs(r.heat.total), `largest ${largest} vs total ${r.heat.total}`);
});

test("options are recorded; the paper preset scales Lambda by 1000 and adds the far-IR loss", () => {
  const literal = solvePaper({});
  const paper = solvePaper({}, { preset: "paper" });
  assert.equal(literal.options.preset, "literal");
  assert.equal(paper.options.preset, "paper");
  assert.equal(paper.options.lambdaScale, 1000);
  assert.ok(paper.options.farInfraredLoss !== null && paper.options.farInfraredLoss.imEps === 0.016);
  const l = literal.couplings.pairs.find((p) => p.i === "M12" && p.j === "q1")!;
  const p = paper.couplings.pairs.find((x) => x.i === "M12" && x.j === "q1")!;
  relClose(p.lambda, 1000 * l.lambda, 1e-12);
  relClose(p.lambdaOverQubitRate, 1000 * l.lambdaOverQubitRate, 1e-12);
  // explicit options win over the preset
  const custom = right(build(right(paperEmitters({})), { TS: 900, TW: 300 }, { preset: "paper", lambdaScale: 10, lambdaScaleQubitQubit: 0 }));
  assert.equal(custom.options.lambdaScale, 10);
  assert.equal(custom.couplings.pairs.find((x) => x.i === "q1" && x.j === "q2")!.lambda, 0);
});

test("dimensionless couplings: collective fraction in [0, 1], machine fast-to-slow ratio = max/min of its gamma+", () => {
  const s = right(build(right(paperEmitters({})), { TS: 900, TW: 300, lambda0: 20 }));
  for (const p of s.couplings.pairs) assert.ok(p.collectiveEmission >= 0 && p.collectiveEmission <= 1 + 1e-12, `${p.i},${p.j}`);
  const m = s.couplings.emitters.find((e) => e.emitter === "M")!;
  const g = (id: string) => s.transitions.find((t) => t.id === id)!.gammaPlus;
  const gs = ["M01", "M02", "M12"].map(g);
  relClose(m.fastToSlow, Math.max(...gs) / Math.min(...gs), 1e-12);
  assert.equal(Math.min(...gs), g("M12"));
  // equal dipoles: Gamma0 ~ omega^3, so the free-space part of the ratio is (omega_02/omega_12)^3 = 1000
  const free = (id: string) => s.transitions.find((t) => t.id === id)!.gammaFree;
  relClose(free("M02") / free("M12"), 1000, 1e-9);
  assert.equal(s.couplings.emitters.find((e) => e.emitter === "q1")!.fastToSlow, 1);
  const lq = s.couplings.pairs.find((p) => p.i === "M12" && p.j === "q1")!;
  relClose(lq.lambdaOverQubitRate, lq.lambda / g("q1"), 1e-12);
});

test("equal-free-space-rate convention gives every transition the same Gamma0", () => {
  const s = right(build(right(paperEmitters({ qubits: 1 })), { TS: 900, TW: 300 }, { dipoleConvention: "equal-free-space-rate" }));
  const g = s.transitions.map((t) => t.gammaFree);
  for (const x of g) relClose(x, g[0], 1e-12);
  const t = s.plan.transitions.find((x) => x.id === "M02")!;
  relClose(t.magnitude, 1e-29 * Math.pow(OMEGA_A / t.omega, 1.5), 1e-12);
});

test("collective dissipators can be switched off (Lambda stays)", () => {
  const s = right(build(right(paperEmitters({ qubits: 2 })), { TS: 900, TW: 300 }, { collective: false }));
  assert.ok(!s.rates.some((r) => r.kind === "collective-emission" || r.kind === "collective-absorption"));
  assert.ok(s.rates.some((r) => r.kind === "exchange"));
  assert.equal(s.masterEquation.dissipators.length, 2 * s.plan.transitions.length);
  right(solveSystem(s));
});

test("rate overrides: applied and flagged; unknown or swapped symbols are refused with a hint", () => {
  const es = right(paperEmitters({ qubits: 2 }));
  const computed = right(build(es, { TS: 900, TW: 300 }));
  const gp = computed.bindings["gamma+_{q1}"] as number;
  // raising a diagonal rate keeps [gamma_ij] PSD
  const s = right(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma+_{q1}": 3 * gp, "Lambda_{q1,q2}": 1234 } }));
  const g = s.rates.find((r) => r.symbol === "gamma+_{q1}")!;
  assert.equal(g.value.re, 3 * gp);
  assert.equal(g.computed.re, gp);
  assert.ok(g.overridden);
  assert.equal(s.bindings["Lambda_{q1,q2}"], 1234);
  // the local field temperature follows the overridden rates
  const q1 = s.transitions.find((t) => t.id === "q1")!;
  assert.ok(q1.Teff < computed.transitions.find((t) => t.id === "q1")!.Teff);
  // zeroing an absorption rate while its collective partner stays breaks positivity: refused
  assert.match(leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma-_{q1}": 0 } })), /not positive semidefinite.*gamma-_\{q1\} \(override\)/);
  assert.match(leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma+_{q7}": 1 } })), /unknown symbol "gamma\+_\{q7\}"/);
  assert.match(leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma+_{q2,q1}": 1 } })), /override gamma\+_\{q1,q2\}/);
  assert.match(leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma+_{q1}": -1 } })), /non-negative/);
  assert.match(leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "Lambda_{q1,q2}": { re: 1, im: 1 } } })), /must be real/);
});

test("a collective scale that breaks positivity of [gamma_ij] is refused with a clear message", () => {
  // two qubits 1 um apart: nearly fully collective (kernel ~ 0.98), so scaling by 1.5 is not PSD
  const es = [
    right(qubit("a", { omega: OMEGA_A, dipole: [1, 0, 0], position: [0, 0, 1e-6] })),
    right(qubit("b", { omega: OMEGA_A, dipole: [1, 0, 0], position: [1e-6, 0, 1e-6] })),
  ];
  right(build(es, { TS: 900, TW: 300 }, { collectiveScale: 1 }));
  right(build(es, { TS: 900, TW: 300 }, { collectiveScale: 0.5 }));
  const msg = leftMessage(build(es, { TS: 900, TW: 300 }, { collectiveScale: 1.5 }));
  assert.match(msg, /not positive semidefinite/);
  assert.match(msg, /collectiveScale = 1.5/);
  const byHand = leftMessage(build(es, { TS: 900, TW: 300 }, { rateOverrides: { "gamma+_{a,b}": { re: 0, im: 1e30 } } }));
  assert.match(byHand, /gamma\+_\{a,b\} \(override\)/);
});

test("plan errors: two emitters at one point, emitter below the surface, duplicate names, unknown option", () => {
  const a = right(qubit("a", { omega: OMEGA_A, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  const b = right(qubit("b", { omega: OMEGA_A, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  assert.match(leftMessage(build([a, b], { TS: 300, TW: 300 })), /same point/);
  const low = right(qubit("c", { omega: OMEGA_A, dipole: [1, 0, 0], position: [0, 0, -1e-6] }));
  assert.match(leftMessage(build([low], { TS: 300, TW: 300 })), /z > 0/);
  assert.match(leftMessage(build([a, a], { TS: 300, TW: 300 })), /two emitters are named "a"/);
  assert.match(leftMessage(build([a], { TS: 300, TW: 300 }, { lambdaSclae: 2 } as unknown as Partial<ModelOptions>)), /unknown model option\(s\) lambdaSclae/);
  assert.match(leftMessage(build([a], { TS: 300, TW: 300 }, { magnitudes: { zz: 1e-29 } })), /unknown transition\(s\) zz/);
});

test("a qubit off resonance with everything gets no coupling and stays exactly at its T_env; an n-level atom works end to end", () => {
  const es = right(paperEmitters({ qubits: 1 }));
  const off = right(qubit("x", { omega: 1.3 * OMEGA_A, dipole: [1, 0, 0], position: [0, 20e-6, 2.7e-6] }));
  const ladder = right(
    nLevel("A", {
      levels: ["g", "m", "u"],
      transitions: [
        { lower: "g", upper: "m", omega: OMEGA_A, dipole: [0, 1, 0] },
        { lower: "m", upper: "u", omega: 2 * OMEGA_A, dipole: [1, 0, 0] },
      ],
      position: [30e-6, 30e-6, 2.7e-6],
    }),
  );
  const s = right(build([...es, off, ladder], { TS: 900, TW: 300, lambda0: 20 }));
  assert.ok(!s.plan.pairs.some((p) => p.i === "x" || p.j === "x"));
  assert.deepEqual(s.plan.pairs.map((p) => `${p.i},${p.j}`), ["M12,q1", "M12,Agm", "q1,Agm"]);
  const r = right(solveSystem(s));
  relClose(r.theta.x, r.T_env.x, 1e-9, "off-resonant qubit");
  assert.equal(r.tasks.x, "none");
  assert.equal(r.principalTransition.A, "Agm");
  assert.ok(Math.abs(r.heat.total) <= 1e-8 * r.heat.scale);
});
