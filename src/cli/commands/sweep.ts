/**
 * `qthermo sweep <scenario> --out DIR`: solves the scenario on its sweep grid (one or two
 * parameters) in worker threads and writes <name>.csv, <name>.json and the temperature chart
 * <name>.svg/.png (-1/theta on the left axis, theta on the right, as in the paper). With two
 * swept parameters the chart has one curve per qubit and value of the second parameter, and the
 * CSV is the full grid (first parameter outermost). Every CSV starts with `# ` comment lines
 * (version, date, scenario, model options, environment); every chart has the options as caption.
 * The naming and styling helpers here (thetaName, envSeries, modelTitle, chartCaption) are shared
 * with `qthermo paper`, so sweep and paper charts read alike.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { PARAMETERS, type ParameterName } from "../../scenario/schema.js";
import { sweepGrid, type Scenario, type SweepAxisValues } from "../../scenario/scenario.js";
import { describeOptions, type ModelOptions } from "../../emitters/options.js";
import { describeEnvironment, type EnvironmentRecord } from "../../emitters/system.js";
import { QUBIT_COLORS, REFERENCE_CURVE, REFERENCE_DASHES, temperatureChartSvg, type Dash, type TemperatureSeries } from "../../plot/chart.js";
import { CliError, orThrow } from "../errors.js";
import { ensureOutputDir, writeChart, writeCsv, writeJson, type Cell } from "../output.js";
import { createProgress, silentProgress, type ProgressReporter } from "../progress.js";
import { runSweeps, type PointOk, type PointResult, type PointValues } from "../sweep-runner.js";
import { parsePreset, prepareScenario } from "./run.js";

/** A parameter in the units a reader expects in a table (ASCII: um, rad, K). */
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

/** CSV column name of a parameter (ASCII, with its unit: z_um, phi_rad, TS_K). */
export const columnName = (name: ParameterName): string => {
  const u = displayUnit(name).unit;
  return u === "" ? name : `${name}_${u}`;
};

// ---- chart text: Unicode symbols and units, the same in sweep and paper charts ----

const CHART_SYMBOL: Readonly<Record<ParameterName, string>> = {
  z: "z",
  r: "r",
  delta: "δ",
  phi: "φ",
  alpha: "α",
  TS: "T_S",
  TW: "T_W",
  lambdaScale: "Λ scale",
};

/** A unit as chart text (µm instead of um). */
export const chartUnit = (unit: string): string => (unit === "um" ? "µm" : unit);

/** Axis title of a parameter on a chart: "z (µm)", "φ (rad)", "T_S (K)". */
export const axisLabel = (name: ParameterName): string => {
  const u = chartUnit(displayUnit(name).unit);
  return u === "" ? CHART_SYMBOL[name] : `${CHART_SYMBOL[name]} (${u})`;
};

/** One parameter value as chart text: "T_S = 600 K", "α = 0.7854 rad". */
export const parameterText = (name: ParameterName, si: number): string => {
  const { unit, factor } = displayUnit(name);
  const u = chartUnit(unit);
  return `${CHART_SYMBOL[name]} = ${Number((si * factor).toPrecision(4))}${u === "" ? "" : ` ${u}`}`;
};

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (digits: string): string => digits.replace(/\d/g, (d) => SUBSCRIPT_DIGITS[Number(d)]);

/** The qubit number of an emitter named q<n> ("q4" -> "4"), else null. */
const qubitNumber = (emitter: string): string | null => /^q(\d+)$/.exec(emitter)?.[1] ?? null;

/** Legend name of an emitter's temperature: θ₁ for q1 (as in the paper), θ(M) for other names. */
/**
 * The command line as typed, for the CSV header ("qthermo sweep paper-fig5 --points 30 --out out/fig5"),
 * when this process was started as that subcommand; "qthermo <subcommand>" when called from code.
 */
export const invocation = (subcommand: string): string => {
  const args = process.argv.slice(2);
  if (args[0] !== subcommand) return `qthermo ${subcommand}`;
  return ["qthermo", ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))].join(" ");
};

export const thetaName = (emitter: string): string => {
  const n = qubitNumber(emitter);
  return n === null ? `θ(${emitter})` : `θ${subscript(n)}`;
};

