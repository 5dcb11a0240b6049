/**
 * Emitters: few-level atoms at fixed points above the body, each with a list of dipole-allowed
 * transitions. Pure, validated values; every constructor returns Either<EmitterError, Emitter>.
 *
 * Conventions (SI): positions in metres, angular frequencies in rad/s, dipole magnitudes in C m.
 * A transition's dipole is stored as a unit direction plus an optional magnitude; the magnitude
 * actually used is chosen by the system builder's dipole convention (see system.ts), because the
 * steady state only depends on ratios of |d|^2 between transitions (BRIEF §2).
 */
import * as E from "fp-ts/lib/Either.js";
import { norm, vscale, type Vec3 } from "../math/vec3.js";

export type EmitterKind = "qubit" | "three-level" | "n-level";

export interface EmitterTransition {
  /** Level labels: sigma = |lower><upper| lowers the emitter. */
  readonly lower: string;
  readonly upper: string;
  /** Transition angular frequency [rad/s], > 0. */
  readonly omega: number;
  /** Unit vector along the (real) transition dipole. */
  readonly direction: Vec3;
  /** Dipole magnitude [C m] if the user fixed it; otherwise the dipole convention decides. */
  readonly magnitude?: number;
}

export interface Emitter {
  /** Subsystem name; also the stem of every symbol that refers to this emitter. */
  readonly name: string;
  readonly kind: EmitterKind;
  /** Level labels ordered by energy, lowest first. */
  readonly levels: readonly string[];
  readonly transitions: readonly EmitterTransition[];
  /** Position [m]; the body occupies z <= 0. */
  readonly position: Vec3;
}

export interface EmitterError {
  readonly kind: "EmitterError";
  readonly message: string;
}

const fail = (message: string): E.Either<EmitterError, never> => E.left({ kind: "EmitterError", message });

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
/** Relative tolerance for omega_02 = omega_01 + omega_12 style consistency of level energies. */
export const ENERGY_CONSISTENCY_RTOL = 1e-9;

// Arrays are checked at run time too: plain-JS and JSON callers may pass anything.
const isFiniteVec = (v: Vec3): boolean => Array.isArray(v) && v.length === 3 && v.every((x) => Number.isFinite(x));

/** A value as it was given, for error messages ([1, 0], undefined, "x"). */
const shown = (v: unknown): string => (Array.isArray(v) ? `[${v.join(", ")}]` : v === undefined ? "undefined" : JSON.stringify(v));

const checkName = (name: string): E.Either<EmitterError, string> =>
  typeof name !== "string"
    ? fail(`emitter name must be a string, got ${shown(name)}; use a letter followed by letters or digits, e.g. q1 or M`)
    : NAME_PATTERN.test(name)
      ? E.right(name)
      : fail(`emitter name "${name}" is not usable as a symbol stem: use a letter followed by letters or digits, e.g. q1 or M`);

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null && !Array.isArray(v);

/** The spec argument itself must be an object (plain-JS callers may omit it). */
const checkSpec = (name: string, spec: unknown, fields: string): E.Either<EmitterError, true> =>
  isObject(spec) ? E.right(true) : fail(`emitter ${name}: the spec must be an object with ${fields}, got ${shown(spec)}`);

const checkPosition = (name: string, position: Vec3): E.Either<EmitterError, Vec3> =>
  isFiniteVec(position)
    ? E.right([position[0], position[1], position[2]] as const)
    : fail(`emitter ${name}: position must be three finite numbers in metres, got ${shown(position)}`);

export interface TransitionSpec {
  readonly lower: string;
  readonly upper: string;
  /** rad/s */
  readonly omega: number;
  /** Any non-zero real vector; only its direction is kept unless `magnitude` is given. */
  readonly dipole: Vec3;
  /** C m, optional. */
  readonly magnitude?: number;
}

const checkTransition = (
  name: string,
  levels: readonly string[],
  spec: TransitionSpec,
): E.Either<EmitterError, EmitterTransition> => {
  if (!isObject(spec)) {
    return fail(`emitter ${name}: every transition must be an object { lower, upper, omega, dipole }, got ${shown(spec)}`);
  }
  const where = `emitter ${name}, transition ${spec.lower}-${spec.upper}`;
  const li = levels.indexOf(spec.lower);
  const ui = levels.indexOf(spec.upper);
  if (li < 0 || ui < 0) {
    return fail(`${where}: unknown level "${li < 0 ? spec.lower : spec.upper}"; the levels are ${levels.join(", ")}`);
  }
  if (li >= ui) {
    return fail(`${where}: the lower level must come before the upper one in the level list (lowest energy first)`);
  }
  if (!Number.isFinite(spec.omega) || spec.omega <= 0) {
    return fail(`${where}: omega must be a positive angular frequency in rad/s, got ${spec.omega}`);
  }
  if (!isFiniteVec(spec.dipole) || norm(spec.dipole) === 0) {
    return fail(`${where}: the dipole must be a finite non-zero vector, got ${shown(spec.dipole)}`);
  }
  if (spec.magnitude !== undefined && !(Number.isFinite(spec.magnitude) && spec.magnitude > 0)) {
    return fail(`${where}: dipole magnitude must be a positive number in C m, got ${spec.magnitude}`);
  }
  const direction = vscale(spec.dipole, 1 / norm(spec.dipole));
  return E.right({
    lower: spec.lower,
    upper: spec.upper,
    omega: spec.omega,
    direction,
    ...(spec.magnitude === undefined ? {} : { magnitude: spec.magnitude }),
  });
};

