/**
 * Detailed balance (issue 2, Tests): emitters whose every transition has thermal rates at one
 * temperature T (absorption / emission = exp(-omega/T), hbar = k_B = 1), collective terms between
 * resonant transitions included, relax to the Gibbs state exp(-H_0/T)/Z of the free Hamiltonian.
 *
 * Covered here (test/numeric/steady-state.test.ts has one three-level atom + 1-3 qubits with a real
 * Gaussian-kernel rate matrix):
 * - qubits alone: 2-4 qubits, each at one of two frequencies, with collective terms among the qubits
 *   of equal frequency;
 * - several atoms: two three-level atoms plus a qubit resonant with both atoms' 1-2 transitions; the
 *   atoms' 0-1 (and then also 0-2) transitions are resonant with each other when the atoms are equal,
 *   and every resonant group gets collective terms.
 * Every resonant group of transitions s_1..s_k at frequency omega has a random complex positive
 * semidefinite emission rate matrix G = D + B B^dag (D > 0 diagonal: the local rates, B random complex,
 * so G is a general Hermitian PSD matrix) and the absorption matrix exp(-omega/T) conj(G):
 *   sum_ij G_ij L(s_i, s_j) + exp(-omega/T) conj(G_ij) L(s_i^dag, s_j^dag)
 * (the KMS condition Gamma_ij(-omega) = exp(-omega/T) Gamma_ji(omega); conj(G) = G^T because G is
 * Hermitian; with G instead of conj(G) the Gibbs state is not stationary for complex G, which the last
 * test checks). Random Hermitian exchange couplings within every resonant group; H_0 itself is
 * included or not (Schrodinger or interaction picture: both have the same steady state).
 *
 * Tolerance: every entry of rho within 1e-13 of the Gibbs state, and every population within
 * 1e-9 relative of its Gibbs value (populations down to ~1e-10 at the lowest T; over 1,500 random cases
 * the largest errors seen were 1.5e-15 and 4e-12; a 1 % error in one gamma^- gave >= 6e-4).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { csrAdjoint, csrFromTriplets, csrLinearCombination, csrMultiply, type CsrMatrix } from "../../src/numeric/csr.js";
import type { NumericDissipator, NumericMasterEquation } from "../../src/numeric/master-equation.js";
import { steadyState } from "../../src/numeric/steady-state.js";
import { cx, embed, ketBra } from "./helpers.js";

const ENTRY_TOLERANCE = 1e-13;
const POPULATION_RELATIVE_TOLERANCE = 1e-9;

interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Level energies of every emitter (ascending; dyadic numbers so that resonant sums are exact). */
type Emitters = readonly (readonly number[])[];

interface Transition {
  readonly site: number;
  readonly lower: number;
  readonly upper: number;
  readonly omega: number;
}

const transitionsOf = (emitters: Emitters): Transition[] =>
  emitters.flatMap((levels, site) =>
    levels.flatMap((el, lower) => levels.slice(lower + 1).map((eu, k) => ({ site, lower, upper: lower + 1 + k, omega: eu - el }))),
  );

/** Transitions grouped by (exactly) equal frequency. */
const resonantGroups = (transitions: readonly Transition[]): Transition[][] => {
  const groups = new Map<number, Transition[]>();
  for (const t of transitions) groups.set(t.omega, [...(groups.get(t.omega) ?? []), t]);
  return [...groups.values()];
};

/** Random numbers for one model, drawn by fast-check (one entry per use, consumed in order). */
interface Draws {
  readonly temperature: number;
  /** local rates (log-uniform 0.1 .. 10), one per transition */
  readonly local: readonly number[];
  /** complex entries of the B matrices and of the exchange couplings, in [-1, 1] */
  readonly entries: readonly (readonly [number, number])[];
  /** scale of B B^dag relative to the local rates */
  readonly collective: number;
  readonly withFreeHamiltonian: boolean;
}

interface Built {
  readonly me: NumericMasterEquation;
  readonly energies: readonly number[];
}

/**
 * The thermal master equation. `break` perturbs it: "gamma-" multiplies the local absorption rate of
 * transition `at` by (1 + by); "no-conj" uses G instead of conj(G) for absorption.
 */
