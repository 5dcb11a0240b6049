/**
 * `qthermo paper --out DIR`: reproduces Figures 3, 4 and 5 of Leggio et al. with BOTH models side
 * by side: the literal physics of BRIEF §1-3 (preset "literal") and the preset "paper" (far-IR
 * loss + Lambda x 1000, docs/reproduction.md), and prints the paper's quoted numbers beside ours.
 * Chart text uses the same names and styles as `qthermo sweep` (thetaName, envSeries in
 * ./sweep.ts): θ₁..θ₄, T_env as thin grey lines, the full model options as caption.
 *
 * Grids (scale 1): Fig. 3: 120 heights on a log grid 0.1-100 um (the single-qubit inversion peak
 * near 3 um and the refrigeration peak near 20 um both inside); Fig. 4: 360 angles on
 * [0, 2 pi) offset by half a step, phi_k = (k + 1/2) 2 pi / 360, so that no point is one of
 * phi = pi/2, pi, 3 pi/2 where qubit 1 would sit on another qubit; Fig. 5: 91 angles on
 * [0, pi/2] including both ends (the quoted endpoints).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario } from "../../scenario/builtin.js";
import { withPreset, type Scenario } from "../../scenario/scenario.js";
import type { ParameterName } from "../../scenario/schema.js";
import { describeOptions, type Preset } from "../../emitters/options.js";
import { captionWidth, PAPER_COLORS, temperatureChartSvg, wrapCaption, type Dash, type TemperatureSeries } from "../../plot/chart.js";
import { CliError, orThrow } from "../errors.js";
import { ensureOutputDir, toJson, writeChart, writeCsv, writeJson } from "../output.js";
import { createProgress, silentProgress, type ProgressReporter } from "../progress.js";
import { runSweeps, type PointOk, type PointResult, type PointValues, type SweepJob } from "../sweep-runner.js";
import { chartCaption, csvHeaderLines, envSeries, modelTitle, sweepTable, invocation, thetaName } from "./sweep.js";

export const MODELS: readonly Preset[] = ["literal", "paper"];

/** Numbers quoted in the paper's text (Leggio et al.). */
export const PAPER_QUOTES = {
  fig4AtPhi: 2.5,
  /** theta_1..4 at phi = 2.5 rad [K] */
  fig4Theta: [-1190, 6700, -1820, 1280],
  /** theta_4 at alpha = 0 and pi/2 [K] */
  fig5Theta4: [386, -2022],
  /** 1- vs 4-qubit change of the peaks in Fig. 3 (fractions) */
  fig3InversionChange: 0.7,
  fig3RefrigerationChange: 0.006,
  /** single-qubit inversion peak height [m] */
  inversionPeakZ: 2.7e-6,
  /** T_env of an in-plane (pointing at M) and a normal dipole [K] */
  TenvInPlane: 350,
  TenvNormal: 386,
} as const;

export interface PaperGrids {
  readonly z: readonly number[];
  readonly phi: readonly number[];
  readonly alpha: readonly number[];
}

const atLeast = (n: number, min: number): number => Math.max(min, Math.round(n));

/** The grids at `scale` x the full size (1 = 120, 360, 91 points). */
export const paperGrids = (scale: number): PaperGrids => {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 10)) throw new CliError(`--points-scale must be a number in (0, 10], got ${scale}`);
  const nz = atLeast(120 * scale, 3);
  const nphi = atLeast(360 * scale, 4);
  const nalpha = atLeast(91 * scale, 2);
  const zLo = 0.1e-6;
  const zHi = 100e-6;
  return {
    z: Array.from({ length: nz }, (_, k) => zLo * Math.pow(zHi / zLo, k / (nz - 1))),
    phi: Array.from({ length: nphi }, (_, k) => ((k + 0.5) * 2 * Math.PI) / nphi),
    alpha: Array.from({ length: nalpha }, (_, k) => (k * (Math.PI / 2)) / (nalpha - 1)),
  };
};

const builtin = (name: string): Scenario => orThrow(builtinScenario(name));

