/**
 * Sapphire (alpha-Al2O3) in the infrared: the factorised four-parameter oscillator model of
 * Gervais and Piriou, J. Phys. C: Solid State Phys. 7, 2374 (1974), which is what the infrared
 * part of Palik's Handbook of Optical Constants of Solids uses for Al2O3. Parameter values as given
 * in the project brief (/work/shared/physics/BRIEF.md §4). Uniaxial crystal: the ordinary ray
 * (E perpendicular to the c axis, four Eu modes) and the extraordinary ray (E parallel to c, two
 * A2u modes); the slab is treated as isotropic with one of them.
 *
 * The model has no multiphonon background, so far below the phonons it is too transparent
 * (Im eps ~ 0.0016 at 43 cm^-1 where tabulated far-infrared data give ~0.016). `withAddedLoss`
 * adds a far-infrared loss term; the preset "palik-fir" sets Im eps = 0.016 at omega_a.
 * Theory and choices: theory/sapphire.md.
 */
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../math/complex.js";
import { wavenumberToOmega, omegaToWavenumber } from "../../units.js";
import type { Material, MaterialError } from "./material.js";
import { factorisedOscillators, materialError, type FactorisedMode } from "./models.js";

export type SapphireRay = "ordinary" | "extraordinary";

export interface SapphireParameters {
  readonly epsInf: number;
  readonly modes: readonly FactorisedMode[];
}

/** Gervais & Piriou (1974) parameters in cm^-1, as listed in BRIEF §4. */
export const SAPPHIRE_PARAMETERS: Readonly<Record<SapphireRay, SapphireParameters>> = {
  ordinary: {
    epsInf: 3.072,
    modes: [
      { wTO: 385.0, gTO: 3.3, wLO: 387.6, gLO: 3.1 },
      { wTO: 439.1, gTO: 3.1, wLO: 481.68, gLO: 1.9 },
      { wTO: 569.0, gTO: 4.7, wLO: 629.5, gLO: 5.9 },
      { wTO: 633.63, gTO: 5.0, wLO: 906.6, gLO: 14.7 },
    ],
  },
  extraordinary: {
    epsInf: 3.077,
    modes: [
      { wTO: 397.52, gTO: 5.3, wLO: 510.87, gLO: 1.1 },
      { wTO: 582.41, gTO: 3.0, wLO: 881.1, gLO: 15.4 },
    ],
  },
};

/** The paper's qubit frequency omega_a = 0.1 omega_S = 8.1e12 rad/s (43 cm^-1), where the far-IR loss matters. */
export const OMEGA_A = 8.1e12;

/**
 * How the added far-infrared loss depends on frequency:
 * - "linear": Im Delta eps proportional to omega (the low-frequency tail of two-phonon
 *   difference absorption rises roughly linearly with frequency far below the phonons);
 * - "constant": Im Delta eps independent of omega (a constant extra loss).
 * Both are purely imaginary additions: their Kramers-Kronig partner is a real shift of order the
 * added loss (~1e-2, against Re eps ~ 9.4 at omega_a), which is left out; see theory/sapphire.md.
 */
export type LossLaw = "linear" | "constant";

export interface AddedLoss {
  /** Total Im eps wanted at `atOmega` (model loss plus the added term); must exceed the model's own. */
  readonly imEps: number;
  /** Frequency [rad/s] where the total Im eps equals `imEps`. */
  readonly atOmega: number;
  readonly law: LossLaw;
}

/** A far-infrared loss: explicit, or the preset "palik-fir" (Im eps = 0.016 at omega_a, linear law). */
export type FarInfraredLoss = AddedLoss | "palik-fir";

/**
 * The "palik-fir" preset. Its number is the brief's statement that tabulated far-infrared data for
 * sapphire give Im eps ~ 0.016 at 43 cm^-1 (BRIEF §4); it is a model of that statement, not a fit
 * to a table we hold, and the linear law is an assumption.
 */
export const PALIK_FIR: AddedLoss = { imEps: 0.016, atOmega: OMEGA_A, law: "linear" };

