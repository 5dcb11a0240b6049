/**
 * `qthermo sweep <scenario> --out DIR`: solves the scenario on its sweep grid (one or two
 * parameters) in worker threads and writes <name>.csv, <name>.json and the temperature chart
 * <name>.svg/.png (-1/theta on the left axis, theta on the right, as in the paper). With two
 * swept parameters the chart has one curve per qubit and value of the second parameter, and the
 * CSV is the full grid (first parameter outermost).
 */
import { join } from "node:path";
import type { Command } from "commander";
import { PARAMETERS, type ParameterName } from "../../scenario/schema.js";
import { sweepGrid, type Scenario, type SweepAxisValues } from "../../scenario/scenario.js";
import { describeOptions } from "../../emitters/options.js";
import { PALETTE, temperatureChartSvg, type Dash, type TemperatureSeries } from "../../plot/chart.js";
import { CliError, orThrow } from "../errors.js";
import { ensureOutputDir, writeChart, writeCsv, writeJson, type Cell } from "../output.js";
import { createProgress, silentProgress, type ProgressReporter } from "../progress.js";
import { runSweeps, type PointOk, type PointResult, type PointValues } from "../sweep-runner.js";
import { parsePreset, prepareScenario } from "./run.js";

/** A parameter in the units a reader expects in a table or on an axis. */
export const displayUnit = (name: ParameterName): { readonly unit: string; readonly factor: number } => {
  switch (PARAMETERS[name]) {
    case "length":
      return { unit: "um", factor: 1e6 };
    case "angle":
      return { unit: "rad", factor: 1 };
    case "temperature":
      return { unit: "K", factor: 1 };
    default:
      return { unit: "", factor: 1 };
  }
};

export const columnName = (name: ParameterName): string => {
  const u = displayUnit(name).unit;
  return u === "" ? name : `${name}_${u}`;
};

export const axisLabel = (name: ParameterName): string => {
  const u = displayUnit(name).unit;
  return u === "" ? name : `${name} (${u})`;
};

/** Emitter names of the first successful point, in report order. */
export const emitterNames = (results: readonly PointResult[]): string[] => {
  const ok = results.find((r): r is PointOk => r.ok);
  return ok === undefined ? [] : Object.keys(ok.theta);
};

/** The CSV table of a sweep: parameters, then theta, T_env and task of every emitter, residual, error. */
export const sweepTable = (
  parameters: readonly ParameterName[],
  points: readonly PointValues[],
  results: readonly PointResult[],
): { readonly columns: string[]; readonly rows: Cell[][] } => {
  const names = emitterNames(results);
  const columns = [
    ...parameters.map(columnName),
    ...names.flatMap((n) => [`theta_${n}_K`, `T_env_${n}_K`, `task_${n}`]),
    "residual",
    "error",
  ];
  const rows = points.map((p, k): Cell[] => {
    const r = results[k];
    const params = parameters.map((name) => (p[name] as number) * displayUnit(name).factor);
    if (!r.ok) return [...params, ...names.flatMap(() => [null, null, null]), null, r.message];
    return [...params, ...names.flatMap((n) => [r.theta[n], r.T_env[n], r.tasks[n]]), r.residual, ""];
  });
  return { columns, rows };
};

const DASHES: readonly Dash[] = ["solid", "dashed", "shortdash", "dashdot", "longdash", "dotted"];

/**
 * Chart series: the qubits' theta against the first parameter (one curve per value of the
 * second parameter, if any) and the first qubit's T_env. The machine is left out: its theta_M
 * (a few hundred K, inverted) would squeeze the qubits' curves flat on the -1/theta axis.
 */