const pointsOf = (name: ParameterName, values: readonly number[]): PointValues[] => values.map((v) => ({ [name]: v }));

/** Every sweep `qthermo paper` runs, for both models. */
export const paperJobs = (grids: PaperGrids): SweepJob[] =>
  MODELS.flatMap((model): SweepJob[] => [
    { key: `fig3-4q-${model}`, scenario: withPreset(builtin("paper-fig3"), model), points: pointsOf("z", grids.z) },
    { key: `fig3-1q-${model}`, scenario: withPreset(builtin("single-qubit-machine"), model), points: pointsOf("z", grids.z) },
    { key: `fig4-${model}`, scenario: withPreset(builtin("paper-fig4"), model), points: pointsOf("phi", grids.phi) },
    { key: `fig4-quote-${model}`, scenario: withPreset(builtin("paper-fig4"), model), points: [{ phi: PAPER_QUOTES.fig4AtPhi }] },
    { key: `fig5-${model}`, scenario: withPreset(builtin("paper-fig5"), model), points: pointsOf("alpha", grids.alpha) },
  ]);

// ---- reading the numbers ----

type Results = ReadonlyMap<string, readonly PointResult[]>;

const okOrThrow = (key: string, k: number, r: PointResult | undefined): PointOk => {
  if (r === undefined) throw new CliError(`paper: no result for ${key}[${k}]`);
  if (!r.ok) throw new CliError(`paper: ${key} point ${k} failed: ${r.message}`);
  return r;
};

const get = (results: Results, key: string): readonly PointResult[] => results.get(key) ?? [];

/** -1/theta [1/K], continuous through inversion (0 at theta = +/-infinity). */
const inverse = (theta: number): number => (Number.isFinite(theta) ? -1 / theta : 0);

/**
 * Position and value of the extremum of y(x) on a grid, refined by a parabola through the best
 * point and its neighbours (in log x for log grids).
 */
export const refinedExtremum = (
  x: readonly number[],
  y: readonly number[],
  kind: "max" | "min",
  logX: boolean,
): { readonly x: number; readonly y: number; readonly index: number } => {
  const sign = kind === "max" ? 1 : -1;
  let best = 0;
  for (let k = 1; k < y.length; k++) if (sign * y[k] > sign * y[best]) best = k;
  if (best === 0 || best === y.length - 1) return { x: x[best], y: y[best], index: best };
  const t = (v: number) => (logX ? Math.log(v) : v);
  const [x0, x1, x2] = [t(x[best - 1]), t(x[best]), t(x[best + 1])];
  const [y0, y1, y2] = [y[best - 1], y[best], y[best + 1]];
  const d0 = (y1 - y0) / (x1 - x0);
  const d1 = (y2 - y1) / (x2 - x1);
  const curvature = (d1 - d0) / (x2 - x0);
  if (!(sign * curvature < 0)) return { x: x[best], y: y[best], index: best };
  // vertex of the parabola through the three points
  const xv = (x0 + x1) / 2 - d0 / (2 * curvature);
  const xs = Math.min(Math.max(xv, x0), x2);
  const yv = y0 + d0 * (xs - x0) + curvature * (xs - x0) * (xs - x1);
  return { x: logX ? Math.exp(xs) : xs, y: yv, index: best };
};

export interface ModelSummary {
  readonly model: Preset;
  readonly options: string;
  /** theta_1..4 at phi = 2.5 rad [K] */
  readonly fig4Theta: readonly number[];
  /** theta_4 at alpha = 0 and pi/2 [K] */
  readonly fig5Theta4: readonly [number, number];
  /** single-qubit (tau_1) inversion peak: position [m], -1/tau [1/K] (null if the qubit is never inverted) */
  readonly inversionPeak1q: { readonly z: number; readonly inverseTheta: number } | null;
  readonly inversionPeak4q: { readonly z: number; readonly inverseTheta: number } | null;
  /** refrigeration peak: most negative -1/theta with theta < T_env */
  readonly refrigerationPeak1q: { readonly z: number; readonly inverseTheta: number } | null;
  readonly refrigerationPeak4q: { readonly z: number; readonly inverseTheta: number } | null;
  /** |peak(4 qubits) - peak(1 qubit)| / |peak(1 qubit)| in -1/theta */
  readonly fig3InversionChange: number | null;
  readonly fig3RefrigerationChange: number | null;
  readonly TenvInPlane: number;
  readonly TenvNormal: number;
  /** Largest relative steady-state residual over every point of this model. */
  readonly maxRelativeResidual: number;
  readonly failedPoints: number;
}

