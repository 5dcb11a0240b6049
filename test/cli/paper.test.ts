import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { fig4Series, fig5Series, paperGrids, refinedExtremum, runPaper, sideBySide, PAPER_QUOTES } from "../../src/cli/commands/paper.js";
import type { PointOk } from "../../src/cli/sweep-runner.js";
import { REFERENCE_CURVE } from "../../src/plot/chart.js";

test("full grids: >= 100 z (log, 0.1-100 um), >= 360 phi avoiding pi/2, pi, 3pi/2, >= 90 alpha with both ends", () => {
  const g = paperGrids(1);
  assert.ok(g.z.length >= 100 && g.phi.length >= 360 && g.alpha.length >= 90);
  assert.ok(Math.abs(g.z[0] - 1e-7) < 1e-18 && Math.abs(g.z[g.z.length - 1] - 1e-4) < 1e-15);
  const ratios = g.z.slice(1).map((z, k) => z / g.z[k]);
  assert.ok(ratios.every((r) => Math.abs(r / ratios[0] - 1) < 1e-9), "log-spaced");
  for (const phi of g.phi) {
    const nearest = Math.round(phi / (Math.PI / 2)) * (Math.PI / 2);
    assert.ok(phi > 0 && phi < 2 * Math.PI);
    if (nearest > 0 && nearest < 2 * Math.PI) assert.ok(Math.abs(phi - nearest) > 1e-3, `phi = ${phi} too close to ${nearest}`);
  }
  assert.equal(g.alpha[0], 0);
  assert.ok(Math.abs(g.alpha[g.alpha.length - 1] - Math.PI / 2) < 1e-15);
  assert.throws(() => paperGrids(0), /points-scale/);
});

