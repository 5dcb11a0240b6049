/**
 * Line charts as SVG (vega-lite spec -> vega View with renderer "none" -> toSVG) and PNG (resvg).
 * Two chart kinds: a general line chart, and the paper's temperature chart, which plots -1/theta
 * (finite through population inversion, where theta jumps from +infinity to -infinity) with a
 * second axis on the right labelled with theta itself.
 *
 * The labels of horizontal reference lines are placed where no curve is (placeRuleLabels), or go
 * into the legend when there is no such place; charts take a caption (subtitle) for the options.
 *
 * Inputs are validated before anything is drawn: NaN anywhere, mismatched lengths, non-positive
 * values on a log axis and theta = 0 are refused with a PlotError (the returned promise rejects
 * with it; `validateLineChart` / `validateTemperatureChart` give the same check as an Either).
 * Library code: nothing here prints or touches files; src/cli/output.ts writes the results.
 */
import * as E from "fp-ts/lib/Either.js";
import * as vl from "vega-lite";
import * as vega from "vega";
import { Resvg } from "@resvg/resvg-js";

export type Dash = "solid" | "dashed" | "dotted" | "dashdot" | "longdash" | "shortdash";

export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly dash?: Dash;
  readonly color?: string;
  /** Stroke width in px (default 2.2); reference curves such as T_env use a thinner line. */
  readonly width?: number;
}

export interface LineChart {
  readonly title: string;
  /** Caption lines under the title (e.g. the model options); long lines are wrapped to the chart width. */
  readonly subtitle?: string | readonly string[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale?: "linear" | "log";
  readonly yScale?: "linear" | "log";
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  readonly hLines?: readonly { readonly y: number; readonly label: string }[];
}

export interface TemperatureSeries {
  readonly name: string;
  readonly x: readonly number[];
  /** Temperatures [K]; may be negative (inversion) or +/-Infinity (equal populations). */
  readonly theta: readonly number[];
  readonly dash?: Dash;
  readonly color?: string;
  /** Stroke width in px (default 2.2). */
  readonly width?: number;
}

export interface TemperatureChart {
  readonly title: string;
  /** Caption lines under the title (e.g. the model options); long lines are wrapped to the chart width. */
  readonly subtitle?: string | readonly string[];
  readonly xLabel: string;
  readonly xScale?: "linear" | "log";
  readonly series: readonly TemperatureSeries[];
  /** A second x axis on top, at the bottom axis' tick positions, labelled map(x) (e.g. r*phi in um). */
  readonly topAxis?: { readonly label: string; readonly map: (x: number) => number };
  readonly width?: number;
  readonly height?: number;
  /** Horizontal reference temperatures [K] drawn as thin grey lines with a label (e.g. T_W). */
  readonly referenceTemperatures?: readonly { readonly theta: number; readonly label: string }[];
}

export interface PlotError {
  readonly kind: "PlotError";
  readonly message: string;
}

const plotError = (message: string): PlotError => ({ kind: "PlotError", message });

/** Thrown (as the rejection of the chart promises) when the input is invalid. */
export class PlotInputError extends Error implements PlotError {
  readonly kind = "PlotError" as const;
  constructor(message: string) {
    super(message);
    this.name = "PlotInputError";
  }
}

// ---------------------------------------------------------------------------------------------
// Style

const FONT = "DejaVu Sans";

/** Okabe-Ito palette: distinguishable for the common forms of colour blindness, and in grey print. */
export const PALETTE: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7", "#E69F00", "#56B4E9", "#999999"];

/**
 * The paper's four line colours (red, blue, black, green in its figure captions) as their
 * colour-blind-safe Okabe-Ito counterparts; `skyBlue` separates Fig. 4's two blue curves.
 */
export const PAPER_COLORS = {
  red: "#D55E00",
  blue: "#0072B2",
  skyBlue: "#56B4E9",
  black: "#000000",
  green: "#009E73",
} as const;

/**
 * Colours for one curve per qubit: the Okabe-Ito palette without its grey, which is kept for
 * reference curves (T_env), so that no qubit's curve can be mistaken for one.
 */
export const QUBIT_COLORS: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7", "#E69F00", "#56B4E9"];

/**
 * The one style of every environment-temperature (T_env) curve, in every chart: a thin grey line.
 * Several T_env curves in one chart differ only by dash, in the order of `REFERENCE_DASHES`.
 */
export const REFERENCE_CURVE = { color: "#8a8a8a", width: 1.3 } as const;
export const REFERENCE_DASHES: readonly Dash[] = ["solid", "dashed", "dotted", "dashdot", "longdash", "shortdash"];

/** Dash arrays in px (stroke width 2.2): "dashed" is the paper's long dash, "shortdash" its short one. */
export const DASH_PATTERNS: Readonly<Record<Dash, readonly number[]>> = {
  solid: [1, 0],
  dashed: [9, 5],
  longdash: [14, 6],
  shortdash: [5, 4],
  dotted: [1.5, 3.5],
  dashdot: [10, 4, 2, 4],
};

const DASH_ORDER: readonly Dash[] = ["solid", "dashed", "dashdot", "dotted", "shortdash", "longdash"];

const CONFIG = {
  font: FONT,
  background: "white",
  padding: 12,
  title: { fontSize: 17, fontWeight: "bold", font: FONT, offset: 12, subtitleFont: FONT, subtitleFontSize: 12, subtitleColor: "#444444", subtitlePadding: 6, subtitleLineHeight: 15 },
  axis: {
    labelFontSize: 13,
    titleFontSize: 14,
    titleFontWeight: "normal",
    labelFont: FONT,
    titleFont: FONT,
    gridColor: "#e6e6e6",
    tickColor: "#555555",
    domainColor: "#555555",
    labelColor: "#222222",
    titleColor: "#222222",
    titlePadding: 10,
  },
  legend: {
    labelFontSize: 13,
    labelFont: FONT,
    symbolType: "stroke",
    symbolSize: 900,
    symbolStrokeWidth: 2.4,
    labelLimit: 400,
    rowPadding: 6,
    columnPadding: 22,
    padding: 6,
    strokeColor: "#cccccc",
    fillColor: "white",
  },
  view: { stroke: "#555555" },
  line: { strokeWidth: 2.2 },
} as const;

// ---------------------------------------------------------------------------------------------
// Validation

const checkSeries = (
  chartTitle: string,
  s: { name: string; x: readonly number[] },
  yName: string,
  y: readonly number[],
  allowInfiniteY: boolean,
  xScale: "linear" | "log",
): E.Either<PlotError, void> => {
  const where = `chart "${chartTitle}", series "${s.name}"`;
  if (typeof s.name !== "string" || s.name.trim() === "") return E.left(plotError(`chart "${chartTitle}": every series needs a name (it goes in the legend)`));
  if (!Array.isArray(s.x) || !Array.isArray(y) || s.x.length !== y.length) {
    return E.left(plotError(`${where}: x and ${yName} must be lists of the same length (got ${s.x?.length} and ${y?.length})`));
  }
  if (s.x.length === 0) return E.left(plotError(`${where}: no points`));
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i];
    const v = y[i];
    if (!Number.isFinite(x)) return E.left(plotError(`${where}: x[${i}] = ${x}; x values must be finite numbers`));
    if (xScale === "log" && !(x > 0)) return E.left(plotError(`${where}: x[${i}] = ${x} cannot go on a log axis; use x > 0 or a linear axis`));
    if (Number.isNaN(v) || typeof v !== "number") {
      return E.left(plotError(`${where}: ${yName}[${i}] is NaN at x = ${x}; a NaN means a failed computation upstream, so it is refused rather than dropped`));
    }
    if (!allowInfiniteY && !Number.isFinite(v)) return E.left(plotError(`${where}: ${yName}[${i}] = ${v} at x = ${x} cannot be drawn; give finite values`));
  }
  return E.right(undefined);
};

