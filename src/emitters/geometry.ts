/**
 * Geometry helpers: qubits on a ring, moving one along the ring, tilting a dipole, setting heights.
 * All functions return new arrays; nothing is mutated.
 *
 * Local frame of an emitter on a ring around a centre c (only the xy components of c matter):
 *   inward radial  u_in = (c - r)_xy / |(c - r)_xy|   (points at the centre),
 *   tangential     u_t  = z x u_in,
 *   normal         z    = (0, 0, 1).
 * The paper's Fig. 5 angle alpha is measured from z towards u_in: d = cos(alpha) z + sin(alpha) u_in,
 * so alpha = 0 is normal to the slab and alpha = pi/2 points at the machine (BRIEF §1).
 */
import * as E from "fp-ts/lib/Either.js";
import { dot, vadd, vscale, type Vec3 } from "../math/vec3.js";
import { qubit, withDirections, withPosition, type Emitter } from "./emitter.js";

export interface GeometryError {
  readonly kind: "GeometryError";
  readonly message: string;
}

const fail = (message: string): E.Either<GeometryError, never> => E.left({ kind: "GeometryError", message });

const Z_HAT: Vec3 = [0, 0, 1];

/** Inward radial unit vector at angle phi on a ring (points from the ring at phi to its centre). */
export const inwardRadial = (phi: number): Vec3 => [-Math.cos(phi), -Math.sin(phi), 0];

/** The local frame (inward radial, tangential, normal) of a point relative to a centre. */
export const ringFrame = (
  centre: Vec3,
  position: Vec3,
): E.Either<GeometryError, { readonly radius: number; readonly phi: number; readonly inward: Vec3; readonly tangential: Vec3 }> => {
  const dx = position[0] - centre[0];
  const dy = position[1] - centre[1];
  const radius = Math.hypot(dx, dy);
  if (!(radius > 0)) return fail("the emitter sits on the ring's axis (zero distance from the centre in the xy plane); it has no radial direction");
  const phi = Math.atan2(dy, dx);
  const inward = inwardRadial(phi);
  const tangential: Vec3 = [-inward[1], inward[0], 0]; // z x u_in
  return E.right({ radius, phi, inward, tangential });
};

export type RingDipole = "towards-centre" | "tangential" | "normal" | Vec3;

export interface RingSpec {
  readonly n: number;
  /** m */
  readonly radius: number;
  /** m; the ring lies in the plane z = centre[2] */
  readonly centre: Vec3;
  /** rad/s */
  readonly omega: number;
  /** Angle [rad] of the first qubit; qubit k sits at startAngle + (k-1) 2 pi / n. Default 0. */
  readonly startAngle?: number;
  /** Names are prefix + k, k = 1..n. Default "q". */
  readonly prefix?: string;
  /** Default "towards-centre" (radial, in-plane, pointing at the centre). */
  readonly dipole?: RingDipole;
  /** C m, optional */
  readonly magnitude?: number;
}

const dipoleOnRing = (dipole: RingDipole, phi: number): Vec3 => {
  if (dipole === "towards-centre") return inwardRadial(phi);
  if (dipole === "normal") return Z_HAT;
  if (dipole === "tangential") {
    const u = inwardRadial(phi);
    return [-u[1], u[0], 0];
  }
  return dipole;
};

/** Largest ring `ring` builds: n qubits span a 2^n-dimensional space, far beyond any solver well before this. */
export const MAX_RING_EMITTERS = 64;

/** n identical qubits equally spaced on a ring. */
export const ring = (spec: RingSpec): E.Either<GeometryError, readonly Emitter[]> => {
  if (typeof spec !== "object" || spec === null) return fail("ring: give a spec { n, radius, centre, omega }");
  if (!Number.isInteger(spec.n) || spec.n < 1) return fail(`ring: n must be a positive integer, got ${spec.n}`);
  if (spec.n > MAX_RING_EMITTERS) {
    return fail(
      `ring: n must be at most ${MAX_RING_EMITTERS}, got ${spec.n}; a ring of more emitters cannot be solved anyway (the Hilbert space grows as 2^n)`,
    );
  }
  if (!(Number.isFinite(spec.radius) && spec.radius > 0)) return fail(`ring: radius must be positive (metres), got ${spec.radius}`);
  if (!(Array.isArray(spec.centre) && spec.centre.length === 3 && spec.centre.every((x) => Number.isFinite(x)))) {
    return fail(`ring: centre must be three finite numbers in metres, got ${JSON.stringify(spec.centre) ?? "undefined"}`);
  }
  const start = spec.startAngle ?? 0;
  if (!Number.isFinite(start)) return fail(`ring: startAngle must be finite (rad), got ${start}`);
  const prefix = spec.prefix ?? "q";
  const out: Emitter[] = [];
  for (let k = 1; k <= spec.n; k++) {
    const phi = start + ((k - 1) * 2 * Math.PI) / spec.n;
    const position = vadd(spec.centre, [spec.radius * Math.cos(phi), spec.radius * Math.sin(phi), 0]);
    const q = qubit(`${prefix}${k}`, {
      omega: spec.omega,
      dipole: dipoleOnRing(spec.dipole ?? "towards-centre", phi),
      position,
      magnitude: spec.magnitude,
    });
    if (E.isLeft(q)) return fail(`ring: ${q.left.message}`);
    out.push(q.right);
  }
  return E.right(out);
};

