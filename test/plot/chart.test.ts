import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  chartLabelSpots,
  curveSamples,
  formatTicks,
  INVERSION_LABEL,
  MIN_LABEL_CLEARANCE,
  placeRuleLabels,
  QUBIT_COLORS,
  REFERENCE_CURVE,
  wrapCaption,
  type LabelBox,
  type PlotFrame,
  lineChartSvg,
  linearTicks,
  logTicks,
  PlotInputError,
  svgToPng,
  temperatureChartSvg,
  thetaTicks,
  validateTemperatureChart,
} from "../../src/plot/chart.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const wellFormed = (svg: string) => {
  assert.ok(svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>"), "one <svg> root");
  assert.ok(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg), "SVG namespace");
  // resvg parses the XML strictly: rendering succeeds only for a well-formed document.
  const png = svgToPng(svg, 1);
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
};

test("line chart: well-formed SVG with series names, axis titles and h-line labels; PNG signature", async () => {
  const x = [0.1, 1, 10, 100];
  const svg = await lineChartSvg({
    title: "T_eff versus height",
    xLabel: "z (um)",
    yLabel: "T_eff (K)",
    xScale: "log",
    series: [
      { name: "in-plane dipole", x, y: [340, 320, 305, 300.5] },
      { name: "normal dipole", x, y: [390, 360, 320, 301], dash: "dashed", color: "#D55E00" },
    ],
    hLines: [{ y: 300, label: "T_W = 300 K" }],
  });
  wellFormed(svg);
  for (const text of ["T_eff versus height", "z (um)", "T_eff (K)", "in-plane dipole", "normal dipole", "T_W = 300 K"]) {
    assert.ok(svg.includes(text), `SVG contains "${text}"`);
  }
  assert.ok(svg.includes('stroke-dasharray="9,5"'), "the dashed series is dashed");
});

test("line chart refuses NaN, infinities, mismatched lengths, log axes with x <= 0, duplicate names", async () => {
  const base = { title: "t", xLabel: "x", yLabel: "y" };
  const bad = [
    { ...base, series: [{ name: "a", x: [1, 2], y: [1, Number.NaN] }] },
    { ...base, series: [{ name: "a", x: [1, 2], y: [1, Number.POSITIVE_INFINITY] }] },
    { ...base, series: [{ name: "a", x: [1, 2, 3], y: [1, 2] }] },
    { ...base, xScale: "log" as const, series: [{ name: "a", x: [0, 1], y: [1, 2] }] },
    { ...base, yScale: "log" as const, series: [{ name: "a", x: [1, 2], y: [-1, 2] }] },
    { ...base, series: [{ name: "a", x: [1], y: [1] }, { name: "a", x: [1], y: [2] }] },
    { ...base, series: [] },
  ];
  for (const chart of bad) {
    await assert.rejects(lineChartSvg(chart), (err: unknown) => err instanceof PlotInputError && err.kind === "PlotError" && err.message.length > 10);
  }
  await assert.rejects(lineChartSvg(bad[0]), /NaN/);
});

test("temperature chart: -1/theta with theta = +/-infinity on the zero line, negative theta above it; right axis in kelvin", async () => {
  const x = [0, 1, 2, 3, 4];
  const svg = await temperatureChartSvg({
    title: "qubit temperatures",
    xLabel: "phi (rad)",
    series: [
      { name: "qubit 1", x, theta: [350, 1000, Number.POSITIVE_INFINITY, -1190, -2000], dash: "solid" },
      { name: "qubit 2", x, theta: [340, 500, Number.NEGATIVE_INFINITY, 6700, 400], dash: "longdash" },
    ],
    topAxis: { label: "r phi (um)", map: (p) => 75 * p },
    referenceTemperatures: [{ theta: 300, label: "T_W" }],
  });
  wellFormed(svg);
  for (const text of ["qubit temperatures", "phi (rad)", "qubit 1", "qubit 2", "r phi (um)", "θ  (K)", "−1/θ", "∞"]) {
    assert.ok(svg.includes(text), `SVG contains "${text}"`);
  }
  // Top-axis labels are the mapped bottom ticks (75 * 1 = 75, 75 * 2 = 150).
  assert.ok(svg.includes(">75<") && svg.includes(">150<"));
});