test("refinedExtremum recovers the vertex of a sampled parabola (linear and log grids)", () => {
  fc.assert(
    fc.property(fc.double({ min: 0.15, max: 0.85, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.boolean(), (t, a, max) => {
      const n = 21;
      const x = Array.from({ length: n }, (_, k) => Math.pow(10, -1 + (3 * k) / (n - 1)));
      const u = (v: number) => Math.log(v);
      const vertex = u(x[0]) + t * (u(x[n - 1]) - u(x[0]));
      const s = max ? -1 : 1;
      const y = x.map((v) => s * a * (u(v) - vertex) ** 2 + 5);
      const e = refinedExtremum(x, y, max ? "max" : "min", true);
      return Math.abs(Math.log(e.x) - vertex) < 1e-9 && Math.abs(e.y - 5) < 1e-9;
    }),
    { numRuns: 50 },
  );
  // at the edge of the grid there is nothing to refine
  assert.equal(refinedExtremum([1, 2, 3], [3, 2, 1], "max", false).x, 1);
});

test("sideBySide puts two SVGs next to each other", () => {
  const a = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"></svg>`;
  const b = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="70" viewBox="0 0 120 70"></svg>`;
  const both = sideBySide(a, b);
  assert.match(both, /^<svg [^>]*width="220" height="70"/);
  assert.match(both, /<svg x="100" y="0"/);
});

test("paper on a tiny grid writes summary.md with the quoted-number table for both models, summary.json and the figures", async () => {
  const dir = mkdtempSync(join(tmpdir(), "qthermo-paper-"));
  try {
    const outcome = await runPaper({ out: dir, pointsScale: 0.01, workers: 2 });
    const md = readFileSync(join(dir, "summary.md"), "utf8");
    assert.match(md, /\| quantity \| paper \| ours \(literal\) \| ours \(paper\) \|/);
    for (const quoted of PAPER_QUOTES.fig4Theta) assert.ok(md.includes(`${quoted} K`), `paper's ${quoted} K in the table`);
    assert.ok(md.includes("386 K") && md.includes("-2022 K") && md.includes("~70 %") && md.includes("~0.6 %") && md.includes("~2.7 um"));
    assert.match(md, /preset=paper .*lambdaScale=1000/);
    const json = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as {
      models: { model: string; fig4Theta: number[]; TenvInPlane: number; TenvNormal: number; failedPoints: number }[];
    };
    assert.deepEqual(json.models.map((m) => m.model), ["literal", "paper"]);
    for (const m of json.models) {
      assert.equal(m.fig4Theta.length, 4);
      assert.equal(m.failedPoints, 0);
      assert.ok(m.TenvInPlane > 300 && m.TenvInPlane < 900 && m.TenvNormal > 300 && m.TenvNormal < 900);
    }
    // the literal model stays near T_env; the paper preset gives the paper's sign pattern at phi = 2.5
    const [literal, paper] = json.models;
    assert.ok(literal.fig4Theta.every((t) => Math.abs(t - literal.TenvInPlane) < 5), `literal ${literal.fig4Theta}`);
    const signs = paper.fig4Theta.map((t) => Math.sign(t));
    assert.deepEqual(signs, [-1, 1, -1, 1], `paper preset ${paper.fig4Theta}`);
    for (const f of ["fig3", "fig4", "fig5"]) {
      for (const ext of ["svg", "png"]) {
        assert.ok(existsSync(join(dir, `${f}.${ext}`)));
        assert.ok(existsSync(join(dir, `${f}-literal.${ext}`)) && existsSync(join(dir, `${f}-paper.${ext}`)));
      }
    }
    assert.ok(existsSync(join(dir, "fig4-paper.csv")) && existsSync(join(dir, "fig3-1q-literal.csv")));
    assert.ok(outcome.table.includes("theta_1 at phi = 2.5 rad"));
    // every CSV starts with "# " lines: version and date, scenario and sweep, the full options, the environment
    for (const model of ["literal", "paper"]) {
      for (const key of [`fig3-4q-${model}`, `fig3-1q-${model}`, `fig4-${model}`, `fig5-${model}`]) {
        const csv = readFileSync(join(dir, `${key}.csv`), "utf8");
        const comments = csv.split("\n").filter((l) => l.startsWith("#"));
        assert.match(comments[0], /^# qthermo \S+, qthermo paper, written \d{4}-\d\d-\d\dT/);
        assert.ok(comments.some((l) => l.startsWith("# scenario: ") && l.includes(`(sweep ${key})`)), comments.join("\n"));
        assert.ok(comments.some((l) => l.startsWith(`# model: preset=${model} farIRLoss=`)), comments.join("\n"));
        assert.ok(comments.some((l) => /^# environment: sapphire-ordinary(\+loss)?, thickness 0\.05 um, T_S = 900 K, T_W = 300 K$/.test(l)), comments.join("\n"));
        const data = csv.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
        assert.match(data[0], /^(z_um|phi_rad|alpha_rad),theta_M_K,/);
        assert.ok(data.length > 1);
      }
    }
    // chart text: Unicode names, the options as caption, and T_env lines in Figs. 3, 4 and 5
    const fig3 = readFileSync(join(dir, "fig3-paper.svg"), "utf8");
    const fig4 = readFileSync(join(dir, "fig4-paper.svg"), "utf8");
    const fig5 = readFileSync(join(dir, "fig5-paper.svg"), "utf8");
    for (const svg of [fig3, fig4, fig5]) {
      assert.ok(svg.includes("preset paper (far-IR loss, Λ ×1000)"), "title");
      assert.ok(svg.includes("farIRLoss=Im eps 0.016"), "full options in the caption");
      assert.doesNotMatch(svg, /theta_|tau_1|Lambda x|\bum\b/);
    }
    assert.ok(fig3.includes("τ₁ (M + qubit 1 alone)") && fig3.includes("θ₁ = θ₃ (4 qubits)") && fig3.includes("T_env (all qubits)"));
    assert.ok(fig4.includes("T_env (all qubits)") && fig4.includes("θ₄"));
    assert.ok(fig5.includes("T_env (qubits 1–3)") && fig5.includes("T_env (qubit 4)"));
    // summary.md: the Fig. 3 ripples are physics, and a link to docs/reproduction.md under the table
    assert.match(md, /\| T_env, normal dipole[^\n]*\n\nWhat does and does not reproduce, and why: see \[docs\/reproduction\.md\]\([^)]*docs\/reproduction\.md\)/);
    assert.match(md, /Note on Fig\. 3: .*ripples.*physics, not noise/);
    const link = /\]\(([^)#]*docs\/reproduction\.md)\)/.exec(md)?.[1] ?? "";
    assert.ok(existsSync(join(dir, link)), `the link ${link} resolves from the output folder`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Figs. 4 and 5 draw T_env: one thin grey line in Fig. 4 (a ring of in-plane dipoles), two in Fig. 5 (qubit 4 tilted)", () => {
  const grids = { z: [1e-6], phi: [0.5, 1, 1.5], alpha: [0, 0.7, 1.5] };
  const point = (Tenv4: number) =>
    ({ ok: true, theta: { q1: 400, q2: 410, q3: 400, q4: 420 }, T_env: { q1: 351.8, q2: 351.8, q3: 351.8, q4: Tenv4 }, tasks: {}, residual: 0 }) as unknown as PointOk;
  const f4 = fig4Series(grids, [point(351.8), point(351.8), point(351.8)]);
  const env4 = f4.filter((s) => s.name.startsWith("T_env"));
  assert.deepEqual(env4.map((s) => s.name), ["T_env (all qubits)"]);
  assert.deepEqual(env4[0].theta, [351.8, 351.8, 351.8]);
  const f5 = fig5Series(grids, [point(384.7), point(370), point(352)]);
  const env5 = f5.filter((s) => s.name.startsWith("T_env"));
  assert.deepEqual(env5.map((s) => s.name), ["T_env (qubits 1–3)", "T_env (qubit 4)"]);
  assert.deepEqual(env5[1].theta, [384.7, 370, 352]);
  for (const e of [...env4, ...env5]) assert.ok(e.color === REFERENCE_CURVE.color && e.width === REFERENCE_CURVE.width);
  assert.notEqual(env5[0].dash, env5[1].dash);
});