/**
 * Energies (hbar = 1, rad/s) of the levels relative to the lowest one, from the transitions.
 * Every level must be reachable through transitions, and closed loops must be consistent
 * (omega_02 = omega_01 + omega_12); the level order must be increasing in energy.
 */
export const levelEnergies = (
  name: string,
  levels: readonly string[],
  transitions: readonly EmitterTransition[],
): E.Either<EmitterError, readonly number[]> => {
  const energy = new Map<string, number>([[levels[0], 0]]);
  // Relax over the transitions until nothing changes (few levels: quadratic cost is irrelevant).
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of transitions) {
      const el = energy.get(t.lower);
      const eu = energy.get(t.upper);
      if (el !== undefined && eu === undefined) {
        energy.set(t.upper, el + t.omega);
        changed = true;
      } else if (eu !== undefined && el === undefined) {
        energy.set(t.lower, eu - t.omega);
        changed = true;
      } else if (el !== undefined && eu !== undefined) {
        const mismatch = Math.abs(eu - el - t.omega);
        if (mismatch > ENERGY_CONSISTENCY_RTOL * Math.max(Math.abs(eu), Math.abs(el), t.omega)) {
          return fail(
            `emitter ${name}: transition ${t.lower}-${t.upper} has omega = ${t.omega.toExponential(6)} rad/s but the other transitions put the levels ${(eu - el).toExponential(6)} rad/s apart; make the frequencies consistent (e.g. omega02 = omega01 + omega12)`,
          );
        }
      }
    }
  }
  const missing = levels.filter((l) => !energy.has(l));
  if (missing.length > 0) {
    return fail(`emitter ${name}: level(s) ${missing.join(", ")} have no transition connecting them to level ${levels[0]}; add a transition or remove the level`);
  }
  const values = levels.map((l) => energy.get(l) as number);
  for (let k = 1; k < values.length; k++) {
    if (!(values[k] > values[k - 1])) {
      return fail(`emitter ${name}: levels must be listed lowest energy first, but ${levels[k]} is not above ${levels[k - 1]}`);
    }
  }
  return E.right(values);
};

/** Any few-level emitter from its levels (lowest energy first) and dipole-allowed transitions. */
export const nLevel = (
  name: string,
  spec: { readonly levels: readonly string[]; readonly transitions: readonly TransitionSpec[]; readonly position: Vec3 },
): E.Either<EmitterError, Emitter> => buildEmitter(name, "n-level", spec);

const buildEmitter = (
  name: string,
  kind: EmitterKind,
  spec: { readonly levels: readonly string[]; readonly transitions: readonly TransitionSpec[]; readonly position: Vec3 },
): E.Either<EmitterError, Emitter> => {
  const checkedName = checkName(name);
  if (E.isLeft(checkedName)) return checkedName;
  const checkedSpec = checkSpec(name, spec, "levels, transitions and position");
  if (E.isLeft(checkedSpec)) return checkedSpec;
  if (!Array.isArray(spec.levels) || spec.levels.some((l) => typeof l !== "string")) {
    return fail(`emitter ${name}: levels must be an array of level labels (strings), lowest energy first, e.g. ["g", "e"]; got ${shown(spec.levels)}`);
  }
  if (!Array.isArray(spec.transitions)) {
    return fail(`emitter ${name}: transitions must be an array of { lower, upper, omega, dipole }, got ${shown(spec.transitions)}`);
  }
  if (spec.levels.length < 2) return fail(`emitter ${name}: needs at least two levels, got ${spec.levels.length}`);
  if (new Set(spec.levels).size !== spec.levels.length) {
    return fail(`emitter ${name}: level labels must be unique, got ${spec.levels.join(", ")}`);
  }
  if (spec.levels.some((l) => !/^[A-Za-z0-9]+$/.test(l))) {
    return fail(`emitter ${name}: level labels must be letters or digits, got ${spec.levels.join(", ")}`);
  }
  if (spec.transitions.length === 0) return fail(`emitter ${name}: needs at least one transition`);
  const position = checkPosition(name, spec.position);
  if (E.isLeft(position)) return position;
  const transitions: EmitterTransition[] = [];
  const seen = new Set<string>();
  for (const t of spec.transitions) {
    const checked = checkTransition(name, spec.levels, t);
    if (E.isLeft(checked)) return checked;
    const key = `${t.lower}|${t.upper}`;
    if (seen.has(key)) return fail(`emitter ${name}: transition ${t.lower}-${t.upper} is listed twice`);
    seen.add(key);
    transitions.push(checked.right);
  }
  const energies = levelEnergies(name, spec.levels, transitions);
  if (E.isLeft(energies)) return energies;
  return E.right({ name, kind, levels: [...spec.levels], transitions, position: position.right });
};

