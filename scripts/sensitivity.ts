/**
 * Sensitivity of the paper's quoted numbers (docs/reproduction.md) to the height z, to the sapphire
 * data and to the Lambda scale of the preset "paper". Prints Markdown tables on stdout, progress on
 * stderr.
 *
 * Run: npx tsx scripts/sensitivity.ts [--workers 2] [--points-scale 1]
 *
 * (a) Fig. 5 endpoints theta_4(alpha = 0) and theta_4(alpha = pi/2) vs z and vs material;
 * (b) Fig. 3: 1- vs 4-qubit change at the inversion and refrigeration peaks and the single-qubit
 *     inversion peak position, vs material and vs Lambda scale. The numbers come from
 *     `summariseModel` of src/cli/commands/paper.ts (the same peak finder and definitions as
 *     `qthermo paper`, on the same 120-point log grid 0.1-100 um);
 * (c) theta_1..4 at phi = 2.5 rad vs Lambda scale, and the window of scales that gives the paper's
 *     sign pattern (-, +, -, +);
 * (d) the threshold Lambda* = sqrt(gamma_q Gamma_M) / 2 above which machine-qubit exchange matters,
 *     from the bound rates, against the single-qubit system's response to the Lambda scale.
 *
 * Material variants: sapphire ordinary ray (Gervais-Piriou) + far-IR loss (the preset's
 * Im eps = 0.016 at omega_a, linear law) is the default; the variants change the loss law, the
 * loss (0.008, 0.032), the ray (extraordinary + the same loss), or move the weak TO/LO pair
 * (385.0/387.6 cm^-1) of the ordinary ray by +-0.5 cm^-1 (a custom factorised-oscillator model
 * built with `factorisedOscillators`; scenario files only take material names, so those points are
 * solved by a small solver below that swaps the material into the prepared environment).
 *
 * Points are solved on a pool of worker threads (this file is its own worker entry, started with
 * the same tsx bootstrap as src/cli/sweep-runner.ts).
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { availableParallelism } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario } from "../src/scenario/builtin.js";
import { scenarioEnvironment, scenarioPoint, scenarioRunner, withPreset, type Scenario } from "../src/scenario/scenario.js";
import { prepareEnvironment, buildSystemIn, type PreparedEnvironment } from "../src/emitters/environment.js";
import type { Preset } from "../src/emitters/options.js";
import { factorisedOscillators, SAPPHIRE_PARAMETERS, PALIK_FIR, type AddedLoss, type FactorisedMode } from "../src/electrodynamics/materials/index.js";
import { solveSystem } from "../src/thermo/report.js";
import {
  pointSolver,
  pointResultFromReport,
  SWEEP_STEADY_OPTIONS,
  type PointOk,
  type PointResult,
  type PointValues,
} from "../src/cli/sweep-runner.js";
import { paperGrids, summariseModel, PAPER_QUOTES, type ModelSummary, type PaperGrids } from "../src/cli/commands/paper.js";
import { createProgress } from "../src/cli/progress.js";
import { drainQueue } from "../src/cli/sweep-runner.js";

// ---------------------------------------------------------------------------------------------
// Jobs and the worker pool

/** A custom factorised-oscillator slab material (cm^-1), sent to the workers as plain data. */
interface CustomMaterial {
  readonly name: string;
  readonly epsInf: number;
  readonly modes: readonly FactorisedMode[];
}

interface Job {
  readonly key: string;
  readonly scenario: Scenario;
  readonly points: readonly PointValues[];
  readonly custom?: CustomMaterial;
}

interface ChunkMessage {
  readonly key: string;
  readonly scenario: Scenario;
  readonly custom?: CustomMaterial;
  readonly start: number;
  readonly points: readonly PointValues[];
}

type WorkerReply = { readonly type: "point"; readonly key: string; readonly index: number; readonly result: PointResult } | { readonly type: "done" };

