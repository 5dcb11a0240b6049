/**
 * Analytic permittivity models. Time dependence e^{-i omega t} throughout, so a lossy (passive)
 * material has Im eps > 0. Every builder validates its parameters and returns an Either; the
 * returned `epsilon` functions do no checking and allocate only the result.
 *
 * Derivations and the choice of forms: theory/sapphire.md.
 */
import * as E from "fp-ts/lib/Either.js";
import { complex, type Complex } from "../../math/complex.js";
import { wavenumberToOmega } from "../../units.js";
import type { Material, MaterialError } from "./material.js";

export const materialError = (message: string): MaterialError => ({ kind: "MaterialError", message });

/** The domain of every analytic model that is finite at omega = 0. */
const WHOLE_AXIS: readonly [number, number] = [0, Number.POSITIVE_INFINITY];

const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

const checkName = (name: string): E.Either<MaterialError, string> =>
  typeof name === "string" && name.trim().length > 0
    ? E.right(name)
    : E.left(materialError("a material needs a non-empty name (it is printed in reports and errors)"));

// ---------------------------------------------------------------------------------------------
// Constant

/**
 * A frequency-independent permittivity. Im eps < 0 (a gain medium) is refused: every part of
 * qthermo assumes a passive body.
 */
export const constantMaterial = (name: string, eps: Complex): E.Either<MaterialError, Material> => {
  if (!isFiniteNumber(eps?.re) || !isFiniteNumber(eps?.im)) {
    return E.left(materialError(`constant material "${name}": eps must be finite, got ${eps?.re} + ${eps?.im}i`));
  }
  if (eps.im < 0) {
    return E.left(
      materialError(
        `constant material "${name}": Im eps = ${eps.im} < 0 describes gain with the e^{-i omega t} convention; use Im eps >= 0 for a passive material`,
      ),
    );
  }
  const value = complex(eps.re, eps.im);
  return E.map(() => ({
    name,
    epsilon: (_omega: number) => value,
    domain: WHOLE_AXIS,
    source: `constant eps = ${eps.re} + ${eps.im}i (user given)`,
  }))(checkName(name));
};

// ---------------------------------------------------------------------------------------------
// Factorised (Gervais-Piriou) oscillators

/** One TO/LO pair of the factorised model; all four numbers in cm^-1. */
export interface FactorisedMode {
  readonly wTO: number; // transverse-optical frequency [cm^-1]
  readonly gTO: number; // its damping [cm^-1]
  readonly wLO: number; // longitudinal-optical frequency [cm^-1]
  readonly gLO: number; // its damping [cm^-1]
}

export interface FactorisedOscillatorParameters {
  readonly name: string;
  readonly epsInf: number;
  readonly modes: readonly FactorisedMode[];
  /** Citation printed in reports; defaults to a description of the parameters. */
  readonly source?: string;
}

/**
 * Log-spaced probe frequencies used to check passivity of a factorised model: from 1e-3 of the
 * lowest mode frequency to 1e3 of the highest, plus a fine grid around every mode.
 */
const passivityProbe = (modesRadPerS: readonly number[]): Float64Array => {
  const lo = Math.min(...modesRadPerS) * 1e-3;
  const hi = Math.max(...modesRadPerS) * 1e3;
  const coarse = 4000;
  const fine = 400;
  const out = new Float64Array(coarse + fine * modesRadPerS.length);
  for (let i = 0; i < coarse; i++) out[i] = lo * Math.pow(hi / lo, i / (coarse - 1));
  modesRadPerS.forEach((w, m) => {
    for (let i = 0; i < fine; i++) out[coarse + m * fine + i] = w * (0.9 + (0.2 * i) / (fine - 1));
  });
  return out;
};

/**
 * eps(omega) = eps_inf prod_j (w_LOj^2 - w^2 - i g_LOj w) / (w_TOj^2 - w^2 - i g_TOj w)
 * (Gervais and Piriou, J. Phys. C 7, 2374 (1974)). Parameters in cm^-1, omega in rad/s.
 *
 * The factorised form is not passive for every parameter set (Im eps can dip below zero where a
 * TO/LO pair's dampings are very unequal), so the builder samples Im eps on a dense grid and
 * refuses parameters that give Im eps < -1e-12 |eps| anywhere.
 */