const firstLeft = (checks: readonly E.Either<PlotError, void>[]): E.Either<PlotError, void> =>
  checks.find(E.isLeft) ?? E.right(undefined);

export const validateLineChart = (chart: LineChart): E.Either<PlotError, LineChart> => {
  if (!Array.isArray(chart.series) || chart.series.length === 0) return E.left(plotError(`chart "${chart.title}": no series to draw`));
  const xScale = chart.xScale ?? "linear";
  const seriesCheck = firstLeft(chart.series.map((s) => checkSeries(chart.title, s, "y", s.y, false, xScale)));
  if (E.isLeft(seriesCheck)) return seriesCheck;
  if (chart.yScale === "log") {
    for (const s of chart.series) {
      const i = s.y.findIndex((v: number) => !(v > 0));
      if (i >= 0) return E.left(plotError(`chart "${chart.title}", series "${s.name}": y[${i}] = ${s.y[i]} cannot go on a log axis`));
    }
  }
  for (const h of chart.hLines ?? []) {
    if (!Number.isFinite(h.y)) return E.left(plotError(`chart "${chart.title}": horizontal line "${h.label}" at y = ${h.y} is not finite`));
  }
  const names = chart.series.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return E.left(plotError(`chart "${chart.title}": two series are named "${dup}"; names must be unique for the legend`));
  return E.right(chart);
};

