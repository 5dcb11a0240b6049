/**
 * `qthermo teff`: the local field temperature T_eff = hbar w / (kB ln(gamma+/gamma-)) of a dipole at
 * height z above a slab at T_S inside surroundings at T_W (BRIEF §3), at one height or swept over a
 * log grid of heights with a plot of both orientations.
 */
import { dirname } from "node:path";
import type { Command } from "commander";
import type { Vec3 } from "../../math/vec3.js";
import { parseLength } from "../../units.js";
import { materialByName } from "../../electrodynamics/materials/index.js";
import { PALIK_FIR, withAddedLoss } from "../../electrodynamics/materials/sapphire.js";
import type { Material } from "../../electrodynamics/materials/material.js";
import { halfSpace, slab, type PlanarBody } from "../../electrodynamics/planar.js";
import { environment, type Environment } from "../../electrodynamics/environment.js";
import { localFieldTemperature } from "../../electrodynamics/rates.js";
import { lineChartSvg } from "../../plot/chart.js";
import { orThrow } from "../errors.js";
import { checkChartPath, ensureOutputDir, readTextFile, toJson, writeChart } from "../output.js";
import { RATE_WARNING_FACTOR } from "../../thermo/report.js";
import { parseTemperature } from "../../scenario/schema.js";
import * as E from "fp-ts/lib/Either.js";

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** A number as chart text: 8.1 × 10¹² (4 significant digits at most). */
export const scientific = (v: number): string => {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  let e = Math.floor(Math.log10(Math.abs(v)));
  if (e >= -2 && e <= 4) return String(Number(v.toPrecision(4)));
  let m = Number((v / Math.pow(10, e)).toPrecision(4));
  if (Math.abs(m) >= 10) {
    m = Number((m / 10).toPrecision(4));
    e += 1;
  }
  const exp = String(e).replace("-", "⁻").replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
  return `${m === 1 ? "" : `${m} × `}10${exp}`;
};

/** Dipole magnitude used for the printed rates: one atomic unit e a0 [C m]. T_eff does not depend on it. */
const E_A0 = 8.478353625e-30;

interface TeffOptions {
  z: string;
  omega: string;
  dipole: string;
  TS: string;
  TW: string;
  delta?: string;
  halfSpace?: boolean;
  material: string;
  firLoss?: string | boolean;
  json?: boolean;
  plot?: string;
  points: string;
  relTol: string;
}

