/**
 * Electrodynamics benchmark (not a test): all rates of the paper's geometry at 1e-8 relative
 * accuracy, and a 200-point T_eff(z) sweep. Run: node --import tsx bench/electrodynamics.ts
 * Each timed run builds a fresh slab, so nothing comes from the kernel cache ("cold cache"); the
 * JIT is warmed up first. The same call repeated on one body ("warm cache") is reported too.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Vec3 } from "../src/math/vec3.js";
import { sapphire } from "../src/electrodynamics/materials/sapphire.js";
import { slab } from "../src/electrodynamics/planar.js";
import { computeRates, localFieldTemperature, type FieldTransition } from "../src/electrodynamics/rates.js";

const OMEGA_S = 8.1e13;
const OMEGA_A = 8.1e12;
const Z = 2.7e-6;
const RING = 75e-6;
const D = 1e-29;

const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const freshBody = () => unwrap(slab(unwrap(sapphire({ farInfraredLoss: "palik-fir" })), 0.05e-6));

export const paperTransitions = (): FieldTransition[] => {
  const t: FieldTransition[] = [
    { id: "M01", omega: OMEGA_S - OMEGA_A, dipole: [D, 0, 0], position: [0, 0, Z] },
    { id: "M02", omega: OMEGA_S, dipole: [D, 0, 0], position: [0, 0, Z] },
    { id: "M12", omega: OMEGA_A, dipole: [D, 0, 0], position: [0, 0, Z] },
  ];
  for (let k = 0; k < 4; k++) {
    const phi = (k * Math.PI) / 2;
    const radial: Vec3 = [-Math.cos(phi) * D, -Math.sin(phi) * D, 0]; // points at M
    t.push({ id: `q${k + 1}`, omega: OMEGA_A, dipole: radial, position: [RING * Math.cos(phi), RING * Math.sin(phi), Z] });
  }
  return t;
};

export const paperPairs = (): [string, string][] => {
  const ids = ["M12", "q1", "q2", "q3", "q4"];
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push([ids[i], ids[j]]);
  return out;
};

const time = (f: () => void, repeats: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    f();
    out.push(performance.now() - t0);
  }
  return out;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const geometry = (relTol: number, body = freshBody()) =>
  unwrap(computeRates({ body, TS: 900, TW: 300 }, paperTransitions(), paperPairs(), { relTol }));

const sweep = (points: number, body = freshBody()) => {
  const env = { body, TS: 900, TW: 300 };
  for (let i = 0; i < points; i++) {
    const z = 0.1e-6 * Math.pow(1000, i / (points - 1));
    unwrap(localFieldTemperature(env, OMEGA_A, [0, 0, z], [D, 0, 0]));
    unwrap(localFieldTemperature(env, OMEGA_A, [0, 0, z], [0, 0, D]));
  }
};

const main = (): void => {
  for (let i = 0; i < 3; i++) geometry(1e-8); // JIT warm-up
  const cold = time(() => geometry(1e-8), 7);
  const body = freshBody();
  geometry(1e-8, body);
  const warm = time(() => geometry(1e-8, body), 7);
  const table = geometry(1e-8);
  const worst = Math.max(...table.local.map((l) => l.relError), ...table.pairs.map((p) => p.relError));
  console.log(`paper geometry (7 local rates at 3 frequencies, 10 pairs at omega_a), relTol 1e-8:`);
  console.log(`  cold cache: median ${median(cold).toFixed(1)} ms (min ${Math.min(...cold).toFixed(1)}, max ${Math.max(...cold).toFixed(1)})`);
  console.log(`  warm cache: median ${median(warm).toFixed(2)} ms`);
  console.log(`  largest reported relative error ${worst.toExponential(2)}`);
  for (const l of table.local) console.log(`    ${l.id}: T_eff = ${l.Teff.toFixed(3)} K, gamma+/Gamma0 = ${(l.gammaPlus / l.gammaFree).toPrecision(10)}, relErr ${l.relError.toExponential(1)}`);
  for (const p of table.pairs) {
    console.log(`    (${p.i},${p.j}): gamma+ = ${p.gammaPlus.re.toExponential(6)} ${p.gammaPlus.im >= 0 ? "+" : "-"} ${Math.abs(p.gammaPlus.im).toExponential(2)}i, Lambda = ${p.lambda.toExponential(6)} rad/s, relErr ${p.relError.toExponential(1)}`);
  }
  // Fig. 3-like: all rates of the geometry at 50 heights 0.1..10 um (one body, so kernels are shared
  // between the pairs of one height but not across heights).
  const zSweep = (): void => {
    const body = freshBody();
    for (let i = 0; i < 50; i++) {
      const z = 0.1e-6 * Math.pow(100, i / 49);
      const t = paperTransitions().map((x) => ({ ...x, position: [x.position[0], x.position[1], z] as Vec3 }));
      unwrap(computeRates({ body, TS: 900, TW: 300 }, t, paperPairs(), { relTol: 1e-8 }));
    }
  };
  const zs = time(zSweep, 3);
  console.log(`Fig. 3-like sweep: all rates at 50 heights 0.1..10 um: median ${median(zs).toFixed(0)} ms`);
  // Fig. 4-like: qubit 1 moved around the ring, 200 angles, z = 2.7 um.
  const phiSweep = (): void => {
    const body = freshBody();
    for (let i = 0; i < 200; i++) {
      const phi = 0.05 + (2 * Math.PI - 0.1) * (i / 199);
      const t = paperTransitions().map((x) =>
        x.id === "q1"
          ? { ...x, position: [RING * Math.cos(phi), RING * Math.sin(phi), Z] as Vec3, dipole: [-Math.cos(phi) * D, -Math.sin(phi) * D, 0] as Vec3 }
          : x,
      );
      unwrap(computeRates({ body, TS: 900, TW: 300 }, t, paperPairs(), { relTol: 1e-8 }));
    }
  };
  const ps = time(phiSweep, 3);
  console.log(`Fig. 4-like sweep: all rates at 200 angles of qubit 1: median ${median(ps).toFixed(0)} ms`);
  sweep(20);
  const s = time(() => sweep(200), 3);
  console.log(`T_eff(z) sweep, 200 heights 0.1..100 um, x and z dipoles, relTol 1e-8: median ${median(s).toFixed(0)} ms`);
};

main();
