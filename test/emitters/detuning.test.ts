/**
 * Near-resonant pairs: the detuning stays in the Hamiltonian as level shifts of the rotating frame
 * (src/emitters/plan.ts rotatingFrame, theory/master-equation.md "Near-resonant pairs").
 *
 * The analytic check: two qubits with local rates and an exchange Lambda, collective terms off. The
 * only coherence H can create is c = <eg|rho|ge>; its equation is exact and linear,
 *   dc/dt = -(Gamma_c + i Delta) c - i Lambda (P_ge - P_eg),  Gamma_c = (g1+ + g1- + g2+ + g2-)/2,
 * so at the steady state the populations obey a classical rate equation with the transfer rate
 * W = 2 Lambda^2 Gamma_c / (Gamma_c^2 + Delta^2). A detuned pair with coupling Lambda therefore has
 * exactly the populations of the resonant pair with Lambda' = Lambda Gamma_c / sqrt(Gamma_c^2 + Delta^2).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { complex } from "../../src/math/complex.js";
import { buildSystemWith, systemEquationText, type EnvironmentRecord, type System } from "../../src/emitters/system.js";
import { nLevel, qubit, threeLevel, type Emitter } from "../../src/emitters/emitter.js";
import type { RateSource } from "../../src/emitters/rate-source.js";
import type { ModelOptions } from "../../src/emitters/options.js";
import { solveSystem } from "../../src/thermo/report.js";
import { proveHermiticityPreservation, proveTracePreservation } from "../../src/algebra/master-equation.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const record: EnvironmentRecord = { material: "test double", materialSource: null, thickness: null, TS: 0, TW: 0 };

interface HandRates {
  readonly local: Readonly<Record<string, readonly [number, number]>>; // id -> [gamma+, gamma-] s^-1
  readonly lambda: number; // rad/s, every pair
}

/** Rates given by hand (s^-1, rad/s); no collective rates are needed with collective: false. */
const handSource =
  (r: HandRates): RateSource =>
  (transitions, pairs) =>
    E.right({
      local: transitions.map((t) => {
        const [gp, gm] = r.local[t.id] ?? [1, 0.5];
        return { id: t.id, omega: t.omega, gammaPlus: gp, gammaMinus: gm, gammaFree: 1, relError: 0 };
      }),
      pairs: pairs.map(([i, j]) => ({ i, j, omega: 0, gammaPlus: complex(0), gammaMinus: complex(0), lambda: r.lambda, relError: 0 })),
    });

const OMEGA = 1e13; // rad/s

const twoQubits = (delta: number): readonly Emitter[] => [
  right(qubit("a", { omega: OMEGA + delta / 2, dipole: [1, 0, 0], position: [0, 0, 1e-6] })),
  right(qubit("b", { omega: OMEGA - delta / 2, dipole: [1, 0, 0], position: [1e-5, 0, 1e-6] })),
];

const build = (emitters: readonly Emitter[], r: HandRates, options: Partial<ModelOptions> = {}): System =>
  right(buildSystemWith(handSource(r), emitters, record, { collective: false, ...options }));

const excited = (s: System, name: string): number => {
  const report = right(solveSystem(s));
  const pops = report.populations[name];
  return pops.e;
};

test("a detuned pair keeps its detuning as level shifts delta_{e,l}; an exact one has none", () => {
  const rates: HandRates = { local: { a: [1.3, 0.7], b: [1, 0.1] }, lambda: 0.8 };
  const exact = build(twoQubits(0), rates);
  assert.equal(exact.plan.levelShifts.length, 0);
  assert.ok(!/delta_/.test(systemEquationText(exact)), "no shift symbols at exact resonance");
  const detuned = build(twoQubits(2.5), rates);
  assert.deepEqual(
    detuned.plan.levelShifts.map((l) => [l.emitter, l.level]),
    [["a", "e"], ["b", "e"]],
  );
  // the frame rotates at the mean frequency: shifts +Delta/2 and -Delta/2 (to the rounding of omega +- 1.25 at 1e13)
  const [da, db] = detuned.plan.levelShifts.map((l) => l.delta);
  assert.ok(Math.abs(da - 1.25) < 1e-2 && Math.abs(db + 1.25) < 1e-2, `shifts ${da}, ${db}`);
  const symbols = detuned.rates.filter((r) => r.kind === "detuning");
  assert.deepEqual(symbols.map((r) => [r.symbol, r.unit]), [["delta_{a,e}", "rad/s"], ["delta_{b,e}", "rad/s"]]);
  assert.match(systemEquationText(detuned), /delta_\{a,e\}/);
  assert.ok(proveTracePreservation(detuned.masterEquation).holds);
  assert.ok(proveHermiticityPreservation(detuned.masterEquation).holds);
});