export const validateTemperatureChart = (chart: TemperatureChart): E.Either<PlotError, TemperatureChart> => {
  if (!Array.isArray(chart.series) || chart.series.length === 0) return E.left(plotError(`chart "${chart.title}": no series to draw`));
  const xScale = chart.xScale ?? "linear";
  const seriesCheck = firstLeft(chart.series.map((s) => checkSeries(chart.title, s, "theta", s.theta, true, xScale)));
  if (E.isLeft(seriesCheck)) return seriesCheck;
  for (const s of chart.series) {
    const i = s.theta.findIndex((t: number) => t === 0);
    if (i >= 0) return E.left(plotError(`chart "${chart.title}", series "${s.name}": theta[${i}] = 0 K has -1/theta = -infinity and cannot be drawn`));
  }
  for (const r of chart.referenceTemperatures ?? []) {
    if (Number.isNaN(r.theta) || r.theta === 0) return E.left(plotError(`chart "${chart.title}": reference temperature "${r.label}" = ${r.theta} K cannot be drawn`));
  }
  const names = chart.series.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return E.left(plotError(`chart "${chart.title}": two series are named "${dup}"; names must be unique for the legend`));
  return E.right(chart);
};

// ---------------------------------------------------------------------------------------------
// Ticks

/** Nice linear ticks (1, 2, 5 x 10^k steps) covering [lo, hi], about `target` of them. */
export const linearTicks = (lo: number, hi: number, target = 6): number[] => {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.ceil(lo / step - 1e-9);
  // Round to the step's last decimal (plus one) so that 0.30000000000000004 prints as 0.3.
  const decimals = Math.min(100, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
  const ticks: number[] = [];
  for (let k = first; k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
};

/** Log ticks: decades, plus 2 and 5 times them when the range spans fewer than three decades. */
export const logTicks = (lo: number, hi: number): number[] => {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const mult = b - a <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = a; e <= b; e++) {
    for (const m of mult) {
      const v = Number((m * Math.pow(10, e)).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
};

/** Compact label for a tick value: `significant` (default 4) significant digits, no trailing zeros, a true minus sign. */
export const formatTick = (v: number, significant = 4): string => {
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) return "∞";
  if (v === 0) return "0";
  const abs = Math.abs(v);
  const text =
    abs >= 1e5 || abs < 1e-3
      ? v.toExponential(significant - 2).replace(/\.?0+e/, "e").replace("e+", "e")
      : String(Number(v.toPrecision(significant)));
  return text.replace("-", "−");
};

/**
 * Labels for a set of ticks: the fewest significant digits (at least 4 when that suffices) that
 * keep neighbouring labels distinct, so a narrow range like 1024.0000002 .. 1024.0000008 stays readable.
 */
export const formatTicks = (values: readonly number[]): string[] => {
  const labelsAt = (p: number) => values.map((v) => formatTick(v, p));
  for (let p = 4; p <= 17; p++) {
    const labels = labelsAt(p);
    if (new Set(labels).size === labels.length) return labels;
  }
  return labelsAt(17);
};

/** A vega expression mapping each of `values` to its label (exact match within a relative 1e-9). */
const labelExpression = (values: readonly number[], labels: readonly string[]): string =>
  values
    .map((v, i) => `abs(datum.value - (${v})) <= ${Math.max(Math.abs(v) * 1e-9, 1e-300)} ? ${JSON.stringify(labels[i])} : `)
    .join("") + '""';

/** Candidate temperatures [K] for the right axis, in order of preference (most "round" first). */
const THETA_CANDIDATES: readonly number[] = (() => {
  const positive = [300, 1000, 500, 2000, 350, 400, 5000, 200, 250, 600, 800, 1500, 3000, 450, 700, 10000, 20000, 150, 100, 50000, 320, 340, 360, 380, 1e5, 50, 20, 10, 5, 2, 1];
  const out: number[] = [];
  for (const p of positive) out.push(p, -p);
  return out;
})();

/**
 * Right-axis theta ticks for a -1/theta axis spanning [yLo, yHi] (y in the plotted units, 1/K
 * times `yUnit`): infinity (y = 0) first when in range, then round temperatures, keeping ticks at
 * least `minGap` apart in y.
 */
export const thetaTicks = (yLo: number, yHi: number, yUnit: number, minGap: number): { y: number; label: string }[] => {
  const chosen: { y: number; label: string }[] = [];
  const fits = (y: number) => y >= yLo && y <= yHi && chosen.every((c) => Math.abs(c.y - y) >= minGap);
  if (fits(0)) chosen.push({ y: 0, label: "∞" });
  for (const theta of THETA_CANDIDATES) {
    const y = (-1 / theta) * yUnit;
    if (fits(y)) chosen.push({ y, label: formatTick(theta) });
    if (chosen.length >= 10) break;
  }
  return chosen.sort((a, b) => a.y - b.y);
};

// ---------------------------------------------------------------------------------------------
// Rendering

/** Library code never prints: vega's and vega-lite's warnings go to a logger that drops them. */
const silentLogger = (): vega.LoggerInterface => {
  let level = vega.None;
  const logger: vega.LoggerInterface = {
    level: ((l?: number) => {
      if (l === undefined) return level;
      level = l;
      return logger;
    }) as vega.LoggerInterface["level"],
    error: () => logger,
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
};

const toSvg = async (spec: Record<string, unknown>): Promise<string> => {
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec, { logger: silentLogger() }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger: silentLogger() });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};

const DEFAULT_STROKE = 2.2;

interface SeriesStyle {
  readonly names: readonly string[];
  readonly colors: readonly string[];
  readonly dashes: readonly (readonly number[])[];
  readonly widths: readonly number[];
}

const styleFor = (series: readonly { name: string; dash?: Dash; color?: string; width?: number }[]): SeriesStyle => ({
  names: series.map((s) => s.name),
  colors: series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]),
  dashes: series.map((s, i) => DASH_PATTERNS[s.dash ?? DASH_ORDER[i % DASH_ORDER.length]]),
  widths: series.map((s) => s.width ?? DEFAULT_STROKE),
});