const unwrap = <T>(e: E.Either<{ readonly message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

/**
 * Like `pointSolver` of sweep-runner, but with the slab material replaced by a custom factorised
 * model (the far-IR loss of the options is added to it by `prepareEnvironment`, as for a named one).
 */
const customPointSolver = (base: Scenario, custom: CustomMaterial): ((values: PointValues) => PointResult) => {
  const material = unwrap(factorisedOscillators({ name: custom.name, epsInf: custom.epsInf, modes: custom.modes }));
  let cached: { key: string; prepared: PreparedEnvironment } | null = null;
  return (values) => {
    try {
      const point = unwrap(scenarioPoint(base, values));
      const key = JSON.stringify([point.scenario.environment, point.options.farInfraredLoss]);
      if (cached === null || cached.key !== key) {
        const spec = unwrap(scenarioEnvironment(point.scenario));
        if (spec.body === null) throw new Error("a custom material needs a body");
        const prepared = unwrap(prepareEnvironment({ ...spec, body: { ...spec.body, material } }, point.options));
        cached = { key, prepared };
      }
      const system = unwrap(buildSystemIn(cached.prepared, point.emitters, point.given));
      return pointResultFromReport(unwrap(solveSystem(system, SWEEP_STEADY_OPTIONS)));
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };
};

const solverFor = (m: { scenario: Scenario; custom?: CustomMaterial }): ((values: PointValues) => PointResult) =>
  m.custom === undefined ? pointSolver(m.scenario) : customPointSolver(m.scenario, m.custom);

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsxApi).then((m) => { m.register(); return import(workerData.entry); }).catch((err) => { throw err; });
`;

const runJobs = async (jobs: readonly Job[], workers: number, label: string): Promise<Map<string, PointResult[]>> => {
  const results = new Map<string, PointResult[]>(jobs.map((j) => [j.key, new Array<PointResult>(j.points.length)]));
  const total = jobs.reduce((n, j) => n + j.points.length, 0);
  const progress = createProgress({ notTtyIntervalMs: 5000 });
  progress.start(total, label);
  const chunks: ChunkMessage[] = jobs.flatMap((job) => {
    const size = Math.max(1, Math.ceil(job.points.length / (4 * Math.max(1, workers))));
    const out: ChunkMessage[] = [];
    for (let start = 0; start < job.points.length; start += size) {
      out.push({ key: job.key, scenario: job.scenario, custom: job.custom, start, points: job.points.slice(start, start + size) });
    }
    return out;
  });
  if (workers <= 0) {
    const solvers = new Map<string, (v: PointValues) => PointResult>();
    for (const c of chunks) {
      let solve = solvers.get(c.key);
      if (solve === undefined) solvers.set(c.key, (solve = solverFor(c)));
      c.points.forEach((p, k) => {
        (results.get(c.key) as PointResult[])[c.start + k] = (solve as (v: PointValues) => PointResult)(p);
        progress.increment();
      });
    }
    progress.stop();
    return results;
  }
  const pool = Array.from(
    { length: Math.min(workers, chunks.length) },
    () =>
      new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { role: "sensitivity-worker", tsxApi: import.meta.resolve("tsx/esm/api"), entry: import.meta.url },
      }),
  );
  try {
    await drainQueue(pool, chunks, (m: Extract<WorkerReply, { type: "point" }>) => {
      (results.get(m.key) as PointResult[])[m.index] = m.result;
      progress.increment();
    });
  } finally {
    progress.stop();
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
};

const workerLoop = (): void => {
  const solvers = new Map<string, (v: PointValues) => PointResult>();
  parentPort?.on("message", (m: ChunkMessage) => {
    let solve = solvers.get(m.key);
    if (solve === undefined) solvers.set(m.key, (solve = solverFor(m)));
    m.points.forEach((values, k) => {
      const reply: WorkerReply = { type: "point", key: m.key, index: m.start + k, result: (solve as (v: PointValues) => PointResult)(values) };
      parentPort?.postMessage(reply);
    });
    const done: WorkerReply = { type: "done" };
    parentPort?.postMessage(done);
  });
};

// ---------------------------------------------------------------------------------------------
// Variants

interface Variant {
  readonly id: string;
  readonly label: string;
  /** slab material name (default: the scenario's, sapphire-ordinary) */
  readonly material?: string;
  readonly custom?: CustomMaterial;
  /** replaces the preset's far-IR loss */
  readonly farInfraredLoss?: AddedLoss;
  readonly lambdaScale?: number;
}

const shiftedPair = (which: "wTO" | "wLO", by: number): CustomMaterial => {
  const p = SAPPHIRE_PARAMETERS.ordinary;
  return {
    name: `sapphire-ordinary-${which === "wTO" ? "TO" : "LO"}1${by > 0 ? "+" : ""}${by}`,
    epsInf: p.epsInf,
    modes: p.modes.map((m, j) => (j === 0 ? { ...m, [which]: m[which] + by } : m)),
  };
};

const MATERIAL_VARIANTS: readonly Variant[] = [
  { id: "default", label: "ordinary + far-IR loss 0.016, linear (preset)" },
  { id: "const", label: "far-IR loss law constant (0.016 at omega_a)", farInfraredLoss: { ...PALIK_FIR, law: "constant" } },
  { id: "im008", label: "far-IR loss Im eps = 0.008 (linear)", farInfraredLoss: { ...PALIK_FIR, imEps: 0.008 } },
  { id: "im032", label: "far-IR loss Im eps = 0.032 (linear)", farInfraredLoss: { ...PALIK_FIR, imEps: 0.032 } },
  { id: "extra", label: "extraordinary ray + far-IR loss 0.016", material: "sapphire-extraordinary" },
  { id: "to+", label: "TO 385.0 -> 385.5 cm^-1", custom: shiftedPair("wTO", 0.5) },
  { id: "to-", label: "TO 385.0 -> 384.5 cm^-1", custom: shiftedPair("wTO", -0.5) },
  { id: "lo+", label: "LO 387.6 -> 388.1 cm^-1", custom: shiftedPair("wLO", 0.5) },
  { id: "lo-", label: "LO 387.6 -> 387.1 cm^-1", custom: shiftedPair("wLO", -0.5) },
];

const LAMBDA_VARIANTS: readonly Variant[] = [
  { id: "ls900", label: "Lambda scale 900", lambdaScale: 900 },
  { id: "ls1100", label: "Lambda scale 1100", lambdaScale: 1100 },
];

const builtin = (name: string): Scenario => unwrap(builtinScenario(name));

/** The built-in scenario in a model: preset, then the variant's material, loss and Lambda scale. */
const configure = (name: string, v: Variant, preset: Preset, lambdaScale?: number): Scenario => {
  const s = withPreset(builtin(name), preset);
  const body = s.environment.body;
  if (body === null) throw new Error(`${name} has no body`);
  const model = {
    ...(s.model ?? {}),
    ...(v.farInfraredLoss === undefined ? {} : { farInfraredLoss: v.farInfraredLoss }),
    ...(v.lambdaScale === undefined ? {} : { lambdaScale: v.lambdaScale }),
    ...(lambdaScale === undefined ? {} : { lambdaScale }),
  };
  return { ...s, environment: { ...s.environment, body: { ...body, material: v.material ?? body.material } }, model };
};

const um = 1e-6;
const Z_VALUES = [2.5, 2.7, 2.9, 3.1, 3.37].map((z) => z * um);
const ALPHA_ENDS: readonly PointValues[] = [{ alpha: 0 }, { alpha: Math.PI / 2 }];
const WINDOW_SCALES = [300, 600, 800, 900, 950, 1000, 1050, 1100, 1250, 2000];
const FINE_SCALES = Array.from({ length: 121 }, (_, k) => 400 + 10 * k); // 400 ... 1600
const FINE_Z = [2.7, 2.9, 3.1].map((z) => z * um);
const THRESHOLD_SCALES = [1, 30, 100, 200, 300, 400, 600, 1000, 3000, 10000];

/** The jobs `summariseModel` reads for one variant (keys with the "-paper" suffix it expects). */
const summaryJobs = (v: Variant, grids: PaperGrids): Job[] => {
  const z = grids.z.map((value) => ({ z: value }));
  const mk = (kind: string, name: string, points: readonly PointValues[]): Job => ({
    key: `${v.id}/${kind}-paper`,
    scenario: configure(name, v, "paper"),
    points,
    custom: v.custom,
  });
  return [
    mk("fig3-4q", "paper-fig3", z),
    mk("fig3-1q", "single-qubit-machine", z),
    mk("fig4-quote", "paper-fig4", [{ phi: PAPER_QUOTES.fig4AtPhi }]),
    mk("fig5", "paper-fig5", ALPHA_ENDS),
  ];
};

// ---------------------------------------------------------------------------------------------
// Formatting

const K = (t: number | undefined): string =>
  t === undefined || Number.isNaN(t) ? "fail" : Number.isFinite(t) ? `${Math.abs(t) >= 1000 ? t.toFixed(0) : t.toFixed(1)}` : t > 0 ? "+inf" : "-inf";
const pct = (v: number | null): string => (v === null ? "no peak" : `${(100 * v).toPrecision(3)} %`);
const zText = (p: { z: number } | null): string => (p === null ? "no peak" : `${(p.z / um).toPrecision(3)} um`);
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const ok = (r: PointResult | undefined): PointOk | null => (r !== undefined && r.ok ? r : null);
const theta = (r: PointResult | undefined, q: string): number => ok(r)?.theta[q] ?? Number.NaN;
const signs = (r: PointResult | undefined): string => ["q1", "q2", "q3", "q4"].map((q) => (theta(r, q) < 0 ? "-" : "+")).join(", ");
const PAPER_SIGNS = "-, +, -, +";

// ---------------------------------------------------------------------------------------------
// Main

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
};

const main = async (): Promise<void> => {
  const started = performance.now();
  const workers = Number(argument("--workers", String(Math.max(1, Math.min(8, availableParallelism())))));
  const grids = paperGrids(Number(argument("--points-scale", "1")));
  const everyVariant = [...MATERIAL_VARIANTS, ...LAMBDA_VARIANTS];
  const literal: Variant = { id: "literal", label: "literal model (ordinary ray, no far-IR loss, Lambda x1)" };

  const jobs: Job[] = [
    ...everyVariant.flatMap((v) => summaryJobs(v, grids)),
    // (a) Fig. 5 endpoints vs z: preset paper and literal model
    ...(["paper", "literal"] as const).map((preset) => ({
      key: `fig5z/${preset}`,
      scenario: configure("paper-fig5", { id: "default", label: "" }, preset),
      points: Z_VALUES.flatMap((z) => ALPHA_ENDS.map((a) => ({ z, ...a }))),
    })),
    // (a) Fig. 5 endpoints vs material with Lambda unscaled (same material and loss)
    ...MATERIAL_VARIANTS.map((v) => ({ key: `fig5x1/${v.id}`, scenario: configure("paper-fig5", v, "paper", 1), points: ALPHA_ENDS, custom: v.custom })),
    { key: "fig5x1/literal", scenario: configure("paper-fig5", literal, "literal"), points: ALPHA_ENDS },
    // (c) the Lambda-scale window at phi = 2.5, z = 2.7 um, and a fine scan at three heights
    { key: "window", scenario: configure("paper-fig4", literal, "paper"), points: WINDOW_SCALES.map((lambdaScale) => ({ z: 2.7 * um, phi: 2.5, lambdaScale })) },
    ...FINE_Z.map((z) => ({
      key: `fine/${z}`,
      scenario: configure("paper-fig4", literal, "paper"),
      points: FINE_SCALES.map((lambdaScale) => ({ z, phi: 2.5, lambdaScale })),
    })),
    // (d) single qubit + machine at z = 2.7 um vs Lambda scale
    { key: "threshold", scenario: configure("single-qubit-machine", literal, "paper"), points: THRESHOLD_SCALES.map((lambdaScale) => ({ z: 2.7 * um, lambdaScale })) },
  ];
  const results = await runJobs(jobs, workers, "sensitivity");
  const get = (key: string): PointResult[] => results.get(key) ?? [];
  const failed = [...results.values()].flat().filter((r) => !r.ok) as { message: string }[];

  const summaries = new Map<string, ModelSummary>();
  for (const v of everyVariant) {
    const mine = new Map([...results].filter(([k]) => k.startsWith(`${v.id}/`)).map(([k, r]) => [k.slice(v.id.length + 1), r]));
    summaries.set(v.id, summariseModel("paper", grids, mine));
  }
  const def = summaries.get("default") as ModelSummary;

  const out: string[] = [];
  const date = new Date().toISOString().slice(0, 10);
  out.push(`<!-- npx tsx scripts/sensitivity.ts, ${date}, grid: Fig. 3 ${grids.z.length} heights log 0.1-100 um -->`, "");

  // (a) Fig. 5 endpoints
  out.push("#### (a) Fig. 5 endpoints theta_4(alpha = 0), theta_4(alpha = pi/2) [K] (paper: 386, -2022)", "");
  out.push("vs z (ordinary ray):", "");
  const fz = (preset: string, k: number) => get(`fig5z/${preset}`)[k];
  out.push(
    table(
      ["z", "preset paper: alpha = 0", "alpha = pi/2", "literal: alpha = 0", "alpha = pi/2", "T_env normal (paper / literal)"],
      Z_VALUES.map((z, i) => [
        `${(z / um).toFixed(2)} um`,
        K(theta(fz("paper", 2 * i), "q4")),
        K(theta(fz("paper", 2 * i + 1), "q4")),
        K(theta(fz("literal", 2 * i), "q4")),
        K(theta(fz("literal", 2 * i + 1), "q4")),
        `${K(ok(fz("paper", 2 * i))?.T_env.q4)} / ${K(ok(fz("literal", 2 * i))?.T_env.q4)}`,
      ]),
    ),
    "",
  );
  out.push("vs material (z = 2.7 um; \"Lambda x1\": the same material and loss, Lambda unscaled):", "");
  out.push(
    table(
      ["material", "preset paper: alpha = 0", "alpha = pi/2", "Lambda x1: alpha = 0", "alpha = pi/2"],
      [
        ...MATERIAL_VARIANTS.map((v) => {
          const s = summaries.get(v.id) as ModelSummary;
          const x1 = get(`fig5x1/${v.id}`);
          return [v.label, K(s.fig5Theta4[0]), K(s.fig5Theta4[1]), K(theta(x1[0], "q4")), K(theta(x1[1], "q4"))];
        }),
        [literal.label, "-", "-", K(theta(get("fig5x1/literal")[0], "q4")), K(theta(get("fig5x1/literal")[1], "q4"))],
      ],
    ),
    "",
  );

  // (b) Fig. 3
  out.push("#### (b) Fig. 3 (preset paper): 1- vs 4-qubit change in -1/theta at the peaks, single-qubit inversion peak (paper: ~70 %, ~0.6 %, ~2.7 um)", "");
  out.push(
    table(
      ["variant", "change at inversion peak", "change at refrigeration peak", "tau_1 inversion peak z", "tau_1 refrigeration peak z", "theta_1..4 at phi = 2.5 (z = 2.7 um)"],
      everyVariant.map((v) => {
        const s = summaries.get(v.id) as ModelSummary;
        return [
          v.label,
          pct(s.fig3InversionChange),
          pct(s.fig3RefrigerationChange),
          zText(s.inversionPeak1q),
          zText(s.refrigerationPeak1q),
          s.fig4Theta.map(K).join(", "),
        ];
      }),
    ),
    "",
  );

  // (c) Lambda window
  out.push("#### (c) Lambda scale: theta_1..4 at phi = 2.5 rad, z = 2.7 um (preset paper otherwise; paper: -1190, 6700, -1820, 1280 K)", "");
  const w = get("window");
  out.push(
    table(
      ["Lambda scale", "theta_1", "theta_2", "theta_3", "theta_4", "signs", "paper's pattern"],
      WINDOW_SCALES.map((s, i) => [String(s), ...["q1", "q2", "q3", "q4"].map((q) => K(theta(w[i], q))), signs(w[i]), signs(w[i]) === PAPER_SIGNS ? "yes" : "no"]),
    ),
    "",
  );
  const windows = FINE_Z.map((z) => {
    const r = get(`fine/${z}`);
    const good = FINE_SCALES.filter((_, i) => signs(r[i]) === PAPER_SIGNS);
    // contiguous runs of scales (step 10) that give the pattern
    const runs: [number, number][] = [];
    for (const s of good) {
      const last = runs[runs.length - 1];
      if (last !== undefined && s - last[1] === 10) last[1] = s;
      else runs.push([s, s]);
    }
    const text = runs.length === 0 ? "none" : runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
    return [`${(z / um).toFixed(1)} um`, text];
  });
  out.push(`Scales (step 10, scanned ${FINE_SCALES[0]}-${FINE_SCALES[FINE_SCALES.length - 1]}) that give the pattern (-, +, -, +) at phi = 2.5:`, "");
  out.push(table(["z", "Lambda scales with the paper's sign pattern"], windows), "");

  // (d) threshold
  const one = unwrap(scenarioRunner(configure("single-qubit-machine", literal, "paper", 1))({ z: 2.7 * um })).system;
  const tr = new Map(one.transitions.map((t) => [t.id, t]));
  const g = (id: string) => tr.get(id) as (typeof one.transitions)[number];
  const gammaQ = g("q1").gammaPlus + g("q1").gammaMinus;
  const gamma1 = g("M01").gammaPlus + g("M12").gammaMinus; // out of level 1: down to 0, up to 2
  const gamma2 = g("M02").gammaPlus + g("M12").gammaPlus; // out of level 2: down to 0, down to 1
  const gammaM = gamma1 + gamma2;
  const lambdaRate = one.rates.find((r) => r.symbol === "Lambda_{M12,q1}");
  const lambda1 = Math.abs(lambdaRate?.value.re ?? Number.NaN);
  const lambdaStar = Math.sqrt(gammaQ * gammaM) / 2;
  out.push("#### (d) Threshold of machine-qubit exchange (M + 1 qubit, z = 2.7 um, far-IR loss on)", "");
  out.push(
    `Rates: gamma_q = gamma+ + gamma- = ${gammaQ.toFixed(3)} s^-1; Gamma_M = (gamma+_M01 + gamma-_M12) + (gamma+_M02 + gamma+_M12) = ` +
      `${gamma1.toFixed(1)} + ${gamma2.toFixed(1)} = ${gammaM.toFixed(1)} s^-1; Lambda* = sqrt(gamma_q Gamma_M)/2 = ${lambdaStar.toFixed(2)} rad/s; ` +
      `computed |Lambda_{M12,q1}| = ${lambda1.toExponential(3)} rad/s, so Lambda reaches Lambda* at scale ${(lambdaStar / lambda1).toFixed(0)}. ` +
      `Exchange rate 4 Lambda^2 / Gamma_M at scale 1: ${((4 * lambda1 * lambda1) / gammaM).toExponential(2)} s^-1 = ${((4 * lambda1 * lambda1) / gammaM / gammaQ).toExponential(2)} gamma_q.`,
    "",
  );
  const th = get("threshold");
  out.push(
    table(
      ["Lambda scale", "Lambda / Lambda*", "4 Lambda^2 / (Gamma_M gamma_q)", "theta_M12 [K]", "tau_1 [K]", "T_env [K]", "f = (1/tau_1 - 1/T_env) / (1/theta_M12 - 1/T_env)"],
      THRESHOLD_SCALES.map((s, i) => {
        const r = ok(th[i]);
        const L = s * lambda1;
        const tq = r?.theta.q1 ?? Number.NaN;
        const tm = r?.theta.M ?? Number.NaN;
        const te = r?.T_env.q1 ?? Number.NaN;
        const f = (1 / tq - 1 / te) / (1 / tm - 1 / te);
        return [String(s), (L / lambdaStar).toPrecision(3), ((4 * L * L) / (gammaM * gammaQ)).toPrecision(3), K(tm), K(tq), K(te), f.toFixed(3)];
      }),
    ),
    "",
  );

  out.push(
    `Preset reference (default variant): theta_1..4 at phi = 2.5 = ${def.fig4Theta.map(K).join(", ")} K; ` +
      `${[...results.values()].reduce((n, r) => n + r.length, 0)} steady states, ${failed.length} failed, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s with ${workers} worker(s).`,
  );
  for (const f of failed.slice(0, 5)) out.push(`failed point: ${f.message}`);
  process.stdout.write(out.join("\n") + "\n");
};

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`sensitivity: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
} else if ((workerData as { role?: string } | null)?.role === "sensitivity-worker") {
  workerLoop();
}