const lawShape = (law: LossLaw, omega: number): number => (law === "linear" ? omega : 1);

/**
 * Adds i * Delta(omega) to eps, with Delta(atOmega) chosen so that Im eps(atOmega) = imEps and the
 * frequency dependence given by `law`. Refuses a target below the material's own loss (that would
 * need gain) and a frequency outside the material's domain.
 */
export const withAddedLoss = (material: Material, loss: AddedLoss): E.Either<MaterialError, Material> => {
  const { imEps, atOmega, law } = loss;
  const [lo, hi] = material.domain;
  if (!(Number.isFinite(atOmega) && atOmega > 0 && atOmega >= lo && atOmega <= hi)) {
    return E.left(materialError(`${material.name}: added loss: atOmega = ${atOmega} rad/s must be > 0 and inside the material's domain`));
  }
  if (law !== "linear" && law !== "constant") {
    return E.left(materialError(`${material.name}: added loss: unknown law "${String(law)}"; use "linear" or "constant"`));
  }
  const own = material.epsilon(atOmega).im;
  if (!(Number.isFinite(imEps) && imEps >= own)) {
    return E.left(
      materialError(
        `${material.name}: added loss: target Im eps = ${imEps} at ${atOmega.toExponential(3)} rad/s is below the material's own ${own.toExponential(3)}; an added loss can only raise Im eps`,
      ),
    );
  }
  const amplitude = (imEps - own) / lawShape(law, atOmega); // Im Delta eps per unit of lawShape
  const base = material.epsilon;
  return E.right({
    name: `${material.name}+loss`,
    epsilon: (w: number) => {
      const e = base(w);
      return complex(e.re, e.im + amplitude * lawShape(law, w));
    },
    domain: material.domain,
    source: `${material.source}; plus far-infrared loss i*${law === "linear" ? `${amplitude.toExponential(4)}*omega[rad/s]` : amplitude.toExponential(4)} (Im eps = ${imEps} at ${atOmega.toExponential(4)} rad/s = ${omegaToWavenumber(atOmega).toFixed(1)} cm^-1, ${law} law)`,
  });
};

export interface SapphireOptions {
  readonly ray?: SapphireRay;
  readonly farInfraredLoss?: FarInfraredLoss;
}

/** Sapphire from the Gervais-Piriou model, optionally with a far-infrared loss. */
export const sapphire = (options: SapphireOptions = {}): E.Either<MaterialError, Material> => {
  const ray = options.ray ?? "ordinary";
  const p = SAPPHIRE_PARAMETERS[ray];
  if (p === undefined) {
    return E.left(materialError(`sapphire: unknown ray "${String(ray)}"; use "ordinary" or "extraordinary"`));
  }
  const model = factorisedOscillators({
    name: `sapphire-${ray}`,
    epsInf: p.epsInf,
    modes: p.modes,
    source: `sapphire ${ray} ray, factorised oscillator model of Gervais & Piriou, J. Phys. C 7, 2374 (1974) (as used in Palik, Handbook of Optical Constants of Solids); parameters of BRIEF §4`,
  });
  const loss = options.farInfraredLoss;
  if (loss === undefined) return model;
  const resolved = loss === "palik-fir" ? PALIK_FIR : loss;
  return E.map((m: Material): Material => ({
    ...m,
    name: loss === "palik-fir" ? `sapphire-${ray}+fir` : m.name,
    source: loss === "palik-fir" ? `${m.source}; preset palik-fir (Im eps = 0.016 at omega_a, the brief's far-IR number; a model, not a table)` : m.source,
  }))(E.chain((m: Material) => withAddedLoss(m, resolved))(model));
};

/** omega [rad/s] of a wavenumber [cm^-1]; re-exported for reports about the TO/LO pairs. */
export const sapphireModeOmegas = (ray: SapphireRay): { readonly to: number[]; readonly lo: number[] } => ({
  to: SAPPHIRE_PARAMETERS[ray].modes.map((m) => wavenumberToOmega(m.wTO)),
  lo: SAPPHIRE_PARAMETERS[ray].modes.map((m) => wavenumberToOmega(m.wLO)),
});