const positiveNumber = (name: string, text: string): number => {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got "${text}"`);
  return v;
};
/** "900" or "900K", read as scenario files and --set read them. */
const temperature = (name: string, text: string): number => {
  const v = parseTemperature(text);
  if (E.isLeft(v)) throw new Error(`${name}: ${v.left}`);
  return v.right;
};
const length = (name: string, text: string): number => {
  const v = orThrow(parseLength(text));
  if (!(v > 0)) throw new Error(`${name} must be a positive length, got "${text}"`);
  return v;
};

/** "x", "y", "z" or three comma-separated components of a direction. */
export const parseDipole = (text: string): Vec3 => {
  const axes: Record<string, Vec3> = { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] };
  const axis = axes[text.trim().toLowerCase()];
  if (axis) return axis;
  const parts = text.split(",").map((s) => Number(s));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p)) || parts.every((p) => p === 0)) {
    throw new Error(`--dipole must be x, y, z or a non-zero direction "dx,dy,dz", got "${text}"`);
  }
  const n = Math.hypot(parts[0], parts[1], parts[2]);
  return [parts[0] / n, parts[1] / n, parts[2] / n];
};

/** Most heights a teff sweep may ask for (each is a full rate computation; more is a typo, not a plot). */
const MAX_HEIGHTS = 100_000;

/** "2.7um" -> [2.7e-6], "0.1um:100um" -> log grid of `points` heights. */
export const parseHeights = (text: string, pointsGiven: number | string): { readonly heights: number[]; readonly sweep: boolean } => {
  // the raw --points text, so "abc" is reported as "abc" (not NaN)
  const points = typeof pointsGiven === "number" ? pointsGiven : pointsGiven.trim() === "" ? NaN : Number(pointsGiven);
  const parts = text.split(":");
  if (parts.length === 1) return { heights: [length("--z", parts[0])], sweep: false };
  if (parts.length !== 2) throw new Error(`--z must be a length (2.7um) or a range lo:hi (0.1um:100um), got "${text}"`);
  const lo = length("--z (lower end)", parts[0]);
  const hi = length("--z (upper end)", parts[1]);
  if (!(hi > lo)) throw new Error(`--z range ${text}: the upper end must exceed the lower end`);
  if (!Number.isInteger(points) || points < 2 || points > MAX_HEIGHTS) throw new Error(`--points must be an integer from 2 to ${MAX_HEIGHTS}, got ${JSON.stringify(String(pointsGiven))}`);
  const heights = Array.from({ length: points }, (_, i) => lo * Math.pow(hi / lo, i / (points - 1)));
  return { heights, sweep: true };
};

const buildMaterial = (opts: TeffOptions): Material => {
  let material = orThrow(materialByName(opts.material, { readTextFile }));
  if (opts.firLoss !== undefined && opts.firLoss !== false) {
    const loss =
      opts.firLoss === true
        ? PALIK_FIR
        : { imEps: positiveNumber("--fir-loss", String(opts.firLoss)), atOmega: PALIK_FIR.atOmega, law: PALIK_FIR.law };
    material = orThrow(withAddedLoss(material, loss));
  }
  return material;
};

const DEFAULT_THICKNESS = "0.05um";

const buildBody = (opts: TeffOptions, material: Material): PlanarBody => {
  if (opts.halfSpace && opts.delta !== undefined) {
    throw new Error("--delta sets a slab's thickness and a half-space has none: drop --delta or --half-space");
  }
  return opts.halfSpace ? orThrow(halfSpace(material)) : orThrow(slab(material, length("--delta", opts.delta ?? DEFAULT_THICKNESS)));
};

export const registerTeff = (program: Command): void => {
  program
    .command("teff")
    .description("local field temperature T_eff of a dipole above a slab at T_S inside surroundings at T_W")
    .requiredOption("--z <length|lo:hi>", "height above the slab (2.7um), or a range swept on a log grid (0.1um:100um)")
    .option("--omega <rad/s>", "transition angular frequency", "8.1e12")
    .option("--dipole <x|y|z|dx,dy,dz>", "dipole direction (single height)", "x")
    .option("--TS <K>", "slab temperature", "900")
    .option("--TW <K>", "surroundings temperature", "300")
    .option("--delta <length>", `slab thickness (default: ${DEFAULT_THICKNESS})`)
    .option("--half-space", "a semi-infinite body instead of a slab")
    .option("--material <name>", "slab material (sapphire-ordinary, sapphire-extraordinary, eps=<re>+<im>i, file.yaml, ...)", "sapphire-ordinary")
    .option("--fir-loss [imEps]", "add a far-infrared loss: total Im eps at omega_a (default 0.016, Palik), linear in omega")
    .option("--json", "print JSON")
    .option("--plot <file.svg>", "with a --z range: draw T_eff(z) for x and z dipoles (writes .svg and .png)")
    .option("--points <n>", "heights in a sweep", "200")
    .option("--rel-tol <tol>", "relative accuracy of the Sommerfeld integrals", "1e-8")
    .action(async (opts: TeffOptions) => {
      const omega = positiveNumber("--omega", opts.omega);
      const relTol = positiveNumber("--rel-tol", opts.relTol);
      const TS = temperature("--TS", opts.TS);
      const TW = temperature("--TW", opts.TW);
      const { heights, sweep } = parseHeights(opts.z, opts.points);
      if (opts.plot && sweep) {
        // refuse a bad chart path before computing, not after
        orThrow(checkChartPath(opts.plot));
        orThrow(ensureOutputDir(dirname(opts.plot), "--plot"));
      }
      const warnIfInaccurate = (relErrors: readonly number[], where: string): void => {
        const worst = Math.max(...relErrors);
        if (worst > RATE_WARNING_FACTOR * relTol) {
          console.error(
            `qthermo: warning: the rates reached only relative accuracy ${worst.toExponential(1)} (requested --rel-tol ${relTol.toExponential(0)}) ${where}: T_eff is correspondingly uncertain`,
          );
        }
      };
      const material = buildMaterial(opts);
      const body = buildBody(opts, material);
      const env: Environment = orThrow(environment(body, TS, TW));
      const at = (z: number, dir: Vec3) =>
        orThrow(localFieldTemperature(env, omega, [0, 0, z], [dir[0] * E_A0, dir[1] * E_A0, dir[2] * E_A0], { relTol }));

      if (!sweep) {
        if (opts.plot) throw new Error("--plot needs a range of heights, e.g. --z 0.1um:100um");
        const dir = parseDipole(opts.dipole);
        const z = heights[0];
        const r = at(z, dir);
        warnIfInaccurate([r.relError], `at z = ${z.toExponential(3)} m`);
        if (opts.json) {
          process.stdout.write(
            toJson({
              T_eff: r.Teff,
              gamma_plus: r.gammaPlus,
              gamma_minus: r.gammaMinus,
              gamma_free: r.gammaFree,
              rel_error: r.relError,
              dipole_moment_Cm: E_A0,
              dipole_direction: dir,
              z_m: z,
              omega_rad_s: omega,
              T_S: TS,
              T_W: TW,
              body: body.description,
              material_source: material.source,
              units: { T_eff: "K", gamma_plus: "s^-1", gamma_minus: "s^-1", gamma_free: "s^-1", note: "rates for |d| = e a0; T_eff does not depend on |d|" },
            }),
          );
          return;
        }
        console.log(`T_eff = ${r.Teff.toFixed(3)} K`);
        console.log(
          `  dipole (${dir.map((c) => c.toPrecision(3)).join(", ")}) at z = ${(z * 1e6).toPrecision(4)} um, omega = ${omega.toExponential(4)} rad/s; ${body.description}; T_S = ${TS} K, T_W = ${TW} K`,
        );
        console.log(
          `  gamma+ = ${r.gammaPlus.toExponential(6)} s^-1 (${(r.gammaPlus / r.gammaFree).toPrecision(8)} Gamma0), gamma- = ${r.gammaMinus.toExponential(6)} s^-1 (${(r.gammaMinus / r.gammaFree).toPrecision(8)} Gamma0), |d| = e a0`,
        );
        console.log(`  estimated relative error ${r.relError.toExponential(2)}`);
        return;
      }

      const xs = heights.map((z) => at(z, [1, 0, 0]));
      const zs = heights.map((z) => at(z, [0, 0, 1]));
      const errs = heights.map((_, i) => Math.max(xs[i].relError, zs[i].relError));
      const worstAt = errs.indexOf(Math.max(...errs));
      warnIfInaccurate(errs, `at z = ${heights[worstAt].toExponential(3)} m (the worst of ${heights.length} heights)`);
      const zUm = heights.map((z) => z * 1e6);
      if (opts.plot) {
        const loss =
          opts.firLoss === undefined || opts.firLoss === false
            ? "none"
            : `Im ε ${opts.firLoss === true ? PALIK_FIR.imEps : opts.firLoss} at ${scientific(PALIK_FIR.atOmega)} rad/s (${PALIK_FIR.law})`;
        const svg = await lineChartSvg({
          title: `T_eff(z) at ω = ${scientific(omega)} rad/s, T_S = ${TS} K, T_W = ${TW} K`,
          subtitle: [
            `body: ${body.description.replace(/\bum\b/g, "µm")}; material: ${material.source}`,
            `options: --fir-loss ${loss}, --rel-tol ${relTol}, ${heights.length} heights (log grid)`,
          ],
          xLabel: "z (µm)",
          yLabel: "T_eff (K)",
          xScale: "log",
          series: [
            { name: "dipole x (in-plane)", x: zUm, y: xs.map((r) => r.Teff) },
            { name: "dipole z (normal)", x: zUm, y: zs.map((r) => r.Teff), dash: "dashed" },
          ],
          hLines: [{ y: TW, label: `T_W = ${TW} K` }],
        });
        const written = orThrow(writeChart(opts.plot, svg));
        if (!opts.json) console.log(`wrote ${written.svg} and ${written.png}`);
      }
      if (opts.json) {
        process.stdout.write(
          toJson({
            z_m: heights,
            T_eff_x: xs.map((r) => r.Teff),
            T_eff_z: zs.map((r) => r.Teff),
            gamma_plus_x: xs.map((r) => r.gammaPlus),
            gamma_minus_x: xs.map((r) => r.gammaMinus),
            gamma_plus_z: zs.map((r) => r.gammaPlus),
            gamma_minus_z: zs.map((r) => r.gammaMinus),
            max_rel_error: Math.max(...xs.map((r) => r.relError), ...zs.map((r) => r.relError)),
            units: { z_m: "m", T_eff: "K", gamma: "s^-1 for |d| = e a0" },
          }),
        );
        return;
      }
      if (!opts.plot) {
        console.log("z_um,T_eff_x_K,T_eff_z_K");
        // z to 12 significant digits: the log grid's 0.09999999999999999 is 0.1
        for (let i = 0; i < heights.length; i++) console.log(`${Number(zUm[i].toPrecision(12))},${xs[i].Teff},${zs[i].Teff}`);
      }
    });
};
