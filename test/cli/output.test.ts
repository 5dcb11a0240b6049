import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { readTextFile, toCsv, toJson, writeChart, writeCsv, writeJson } from "../../src/cli/output.js";
import { createProgress, formatDuration, silentProgress } from "../../src/cli/progress.js";
import { lineChartSvg } from "../../src/plot/chart.js";
import { materialByName } from "../../src/electrodynamics/materials/index.js";

const withTempDir = async (f: (dir: string) => Promise<void> | void) => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-output-"));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test("CSV: header, quoting, full-precision numbers, infinities; nested folders created", () =>
  withTempDir((dir) => {
    const path = join(dir, "a", "b", "t.csv");
    const r = writeCsv(path, ["z_um", "theta_K", "note"], [
      [2.7, -1190.123456789012, 'say "hi", then'],
      [0.1, Number.POSITIVE_INFINITY, null],
      [1e-7, Number.NEGATIVE_INFINITY, "x"],
    ]);
    assert.ok(E.isRight(r));
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    assert.deepEqual(lines, ["z_um,theta_K,note", '2.7,-1190.123456789012,"say ""hi"", then"', "0.1,Infinity,", "1e-7,-Infinity,x"]);
    assert.equal(Number(lines[1].split(",")[1]), -1190.123456789012);
    const bad = toCsv(["a", "b"], [[1]]);
    assert.ok(E.isLeft(bad) && /row 0 has 1 cells/.test(bad.left.message));
  }));

test("JSON: infinities survive as strings instead of becoming null", () =>
  withTempDir((dir) => {
    const path = join(dir, "out", "r.json");
    assert.ok(E.isRight(writeJson(path, { theta: { q1: Number.POSITIVE_INFINITY, q2: -1190 }, nan: Number.NaN })));
    const back = JSON.parse(readFileSync(path, "utf8"));
    assert.deepEqual(back, { theta: { q1: "Infinity", q2: -1190 }, nan: "NaN" });
    assert.equal(Number(back.theta.q1), Number.POSITIVE_INFINITY);
    assert.ok(toJson([1, 2]).endsWith("\n"));
  }));

test("writeChart writes an SVG and a PNG next to each other", async () =>
  withTempDir(async (dir) => {
    const svg = await lineChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "s", x: [0, 1, 2], y: [1, 3, 2] }] });
    const r = writeChart(join(dir, "plots", "fig"), svg, 1);
    assert.ok(E.isRight(r));
    assert.equal(readFileSync(r.right.svg, "utf8"), svg);
    const png = readFileSync(r.right.png);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const blocked = join(dir, "file");
    writeFileSync(blocked, "x");
    const fail = writeChart(join(blocked, "fig"), svg, 1); // a file where a folder should be
    assert.ok(E.isLeft(fail) && /cannot write/.test(fail.left.message));
  }));

test("readTextFile feeds materialByName for refractiveindex.info files; a missing file is a MaterialError", () =>
  withTempDir((dir) => {
    const path = join(dir, "m.yml");
    writeFileSync(path, "DATA:\n  - type: tabulated nk\n    data: |\n        100 3.0 0.001\n        300 3.1 0.002\n");
    const m = materialByName(path, { readTextFile });
    assert.ok(E.isRight(m) && m.right.name === "m");
    const missing = materialByName(join(dir, "none.yaml"), { readTextFile });
    assert.ok(E.isLeft(missing) && /cannot read material file/.test(missing.left.message));
  }));

test("progress: without a TTY it writes plain lines and a final count; the silent reporter writes nothing", () => {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const p = createProgress({ stream });
  p.start(3, "fig4");
  p.increment();
  p.increment(2);
  p.stop();
  assert.ok(text.includes("fig4"), text);
  assert.ok(text.includes("3/3"), text);
  assert.ok(!text.includes("\u001b[2K") && !text.includes("\r"), "no terminal control codes in logs");
  silentProgress.start(3);
  silentProgress.increment();
  silentProgress.stop();
});

test("formatDuration never prints 60 seconds or 60 minutes, and shows an unknown ETA as ?", () => {
  assert.equal(formatDuration(119, 5), "2m0s"); // cli-progress's own formatter prints "1m60s"
  assert.equal(formatDuration(68, 1), "1m8s");
  assert.equal(formatDuration(7, 5), "7s");
  assert.equal(formatDuration(3599, 5), "1h0m");
  assert.equal(formatDuration("0"), "?");
  assert.equal(formatDuration("INF"), "?");
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(1, 5), (t, step) => {
      const text = formatDuration(t, step);
      const m = /^(?:(\d+)h(\d+)m|(?:(\d+)m)?(\d+)s)$/.exec(text);
      assert.ok(m !== null, text);
      if (m[2] !== undefined) assert.ok(Number(m[2]) < 60, text);
      if (m[3] !== undefined) assert.ok(Number(m[4]) < 60, text);
      const shown = m[1] !== undefined ? Number(m[1]) * 3600 + Number(m[2]) * 60 : Number(m[3] ?? 0) * 60 + Number(m[4]);
      // rounding error: to the step (or 1 s), then to the minute once an hour is reached
      assert.ok(Math.abs(shown - t) <= (t > 10 ? step / 2 : 0.5) + (shown >= 3600 ? 30 : 0) + 1e-9, `${t} -> ${text}`);
    }),
    { numRuns: 200 },
  );
});