export const factorisedOscillators = (
  params: FactorisedOscillatorParameters,
): E.Either<MaterialError, Material> => {
  const { name, epsInf, modes } = params;
  if (E.isLeft(checkName(name))) {
    return E.left(materialError("a factorised-oscillator material needs a non-empty name"));
  }
  if (!isFiniteNumber(epsInf) || epsInf <= 0) {
    return E.left(materialError(`${name}: epsInf must be a finite positive number, got ${epsInf}`));
  }
  if (!Array.isArray(modes) || modes.length === 0) {
    return E.left(materialError(`${name}: give at least one mode {wTO, gTO, wLO, gLO} in cm^-1`));
  }
  for (const [j, m] of modes.entries()) {
    for (const key of ["wTO", "gTO", "wLO", "gLO"] as const) {
      const v = m[key];
      if (!isFiniteNumber(v) || v < 0 || ((key === "wTO" || key === "wLO") && v === 0)) {
        return E.left(
          materialError(
            `${name}: mode ${j} has ${key} = ${v}; frequencies must be finite and > 0, dampings finite and >= 0 (all in cm^-1)`,
          ),
        );
      }
    }
  }
  const n = modes.length;
  // Squared frequencies and dampings in SI, packed for the evaluation loop.
  const wTO2 = new Float64Array(n);
  const gTO = new Float64Array(n);
  const wLO2 = new Float64Array(n);
  const gLO = new Float64Array(n);
  modes.forEach((m, j) => {
    wTO2[j] = wavenumberToOmega(m.wTO) ** 2;
    gTO[j] = wavenumberToOmega(m.gTO);
    wLO2[j] = wavenumberToOmega(m.wLO) ** 2;
    gLO[j] = wavenumberToOmega(m.gLO);
  });
  const epsilon = (omega: number): Complex => {
    const w2 = omega * omega;
    // Running product as (re, im) without allocating intermediate objects.
    let pr = epsInf;
    let pi = 0;
    for (let j = 0; j < n; j++) {
      const nr = wLO2[j] - w2;
      const ni = -gLO[j] * omega;
      const dr = wTO2[j] - w2;
      const di = -gTO[j] * omega;
      const d2 = dr * dr + di * di;
      // (nr + i ni) / (dr + i di)
      const qr = (nr * dr + ni * di) / d2;
      const qi = (ni * dr - nr * di) / d2;
      const tr = pr * qr - pi * qi;
      pi = pr * qi + pi * qr;
      pr = tr;
    }
    return complex(pr, pi);
  };
  const probe = passivityProbe(modes.flatMap((m) => [wavenumberToOmega(m.wTO), wavenumberToOmega(m.wLO)]));
  for (const w of probe) {
    const e = epsilon(w);
    if (!(e.im >= -1e-12 * Math.hypot(e.re, e.im))) {
      return E.left(
        materialError(
          `${name}: these factorised-oscillator parameters give Im eps = ${e.im.toExponential(3)} < 0 at ${(w / wavenumberToOmega(1)).toFixed(2)} cm^-1, which is not a passive material; check the TO/LO dampings`,
        ),
      );
    }
  }
  const description = modes
    .map((m) => `TO ${m.wTO}/${m.gTO}, LO ${m.wLO}/${m.gLO}`)
    .join("; ");
  return E.right({
    name,
    epsilon,
    domain: WHOLE_AXIS,
    source: params.source ?? `factorised oscillators, eps_inf = ${epsInf}, modes (cm^-1) ${description}`,
  });
};

/**
 * Lyddane-Sachs-Teller value eps(0) = eps_inf prod_j (w_LOj / w_TOj)^2 of the lossless factorised
 * model; used by tests and reports.
 */
export const lyddaneSachsTellerStatic = (epsInf: number, modes: readonly FactorisedMode[]): number =>
  modes.reduce((acc, m) => acc * (m.wLO / m.wTO) ** 2, epsInf);

// ---------------------------------------------------------------------------------------------
// Lorentz

export interface LorentzOscillator {
  readonly strength: number; // dimensionless oscillator strength Delta eps_j (its contribution to eps(0))
  readonly w0: number; // resonance [rad/s]
  readonly gamma: number; // damping [rad/s]
}

export interface LorentzParameters {
  readonly name?: string;
  readonly epsInf: number;
  readonly oscillators: readonly LorentzOscillator[];
  readonly source?: string;
}