const paddedDomain = (values: readonly number[], scale: "linear" | "log", include: readonly number[] = []): [number, number] => {
  const all = [...values, ...include];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (scale === "log") {
    if (lo === hi) return [lo / 2, hi * 2];
    const f = Math.pow(hi / lo, 0.04);
    return [lo / f, hi * f];
  }
  if (lo === hi) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  return [lo, hi];
};

const xExtent = (series: readonly { x: readonly number[] }[]): [number, number] => {
  const xs = series.flatMap((s) => s.x);
  return [Math.min(...xs), Math.max(...xs)];
};

// ---------------------------------------------------------------------------------------------
// Labels of horizontal reference lines: placed where no data is, or moved into the legend

/** The plot area a label is placed in: scales and size in px. */
export interface PlotFrame {
  readonly xScale: "linear" | "log";
  readonly yScale?: "linear" | "log";
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly width: number;
  readonly height: number;
}

/** A label's box in px inside the plot area (x to the right, y downwards, origin top left). */
export interface LabelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Where a reference line's label goes: a box next to the line, or (box null) the legend. */
export interface RuleLabelSpot {
  readonly label: string;
  readonly y: number;
  readonly box: LabelBox | null;
  /** Smallest distance [px] from the box to any data, other line or label (Infinity when none). */
  readonly clearance: number;
}

const LABEL_FONT_SIZE = 12;
const LABEL_HEIGHT = 15; // px: ascent + descent of DejaVu Sans at 12 px, plus a pixel
const LABEL_GAP = 3; // px between the line and its label
const LABEL_INSET = 4; // px from the plot's left and right edges
/** A label closer than this [px] to a curve counts as covering it: it goes to the legend instead. */
export const MIN_LABEL_CLEARANCE = 5;
/** Clearances above this [px] count as equally good, so a label keeps to the ends of its line when it can. */
const CLEARANCE_CAP = 24;

const widthCache = new Map<string, number>();

/**
 * Width [px] of `text` in DejaVu Sans at `fontSize`, measured with resvg (the renderer of the
 * PNGs); 0.62 em per character when resvg cannot measure it.
 */
export const textWidth = (text: string, fontSize = LABEL_FONT_SIZE): number => {
  const key = `${fontSize}|${text}`;
  const cached = widthCache.get(key);
  if (cached !== undefined) return cached;
  const estimate = 0.62 * fontSize * text.length;
  let width = estimate;
  try {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(estimate * 2 + 40)}" height="${fontSize * 3}"><text x="10" y="${fontSize * 2}" font-size="${fontSize}" font-family="${FONT}">${escaped}</text></svg>`;
    const box = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT } }).getBBox();
    if (box !== undefined && Number.isFinite(box.width) && box.width > 0) width = box.width;
  } catch {
    // keep the estimate
  }
  widthCache.set(key, width + 2);
  return width + 2;
};

const toScreen = (frame: PlotFrame) => {
  const lin = (v: number, [a, b]: readonly [number, number], scale: "linear" | "log"): number =>
    scale === "log" ? (Math.log(v) - Math.log(a)) / (Math.log(b) - Math.log(a) || 1) : (v - a) / (b - a || 1);
  return {
    x: (x: number): number => lin(x, frame.xDomain, frame.xScale) * frame.width,
    y: (y: number): number => (1 - lin(y, frame.yDomain, frame.yScale ?? "linear")) * frame.height,
  };
};

/**
 * Every curve as points in px, sampled along its segments at most 2 px apart (in drawing order),
 * since a label box can sit between two data points of a sparse sweep.
 */
