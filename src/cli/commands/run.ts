/**
 * `qthermo run <scenario-file|builtin>`: builds the scenario's system at its own parameter values
 * (after `--preset` and `--set`), solves the steady state and prints the temperatures, tasks,
 * dimensionless couplings and model options; `--json` prints the same as one JSON object,
 * `--print-equation` the symbolic master equation, `--list-rates` every bound rate with its unit.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import * as E from "fp-ts/lib/Either.js";
import { builtinScenario, builtinScenarioNames, isBuiltinScenario } from "../../scenario/builtin.js";
import { applySet, parseScenarioText, scenarioPoint, scenarioRunner, withPreset, type Scenario } from "../../scenario/scenario.js";
import { describeOptions, type Preset } from "../../emitters/options.js";
import { describeEnvironment, rateListing, systemEquationLatex, systemEquationText, type System } from "../../emitters/system.js";
import type { SteadyReport } from "../../thermo/report.js";
import { CliError } from "../errors.js";
import { readTextFile, toJson } from "../output.js";
import { MAX_HILBERT_DIMENSION } from "../../numeric/steady-state.js";
import { hilbertDimension } from "../../numeric/liouvillian.js";

/** Joins a multi-line library message into the one line the CLI prints. */
const oneLine = (message: string): string => message.replace(/:\s*\n/g, ": ").replace(/\s*\n\s*/g, "; ");

const orThrowOneLine = <T>(either: E.Either<{ readonly message: string }, T>): T => {
  if (E.isLeft(either)) throw new CliError(oneLine(either.left.message));
  return either.right;
};

/** A built-in scenario by name, or a scenario JSON file by path. */
export const loadScenario = (nameOrPath: string): Scenario => {
  if (isBuiltinScenario(nameOrPath)) return orThrowOneLine(builtinScenario(nameOrPath));
  if (!existsSync(nameOrPath)) {
    throw new CliError(`unknown scenario "${nameOrPath}": not a built-in (${builtinScenarioNames.join(", ")}) and no such file`);
  }
  let text: string;
  try {
    text = readFileSync(nameOrPath, "utf8");
  } catch (err) {
    throw new CliError(`cannot read scenario file ${nameOrPath}: ${(err as Error).message}`);
  }
  return orThrowOneLine(parseScenarioText(text, nameOrPath));
};

export const parsePreset = (text: string | undefined): Preset | undefined => {
  if (text === undefined) return undefined;
  if (text === "paper" || text === "literal") return text;
  throw new CliError(`unknown preset "${text}": use --preset literal (the physics as written, default) or --preset paper`);
};

/** Loads a scenario and applies --preset, then every --set in order. */
export const prepareScenario = (nameOrPath: string, sets: readonly string[] = [], preset?: Preset): Scenario => {
  const base = loadScenario(nameOrPath);
  const withP = preset === undefined ? base : withPreset(base, preset);
  return sets.reduce((s, assignment) => orThrowOneLine(applySet(s, assignment)), withP);
};

/** Hilbert dimension from which a single steady state takes long enough (~20 s at 192) to say so first. */
const LONG_SOLVE_DIMENSION = 192;

/** Builds and solves a scenario at its own parameter values; says on stderr when the solve will be long. */
export const runScenario = (scenario: Scenario): { readonly system: System; readonly report: SteadyReport } => {
  const point = scenarioPoint(scenario, {});
  if (E.isRight(point)) {
    const n = hilbertDimension(point.right.emitters.map((e) => e.levels.length));
    if (n >= LONG_SOLVE_DIMENSION && n <= MAX_HILBERT_DIMENSION) {
      process.stderr.write(
        `solving a steady state on a Hilbert space of dimension ${n} (${point.right.emitters.length} emitters): about 20 s at 192, 10 minutes at 384 on 2 cores...\n`,
      );
    }
  }
  return orThrowOneLine(scenarioRunner(scenario, { readTextFile })());
};