/**
 * The inversion peak (largest -1/theta, theta < 0) or refrigeration peak (smallest -1/theta, theta
 * below T_env) of a curve over z; null when the curve never gets there or its extremum is at an end
 * of the grid (a monotonic approach to the far-field value is not a peak).
 */
const peak = (
  z: readonly number[],
  inv: readonly number[],
  kind: "inversion" | "refrigeration",
  envInv: readonly number[],
): { z: number; inverseTheta: number } | null => {
  const reached = kind === "inversion" ? inv.some((v) => v > 0) : inv.some((v, k) => v < envInv[k]);
  if (!reached) return null;
  const e = refinedExtremum(z, inv, kind === "inversion" ? "max" : "min", true);
  if (e.index === 0 || e.index === z.length - 1) return null;
  return { z: e.x, inverseTheta: e.y };
};

const change = (a: { inverseTheta: number } | null, b: { inverseTheta: number } | null): number | null =>
  a === null || b === null ? null : Math.abs(b.inverseTheta - a.inverseTheta) / Math.abs(a.inverseTheta);

export const summariseModel = (model: Preset, grids: PaperGrids, results: Results): ModelSummary => {
  const all = (key: string) => get(results, key).map((r, k) => okOrThrow(key, k, r));
  const quote = all(`fig4-quote-${model}`)[0];
  const fig5 = all(`fig5-${model}`);
  const one = all(`fig3-1q-${model}`);
  const four = all(`fig3-4q-${model}`);
  const tau = one.map((r) => inverse(r.theta.q1));
  const th1 = four.map((r) => inverse(r.theta.q1));
  const env1 = one.map((r) => inverse(r.T_env.q1));
  const env4 = four.map((r) => inverse(r.T_env.q1));
  const inv1 = peak(grids.z, tau, "inversion", env1);
  const inv4 = peak(grids.z, th1, "inversion", env4);
  const ref1 = peak(grids.z, tau, "refrigeration", env1);
  const ref4 = peak(grids.z, th1, "refrigeration", env4);
  const keys = [...results.keys()].filter((k) => k.endsWith(`-${model}`));
  const points = keys.flatMap((k) => get(results, k));
  return {
    model,
    options: describeOptions(quote.options),
    fig4Theta: ["q1", "q2", "q3", "q4"].map((q) => quote.theta[q]),
    fig5Theta4: [fig5[0].theta.q4, fig5[fig5.length - 1].theta.q4],
    inversionPeak1q: inv1,
    inversionPeak4q: inv4,
    refrigerationPeak1q: ref1,
    refrigerationPeak4q: ref4,
    fig3InversionChange: change(inv1, inv4),
    fig3RefrigerationChange: change(ref1, ref4),
    TenvInPlane: quote.T_env.q1,
    TenvNormal: fig5[0].T_env.q4,
    maxRelativeResidual: Math.max(...points.map((r) => (r.ok ? r.relativeResidual : 0))),
    failedPoints: points.filter((r) => !r.ok).length,
  };
};

// ---- the quoted-number table ----

export interface QuoteRow {
  readonly quantity: string;
  readonly paper: string;
  readonly values: readonly string[];
}

const K = (t: number): string => (Number.isFinite(t) ? `${t.toFixed(0)} K` : t > 0 ? "+inf K" : "-inf K");
const pct = (v: number | null): string => (v === null ? "no peak" : `${(100 * v).toPrecision(3)} %`);
const umText = (p: { z: number } | null): string => (p === null ? "no peak" : `${(p.z * 1e6).toPrecision(3)} um`);