export const curveSamples = (rows: readonly { series: string; x: number; y: number }[], frame: PlotFrame): [number, number][] => {
  const at = toScreen(frame);
  const bySeries = new Map<string, [number, number][]>();
  for (const r of rows) {
    if (!Number.isFinite(r.x) || !Number.isFinite(r.y)) continue;
    if (frame.xScale === "log" && !(r.x > 0)) continue;
    if (frame.yScale === "log" && !(r.y > 0)) continue;
    const list = bySeries.get(r.series) ?? [];
    list.push([at.x(r.x), at.y(r.y)]);
    bySeries.set(r.series, list);
  }
  const out: [number, number][] = [];
  for (const pts of bySeries.values()) {
    pts.forEach((p, i) => {
      out.push(p);
      const q = pts[i + 1];
      if (q === undefined) return;
      const n = Math.min(2000, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / 2));
      for (let k = 1; k < n; k++) out.push([p[0] + ((q[0] - p[0]) * k) / n, p[1] + ((q[1] - p[1]) * k) / n]);
    });
  }
  return out;
};

const boxDistance = (b: LabelBox, px: number, py: number): number => {
  const dx = Math.max(b.x0 - px, 0, px - b.x1);
  const dy = Math.max(b.y0 - py, 0, py - b.y1);
  return Math.hypot(dx, dy);
};

const boxesDistance = (a: LabelBox, b: LabelBox): number => {
  const dx = Math.max(a.x0 - b.x1, 0, b.x0 - a.x1);
  const dy = Math.max(a.y0 - b.y1, 0, b.y0 - a.y1);
  return Math.hypot(dx, dy);
};

/**
 * Places the label of each horizontal line (in order) next to its line, above or below it, at the
 * position with the largest distance to every curve, every other line and the labels placed
 * before it (distances above 24 px count as equal; then the right end, the left end, then the
 * rest). A label that cannot be placed at least `MIN_LABEL_CLEARANCE` px from everything gets
 * `box: null`: the chart puts it in the legend instead, so no label ever hides data.
 */
export const placeRuleLabels = (
  rows: readonly { series: string; x: number; y: number }[],
  rules: readonly { y: number; label: string }[],
  frame: PlotFrame,
): RuleLabelSpot[] => {
  const at = toScreen(frame);
  const samples = curveSamples(rows, frame);
  const lineYs = rules.map((r) => at.y(r.y));
  const placed: LabelBox[] = [];
  return rules.map((rule, ri): RuleLabelSpot => {
    if (rule.label === "") return { label: rule.label, y: rule.y, box: null, clearance: Infinity };
    const w = textWidth(rule.label);
    const ly = lineYs[ri];
    const candidates: (LabelBox & { readonly rank: number })[] = [];
    const right = frame.width - LABEL_INSET - w;
    const xs: number[] = [right, LABEL_INSET];
    for (let x = LABEL_INSET + 4; x < right; x += 4) xs.push(x);
    for (const above of [true, false]) {
      const y0 = above ? ly - LABEL_GAP - LABEL_HEIGHT : ly + LABEL_GAP;
      if (!(y0 >= 1 && y0 + LABEL_HEIGHT <= frame.height - 1)) continue;
      xs.forEach((x0, k) => {
        if (x0 < LABEL_INSET - 1e-9) return; // wider than the plot
        // preference: the right, then the left end above the line, the same below, then the rest
        const rank = k < 2 ? k + (above ? 0 : 2) : above ? 4 : 5;
        candidates.push({ x0, y0, x1: x0 + w, y1: y0 + LABEL_HEIGHT, rank });
      });
    }
    candidates.sort((a, b) => a.rank - b.rank);
    let best: { box: LabelBox; clearance: number } | null = null;
    for (const box of candidates) {
      let clearance = Infinity;
      for (const [px, py] of samples) {
        const d = boxDistance(box, px, py);
        if (d < clearance) clearance = d;
        if (clearance < MIN_LABEL_CLEARANCE) break;
      }
      lineYs.forEach((y, k) => {
        if (k !== ri && Number.isFinite(y)) clearance = Math.min(clearance, Math.max(box.y0 - y, 0, y - box.y1));
      });
      for (const p of placed) clearance = Math.min(clearance, boxesDistance(box, p));
      if (clearance < MIN_LABEL_CLEARANCE) continue;
      if (best === null || Math.min(clearance, CLEARANCE_CAP) > Math.min(best.clearance, CLEARANCE_CAP)) best = { box, clearance };
      if (best.clearance >= CLEARANCE_CAP) break;
    }
    if (best === null) return { label: rule.label, y: rule.y, box: null, clearance: 0 };
    const { x0, y0, x1, y1 } = best.box;
    placed.push({ x0, y0, x1, y1 });
    return { label: rule.label, y: rule.y, box: { x0, y0, x1, y1 }, clearance: best.clearance };
  });
};

// ---------------------------------------------------------------------------------------------
// The vega-lite spec

interface Rule {
  readonly y: number;
  readonly label: string;
  readonly dash: readonly number[];
  readonly color: string;
}