const build = (emitters: Emitters, d: Draws, breakIt?: { readonly kind: "gamma-" | "no-conj"; readonly at?: number; readonly by?: number }): Built => {
  const dims = emitters.map((l) => l.length);
  const dimension = dims.reduce((p, x) => p * x, 1);
  const transitions = transitionsOf(emitters);
  assert.equal(d.local.length, transitions.length);
  const sigma = (t: Transition): CsrMatrix => embed(dims, t.site, ketBra(dims[t.site], t.lower, t.upper));
  let next = 0;
  const entry = (): Complex => {
    const [re, im] = d.entries[next++ % d.entries.length];
    return { re, im };
  };
  const dissipators: NumericDissipator[] = [];
  const hTerms: { scale: Complex; matrix: CsrMatrix }[] = [];
  for (const group of resonantGroups(transitions)) {
    const k = group.length;
    const ops = group.map(sigma);
    const b = Array.from({ length: k * k }, entry);
    // G = D + c B B^dag
    const g: Complex[] = [];
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        let re = 0;
        let im = 0;
        for (let m = 0; m < k; m++) {
          const x = b[i * k + m];
          const y = b[j * k + m]; // (B^dag)_{m j} = conj(B_{j m})
          re += x.re * y.re + x.im * y.im;
          im += x.im * y.re - x.re * y.im;
        }
        const local = i === j ? d.local[transitions.indexOf(group[i])] : 0;
        g.push({ re: local + (k > 1 ? d.collective * re : 0), im: k > 1 && i !== j ? d.collective * im : 0 });
      }
    const boltzmann = Math.exp(-group[0].omega / d.temperature);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const gij = g[i * k + j];
        const conj = breakIt?.kind === "no-conj" ? gij : { re: gij.re, im: -gij.im };
        let up = { re: boltzmann * conj.re, im: boltzmann * conj.im };
        if (breakIt?.kind === "gamma-" && i === j && transitions.indexOf(group[i]) === breakIt.at) up = { re: up.re * (1 + (breakIt.by ?? 0)), im: 0 };
        dissipators.push({ rate: gij, a: ops[i], b: ops[j] }, { rate: up, a: csrAdjoint(ops[i]), b: csrAdjoint(ops[j]) });
      }
    // exchange within the group: lambda s_i^dag s_j + conj(lambda) s_j^dag s_i (commutes with H_0)
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) {
        const lambda = entry();
        hTerms.push({ scale: lambda, matrix: csrMultiply(csrAdjoint(ops[i]), ops[j]) }, { scale: { re: lambda.re, im: -lambda.im }, matrix: csrMultiply(csrAdjoint(ops[j]), ops[i]) });
      }
  }
  const energies = Array.from({ length: dimension }, (_, index) => {
    let rest = index;
    let e = 0;
    for (let site = dims.length - 1; site >= 0; site--) {
      e += emitters[site][rest % dims[site]];
      rest = Math.floor(rest / dims[site]);
    }
    return e;
  });
  if (d.withFreeHamiltonian) hTerms.push({ scale: cx(1), matrix: csrFromTriplets(dimension, dimension, energies.map((e, i) => ({ row: i, col: i, value: cx(e) }))) });
  const hamiltonian = hTerms.length > 0 ? csrLinearCombination(hTerms) : csrFromTriplets(dimension, dimension, []);
  return { me: { dims, names: dims.map((_, k) => `e${k}`), hamiltonian, dissipators, rateUnit: 1 }, energies };
};

/** Largest entry deviation from the Gibbs state and largest relative population deviation. */
const distanceToGibbs = (built: Built, temperature: number): { entry: number; population: number } => {
  const r = steadyState(built.me);
  if (E.isLeft(r)) assert.fail(r.left.message);
  const s = r.right;
  const n = s.dimension;
  const e0 = Math.min(...built.energies);
  const w = built.energies.map((e) => Math.exp(-(e - e0) / temperature));
  const z = w.reduce((a, b) => a + b, 0);
  let entry = 0;
  let population = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const target = i === j ? w[i] / z : 0;
      const re = s.rho[2 * (i * n + j)];
      const im = s.rho[2 * (i * n + j) + 1];
      entry = Math.max(entry, Math.hypot(re - target, im));
      if (i === j) population = Math.max(population, Math.abs(re - target) / target);
    }
  return { entry, population };
};

