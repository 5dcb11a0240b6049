/**
 * The real rate source: the slab (or free space) of src/electrodynamics, with the model options'
 * far-infrared loss applied to the material. `prepareEnvironment` builds the body once, so a sweep
 * that reuses it also reuses the electrodynamics caches (per-frequency responses and kernels).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Material } from "../electrodynamics/materials/material.js";
import { withAddedLoss } from "../electrodynamics/materials/sapphire.js";
import { halfSpace, slab, type PlanarBody } from "../electrodynamics/planar.js";
import { environment, type Environment } from "../electrodynamics/environment.js";
import { computeRates, type RateTable } from "../electrodynamics/rates.js";
import type { Emitter } from "./emitter.js";
import { resolveOptions, type ModelOptions } from "./options.js";
import type { RateSource } from "./rate-source.js";
import { buildSystemWith, type EnvironmentRecord, type System, type SystemError } from "./system.js";

export interface BodySpec {
  readonly material: Material;
  /** m; null for a half-space */
  readonly thickness: number | null;
}

export interface EnvironmentSpec {
  /** null: free space (only the walls' blackbody field) */
  readonly body: BodySpec | null;
  /** K */
  readonly TS: number;
  readonly TW: number;
}

export interface PreparedEnvironment {
  readonly environment: Environment;
  readonly record: EnvironmentRecord;
  /** The options' far-infrared loss this environment was built with (it must match the options used later). */
  readonly farInfraredLoss: ModelOptions["farInfraredLoss"];
}

const envError = (message: string): SystemError => ({ kind: "SystemError", stage: "environment", message });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Run-time shape check for plain-JS / JSON callers; null when the spec is usable. */
const checkEnvironmentSpec = (spec: unknown): string | null => {
  if (!isObject(spec)) {
    return `the environment must be an object { body, TS, TW }, got ${spec === undefined ? "undefined" : JSON.stringify(spec)}`;
  }
  if (!("body" in spec) || spec.body === undefined) {
    return "the environment has no body: give body: { material, thickness } for a slab (thickness: null for a half-space), or body: null for free space";
  }
  const body = spec.body;
  if (body === null) return null;
  if (!isObject(body)) return `the environment's body must be { material, thickness } or null (free space), got ${JSON.stringify(body)}`;
  const m = body.material;
  if (!isObject(m) || typeof m.epsilon !== "function" || !Array.isArray(m.domain)) {
    return "the body's material must be a Material (name, epsilon(omega), domain), e.g. from the materials module; got " + (m === undefined ? "undefined" : typeof m);
  }
  if (!("thickness" in body) || body.thickness === undefined) {
    return "the body has no thickness: give thickness in metres for a slab, or thickness: null for a half-space";
  }
  return null;
};

/** Builds the body (with the far-infrared loss of the options, if any) and the environment. */
export const prepareEnvironment = (spec: EnvironmentSpec, options: ModelOptions): E.Either<SystemError, PreparedEnvironment> => {
  const invalid = checkEnvironmentSpec(spec);
  if (invalid !== null) return E.left(envError(invalid));
  let body: PlanarBody | null = null;
  let material: Material | null = null;
  if (spec.body !== null) {
    material = spec.body.material;
    if (options.farInfraredLoss !== null) {
      const lossy = withAddedLoss(material, options.farInfraredLoss);
      if (E.isLeft(lossy)) return E.left(envError(lossy.left.message));
      material = lossy.right;
    }
    const b = spec.body.thickness === null ? halfSpace(material) : slab(material, spec.body.thickness);
    if (E.isLeft(b)) return E.left(envError(b.left.message));
    body = b.right;
  }
  const env = environment(body, spec.TS, spec.TW);
  if (E.isLeft(env)) return E.left(envError(env.left.message));
  return E.right({
    environment: env.right,
    record: {
      material: material?.name ?? null,
      materialSource: material?.source ?? null,
      thickness: spec.body?.thickness ?? null,
      TS: spec.TS,
      TW: spec.TW,
    },
    farInfraredLoss: options.farInfraredLoss,
  });
};

/**
 * The electrodynamics as a RateSource. Pairs resonant within the builder's tolerance but not to
 * the electrodynamics' 1e-12 are evaluated with both transitions at their mean frequency (the
 * detuning itself stays in the Hamiltonian, theory/master-equation.md §5a; the bath is taken as flat over it).
 */
export const electrodynamicsRateSource =
  (env: Environment): RateSource =>
  (transitions, pairs, relTol) => {
    const byId = new Map(transitions.map((t) => [t.id, t]));
    const exact: (readonly [string, string])[] = [];
    const detuned: (readonly [string, string])[] = [];
    for (const p of pairs) {
      const a = byId.get(p[0]);
      const b = byId.get(p[1]);
      if (a !== undefined && b !== undefined && a.omega !== b.omega) detuned.push(p);
      else exact.push(p);
    }
    const table = computeRates(env, transitions, exact, { relTol });
    if (E.isLeft(table) || detuned.length === 0) return table;
    const extra: RateTable["pairs"][number][] = [];
    for (const [i, j] of detuned) {
      const a = byId.get(i)!;
      const b = byId.get(j)!;
      const omega = 0.5 * (a.omega + b.omega);
      const t = computeRates(env, [{ ...a, omega }, { ...b, omega }], [[i, j]], { relTol });
      if (E.isLeft(t)) return t;
      extra.push(...t.right.pairs);
    }
    return E.right({ local: table.right.local, pairs: [...table.right.pairs, ...extra] });
  };

/** Builds a system in an already prepared environment (reuses its body and caches). */
export const buildSystemIn = (
  prepared: PreparedEnvironment,
  emitters: readonly Emitter[],
  given: Partial<ModelOptions> = {},
): E.Either<SystemError, System> => {
  const options = resolveOptions(given);
  if (E.isLeft(options)) return E.left({ kind: "SystemError", stage: "options", message: options.left.message });
  const a = JSON.stringify(options.right.farInfraredLoss);
  const b = JSON.stringify(prepared.farInfraredLoss);
  if (a !== b) {
    return E.left(envError(`the environment was prepared with farInfraredLoss ${b} but the options ask for ${a}; prepare it with the same options`));
  }
  return buildSystemWith(electrodynamicsRateSource(prepared.environment), emitters, prepared.record, given);
};

/** Emitters + environment + options -> system, with rates from the slab's Green tensor. */
export const buildSystem = (
  emitters: readonly Emitter[],
  spec: EnvironmentSpec,
  given: Partial<ModelOptions> = {},
): E.Either<SystemError, System> => {
  const options = resolveOptions(given);
  if (E.isLeft(options)) return E.left({ kind: "SystemError", stage: "options", message: options.left.message });
  const prepared = prepareEnvironment(spec, options.right);
  if (E.isLeft(prepared)) return prepared;
  return buildSystemIn(prepared.right, emitters, given);
};
