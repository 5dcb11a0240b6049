/**
 * The geometry of the paper (BRIEF §1): a three-level machine M at the centre (all three dipoles
 * along x, towards qubit 1 at phi = 0), n qubits on a ring of radius 75 um at angles (k-1) 2pi/n
 * with radial dipoles pointing at M, everything at height z above the slab.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Vec3 } from "../math/vec3.js";
import { um } from "../units.js";
import { threeLevel, type Emitter } from "./emitter.js";
import { atHeight, moveOnRing, ring, tiltDipole, type GeometryError } from "./geometry.js";

/** Sapphire's first resonance as quoted by the paper [rad/s]. */
export const OMEGA_S = 0.81e14;
/** Qubit frequency omega_a = 0.1 omega_S [rad/s]. */
export const OMEGA_A = 0.1 * OMEGA_S;
export const PAPER_RADIUS = um(75);
export const PAPER_HEIGHT = um(2.7);
export const PAPER_TS = 900;
export const PAPER_TW = 300;
export const PAPER_THICKNESS = um(0.05);

export interface PaperGeometry {
  /** m; default 2.7 um */
  readonly z?: number;
  /** number of qubits; default 4 */
  readonly qubits?: number;
  /** m; default 75 um */
  readonly radius?: number;
  /** angle [rad] of qubit 1 (Fig. 4); default its regular place 0 */
  readonly phi?: number;
  /** tilt [rad] of the last qubit's dipole from z towards M (Fig. 5); default: radial (no tilt) */
  readonly alpha?: number;
}

/** M followed by q1..qn, as in the paper's figures. */
export const paperEmitters = (g: PaperGeometry = {}): E.Either<GeometryError | { kind: "EmitterError"; message: string }, readonly Emitter[]> => {
  const z = g.z ?? PAPER_HEIGHT;
  const centre: Vec3 = [0, 0, z];
  const machine = threeLevel("M", { omega02: OMEGA_S, omega12: OMEGA_A, dipole: [1, 0, 0], position: centre });
  if (E.isLeft(machine)) return machine;
  const n = g.qubits ?? 4;
  const qubits = ring({ n, radius: g.radius ?? PAPER_RADIUS, centre, omega: OMEGA_A });
  if (E.isLeft(qubits)) return qubits;
  let emitters: E.Either<GeometryError, readonly Emitter[]> = E.right([machine.right, ...qubits.right]);
  if (g.phi !== undefined) emitters = E.chain((es: readonly Emitter[]) => moveOnRing(es, "q1", g.phi as number, centre))(emitters);
  if (g.alpha !== undefined) emitters = E.chain((es: readonly Emitter[]) => tiltDipole(es, `q${n}`, g.alpha as number, centre))(emitters);
  return E.chain((es: readonly Emitter[]) => atHeight(es, z))(emitters);
};
