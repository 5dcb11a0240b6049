/**
 * Materials by name, for the CLI and scenario files. Library code does no I/O: a `.yaml` path is
 * read through the `readTextFile` loader the caller passes (the CLI passes one built on node:fs).
 */
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../math/complex.js";
import { wavenumberToOmega } from "../../units.js";
import type { Material, MaterialError } from "./material.js";
import { constantMaterial, drude, materialError } from "./models.js";
import { readRefractiveIndexYaml } from "./refractiveindex-yaml.js";
import { sapphire } from "./sapphire.js";
import { wavelengthToOmega } from "./tabulated.js";

export * from "./material.js";
export * from "./models.js";
export * from "./sapphire.js";
export * from "./tabulated.js";
export { readRefractiveIndexYaml } from "./refractiveindex-yaml.js";

/**
 * Gold, Drude model of Ordal et al., Appl. Opt. 24, 4493 (1985): omega_p = 7.28e4 cm^-1,
 * omega_tau = 215 cm^-1, eps_inf = 1; a fit to infrared data (valid roughly 0.5 - 200 um).
 */
export const goldDrude = (): E.Either<MaterialError, Material> =>
  drude({
    name: "gold-drude",
    epsInf: 1,
    wp: wavenumberToOmega(7.28e4),
    gamma: wavenumberToOmega(215),
    source: "gold, Drude model of Ordal et al., Appl. Opt. 24, 4493 (1985): wp = 7.28e4 cm^-1, gamma = 215 cm^-1 (infrared fit)",
  });

/**
 * Fused silica, Sellmeier fit of I. H. Malitson, J. Opt. Soc. Am. 55, 1205 (1965), valid
 * 0.21 - 3.71 um and lossless there. It does NOT cover the far infrared this project works in:
 * asking for omega_a gives a MaterialError. It is here as a visible/near-IR reference.
 */
export const silicaMalitson = (): E.Either<MaterialError, Material> => {
  const B = [0.6961663, 0.4079426, 0.8974794];
  const L = [0.0684043, 0.1162414, 9.896161]; // resonance wavelengths [um]
  const lo = wavelengthToOmega(3.71e-6);
  const hi = wavelengthToOmega(0.21e-6);
  return E.right({
    name: "silica-malitson",
    epsilon: (w: number) => {
      if (!(w >= lo && w <= hi)) throw new RangeError(`silica-malitson: epsilon(${w}) outside its 0.21 - 3.71 um range; use epsilonAt`);
      const l2 = ((2 * Math.PI * 299792458) / w / 1e-6) ** 2;
      return complex(1 + B.reduce((s, b, i) => s + (b * l2) / (l2 - L[i] * L[i]), 0), 0);
    },
    domain: [lo, hi] as const,
    source: "fused silica, Sellmeier fit of Malitson, J. Opt. Soc. Am. 55, 1205 (1965), 0.21 - 3.71 um, lossless",
  });
};

const BUILT_IN: Readonly<Record<string, () => E.Either<MaterialError, Material>>> = {
  "sapphire-ordinary": () => sapphire({ ray: "ordinary" }),
  "sapphire-extraordinary": () => sapphire({ ray: "extraordinary" }),
  "sapphire-ordinary+fir": () => sapphire({ ray: "ordinary", farInfraredLoss: "palik-fir" }),
  "gold-drude": goldDrude,
  "silica-malitson": silicaMalitson,
};

/** Names `materialByName` accepts besides "eps=<re>+<im>i" and "<path>.yaml". */
export const knownMaterialNames: readonly string[] = Object.keys(BUILT_IN);

export interface MaterialLookupOptions {
  /** Reads a text file; needed only for `.yaml`/`.yml` names. The CLI passes one built on node:fs. */
  readonly readTextFile?: (path: string) => E.Either<MaterialError, string>;
}

const CONSTANT = /^eps\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:([-+])\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*[ij])?\s*$/;

/** Parses "eps=9.4+0.016i" (or "eps=2.25", "eps=-100+3i") into a constant material. */
export const parseConstantMaterial = (text: string): E.Either<MaterialError, Material> => {
  const m = CONSTANT.exec(text);
  if (!m) {
    return E.left(materialError(`cannot read constant permittivity "${text}": write eps=<re>+<im>i, e.g. eps=9.4+0.016i or eps=2.25`));
  }
  const re = Number(m[1]);
  const im = m[3] === undefined ? 0 : (m[2] === "-" ? -1 : 1) * Number(m[3]);
  return constantMaterial(text.replace(/\s+/g, ""), complex(re, im));
};

/**
 * A material by name: a built-in ("sapphire-ordinary", "sapphire-extraordinary",
 * "sapphire-ordinary+fir", "gold-drude", "silica-malitson"), a constant "eps=<re>+<im>i", or a
 * refractiveindex.info YAML file path ending in .yaml/.yml (needs `readTextFile`).
 */
export const materialByName = (name: string, options: MaterialLookupOptions = {}): E.Either<MaterialError, Material> => {
  const trimmed = name.trim();
  const builtIn = BUILT_IN[trimmed.toLowerCase()];
  if (builtIn !== undefined) return builtIn();
  if (/^eps\s*=/.test(trimmed)) return parseConstantMaterial(trimmed);
  if (/\.ya?ml$/i.test(trimmed)) {
    if (options.readTextFile === undefined) {
      return E.left(materialError(`material file "${trimmed}": no file loader given; the caller (CLI) must pass readTextFile`));
    }
    const label = trimmed.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/i, "");
    return E.chain((text: string) => readRefractiveIndexYaml(text, label))(options.readTextFile(trimmed));
  }
  return E.left(
    materialError(
      `unknown material "${name}"; known: ${knownMaterialNames.join(", ")}, a constant "eps=<re>+<im>i", or a refractiveindex.info file "<path>.yaml"`,
    ),
  );
};