test("detuned exchange = resonant exchange with Lambda' = Lambda Gamma_c / sqrt(Gamma_c^2 + Delta^2) (exact, any rates)", () => {
  fc.assert(
    fc.property(
      fc.record({
        g1p: fc.double({ min: 0.2, max: 3, noNaN: true }),
        g1m: fc.double({ min: 0.05, max: 2, noNaN: true }),
        g2p: fc.double({ min: 0.2, max: 3, noNaN: true }),
        g2m: fc.double({ min: 0.0, max: 0.5, noNaN: true }),
        lambda: fc.double({ min: 0.05, max: 5, noNaN: true }),
        delta: fc.double({ min: 0.1, max: 20, noNaN: true }),
      }),
      ({ g1p, g1m, g2p, g2m, lambda, delta }) => {
        const local = { a: [g1p, g1m] as const, b: [g2p, g2m] as const };
        const detuned = build(twoQubits(delta), { local, lambda });
        // the detuning the equation actually holds (omega +- delta/2 is rounded at 1e13)
        const shifts = detuned.plan.levelShifts;
        const D = (shifts.find((l) => l.emitter === "a")?.delta ?? 0) - (shifts.find((l) => l.emitter === "b")?.delta ?? 0);
        const gammaC = (g1p + g1m + g2p + g2m) / 2;
        const equivalent = build(twoQubits(0), { local, lambda: (lambda * gammaC) / Math.hypot(gammaC, D) });
        for (const q of ["a", "b"]) {
          const pd = excited(detuned, q);
          const pr = excited(equivalent, q);
          assert.ok(Math.abs(pd - pr) <= 1e-11, `qubit ${q}: p_e detuned ${pd} vs equivalent resonant ${pr} (Delta ${D}, Gamma_c ${gammaC})`);
        }
        // and the detuning matters: the plain resonant pair is measurably different when Delta ~ Gamma_c
        if (D > 0.5 * gammaC && lambda > 0.3) {
          const resonant = build(twoQubits(0), { local, lambda });
          const dev = Math.abs(excited(resonant, "b") - excited(detuned, "b"));
          assert.ok(dev > 1e-6, `detuning changed nothing (${dev})`);
        }
      },
    ),
    { numRuns: 25, seed: 20261203 },
  );
});

test("a three-level machine detuned from its qubit: shift on the machine's upper level only, trace and Hermiticity proved", () => {
  const M = right(threeLevel("M", { omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0], position: [0, 0, 2.7e-6] }));
  const q = right(qubit("q1", { omega: 8.1e12 * (1 + 4e-7), dipole: [1, 0, 0], position: [75e-6, 0, 2.7e-6] }));
  const s = build([M, q], { local: {}, lambda: 1 });
  const byLevel = s.plan.levelShifts.map((l) => `${l.emitter}.${l.level}`);
  assert.deepEqual(byLevel, ["M.2", "q1.e"], "M12 is constrained (M.1 anchors it), M01/M02 are not");
  const [dM, dq] = s.plan.levelShifts.map((l) => l.delta);
  // both rotate at the mean: M12 sits 1.62e6 rad/s below it, q1 as much above
  assert.ok(Math.abs(dM + 8.1e12 * 2e-7) < 1 && Math.abs(dq - 8.1e12 * 2e-7) < 1, `${dM} ${dq}`);
  assert.ok(proveTracePreservation(s.masterEquation).holds);
  right(solveSystem(s));
});

