import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { registerTeff } from "../../src/cli/commands/teff.js";

/** Runs `qthermo teff ...` in-process; returns what it printed, or the thrown error's message. */
const run = async (args: string[]): Promise<{ out: string; error?: string }> => {
  const program = new Command().name("qthermo").exitOverride();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerTeff(program);
  let out = "";
  const log = console.log;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...a: unknown[]) => {
    out += a.join(" ") + "\n";
  };
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "qthermo", "teff", ...args]);
    return { out };
  } catch (err) {
    return { out, error: (err as Error).message };
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
};

test("teff --json prints T_eff, gamma_plus, gamma_minus consistent with T_eff = hbar w / (kB ln(g+/g-))", async () => {
  for (const dipole of ["x", "z"]) {
    const r = await run(["--z", "2.7um", "--omega", "8.1e12", "--dipole", dipole, "--json"]);
    assert.equal(r.error, undefined);
    const j = JSON.parse(r.out) as { T_eff: number; gamma_plus: number; gamma_minus: number };
    const t = (1.054571817e-34 * 8.1e12) / (1.380649e-23 * Math.log(j.gamma_plus / j.gamma_minus));
    assert.ok(Math.abs(t / j.T_eff - 1) < 1e-12);
    assert.ok(j.T_eff > 300 && j.T_eff < 900, `T_eff ${j.T_eff} between T_W and T_S`);
  }
});

test("teff: equilibrium gives T_eff = T", async () => {
  const r = await run(["--z", "1um", "--TS", "500", "--TW", "500", "--json", "--material", "eps=9.4+0.5i"]);
  const j = JSON.parse(r.out) as { T_eff: number };
  assert.ok(Math.abs(j.T_eff / 500 - 1) < 1e-9);
});

test("teff: human-readable output names the temperature", async () => {
  const r = await run(["--z", "2.7um", "--dipole", "y"]);
  assert.match(r.out, /^T_eff = \d+\.\d+ K/);
});

test("teff sweep with --plot writes an SVG and a PNG", async () => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-teff-"));
  try {
    const path = join(dir, "teff.svg");
    const r = await run(["--z", "0.5um:20um", "--points", "6", "--plot", path, "--json"]);
    assert.equal(r.error, undefined);
    const j = JSON.parse(r.out) as { z_m: number[]; T_eff_x: number[]; T_eff_z: number[] };
    assert.equal(j.z_m.length, 6);
    assert.ok(j.T_eff_x[0] > j.T_eff_x[5], "closer to the hot slab is hotter");
    assert.ok(existsSync(path) && readFileSync(path, "utf8").includes("<svg"));
    assert.ok(existsSync(join(dir, "teff.png")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("teff: bad input is one clear error", async () => {
  const cases: [string[], RegExp][] = [
    [["--z", "-1um"], /positive length/],
    [["--z", "2.7"], /unit/],
    [["--z", "2.7um", "--delta", "-0.05um"], /positive length/],
    [["--z", "2.7um", "--material", "unobtainium"], /unknown material/],
    [["--z", "2.7um", "--material", "silica-malitson"], /no data/],
    [["--z", "2.7um", "--omega", "abc"], /--omega/],
    [["--z", "2.7um", "--dipole", "0,0,0"], /--dipole/],
    [["--z", "5um:1um"], /upper end/],
    [["--z", "2.7um", "--plot", "x.svg"], /range/],
    [["--z", "2.7um", "--half-space", "--delta", "1um"], /half-space has none/],
    [["--z", "2.7um", "--TS", "hot"], /--TS/],
  ];
  for (const [args, pattern] of cases) {
    const r = await run(args);
    assert.ok(r.error, `no error for ${args.join(" ")}`);
    assert.match(r.error, pattern, `${args.join(" ")}: ${r.error}`);
    assert.ok(!r.error.includes("\n"), "one line");
  }
});

test("teff: an absurd --points is refused before any allocation (was an out-of-memory crash)", async () => {
  const r = await run(["--z", "0.1um:100um", "--points", "1e9"]);
  assert.match(r.error ?? "", /--points must be an integer from 2 to 100000, got "1e9"/);
});

test("teff --points: the text given is shown (was NaN), and -1, 0, abc get the same wording", async () => {
  for (const points of ["abc", "-1", "0", "1.5"]) {
    const r = await run(["--z", "1um:2um", `--points=${points}`]);
    assert.equal(r.error, `--points must be an integer from 2 to 100000, got "${points}"`);
  }
});

test("teff --plot: a folder, a path ending in '/', another extension or a file in the way are refused before computing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-teff-"));
  try {
    writeFileSync(join(dir, "a-file"), "x");
    const cases: [string, RegExp][] = [
      [`${dir}/`, /--plot ".*\/" names a folder, not a file; give a file name such as .*teff\.svg/],
      [dir, /--plot .* is an existing folder/],
      [join(dir, "x.txt"), /charts are written as \.svg and \.png, not \.txt/],
      [join(dir, "a-file", "t.svg"), /a part of that path is a file, not a folder; choose another --plot/],
    ];
    for (const [path, pattern] of cases) {
      const started = performance.now();
      const r = await run(["--z", "1um:2um", "--points", "3", "--plot", path]);
      assert.match(r.error ?? "", pattern, path);
      assert.ok(!(r.error ?? "").includes("\n"));
      assert.ok(performance.now() - started < 1000, "refused before computing");
    }
    assert.ok(!existsSync(join(dir, ".svg")) && !existsSync(`${dir}.svg`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("teff warns on stderr when the quadrature misses the requested accuracy (z = 1e10 m: 1.6e-3 against 1e-8)", async () => {
  const error = console.error;
  let err = "";
  console.error = (...a: unknown[]) => {
    err += a.join(" ") + "\n";
  };
  try {
    const far = await run(["--z", "1e10m", "--json"]);
    assert.equal(far.error, undefined);
    assert.ok(Number.isFinite((JSON.parse(far.out) as { T_eff: number }).T_eff), "stdout stays valid JSON");
    assert.match(err, /^qthermo: warning: the rates reached only relative accuracy \d\.\de-3 \(requested --rel-tol 1e-8\) at z = 1\.000e\+10 m: T_eff is correspondingly uncertain\n$/);
    err = "";
    await run(["--z", "2.7um"]);
    assert.equal(err, "", "no warning when the accuracy is met");
  } finally {
    console.error = error;
  }
});