interface Layout {
  readonly title: string;
  readonly subtitle: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale: "linear" | "log";
  readonly yScale: "linear" | "log";
  readonly xDomain: [number, number];
  readonly yDomain: [number, number];
  readonly xTicks: readonly number[];
  readonly yTicks?: readonly number[];
  readonly rows: readonly { series: string; x: number; y: number; i: number }[];
  readonly style: SeriesStyle;
  readonly rules: readonly Rule[];
  readonly rightAxis?: { title: string; ticks: readonly { y: number; label: string }[] };
  readonly topAxis?: { title: string; labels: readonly string[] };
}

/**
 * Word-wraps caption lines to about `widthPx` (DejaVu Sans 12 px: ~6.8 px per character); a chart
 * wraps its subtitle to its width + 80 px. An empty line stays (as a blank line: callers use it
 * to give charts shown side by side the same caption height). Wrapping twice changes nothing.
 */
export const wrapCaption = (lines: readonly string[], widthPx: number): string[] => {
  const max = Math.max(30, Math.floor(widthPx / 6.8));
  const out: string[] = [];
  for (const line of lines) {
    let current = "";
    // "T_W = 300 K" stays on one line: the spaces around "=" do not break
    for (const word of line.replace(/ = /g, "\u00a0=\u00a0").split(/[ \t\n]+/).filter((w) => w !== "")) {
      if (current !== "" && current.length + 1 + word.length > max) {
        out.push(current);
        current = word;
      } else current = current === "" ? word : `${current} ${word}`;
    }
    out.push(current === "" ? " " : current);
  }
  return out;
};

/** The width [px] a chart of plot width `width` wraps its caption to. */
export const captionWidth = (width = 640): number => width + 80;

const captionLines = (subtitle: string | readonly string[] | undefined): string[] =>
  subtitle === undefined ? [] : typeof subtitle === "string" ? [subtitle] : [...subtitle];

