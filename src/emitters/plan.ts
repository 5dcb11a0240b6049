/**
 * The pure half of the system builder: from emitters and options, the list of transitions with
 * their dipoles, the resonant pairs, and the request for the electrodynamics layer. No rates here.
 */
import * as E from "fp-ts/lib/Either.js";
import { norm, vscale, vsub, type Vec3 } from "../math/vec3.js";
import { ENERGY_CONSISTENCY_RTOL, transitionId, type Emitter } from "./emitter.js";
import type { ModelOptions } from "./options.js";

export interface PlannedTransition {
  /** Unique id: q1, M01, M12, ... */
  readonly id: string;
  readonly emitter: string;
  readonly emitterKind: Emitter["kind"];
  readonly lower: string;
  readonly upper: string;
  /** rad/s */
  readonly omega: number;
  readonly direction: Vec3;
  /** C m, as chosen by the dipole convention / explicit magnitudes */
  readonly magnitude: number;
  /** m */
  readonly position: Vec3;
}

export type PairKind = "qubit-qubit" | "machine-qubit" | "machine-machine";

export interface PlannedPair {
  /** Ids of the two transitions, i before j in transition order. */
  readonly i: string;
  readonly j: string;
  readonly kind: PairKind;
  /** Relative detuning |w_i - w_j| / max(w_i, w_j), <= the resonance tolerance. */
  readonly detuning: number;
}

/**
 * A level's energy left over in the rotating frame (theory/master-equation.md, "Near-resonant
 * pairs"): hbar delta |level><level| enters the Hamiltonian. Only non-zero shifts are listed, so an
 * exactly resonant system has none and its equation is the pure interaction-picture one.
 */
export interface LevelShift {
  readonly emitter: string;
  readonly level: string;
  /** rad/s: E_level - (frame energy of the level) */
  readonly delta: number;
}

export interface SystemPlan {
  readonly emitters: readonly Emitter[];
  readonly transitions: readonly PlannedTransition[];
  readonly pairs: readonly PlannedPair[];
  /** Groups of mutually connected resonant transitions (each group's rate matrix must be PSD). */
  readonly resonanceGroups: readonly (readonly string[])[];
  /** Residual level energies in the rotating frame; empty when every pair is exactly resonant. */
  readonly levelShifts: readonly LevelShift[];
}

export interface PlanError {
  readonly kind: "PlanError";
  readonly message: string;
}

const fail = (message: string): E.Either<PlanError, never> => E.left({ kind: "PlanError", message });

/** Two emitters closer than this [m] are "at one point": the dipole coupling diverges there. */
export const MIN_SEPARATION = 1e-12;

export const isResonant = (wi: number, wj: number, tol: number): boolean =>
  Math.abs(wi - wj) <= tol * Math.max(wi, wj);

const pairKind = (a: Emitter["kind"], b: Emitter["kind"]): PairKind =>
  a === "qubit" && b === "qubit" ? "qubit-qubit" : a === "qubit" || b === "qubit" ? "machine-qubit" : "machine-machine";

/** Connected components of the resonance graph, in transition order. */
const components = (ids: readonly string[], pairs: readonly PlannedPair[]): readonly (readonly string[])[] => {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const p of pairs) parent.set(find(p.i), find(p.j));
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()];
};

/** |d| of each transition from the convention: see ModelOptions.dipoleMagnitude. */
const magnitudeOf = (
  id: string,
  omega: number,
  given: number | undefined,
  lowestOmega: number,
  options: ModelOptions,
): number => {
  const override = options.magnitudes[id];
  if (override !== undefined) return override;
  if (given !== undefined) return given;
  // Gamma0 ~ omega^3 |d|^2: equal free-space rates need |d| ~ omega^{-3/2}.
  return options.dipoleConvention === "equal-free-space-rate"
    ? options.dipoleMagnitude * Math.pow(lowestOmega / omega, 1.5)
    : options.dipoleMagnitude;
};

const isFinite3 = (v: unknown): boolean => Array.isArray(v) && v.length === 3 && v.every((x) => Number.isFinite(x));

