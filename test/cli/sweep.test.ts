import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { prepareScenario } from "../../src/cli/commands/run.js";
import {
  csvHeaderLines,
  envName,
  qthermoVersion,
  readQthermoCsv,
  sweepChartSeries,
  sweepScenario,
  sweepSeries,
  sweepTable,
  thetaName,
} from "../../src/cli/commands/sweep.js";
import { QUBIT_COLORS, REFERENCE_CURVE } from "../../src/plot/chart.js";
import { DEFAULT_OPTIONS } from "../../src/emitters/options.js";
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
    const text = readFileSync(`${base}.csv`, "utf8");
    // leading "# " comment lines: version, date, scenario, the full options, the environment
    const comments = text.split("\n").filter((l) => l.startsWith("#"));
    assert.ok(text.startsWith("# qthermo "), text.slice(0, 80));
    assert.ok(comments.length >= 4 && comments.every((l) => l.startsWith("# ")), comments.join("\n"));
    assert.match(comments[0], new RegExp(`^# qthermo ${qthermoVersion().replace(/\./g, "\\.")}, qthermo sweep, written \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d`));
    assert.ok(comments.some((l) => l === `# scenario: ${s.name}`), comments.join("\n"));
    assert.ok(comments.some((l) => /^# model: preset=literal farIRLoss=none lambdaScale=1 collective=on/.test(l)), comments.join("\n"));
    assert.ok(comments.some((l) => /^# environment: sapphire-ordinary, thickness 0\.05 um, T_S = 900 K, T_W = 300 K$/.test(l)), comments.join("\n"));
    // the data start right after the comments; readers skip them (pandas: comment="#")
    const lines = text.trim().split("\n").filter((l) => !l.startsWith("#"));
    assert.equal(lines.length, 4);
    const parsed = readQthermoCsv(text);
    assert.equal(parsed.rows.length, 3);
    assert.deepEqual(parsed.comments, comments);
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
    const rows = readFileSync(join(dir, "grid.csv"), "utf8").trim().split("\n").filter((l) => !l.startsWith("#"));
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
  const theta = series.find((s) => s.name === "θ₁");
  const env = series.find((s) => s.name === "T_env (qubit 1)");
  assert.deepEqual(theta?.x, [2]);
  assert.deepEqual(env?.x, [1, 2]);
  for (const s of series) assert.ok(s.theta.every((t) => Number.isFinite(-1 / t)), `${s.name}: ${s.theta}`);
  assert.equal(sweepTable(["TW"], points, [point(0, 0), point(0, 1), point(2, 2)]).rows.length, 3);
});

const fakePoint = (theta: Record<string, number>, Tenv: Record<string, number>) =>
  ({ ok: true, theta, T_env: Tenv, tasks: {}, residual: 0 }) as unknown as PointOk;

test("names: θ₁ for q1, T_env with the qubits that share it, the same in sweep and paper charts", () => {
  assert.equal(thetaName("q1"), "θ₁");
  assert.equal(thetaName("q12"), "θ₁₂");
  assert.equal(thetaName("M"), "θ(M)");
  const all = ["q1", "q2", "q3", "q4"];
  assert.equal(envName(all, all), "T_env (all qubits)");
  assert.equal(envName(["q1", "q2", "q3"], all), "T_env (qubits 1–3)");
  assert.equal(envName(["q1", "q3"], all), "T_env (qubits 1, 3)");
  assert.equal(envName(["q4"], all), "T_env (qubit 4)");
  assert.equal(envName(["A"], ["A", "B"]), "T_env (A)");
});

test("six qubits (the guide's hexagon): every qubit its own colour and dash; T_env thin grey, one line per distinct environment", () => {
  const qubits = ["q1", "q2", "q3", "q4", "q5", "q6"];
  const axes = [{ parameter: "alpha" as const, scale: "lin" as const, values: [0, 0.5, 1] }];
  const points = axes[0].values.map((alpha) => ({ alpha }));
  // q6 is tilted: its environment differs; q1..q5 share one
  const results = axes[0].values.map((a) =>
    fakePoint(
      Object.fromEntries(qubits.map((q, i) => [q, 400 + 10 * i + a])),
      Object.fromEntries(qubits.map((q) => [q, q === "q6" ? 385 - 10 * a : 352])),
    ),
  );
  const series = sweepSeries(axes, points, results, qubits);
  const thetas = series.filter((s) => s.name.startsWith("θ"));
  const envs = series.filter((s) => s.name.startsWith("T_env"));
  assert.deepEqual(thetas.map((s) => s.name), ["θ₁", "θ₂", "θ₃", "θ₄", "θ₅", "θ₆"]);
  assert.equal(new Set(thetas.map((s) => s.color)).size, 6, "six distinct colours");
  assert.equal(new Set(thetas.map((s) => s.dash)).size, 6, "six distinct dashes");
  assert.ok(thetas.every((s) => QUBIT_COLORS.includes(s.color as string) && s.color !== REFERENCE_CURVE.color));
  assert.deepEqual(envs.map((s) => s.name), ["T_env (qubits 1–5)", "T_env (qubit 6)"]);
  for (const e of envs) {
    assert.equal(e.color, REFERENCE_CURVE.color);
    assert.equal(e.width, REFERENCE_CURVE.width);
  }
  assert.notEqual(envs[0].dash, envs[1].dash);
  // no T_env line looks like a qubit's: grey and thin, where every qubit is coloured and 2.2 px
  assert.ok(thetas.every((t) => t.width === undefined));
});

test("two swept parameters: one T_env line per value of the second parameter when T_env depends on it, one set when not", () => {
  const axes = [
    { parameter: "z" as const, scale: "log" as const, values: [1e-6, 2e-6, 4e-6] },
    { parameter: "TS" as const, scale: "lin" as const, values: [600, 900] },
  ];
  const points = axes[0].values.flatMap((z) => axes[1].values.map((TS) => ({ z, TS })));
  const dependent = points.map((p) => fakePoint({ q1: 300 + (p.TS as number) / 10, q2: 301 }, { q1: 300 + (p.TS as number) / 20, q2: 300 + (p.TS as number) / 20 }));
  const a = sweepChartSeries(axes, points, dependent, ["q1", "q2"]);
  const envA = a.series.filter((s) => s.name.startsWith("T_env"));
  assert.deepEqual(envA.map((s) => s.name), ["T_env (all qubits), T_S = 600 K", "T_env (all qubits), T_S = 900 K"]);
  assert.deepEqual(envA.map((s) => s.theta[0]), [330, 345]);
  // the qubit's curves of one T_S value have that value's dash, and its T_env the same dash
  const th600 = a.series.find((s) => s.name === "θ₁, T_S = 600 K");
  const th900 = a.series.find((s) => s.name === "θ₁, T_S = 900 K");
  assert.ok(th600 && th900 && th600.color === th900.color && th600.dash !== th900.dash);
  assert.equal(envA[0].dash, th600.dash);
  assert.equal(envA[1].dash, th900.dash);
  assert.match(a.note ?? "", /colour: qubit; dash: T_S/);
  // T_env independent of the second parameter: drawn once, without the T_S suffix
  const independent = points.map((p) => fakePoint({ q1: 300 + (p.TS as number) / 10, q2: 301 }, { q1: 351.8, q2: 351.8 }));
  const b = sweepChartSeries(axes, points, independent, ["q1", "q2"]);
  assert.deepEqual(b.series.filter((s) => s.name.startsWith("T_env")).map((s) => s.name), ["T_env (all qubits)"]);
  assert.match(b.note ?? "", /the same for every T_S/);
});

test("csvHeaderLines: every line a '# ' comment, with version, date, scenario, options and environment; a swept TS is flagged", () => {
  const lines = csvHeaderLines({
    scenario: "s",
    description: "two\nlines",
    options: DEFAULT_OPTIONS,
    environment: { material: "sapphire-ordinary", materialSource: null, thickness: 5e-8, TS: 900, TW: 300 },
    swept: ["TS"],
    command: "qthermo sweep",
    date: new Date("2025-01-02T03:04:05Z"),
  });
  assert.ok(lines.every((l) => l.startsWith("# ") && !l.includes("\n")));
  assert.match(lines[0], /^# qthermo \S+, qthermo sweep, written 2025-01-02T03:04:05\.000Z$/);
  assert.ok(lines.includes("# scenario: s"));
  assert.ok(lines.includes("# description: two lines"));
  assert.ok(lines.some((l) => l.startsWith("# model: preset=literal farIRLoss=none lambdaScale=1")));
  assert.ok(lines.some((l) => l.startsWith("# environment (at the first point; TS swept, see the columns): sapphire-ordinary, thickness 0.05 um, T_S = 900 K")));
});

test("qubits whose curves coincide (theta_1 = theta_3 by symmetry) share one curve named after both: no legend entry for a hidden curve", () => {
  const axes = [{ parameter: "alpha" as const, scale: "lin" as const, values: [0, 0.5, 1] }];
  const points = axes[0].values.map((alpha) => ({ alpha }));
  const results = axes[0].values.map((a) => fakePoint({ q1: 400 + a, q2: 410, q3: 400 + a, q4: 385 - a }, { q1: 352, q2: 352, q3: 352, q4: 352 }));
  const thetas = sweepSeries(axes, points, results, ["q1", "q2", "q3", "q4"]).filter((s) => s.name.startsWith("θ"));
  assert.deepEqual(thetas.map((s) => s.name), ["θ₁ = θ₃", "θ₂", "θ₄"]);
});