export const quoteRows = (summaries: readonly ModelSummary[]): QuoteRow[] => {
  const row = (quantity: string, paper: string, f: (s: ModelSummary) => string): QuoteRow => ({ quantity, paper, values: summaries.map(f) });
  return [
    ...[0, 1, 2, 3].map((i) => row(`Fig. 4: theta_${i + 1} at phi = 2.5 rad`, K(PAPER_QUOTES.fig4Theta[i]), (s) => K(s.fig4Theta[i]))),
    row("Fig. 5: theta_4 at alpha = 0", K(PAPER_QUOTES.fig5Theta4[0]), (s) => K(s.fig5Theta4[0])),
    row("Fig. 5: theta_4 at alpha = pi/2", K(PAPER_QUOTES.fig5Theta4[1]), (s) => K(s.fig5Theta4[1])),
    row("Fig. 3: 1- vs 4-qubit change at the inversion peak (in -1/theta)", "~70 %", (s) => pct(s.fig3InversionChange)),
    row("Fig. 3: 1- vs 4-qubit change at the refrigeration peak (in -1/theta)", "~0.6 %", (s) => pct(s.fig3RefrigerationChange)),
    row("single-qubit inversion peak position z", "~2.7 um", (s) => umText(s.inversionPeak1q)),
    row("T_env, in-plane dipole (z = 2.7 um)", K(PAPER_QUOTES.TenvInPlane), (s) => `${s.TenvInPlane.toFixed(1)} K`),
    row("T_env, normal dipole (z = 2.7 um)", K(PAPER_QUOTES.TenvNormal), (s) => `${s.TenvNormal.toFixed(1)} K`),
  ];
};

export const quoteTableText = (rows: readonly QuoteRow[], models: readonly string[]): string => {
  const header = ["quantity", "paper", ...models.map((m) => `ours (${m})`)];
  const cells = [header, ...rows.map((r) => [r.quantity, r.paper, ...r.values])];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
};