test("near-resonant transitions whose detunings cannot share one rotating frame are refused with a clear message", () => {
  // a ladder atom whose 0-1 and 1-2 are near-resonant with qubits a and b and whose 0-2 is near-resonant with c:
  // the frame needs (w01 - wa') + (w12 - wb') = (w02 - wc'), which these detunings violate.
  const atom = right(
    nLevel("L", {
      levels: ["0", "1", "2"],
      transitions: [
        { lower: "0", upper: "1", omega: 1e13, dipole: [1, 0, 0] },
        { lower: "1", upper: "2", omega: 1.2e13, dipole: [1, 0, 0] },
        { lower: "0", upper: "2", omega: 2.2e13, dipole: [0, 0, 1] },
      ],
      position: [0, 0, 1e-6],
    }),
  );
  const qa = right(qubit("a", { omega: 1e13 * (1 + 2e-7), dipole: [1, 0, 0], position: [1e-5, 0, 1e-6] }));
  const qb = right(qubit("b", { omega: 1.2e13 * (1 - 2e-7), dipole: [1, 0, 0], position: [-1e-5, 0, 1e-6] }));
  const qc = right(qubit("c", { omega: 2.2e13 * (1 + 3e-7), dipole: [0, 0, 1], position: [0, 1e-5, 1e-6] }));
  const built = buildSystemWith(handSource({ local: {}, lambda: 1 }), [atom, qa, qb, qc], record, { collective: false });
  assert.ok(E.isLeft(built));
  assert.match(built.left.message, /no rotating frame/);
  assert.match(built.left.message, /resonanceTolerance/);
  // exact resonances around the same loop are fine
  const exact = [atom, ...[[1e13, "a"], [1.2e13, "b"], [2.2e13, "c"]].map(([w, n]) => right(qubit(n as string, { omega: w as number, dipole: [1, 0, 0], position: [Number(w) / 1e18, 1e-5, 1e-6] })))];
  right(buildSystemWith(handSource({ local: {}, lambda: 1 }), exact, record, { collective: false }));
});

test("a pair just outside the resonance tolerance but detuned by only a few rates is reported (secular approximation in doubt)", () => {
  // detuning 2e7 rad/s: relative 2e-6 > tolerance 1e-6, but only ~13 times the rates given by hand (1.5e6 s^-1)
  const rates: HandRates = { local: { a: [1e6, 5e5], b: [1e6, 1e5] }, lambda: 1 };
  const s = build(twoQubits(2e7), rates);
  assert.equal(s.plan.pairs.length, 0);
  const warnings = right(solveSystem(s)).warnings ?? [];
  assert.ok(warnings.some((w) => /treated as non-resonant/.test(w) && /set resonanceTolerance to 3.0e-6 or more/.test(w)), warnings.join("\n"));
  // far detuned against the rates: no warning
  const quiet = build(twoQubits(2e7), { local: { a: [1, 0.5], b: [1, 0.1] }, lambda: 1 });
  assert.ok(!(right(solveSystem(quiet)).warnings ?? []).some((w) => /non-resonant/.test(w)));
});

test("an equally spaced ladder next to a resonant qubit is refused with the reason (no intra-emitter cross terms), not as a non-PSD rate matrix", () => {
  const ladder = right(
    nLevel("L", {
      levels: ["0", "1", "2"],
      transitions: [
        { lower: "0", upper: "1", omega: 8.1e12, dipole: [1, 0, 0] },
        { lower: "1", upper: "2", omega: 8.1e12, dipole: [1, 0, 0] },
      ],
      position: [0, 0, 1e-6],
    }),
  );
  const q = right(qubit("q", { omega: 8.1e12, dipole: [1, 0, 0], position: [5e-6, 0, 1e-6] }));
  const built = buildSystemWith(handSource({ local: {}, lambda: 1 }), [ladder, q], record, { collective: false });
  assert.ok(E.isLeft(built));
  assert.match(built.left.message, /transitions L01 and L12 of emitter L are resonant with each other/);
  assert.match(built.left.message, /cross terms between transitions of one emitter/);
  // the same ladder alone (no pair) is fine: its transitions are independent channels
  right(buildSystemWith(handSource({ local: {}, lambda: 1 }), [ladder], record, { collective: false }));
});

test("a report with a detuned resonant pair warns that the local equation holds to ~Delta/omega; an exact one does not", () => {
  const rates: HandRates = { local: { a: [1.3, 0.7], b: [1, 0.1] }, lambda: 0.8 };
  const detunedWarnings = right(solveSystem(build(twoQubits(2.5), rates))).warnings ?? [];
  assert.ok(detunedWarnings.some((w) => /detuned .* accurate to ~Delta\/omega/.test(w)), detunedWarnings.join("\n"));
  const exactWarnings = right(solveSystem(build(twoQubits(0), rates))).warnings ?? [];
  assert.ok(!exactWarnings.some((w) => /detuned/.test(w)), exactWarnings.join("\n"));
});
