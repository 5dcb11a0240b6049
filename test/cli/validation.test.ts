import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { runPaper } from "../../src/cli/commands/paper.js";
import { prepareScenario } from "../../src/cli/commands/run.js";
import { registerSweep, sweepScenario } from "../../src/cli/commands/sweep.js";
import { checkChartPath, ensureOutputDir } from "../../src/cli/output.js";
import type { ProgressReporter } from "../../src/cli/progress.js";
import type { Scenario } from "../../src/scenario/scenario.js";

const withTmp = async (f: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-validation-"));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A progress reporter that records whether any computation started. */
const recording = (): ProgressReporter & { started: boolean } => {
  const r = { started: false, start: () => void (r.started = true), increment: () => undefined, stop: () => undefined };
  return r;
};

test("ensureOutputDir / checkChartPath: a file in the way, a folder or a wrong extension are refused with one line", async () => {
  await withTmp(async (dir) => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const sub = ensureOutputDir(join(file, "out"));
    assert.ok(sub._tag === "Left" && /cannot use .*a-file\/out as the output folder: a part of that path is a file, not a folder; choose another --out/.test(sub.left.message));
    const itself = ensureOutputDir(file);
    assert.ok(itself._tag === "Left" && /a-file/.test(itself.left.message));
    assert.equal(ensureOutputDir(join(dir, "new", "deeper"))._tag, "Right");
    assert.ok(existsSync(join(dir, "new", "deeper")));
    for (const [path, pattern] of [
      [`${dir}/`, /names a folder, not a file/],
      [dir, /is an existing folder/],
      [join(dir, ".svg"), /has no file name before the extension/],
      ["x.txt", /charts are written as \.svg and \.png, not \.txt/],
    ] as const) {
      const r = checkChartPath(path);
      assert.ok(r._tag === "Left" && pattern.test(r.left.message) && !r.left.message.includes("\n"), `${path}: ${JSON.stringify(r)}`);
    }
    assert.equal(checkChartPath(join(dir, "t.svg"))._tag, "Right");
    assert.equal(checkChartPath(join(dir, "t.png"))._tag, "Right");
    assert.equal(checkChartPath(join(dir, "t"))._tag, "Right");
  });
});

test("sweep and paper: an --out whose parent is a file is refused before anything is computed", async () => {
  await withTmp(async (dir) => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const s: Scenario = { ...prepareScenario("single-qubit-machine"), sweep: [{ parameter: "z", from: "1um", to: "2um", points: 2 }] };
    const p1 = recording();
    await assert.rejects(sweepScenario(s, { out: join(file, "out"), workers: 0, progress: p1 }), /a part of that path is a file, not a folder; choose another --out/);
    assert.equal(p1.started, false, "sweep computed before checking --out");
    const p2 = recording();
    await assert.rejects(runPaper({ out: join(file, "out"), pointsScale: 0.01, workers: 0, progress: p2 }), /a part of that path is a file/);
    assert.equal(p2.started, false, "paper computed before checking --out");
  });
});

test("sweep: a z range reaching z <= 0 is refused up front; a sweep where every point fails is an error", async () => {
  await withTmp(async (dir) => {
    const one = prepareScenario("single-qubit-machine");
    const progress = recording();
    const bad: Scenario = { ...one, sweep: [{ parameter: "z", from: "-1um", to: "5um", points: 4 }] };
    await assert.rejects(sweepScenario(bad, { out: dir, workers: 0, progress }), /sweep z: the range -1um \.\. 5um reaches z <= 0/);
    assert.equal(progress.started, false);
    // q1 moved onto q2 at every point: nothing can be solved, so the command fails (non-zero exit).
    const fig4 = prepareScenario("paper-fig4");
    const collide: Scenario = { ...fig4, sweep: [{ parameter: "phi", from: "pi/2", to: "pi/2", points: 2 }] };
    await assert.rejects(sweepScenario(collide, { out: dir, workers: 0 }), /every point of the sweep failed; the first: .*same point/);
  });
});

test("sweep --points: abc, -1 and 0 get the same wording, with the text given", async () => {
  for (const points of ["abc", "-1", "0", "2.5"]) {
    const program = new Command().name("qthermo").exitOverride();
    program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    registerSweep(program);
    await assert.rejects(
      program.parseAsync(["node", "qthermo", "sweep", "single-qubit-machine", "--out", join(tmpdir(), "qthermo-never"), `--points=${points}`]),
      (err: Error) => err.message === `--points must be an integer >= 1, got "${points}"`,
    );
  }
});