const buildSpec = (l: Layout): Record<string, unknown> => {
  const x = (axis: Record<string, unknown> | null) => ({
    field: "x",
    type: "quantitative",
    scale: { type: l.xScale, domain: l.xDomain, nice: false, ...(l.xScale === "linear" ? { zero: false } : {}) },
    axis,
  });
  const y = (axis: Record<string, unknown> | null) => ({
    field: "y",
    type: "quantitative",
    scale: { type: l.yScale, domain: l.yDomain, nice: false, ...(l.yScale === "linear" ? { zero: false } : {}) },
    axis,
  });
  const frame: PlotFrame = { xScale: l.xScale, yScale: l.yScale, xDomain: l.xDomain, yDomain: l.yDomain, width: l.width, height: l.height };
  const spots = placeRuleLabels(l.rows, l.rules, frame);
  // Lines whose label found no free place are drawn as legend entries (a horizontal series).
  const inLegend = l.rules.filter((r, k) => r.label !== "" && spots[k].box === null && !l.style.names.includes(r.label));
  const rows = [
    ...l.rows,
    ...inLegend.flatMap((r) => [
      { series: r.label, x: l.xDomain[0], y: r.y, i: 0 },
      { series: r.label, x: l.xDomain[1], y: r.y, i: 1 },
    ]),
  ];
  const style: SeriesStyle = {
    names: [...l.style.names, ...inLegend.map((r) => r.label)],
    colors: [...l.style.colors, ...inLegend.map((r) => r.color)],
    dashes: [...l.style.dashes, ...inLegend.map((r) => r.dash)],
    widths: [...l.style.widths, ...inLegend.map(() => 1.4)],
  };
  // Drawing order: thin reference curves (T_env) first, then solid curves, then dashed ones, then the
  // reference lines moved into the legend, so that curves lying on each other (the literal model's
  // qubits on their T_env, theta_1 on tau_1) all stay visible.
  const drawingClass = (series: string): number => {
    const k = style.names.indexOf(series);
    if (k >= l.style.names.length) return 3;
    return style.widths[k] < DEFAULT_STROKE ? 0 : style.dashes[k] === DASH_PATTERNS.solid ? 1 : 2;
  };
  const columns = style.names.length <= 3 ? style.names.length : 2;
  const legend = { title: null, orient: "bottom", direction: "horizontal", columns };
  const xAxis = { title: l.xLabel, values: l.xTicks, labelExpr: labelExpression(l.xTicks, formatTicks(l.xTicks)), labelFlush: true };
  const yAxis: Record<string, unknown> = { title: l.yLabel, labelFlush: true };
  if (l.yTicks) Object.assign(yAxis, { values: l.yTicks, labelExpr: labelExpression(l.yTicks, formatTicks(l.yTicks)) });
  const layers: Record<string, unknown>[] = [];
  // reference lines first, so that the curves are drawn over them
  l.rules.forEach((r, k) => {
    if (inLegend.includes(r)) return;
    layers.push({
      data: { values: [{ y: r.y }] },
      mark: { type: "rule", strokeDash: r.dash, color: r.color, strokeWidth: 1.4 },
      encoding: { y: y(null) },
    });
    const box = spots[k].box;
    if (box === null) return;
    // A white outline first (a halo: the label is clear of the curves, this only smooths grid
    // lines), then the label itself, left-aligned in its box.
    const text = { type: "text", align: "left", baseline: "middle", fontSize: LABEL_FONT_SIZE, font: FONT, x: box.x0 + 1, y: (box.y0 + box.y1) / 2 };
    for (const paint of [{ stroke: "white", strokeWidth: 4, strokeJoin: "round", fill: "white" }, { fill: r.color }]) {
      layers.push({ data: { values: [{ label: r.label }] }, mark: { ...text, ...paint }, encoding: { text: { field: "label" } } });
    }
  });
  // One layer per drawing class (layers are drawn in order; within one layer vega orders the lines by
  // the scale domain), all on the same scales, so the legend is one.
  const classes = [0, 1, 2, 3].map((z) => rows.filter((r) => drawingClass(r.series) === z)).filter((c) => c.length > 0);
  classes.forEach((values, c) => layers.push({
    data: { values },
    mark: { type: "line", clip: true, strokeCap: "butt", interpolate: "linear" },
    encoding: {
      x: x(c === 0 ? xAxis : null),
      y: y(c === 0 ? yAxis : null),
      color: { field: "series", type: "nominal", sort: style.names, scale: { domain: style.names, range: style.colors }, legend },
      strokeDash: { field: "series", type: "nominal", sort: style.names, scale: { domain: style.names, range: style.dashes }, legend },
      strokeWidth: { field: "series", type: "nominal", sort: style.names, scale: { type: "ordinal", domain: style.names, range: style.widths }, legend },
      detail: { field: "series", type: "nominal" },
      order: { field: "i", type: "quantitative" },
    },
  }));
  if (l.rightAxis) {
    const ticks = l.rightAxis.ticks;
    layers.push({
      data: { values: ticks.map((t) => ({ y: t.y })) },
      mark: { type: "point", opacity: 0 },
      encoding: {
        y: y({
          orient: "right",
          title: l.rightAxis.title,
          grid: false,
          values: ticks.map((t) => t.y),
          labelExpr: labelExpression(ticks.map((t) => t.y), ticks.map((t) => t.label)),
          labelFlush: true,
        }),
      },
    });
  }
  if (l.topAxis) {
    layers.push({
      data: { values: l.xTicks.map((v) => ({ x: v })) },
      mark: { type: "point", opacity: 0 },
      encoding: {
        x: x({ orient: "top", title: l.topAxis.title, grid: false, values: l.xTicks, labelExpr: labelExpression(l.xTicks, l.topAxis.labels), labelFlush: true }),
      },
    });
  }
  const subtitle = wrapCaption(l.subtitle, captionWidth(l.width));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle.length > 0 ? { text: l.title, subtitle } : l.title,
    width: l.width,
    height: l.height,
    config: CONFIG,
    layer: layers,
    resolve: { scale: { x: "shared", y: "shared" }, axis: { x: "independent", y: "independent" } },
  };
};

const rowsOf = (series: readonly { name: string; x: readonly number[] }[], ys: readonly (readonly number[])[]) =>
  series.flatMap((s, k) => s.x.map((x, i) => ({ series: s.name, x, y: ys[k][i], i })));

/**
 * Tick values clamped into the domain: logTicks keeps a tick within a relative 1e-9 of an end (the
 * grid 0.1um:100um ends at 99.99999999999999 um), but vega drops any tick outside the domain, which
 * lost the "100" label of `qthermo teff --plot`.
 */
const ticksFor = (scale: "linear" | "log", [lo, hi]: [number, number], target = 7): number[] =>
  (scale === "log" ? logTicks(lo, hi) : linearTicks(lo, hi, target)).map((v) => Math.min(Math.max(v, lo), hi));

const lineLayout = (chart: LineChart): Layout => {
  const checked = validateLineChart(chart);
  if (E.isLeft(checked)) throw new PlotInputError(checked.left.message);
  const xScale = chart.xScale ?? "linear";
  const yScale = chart.yScale ?? "linear";
  const [x0, x1] = xExtent(chart.series);
  const xDomain: [number, number] = x0 === x1 ? paddedDomain([x0], xScale) : [x0, x1];
  const hLines = (chart.hLines ?? []).filter((h) => yScale === "linear" || h.y > 0);
  const yDomain = paddedDomain(chart.series.flatMap((s) => s.y), yScale, hLines.map((h) => h.y));
  return {
    title: chart.title,
    subtitle: captionLines(chart.subtitle),
    width: chart.width ?? 640,
    height: chart.height ?? 400,
    xLabel: chart.xLabel,
    yLabel: chart.yLabel,
    xScale,
    yScale,
    xDomain,
    yDomain,
    xTicks: ticksFor(xScale, xDomain),
    yTicks: yScale === "log" ? logTicks(yDomain[0], yDomain[1]) : undefined,
    rows: rowsOf(chart.series, chart.series.map((s) => s.y)),
    style: styleFor(chart.series),
    rules: hLines.map((h) => ({ y: h.y, label: h.label, dash: [6, 4], color: "#666666" })),
  };
};