/** "1–3" for consecutive numbers, else "1, 3, 5". */
const numberList = (ns: readonly number[]): string =>
  ns.length > 2 && ns.every((n, i) => i === 0 || n === ns[i - 1] + 1) ? `${ns[0]}–${ns[ns.length - 1]}` : ns.join(", ");

/**
 * Legend name of a T_env curve shared by `members` out of `all` qubits: "T_env (all qubits)",
 * "T_env (qubit 4)", "T_env (qubits 1–3)"; emitters not named q<n> are listed by name.
 */
export const envName = (members: readonly string[], all: readonly string[]): string => {
  if (members.length === all.length && all.length > 1) return "T_env (all qubits)";
  const numbers = members.map(qubitNumber);
  if (numbers.every((n): n is string => n !== null)) {
    const ns = numbers.map(Number);
    return `T_env (${ns.length === 1 ? "qubit" : "qubits"} ${numberList(ns)})`;
  }
  return `T_env (${members.join(", ")})`;
};

/** Two T_env curves are the same when they agree to a relative 1e-6 at every point. */
const sameCurve = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, k) => v === b[k] || Math.abs(v - b[k]) <= 1e-6 * Math.max(Math.abs(v), Math.abs(b[k])));

/**
 * The distinct T_env curves of a set of qubits (sampled at the same points): qubits whose T_env
 * agrees everywhere share one curve (e.g. every in-plane dipole of a ring), a tilted dipole gets
 * its own. Members are in `qubits` order; curves in the order of their first member.
 */
export const envGroups = (
  qubits: readonly string[],
  Tenv: (q: string) => readonly number[],
): { readonly members: string[]; readonly theta: readonly number[] }[] => {
  const groups: { members: string[]; theta: readonly number[] }[] = [];
  for (const q of qubits) {
    const curve = Tenv(q);
    const g = groups.find((x) => sameCurve(x.theta, curve));
    if (g === undefined) groups.push({ members: [q], theta: curve });
    else g.members.push(q);
  }
  return groups;
};

/** The T_env series of a chart: one thin grey line per distinct environment, told apart by dash. */
export const envSeries = (
  x: readonly number[],
  qubits: readonly string[],
  Tenv: (q: string) => readonly number[],
  opts: { readonly suffix?: string; readonly dash?: (k: number) => Dash; readonly color?: (k: number) => string } = {},
): TemperatureSeries[] =>
  envGroups(qubits, Tenv).map((g, k) => ({
    name: `${envName(g.members, qubits)}${opts.suffix ?? ""}`,
    x,
    theta: g.theta,
    color: opts.color?.(k) ?? REFERENCE_CURVE.color,
    width: REFERENCE_CURVE.width,
    dash: opts.dash?.(k) ?? REFERENCE_DASHES[k % REFERENCE_DASHES.length],
  }));

