/**
 * Developer cross-check against QuTiP (never a product dependency): exports the numeric master
 * equations of the paper system (phi = 2.5 rad, presets "literal" and "paper") and of the bench
 * model (bench/model.ts, n = 1..maxN qubits) to JSON, together with our steady states and our
 * solve times. scripts/qutip_crosscheck.py reads the JSON, rebuilds each Liouvillian in QuTiP and
 * compares.
 *
 * Run: npx tsx scripts/qutip-crosscheck.ts [--out out/qutip-crosscheck.json] [--max-n 5] [--repeat 10]
 *      python3 scripts/qutip_crosscheck.py out/qutip-crosscheck.json
 *
 * Layout of a matrix in the JSON: COO triplets {rows, cols, row[], col[], re[], im[]} (from our CSR).
 * rho: row-major N x N as {re[], im[]}. masterEquation.liouvillian: our assembled L (D x D, column stacking). Operators use our tensor order (first subsystem most
 * significant), the same as qutip.tensor.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { cpus } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import { paperEmitters, buildSystem, type System } from "../src/emitters/index.js";
import { materialByName } from "../src/electrodynamics/materials/index.js";
import { bindMasterEquation } from "../src/numeric/compile.js";
import { steadyState, type SteadyState } from "../src/numeric/steady-state.js";
import type { CsrMatrix } from "../src/numeric/csr.js";
import { liouvillian } from "../src/numeric/liouvillian.js";
import type { NumericMasterEquation } from "../src/numeric/master-equation.js";
import { subsystemPopulations } from "../src/thermo/index.js";
import { benchmarkModel } from "../bench/model.js";

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};

interface CooJson {
  readonly rows: number;
  readonly cols: number;
  readonly row: number[];
  readonly col: number[];
  readonly re: number[];
  readonly im: number[];
}

const coo = (m: CsrMatrix): CooJson => {
  const row: number[] = [];
  const col: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      row.push(r);
      col.push(m.colIdx[k]);
      re.push(m.values[2 * k]);
      im.push(m.values[2 * k + 1]);
    }
  }
  return { rows: m.rows, cols: m.cols, row, col, re, im };
};

const masterEquationJson = (me: NumericMasterEquation) => ({
  dims: me.dims,
  names: me.names,
  rateUnit: me.rateUnit,
  hamiltonian: coo(me.hamiltonian),
  dissipators: me.dissipators.map((d) => ({ rate: [d.rate.re, d.rate.im], a: coo(d.a), b: coo(d.b) })),
  /** our assembled Liouvillian (column stacking), so that each solution's residual can be checked in both L's */
  liouvillian: coo(liouvillian(me).matrix),
});

/**
 * Best wall time [ms] of `repeat` solves (Liouvillian assembly included) after two warm-up solves,
 * and the last solution. Call `warmUp` first: the first solves in a process are JIT-cold (2-3x slower).
 */
const timedSteadyState = (me: NumericMasterEquation, repeat: number): { readonly steady: SteadyState; readonly bestMs: number } => {
  unwrap(steadyState(me));
  let steady = unwrap(steadyState(me));
  let bestMs = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    steady = unwrap(steadyState(me));
    bestMs = Math.min(bestMs, performance.now() - start);
  }
  return { steady, bestMs };
};

const rhoJson = (rho: Float64Array) => ({
  re: Array.from({ length: rho.length / 2 }, (_, k) => rho[2 * k]),
  im: Array.from({ length: rho.length / 2 }, (_, k) => rho[2 * k + 1]),
});

/** Transitions as (subsystem index, lower level index, upper level index, omega [rad/s]) for temperatures. */
const transitionsOf = (system: System) =>
  system.plan.transitions.map((t) => {
    const k = system.emitters.findIndex((e) => e.name === t.emitter);
    const levels = system.emitters[k].levels;
    return { id: t.id, subsystem: k, lower: levels.indexOf(t.lower), upper: levels.indexOf(t.upper), omega: t.omega };
  });

const caseJson = (name: string, me: NumericMasterEquation, repeat: number, extra: Record<string, unknown>) => {
  const { steady, bestMs } = timedSteadyState(me, repeat);
  return {
    name,
    ...extra,
    masterEquation: masterEquationJson(me),
    ours: {
      rho: rhoJson(steady.rho),
      populations: me.dims.map((_, k) => Array.from(subsystemPopulations(steady.rho, me.dims, k))),
      residual: steady.residual,
      relativeResidual: steady.relativeResidual,
      arithmetic: steady.stats.arithmetic,
      bestMs,
      repeat,
    },
  };
};

/** The paper system at phi = 2.5 rad (as examples/relaxation.ts), compiled with rates in units of its rateUnit. */
export const paperSystemNumeric = (preset: "literal" | "paper"): { readonly system: System; readonly numeric: NumericMasterEquation } => {
  const sapphire = unwrap(materialByName("sapphire-ordinary"));
  const emitters = unwrap(paperEmitters({ phi: 2.5 }));
  const system = unwrap(buildSystem(emitters, { body: { material: sapphire, thickness: 0.05e-6 }, TS: 900, TW: 300 }, { preset }));
  const numeric = unwrap(bindMasterEquation(system.masterEquation, system.bindings, { rateUnit: system.rateUnit }));
  return { system, numeric };
};

/** Compiles the solver's hot paths (same sizes as the paper system) before anything is timed. */
const warmUp = (): void => {
  const me = benchmarkModel(4);
  for (let k = 0; k < 10; k++) unwrap(steadyState(me));
};

const main = (): void => {
  const out = argument("--out", "out/qutip-crosscheck.json");
  const maxN = Number(argument("--max-n", "5"));
  const repeat = Number(argument("--repeat", "10"));
  warmUp();
  const cases: unknown[] = [];
  for (const preset of ["literal", "paper"] as const) {
    const { system, numeric } = paperSystemNumeric(preset);
    cases.push(caseJson(`paper system, preset ${preset}, phi = 2.5 rad`, numeric, repeat, { kind: "paper", preset, transitions: transitionsOf(system), rateUnit: system.rateUnit }));
  }
  for (let n = 1; n <= maxN; n++) {
    cases.push(caseJson(`bench model, n = ${n}`, benchmarkModel(n), n >= 5 ? Math.min(repeat, 3) : repeat, { kind: "bench", qubits: n }));
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ created: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? "unknown", cases }));
  console.log(`wrote ${cases.length} cases to ${out}`);
};

if (process.argv[1]?.endsWith("qutip-crosscheck.ts")) main();
