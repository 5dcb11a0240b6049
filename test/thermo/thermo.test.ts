import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { classifyTask, subsystemPopulations, transitionTemperature } from "../../src/thermo/temperature.js";
import { dissipatorEnergyFlow, emitterEnergyDiagonal, exchangeEnergyFlow } from "../../src/thermo/heat.js";
import { csrFromDense } from "../../src/numeric/csr.js";
import { HBAR, KB } from "../../src/units.js";
import { effectiveTemperature } from "../../src/emitters/rates.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};

const omega = 8.1e12;

// above ~2.3 K the Boltzmann ratio at omega_a exceeds 1e-12, well above the population floor
test("theta from a Boltzmann ratio recovers the temperature, positive and negative", () => {
  fc.assert(
    fc.property(fc.double({ min: 5, max: 1e5, noNaN: true }), fc.boolean(), (T, inverted) => {
      const x = Math.exp((-HBAR * omega) / (KB * T)); // p_u / p_l
      const [pl, pu] = inverted ? [x / (1 + x), 1 / (1 + x)] : [1 / (1 + x), x / (1 + x)];
      const r = right(transitionTemperature(omega, pl, pu));
      const expected = inverted ? -T : T;
      assert.ok(Math.abs(r.theta - expected) <= 1e-9 * T, `${r.theta} vs ${expected}`);
      assert.ok(Math.abs(r.beta - 1 / expected) <= 1e-9 / T);
    }),
    { numRuns: 100 },
  );
});

test("equal populations give theta = +Infinity and beta = 0, never NaN; empty upper level gives 0 K", () => {
  const eq = right(transitionTemperature(omega, 0.3, 0.3));
  assert.equal(eq.theta, Infinity);
  assert.equal(eq.beta, 0);
  const cold = right(transitionTemperature(omega, 1, 0));
  assert.equal(cold.theta, 0);
  assert.equal(cold.beta, Infinity);
  const full = right(transitionTemperature(omega, 0, 1));
  assert.ok(Object.is(full.theta, -0) && full.beta === -Infinity);
  // round-off below the floor is read as zero, not as NaN
  const noisy = right(transitionTemperature(omega, 1, -1e-17));
  assert.equal(noisy.theta, 0);
  assert.ok(E.isLeft(transitionTemperature(omega, 0, 0)));
  assert.ok(E.isLeft(transitionTemperature(omega, 0.5, -0.1)));
  assert.ok(E.isLeft(transitionTemperature(omega, NaN, 0.1)));
});

test("tasks: inversion below zero, refrigeration below T_env, heating above (through infinity), none at T_env", () => {
  assert.equal(classifyTask(-1000, 350), "inversion");
  assert.equal(classifyTask(-0, 350), "inversion");
  assert.equal(classifyTask(300, 350), "refrigeration");
  assert.equal(classifyTask(0, 350), "refrigeration");
  assert.equal(classifyTask(400, 350), "heating");
  assert.equal(classifyTask(Infinity, 350), "heating");
  assert.equal(classifyTask(350 * (1 + 1e-9), 350), "none");
  assert.equal(classifyTask(350, 350 * (1 + 1e-3)), "refrigeration");
  assert.equal(classifyTask(350, 350 * (1 - 1e-3)), "heating");
});

test("effective temperature of a transition from its rates matches the Bose ratio", () => {
  const T = 386;
  const n = 1 / Math.expm1((HBAR * omega) / (KB * T));
  assert.ok(Math.abs(effectiveTemperature(omega, 1 + n, n) - T) < 1e-9 * T);
  assert.equal(effectiveTemperature(omega, 1, 1), Infinity);
  assert.equal(effectiveTemperature(omega, 1, 0), 0);
});

test("subsystem populations of a product state (first subsystem most significant)", () => {
  // rho = diag(p) (x) diag(q) on dims [3, 2]
  const p = [0.5, 0.3, 0.2];
  const q = [0.9, 0.1];
  const n = 6;
  const rho = new Float64Array(2 * n * n);
  for (let a = 0; a < 3; a++) for (let b = 0; b < 2; b++) rho[2 * ((2 * a + b) * n + (2 * a + b))] = p[a] * q[b];
  const pa = subsystemPopulations(rho, [3, 2], 0);
  const pb = subsystemPopulations(rho, [3, 2], 1);
  p.forEach((x, k) => assert.ok(Math.abs(pa[k] - x) < 1e-15));
  q.forEach((x, k) => assert.ok(Math.abs(pb[k] - x) < 1e-15));
});

// dense helpers for an independent check of the sparse heat-flow formulas
const N = 4;
type Dense = Float64Array; // interleaved N x N
const mm = (a: Dense, b: Dense): Dense => {
  const out = new Float64Array(2 * N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++)
      for (let k = 0; k < N; k++) {
        const ar = a[2 * (i * N + k)], ai = a[2 * (i * N + k) + 1];
        const br = b[2 * (k * N + j)], bi = b[2 * (k * N + j) + 1];
        out[2 * (i * N + j)] += ar * br - ai * bi;
        out[2 * (i * N + j) + 1] += ar * bi + ai * br;
      }
  return out;
};
const dag = (a: Dense): Dense => {
  const out = new Float64Array(2 * N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) { out[2 * (i * N + j)] = a[2 * (j * N + i)]; out[2 * (i * N + j) + 1] = -a[2 * (j * N + i) + 1]; }
  return out;
};
const trace = (a: Dense): [number, number] => { let r = 0, i = 0; for (let k = 0; k < N; k++) { r += a[2 * (k * N + k)]; i += a[2 * (k * N + k) + 1]; } return [r, i]; };
const diag = (h: Float64Array): Dense => { const out = new Float64Array(2 * N * N); for (let k = 0; k < N; k++) out[2 * (k * N + k)] = h[k]; return out; };
const lin = (terms: [number, Dense][]): Dense => { const out = new Float64Array(2 * N * N); for (const [c, m] of terms) for (let k = 0; k < out.length; k++) out[k] += c * m[k]; return out; };