const assertGibbs = (built: Built, temperature: number, what: string): void => {
  const dist = distanceToGibbs(built, temperature);
  assert.ok(dist.entry < ENTRY_TOLERANCE, `${what}: max |rho - rho_Gibbs| = ${dist.entry.toExponential(2)} at T = ${temperature}`);
  assert.ok(dist.population < POPULATION_RELATIVE_TOLERANCE, `${what}: max relative population error ${dist.population.toExponential(2)} at T = ${temperature}`);
};

const arbDraws = (transitions: number): fc.Arbitrary<Draws> =>
  fc.record({
    temperature: fc.double({ min: 0.3, max: 5, noNaN: true }),
    local: fc.array(fc.double({ min: -1, max: 1, noNaN: true }).map((x) => 10 ** x), { minLength: transitions, maxLength: transitions }),
    entries: fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }),
    collective: fc.double({ min: 0.05, max: 3, noNaN: true }),
    withFreeHamiltonian: fc.boolean(),
  });

/** 2-4 qubits at frequencies 1 or 1.75 (at least two of them resonant, so collective terms exist). */
const arbQubits = fc
  .array(fc.constantFrom(1, 1.75), { minLength: 2, maxLength: 4 })
  .filter((f) => f.some((x, k) => f.indexOf(x) !== k))
  .map((f): Emitters => f.map((omega) => [0, omega]));

/** Two three-level atoms (levels 0, a, a + 1) and a qubit at 1; equal atoms have every transition resonant. */
const arbAtoms = fc
  .tuple(fc.constantFrom(1.5, 2.25, 2.75), fc.constantFrom(1.5, 2.25, 2.75, "same" as const))
  .map(([a, b]): Emitters => [[0, a, a + 1], b === "same" ? [0, a, a + 1] : [0, b, b + 1], [0, 1]]);

const withDraws = (emitters: fc.Arbitrary<Emitters>) => emitters.chain((em) => fc.tuple(fc.constant(em), arbDraws(transitionsOf(em).length)));

test("detailed balance, qubits alone: 2-4 qubits (two frequencies) with collective terms at a common T relax to the Gibbs state", () => {
  fc.assert(
    fc.property(withDraws(arbQubits), ([emitters, draws]) => {
      assertGibbs(build(emitters, draws), draws.temperature, `qubits at ${emitters.map((l) => l[1]).join(", ")}`);
    }),
    { numRuns: 40 },
  );
});

test("detailed balance, several atoms: two three-level atoms + a qubit, collective terms between resonant transitions, relax to the Gibbs state", () => {
  fc.assert(
    fc.property(withDraws(arbAtoms), ([emitters, draws]) => {
      const groups = resonantGroups(transitionsOf(emitters));
      assert.ok(groups.some((g) => g.length === 3), "the 1-2 transitions and the qubit form a resonant group of three");
      assertGibbs(build(emitters, draws), draws.temperature, `atoms ${JSON.stringify(emitters)}`);
    }),
    { numRuns: 25 },
  );
});

test("the detailed-balance check has power: one gamma^- off by 1 %, or G in place of conj(G), moves the steady state off the Gibbs state", () => {
  fc.assert(
    fc.property(withDraws(fc.oneof(arbQubits, arbAtoms)), fc.nat(), ([emitters, draws], pick) => {
      const at = pick % transitionsOf(emitters).length;
      const dist = distanceToGibbs(build(emitters, draws, { kind: "gamma-", at, by: 0.01 }), draws.temperature);
      // relative: a 1 % rate error shifts some population by ~1e-3 of itself (far above the tolerance)
      assert.ok(dist.population > 100 * POPULATION_RELATIVE_TOLERANCE, `gamma- of transition ${at} perturbed: population error only ${dist.population.toExponential(2)}`);
    }),
    { numRuns: 25 },
  );
  // G instead of conj(G) (absorption matrix not the transpose): fails when G has an imaginary part
  const emitters: Emitters = [[0, 1], [0, 1], [0, 1]];
  const draws: Draws = { temperature: 0.8, local: [1, 0.5, 2], entries: [[0.3, 0.9], [-0.7, 0.2], [0.5, -0.6], [0.1, 0.4]], collective: 1, withFreeHamiltonian: false };
  assertGibbs(build(emitters, draws), draws.temperature, "fixed complex case");
  assert.ok(distanceToGibbs(build(emitters, draws, { kind: "no-conj" }), draws.temperature).entry > 1e3 * ENTRY_TOLERANCE);
});