/** Short model description for a chart title: "literal model", "preset paper (far-IR loss, Λ ×1000)". */
export const modelTitle = (o: ModelOptions): string => {
  const parts: string[] = [];
  if (o.farInfraredLoss !== null) parts.push("far-IR loss");
  if (o.lambdaScale !== 1) parts.push(`Λ ×${o.lambdaScale}`);
  if (o.preset === "literal" && parts.length === 0) return "literal model";
  return `preset ${o.preset}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
};

/** The environment in one line: "sapphire-ordinary, thickness 0.05 µm, T_S = 900 K, T_W = 300 K". */

/** The caption of a chart: the full model options and the environment (of the first point, when a parameter that changes them is swept). */
export const chartCaption = (options: ModelOptions, env: EnvironmentRecord, swept: readonly ParameterName[] = []): string[] => {
  const note = (names: readonly ParameterName[]) => {
    const s = swept.filter((p) => names.includes(p));
    return s.length === 0 ? "" : ` (at the first point; ${s.map((p) => CHART_SYMBOL[p]).join(", ")} swept)`;
  };
  return [`model${note(["lambdaScale"])}: ${describeOptions(options)}`, `environment${note(["TS", "TW", "delta"])}: ${describeEnvironment(env)}`];
};

// ---- CSV with a commented header ----

let versionCache: string | null = null;
/** qthermo's version, from package.json. */
export const qthermoVersion = (): string => {
  if (versionCache === null) {
    try {
      versionCache = String((JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version?: unknown }).version ?? "unknown");
    } catch {
      versionCache = "unknown";
    }
  }
  return versionCache;
};

/**
 * The leading comment lines of every CSV qthermo writes (each starts with "# "; pandas reads the
 * file with `read_csv(path, comment="#")`, numpy's loadtxt/genfromtxt skip them by default):
 * what wrote it and when, the scenario, the full model options and the environment.
 */
export const csvHeaderLines = (info: {
  readonly scenario: string;
  /** Which of several sweeps of one command (qthermo paper's fig3-1q-paper, ...). */
  readonly sweep?: string;
  readonly description?: string | null;
  readonly options: ModelOptions | null;
  readonly environment: EnvironmentRecord | null;
  readonly swept?: readonly ParameterName[];
  readonly command: string;
  readonly date?: Date;
}): string[] => {
  const swept = info.swept ?? [];
  const note = (names: readonly ParameterName[]) => {
    const s = swept.filter((p) => names.includes(p));
    return s.length === 0 ? "" : ` (at the first point; ${s.join(", ")} swept, see the columns)`;
  };
  return [
    `qthermo ${qthermoVersion()}, ${info.command}, written ${(info.date ?? new Date()).toISOString()}`,
    `scenario: ${info.scenario}${info.sweep ? ` (sweep ${info.sweep})` : ""}`,
    ...(info.description ? [`description: ${info.description}`] : []),
    `model${note(["lambdaScale"])}: ${info.options === null ? "unknown (no point solved)" : describeOptions(info.options)}`,
    `environment${note(["TS", "TW", "delta"])}: ${info.environment === null ? "unknown (no point solved)" : describeEnvironment(info.environment, "um")}`,
    "units: lengths in um, angles in rad, temperatures in K; theta_<emitter>_K is the steady temperature, T_env_<emitter>_K that of its environment",
  ].map((line) => `# ${line.replace(/[\r\n]+/g, " ")}`);
};

