/**
 * Line charts as SVG (vega-lite spec -> vega View with renderer "none" -> toSVG) and PNG (resvg).
 * Two chart kinds: a general line chart, and the paper's temperature chart, which plots -1/theta
 * (finite through population inversion, where theta jumps from +infinity to -infinity) with a
 * second axis on the right labelled with theta itself.
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
}

export interface LineChart {
  readonly title: string;
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
}

export interface TemperatureChart {
  readonly title: string;
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
  title: { fontSize: 17, fontWeight: "bold", font: FONT, offset: 12 },
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

const styleFor = (series: readonly { name: string; dash?: Dash; color?: string }[]) => ({
  names: series.map((s) => s.name),
  colors: series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]),
  dashes: series.map((s, i) => DASH_PATTERNS[s.dash ?? DASH_ORDER[i % DASH_ORDER.length]]),
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

interface Layout {
  readonly title: string;
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
  readonly rows: readonly { series: string; x: number; y: number }[];
  readonly style: ReturnType<typeof styleFor>;
  readonly rules: readonly { y: number; label: string; dash: readonly number[]; color: string; placement?: LabelPlacement }[];
  readonly rightAxis?: { title: string; ticks: readonly { y: number; label: string }[] };
  readonly topAxis?: { title: string; labels: readonly string[] };
  readonly legendColumns: number;
}

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
  const xAxis = { title: l.xLabel, values: l.xTicks, labelExpr: labelExpression(l.xTicks, formatTicks(l.xTicks)), labelFlush: true };
  const yAxis: Record<string, unknown> = { title: l.yLabel, labelFlush: true };
  if (l.yTicks) Object.assign(yAxis, { values: l.yTicks, labelExpr: labelExpression(l.yTicks, formatTicks(l.yTicks)) });
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: "line", clip: true, strokeWidth: 2.2, strokeCap: "butt", interpolate: "linear" },
      encoding: {
        x: x(xAxis),
        y: y(yAxis),
        color: {
          field: "series",
          type: "nominal",
          sort: l.style.names,
          scale: { domain: l.style.names, range: l.style.colors },
          legend: { title: null, orient: "bottom", direction: "horizontal", columns: l.legendColumns },
        },
        strokeDash: {
          field: "series",
          type: "nominal",
          sort: l.style.names,
          scale: { domain: l.style.names, range: l.style.dashes },
          legend: { title: null, orient: "bottom", direction: "horizontal", columns: l.legendColumns },
        },
        detail: { field: "series", type: "nominal" },
        order: { field: "i", type: "quantitative" },
      },
    },
  ];
  for (const r of l.rules) {
    layers.push({
      data: { values: [{ y: r.y }] },
      mark: { type: "rule", strokeDash: r.dash, color: r.color, strokeWidth: 1.4 },
      encoding: { y: y(null) },
    });
    if (r.label) {
      // Drawn twice: a thick white outline first (a halo that keeps the label readable over the
      // curves), then the label itself.
      const at = r.placement ?? { side: "right", above: true };
      const text = {
        type: "text",
        align: at.side,
        baseline: at.above ? "bottom" : "top",
        dx: at.side === "right" ? -4 : 4,
        dy: at.above ? -3 : 3,
        fontSize: 12,
        font: FONT,
        x: { expr: at.side === "right" ? "width" : "0" },
      };
      for (const paint of [{ stroke: "white", strokeWidth: 4, strokeJoin: "round", fill: "white" }, { fill: r.color }]) {
        layers.push({
          data: { values: [{ y: r.y, label: r.label }] },
          mark: { ...text, ...paint },
          encoding: { y: y(null), text: { field: "label" } },
        });
      }
    }
  }
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
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: l.title,
    width: l.width,
    height: l.height,
    config: CONFIG,
    data: { values: l.rows },
    layer: layers,
    resolve: { scale: { x: "shared", y: "shared" }, axis: { x: "independent", y: "independent" } },
  };
};

/**
 * One legend row for up to three series, then two columns. (Without a canvas vega estimates text
 * widths generously, so wider legends overrun the plot.)
 */
const legendColumns = (n: number): number => (n <= 3 ? n : 2);

const rowsOf = (series: readonly { name: string; x: readonly number[] }[], ys: readonly (readonly number[])[]) =>
  series.flatMap((s, k) => s.x.map((x, i) => ({ series: s.name, x, y: ys[k][i], i })));

/**
 * Tick values clamped into the domain: logTicks keeps a tick within a relative 1e-9 of an end (the
 * grid 0.1um:100um ends at 99.99999999999999 um), but vega drops any tick outside the domain, which
 * lost the "100" label of `qthermo teff --plot`.
 */
const ticksFor = (scale: "linear" | "log", [lo, hi]: [number, number], target = 7): number[] =>
  (scale === "log" ? logTicks(lo, hi) : linearTicks(lo, hi, target)).map((v) => Math.min(Math.max(v, lo), hi));

