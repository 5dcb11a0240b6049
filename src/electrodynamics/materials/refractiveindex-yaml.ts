/**
 * Reader for the YAML files of the refractiveindex.info database (M. N. Polyanskiy, "Refractive
 * index database", https://refractiveindex.info; format described in the database's
 * doc/Dispersion formulas.pdf). A file has a `DATA:` list with one or two entries:
 *   - `type: tabulated nk` / `tabulated n` / `tabulated k` with `data:` rows "wavelength_um n k"
 *     (or "wavelength_um n", "wavelength_um k");
 *   - `type: formula N` (N = 1..9) with `coefficients: C1 C2 ...` and `wavelength_range: lo hi`
 *     (older files say `range:`), all wavelengths in micrometres, giving n (k = 0).
 * A second entry may supply k for a first that gives only n (the database's usual pairing).
 * The material's domain is the overlap of the entries' ranges. The reader takes text; reading
 * the file is the caller's job (library code does no I/O).
 */
import * as E from "fp-ts/lib/Either.js";
import { parse as parseYaml } from "yaml";
import { complex } from "../../math/complex.js";
import type { Material, MaterialError } from "./material.js";
import { materialError } from "./models.js";
import { evaluateMonotoneCubic, monotoneCubic, type MonotoneCubic } from "./interpolation.js";
import { omegaToWavelength, tabulatedNK, wavelengthToOmega } from "./tabulated.js";

/** A real function of omega over a closed omega range: one of n(omega), k(omega). */
interface Column {
  readonly lo: number; // rad/s
  readonly hi: number; // rad/s
  readonly at: (omega: number) => number;
}

interface Entry {
  readonly n?: Column;
  readonly k?: Column;
  readonly nkRows?: readonly { wavelengthMetres: number; n: number; k: number }[];
}

const um = 1e-6;

const parseNumbers = (text: unknown): number[] | undefined => {
  if (typeof text === "number") return [text];
  if (Array.isArray(text)) return text.every((v) => typeof v === "number") ? (text as number[]) : undefined;
  if (typeof text !== "string") return undefined;
  const parts = text.trim().split(/[\s,]+/).filter((s) => s.length > 0);
  const values = parts.map(Number);
  return values.every(Number.isFinite) ? values : undefined;
};

/** Rows of a `data:` block, each with exactly `width` numbers. */
const parseRows = (where: string, data: unknown, width: number): E.Either<MaterialError, number[][]> => {
  if (typeof data !== "string") {
    return E.left(materialError(`${where}: "data" must be a block of rows "wavelength_um value(s)", got ${typeof data}`));
  }
  const rows: number[][] = [];
  for (const [i, line] of data.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const values = parseNumbers(line);
    if (values === undefined || values.length !== width) {
      return E.left(materialError(`${where}: data line ${i + 1} "${line.trim()}" should hold ${width} numbers`));
    }
    rows.push(values);
  }
  if (rows.length < 2) return E.left(materialError(`${where}: "data" needs at least two rows, found ${rows.length}`));
  return E.right(rows);
};

/** A monotone-cubic column from rows (wavelength um, value); values must be >= 0. */
const tableColumn = (where: string, rows: readonly number[][], col: number, what: string): E.Either<MaterialError, Column> => {
  const pts = rows.map((r) => ({ omega: wavelengthToOmega(r[0] * um), v: r[col], wl: r[0] }));
  for (const p of pts) {
    if (!(p.wl > 0)) return E.left(materialError(`${where}: wavelength ${p.wl} um is not positive`));
    if (!(p.v >= 0)) return E.left(materialError(`${where}: ${what} = ${p.v} at ${p.wl} um is negative; a passive material has ${what} >= 0`));
  }
  pts.sort((a, b) => a.omega - b.omega);
  for (let i = 1; i < pts.length; i++) {
    if (!(pts[i].omega > pts[i - 1].omega)) {
      return E.left(materialError(`${where}: the wavelength ${pts[i].wl} um appears twice`));
    }
  }
  const interp: MonotoneCubic = monotoneCubic(Float64Array.from(pts, (p) => p.omega), Float64Array.from(pts, (p) => p.v));
  return E.right({ lo: pts[0].omega, hi: pts[pts.length - 1].omega, at: (w) => evaluateMonotoneCubic(interp, w) });
};

/**
 * The nine dispersion formulas of refractiveindex.info, as n^2(lambda) or n(lambda) with lambda
 * in micrometres and C[0] = C1. Missing trailing coefficients count as zero.
 */
type Formula = { readonly gives: "n2" | "n"; readonly f: (lambda: number, c: (i: number) => number, count: number) => number };

const pairsFrom = (first: number, count: number): number[] => {
  const idx: number[] = [];
  for (let i = first; i + 1 <= count; i += 2) idx.push(i);
  return idx;
};