/** Run-time shape check of one emitter (plain-JS callers, spread copies); null when usable. */
const emitterShapeProblem = (e: unknown): string | null => {
  if (typeof e !== "object" || e === null) return `is not an emitter object (got ${e === null ? "null" : typeof e})`;
  const x = e as Partial<Record<keyof Emitter, unknown>>;
  if (typeof x.name !== "string") return "has no name (a string)";
  if (!Array.isArray(x.levels) || x.levels.length < 2) return "needs a list of at least two levels";
  if (!Array.isArray(x.transitions) || x.transitions.length === 0) {
    return "has no transitions: an emitter needs at least one dipole-allowed transition";
  }
  for (const t of x.transitions as unknown[]) {
    const tr = t as Partial<Record<string, unknown>> | null;
    if (
      typeof tr !== "object" || tr === null ||
      !(x.levels as unknown[]).includes(tr.lower) || !(x.levels as unknown[]).includes(tr.upper) ||
      !(typeof tr.omega === "number" && Number.isFinite(tr.omega) && tr.omega > 0) || !isFinite3(tr.direction)
    ) {
      return "has a malformed transition (each needs lower/upper levels of the emitter, omega > 0 in rad/s and a finite direction)";
    }
  }
  if (!isFinite3(x.position)) return "has no position (three finite numbers in metres)";
  return null;
};

export const planSystem = (emitters: readonly Emitter[], options: ModelOptions): E.Either<PlanError, SystemPlan> => {
  if (!Array.isArray(emitters as unknown)) {
    return fail(`the emitters must be an array of emitters (from qubit, threeLevel or nLevel), got ${emitters === null ? "null" : typeof emitters}`);
  }
  for (let k = 0; k < emitters.length; k++) {
    const problem = emitterShapeProblem(emitters[k] as unknown);
    if (problem !== null) {
      const label = typeof (emitters[k] as { name?: unknown } | null)?.name === "string" ? ` (${emitters[k].name})` : "";
      return fail(`emitters[${k}]${label} ${problem}; build emitters with qubit, threeLevel or nLevel`);
    }
  }
  if (emitters.length === 0) return fail("no emitters: give at least one");
  const names = emitters.map((e) => e.name);
  const duplicate = names.find((n, k) => names.indexOf(n) !== k);
  if (duplicate !== undefined) return fail(`two emitters are named "${duplicate}"; names must be unique`);
  for (const e of emitters) {
    if (!(e.position[2] > 0)) {
      return fail(`emitter ${e.name} is at z = ${e.position[2]} m; the body fills z <= 0, so put every emitter at z > 0`);
    }
  }
  for (let a = 0; a < emitters.length; a++) {
    for (let b = a + 1; b < emitters.length; b++) {
      const d = norm(vsub(emitters[a].position, emitters[b].position));
      if (d < MIN_SEPARATION) {
        return fail(`emitters ${emitters[a].name} and ${emitters[b].name} are closer than ${MIN_SEPARATION} m (${d.toExponential(2)} m apart), effectively at the same point; their dipole coupling diverges, move one of them`);
      }
    }
  }
  const lowestOmega = Math.min(...emitters.flatMap((e) => e.transitions.map((t) => t.omega)));
  const transitions: PlannedTransition[] = emitters.flatMap((e) =>
    e.transitions.map((t) => {
      const id = transitionId(e, t);
      return {
        id,
        emitter: e.name,
        emitterKind: e.kind,
        lower: t.lower,
        upper: t.upper,
        omega: t.omega,
        direction: t.direction,
        magnitude: magnitudeOf(id, t.omega, t.magnitude, lowestOmega, options),
        position: e.position,
      };
    }),
  );
  const ids = transitions.map((t) => t.id);
  const dupId = ids.find((id, k) => ids.indexOf(id) !== k);
  if (dupId !== undefined) return fail(`two transitions share the id "${dupId}"; rename an emitter`);
  const unknownMagnitudes = Object.keys(options.magnitudes).filter((id) => !ids.includes(id));
  if (unknownMagnitudes.length > 0) {
    return fail(`magnitudes given for unknown transition(s) ${unknownMagnitudes.join(", ")}; the transitions are ${ids.join(", ")}`);
  }
  const pairs: PlannedPair[] = [];
  for (let a = 0; a < transitions.length; a++) {
    for (let b = a + 1; b < transitions.length; b++) {
      const ti = transitions[a];
      const tj = transitions[b];
      // Collective terms only between different atoms (BRIEF §2); within one atom the
      // transitions are distinct channels of the same dipole.
      if (ti.emitter === tj.emitter) continue;
      if (!isResonant(ti.omega, tj.omega, options.resonanceTolerance)) continue;
      pairs.push({
        i: ti.id,
        j: tj.id,
        kind: pairKind(ti.emitterKind, tj.emitterKind),
        detuning: Math.abs(ti.omega - tj.omega) / Math.max(ti.omega, tj.omega),
      });
    }
  }
  const resonanceGroups = components(ids, pairs);
  // Two transitions of one emitter in one resonance group (an equally spaced ladder next to a qubit)
  // would need the intra-emitter cross terms L(s_01, s_12) of the secular equation, which the builder
  // does not generate; without them the group's rate matrix is not positive semidefinite.
  const emitterOf = new Map(transitions.map((t) => [t.id, t.emitter]));
  for (const group of resonanceGroups) {
    const seen = new Map<string, string>();
    for (const id of group) {
      const e = emitterOf.get(id) as string;
      const other = seen.get(e);
      if (other !== undefined) {
        return fail(
          `transitions ${other} and ${id} of emitter ${e} are resonant with each other and coupled to the same emitters (${group.filter((g) => emitterOf.get(g) !== e).join(", ")}); the secular master equation then needs cross terms between transitions of one emitter, which qthermo does not generate yet (its rate matrix would not be positive semidefinite). Make the level spacings of ${e} differ by more than resonanceTolerance (${options.resonanceTolerance} relative)`,
        );
      }
      seen.set(e, id);
    }
  }
  const levelShifts = rotatingFrame(emitters, transitions, pairs, resonanceGroups);
  if (E.isLeft(levelShifts)) return levelShifts;
  return E.right({ emitters, transitions, pairs, resonanceGroups, levelShifts: levelShifts.right });
};