/** The JSON document of `qthermo run --json`. */
export const runJson = (scenario: Scenario, system: System, report: SteadyReport): Record<string, unknown> => ({
  scenario: scenario.name,
  theta: report.theta,
  T_env: report.T_env,
  tasks: report.tasks,
  principalTransition: report.principalTransition,
  transitions: report.transitions,
  populations: report.populations,
  couplings: report.couplings,
  options: report.options,
  optionsSummary: describeOptions(report.options),
  environment: report.environment,
  heat: report.heat,
  residual: report.residual,
  relativeResidual: report.relativeResidual,
  minEigenvalue: report.minEigenvalue ?? null,
  warnings: report.warnings ?? [],
  rateUnit_per_s: report.rateUnit,
  rateUnitDescription: report.rateUnitDescription,
  emitters: system.emitters.map((e) => ({ name: e.name, position_m: e.position })),
});

const kelvin = (t: number): string => (Number.isFinite(t) ? `${t.toFixed(3)} K` : `${t > 0 ? "+" : "-"}infinity`);
const pad = (text: string, width: number): string => text.padEnd(width);

/** The scenario's own parameter values (after --set), so a reader knows which point was solved. */
export const parameterSummary = (scenario: Scenario): string => {
  const um = (metres: number): string => `${Number((metres * 1e6).toPrecision(6))} um`;
  const rad = (angle: number): string => `${Number(angle.toPrecision(6))} rad`;
  const parts = [`z = ${um(scenario.height)}`];
  if (scenario.ring !== undefined) parts.push(`r = ${um(scenario.ring.radius)}`);
  if (scenario.move !== undefined) parts.push(`phi = ${rad(scenario.move.phi)} (${scenario.move.emitter})`);
  if (scenario.tilt !== undefined) parts.push(`alpha = ${rad(scenario.tilt.alpha)} (${scenario.tilt.emitter})`);
  return parts.join(", ");
};

/** Values below this fraction of the largest of their kind are printed as zero (they are rounding residue). */
export const NEGLIGIBLE = 1e-12;
export const ZERO_TEXT = "0 (< 1e-12)";

const largest = (xs: readonly number[]): number => xs.reduce((m, x) => (Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m), 0);

/** |x| below NEGLIGIBLE x `max` (and max > 0): zero up to rounding, e.g. a coupling that vanishes by symmetry. */
export const isNegligible = (x: number, max: number): boolean => max > 0 && Number.isFinite(x) && Math.abs(x) < NEGLIGIBLE * max;

/**
 * The `--list-rates` text: which scenario, model options and environment the rates are for, then
 * `rateListing`, with every value below 1e-12 of the largest of its kind (e.g. Lambda among all
 * Lambdas) marked as zero up to rounding.
 */
export const rateListingText = (scenario: Scenario, system: System): string => {
  const env = system.environment;
  const magnitude = (r: System["rates"][number]): number => Math.hypot(r.value.re, r.value.im);
  const maxByKind = new Map<string, number>();
  for (const r of system.rates) maxByKind.set(r.kind, Math.max(maxByKind.get(r.kind) ?? 0, magnitude(r)));
  const listing = rateListing(system).split("\n");
  const marked = system.rates.map((r, k) => {
    const line = listing[k] ?? "";
    return isNegligible(magnitude(r), maxByKind.get(r.kind) ?? 0) ? `${line}  [below ${NEGLIGIBLE} x the largest ${r.kind} value: zero up to rounding, e.g. by symmetry]` : line;
  });
  const extra = listing.slice(system.rates.length);
  return [
    `bound rates of scenario ${scenario.name} (${parameterSummary(scenario)})`,
    `  model: ${describeOptions(system.options)}`,
    `  environment: ${describeEnvironment(env, "um")}`,
    "  (SI; scales and overrides noted)",
    ...marked,
    ...extra,
  ].join("\n");
};

