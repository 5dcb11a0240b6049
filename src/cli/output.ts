/**
 * File output for the CLI: CSV tables, JSON documents, charts as SVG + PNG. Folders are created
 * as needed. Every writer returns an Either instead of throwing, and nothing here exits the
 * process; the command decides what to print and which exit code to use.
 */
import { accessSync, constants as fsConstants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import type { MaterialError } from "../electrodynamics/materials/material.js";
import { svgToPng } from "../plot/chart.js";

export interface OutputError {
  readonly kind: "OutputError";
  readonly message: string;
}

const outputError = (message: string): OutputError => ({ kind: "OutputError", message });

const writeFile = (path: string, data: string | Uint8Array): E.Either<OutputError, string> => {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    return E.right(path);
  } catch (err) {
    return E.left(outputError(`cannot write ${path}: ${(err as Error).message}; check the folder exists or can be created and is writable`));
  }
};

/**
 * Creates the output folder (and its parents) and checks it is a writable folder, so a command can
 * refuse a bad --out before spending minutes computing (a parent that is a file gave ENOTDIR only
 * when the first result was written).
 */
export const ensureOutputDir = (dir: string, option = "--out"): E.Either<OutputError, string> => {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) return E.left(outputError(`output folder ${dir} is a file, not a folder; choose another ${option}`));
    accessSync(dir, fsConstants.W_OK);
    return E.right(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOTDIR" || code === "EEXIST"
        ? "a part of that path is a file, not a folder"
        : code === "EACCES" || code === "EPERM"
          ? "it is not writable"
          : (err as Error).message;
    return E.left(outputError(`cannot use ${dir} as the output folder: ${why}; choose another ${option}`));
  }
};

/**
 * Checks a chart path given by the user (`--plot`): a file name ending in .svg or .png, or without
 * an extension; both <base>.svg and <base>.png are written. A folder (or a path ending in '/') is
 * refused: it would have written a hidden ".svg" inside it.
 */
export const checkChartPath = (path: string, option = "--plot"): E.Either<OutputError, string> => {
  if (path.trim() === "" || /[/\\]$/.test(path)) {
    return E.left(outputError(`${option} ${JSON.stringify(path)} names a folder, not a file; give a file name such as ${join(path, "teff.svg")}`));
  }
  if (/^\.(svg|png)$/i.test(basename(path))) {
    return E.left(outputError(`${option} ${JSON.stringify(path)} has no file name before the extension; give one such as ${join(dirname(path), "teff.svg")}`));
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    return E.left(outputError(`${option} ${path} is an existing folder; give a file name such as ${join(path, "teff.svg")}`));
  }
  const ext = extname(path);
  if (ext !== "" && !/^\.(svg|png)$/i.test(ext)) {
    return E.left(outputError(`${option} ${path}: charts are written as .svg and .png, not ${ext}; give a name ending in .svg or .png (both files are written)`));
  }
  return E.right(path);
};

export type Cell = number | string | boolean | null;

/**
 * A number as CSV text: shortest round-trip decimal; non-finite values as Infinity, -Infinity,
 * NaN (Python's float() and JavaScript's Number() both read these back).
 */
const formatNumber = (x: number): string => (Number.isNaN(x) ? "NaN" : String(x));

/** RFC 4180 quoting: only fields containing a comma, quote or line break are quoted. */
const csvField = (cell: Cell): string => {
  if (cell === null) return "";
  if (typeof cell === "number") return formatNumber(cell);
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** CSV text with a header line; every row must have one cell per column. */
export const toCsv = (columns: readonly string[], rows: readonly (readonly Cell[])[]): E.Either<OutputError, string> => {
  if (columns.length === 0) return E.left(outputError("a CSV table needs at least one column"));
  const bad = rows.findIndex((r) => r.length !== columns.length);
  if (bad >= 0) {
    return E.left(outputError(`CSV row ${bad} has ${rows[bad].length} cells but there are ${columns.length} columns (${columns.join(", ")})`));
  }
  return E.right([columns, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n");
};

/** Writes a CSV file; `comments` (each starting with "# ") come first, before the header row. */
export const writeCsv = (
  path: string,
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  comments: readonly string[] = [],
): E.Either<OutputError, string> =>
  E.chain((text: string) => writeFile(path, comments.length === 0 ? text : [...comments, ""].join("\n") + text))(toCsv(columns, rows));

/**
 * JSON text, two-space indented. JSON has no Infinity or NaN (JSON.stringify would silently write
 * null, and theta = +/-Infinity is a real result here), so non-finite numbers are written as the
 * strings "Infinity", "-Infinity", "NaN".
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2) + "\n";

export const writeJson = (path: string, value: unknown): E.Either<OutputError, string> => {
  let text: string;
  try {
    text = toJson(value);
  } catch (err) {
    return E.left(outputError(`cannot serialise the value for ${path} as JSON: ${(err as Error).message}`));
  }
  return writeFile(path, text);
};

/** Writes `<pathWithoutExt>.svg` and `<pathWithoutExt>.png` (PNG at `scale` x the SVG size). */
export const writeChart = (pathWithoutExt: string, svg: string, scale = 2): E.Either<OutputError, { svg: string; png: string }> => {
  const base = pathWithoutExt.replace(/\.(svg|png)$/i, "");
  let png: Uint8Array;
  try {
    png = svgToPng(svg, scale);
  } catch (err) {
    return E.left(outputError(`cannot render ${base}.png: ${(err as Error).message}`));
  }
  return E.chain((svgPath: string) => E.map((pngPath: string) => ({ svg: svgPath, png: pngPath }))(writeFile(`${base}.png`, png)))(
    writeFile(`${base}.svg`, svg),
  );
};

/** The file loader `materialByName` needs for refractiveindex.info `.yaml` paths. */
export const readTextFile = (path: string): E.Either<MaterialError, string> => {
  try {
    return E.right(readFileSync(path, "utf8"));
  } catch (err) {
    return E.left({ kind: "MaterialError", message: `cannot read material file ${path}: ${(err as Error).message}` });
  }
};
