/**
 * Scenarios: a validated description of emitters, geometry, environment, model options and a
 * sweep, turned into systems and steady-state reports. Format: docs/scenarios.md.
 * No file I/O here: the caller passes text or parsed JSON (and, for material files, a reader).
 */
import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import { norm, vsub, type Vec3 } from "../math/vec3.js";
import { parseLength } from "../units.js";
import { nLevel, qubit, threeLevel, type Emitter, type EmitterError } from "../emitters/emitter.js";
import { moveOnRing, ring, tiltDipole } from "../emitters/geometry.js";
import { PALIK_FIR } from "../electrodynamics/materials/sapphire.js";
import { materialByName, type MaterialLookupOptions } from "../electrodynamics/materials/index.js";
import { prepareEnvironment, buildSystemIn, type EnvironmentSpec, type PreparedEnvironment } from "../emitters/environment.js";
import { resolveOptions, type ModelOptions } from "../emitters/options.js";
import type { System, SystemError } from "../emitters/system.js";
import { solveSystem, type SolveSystemError, type SteadyReport } from "../thermo/report.js";
import { PARAMETERS, parseAngle, parseTemperature, scenarioSchema, type ParameterName, type ParsedScenario } from "./schema.js";

export interface ScenarioError {
  readonly kind: "ScenarioError";
  readonly message: string;
}

export type Scenario = ParsedScenario;
export type RunError = ScenarioError | SystemError | SolveSystemError;

const fail = (message: string): E.Either<ScenarioError, never> => E.left({ kind: "ScenarioError", message });

const pathText = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? "(top level)" : path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");

/**
 * Flattens zod issues: a failed union is replaced by the issues of the alternative that got
 * furthest (the one that did not fail on its own type at the top), with full paths.
 */
const flattenIssues = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): z.core.$ZodIssue[] =>
  issues.flatMap((issue): z.core.$ZodIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== "invalid_union") return [{ ...issue, path }];
    // A tuple of the wrong length is the wrong alternative too ([x, y] against [x, y, z]).
    // A nested union whose alternatives all mismatch is a mismatch as well.
    const typeMismatchAtTop = (alt: readonly z.core.$ZodIssue[]): boolean =>
      alt.some(
        (e) =>
          e.path.length === 0 &&
          (e.code === "invalid_type" ||
            e.code === "invalid_value" ||
            ((e.code === "too_small" || e.code === "too_big") && e.origin === "array") ||
            (e.code === "invalid_union" && e.errors.length > 0 && e.errors.every(typeMismatchAtTop))),
      );
    const deeper = issue.errors.filter((alt) => !typeMismatchAtTop(alt));
    return deeper.length === 1 ? flattenIssues(deeper[0], path) : [{ ...issue, path }];
  });

/** The raw input value at a path (for messages: what was actually given). */
const valueAt = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), json);

const shownValue = (v: unknown): string => (v === undefined ? "nothing" : typeof v === "number" ? String(v) : JSON.stringify(v));