const FORMULAS: Readonly<Record<number, Formula>> = {
  // 1 Sellmeier: n^2 - 1 = C1 + sum C_{2i} l^2 / (l^2 - C_{2i+1}^2)
  1: { gives: "n2", f: (l, c, m) => 1 + c(1) + pairsFrom(2, m).reduce((s, i) => s + (c(i) * l * l) / (l * l - c(i + 1) ** 2), 0) },
  // 2 Sellmeier-2: n^2 - 1 = C1 + sum C_{2i} l^2 / (l^2 - C_{2i+1})
  2: { gives: "n2", f: (l, c, m) => 1 + c(1) + pairsFrom(2, m).reduce((s, i) => s + (c(i) * l * l) / (l * l - c(i + 1)), 0) },
  // 3 Polynomial: n^2 = C1 + sum C_{2i} l^C_{2i+1}
  3: { gives: "n2", f: (l, c, m) => c(1) + pairsFrom(2, m).reduce((s, i) => s + c(i) * l ** c(i + 1), 0) },
  // 4 RefractiveIndex.INFO: n^2 = C1 + C2 l^C3/(l^2 - C4^C5) + C6 l^C7/(l^2 - C8^C9) + sum_{i>=5} C_{2i} l^C_{2i+1}
  4: {
    gives: "n2",
    f: (l, c, m) =>
      c(1) +
      (c(2) * l ** c(3)) / (l * l - c(4) ** c(5)) +
      (c(6) * l ** c(7)) / (l * l - c(8) ** c(9)) +
      pairsFrom(10, m).reduce((s, i) => s + c(i) * l ** c(i + 1), 0),
  },
  // 5 Cauchy: n = C1 + sum C_{2i} l^C_{2i+1}
  5: { gives: "n", f: (l, c, m) => c(1) + pairsFrom(2, m).reduce((s, i) => s + c(i) * l ** c(i + 1), 0) },
  // 6 Gases: n - 1 = C1 + sum C_{2i} / (C_{2i+1} - l^-2)
  6: { gives: "n", f: (l, c, m) => 1 + c(1) + pairsFrom(2, m).reduce((s, i) => s + c(i) / (c(i + 1) - 1 / (l * l)), 0) },
  // 7 Herzberger: n = C1 + C2/(l^2 - 0.028) + C3 (1/(l^2 - 0.028))^2 + C4 l^2 + C5 l^4 + C6 l^6
  7: {
    gives: "n",
    f: (l, c) => {
      const q = 1 / (l * l - 0.028);
      return c(1) + c(2) * q + c(3) * q * q + c(4) * l ** 2 + c(5) * l ** 4 + c(6) * l ** 6;
    },
  },
  // 8 Retro: (n^2 - 1)/(n^2 + 2) = C1 + C2 l^2/(l^2 - C3) + C4 l^2
  8: {
    gives: "n2",
    f: (l, c) => {
      const x = c(1) + (c(2) * l * l) / (l * l - c(3)) + c(4) * l * l;
      return (1 + 2 * x) / (1 - x);
    },
  },
  // 9 Exotic: n^2 = C1 + C2/(l^2 - C3) + C4 (l - C5)/((l - C5)^2 + C6)
  9: { gives: "n2", f: (l, c) => c(1) + c(2) / (l * l - c(3)) + (c(4) * (l - c(5))) / ((l - c(5)) ** 2 + c(6)) },
};

/** Samples a formula over its range and refuses it if n is not finite and positive somewhere. */
const formulaColumn = (where: string, type: number, entry: Record<string, unknown>): E.Either<MaterialError, Column> => {
  const formula = FORMULAS[type];
  const coefficients = parseNumbers(entry["coefficients"]);
  if (coefficients === undefined || coefficients.length === 0) {
    return E.left(materialError(`${where}: "coefficients" must be a list of numbers "C1 C2 ...", got ${JSON.stringify(entry["coefficients"])}`));
  }
  const rangeRaw = entry["wavelength_range"] ?? entry["range"];
  const range = parseNumbers(rangeRaw);
  if (range === undefined || range.length !== 2 || !(range[0] > 0) || !(range[1] > range[0])) {
    return E.left(materialError(`${where}: a formula needs "wavelength_range: <min_um> <max_um>" with 0 < min < max, got ${JSON.stringify(rangeRaw)}`));
  }
  const c = (i: number): number => coefficients[i - 1] ?? 0;
  const nOfLambda = (lambdaUm: number): number => {
    const v = formula.f(lambdaUm, c, coefficients.length);
    return formula.gives === "n2" ? Math.sqrt(v) : v;
  };
  for (let i = 0; i <= 200; i++) {
    const l = range[0] * Math.pow(range[1] / range[0], i / 200);
    const n = nOfLambda(l);
    if (!(Number.isFinite(n) && n > 0)) {
      return E.left(materialError(`${where}: formula ${type} gives n = ${n} at ${l.toPrecision(4)} um inside its range; check the coefficients`));
    }
  }
  return E.right({
    lo: wavelengthToOmega(range[1] * um),
    hi: wavelengthToOmega(range[0] * um),
    at: (w) => nOfLambda(omegaToWavelength(w) / um),
  });
};