export const sweepSeries = (
  axes: readonly SweepAxisValues[],
  points: readonly PointValues[],
  results: readonly PointResult[],
  qubits: readonly string[],
): TemperatureSeries[] => {
  const first = axes[0];
  const second = axes[1];
  const f = displayUnit(first.parameter).factor;
  const groups: { label: string; select: (p: PointValues) => boolean }[] =
    second === undefined
      ? [{ label: "", select: () => true }]
      : second.values.map((v) => ({
          label: ` ${second.parameter}=${(v * displayUnit(second.parameter).factor).toPrecision(4)}${displayUnit(second.parameter).unit}`,
          select: (p: PointValues) => p[second.parameter] === v,
        }));
  const series: TemperatureSeries[] = [];
  groups.forEach((g, gi) => {
    const idx = points.map((p, k) => k).filter((k) => g.select(points[k]) && results[k].ok);
    const okAt = (k: number) => results[k] as PointOk;
    // theta = 0 K (a frozen or unresolved transition) has -1/theta = -infinity: not drawable, kept in the CSV
    const drawable = (t: number): boolean => t !== 0;
    qubits.forEach((q, qi) => {
      const at = idx.filter((k) => drawable(okAt(k).theta[q]));
      series.push({
        name: `theta ${q}${g.label}`,
        x: at.map((k) => (points[k][first.parameter] as number) * f),
        theta: at.map((k) => okAt(k).theta[q]),
        color: PALETTE[(second === undefined ? qi : gi) % PALETTE.length],
        dash: DASHES[qi % DASHES.length],
      });
    });
    if (second === undefined || gi === 0) {
      // T_env of the first qubit, and of every other qubit whose environment differs from it
      // (e.g. a tilted dipole): identical curves would only hide each other.
      const envOf = (q: string) => idx.filter((k) => drawable(okAt(k).T_env[q]));
      const differs = (q: string): boolean =>
        idx.some((k) => Math.abs(okAt(k).T_env[q] - okAt(k).T_env[qubits[0]]) > 1e-6 * Math.abs(okAt(k).T_env[qubits[0]]));
      qubits
        .filter((q, qi) => qi === 0 || differs(q))
        .forEach((q, n) => {
          const at = envOf(q);
          series.push({
            name: `T_env ${q}`,
            x: at.map((k) => (points[k][first.parameter] as number) * f),
            theta: at.map((k) => okAt(k).T_env[q]),
            color: n === 0 ? "#999999" : "#555555",
            dash: n === 0 ? "dotted" : "dashdot",
          });
        });
    }
  });
  return series.filter((s) => s.x.length > 0);
};

/** Qubits: emitters whose only transition is theirs (transition id = emitter name). */
export const qubitNames = (results: readonly PointResult[]): string[] => {
  const ok = results.find((r): r is PointOk => r.ok);
  return ok === undefined ? [] : Object.keys(ok.theta).filter((n) => !ok.couplings.emitters.some((e) => e.emitter === n && e.fastToSlow !== 1));
};

export interface SweepOutcome {
  readonly files: readonly string[];
  readonly failed: number;
  readonly points: number;
  readonly seconds: number;
}

export interface SweepCommandOptions {
  readonly out: string;
  readonly workers?: number;
  readonly points?: number;
  readonly progress?: ProgressReporter;
}

/** The scenario with every sweep axis given `points` points (for quick looks and tests). */
export const withSweepPoints = (s: Scenario, points: number): Scenario => {
  if (!Number.isInteger(points) || points < 1) throw new CliError(`--points must be an integer >= 1, got ${points}`);
  return { ...s, sweep: (s.sweep ?? []).map((a) => ({ ...a, points })) };
};