/** eps(omega) = eps_inf + sum_j S_j w0j^2 / (w0j^2 - w^2 - i gamma_j w); frequencies in rad/s. */
export const lorentz = (params: LorentzParameters): E.Either<MaterialError, Material> => {
  const name = params.name ?? "lorentz";
  const { epsInf, oscillators } = params;
  if (!isFiniteNumber(epsInf)) return E.left(materialError(`${name}: epsInf must be finite, got ${epsInf}`));
  if (!Array.isArray(oscillators)) return E.left(materialError(`${name}: oscillators must be a list`));
  for (const [j, o] of oscillators.entries()) {
    if (!isFiniteNumber(o.strength) || o.strength < 0) {
      return E.left(materialError(`${name}: oscillator ${j} strength = ${o.strength}; it must be finite and >= 0 (a negative strength is gain)`));
    }
    if (!isFiniteNumber(o.w0) || o.w0 <= 0) {
      return E.left(materialError(`${name}: oscillator ${j} w0 = ${o.w0}; give a resonance > 0 in rad/s`));
    }
    if (!isFiniteNumber(o.gamma) || o.gamma < 0) {
      return E.left(materialError(`${name}: oscillator ${j} gamma = ${o.gamma}; give a damping >= 0 in rad/s`));
    }
  }
  const n = oscillators.length;
  const s = Float64Array.from(oscillators, (o) => o.strength * o.w0 * o.w0);
  const w02 = Float64Array.from(oscillators, (o) => o.w0 * o.w0);
  const g = Float64Array.from(oscillators, (o) => o.gamma);
  const epsilon = (omega: number): Complex => {
    const w2 = omega * omega;
    let er = epsInf;
    let ei = 0;
    for (let j = 0; j < n; j++) {
      const dr = w02[j] - w2;
      const di = -g[j] * omega;
      const d2 = dr * dr + di * di;
      er += (s[j] * dr) / d2;
      ei -= (s[j] * di) / d2;
    }
    return complex(er, ei);
  };
  return E.right({
    name,
    epsilon,
    domain: WHOLE_AXIS,
    source:
      params.source ??
      `Lorentz, eps_inf = ${epsInf}, oscillators (S, w0 rad/s, gamma rad/s) ${oscillators.map((o) => `(${o.strength}, ${o.w0.toExponential(4)}, ${o.gamma.toExponential(4)})`).join(" ")}`,
  });
};

// ---------------------------------------------------------------------------------------------
// Drude

export interface DrudeParameters {
  readonly name?: string;
  readonly epsInf: number;
  readonly wp: number; // plasma frequency [rad/s]
  readonly gamma: number; // collision rate [rad/s]
  readonly source?: string;
}

/**
 * Lowest frequency [rad/s] at which Drude models are defined. eps diverges like i wp^2/(gamma w)
 * at w -> 0 (a conductor); 1 rad/s keeps every value finite for any realistic wp and gamma.
 */
export const DRUDE_LOWEST_OMEGA = 1;

/** eps(omega) = eps_inf - wp^2 / (w^2 + i gamma w); frequencies in rad/s. */
export const drude = (params: DrudeParameters): E.Either<MaterialError, Material> => {
  const name = params.name ?? "drude";
  const { epsInf, wp, gamma } = params;
  if (!isFiniteNumber(epsInf)) return E.left(materialError(`${name}: epsInf must be finite, got ${epsInf}`));
  if (!isFiniteNumber(wp) || wp <= 0) return E.left(materialError(`${name}: wp = ${wp}; give a plasma frequency > 0 in rad/s`));
  if (!isFiniteNumber(gamma) || gamma <= 0) {
    return E.left(materialError(`${name}: gamma = ${gamma}; give a collision rate > 0 in rad/s (gamma = 0 is a lossless plasma with a pole at omega = 0)`));
  }
  const wp2 = wp * wp;
  const epsilon = (omega: number): Complex => {
    // -wp^2 / (w (w + i gamma)) = -wp^2 (w - i gamma) / (w (w^2 + gamma^2))
    const d = omega * (omega * omega + gamma * gamma);
    return complex(epsInf - (wp2 * omega) / d, (wp2 * gamma) / d);
  };
  return E.right({
    name,
    epsilon,
    domain: [DRUDE_LOWEST_OMEGA, Number.POSITIVE_INFINITY] as const,
    source: params.source ?? `Drude, eps_inf = ${epsInf}, wp = ${wp.toExponential(4)} rad/s, gamma = ${gamma.toExponential(4)} rad/s`,
  });
};