const readEntry = (name: string, index: number, raw: unknown): E.Either<MaterialError, Entry> => {
  const where = `${name}: DATA entry ${index + 1}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return E.left(materialError(`${where} must be a mapping with a "type" key`));
  }
  const entry = raw as Record<string, unknown>;
  const type = entry["type"];
  if (typeof type !== "string") return E.left(materialError(`${where} has no "type" (e.g. "tabulated nk" or "formula 2")`));
  const t = type.trim().toLowerCase();
  if (t === "tabulated nk") {
    return E.map((rows: number[][]) => ({
      nkRows: rows.map((r) => ({ wavelengthMetres: r[0] * um, n: r[1], k: r[2] })),
    }))(parseRows(where, entry["data"], 3));
  }
  if (t === "tabulated n") {
    return E.chain((rows: number[][]) => E.map((n: Column) => ({ n }))(tableColumn(where, rows, 1, "n")))(parseRows(where, entry["data"], 2));
  }
  if (t === "tabulated k") {
    return E.chain((rows: number[][]) => E.map((k: Column) => ({ k }))(tableColumn(where, rows, 1, "k")))(parseRows(where, entry["data"], 2));
  }
  const m = /^formula\s+(\d+)$/.exec(t);
  if (m) {
    const number = Number(m[1]);
    if (FORMULAS[number] === undefined) {
      return E.left(materialError(`${where}: unknown "formula ${number}"; refractiveindex.info formulas are 1..9`));
    }
    return E.map((n: Column) => ({ n }))(formulaColumn(where, number, entry));
  }
  return E.left(materialError(`${where}: unsupported type "${type}"; use "tabulated nk", "tabulated n", "tabulated k" or "formula 1".."formula 9"`));
};

const describeSource = (doc: Record<string, unknown>, name: string): string => {
  const refs = typeof doc["REFERENCES"] === "string" ? (doc["REFERENCES"] as string).replace(/<[^>]*>/g, "").trim() : "";
  return `refractiveindex.info-format YAML "${name}"${refs ? `; references: ${refs}` : ""}`;
};

/** Parses a refractiveindex.info YAML document into a Material (n + i k, eps = (n + i k)^2). */
export const readRefractiveIndexYaml = (text: string, name: string): E.Either<MaterialError, Material> => {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return E.left(materialError(`${name}: not valid YAML (${(err as Error).message.split("\n")[0]})`));
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return E.left(materialError(`${name}: expected a YAML mapping with a "DATA" list (refractiveindex.info format)`));
  }
  const record = doc as Record<string, unknown>;
  const data = record["DATA"];
  if (!Array.isArray(data) || data.length === 0) {
    return E.left(materialError(`${name}: no "DATA:" list found; a refractiveindex.info file has DATA: - type: ...`));
  }
  if (data.length > 2) {
    return E.left(materialError(`${name}: ${data.length} DATA entries; expected one (nk) or two (n and k)`));
  }
  const entries: Entry[] = [];
  for (const [i, raw] of data.entries()) {
    const e = readEntry(name, i, raw);
    if (E.isLeft(e)) return e;
    entries.push(e.right);
  }
  const source = describeSource(record, name);
  if (entries.length === 1 && entries[0].nkRows !== undefined) {
    return tabulatedNK(name, entries[0].nkRows, source);
  }
  if (entries.some((e) => e.nkRows !== undefined)) {
    return E.left(materialError(`${name}: a "tabulated nk" entry must be the only DATA entry`));
  }
  const nColumns = entries.flatMap((e) => (e.n ? [e.n] : []));
  const kColumns = entries.flatMap((e) => (e.k ? [e.k] : []));
  if (nColumns.length !== 1 || kColumns.length > 1) {
    return E.left(materialError(`${name}: need exactly one source of n (tabulated n or a formula) and at most one of k; found ${nColumns.length} n and ${kColumns.length} k`));
  }
  const n = nColumns[0];
  const k = kColumns[0];
  const lo = Math.max(n.lo, k?.lo ?? 0);
  const hi = Math.min(n.hi, k?.hi ?? Number.POSITIVE_INFINITY);
  if (!(hi > lo)) {
    return E.left(materialError(`${name}: the n and k entries cover disjoint wavelength ranges; they must overlap`));
  }
  return E.right({
    name,
    epsilon: (w: number) => {
      if (!(w >= lo && w <= hi)) {
        throw new RangeError(`${name}: epsilon(${w}) outside ${lo.toExponential(4)} .. ${hi.toExponential(4)} rad/s; use epsilonAt`);
      }
      const nv = n.at(w);
      const kv = k ? k.at(w) : 0;
      return complex(nv * nv - kv * kv, 2 * nv * kv);
    },
    domain: [lo, hi] as const,
    source: `${source}; n ${k ? "and k " : ""}interpolated/evaluated in omega${k ? "" : ", k = 0"}`,
  });
};
