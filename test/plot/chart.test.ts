import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  chooseLabelPlacement,
  formatTicks,
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

test("chooseLabelPlacement moves the inversion label away from a curve that runs along the rule at the right end", () => {
  const frame = { xScale: "linear" as const, xDomain: [0, 1] as const, yDomain: [-1, 1] as const, width: 600, height: 400 };
  // empty plot: the default, right end above the rule
  assert.deepEqual(chooseLabelPlacement([], 0, frame, 170), { side: "right", above: true });
  // a curve just above the rule on the right half (two points only: the segment itself must count)
  const rightAbove = [{ series: "a", x: 0.5, y: 0.02 }, { series: "a", x: 1, y: 0.02 }];
  assert.deepEqual(chooseLabelPlacement(rightAbove, 0, frame, 170), { side: "left", above: true });
  // curves just above the rule everywhere: the label goes below it
  const allAbove = [{ series: "a", x: 0, y: 0.02 }, { series: "a", x: 1, y: 0.02 }];
  assert.deepEqual(chooseLabelPlacement(allAbove, 0, frame, 170), { side: "right", above: false });
  // a log x axis: a curve on the last decade only blocks the right end
  const logFrame = { ...frame, xScale: "log" as const, xDomain: [0.1, 100] as const };
  const lastDecade = [{ series: "a", x: 10, y: 0.02 }, { series: "a", x: 100, y: 0.02 }];
  assert.deepEqual(chooseLabelPlacement(lastDecade, 0, logFrame, 170), { side: "left", above: true });
});

test("a log x axis whose data end a rounding error short of a decade still labels that decade", async () => {
  const x = Array.from({ length: 50 }, (_, i) => 0.1 * Math.pow(1000, i / 49) * (1 - 1e-15));
  const svg = await lineChartSvg({ title: "t", xLabel: "z (um)", yLabel: "T (K)", xScale: "log", series: [{ name: "a", x, y: x.map((v) => 300 + v) }] });
  assert.ok(x[x.length - 1] < 100);
  assert.match(svg, />100<\/text>/);
  assert.match(svg, />0\.1<\/text>/);
});