/**
 * The rotating frame in which a near-resonant system is time independent (theory/master-equation.md,
 * "Near-resonant pairs"). Every transition that belongs to a resonant pair is made to rotate at its
 * group's reference frequency w_g (the common frequency of an exact group, else the mean); every other
 * transition keeps its own frequency, so its local dissipators are unaffected. Per emitter, each
 * constrained transition t fixes delta_upper - delta_lower = omega_t - w_g; each connected set of
 * levels is anchored at its lowest level (delta = 0). Exact resonance gives delta = 0 exactly (no
 * rounding enters), so an exactly resonant system gets no shift at all. A loop of constrained
 * transitions whose shifts do not add up has no such frame: refused.
 */
const rotatingFrame = (
  emitters: readonly Emitter[],
  transitions: readonly PlannedTransition[],
  pairs: readonly PlannedPair[],
  groups: readonly (readonly string[])[],
): E.Either<PlanError, readonly LevelShift[]> => {
  if (pairs.every((p) => p.detuning === 0)) return E.right([]);
  const paired = new Set(pairs.flatMap((p) => [p.i, p.j]));
  const omegaOf = new Map(transitions.map((t) => [t.id, t.omega]));
  const offset = new Map<string, number>(); // omega_t - w_g for every constrained transition
  for (const g of groups) {
    const ws = g.map((id) => omegaOf.get(id) as number);
    const exact = ws.every((w) => w === ws[0]);
    const reference = exact ? ws[0] : ws.reduce((s, w) => s + w, 0) / ws.length;
    g.forEach((id, k) => offset.set(id, ws[k] - reference));
  }
  const shifts: LevelShift[] = [];
  for (const e of emitters) {
    const constrained = transitions.filter((t) => t.emitter === e.name && paired.has(t.id));
    const delta = new Map<string, number>();
    for (const anchor of e.levels) {
      if (delta.has(anchor)) continue;
      delta.set(anchor, 0);
      // Relax over the constrained transitions from this anchor (few levels: quadratic cost is irrelevant).
      for (let changed = true; changed; ) {
        changed = false;
        for (const t of constrained) {
          const d = offset.get(t.id) as number;
          const dl = delta.get(t.lower);
          const du = delta.get(t.upper);
          if (dl !== undefined && du === undefined) {
            delta.set(t.upper, dl + d);
            changed = true;
          } else if (du !== undefined && dl === undefined) {
            delta.set(t.lower, du - d);
            changed = true;
          } else if (dl !== undefined && du !== undefined && Math.abs(du - dl - d) > ENERGY_CONSISTENCY_RTOL * t.omega) {
            return fail(
              `emitter ${e.name}: its transitions ${constrained.map((c) => c.id).join(", ")} are each near-resonant with other emitters, but their detunings do not add up around a loop of levels (${t.id} would need a shift of ${(du - dl).toExponential(4)} rad/s, its resonance group gives ${d.toExponential(4)} rad/s), so no rotating frame makes the equation time independent; make the resonances exact or lower resonanceTolerance so that some of these pairs count as non-resonant`,
            );
          }
        }
      }
    }
    for (const level of e.levels) {
      const d = delta.get(level) as number;
      if (d !== 0) shifts.push({ emitter: e.name, level, delta: d });
    }
  }
  return E.right(shifts);
};

/** The dipole vector [C m] of a planned transition. */
export const dipoleVector = (t: PlannedTransition): Vec3 => vscale(t.direction, t.magnitude);