test("temperature chart refuses NaN and theta = 0 with an error naming the series", async () => {
  const nan = { title: "t", xLabel: "x", series: [{ name: "q9", x: [0, 1], theta: [300, Number.NaN] }] };
  await assert.rejects(temperatureChartSvg(nan), /q9.*NaN/);
  const zero = { title: "t", xLabel: "x", series: [{ name: "q1", x: [0, 1], theta: [300, 0] }] };
  await assert.rejects(temperatureChartSvg(zero), /0 K/);
  assert.ok(E.isLeft(validateTemperatureChart(nan)));
  assert.ok(E.isRight(validateTemperatureChart({ ...nan, series: [{ name: "q", x: [0, 1], theta: [300, -Infinity] }] })));
});

test("theta ticks: inside the range, apart by the minimum gap, infinity at y = 0, labels invert -1/theta", () => {
  fc.assert(
    fc.property(fc.double({ min: -5, max: -0.05, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), (lo, hi, gap) => {
      const ticks = thetaTicks(lo, hi, 1e3, gap);
      assert.ok(ticks.some((t) => t.y === 0 && t.label === "∞"), "infinity tick");
      for (const [i, t] of ticks.entries()) {
        assert.ok(t.y >= lo && t.y <= hi);
        if (i > 0) assert.ok(t.y - ticks[i - 1].y >= gap - 1e-12);
        if (t.y !== 0) {
          const theta = Number(t.label.replace("−", "-"));
          assert.ok(Math.abs((-1 / theta) * 1e3 - t.y) < 1e-9, `${t.label} at ${t.y}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test("linear and log ticks lie in their range and are evenly spaced / decades", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (lo, width) => {
      const ticks = linearTicks(lo, lo + width);
      assert.ok(ticks.length >= 2 && ticks.length <= 13, `${ticks.length} ticks`);
      const slack = width * 1e-9 + 1e-14 * Math.abs(lo); // double resolution at this magnitude
      for (const t of ticks) assert.ok(t >= lo - slack && t <= lo + width + slack);
      const step = ticks[1] - ticks[0];
      // Spacing equal up to the step's rounding and the double resolution at the tick's magnitude.
      for (let i = 2; i < ticks.length; i++) assert.ok(Math.abs(ticks[i] - ticks[i - 1] - step) <= 1e-6 * step + 1e-14 * Math.abs(ticks[i]));
      const labels = formatTicks(ticks);
      assert.equal(new Set(labels).size, labels.length, `distinct labels ${labels.join(" ")}`);
    }),
    { numRuns: 200 },
  );
  assert.deepEqual(logTicks(1e-3, 1e3), [1e-3, 1e-2, 0.1, 1, 10, 100, 1000]);
  assert.deepEqual(logTicks(0.1, 100), [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
  assert.deepEqual(logTicks(1, 10), [1, 2, 5, 10]);
});

const distanceToBox = (b: LabelBox, [px, py]: [number, number]): number =>
  Math.hypot(Math.max(b.x0 - px, 0, px - b.x1), Math.max(b.y0 - py, 0, py - b.y1));

/** The property every placed label must have: inside the plot, clear of every curve sample and of the other labels. */
const assertClear = (spots: ReturnType<typeof placeRuleLabels>, samples: [number, number][], frame: PlotFrame): void => {
  const boxes = spots.map((s) => s.box).filter((b): b is LabelBox => b !== null);
  for (const b of boxes) {
    assert.ok(b.x0 >= 0 && b.x1 <= frame.width && b.y0 >= 0 && b.y1 <= frame.height, `box ${JSON.stringify(b)} inside the plot`);
    const nearest = Math.min(...samples.map((p) => distanceToBox(b, p)));
    assert.ok(nearest >= MIN_LABEL_CLEARANCE, `a data point ${nearest.toFixed(2)} px from the label box ${JSON.stringify(b)}`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      assert.ok(a.x1 < b.x0 || b.x1 < a.x0 || a.y1 < b.y0 || b.y1 < a.y0, "label boxes do not overlap");
    }
  }
};

test("placeRuleLabels: right end above the line on an empty plot; elsewhere when a curve runs there; legend when no place is free", () => {
  const frame: PlotFrame = { xScale: "linear", xDomain: [0, 1], yDomain: [-1, 1], width: 600, height: 400 };
  const rule = [{ y: 0, label: INVERSION_LABEL }];
  const [empty] = placeRuleLabels([], rule, frame);
  assert.ok(empty.box !== null && Math.abs(empty.box.x1 - 596) < 1e-9 && empty.box.y1 <= 200, `right end, above: ${JSON.stringify(empty.box)}`);
  // a curve just above the line on the right half (two points only: the segment itself must count)
  const rightAbove = [{ series: "a", x: 0.5, y: 0.02 }, { series: "a", x: 1, y: 0.02 }];
  const [ra] = placeRuleLabels(rightAbove, rule, frame);
  assert.ok(ra.box !== null && ra.box.x1 < 300, `left of the curve: ${JSON.stringify(ra.box)}`);
  // a curve just above the line everywhere: the label goes below it
  const allAbove = [{ series: "a", x: 0, y: 0.02 }, { series: "a", x: 1, y: 0.02 }];
  const [aa] = placeRuleLabels(allAbove, rule, frame);
  assert.ok(aa.box !== null && aa.box.y0 > 200, `below the line: ${JSON.stringify(aa.box)}`);
  // a curve crossing the line every 0.1 (the paper's Fig. 4): nowhere free, so the label goes into the legend
  const x = Array.from({ length: 400 }, (_, i) => i / 399);
  const wiggle = x.map((v) => ({ series: "a", x: v, y: 0.5 * Math.sin(20 * Math.PI * v) }));
  const [w] = placeRuleLabels(wiggle, rule, frame);
  assert.equal(w.box, null);
  for (const rows of [rightAbove, allAbove, wiggle]) assertClear(placeRuleLabels(rows, rule, frame), curveSamples(rows, frame), frame);
});

test("placeRuleLabels (property): no label box overlaps a data point or another label, for random curves and lines", () => {
  const frame: PlotFrame = { xScale: "linear", xDomain: [0, 10], yDomain: [-3, 3], width: 640, height: 420 };
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 40 }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.double({ min: -2.8, max: 2.8, noNaN: true }), { minLength: 1, maxLength: 3 }),
      (curves, lines) => {
        const rows = curves.flatMap((ys, k) => ys.map((y, i) => ({ series: `s${k}`, x: (10 * i) / (ys.length - 1), y })));
        const rules = lines.map((y, k) => ({ y, label: `line ${k} = ${y.toFixed(2)} K` }));
        assertClear(placeRuleLabels(rows, rules, frame), curveSamples(rows, frame), frame);
      },
    ),
    { numRuns: 150 },
  );
});

test("charts: the inversion label and T_W sit where no data is (Fig. 4-like and teff-like charts), or in the legend", async () => {
  // Fig. 4-like: curves cross the zero line all along: the label moves into the legend, and the legend has it
  const phi = Array.from({ length: 360 }, (_, k) => ((k + 0.5) * 2 * Math.PI) / 360);
  const fig4 = {
    title: "Fig. 4-like",
    xLabel: "φ (rad)",
    series: [
      { name: "θ₁", x: phi, theta: phi.map((p) => -1 / (0.0006 * Math.sin(3 * p) - 0.0002)) },
      { name: "θ₂", x: phi, theta: phi.map((p) => -1 / (0.0005 * Math.cos(4 * p) - 0.0001)) },
      { name: "T_env (all qubits)", x: phi, theta: phi.map(() => 350), ...REFERENCE_CURVE },
    ],
  };
  const f4 = chartLabelSpots({ kind: "temperature", chart: fig4 });
  assertClear(f4.spots, f4.samples, f4.frame);
  assert.equal(f4.spots[0].box, null);
  const svg4 = await temperatureChartSvg(fig4);
  assert.ok(svg4.includes(INVERSION_LABEL), "the inversion line is in the legend");
  // teff-like: T_eff falls from 900 K to just above T_W = 300 K; the label goes where the curves are not (small z, above the line)
  const z = Array.from({ length: 200 }, (_, i) => 0.1 * Math.pow(1000, i / 199));
  const teff = {
    title: "teff-like",
    xLabel: "z (µm)",
    yLabel: "T_eff (K)",
    xScale: "log" as const,
    series: [
      { name: "dipole x (in-plane)", x: z, y: z.map((v) => 308 + 592 / (1 + (v / 0.7) ** 4)) },
      { name: "dipole z (normal)", x: z, y: z.map((v) => 302 + 598 / (1 + (v / 0.9) ** 4)), dash: "dashed" as const },
    ],
    hLines: [{ y: 300, label: "T_W = 300 K" }],
  };
  const tf = chartLabelSpots({ kind: "line", chart: teff });
  assertClear(tf.spots, tf.samples, tf.frame);
  const box = tf.spots[0].box;
  assert.ok(box !== null && box.x1 < tf.frame.width / 2, `T_W label on the left: ${JSON.stringify(box)}`);
});

test("series stroke width and caption: thin reference curves, the options line as subtitle, wrapped to the chart", async () => {
  const x = [0, 1, 2];
  const caption = ["model: preset=paper farIRLoss=Im eps 0.016 at 8.100e+12 rad/s (linear) lambdaScale=1000 collective=on dipoles=equal-magnitude", "environment: slab, T_S = 900 K, T_W = 300 K"];
  const svg = await temperatureChartSvg({
    title: "t",
    subtitle: caption,
    xLabel: "x",
    series: [
      { name: "θ₁", x, theta: [300, 320, 340], color: QUBIT_COLORS[0] },
      { name: "T_env (all qubits)", x, theta: [310, 310, 310], ...REFERENCE_CURVE },
    ],
  });
  wellFormed(svg);
  assert.ok(svg.includes(`stroke-width="${REFERENCE_CURVE.width}"`), "the T_env curve is thin");
  assert.ok(svg.includes("lambdaScale=1000") && svg.includes("preset=paper"), "the options are in the caption");
  const wrapped = wrapCaption(caption, 720);
  assert.ok(wrapped.length >= 3 && wrapped.every((l) => l.length <= 720 / 6.8), wrapped.join("|"));
  assert.deepEqual(wrapCaption(wrapped, 720), wrapped, "wrapping twice changes nothing");
  assert.ok(wrapped.some((l) => l.includes("T_S\u00a0=\u00a0900 K")), "T_S = 900 K stays on one line");
  assert.ok(!QUBIT_COLORS.includes(REFERENCE_CURVE.color), "no qubit is drawn in the T_env grey");
});

test("a log x axis whose data end a rounding error short of a decade still labels that decade", async () => {
  const x = Array.from({ length: 50 }, (_, i) => 0.1 * Math.pow(1000, i / 49) * (1 - 1e-15));
  const svg = await lineChartSvg({ title: "t", xLabel: "z (um)", yLabel: "T (K)", xScale: "log", series: [{ name: "a", x, y: x.map((v) => 300 + v) }] });
  assert.ok(x[x.length - 1] < 100);
  assert.match(svg, />100<\/text>/);
  assert.match(svg, />0\.1<\/text>/);
});

test("drawing order: thin reference curves under solid ones under dashed ones, whatever the legend order", async () => {
  // three coinciding curves (as the literal model's qubits lie on tau_1 and on T_env): each must stay visible
  const x = [1, 2, 3, 4];
  const y = [1, 2, 1, 2];
  const svg = await lineChartSvg({
    title: "order",
    xLabel: "x",
    yLabel: "y",
    series: [
      { name: "dashed first in the legend", x, y, dash: "dashed", color: "#D55E00" },
      { name: "solid", x, y, dash: "solid", color: "#000000" },
      { name: "reference", x, y, dash: "solid", color: REFERENCE_CURVE.color, width: REFERENCE_CURVE.width },
    ],
  });
  const firstPath = (color: string) => svg.search(new RegExp(`<path[^>]*stroke="${color}"`, "i"));
  const [ref, solid, dashed] = [REFERENCE_CURVE.color, "#000000", "#D55E00"].map(firstPath);
  assert.ok(ref >= 0 && solid >= 0 && dashed >= 0, "all three curves are drawn");
  assert.ok(ref < solid && solid < dashed, `draw order reference ${ref} < solid ${solid} < dashed ${dashed}`);
});