/** SVG of a line chart (rejects with a PlotInputError on invalid input). */
export const lineChartSvg = async (chart: LineChart): Promise<string> => {
  const checked = validateLineChart(chart);
  if (E.isLeft(checked)) throw new PlotInputError(checked.left.message);
  const xScale = chart.xScale ?? "linear";
  const yScale = chart.yScale ?? "linear";
  const [x0, x1] = xExtent(chart.series);
  const xDomain: [number, number] = x0 === x1 ? paddedDomain([x0], xScale) : [x0, x1];
  const yDomain = paddedDomain(
    chart.series.flatMap((s) => s.y),
    yScale,
    (chart.hLines ?? []).map((h) => h.y).filter((v) => yScale === "linear" || v > 0),
  );
  const spec = buildSpec({
    title: chart.title,
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
    rules: (chart.hLines ?? []).map((h) => ({ y: h.y, label: h.label, dash: [6, 4], color: "#666666" })),
    legendColumns: legendColumns(chart.series.length),
  });
  return toSvg(spec);
};

/** Where a horizontal rule's label sits: at the right or left end of the plot, above or below the rule. */
export interface LabelPlacement {
  readonly side: "right" | "left";
  readonly above: boolean;
}

/**
 * The label position (right-above first, then left-above, right-below, left-below) whose box
 * (`labelWidthPx` x 16 px next to the rule at `ruleY`) the curves cross least, so the label's white
 * halo does not hide data (e.g. theta_4 near alpha = pi/2 in Fig. 5). Each curve is sampled along its
 * segments, since sparse sweeps cross the box between points.
 */
export const chooseLabelPlacement = (
  rows: readonly { series: string; x: number; y: number }[],
  ruleY: number,
  frame: { xScale: "linear" | "log"; xDomain: readonly [number, number]; yDomain: readonly [number, number]; width: number; height: number },
  labelWidthPx: number,
): LabelPlacement => {
  const fx = (x: number): number =>
    frame.xScale === "log"
      ? ((Math.log(x) - Math.log(frame.xDomain[0])) / (Math.log(frame.xDomain[1]) - Math.log(frame.xDomain[0]))) * frame.width
      : ((x - frame.xDomain[0]) / (frame.xDomain[1] - frame.xDomain[0] || 1)) * frame.width;
  const fy = (y: number): number => ((y - frame.yDomain[0]) / (frame.yDomain[1] - frame.yDomain[0] || 1)) * frame.height;
  const rulePx = fy(ruleY);
  const boxHeightPx = 16;
  const candidates: readonly LabelPlacement[] = [
    { side: "right", above: true },
    { side: "left", above: true },
    { side: "right", above: false },
    { side: "left", above: false },
  ];
  const points: [number, number][] = [];
  const bySeries = new Map<string, { x: number; y: number }[]>();
  for (const r of rows) if (Number.isFinite(r.x) && Number.isFinite(r.y)) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  for (const pts of bySeries.values()) {
    const sorted = [...pts].sort((a, b) => a.x - b.x);
    sorted.forEach((p, i) => {
      const q = sorted[i + 1];
      if (q === undefined) return points.push([fx(p.x), fy(p.y)]);
      const samples = 8;
      for (let k = 0; k < samples; k++) {
        const t = k / samples;
        points.push([fx(p.x) + t * (fx(q.x) - fx(p.x)), fy(p.y) + t * (fy(q.y) - fy(p.y))]);
      }
    });
  }
  const hits = (c: LabelPlacement): number =>
    points.filter(([px, py]) => {
      const inX = c.side === "right" ? px >= frame.width - labelWidthPx - 6 : px <= labelWidthPx + 6;
      const inY = c.above ? py >= rulePx && py <= rulePx + boxHeightPx : py <= rulePx && py >= rulePx - boxHeightPx;
      return inX && inY;
    }).length;
  return candidates.reduce((best, c) => (hits(c) < hits(best) ? c : best), candidates[0]);
};

/** -1/theta is plotted in units of 1e-3 / K so the left-axis labels stay short (e.g. -3.33 for 300 K). */
const INVERSE_THETA_UNIT = 1e3;

/**
 * SVG of a temperature chart in the paper's style: -1/theta [1e-3/K] on the left, theta [K] on the
 * right at the same heights, a dashed zero line at theta = +/-infinity (the boundary of population
 * inversion: above it theta < 0).
 */
export const temperatureChartSvg = async (chart: TemperatureChart): Promise<string> => {
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
  const rows = rowsOf(chart.series, ys);
  const width = chart.width ?? 640;
  const inversionLabel = "θ = ±∞  (inversion above)";
  // ~6.6 px per character of DejaVu Sans at 12 px
  const inversionPlacement = chooseLabelPlacement(rows, 0, { xScale, xDomain, yDomain, width, height }, inversionLabel.length * 6.6);
  const spec = buildSpec({
    title: chart.title,
    width,
    height,
    xLabel: chart.xLabel,
    yLabel: "−1/θ  (10⁻³ K⁻¹)",
    xScale,
    yScale: "linear",
    xDomain,
    yDomain,
    xTicks,
    rows,
    style: styleFor(chart.series),
    rules: [
      { y: 0, label: inversionLabel, dash: [6, 4], color: "#444444", placement: inversionPlacement },
      ...refs.map((r) => ({ y: r.y, label: r.label, dash: [2, 3], color: "#777777" })),
    ],
    rightAxis: { title: "θ  (K)", ticks: thetaTicks(yDomain[0], yDomain[1], INVERSE_THETA_UNIT, minGap) },
    topAxis: chart.topAxis ? { title: chart.topAxis.label, labels: formatTicks(xTicks.map((v) => chart.topAxis!.map(v))) } : undefined,
    legendColumns: legendColumns(chart.series.length),
  });
  return toSvg(spec);
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