export const quoteTableMarkdown = (rows: readonly QuoteRow[], models: readonly string[]): string => {
  const header = ["quantity", "paper", ...models.map((m) => `ours (${m})`)];
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${[r.quantity, r.paper, ...r.values].join(" | ")} |`),
  ].join("\n");
};

// ---- charts ----

interface Style {
  readonly color: string;
  readonly dash: Dash;
}

const series = (name: string, x: readonly number[], theta: readonly number[], style: Style): TemperatureSeries => ({ name, x, theta, ...style });

const thetas = (rs: readonly PointResult[], q: string, which: "theta" | "T_env" = "theta"): number[] =>
  rs.map((r) => (r.ok ? r[which][q] : Number.NaN));

/** Drops the points where any series failed (a failed point has no temperature to draw). */
const keepOk = (x: readonly number[], rs: readonly (readonly PointResult[])[]): number[] =>
  x.map((_, k) => k).filter((k) => rs.every((r) => r[k]?.ok === true));

const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((k) => xs[k]);

/** The T_env lines of qubits q1..qn (thin grey; one per distinct environment, e.g. a tilted dipole apart). */
const envOf = (x: readonly number[], rs: readonly PointResult[], idx: readonly number[], qubits: readonly string[]): TemperatureSeries[] =>
  envSeries(x, qubits, (q) => pick(thetas(rs, q, "T_env"), idx));

const QUBITS = ["q1", "q2", "q3", "q4"] as const;

export const fig3Series = (grids: PaperGrids, one: readonly PointResult[], four: readonly PointResult[]): TemperatureSeries[] => {
  const idx = keepOk(grids.z, [one, four]);
  const z = pick(grids.z.map((v) => v * 1e6), idx);
  return [
    series(`${thetaName("q1")} = ${thetaName("q3")} (4 qubits)`, z, pick(thetas(four, "q1"), idx), { color: PAPER_COLORS.red, dash: "dashed" }),
    series(`${thetaName("q2")} = ${thetaName("q4")} (4 qubits)`, z, pick(thetas(four, "q2"), idx), { color: PAPER_COLORS.blue, dash: "shortdash" }),
    series("τ₁ (M + qubit 1 alone)", z, pick(thetas(one, "q1"), idx), { color: PAPER_COLORS.black, dash: "solid" }),
    // the 4-qubit ring's T_env; the lone qubit's is the same (same height and dipole, the machine does not change it)
    ...envOf(z, four, idx, QUBITS),
  ];
};

export const fig4Series = (grids: PaperGrids, rs: readonly PointResult[]): TemperatureSeries[] => {
  const idx = keepOk(grids.phi, [rs]);
  const phi = pick(grids.phi, idx);
  return [
    series(thetaName("q1"), phi, pick(thetas(rs, "q1"), idx), { color: PAPER_COLORS.blue, dash: "solid" }),
    series(thetaName("q2"), phi, pick(thetas(rs, "q2"), idx), { color: PAPER_COLORS.red, dash: "dashed" }),
    series(thetaName("q3"), phi, pick(thetas(rs, "q3"), idx), { color: PAPER_COLORS.skyBlue, dash: "shortdash" }),
    series(thetaName("q4"), phi, pick(thetas(rs, "q4"), idx), { color: PAPER_COLORS.green, dash: "dashdot" }),
    ...envOf(phi, rs, idx, QUBITS),
  ];
};

export const fig5Series = (grids: PaperGrids, rs: readonly PointResult[]): TemperatureSeries[] => {
  const idx = keepOk(grids.alpha, [rs]);
  const alpha = pick(grids.alpha, idx);
  return [
    series(`${thetaName("q1")} = ${thetaName("q3")}`, alpha, pick(thetas(rs, "q1"), idx), { color: PAPER_COLORS.green, dash: "dashdot" }),
    series(thetaName("q2"), alpha, pick(thetas(rs, "q2"), idx), { color: PAPER_COLORS.red, dash: "dashed" }),
    series(thetaName("q4"), alpha, pick(thetas(rs, "q4"), idx), { color: PAPER_COLORS.black, dash: "solid" }),
    ...envOf(alpha, rs, idx, QUBITS),
  ];
};

const svgSize = (svg: string): { width: number; height: number } => {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (m === null) throw new CliError("paper: cannot read the size of a chart SVG");
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Two SVG charts next to each other in one SVG (nested <svg> elements). */
export const sideBySide = (left: string, right: string): string => {
  const a = svgSize(left);
  const b = svgSize(right);
  const width = a.width + b.width;
  const height = Math.max(a.height, b.height);
  const strip = (s: string) => s.replace(/^<\?xml[^>]*>\s*/, "");
  const place = (s: string, x: number) => strip(s).replace(/^<svg/, `<svg x="${x}" y="0"`);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="white"/>${place(left, 0)}${place(right, a.width)}</svg>`;
};

// ---- the command ----

export interface PaperOptions {
  readonly out: string;
  readonly pointsScale?: number;
  readonly workers?: number;
  readonly progress?: ProgressReporter;
}

export interface PaperOutcome {
  readonly summaries: readonly ModelSummary[];
  readonly table: string;
  readonly files: readonly string[];
  readonly seconds: number;
  readonly sweepSeconds: number;
  readonly points: number;
}