test("sparse heat-flow formulas agree with dense Tr(H L(a,b) rho) and i Tr([H_int, H] rho)", () => {
  const entry = fc.double({ min: -1, max: 1, noNaN: true });
  const mat = fc.array(entry, { minLength: 2 * N * N, maxLength: 2 * N * N }).map((v) => Float64Array.from(v));
  fc.assert(
    fc.property(mat, mat, mat, mat, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: N, maxLength: N }), (a, b, x, hi, hv) => {
      const h = Float64Array.from(hv);
      const rho = mm(x, dag(x)); // positive, any trace
      const H = diag(h);
      // dense: Tr(H (a rho b^dag - 1/2 b^dag a rho - 1/2 rho b^dag a))
      const bda = mm(dag(b), a);
      const L = lin([[1, mm(mm(a, rho), dag(b))], [-0.5, mm(bda, rho)], [-0.5, mm(rho, bda)]]);
      const [dr, di] = trace(mm(H, L));
      const sparse = dissipatorEnergyFlow(h, csrFromDense(N, N, a), csrFromDense(N, N, b), rho);
      const scale = 1 + Math.abs(dr) + Math.abs(di);
      assert.ok(Math.abs(sparse.re - dr) < 1e-10 * scale && Math.abs(sparse.im - di) < 1e-10 * scale, `${sparse.re},${sparse.im} vs ${dr},${di}`);
      // exchange: i Tr([Hint, H] rho) with Hint Hermitian
      const hint = lin([[0.5, hi], [0.5, dag(hi)]]);
      const comm = lin([[1, mm(hint, H)], [-1, mm(H, hint)]]);
      const [cr, ci] = trace(mm(comm, rho));
      const expected = -ci; // Re(i (cr + i ci))
      void cr;
      const got = exchangeEnergyFlow(h, csrFromDense(N, N, hint), rho);
      assert.ok(Math.abs(got - expected) < 1e-10 * (1 + Math.abs(expected)), `${got} vs ${expected}`);
    }),
    { numRuns: 40 },
  );
});

test("energy diagonal of one emitter on a product space", () => {
  const h = emitterEnergyDiagonal([2, 3], 1, [0, 1, 5]);
  assert.deepEqual([...h], [0, 1, 5, 0, 1, 5]);
  const g = emitterEnergyDiagonal([2, 3], 0, [0, 7]);
  assert.deepEqual([...g], [0, 0, 0, 7, 7, 7]);
});

test("equilibrium too cold for double precision: a transition whose populations are below the floor is 'unresolved', never a fake task", async () => {
  // M + one qubit in free space at TS = TW = 10 K: hbar omega / kB T = 62 for M01 and M02, so their
  // upper populations (~1e-27) cannot be resolved; theta = 0 K with task "refrigeration" would be a
  // wrong answer at equilibrium. M12 and the qubit (hbar omega / kB T = 6.2) must come out at 10 K.
  const { parseScenario, solveScenario } = await import("../../src/scenario/scenario.js");
  const T = 10;
  const s = right(parseScenario({
    name: "cold", environment: { body: null, TS: T, TW: T }, height: "2.7um",
    emitters: [
      { type: "three-level", name: "M", at: "centre", omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0] },
      { type: "qubit", name: "q1", at: ["75um", "0um"], omega: 8.1e12, dipole: [-1, 0, 0] },
    ],
  }));
  const report = right(solveScenario(s));
  const byId = Object.fromEntries(report.transitions.map((t) => [t.id, t]));
  for (const id of ["M01", "M02"]) assert.equal(byId[id].task, "unresolved", `${id}: theta ${byId[id].theta}, task ${byId[id].task}`);
  for (const id of ["M12", "q1"]) {
    assert.ok(Math.abs(byId[id].theta - T) < 1e-6 * T, `${id}: theta ${byId[id].theta}`);
    assert.equal(byId[id].task, "none");
  }
});

test("classical limit: a transition with hbar omega / kB T below 1e-9 is refused before solving (its theta would be rounding noise)", async () => {
  const { parseScenario, solveScenario } = await import("../../src/scenario/scenario.js");
  const scenario = (omega: number, apart: string) =>
    right(parseScenario({
      name: "classical", environment: { body: null, TS: 300, TW: 300 }, height: "2.7um",
      emitters: [
        { type: "qubit", name: "a", at: ["0um", "0um"], omega, dipole: [1, 0, 0] },
        { type: "qubit", name: "b", at: [apart, "0um"], omega, dipole: [1, 0, 0] },
      ],
    }));
  const refused = solveScenario(scenario(1e2, "1um")); // hbar omega / kB T = 2.5e-12: theta came out 300.04 K and 300.01 K
  assert.ok(E.isLeft(refused));
  assert.match(refused.left.message, /hbar omega \/ kB T = 2\.55e-12.*omega >= 3\.93e\+4 rad\/s/);
  const fine = right(solveScenario(scenario(1e11, "10000um"))); // 2.5e-3, k0 r = 3.3: resolvable
  for (const q of ["a", "b"]) assert.ok(Math.abs(fine.theta[q] / 300 - 1) < 1e-6, `${q}: ${fine.theta[q]}`);
});
