/**
 * The scenario file format (docs/scenarios.md), validated with zod. Lengths are strings with a unit
 * ("2.7um"), angles are radians as numbers or strings like "pi/2", "2pi", "90deg", frequencies are
 * rad/s, temperatures kelvin. Every object is strict: an unknown key is an error, not ignored.
 */
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { parseLength } from "../units.js";

/** Parses an angle: a number (rad), or "<a>pi", "<a>pi/<b>", "pi/<b>", "<a>deg", "<a>rad". */
export const parseAngle = (input: number | string): E.Either<string, number> => {
  if (typeof input === "number") return Number.isFinite(input) ? E.right(input) : E.left(`angle must be finite, got ${input}`);
  const text = input.trim();
  const num = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
  const pi = new RegExp(`^${num}?\\s*\\*?\\s*pi(?:\\s*/\\s*${num})?$`).exec(text);
  if (pi !== null) {
    const a = pi[1] === undefined ? 1 : Number(pi[1]);
    const b = pi[2] === undefined ? 1 : Number(pi[2]);
    if (b === 0) return E.left(`angle "${input}" divides by zero`);
    return E.right((a * Math.PI) / b);
  }
  const withUnit = new RegExp(`^${num}\\s*(deg|rad)?$`).exec(text);
  if (withUnit !== null) {
    const v = Number(withUnit[1]);
    return E.right(withUnit[2] === "deg" ? (v * Math.PI) / 180 : v);
  }
  if (text === "-pi") return E.right(-Math.PI);
  return E.left(`cannot read angle "${input}": write radians (2.5), a multiple of pi ("pi/2", "2pi", "-0.5pi") or degrees ("90deg")`);
};

const length = z
  .string({
    // undefined keeps zod's own message, which formatIssues reports as a missing field
    error: (issue) => (issue.input === undefined ? undefined : `expected string: a length with a unit, e.g. "2.7um" (got ${JSON.stringify(issue.input)})`),
  })
  .transform((value, ctx) => {
  const parsed = parseLength(value);
  if (E.isLeft(parsed)) {
    ctx.addIssue({ code: "custom", message: parsed.left.message });
    return z.NEVER;
  }
  return parsed.right;
});

const positiveLength = length.refine((v) => v > 0, { message: "must be a positive length" });

const angle = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = parseAngle(value);
  if (E.isLeft(parsed)) {
    ctx.addIssue({ code: "custom", message: parsed.left });
    return z.NEVER;
  }
  return parsed.right;
});

/** Parses a temperature: a number of kelvin, or a string like "900" or "900K" (as --set TS=900K). */
export const parseTemperature = (input: number | string): E.Either<string, number> => {
  const text = typeof input === "number" ? String(input) : input.trim().replace(/\s*K$/, "");
  const v = Number(text);
  if (text === "" || !Number.isFinite(v)) {
    return E.left(`cannot read ${JSON.stringify(input)} as a temperature: give a number in kelvin, e.g. 900 (or "900K")`);
  }
  return v >= 0 ? E.right(v) : E.left(`a temperature must be >= 0 K, got ${v}`);
};

const omega = z.number().positive().finite();
const temperature = z
  .union([z.number(), z.string()], { error: "a temperature is a number in kelvin, e.g. 900 (or \"900K\")" })
  .transform((value, ctx) => {
    const parsed = parseTemperature(value);
    if (E.isLeft(parsed)) {
      ctx.addIssue({ code: "custom", message: parsed.left });
      return z.NEVER;
    }
    return parsed.right;
  });
const vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
/** [x, y] or [x, y, z] as length strings; z defaults to the scenario height. */
const POINT_HINT = '[x, y] or [x, y, z] with units, e.g. ["75um", "0um"]';
const point = z.union([z.tuple([length, length]), z.tuple([length, length, length])], { error: `a position is ${POINT_HINT}` });
const place = z.union([z.literal("centre"), point], { error: `a place is "centre" or ${POINT_HINT}` });

const transition = z.strictObject({
  lower: z.string(),
  upper: z.string(),
  omega,
  dipole: vec3,
  magnitude: z.number().positive().optional(),
});

const qubitSchema = z.strictObject({
  type: z.literal("qubit"),
  name: z.string(),
  at: place,
  omega,
  dipole: vec3,
  magnitude: z.number().positive().optional(),
});