export const runPaper = async (opts: PaperOptions): Promise<PaperOutcome> => {
  const started = performance.now();
  const grids = paperGrids(opts.pointsScale ?? 1);
  const jobs = paperJobs(grids);
  orThrow(ensureOutputDir(opts.out)); // a bad --out is refused before the computation, not after
  const points = jobs.reduce((n, j) => n + j.points.length, 0);
  const results = orThrow(await runSweeps(jobs, { workers: opts.workers, progress: opts.progress ?? silentProgress, progressLabel: "paper" }));
  const sweepSeconds = (performance.now() - started) / 1000;
  const files: string[] = [];
  const write = <T>(e: E.Either<{ message: string }, T>): T => orThrow(e);

  // tables: one CSV per sweep, each headed by `# ` lines with the scenario, options and environment
  const firstOk = (key: string): PointOk | null => get(results, key).find((r): r is PointOk => r.ok) ?? null;
  const date = new Date();
  for (const job of jobs.filter((j) => !j.key.startsWith("fig4-quote"))) {
    const parameter = Object.keys(job.points[0])[0] as ParameterName;
    const table = sweepTable([parameter], job.points, get(results, job.key));
    const ok = firstOk(job.key);
    const comments = csvHeaderLines({
      scenario: job.scenario.name,
      sweep: job.key,
      description: job.scenario.description ?? null,
      options: ok?.options ?? null,
      environment: ok?.environment ?? null,
      swept: [parameter],
      command: invocation("paper"),
      date,
    });
    files.push(write(writeCsv(join(opts.out, `${job.key}.csv`), table.columns, table.rows, comments)));
  }
  // Title and caption (full options, environment) of a panel; the captions of the two models are
  // padded to the same number of lines so that the side-by-side panels line up.
  const captions = new Map(
    MODELS.map((m) => {
      const ok = firstOk(`fig4-${m}`);
      return [m, ok === null ? [] : wrapCaption(chartCaption(ok.options, ok.environment), captionWidth())] as const;
    }),
  );
  const captionLineCount = Math.max(...[...captions.values()].map((c) => c.length));
  const chartText = (fig: string, model: Preset): { title: string; subtitle: string[] } => {
    const ok = firstOk(`fig4-${model}`);
    const caption = captions.get(model) ?? [];
    return {
      title: `${fig}, ${ok === null ? `preset ${model}` : modelTitle(ok.options)}`,
      subtitle: [...caption, ...Array.from({ length: captionLineCount - caption.length }, () => "")],
    };
  };

  // charts: per figure, the two models side by side (and each panel alone)
  const panels = async (fig: string, make: (model: Preset) => Promise<string>): Promise<void> => {
    const svgs: string[] = [];
    for (const model of MODELS) {
      const svg = await make(model);
      const c = write(writeChart(join(opts.out, `${fig}-${model}`), svg));
      files.push(c.svg, c.png);
      svgs.push(svg);
    }
    const both = write(writeChart(join(opts.out, fig), sideBySide(svgs[0], svgs[1]), 1.5));
    files.push(both.svg, both.png);
  };
  await panels("fig3", (model) =>
    temperatureChartSvg({
      ...chartText("Fig. 3", model),
      xLabel: "z (µm)",
      xScale: "log",
      series: fig3Series(grids, get(results, `fig3-1q-${model}`), get(results, `fig3-4q-${model}`)),
    }),
  );
  await panels("fig4", (model) =>
    temperatureChartSvg({
      ...chartText("Fig. 4", model),
      xLabel: "φ (rad)",
      series: fig4Series(grids, get(results, `fig4-${model}`)),
      topAxis: { label: "r φ (µm)", map: (phi) => 75 * phi },
    }),
  );
  await panels("fig5", (model) =>
    temperatureChartSvg({
      ...chartText("Fig. 5", model),
      xLabel: "α (rad)",
      series: fig5Series(grids, get(results, `fig5-${model}`)),
    }),
  );

  const summaries = MODELS.map((m) => summariseModel(m, grids, results));
  const rows = quoteRows(summaries);
  const table = quoteTableText(rows, MODELS);
  const seconds = (performance.now() - started) / 1000;
  const gridNote =
    `Grids: Fig. 3: ${grids.z.length} heights, log 0.1-100 um; Fig. 4: ${grids.phi.length} angles phi_k = (k + 1/2) 2 pi / ${grids.phi.length} ` +
    `(offset by half a step so that no point is pi/2, pi or 3 pi/2, where qubit 1 would sit on another qubit); ` +
    `Fig. 5: ${grids.alpha.length} angles on [0, pi/2] including both ends.`;
  const markdown = [
    "# qthermo paper: the quoted numbers beside ours",
    "",
    quoteTableMarkdown(rows, MODELS),
    "",
    `What does and does not reproduce, and why: see [docs/reproduction.md](${reproductionLink(opts.out)}).`,
    "",
    `Note on Fig. 3: the slow ripples of the preset-paper curves at z > 10 um are physics, not noise (the machine's fast transition sees its own field reflected by the slab; period lambda_S / 2 = 11.6 um): see [docs/reproduction.md, "Oscillations in Fig. 3"](${reproductionLink(opts.out)}#oscillations-in-fig-3-at-z--10-um).`,
    "",
    "Models:",
    ...summaries.map((s) => `- ${s.model}: ${s.options} (largest relative steady-state residual ${s.maxRelativeResidual.toExponential(1)}, failed points ${s.failedPoints})`),
    "",
    "Definitions: the Fig. 3 changes compare the extremum of -1/theta_1 (4 qubits) with that of -1/tau_1 (1 qubit), each curve's own peak",
    "located on the grid and refined by a parabola in log z; the inversion peak is the maximum of -1/theta (theta < 0), the refrigeration",
    "peak the minimum (theta < T_env); \"no peak\" when the curve never gets there or its extremum is at an end of the grid. T_env in-plane: qubit 1 of Fig. 4 (dipole pointing at M); normal: qubit 4 of Fig. 5 at alpha = 0.",
    "",
    gridNote,
    "",
    `${points} steady states in ${seconds.toFixed(1)} s (sweeps ${sweepSeconds.toFixed(1)} s).`,
    "",
  ].join("\n");
  files.push(write(writeMarkdown(join(opts.out, "summary.md"), markdown)));
  files.push(
    write(
      writeJson(join(opts.out, "summary.json"), {
        paper: PAPER_QUOTES,
        models: summaries,
        table: rows,
        grids: { z_m: grids.z, phi_rad: grids.phi, alpha_rad: grids.alpha, note: gridNote },
        points,
        seconds,
        sweepSeconds,
      }),
    ),
  );
  return { summaries, table, files, seconds: (performance.now() - started) / 1000, sweepSeconds, points };
};

