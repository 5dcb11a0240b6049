/**
 * `npm run bench`: compile and steady state of the benchmark model (bench/model.ts: three-level
 * atom + n qubits, every collective term and exchange coupling) for n = 1..maxN. Prints a Markdown
 * table (stdout) to paste into docs/performance.md, and writes it to bench/results.md.
 *
 * Options: --max-n N (default 6), --repeat R (best of R warm runs, default 3 up to n = 5, else 1),
 * --full (also solve without block reduction, n <= 5, for comparison).
 *
 * Every run starts from the SYMBOLIC master equation (benchmarkSymbolic: a named symbol for every
 * rate and coupling, as the system builder makes it), then:
 * - "symbolic ms": building that MasterEquation with the algebra (src/algebra);
 * - "compile ms, first": bindMasterEquation on the fresh equation (sparsity patterns planned and
 *   coefficients compiled, then the values bound: src/numeric/compile.ts);
 * - "compile ms, cached": bindMasterEquation again on the same equation (the prepared form is cached,
 *   only the values are filled: what every further point of a sweep pays);
 * - the steady state of the compiled NumericMasterEquation.
 * Once per n (outside the timing) the compiled equation is checked against the directly built
 * numeric one (benchmarkModel, the model of the earlier tables): the run aborts if they differ by more
 * than 1e-15 relative; the deviation found is printed.
 *
 * Steady-state variants: "block, real, first" is the first solve of a sparsity pattern (structure and
 * ordering computed; what a single `run` sees); "block, real, sweep" reuses the cached structure and
 * ordering (what every further point of a sweep sees). Both assemble only the population block
 * (steadyState). nnz(L) is the full Liouvillian's, counted after the timed runs (so that it does not
 * raise the peak RSS reported for them). The compile columns are each the best over the runs; the
 * other columns come from the run with the smallest steady-state total.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import { benchmarkModel, benchmarkSymbolic, numericDeviation } from "./model.js";
import { bindMasterEquation } from "../src/numeric/compile.js";
import type { NumericMasterEquation } from "../src/numeric/master-equation.js";
import { liouvillian } from "../src/numeric/liouvillian.js";
import { steadyState, steadyStateOfLiouvillian, type SteadyState } from "../src/numeric/steady-state.js";
import { nnz } from "../src/numeric/csr.js";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const maxN = argument("--max-n", 6);
const full = process.argv.includes("--full");

interface Row {
  readonly n: number;
  readonly variant: string;
  readonly symbolicMs: number;
  readonly compileFirstMs: number;
  readonly compileCachedMs: number;
  readonly dimension: number;
  readonly nonzeros: number;
  readonly components: number;
  readonly solved: number;
  readonly factorNonzeros: number;
  readonly assemblyMs: number;
  readonly orderingMs: number;
  readonly factorMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly relativeResidual: number;
  readonly arithmetic: string;
}

type Variant = "first" | "sweep" | "complex" | "full";

const fullNonzeros = new Map<number, number>();
const deviation = new Map<number, number>();

/** The symbolic equation, bound and compiled twice (fresh, then from the prepared-form cache), timed. */
const compileTimed = (n: number): { me: NumericMasterEquation; symbolicMs: number; compileFirstMs: number; compileCachedMs: number } => {
  const t0 = performance.now();
  const symbolic = benchmarkSymbolic(n);
  const t1 = performance.now();
  const first = bindMasterEquation(symbolic.masterEquation, symbolic.bindings);
  const t2 = performance.now();
  const cached = bindMasterEquation(symbolic.masterEquation, symbolic.bindings);
  const t3 = performance.now();
  if (E.isLeft(first) || E.isLeft(cached)) throw new Error(`n = ${n}: compile failed: ${E.isLeft(first) ? first.left.message : ""}`);
  if (!deviation.has(n)) {
    const dev = Math.max(numericDeviation(benchmarkModel(n), first.right), numericDeviation(benchmarkModel(n), cached.right));
    if (!(dev <= 1e-15)) throw new Error(`n = ${n}: the compiled symbolic model differs from the directly built one by ${dev} (relative)`);
    deviation.set(n, dev);
    console.log(`# n = ${n}: ${symbolic.symbols} symbols, ${symbolic.masterEquation.dissipators.length} dissipators; compiled == direct numeric model to ${dev.toExponential(1)}`);
  }
  return { me: first.right, symbolicMs: t1 - t0, compileFirstMs: t2 - t1, compileCachedMs: t3 - t2 };
};

