/**
 * `npm run bench`: steady state of the benchmark model (bench/model.ts: three-level atom + n qubits,
 * every collective term and exchange coupling) for n = 1..maxN. Prints a Markdown table (stdout)
 * to paste into docs/performance.md, and writes it to bench/results.md.
 *
 * Options: --max-n N (default 6), --repeat R (best of R warm runs, default 3 up to n = 5, else 1),
 * --full (also solve without block reduction, n <= 5, for comparison).
 *
 * Variants: "block, real, first" is the first solve of a sparsity pattern (structure and ordering computed;
 * what a single `run` sees); "block, real, sweep" reuses the cached structure and ordering (what every further point of a
 * sweep sees). Both assemble only the population block (steadyState); nnz(L) is the full
 * Liouvillian's, counted outside the timing.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import { benchmarkModel } from "./model.js";
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

const measure = (n: number, variant: Variant): Row | string => {
  const me = benchmarkModel(n);
  if (!fullNonzeros.has(n)) fullNonzeros.set(n, nnz(liouvillian(me).matrix));
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
    dimension: s.stats.liouvillianDimension,
    nonzeros: fullNonzeros.get(n) ?? 0,
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

const best = (rows: Row[]): Row => rows.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));

const header =
  "| n | variant | D = N^2 | nnz(L) | blocks | solved dim | nnz(L+U) | assembly ms | ordering ms | factor ms | total ms | CPU ms | peak RSS MB | ||L rho|| / (||L||_F ||rho||_F) |\n" +
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
const format = (r: Row): string =>
  `| ${r.n} | ${r.variant} | ${r.dimension} | ${r.nonzeros} | ${r.components} | ${r.solved} | ${r.factorNonzeros} | ${r.assemblyMs.toFixed(1)} | ${r.orderingMs.toFixed(1)} | ${r.factorMs.toFixed(1)} | ${r.totalMs.toFixed(1)} | ${r.cpuMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.relativeResidual.toExponential(1)} |`;

const lines: string[] = [header];
const emit = (line: string) => {
  lines.push(line);
  console.log(line);
};
console.log(`# steady-state benchmark, ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
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
    if (runs.length > 0) emit(format(best(runs)));
  }
}
writeFileSync(new URL("./results.md", import.meta.url), lines.join("\n") + "\n");