/** The link from `out/summary.md` to docs/reproduction.md of this checkout (relative, so it works wherever `out` is). */
export const reproductionLink = (out: string): string => {
  const doc = fileURLToPath(new URL("../../../docs/reproduction.md", import.meta.url));
  return relative(resolve(out), doc).split(sep).join("/");
};

/** Plain text (the markdown summary); output.ts has writers for CSV, JSON and charts only. */
const writeMarkdown = (path: string, text: string): E.Either<{ kind: "OutputError"; message: string }, string> => {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return E.right(path);
  } catch (err) {
    return E.left({ kind: "OutputError", message: `cannot write ${path}: ${(err as Error).message}` });
  }
};

interface PaperCliOptions {
  out: string;
  pointsScale: string;
  workers?: string;
  json?: boolean;
}

export const registerPaper = (program: Command): void => {
  program
    .command("paper")
    .description("reproduce Figures 3, 4, 5 (literal model and preset paper side by side) with the paper's quoted numbers")
    .requiredOption("--out <dir>", "output folder")
    .option("--points-scale <f>", "grid size relative to the full grids (120 z, 360 phi, 91 alpha); e.g. 0.05 for a quick look", "1")
    .option("--workers <n>", "worker threads (0: main thread; default one per core, at most 8)")
    .option("--json", "print the summary as JSON instead of the table")
    .action(async (opts: PaperCliOptions) => {
      const scale = Number(opts.pointsScale);
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new CliError(`--workers must be a non-negative integer, got "${opts.workers}"`);
      const outcome = await runPaper({ out: opts.out, pointsScale: scale, workers, progress: opts.json ? silentProgress : createProgress() });
      if (opts.json) {
        process.stdout.write(toJson({ models: outcome.summaries, files: outcome.files, seconds: outcome.seconds }));
        return;
      }
      console.log(outcome.table);
      console.log("");
      for (const s of outcome.summaries) console.log(`${s.model}: ${s.options}`);
      console.log(`wrote ${outcome.files.length} files into ${opts.out} (summary.md, summary.json, fig3/4/5 .svg/.png, CSVs)`);
      console.log(`total ${outcome.seconds.toFixed(1)} s for ${outcome.points} steady states (sweeps ${outcome.sweepSeconds.toFixed(1)} s)`);
    });
};