/** SVG of a line chart (rejects with a PlotInputError on invalid input). */
export const lineChartSvg = async (chart: LineChart): Promise<string> => toSvg(buildSpec(lineLayout(chart)));

/** -1/theta is plotted in units of 1e-3 / K so the left-axis labels stay short (e.g. -3.33 for 300 K). */
const INVERSE_THETA_UNIT = 1e3;

/** The label of the dashed zero line of a temperature chart. */
export const INVERSION_LABEL = "θ = ±∞ (inversion above)";

const temperatureLayout = (chart: TemperatureChart): Layout => {
  const checked = validateTemperatureChart(chart);
  if (E.isLeft(checked)) throw new PlotInputError(checked.left.message);
  const xScale = chart.xScale ?? "linear";
  const height = chart.height ?? 420;
  // -1/(+/-Infinity) is -0/+0: both map to the zero line, where theta = +/-infinity.
  const ys = chart.series.map((s) => s.theta.map((t) => (Number.isFinite(t) ? (-1 / t) * INVERSE_THETA_UNIT : 0)));
  const refs = (chart.referenceTemperatures ?? []).map((r) => ({
    y: Number.isFinite(r.theta) ? (-1 / r.theta) * INVERSE_THETA_UNIT : 0,
    label: r.label,
  }));
  const yDomain = paddedDomain(ys.flat(), "linear", [0, ...refs.map((r) => r.y)]);
  const [x0, x1] = xExtent(chart.series);
  const xDomain: [number, number] = x0 === x1 ? paddedDomain([x0], xScale) : [x0, x1];
  const xTicks = ticksFor(xScale, xDomain);
  const minGap = ((yDomain[1] - yDomain[0]) * 24) / height; // at least 24 px between right-axis labels
  return {
    title: chart.title,
    subtitle: captionLines(chart.subtitle),
    width: chart.width ?? 640,
    height,
    xLabel: chart.xLabel,
    yLabel: "−1/θ  (10⁻³ K⁻¹)",
    xScale,
    yScale: "linear",
    xDomain,
    yDomain,
    xTicks,
    rows: rowsOf(chart.series, ys),
    style: styleFor(chart.series),
    rules: [
      { y: 0, label: INVERSION_LABEL, dash: [6, 4], color: "#444444" },
      ...refs.map((r) => ({ y: r.y, label: r.label, dash: [2, 3], color: "#777777" })),
    ],
    rightAxis: { title: "θ  (K)", ticks: thetaTicks(yDomain[0], yDomain[1], INVERSE_THETA_UNIT, minGap) },
    topAxis: chart.topAxis ? { title: chart.topAxis.label, labels: formatTicks(xTicks.map((v) => chart.topAxis!.map(v))) } : undefined,
  };
};

/**
 * SVG of a temperature chart in the paper's style: -1/theta [1e-3/K] on the left, theta [K] on the
 * right at the same heights, a dashed zero line at theta = +/-infinity (the boundary of population
 * inversion: above it theta < 0).
 */
export const temperatureChartSvg = async (chart: TemperatureChart): Promise<string> => toSvg(buildSpec(temperatureLayout(chart)));

/**
 * Where a chart puts the labels of its reference lines (the computation the SVG uses), with the
 * curves sampled in px and the plot frame: for tests, and for callers that want to know whether a
 * label went into the legend (box null). Throws a PlotInputError on invalid input.
 */
export const chartLabelSpots = (
  chart: { kind: "line"; chart: LineChart } | { kind: "temperature"; chart: TemperatureChart },
): { spots: RuleLabelSpot[]; samples: [number, number][]; frame: PlotFrame } => {
  const l = chart.kind === "line" ? lineLayout(chart.chart) : temperatureLayout(chart.chart);
  const frame: PlotFrame = { xScale: l.xScale, yScale: l.yScale, xDomain: l.xDomain, yDomain: l.yDomain, width: l.width, height: l.height };
  return { spots: placeRuleLabels(l.rows, l.rules, frame), samples: curveSamples(l.rows, frame), frame };
};

/** PNG bytes of an SVG, rendered by resvg with DejaVu Sans; `scale` 2 gives sharp images. */
export const svgToPng = (svg: string, scale = 2): Uint8Array => {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 16)) throw new PlotInputError(`svgToPng: scale = ${scale}; use a number in (0, 16]`);
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
    background: "white",
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
};