/** Runs the sweep and writes CSV, JSON, SVG and PNG into `out`. */
export const sweepScenario = async (scenario0: Scenario, opts: SweepCommandOptions): Promise<SweepOutcome> => {
  const scenario = opts.points === undefined ? scenario0 : withSweepPoints(scenario0, opts.points);
  if ((scenario.sweep ?? []).length === 0) {
    throw new CliError(`scenario ${scenario.name} has no "sweep" section; add one (see docs/scenarios.md) or use qthermo run`);
  }
  const grid = orThrow(sweepGrid(scenario));
  orThrow(ensureOutputDir(opts.out)); // a bad --out is refused before the computation, not after
  const started = performance.now();
  const results = orThrow(
    await runSweeps([{ key: "sweep", scenario, points: grid.points }], {
      workers: opts.workers,
      progress: opts.progress ?? silentProgress,
      progressLabel: scenario.name,
    }),
  ).get("sweep") as readonly PointResult[];
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((r) => !r.ok).length;
  if (failed === results.length) {
    throw new CliError(`every point of the sweep failed; the first: ${(results[0] as { message: string }).message}`);
  }
  const parameters = grid.axes.map((a) => a.parameter);
  const base = join(opts.out, scenario.name);
  const table = sweepTable(parameters, grid.points, results);
  const csv = orThrow(writeCsv(`${base}.csv`, table.columns, table.rows));
  const firstOk = results.find((r): r is PointOk => r.ok) as PointOk;
  const json = orThrow(
    writeJson(`${base}.json`, {
      scenario: scenario.name,
      description: scenario.description ?? null,
      options: firstOk.options,
      optionsSummary: describeOptions(firstOk.options),
      environment: firstOk.environment,
      axes: grid.axes.map((a) => ({ parameter: a.parameter, scale: a.scale, unit: "SI", values: a.values })),
      points: grid.points.map((p, k) => ({ values: p, ...results[k] })),
      seconds,
    }),
  );
  const first = grid.axes[0];
  const qubits = qubitNames(results);
  const svg = await temperatureChartSvg({
    title: `${scenario.name}, preset ${firstOk.options.preset}${firstOk.options.lambdaScale !== 1 ? `, Lambda x${firstOk.options.lambdaScale}` : ""}`,
    xLabel: axisLabel(first.parameter),
    xScale: first.scale === "log" ? "log" : "linear",
    series: sweepSeries(grid.axes, grid.points, results, qubits.length > 0 ? qubits : emitterNames(results)),
  });
  const chart = orThrow(writeChart(base, svg));
  return { files: [csv, json, chart.svg, chart.png], failed, points: results.length, seconds };
};

interface SweepCliOptions {
  out: string;
  set: string[];
  preset?: string;
  points?: string;
  workers?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const nonNegativeInteger = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new CliError(`${name} must be a non-negative integer, got "${text}"`);
  return v;
};

/** --points: the same wording for "abc", "-1" and "0" (as withSweepPoints). */
const positiveInteger = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isInteger(v) || v < 1) throw new CliError(`${name} must be an integer >= 1, got "${text}"`);
  return v;
};

export const registerSweep = (program: Command): void => {
  program
    .command("sweep")
    .description("solve a scenario over its sweep grid; writes CSV, JSON, SVG and PNG")
    .argument("<scenario>", "built-in name or path to a scenario .json file with a sweep section")
    .requiredOption("--out <dir>", "output folder")
    .option("--set <name=value>", "set a fixed parameter before sweeping (repeatable)", collect, [])
    .option("--preset <name>", "model preset: literal (default) or paper")
    .option("--points <n>", "override the number of points of every sweep axis")
    .option("--workers <n>", "worker threads (0: run in the main thread; default one per core, at most 8)")
    .action(async (name: string, opts: SweepCliOptions) => {
      const scenario = prepareScenario(name, opts.set, parsePreset(opts.preset));
      const outcome = await sweepScenario(scenario, {
        out: opts.out,
        points: positiveInteger("--points", opts.points),
        workers: nonNegativeInteger("--workers", opts.workers),
        progress: createProgress(),
      });
      for (const f of outcome.files) console.log(`wrote ${f}`);
      if (outcome.failed > 0) console.error(`qthermo: warning: ${outcome.failed} of ${outcome.points} points failed (see the error column of the CSV)`);
      console.log(`${outcome.points} points in ${outcome.seconds.toFixed(1)} s`);
    });
};