const threeLevelDipoles = z.strictObject({ "01": vec3.optional(), "02": vec3.optional(), "12": vec3.optional() });

const threeLevelSchema = z.strictObject({
  type: z.literal("three-level"),
  name: z.string(),
  at: place,
  omega01: omega.optional(),
  omega02: omega.optional(),
  omega12: omega.optional(),
  dipole: vec3.optional(),
  dipoles: threeLevelDipoles.optional(),
  magnitudes: z.strictObject({ "01": z.number().positive().optional(), "02": z.number().positive().optional(), "12": z.number().positive().optional() }).optional(),
});

const nLevelSchema = z.strictObject({
  type: z.literal("n-level"),
  name: z.string(),
  at: place,
  levels: z.array(z.string()).min(2),
  transitions: z.array(transition).min(1),
});

export const emitterSchema = z.discriminatedUnion("type", [qubitSchema, threeLevelSchema, nLevelSchema]);

const ringSchema = z.strictObject({
  n: z.number().int().positive(),
  radius: positiveLength,
  omega,
  prefix: z.string().optional(),
  startAngle: angle.optional(),
  dipole: z
    .union([z.enum(["towards-centre", "tangential", "normal"]), vec3], {
      error: 'the ring dipole is "towards-centre", "tangential", "normal" or a vector [x, y, z]',
    })
    .optional(),
  magnitude: z.number().positive().optional(),
});

const complexValue = z.union([z.number().finite(), z.strictObject({ re: z.number().finite(), im: z.number().finite() }), z.string().min(1)], {
  error: 'a rate override is a number in s^-1, { "re": ..., "im": ... }, or a formula in the model\'s values, e.g. 1e5, { "re": 1e5, "im": 0 } or "37 * gammaP_q1"',
});

const farInfraredLoss = z.union(
  [
    z.literal("palik-fir"),
    z.null(),
    z.strictObject({ imEps: z.number().positive(), atOmega: omega, law: z.enum(["linear", "constant"]) }),
  ],
  { error: 'farInfraredLoss is "palik-fir", null or { "imEps", "atOmega", "law" }' },
);

export const modelSchema = z.strictObject({
  preset: z.enum(["literal", "paper"]).optional(),
  farInfraredLoss: farInfraredLoss.optional(),
  lambdaScale: z.number().finite().optional(),
  lambdaScaleMachineQubit: z.number().finite().optional(),
  lambdaScaleQubitQubit: z.number().finite().optional(),
  collectiveScale: z.number().finite().optional(),
  collective: z.boolean().optional(),
  dipoleConvention: z.enum(["equal-magnitude", "equal-free-space-rate"]).optional(),
  dipoleMagnitude: z.number().positive().optional(),
  magnitudes: z.record(z.string(), z.number().positive()).optional(),
  resonanceTolerance: z.number().positive().optional(),
  rateOverrides: z.record(z.string(), complexValue).optional(),
  rateRelTol: z.number().positive().optional(),
});

/** Parameters a sweep or `--set` can change, and what kind of value each takes. */
export const PARAMETERS = {
  z: "length",
  r: "length",
  delta: "length",
  phi: "angle",
  alpha: "angle",
  TS: "temperature",
  TW: "temperature",
  lambdaScale: "number",
} as const;
export type ParameterName = keyof typeof PARAMETERS;
export const parameterNames = Object.keys(PARAMETERS) as ParameterName[];

const sweepAxis = z.strictObject({
  parameter: z.enum(parameterNames as [ParameterName, ...ParameterName[]]),
  from: z.union([z.number(), z.string()]),
  to: z.union([z.number(), z.string()]),
  points: z.number().int().min(1),
  scale: z.enum(["lin", "log"]).optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  environment: z.strictObject({
    body: z.union([
      z.null(),
      z.strictObject({ material: z.string(), thickness: z.union([positiveLength, z.literal("half-space")]) }),
    ]),
    TS: temperature,
    TW: temperature,
  }),
  centre: point.optional(),
  height: positiveLength,
  emitters: z.array(emitterSchema).optional(),
  ring: ringSchema.optional(),
  move: z.strictObject({ emitter: z.string(), phi: angle }).optional(),
  tilt: z.strictObject({ emitter: z.string(), alpha: angle }).optional(),
  model: modelSchema.optional(),
  sweep: z.array(sweepAxis).max(2).optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