const measure = (n: number, variant: Variant): Row | string => {
  const { me, symbolicMs, compileFirstMs, compileCachedMs } = compileTimed(n);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const fullL = variant === "full" ? liouvillian(me) : undefined;
  const assembled = performance.now();
  const result = fullL
    ? steadyStateOfLiouvillian(fullL, { blockReduction: false }, assembled - start)
    : steadyState(me, { arithmetic: variant === "complex" ? "complex" : "auto", reusePattern: variant === "sweep" });
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (E.isLeft(result)) return `n = ${n}: ${result.left.message}`;
  const s: SteadyState = result.right;
  const assemblyMs = s.stats.assemblyMs;
  return {
    n,
    variant: `${variant === "full" ? "full" : "block"}, ${s.stats.arithmetic}${variant === "first" || variant === "sweep" ? `, ${variant}` : ""}`,
    symbolicMs,
    compileFirstMs,
    compileCachedMs,
    dimension: s.stats.liouvillianDimension,
    nonzeros: 0,
    components: s.stats.components,
    solved: s.stats.solvedDimension,
    factorNonzeros: s.stats.factorNonzeros,
    assemblyMs,
    orderingMs: s.stats.orderingMs,
    factorMs: s.stats.factorMs,
    totalMs: end - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    relativeResidual: s.relativeResidual,
    arithmetic: s.stats.arithmetic,
  };
};

const best = (rows: Row[]): Row => {
  const fastest = rows.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  const min = (f: (r: Row) => number) => Math.min(...rows.map(f));
  return { ...fastest, symbolicMs: min((r) => r.symbolicMs), compileFirstMs: min((r) => r.compileFirstMs), compileCachedMs: min((r) => r.compileCachedMs) };
};

const header =
  "| n | variant | symbolic ms | compile ms, first | compile ms, cached | D = N^2 | nnz(L) | blocks | solved dim | nnz(L+U) | assembly ms | ordering ms | factor ms | total ms | CPU ms | peak RSS MB | ||L rho|| / (||L||_F ||rho||_F) |\n" +
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
const format = (r: Row): string =>
  `| ${r.n} | ${r.variant} | ${r.symbolicMs.toFixed(1)} | ${r.compileFirstMs.toFixed(1)} | ${r.compileCachedMs.toFixed(1)} | ${r.dimension} | ${r.nonzeros} | ${r.components} | ${r.solved} | ${r.factorNonzeros} | ${r.assemblyMs.toFixed(1)} | ${r.orderingMs.toFixed(1)} | ${r.factorMs.toFixed(1)} | ${r.totalMs.toFixed(1)} | ${r.cpuMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.relativeResidual.toExponential(1)} |`;

const lines: string[] = [header];
const emit = (line: string) => {
  lines.push(line);
  console.log(line);
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(", ");
console.log(`# compile + steady-state benchmark, ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average ${load()}`);
console.log(header);
for (let n = 1; n <= maxN; n++) {
  const repeat = argument("--repeat", n <= 5 ? 3 : 1);
  const variants: Variant[] = n <= 5 ? ["first", "sweep"] : ["first"];
  if (full && n <= 5) variants.push("complex", "full");
  for (const variant of variants) {
    if (n <= 5) measure(n, variant); // warm-up (JIT; fills the ordering cache for "sweep")
    const runs: Row[] = [];
    for (let r = 0; r < repeat; r++) {
      const row = measure(n, variant);
      if (typeof row === "string") {
        emit(`| ${n} | failed: ${row} |`);
        break;
      }
      runs.push(row);
    }
    if (runs.length > 0) {
      console.log(`# n = ${n}, ${variant}: done ${new Date().toISOString()}, load average ${load()}`);
      if (!fullNonzeros.has(n)) fullNonzeros.set(n, nnz(liouvillian(benchmarkModel(n)).matrix));
      emit(format({ ...best(runs), nonzeros: fullNonzeros.get(n) ?? 0 }));
    }
  }
}
writeFileSync(new URL("./results.md", import.meta.url), lines.join("\n") + "\n");