/** One line per problem, each naming where it is and how to fix it. */
const formatIssues = (issues: readonly z.core.$ZodIssue[], json: unknown): string =>
  flattenIssues(issues)
    .map((issue) => {
      const where = pathText(issue.path);
      if (issue.code === "invalid_union" && issue.discriminator !== undefined && issue.errors.length === 0) {
        const options = ("options" in issue ? (issue.options ?? []) : []).map((o) => JSON.stringify(o)).join(", ");
        const given = valueAt(json, issue.path);
        return given === undefined
          ? `${where}: missing field (one of ${options})`
          : `${where}: invalid value ${shownValue(given)}; use one of ${options}`;
      }
      if (issue.code === "unrecognized_keys") {
        return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; see docs/scenarios.md)`;
      }
      if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
        return `${where}: missing field (expected ${issue.expected})`;
      }
      if (issue.code === "invalid_union" && issue.errors.every((alt) => alt.some((e) => /received undefined/.test(e.message)))) {
        return `${where}: missing field`;
      }
      if (issue.code === "invalid_union" && issue.message !== "Invalid input") {
        // The union's own description (schema.ts) says what is accepted; show what was given.
        return `${where}: ${issue.message}; got ${shownValue(valueAt(json, issue.path))}`;
      }
      if (issue.code === "invalid_union") {
        const inner = issue.errors.flat().map((e) => e.message);
        return `${where}: ${[...new Set(inner)].join(" / ")}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join("\n");

/** Validates parsed JSON as a scenario. */
export const parseScenario = (json: unknown): E.Either<ScenarioError, Scenario> => {
  const result = scenarioSchema.safeParse(json);
  if (!result.success) return fail(`invalid scenario:\n${formatIssues(result.error.issues, json)}`);
  const s = result.data;
  if (s.emitters === undefined && s.ring === undefined) return fail(`invalid scenario: give "emitters", a "ring", or both`);
  if (s.move !== undefined && s.ring === undefined && s.emitters === undefined) return fail(`invalid scenario: "move" needs emitters`);
  const sweepNames = (s.sweep ?? []).map((a) => a.parameter);
  if (new Set(sweepNames).size !== sweepNames.length) return fail(`invalid scenario: sweep lists "${sweepNames[0]}" twice`);
  for (const axis of s.sweep ?? []) {
    const problem = parameterApplies(s, axis.parameter);
    if (problem !== null) return fail(`invalid scenario: sweep over ${axis.parameter}: ${problem}`);
  }
  // Build once so that geometry errors (two emitters at one point, unknown names) surface now.
  const emitters = scenarioEmitters(s);
  return E.isLeft(emitters) ? emitters : E.right(s);
};

/** Parses scenario text (JSON). */
export const parseScenarioText = (text: string, source = "scenario"): E.Either<ScenarioError, Scenario> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(`${source} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseScenario(json);
};

// ---- parameters ----

/** Whether any emitter's position takes its z from `height` (the parameter z). */
const heightIsUsed = (s: Scenario): boolean => {
  const centreUsesHeight = s.centre === undefined || s.centre[2] === undefined;
  const atUsesHeight = (at: "centre" | readonly unknown[]): boolean => (at === "centre" ? centreUsesHeight : at.length < 3);
  return (s.ring !== undefined && centreUsesHeight) || (s.emitters ?? []).some((e) => atUsesHeight(e.at));
};

const parameterApplies = (s: Scenario, name: ParameterName): string | null => {
  switch (name) {
    case "z":
      return heightIsUsed(s)
        ? null
        : `every emitter has an explicit z (in "at" or "centre"), so the height would change nothing; give positions as [x, y] to follow the height`;
    case "phi":
      return s.move === undefined ? `the scenario has no "move" section naming the emitter to move` : null;
    case "alpha":
      return s.tilt === undefined ? `the scenario has no "tilt" section naming the dipole to tilt` : null;
    case "r":
      return s.ring === undefined ? `the scenario has no "ring"` : null;
    case "TS":
      return s.environment.body === null ? `there is no body (free space: "body": null), so its temperature would change nothing; sweep TW or add a body` : null;
    case "delta":
      return s.environment.body === null || s.environment.body.thickness === "half-space" ? `the body is not a slab` : null;
    default:
      return null;
  }
};

/** A parameter value in SI from JSON or command-line text, by the parameter's kind. */
export const parseParameterValue = (name: ParameterName, raw: number | string): E.Either<ScenarioError, number> => {
  const kind = PARAMETERS[name];
  if (kind === "length") {
    if (typeof raw === "number") return fail(`${name} is a length: write it with a unit, e.g. ${name}=2.7um`);
    const v = parseLength(raw);
    return E.isLeft(v) ? fail(`${name}: ${v.left.message}`) : E.right(v.right);
  }
  if (kind === "angle") {
    const v = parseAngle(raw);
    return E.isLeft(v) ? fail(`${name}: ${v.left}`) : E.right(v.right);
  }
  if (kind === "temperature") {
    const t = parseTemperature(raw);
    return E.isLeft(t) ? fail(`${name}: ${t.left}`) : E.right(t.right);
  }
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  const v = Number(text);
  if (text === "" || !Number.isFinite(v)) return fail(`${name}: cannot read "${raw}" as a number`);
  return E.right(v);
};

/** The scenario with one parameter set to an SI value. */
export const withParameter = (s: Scenario, name: ParameterName, value: number): E.Either<ScenarioError, Scenario> => {
  const problem = parameterApplies(s, name);
  if (problem !== null) return fail(`cannot set ${name}: ${problem}`);
  if (!Number.isFinite(value)) return fail(`cannot set ${name} to ${value}`);
  switch (name) {
    case "z":
      return value > 0 ? E.right({ ...s, height: value }) : fail(`z must be positive, got ${value} m`);
    case "r":
      return value > 0 ? E.right({ ...s, ring: { ...s.ring!, radius: value } }) : fail(`r must be positive, got ${value} m`);
    case "delta": {
      const body = s.environment.body!;
      return value > 0 ? E.right({ ...s, environment: { ...s.environment, body: { ...body, thickness: value } } }) : fail(`delta must be positive, got ${value} m`);
    }
    case "phi":
      return E.right({ ...s, move: { ...s.move!, phi: value } });
    case "alpha":
      return E.right({ ...s, tilt: { ...s.tilt!, alpha: value } });
    case "TS":
    case "TW":
      return value >= 0 ? E.right({ ...s, environment: { ...s.environment, [name]: value } }) : fail(`${name} must be >= 0 K`);
    case "lambdaScale":
      return E.right({ ...s, model: { ...(s.model ?? {}), lambdaScale: value } });
  }
};

/** Applies "name=value" (the CLI's --set), e.g. "phi=2.5", "z=2.7um", "alpha=pi/4", "TS=800". */
export const applySet = (s: Scenario, assignment: string): E.Either<ScenarioError, Scenario> => {
  const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(assignment);
  if (m === null) return fail(`cannot read --set "${assignment}": write name=value, e.g. phi=2.5 or z=2.7um`);
  const name = m[1] as ParameterName;
  if (!(name in PARAMETERS)) return fail(`unknown parameter "${m[1]}" in --set; the parameters are ${Object.keys(PARAMETERS).join(", ")}`);
  const value = parseParameterValue(name, m[2]);
  return E.isLeft(value) ? value : withParameter(s, name, value.right);
};

// ---- emitters and environment ----

const emitterError = (e: { message: string }): E.Either<ScenarioError, never> => fail(e.message);

/** Builds every emitter: explicit ones (in order), then the ring, then move and tilt. */
export const scenarioEmitters = (s: Scenario): E.Either<ScenarioError, readonly Emitter[]> => {
  const centre: Vec3 = s.centre === undefined ? [0, 0, s.height] : [s.centre[0], s.centre[1], s.centre[2] ?? s.height];
  const where = (at: "centre" | readonly number[]): Vec3 => (at === "centre" ? centre : [at[0], at[1], at[2] ?? s.height]);
  const out: Emitter[] = [];
  for (const spec of s.emitters ?? []) {
    let built: E.Either<EmitterError, Emitter>;
    if (spec.type === "qubit") {
      built = qubit(spec.name, { omega: spec.omega, dipole: spec.dipole, position: where(spec.at), magnitude: spec.magnitude });
    } else if (spec.type === "three-level") {
      built = threeLevel(spec.name, { ...spec, position: where(spec.at) });
    } else {
      built = nLevel(spec.name, { levels: spec.levels, transitions: spec.transitions, position: where(spec.at) });
    }
    if (E.isLeft(built)) return emitterError(built.left);
    out.push(built.right);
  }
  let emitters: readonly Emitter[] = out;
  if (s.ring !== undefined) {
    const qs = ring({ ...s.ring, centre });
    if (E.isLeft(qs)) return emitterError(qs.left);
    emitters = [...emitters, ...qs.right];
  }
  if (s.move !== undefined) {
    const moved = moveOnRing(emitters, s.move.emitter, s.move.phi, centre);
    if (E.isLeft(moved)) return fail(`move: ${moved.left.message}`);
    emitters = moved.right;
  }
  if (s.tilt !== undefined) {
    const tilted = tiltDipole(emitters, s.tilt.emitter, s.tilt.alpha, centre);
    if (E.isLeft(tilted)) return fail(`tilt: ${tilted.left.message}`);
    emitters = tilted.right;
  }
  const names = emitters.map((e) => e.name);
  const dup = names.find((n, k) => names.indexOf(n) !== k);
  if (dup !== undefined) return fail(`two emitters are named "${dup}" (a ring's names are prefix + 1..n); rename one`);
  for (let a = 0; a < emitters.length; a++) {
    for (let b = a + 1; b < emitters.length; b++) {
      if (norm(vsub(emitters[a].position, emitters[b].position)) < 1e-12) {
        const p = emitters[a].position.map((x) => `${(x * 1e6).toPrecision(4)}um`).join(", ");
        return fail(`emitters ${emitters[a].name} and ${emitters[b].name} are at the same point (${p}); their coupling diverges there: move one`);
      }
    }
  }
  for (const e of emitters) {
    if (!(e.position[2] > 0)) return fail(`emitter ${e.name} is at z = ${e.position[2]} m; put every emitter above the body (z > 0)`);
  }
  return E.right(emitters);
};

/** The model options of the scenario (the preset is expanded later by resolveOptions). */
export const scenarioModelOptions = (s: Scenario): Partial<ModelOptions> => {
  const m = s.model ?? {};
  const { farInfraredLoss, ...rest } = m;
  return {
    ...rest,
    ...(farInfraredLoss === undefined ? {} : { farInfraredLoss: farInfraredLoss === "palik-fir" ? PALIK_FIR : farInfraredLoss }),
  };
};

export const scenarioEnvironment = (s: Scenario, io: MaterialLookupOptions = {}): E.Either<ScenarioError, EnvironmentSpec> => {
  const body = s.environment.body;
  if (body === null) return E.right({ body: null, TS: s.environment.TS, TW: s.environment.TW });
  const material = materialByName(body.material, io);
  if (E.isLeft(material)) return fail(`environment.body.material: ${material.left.message}`);
  return E.right({
    body: { material: material.right, thickness: body.thickness === "half-space" ? null : body.thickness },
    TS: s.environment.TS,
    TW: s.environment.TW,
  });
};

// ---- running ----

/** A scenario set to given parameter values, with its emitters and resolved model options. */
export interface ScenarioPoint {
  readonly scenario: Scenario;
  readonly emitters: readonly Emitter[];
  /** the options as the scenario states them (for the system builder) */
  readonly given: Partial<ModelOptions>;
  /** the same, resolved against the defaults and the preset */
  readonly options: ModelOptions;
}

/** The scenario at parameter values (SI): the shared first step of every runner and sweep. */
export const scenarioPoint = (base: Scenario, values: Partial<Record<ParameterName, number>> = {}): E.Either<ScenarioError, ScenarioPoint> => {
  let s: Scenario = base;
  for (const [name, value] of Object.entries(values) as [ParameterName, number][]) {
    const next = withParameter(s, name, value);
    if (E.isLeft(next)) return next;
    s = next.right;
  }
  const emitters = scenarioEmitters(s);
  if (E.isLeft(emitters)) return emitters;
  const given = scenarioModelOptions(s);
  const options = resolveOptions(given);
  if (E.isLeft(options)) return fail(`model: ${options.left.message}`);
  return E.right({ scenario: s, emitters: emitters.right, given, options: options.right });
};

/**
 * A runner for one scenario: solves it at any parameter values, reusing the prepared body (and so
 * the electrodynamics caches) while TS, TW and delta stay the same.
 */
export const scenarioRunner = (
  base: Scenario,
  io: MaterialLookupOptions = {},
): ((values?: Partial<Record<ParameterName, number>>) => E.Either<RunError, { readonly system: System; readonly report: SteadyReport }>) => {
  let cached: { key: string; prepared: PreparedEnvironment } | null = null;
  return (values = {}) => {
    const point = scenarioPoint(base, values);
    if (E.isLeft(point)) return point;
    const { scenario: s, emitters, given, options } = point.right;
    const key = JSON.stringify([s.environment, options.farInfraredLoss]);
    if (cached === null || cached.key !== key) {
      const spec = scenarioEnvironment(s, io);
      if (E.isLeft(spec)) return spec;
      const prepared = prepareEnvironment(spec.right, options);
      if (E.isLeft(prepared)) return prepared;
      cached = { key, prepared: prepared.right };
    }
    const system = buildSystemIn(cached.prepared, emitters, given);
    if (E.isLeft(system)) return system;
    const report = solveSystem(system.right);
    return E.isLeft(report) ? report : E.right({ system: system.right, report: report.right });
  };
};

/** Builds and solves the scenario at its own parameter values. */
export const solveScenario = (s: Scenario, io: MaterialLookupOptions = {}): E.Either<RunError, SteadyReport> =>
  E.map((r: { readonly report: SteadyReport }) => r.report)(scenarioRunner(s, io)());

// ---- sweeps ----

export interface SweepAxisValues {
  readonly parameter: ParameterName;
  readonly scale: "lin" | "log";
  /** SI values */
  readonly values: readonly number[];
}

export interface SweepGrid {
  readonly axes: readonly SweepAxisValues[];
  /** Every point of the grid (first axis outermost), as parameter -> SI value. */
  readonly points: readonly Readonly<Partial<Record<ParameterName, number>>>[];
}

/** Largest grid a sweep may have (all axes together): beyond it the grid alone would exhaust memory. */
export const MAX_SWEEP_POINTS = 1_000_000;

export const sweepGrid = (s: Scenario): E.Either<ScenarioError, SweepGrid> => {
  const sizes = (s.sweep ?? []).map((a) => a.points);
  const total = sizes.reduce((p, n) => p * n, 1);
  if (total > MAX_SWEEP_POINTS) {
    const detail = sizes.length > 1 ? ` (${sizes.join(" x ")})` : "";
    return fail(`sweep has ${total} points${detail}; at most ${MAX_SWEEP_POINTS} are allowed: lower "points" (or --points)`);
  }
  const axes: SweepAxisValues[] = [];
  for (const axis of s.sweep ?? []) {
    const from = parseParameterValue(axis.parameter, axis.from);
    if (E.isLeft(from)) return fail(`sweep ${axis.parameter}.from: ${from.left.message}`);
    const to = parseParameterValue(axis.parameter, axis.to);
    if (E.isLeft(to)) return fail(`sweep ${axis.parameter}.to: ${to.left.message}`);
    const scale = axis.scale ?? "lin";
    const n = axis.points;
    const a = from.right;
    const b = to.right;
    if (scale === "log" && !(a > 0 && b > 0)) return fail(`sweep ${axis.parameter}: a log scale needs positive from and to`);
    // Every length parameter (z, r, delta) must be > 0; a range reaching 0 or below would fail at those points.
    if (PARAMETERS[axis.parameter] === "length" && !(a > 0 && b > 0)) {
      return fail(
        `sweep ${axis.parameter}: the range ${axis.from} .. ${axis.to} reaches ${axis.parameter} <= 0, where no point can be solved (${axis.parameter} must be a positive length); start and end the range above 0`,
      );
    }
    const values = Array.from({ length: n }, (_, k) => {
      const t = n === 1 ? 0 : k / (n - 1);
      return scale === "log" ? a * Math.pow(b / a, t) : a + (b - a) * t;
    });
    axes.push({ parameter: axis.parameter, scale, values });
  }
  const points = axes.reduce<Partial<Record<ParameterName, number>>[]>(
    (acc, axis) => acc.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.parameter]: v }))),
    [{}],
  );
  return E.right({ axes, points });
};

/** The scenario with a model preset (explicit model options in the file still win over the preset's). */
export const withPreset = (s: Scenario, preset: ModelOptions["preset"]): Scenario => ({ ...s, model: { ...(s.model ?? {}), preset } });