/** Reads a CSV written by qthermo: skips the leading `#` comment lines; returns the comments, the header and the rows as text cells. */
export const readQthermoCsv = (text: string): { readonly comments: string[]; readonly columns: string[]; readonly rows: string[][] } => {
  const lines = text.split("\n").filter((l) => l !== "");
  const comments = lines.filter((l) => l.startsWith("#"));
  const data = lines.filter((l) => !l.startsWith("#"));
  return { comments, columns: (data[0] ?? "").split(","), rows: data.slice(1).map((l) => l.split(",")) };
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
/** Shades of grey for T_env curves that share a dash (two-parameter sweeps). */
const GREYS: readonly string[] = [REFERENCE_CURVE.color, "#4d4d4d", "#b0b0b0"];

/**
 * Chart series: the qubits' theta against the first parameter and their T_env (one thin grey line
 * per distinct environment, e.g. one for a ring of in-plane dipoles and one for a tilted dipole).
 * Every qubit has its own colour (the Okabe-Ito palette without grey) and, with one swept
 * parameter, its own dash. With a second swept parameter there is one curve per qubit and value of
 * it: the colour is the qubit, the dash the value of the second parameter, and T_env is drawn for
 * every value (it may depend on it, e.g. T_S), once when it does not. The machine is left out: its
 * theta_M (a few hundred K, inverted) would squeeze the qubits' curves flat on the -1/theta axis.
 */
export const sweepChartSeries = (
  axes: readonly SweepAxisValues[],
  points: readonly PointValues[],
  results: readonly PointResult[],
  qubits: readonly string[],
): { readonly series: TemperatureSeries[]; readonly note: string | null } => {
  const first = axes[0];
  const second = axes[1];
  const f = displayUnit(first.parameter).factor;
  const groups: { label: string; select: (p: PointValues) => boolean }[] =
    second === undefined
      ? [{ label: "", select: () => true }]
      : second.values.map((v) => ({ label: `, ${parameterText(second.parameter, v)}`, select: (p: PointValues) => p[second.parameter] === v }));
  const okAt = (k: number) => results[k] as PointOk;
  // theta = 0 K (a frozen or unresolved transition) has -1/theta = -infinity: not drawable, kept in the CSV
  const drawable = (t: number): boolean => t !== 0;
  const series: TemperatureSeries[] = [];
  const env: TemperatureSeries[][] = [];
  groups.forEach((g, gi) => {
    const idx = points.map((_, k) => k).filter((k) => g.select(points[k]) && results[k].ok);
    // qubits whose curves coincide (theta_1 = theta_3 in a symmetric geometry) share one curve, named
    // after all of them, so that no legend entry stands for a curve hidden under another
    const own: { members: string[]; s: TemperatureSeries }[] = [];
    qubits.forEach((q, qi) => {
      const at = idx.filter((k) => drawable(okAt(k).theta[q]));
      const x = at.map((k) => (points[k][first.parameter] as number) * f);
      const theta = at.map((k) => okAt(k).theta[q]);
      const twin = own.find((o) => sameCurve(o.s.x, x) && sameCurve(o.s.theta, theta));
      if (twin !== undefined) {
        twin.members.push(q);
        return;
      }
      own.push({
        members: [q],
        s: { name: "", x, theta, color: QUBIT_COLORS[qi % QUBIT_COLORS.length], dash: DASHES[(second === undefined ? qi : gi) % DASHES.length] },
      });
    });
    for (const o of own) series.push({ ...o.s, name: `${o.members.map(thetaName).join(" = ")}${g.label}` });
    const at = idx.filter((k) => qubits.every((q) => drawable(okAt(k).T_env[q])));
    env.push(
      envSeries(
        at.map((k) => (points[k][first.parameter] as number) * f),
        qubits,
        (q) => at.map((k) => okAt(k).T_env[q]),
        second === undefined
          ? {}
          : { suffix: g.label, dash: () => DASHES[gi % DASHES.length], color: (k) => GREYS[k % GREYS.length] },
      ),
    );
  });
  // with a second parameter that T_env does not depend on (e.g. lambdaScale), one set of T_env lines
  const independent =
    env.length > 1 &&
    env.every((e) => e.length === env[0].length && e.every((s, k) => sameCurve(s.x, env[0][k].x) && sameCurve(s.theta, env[0][k].theta)));
  const envLines = independent
    ? env[0].map((s, k) => ({ ...s, name: s.name.slice(0, s.name.length - groups[0].label.length), dash: REFERENCE_DASHES[k % REFERENCE_DASHES.length], color: REFERENCE_CURVE.color }))
    : env.flat();
  const p2 = second === undefined ? "" : CHART_SYMBOL[second.parameter];
  const note =
    second === undefined
      ? null
      : `colour: qubit; dash: ${p2} (one curve per value); thin grey: T_env, ${independent ? `the same for every ${p2}` : `one per ${p2} value, with its dash`}`;
  return { series: [...series, ...envLines].filter((s) => s.x.length > 0), note };
};

/** The series of `sweepChartSeries` alone. */
export const sweepSeries = (
  axes: readonly SweepAxisValues[],
  points: readonly PointValues[],
  results: readonly PointResult[],
  qubits: readonly string[],
): TemperatureSeries[] => sweepChartSeries(axes, points, results, qubits).series;


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
  const firstOk = results.find((r): r is PointOk => r.ok) as PointOk;
  const comments = csvHeaderLines({
    scenario: scenario.name,
    description: scenario.description ?? null,
    options: firstOk.options,
    environment: firstOk.environment,
    swept: parameters,
    command: invocation("sweep"),
  });
  const csv = orThrow(writeCsv(`${base}.csv`, table.columns, table.rows, comments));
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
  const { series, note } = sweepChartSeries(grid.axes, grid.points, results, qubits.length > 0 ? qubits : emitterNames(results));
  const svg = await temperatureChartSvg({
    title: `${scenario.name}, ${modelTitle(firstOk.options)}`,
    subtitle: [...chartCaption(firstOk.options, firstOk.environment, parameters), ...(note === null ? [] : [note])],
    xLabel: axisLabel(first.parameter),
    xScale: first.scale === "log" ? "log" : "linear",
    series,
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
