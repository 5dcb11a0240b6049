/**
 * TEST DOUBLE for the electrodynamics layer: a hand-made rate model with the structure of the real
 * one (rates ~ omega^3 |d|^2, Bose factors, collective rates from a positive-definite kernel of the
 * positions and dipole directions, a symmetric Lambda), so that the builder, solver and
 * thermodynamics can be tested without the Green tensor. It is NOT physics of a slab:
 *  - each transition sees a thermal field at T(t) = TW + (TS - TW) * (0.1 + 0.3 dz^2 + 0.6 g(omega)), dz
 *    the normal component of its dipole direction (so in-plane and normal dipoles differ, as near a
 *    slab) and g a made-up Gaussian "resonance" at 0.9 * 8.1e13 rad/s (so the machine is driven);
 *  - gamma+_i = G0_i (1 + n(T_i)), gamma-_i = G0_i n(T_i), with G0 the free-space rate;
 *  - gamma+-_ij = sqrt(gamma+-_i gamma+-_j) exp(-R_ij / L) (d_i . d_j): a Schur product of positive
 *    semidefinite kernels, hence PSD for any geometry;
 *    optionally times exp(i q (x_i - x_j)) for emission and its conjugate for absorption (a unitary
 *    similarity: still PSD, now complex). The conjugate is the KMS condition of a thermal field,
 *    gamma-_ij = exp(-hbar w / kB T) conj(gamma+_ij), the same structure as the conjugate in BRIEF §3's
 *    gamma+; without it the Gibbs state is not stationary (the equilibrium test caught exactly that);
 *  - Lambda_ij = lambda0 * sqrt(G0_i G0_j) (d_i . d_j) (L / R_ij).
 * At TS = TW every pair obeys detailed balance at the common temperature, like the real field.
 */
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../src/math/complex.js";
import { dot, norm, vscale, vsub, type Vec3 } from "../../src/math/vec3.js";
import { boseEinstein, C_LIGHT, EPS0, HBAR } from "../../src/units.js";
import type { RateSource, LocalRateEntry, PairRateEntry } from "../../src/emitters/rate-source.js";

export interface FakeField {
  readonly TS: number;
  readonly TW: number;
  /** coherence length of the collective kernel [m] */
  readonly L?: number;
  /** Lambda in units of the geometric-mean free-space rate at separation L */
  readonly lambda0?: number;
  /** wave number [rad/m] of a phase exp(i q (x_i - x_j)) on collective rates (keeps them PSD; makes them complex) */
  readonly phase?: number;
}

const gammaFree = (omega: number, d: Vec3): number =>
  (Math.pow(omega, 3) * dot(d, d)) / (3 * Math.PI * EPS0 * HBAR * Math.pow(C_LIGHT, 3));

/** A made-up "slab resonance" near 0.9 * 8.1e13 rad/s that makes the field hotter there (drives the machine). */
const RESONANCE = 0.9 * 8.1e13;

export const fakeTemperature = (field: FakeField, direction: Vec3, omega = 0): number => {
  const dz = direction[2] / norm(direction);
  const resonance = 0.6 * Math.exp(-Math.pow((omega - RESONANCE) / (0.05 * RESONANCE), 2));
  return field.TW + (field.TS - field.TW) * (0.1 + 0.3 * dz * dz + resonance);
};

export const fakeRateSource =
  (field: FakeField): RateSource =>
  (transitions, pairs) => {
    const L = field.L ?? 50e-6;
    const lambda0 = field.lambda0 ?? 0.5;
    const local = new Map<string, LocalRateEntry>();
    for (const t of transitions) {
      const g0 = gammaFree(t.omega, t.dipole);
      const n = boseEinstein(t.omega, fakeTemperature(field, t.dipole, t.omega));
      local.set(t.id, { id: t.id, omega: t.omega, gammaPlus: g0 * (1 + n), gammaMinus: g0 * n, gammaFree: g0, relError: 1e-12 });
    }
    const byId = new Map(transitions.map((t) => [t.id, t]));
    const out: PairRateEntry[] = [];
    for (const [i, j] of pairs) {
      const ti = byId.get(i);
      const tj = byId.get(j);
      if (ti === undefined || tj === undefined) return E.left({ kind: "RateError", message: `unknown transition in pair (${i}, ${j})` });
      const R = norm(vsub(ti.position, tj.position));
      const cos = dot(vscale(ti.dipole, 1 / norm(ti.dipole)), vscale(tj.dipole, 1 / norm(tj.dipole)));
      const li = local.get(i) as LocalRateEntry;
      const lj = local.get(j) as LocalRateEntry;
      const k = Math.exp(-R / L) * cos;
      const ph = (field.phase ?? 0) * (ti.position[0] - tj.position[0]);
      const gp = Math.sqrt(li.gammaPlus * lj.gammaPlus) * k;
      const gm = Math.sqrt(li.gammaMinus * lj.gammaMinus) * k;
      out.push({
        i,
        j,
        omega: ti.omega,
        gammaPlus: complex(gp * Math.cos(ph), gp * Math.sin(ph)),
        gammaMinus: complex(gm * Math.cos(ph), -gm * Math.sin(ph)),
        lambda: lambda0 * Math.sqrt(li.gammaFree * lj.gammaFree) * cos * (L / R),
        relError: 1e-12,
      });
    }
    return E.right({ local: [...local.values()], pairs: out });
  };
