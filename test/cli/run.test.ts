import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { isNegligible, parameterSummary, prepareScenario, runJson, runScenario } from "../../src/cli/commands/run.js";

/** Runs main() in-process; returns the exit code, stdout and stderr text. */
const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = "";
  let err = "";
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  console.log = (...a: unknown[]) => void (out += a.join(" ") + "\n");
  console.error = (...a: unknown[]) => void (err += a.join(" ") + "\n");
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await main(["node", "qthermo", ...args]);
    return { code, out, err };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
};

test("run --json (spawned CLI): theta and T_env per emitter, options; equilibrium T_S = T_W = 300 K gives theta = 300 K", () => {
  const r = spawnSync(process.execPath, ["bin/qthermo.mjs", "run", "single-qubit-machine", "--json", "--set", "TS=300", "--set", "TW=300"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { theta: Record<string, number>; T_env: Record<string, number>; options: { preset: string } };
  assert.deepEqual(Object.keys(j.theta).sort(), ["M", "q1"]);
  for (const name of ["M", "q1"]) {
    assert.ok(Math.abs(j.theta[name] / 300 - 1) < 1e-6, `theta_${name} = ${j.theta[name]}`);
    assert.ok(Math.abs(j.T_env[name] / 300 - 1) < 1e-6, `T_env_${name} = ${j.T_env[name]}`);
  }
  assert.equal(j.options.preset, "literal");
});

test("run --json in-process: out of equilibrium the qubit sits between T_W and T_S-side T_env and the report records couplings and residual", async () => {
  const r = await cli(["run", "single-qubit-machine", "--json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as Record<string, any>;
  assert.ok(j.T_env.q1 > 300 && j.T_env.q1 < 900);
  assert.ok(Number.isFinite(j.theta.q1) && Number.isFinite(j.theta.M));
  assert.ok(j.couplings.pairs.length === 1 && j.couplings.pairs[0].kind === "machine-qubit");
  assert.ok(j.relativeResidual < 1e-10);
  assert.equal(j.scenario, "single-qubit-machine");
});

test("--set and --preset apply: phi, z and the paper preset end up in the scenario and the recorded options", () => {
  const s = prepareScenario("paper-fig4", ["phi=2.5", "z=3um"], "paper");
  assert.equal(s.move?.phi, 2.5);
  assert.ok(Math.abs(s.height - 3e-6) < 1e-18);
  const one = prepareScenario("single-qubit-machine", ["z=3um"], "paper");
  const { system, report } = runScenario(one);
  const j = runJson(one, system, report) as { options: { preset: string; lambdaScale: number; farInfraredLoss: unknown } };
  assert.equal(j.options.preset, "paper");
  assert.equal(j.options.lambdaScale, 1000);
  assert.notEqual(j.options.farInfraredLoss, null);
  // z really moved the emitters
  assert.ok(system.emitters.every((e) => Math.abs(e.position[2] - 3e-6) < 1e-18));
});

test("run table prints the temperatures, tasks, couplings and options; --list-rates gives units", async () => {
  const r = await cli(["run", "single-qubit-machine", "--list-rates", "--print-equation"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /q1\s+q1\s+-?\d+\.\d+ K/);
  assert.match(r.out, /gamma\+_\{q1\} = [-\d.e+]+ s\^-1/);
  assert.match(r.out, /Lambda_\{M12,q1\} = [-\d.e+]+ rad\/s/);
  assert.match(r.out, /d rho\/dt/);
  assert.match(r.out, /model: preset=literal/);
  assert.match(r.out, /Lambda\/gamma\+ = /);
});

const expectOneLineError = (r: { code: number; out: string; err: string }, pattern: RegExp): void => {
  assert.notEqual(r.code, 0);
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line expected, got:\n${r.err}`);
  assert.match(lines[0], /^qthermo: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.err, /\n\s+at /);
};

test("bad input: unknown scenario, bad --set, z <= 0, unknown parameter, bad preset -> non-zero exit, one line, no stack", async () => {
  expectOneLineError(await cli(["run", "no-such-scenario"]), /unknown scenario "no-such-scenario"/);
  expectOneLineError(await cli(["run", "paper-fig4", "--set", "phi"]), /cannot read --set "phi"/);
  expectOneLineError(await cli(["run", "paper-fig4", "--set", "z=-2um"]), /z/);
  expectOneLineError(await cli(["run", "paper-fig4", "--set", "z=0um"]), /z must be positive/);
  expectOneLineError(await cli(["run", "paper-fig4", "--set", "gamma=2"]), /unknown parameter "gamma"/);
  expectOneLineError(await cli(["run", "paper-fig4", "--preset", "nice"]), /unknown preset "nice"/);
});

test("bad scenario file: several validation problems are reported on one line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-run-"));
  try {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify({ name: "bad", environment: { body: null, TS: 900, TW: 300 }, height: "2um", colour: "red", ring: { n: 2 } }));
    const r = await cli(["run", path]);
    expectOneLineError(r, /unknown key "colour"/);
    writeFileSync(path, "{ not json");
    expectOneLineError(await cli(["run", path]), /not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("spawned CLI error: one line on stderr, exit code 1, no stack trace", () => {
  const r = spawnSync(process.execPath, ["bin/qthermo.mjs", "run", "paper-fig4", "--set", "z=0um"], { encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\bat\s+\S+:\d+/);
});

test("--print-equation latex with --json puts the LaTeX master equation and the rate list in the JSON", async () => {
  const r = await cli(["run", "single-qubit-machine", "--json", "--print-equation", "latex", "--list-rates"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { equation: string; rates: { symbol: string; unit: string }[] };
  assert.match(j.equation, /\\/);
  assert.match(j.equation, /Lambda|\\Lambda/);
  assert.ok(j.rates.some((x) => x.symbol === "Lambda_{M12,q1}" && x.unit === "rad/s"));
  assert.ok(j.rates.some((x) => x.symbol === "gamma+_{q1}" && x.unit === "s^-1"));
  expectOneLineError(await cli(["run", "single-qubit-machine", "--print-equation", "pdf"]), /text or latex/);
});

test("the run table names the solved point: z, r and the --set phi / alpha, in um and rad", () => {
  const fig4 = parameterSummary(prepareScenario("paper-fig4", ["phi=2.5", "z=3um"]));
  assert.match(fig4, /z = 3 um/);
  assert.match(fig4, /r = 75 um/);
  assert.match(fig4, /phi = 2\.5 rad \(q1\)/);
  assert.doesNotMatch(fig4, /alpha/);
  const fig5 = parameterSummary(prepareScenario("paper-fig5", ["alpha=90deg"]));
  assert.match(fig5, /alpha = 1\.5708 rad \(q4\)/);
});

test("spawned CLI whose reader closes the pipe early (qthermo ... | head -1): quiet exit, no EPIPE stack trace", async () => {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["bin/qthermo.mjs", "teff", "--z", "2.7um", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy(); // the reader is gone before the CLI writes its first line
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  assert.doesNotMatch(stderr, /EPIPE|\bat\s+\S+:\d+/, stderr);
  assert.equal(code, 0);
});

test("demo: --lambda may be any finite number (a coupling has a sign), and its error says so; an empty value is not read as 0", async () => {
  expectOneLineError(await cli(["demo", "--lambda", "NaN"]), /--lambda must be a finite number, got "NaN"/);
  expectOneLineError(await cli(["demo", "--lambda", ""]), /--lambda must be a finite number, got ""/);
  expectOneLineError(await cli(["demo", "--hot", " "]), /--hot must be a positive number, got " "/);
});

test("run: couplings zero by symmetry print as 0 (< 1e-12), not as rounding residue; --list-rates names the model it is for", async () => {
  const r = await cli(["run", "paper-fig4", "--set", "phi=2.5", "--list-rates"]);
  assert.equal(r.code, 0, r.err);
  // Lambda of M12-q2 and M12-q4 vanishes by the symmetry of the square (rounding leaves ~1e-15)
  assert.match(r.out, /M12-q2 +machine-qubit +Lambda\/gamma\+ = 0 \(< 1e-12\)/);
  assert.doesNotMatch(r.out, /Lambda\/gamma\+ = -?\d\.\d+e-1[3-9]/);
  assert.match(r.out, /M12-q1 +machine-qubit +Lambda\/gamma\+ = -?\d\.\d{3}e[-+]\d+/);
  assert.match(r.out, /0 \(< 1e-12\): below 1e-12 x the largest value of its column/);
  assert.match(r.out, /^bound rates of scenario paper-fig4 \(z = 2\.7 um, r = 75 um, phi = 2\.5 rad \(q1\)\)\n  model: preset=literal farIRLoss=none lambdaScale=1 /m);
  assert.match(r.out, /^ {2}environment: sapphire-ordinary, thickness/m);
  assert.match(r.out, /Lambda_\{M12,q2\} = .*\[below 1e-12 x the largest exchange value: zero up to rounding/);
  assert.doesNotMatch(r.out, /Lambda_\{M12,q1\} = .*\[below/);
  // --json keeps the raw numbers
  const j = JSON.parse((await cli(["run", "paper-fig4", "--set", "phi=2.5", "--json"])).out) as { couplings: { pairs: { i: string; j: string; lambdaOverQubitRate: number }[] } };
  const pair = j.couplings.pairs.find((p) => p.i === "M12" && p.j === "q2");
  assert.ok(pair && typeof pair.lambdaOverQubitRate === "number");
  assert.ok(isNegligible(1e-15, 10) && !isNegligible(1e-11, 10) && !isNegligible(0, 0));
});