const findEmitter = (emitters: readonly Emitter[], name: string): E.Either<GeometryError, number> => {
  const index = emitters.findIndex((e) => e.name === name);
  return index >= 0 ? E.right(index) : fail(`no emitter named "${name}"; the emitters are ${emitters.map((e) => e.name).join(", ")}`);
};

const replaceAt = (emitters: readonly Emitter[], index: number, emitter: Emitter): readonly Emitter[] =>
  emitters.map((e, k) => (k === index ? emitter : e));

/**
 * Moves one emitter along its ring (same radius and height about `centre`) to angle phi [rad],
 * keeping each dipole's components in the local (inward radial, tangential, normal) frame: a
 * dipole that pointed at the centre still does.
 */
export const moveOnRing = (
  emitters: readonly Emitter[],
  name: string,
  phi: number,
  centre: Vec3,
): E.Either<GeometryError, readonly Emitter[]> => {
  if (!Number.isFinite(phi)) return fail(`moveOnRing: angle must be finite (rad), got ${phi}`);
  const index = findEmitter(emitters, name);
  if (E.isLeft(index)) return index;
  const emitter = emitters[index.right];
  const frame = ringFrame(centre, emitter.position);
  if (E.isLeft(frame)) return fail(`moveOnRing ${name}: ${frame.left.message}`);
  const { radius, inward, tangential } = frame.right;
  const newInward = inwardRadial(phi);
  const newTangential: Vec3 = [-newInward[1], newInward[0], 0];
  const moved = withDirections(
    withPosition(emitter, [centre[0] + radius * Math.cos(phi), centre[1] + radius * Math.sin(phi), emitter.position[2]]),
    (t) => {
      const a = dot(t.direction, inward);
      const b = dot(t.direction, tangential);
      const c = t.direction[2];
      return vadd(vadd(vscale(newInward, a), vscale(newTangential, b)), vscale(Z_HAT, c));
    },
  );
  return E.right(replaceAt(emitters, index.right, moved));
};

/**
 * Tilts every dipole of one emitter in the plane spanned by the normal z and its inward radial
 * direction: d = cos(alpha) z + sin(alpha) u_in (alpha = 0 normal to the slab, pi/2 at the centre).
 */
export const tiltDipole = (
  emitters: readonly Emitter[],
  name: string,
  alpha: number,
  centre: Vec3,
): E.Either<GeometryError, readonly Emitter[]> => {
  if (!Number.isFinite(alpha)) return fail(`tiltDipole: angle must be finite (rad), got ${alpha}`);
  const index = findEmitter(emitters, name);
  if (E.isLeft(index)) return index;
  const emitter = emitters[index.right];
  const frame = ringFrame(centre, emitter.position);
  if (E.isLeft(frame)) return fail(`tiltDipole ${name}: ${frame.left.message}`);
  const direction = vadd(vscale(Z_HAT, Math.cos(alpha)), vscale(frame.right.inward, Math.sin(alpha)));
  return E.right(replaceAt(emitters, index.right, withDirections(emitter, () => direction)));
};

/** Sets one emitter's dipole direction (every transition) to a fixed vector. */
export const setDipole = (
  emitters: readonly Emitter[],
  name: string,
  direction: Vec3,
): E.Either<GeometryError, readonly Emitter[]> => {
  if (!direction.every(Number.isFinite) || Math.hypot(...direction) === 0) {
    return fail(`setDipole ${name}: the direction must be a finite non-zero vector`);
  }
  const index = findEmitter(emitters, name);
  if (E.isLeft(index)) return index;
  return E.right(replaceAt(emitters, index.right, withDirections(emitters[index.right], () => direction)));
};

/** Puts every emitter at height z [m] above the body (z > 0). */
export const atHeight = (emitters: readonly Emitter[], z: number): E.Either<GeometryError, readonly Emitter[]> =>
  Number.isFinite(z) && z > 0
    ? E.right(emitters.map((e) => withPosition(e, [e.position[0], e.position[1], z])))
    : fail(`height must be a positive length above the body (metres), got ${z}`);