/** The readable report of `qthermo run`. */
export const runTable = (scenario: Scenario, report: SteadyReport): string => {
  const lines: string[] = [];
  lines.push(`scenario ${scenario.name}`);
  lines.push(`parameters: ${parameterSummary(scenario)}`);
  lines.push(`model: ${describeOptions(report.options)}`);
  const env = report.environment;
  lines.push(
    `environment: ${describeEnvironment(env, "um")}`,
  );
  lines.push("");
  lines.push(`${pad("emitter", 9)}${pad("transition", 12)}${pad("theta", 18)}${pad("T_env", 14)}${pad("-1/theta (1/K)", 16)}task`);
  for (const name of Object.keys(report.theta)) {
    const theta = report.theta[name];
    lines.push(
      `${pad(name, 9)}${pad(report.principalTransition[name], 12)}${pad(kelvin(theta), 18)}${pad(kelvin(report.T_env[name]), 14)}${pad((-1 / theta).toExponential(4), 16)}${report.tasks[name]}`,
    );
  }
  const others = report.transitions.filter((t) => report.principalTransition[t.emitter] !== t.id);
  if (others.length > 0) {
    lines.push("");
    lines.push("other transitions:");
    for (const t of others) lines.push(`  ${pad(t.id, 10)} theta = ${kelvin(t.theta)}, T_eff = ${kelvin(t.Teff)}, ${t.task}`);
  }
  lines.push("");
  lines.push("dimensionless couplings (which regime):");
  const pairs = report.couplings.pairs;
  const lambdaMax = largest(pairs.map((p) => p.lambdaOverQubitRate));
  const collectiveMax = largest(pairs.map((p) => p.collectiveEmission));
  let zeros = 0;
  for (const p of pairs) {
    const lambda = isNegligible(p.lambdaOverQubitRate, lambdaMax) ? ZERO_TEXT : p.lambdaOverQubitRate.toExponential(3);
    const collective = isNegligible(p.collectiveEmission, collectiveMax) ? ZERO_TEXT : p.collectiveEmission.toFixed(4);
    if (lambda === ZERO_TEXT || collective === ZERO_TEXT) zeros++;
    lines.push(`  ${pad(`${p.i}-${p.j}`, 10)} ${pad(p.kind, 15)} Lambda/gamma+ = ${lambda}, |gamma+_ij|/sqrt(gamma+_i gamma+_j) = ${collective}`);
  }
  if (zeros > 0) lines.push(`  ${ZERO_TEXT}: below ${NEGLIGIBLE} x the largest value of its column, zero up to rounding (e.g. by symmetry); --json has the raw values`);
  for (const e of report.couplings.emitters.filter((x) => x.fastToSlow !== 1)) {
    lines.push(`  ${pad(e.emitter, 10)} fast-to-slow rate ratio = ${e.fastToSlow.toExponential(3)}`);
  }
  lines.push("");
  lines.push(`steady-state residual ||L rho|| = ${report.residual.toExponential(2)} (relative ${report.relativeResidual.toExponential(2)}), rate unit ${report.rateUnit.toExponential(4)} s^-1 (${report.rateUnitDescription})`);
  for (const warning of report.warnings ?? []) lines.push(`warning: ${warning}`);
  return lines.join("\n");
};

interface RunOptions {
  set: string[];
  preset?: string;
  json?: boolean;
  printEquation?: string | boolean;
  listRates?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export const registerRun = (program: Command): void => {
  program
    .command("run")
    .description("steady temperatures of a scenario (a built-in name or a .json file)")
    .argument("<scenario>", `built-in (${builtinScenarioNames.join(", ")}) or path to a scenario .json file`)
    .option("--set <name=value>", "set a parameter, e.g. phi=2.5, z=2.7um, alpha=pi/4, TS=800 (repeatable)", collect, [])
    .option("--preset <name>", "model preset: literal (default) or paper (far-IR loss + Lambda x1000, see docs/reproduction.md)")
    .option("--json", "print one JSON object instead of the table")
    .option("--print-equation [format]", "also print the symbolic master equation (text or latex)")
    .option("--list-rates", "also list every bound rate with its units")
    .action((name: string, opts: RunOptions) => {
      const format = opts.printEquation === true ? "text" : opts.printEquation;
      if (format !== undefined && format !== false && format !== "text" && format !== "latex") {
        throw new CliError(`--print-equation takes text or latex, got "${String(format)}"`);
      }
      const scenario = prepareScenario(name, opts.set, parsePreset(opts.preset));
      const { system, report } = runScenario(scenario);
      if (opts.json) {
        const doc = runJson(scenario, system, report);
        const extra: Record<string, unknown> = {};
        if (format === "text") extra.equation = systemEquationText(system);
        if (format === "latex") extra.equation = systemEquationLatex(system);
        if (opts.listRates) extra.rates = system.rates;
        process.stdout.write(toJson({ ...doc, ...extra }));
        return;
      }
      if (format === "text" || format === "latex") {
        console.log("master equation:");
        console.log(format === "latex" ? systemEquationLatex(system) : systemEquationText(system));
        console.log("");
      }
      if (opts.listRates) {
        console.log(rateListingText(scenario, system));
        console.log("");
      }
      console.log(runTable(scenario, report));
    });
};
