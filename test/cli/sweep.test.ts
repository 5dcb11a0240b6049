import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { prepareScenario } from "../../src/cli/commands/run.js";
import { sweepScenario, sweepSeries, sweepTable } from "../../src/cli/commands/sweep.js";
import { runSweeps, type PointOk } from "../../src/cli/sweep-runner.js";
import type { Scenario } from "../../src/scenario/scenario.js";

const withTmp = async (f: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-sweep-"));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test("sweep writes CSV, JSON, SVG and PNG for a tiny grid; rows follow the grid", async () => {
  await withTmp(async (dir) => {
    const one = prepareScenario("single-qubit-machine");
    const s: Scenario = { ...one, sweep: [{ parameter: "z", from: "0.5um", to: "20um", points: 7, scale: "log" }] };
    const outcome = await sweepScenario(s, { out: dir, points: 3, workers: 0 });
    assert.equal(outcome.points, 3);
    assert.equal(outcome.failed, 0);
    const base = join(dir, s.name);
    for (const ext of ["csv", "json", "svg", "png"]) assert.ok(existsSync(`${base}.${ext}`), `${ext} written`);
    const lines = readFileSync(`${base}.csv`, "utf8").trim().split("\n");
    assert.equal(lines.length, 4);
    const header = lines[0].split(",");
    assert.equal(header[0], "z_um");
    assert.ok(header.includes("theta_q1_K") && header.includes("T_env_q1_K") && header.includes("task_q1"));
    const z = lines.slice(1).map((l) => Number(l.split(",")[0]));
    assert.ok(Math.abs(z[0] - 0.5) < 1e-9 && Math.abs(z[2] - 20) < 1e-9, `z grid ${z}`);
    const json = JSON.parse(readFileSync(`${base}.json`, "utf8")) as { points: { ok: boolean; theta: Record<string, number> }[]; options: { preset: string } };
    assert.equal(json.points.length, 3);
    assert.ok(json.points.every((p) => p.ok && Number.isFinite(p.theta.q1)));
    assert.equal(json.options.preset, "literal");
    const png = readFileSync(`${base}.png`);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    assert.match(readFileSync(`${base}.svg`, "utf8"), /^<svg/);
  });
});

test("two swept parameters: the CSV is the full grid, first parameter outermost", async () => {
  await withTmp(async (dir) => {
    const base = prepareScenario("single-qubit-machine");
    const s: Scenario = {
      ...base,
      name: "grid",
      sweep: [
        { parameter: "z", from: "1um", to: "4um", points: 2, scale: "log" },
        { parameter: "TS", from: 300, to: 600, points: 2 },
      ],
    };
    await sweepScenario(s, { out: dir, workers: 0 });
    const rows = readFileSync(join(dir, "grid.csv"), "utf8").trim().split("\n");
    assert.equal(rows[0].split(",").slice(0, 2).join(","), "z_um,TS_K");
    const cells = rows.slice(1).map((r) => r.split(",").map(Number));
    assert.deepEqual(cells.map((c) => [Math.round(c[0] * 1e6) / 1e6, c[1]]), [[1, 300], [1, 600], [4, 300], [4, 600]]);
    // at T_S = T_W = 300 K everything is at 300 K
    const theta = rows[0].split(",").indexOf("theta_q1_K");
    assert.ok(Math.abs(cells[0][theta] / 300 - 1) < 1e-6 && Math.abs(cells[2][theta] / 300 - 1) < 1e-6);
    assert.ok(cells[1][theta] > 300);
  });
});

test("worker threads load the TypeScript sources and give the same numbers as the main thread", async () => {
  const s = prepareScenario("single-qubit-machine");
  const points = [{ z: 1e-6 }, { z: 3e-6 }, { z: 9e-6 }];
  const inThread = await runSweeps([{ key: "a", scenario: s, points }], { workers: 0 });
  const pooled = await runSweeps([{ key: "a", scenario: s, points }], { workers: 2, chunkSize: 1 });
  assert.ok(E.isRight(inThread) && E.isRight(pooled), E.isLeft(pooled) ? pooled.left.message : "");
  const a = inThread.right.get("a") as PointOk[];
  const b = pooled.right.get("a") as PointOk[];
  assert.equal(b.length, 3);
  b.forEach((r, k) => {
    assert.ok(r.ok);
    assert.ok(Math.abs(r.theta.q1 / a[k].theta.q1 - 1) < 1e-12, `point ${k}: ${r.theta.q1} vs ${a[k].theta.q1}`);
  });
});

test("a failed point is recorded in the error column, not dropped", () => {
  const t = sweepTable(["z"], [{ z: 1e-6 }, { z: -1 }], [
    { ok: true, theta: { q1: 310 }, T_env: { q1: 312 }, tasks: { q1: "refrigeration" }, residual: 1e-12 } as unknown as PointOk,
    { ok: false, message: "z must be positive" },
  ]);
  assert.deepEqual(t.columns, ["z_um", "theta_q1_K", "T_env_q1_K", "task_q1", "residual", "error"]);
  assert.equal(t.rows[1][5], "z must be positive");
  assert.equal(t.rows[1][1], null);
});

test("a scenario without a sweep section is refused with a clear message", async () => {
  const s = prepareScenario("single-qubit-machine");
  await assert.rejects(sweepScenario({ ...s, sweep: undefined }, { out: "/nonexistent", workers: 0 }), /no "sweep" section/);
});

test("chart series leave out points at theta = 0 K (frozen or unresolved: -1/theta = -infinity cannot be drawn); the CSV keeps them", () => {
  const point = (theta: number, Tenv: number) =>
    ({ ok: true, theta: { q1: theta }, T_env: { q1: Tenv }, tasks: { q1: "none" }, residual: 0 }) as unknown as PointOk;
  const axes = [{ parameter: "TW" as const, scale: "lin" as const, values: [0, 1, 2] }];
  const points = [{ TW: 0 }, { TW: 1 }, { TW: 2 }];
  const series = sweepSeries(axes, points, [point(0, 0), point(0, 1), point(2, 2)], ["q1"]);
  const theta = series.find((s) => s.name === "theta q1");
  const env = series.find((s) => s.name === "T_env q1");
  assert.deepEqual(theta?.x, [2]);
  assert.deepEqual(env?.x, [1, 2]);
  for (const s of series) assert.ok(s.theta.every((t) => Number.isFinite(-1 / t)), `${s.name}: ${s.theta}`);
  assert.equal(sweepTable(["TW"], points, [point(0, 0), point(0, 1), point(2, 2)]).rows.length, 3);
});