/** A two-level emitter (levels g < e) with one transition. */
export const qubit = (
  name: string,
  spec: { readonly omega: number; readonly dipole: Vec3; readonly position: Vec3; readonly magnitude?: number },
): E.Either<EmitterError, Emitter> => {
  const checkedName = checkName(name);
  if (E.isLeft(checkedName)) return checkedName;
  const checkedSpec = checkSpec(name, spec, "omega, dipole and position");
  if (E.isLeft(checkedSpec)) return checkedSpec;
  return buildEmitter(name, "qubit", {
    levels: ["g", "e"],
    transitions: [{ lower: "g", upper: "e", omega: spec.omega, dipole: spec.dipole, magnitude: spec.magnitude }],
    position: spec.position,
  });
};

export type ThreeLevelTransition = "01" | "02" | "12";

/**
 * A three-level emitter (levels 0 < 1 < 2) with all three transitions allowed. Give two of the
 * three frequencies (the third follows; all three are checked for consistency when given) and
 * either one dipole direction shared by all transitions or one per transition.
 */
export const threeLevel = (
  name: string,
  spec: {
    readonly omega01?: number;
    readonly omega02?: number;
    readonly omega12?: number;
    readonly dipole?: Vec3;
    readonly dipoles?: Partial<Readonly<Record<ThreeLevelTransition, Vec3>>>;
    readonly magnitudes?: Partial<Readonly<Record<ThreeLevelTransition, number>>>;
    readonly position: Vec3;
  },
): E.Either<EmitterError, Emitter> => {
  const checkedName = checkName(name);
  if (E.isLeft(checkedName)) return checkedName;
  const checkedSpec = checkSpec(name, spec, "two of omega01, omega02, omega12, a dipole and position");
  if (E.isLeft(checkedSpec)) return checkedSpec;
  const given = [spec.omega01, spec.omega02, spec.omega12].filter((w) => w !== undefined).length;
  if (given < 2) {
    return fail(`emitter ${name}: give at least two of omega01, omega02, omega12 (rad/s)`);
  }
  const omega01 = spec.omega01 ?? (spec.omega02 as number) - (spec.omega12 as number);
  const omega12 = spec.omega12 ?? (spec.omega02 as number) - (spec.omega01 as number);
  const omega02 = spec.omega02 ?? omega01 + omega12;
  const dipoleOf = (t: ThreeLevelTransition): Vec3 | undefined => spec.dipoles?.[t] ?? spec.dipole;
  const labels: readonly ThreeLevelTransition[] = ["01", "02", "12"];
  const missing = labels.filter((t) => dipoleOf(t) === undefined);
  if (missing.length > 0) {
    return fail(`emitter ${name}: no dipole for transition(s) ${missing.join(", ")}; give "dipole" (shared) or "dipoles" per transition`);
  }
  const omegas: Record<ThreeLevelTransition, number> = { "01": omega01, "02": omega02, "12": omega12 };
  return buildEmitter(name, "three-level", {
    levels: ["0", "1", "2"],
    transitions: labels.map((t) => ({
      lower: t[0],
      upper: t[1],
      omega: omegas[t],
      dipole: dipoleOf(t) as Vec3,
      magnitude: spec.magnitudes?.[t],
    })),
    position: spec.position,
  });
};

/**
 * Identifier of a transition, unique in a system: the emitter name for a qubit (q1), the name
 * followed by the two level labels otherwise (M01, M12), with a separator when labels are longer
 * than one character (A:g-e2).
 */
export const transitionId = (emitter: Emitter, t: EmitterTransition): string => {
  if (emitter.kind === "qubit") return emitter.name;
  return t.lower.length === 1 && t.upper.length === 1
    ? `${emitter.name}${t.lower}${t.upper}`
    : `${emitter.name}:${t.lower}-${t.upper}`;
};

/** A copy of the emitter at a new position. */
export const withPosition = (emitter: Emitter, position: Vec3): Emitter => ({ ...emitter, position });

/** A copy of the emitter with every transition's dipole direction replaced by `direction(t)`. */
export const withDirections = (emitter: Emitter, direction: (t: EmitterTransition) => Vec3): Emitter => ({
  ...emitter,
  transitions: emitter.transitions.map((t) => {
    const d = direction(t);
    return { ...t, direction: vscale(d, 1 / norm(d)) };
  }),
});
