/**
 * The pure half of the system builder: from emitters and options, the list of transitions with
 * their dipoles, the resonant pairs, and the request for the electrodynamics layer. No rates here.
 */
import * as E from "fp-ts/lib/Either.js";
import { norm, vscale, vsub, type Vec3 } from "../math/vec3.js";
import { transitionId, type Emitter } from "./emitter.js";
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

export interface SystemPlan {
  readonly emitters: readonly Emitter[];
  readonly transitions: readonly PlannedTransition[];
  readonly pairs: readonly PlannedPair[];
  /** Groups of mutually connected resonant transitions (each group's rate matrix must be PSD). */
  readonly resonanceGroups: readonly (readonly string[])[];
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

export const planSystem = (emitters: readonly Emitter[], options: ModelOptions): E.Either<PlanError, SystemPlan> => {
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
        return fail(`emitters ${emitters[a].name} and ${emitters[b].name} are at the same point (${d.toExponential(2)} m apart); their dipole coupling diverges, move one of them`);
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
  return E.right({ emitters, transitions, pairs, resonanceGroups: components(ids, pairs) });
};

/** The dipole vector [C m] of a planned transition. */
export const dipoleVector = (t: PlannedTransition): Vec3 => vscale(t.direction, t.magnitude);
