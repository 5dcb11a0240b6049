import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { readFileSync } from "node:fs";
import { builtinScenario, builtinScenarioNames } from "../../src/scenario/builtin.js";
import { applySet, parseScenario, parseScenarioText, scenarioEmitters, scenarioModelOptions, sweepGrid, withPreset, type Scenario } from "../../src/scenario/scenario.js";
import { parseAngle } from "../../src/scenario/schema.js";
import { PALIK_FIR } from "../../src/electrodynamics/materials/sapphire.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const leftMessage = (e: E.Either<{ message: string }, unknown>): string => {
  assert.ok(E.isLeft(e), "expected an error");
  return e.left.message;
};

const minimal = () => ({
  name: "t",
  environment: { body: { material: "sapphire-ordinary", thickness: "0.05um" }, TS: 900, TW: 300 },
  height: "2.7um",
  emitters: [{ type: "three-level", name: "M", at: "centre", omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0] }],
  ring: { n: 2, radius: "75um", omega: 8.1e12 },
});

test("every built-in scenario loads, validates, and matches its file in scenarios/", () => {
  assert.deepEqual([...builtinScenarioNames].sort(), ["paper-fig3", "paper-fig4", "paper-fig5", "single-qubit-machine"]);
  for (const name of builtinScenarioNames) {
    const s = right(builtinScenario(name));
    const fromFile = right(parseScenarioText(readFileSync(`scenarios/${name}.json`, "utf8")));
    assert.deepEqual(s, fromFile);
    assert.equal(s.name, name);
  }
  assert.match(leftMessage(builtinScenario("paper-fig9")), /unknown built-in scenario "paper-fig9"; the built-ins are paper-fig3/);
});

test("paper-fig4: M + q1..q4 at z = 2.7 um, q1 at phi = 2.5 with its dipole at M; sweep phi over [0, 2pi] with >= 360 points", () => {
  const s = right(builtinScenario("paper-fig4"));
  const es = right(scenarioEmitters(s));
  assert.deepEqual(es.map((e) => e.name), ["M", "q1", "q2", "q3", "q4"]);
  assert.ok(es.every((e) => Math.abs(e.position[2] - 2.7e-6) < 1e-18));
  const q1 = es[1];
  assert.ok(Math.abs(q1.position[0] - 75e-6 * Math.cos(2.5)) < 1e-18);
  assert.ok(Math.abs(q1.transitions[0].direction[0] + Math.cos(2.5)) < 1e-12);
  const grid = right(sweepGrid(s));
  assert.equal(grid.axes[0].parameter, "phi");
  assert.ok(grid.points.length >= 360);
  assert.equal(grid.axes[0].values[0], 0);
  assert.ok(Math.abs(grid.axes[0].values[grid.axes[0].values.length - 1] - 2 * Math.PI) < 1e-15);
  // no grid point puts q1 exactly on top of another qubit (phi = pi/2, pi, 3pi/2)
  for (const phi of grid.axes[0].values) {
    E.isLeft(applySet(s, `phi=${phi}`)) && assert.fail(`phi = ${phi}`);
    const moved = right(scenarioEmitters(right(applySet(s, `phi=${phi}`))));
    assert.equal(moved.length, 5);
  }
});

test("--set overrides: phi, z with a unit, alpha as a multiple of pi, temperatures", () => {
  const fig5 = right(builtinScenario("paper-fig5"));
  const tilted = right(applySet(fig5, "alpha=pi/4"));
  assert.ok(Math.abs(tilted.tilt!.alpha - Math.PI / 4) < 1e-15);
  const q4 = right(scenarioEmitters(tilted)).find((e) => e.name === "q4")!;
  assert.ok(Math.abs(q4.transitions[0].direction[2] - Math.SQRT1_2) < 1e-12);
  const low = right(applySet(fig5, "z=1.5um"));
  assert.ok(Math.abs(low.height - 1.5e-6) < 1e-20);
  assert.equal(right(applySet(fig5, "TS=800K")).environment.TS, 800);
  assert.match(leftMessage(applySet(fig5, "z=2.7")), /z: cannot read length "2.7": write a number with a unit/);
  assert.match(leftMessage(applySet(fig5, "z=2.7parsec")), /unknown length unit "parsec"/);
  assert.match(leftMessage(applySet(fig5, "phi=1")), /no "move" section/);
  assert.match(leftMessage(applySet(fig5, "beta=1")), /unknown parameter "beta" in --set; the parameters are z, r, delta, phi, alpha/);
  assert.match(leftMessage(applySet(fig5, "alpha")), /write name=value/);
  assert.match(leftMessage(applySet(fig5, "TS=-3")), />= 0 K/);
});

test("validation: an unknown key is named with its path", () => {
  const bad = { ...minimal(), ring: { ...minimal().ring, raduis: "75um" } };
  assert.match(leftMessage(parseScenario(bad)), /ring: unknown key "raduis"/);
  assert.match(leftMessage(parseScenario({ ...minimal(), colour: "red" })), /\(top level\): unknown key "colour"/);
});

test("validation: a missing field is named with its path", () => {
  const { height: _height, ...noHeight } = minimal();
  assert.match(leftMessage(parseScenario(noHeight)), /height: missing field/);
  const noOmega = { ...minimal(), ring: { n: 2, radius: "75um" } };
  assert.match(leftMessage(parseScenario(noOmega)), /ring\.omega: missing field/);
});

test("validation: a wrong or missing unit is reported where it occurs", () => {
  assert.match(leftMessage(parseScenario({ ...minimal(), height: "2.7 furlong" })), /height: unknown length unit "furlong"/);
  assert.match(leftMessage(parseScenario({ ...minimal(), height: 2.7 })), /height: .*expected string/);
  assert.match(leftMessage(parseScenario({ ...minimal(), height: "-1um" })), /height: must be a positive length/);
  const env = { ...minimal().environment, body: { material: "sapphire-ordinary", thickness: "50" } };
  assert.match(leftMessage(parseScenario({ ...minimal(), environment: env })), /environment\.body\.thickness: cannot read length "50"/);
});

test("validation: two emitters at one point are refused, naming both", () => {
  const s = { ...minimal(), emitters: [...minimal().emitters, { type: "qubit", name: "x", at: ["75um", "0um"], omega: 8.1e12, dipole: [1, 0, 0] }] };
  assert.match(leftMessage(parseScenario(s)), /emitters x and q1 are at the same point \(75\.00um, 0\.000um, 2\.700um\)/);
});

test("validation: bad JSON, an unknown emitter type, a sweep over a parameter the scenario lacks", () => {
  assert.match(leftMessage(parseScenarioText("{ nope", "my.json")), /my\.json is not valid JSON/);
  const typ = { ...minimal(), emitters: [{ type: "four-level", name: "M", at: "centre" }] };
  assert.match(leftMessage(parseScenario(typ)), /emitters\[0\]\.type/);
  const sw = { ...minimal(), sweep: [{ parameter: "phi", from: 0, to: 1, points: 3 }] };
  assert.match(leftMessage(parseScenario(sw)), /sweep over phi: the scenario has no "move" section/);
  const sw2 = { ...minimal(), sweep: [{ parameter: "speed", from: 0, to: 1, points: 3 }] };
  assert.match(leftMessage(parseScenario(sw2)), /sweep\[0\]\.parameter/);
});

test("sweep grids: log spacing in z, two axes as a product", () => {
  const s = right(parseScenario({ ...minimal(), move: { emitter: "q1", phi: 0 }, sweep: [
    { parameter: "z", from: "1um", to: "100um", points: 3, scale: "log" },
    { parameter: "phi", from: 0, to: "pi", points: 2 },
  ] }));
  const g = right(sweepGrid(s));
  assert.equal(g.points.length, 6);
  assert.ok(Math.abs(g.axes[0].values[1] - 1e-5) < 1e-18);
  assert.deepEqual(g.points.map((p) => p.phi), [0, Math.PI, 0, Math.PI, 0, Math.PI]);
  const bad = right(parseScenario({ ...minimal(), sweep: [{ parameter: "z", from: "0um", to: "1um", points: 3, scale: "log" }] }));
  assert.match(leftMessage(sweepGrid(bad)), /log scale needs positive/);
});

test("model options: presets and the far-IR loss name map to the model layer", () => {
  const s = right(parseScenario({ ...minimal(), model: { farInfraredLoss: "palik-fir", lambdaScaleQubitQubit: 0 } }));
  assert.deepEqual(scenarioModelOptions(s), { farInfraredLoss: PALIK_FIR, lambdaScaleQubitQubit: 0 });
  const p: Scenario = withPreset(s, "paper");
  assert.equal(scenarioModelOptions(p).preset, "paper");
  assert.match(leftMessage(parseScenario({ ...minimal(), model: { preset: "fancy" } })), /model\.preset/);
});

test("angles: radians, multiples of pi, degrees", () => {
  assert.deepEqual(parseAngle("pi/2"), E.right(Math.PI / 2));
  assert.deepEqual(parseAngle("2pi"), E.right(2 * Math.PI));
  assert.deepEqual(parseAngle("-0.5pi"), E.right(-0.5 * Math.PI));
  assert.deepEqual(parseAngle("90deg"), E.right(Math.PI / 2));
  assert.deepEqual(parseAngle(2.5), E.right(2.5));
  assert.ok(E.isLeft(parseAngle("north")));
});

test("sweep grids: an absurd number of points is refused before anything is allocated (no out-of-memory crash)", () => {
  const one = right(parseScenario({ ...minimal(), sweep: [{ parameter: "z", from: "1um", to: "2um", points: 1e9 }] }));
  assert.match(leftMessage(sweepGrid(one)), /sweep has 1000000000 points.*at most 1000000/);
  const two = right(parseScenario({ ...minimal(), move: { emitter: "q1", phi: 0 }, sweep: [
    { parameter: "z", from: "1um", to: "2um", points: 2000 },
    { parameter: "phi", from: 0, to: "pi", points: 2000 },
  ] }));
  assert.match(leftMessage(sweepGrid(two)), /sweep has 4000000 points \(2000 x 2000\)/);
});

test("z (the height) is refused when no emitter depends on it, instead of a sweep whose z column changes nothing", () => {
  const pinned = {
    ...minimal(),
    ring: undefined,
    emitters: [{ type: "qubit", name: "q1", at: ["0um", "0um", "5um"], omega: 8.1e12, dipole: [1, 0, 0] }],
  };
  assert.match(leftMessage(parseScenario({ ...pinned, sweep: [{ parameter: "z", from: "1um", to: "2um", points: 2 }] })), /sweep over z: .*explicit z/);
  assert.match(leftMessage(applySet(right(parseScenario(pinned)), "z=1um")), /cannot set z: .*explicit z/);
  // a ring around a centre without z, or an emitter at [x, y], does follow the height
  const follows = right(applySet(right(parseScenario({ ...pinned, emitters: [{ ...pinned.emitters[0], at: ["0um", "0um"] }] })), "z=1um"));
  assert.equal(right(scenarioEmitters(follows))[0].position[2], 1e-6);
  right(applySet(right(parseScenario({ ...minimal(), centre: ["0um", "0um"] })), "z=1um"));
});

test("TS is refused in free space (no body), where the body's temperature changes nothing", () => {
  const free = { ...minimal(), environment: { body: null, TS: 900, TW: 300 } };
  assert.match(leftMessage(parseScenario({ ...free, sweep: [{ parameter: "TS", from: 300, to: 900, points: 2 }] })), /sweep over TS: .*no body/);
  assert.match(leftMessage(applySet(right(parseScenario(free)), "TS=500")), /cannot set TS: .*no body/);
  right(applySet(right(parseScenario(free)), "TW=500"));
});

test("scenario messages: an invalid emitter type lists the types; union fields give one clear message with the value", () => {
  const withEmitter = (e: Record<string, unknown>) => ({ ...minimal(), emitters: [...minimal().emitters, e] });
  const qutrit = { ...minimal(), emitters: [{ ...minimal().emitters[0], type: "qutrit" }] };
  assert.match(leftMessage(parseScenario(qutrit)), /emitters\[0\]\.type: invalid value "qutrit"; use one of "qubit", "three-level", "n-level"/);
  const untyped = { ...minimal(), emitters: [{ name: "M", at: "centre", omega02: 8.1e13, omega12: 8.1e12, dipole: [1, 0, 0] }] };
  assert.match(leftMessage(parseScenario(untyped)), /emitters\[0\]\.type: missing field \(one of "qubit"/);
  const q = { type: "qubit", name: "x", omega: 8.1e12, dipole: [1, 0, 0] };
  const at = leftMessage(parseScenario(withEmitter({ ...q, at: ["3", "0um"] })));
  assert.match(at, /emitters\[1\]\.at\[0\]: cannot read length "3": write a number with a unit/);
  assert.ok(!at.includes(" / "), at);
  assert.match(leftMessage(parseScenario(withEmitter({ ...q, at: "center" }))), /emitters\[1\]\.at: a place is "centre" or \[x, y\] .*; got "center"$/);
  // (a string is a formula, "2 * gammaP_q1"; a boolean is none of the three forms)
  const ro = leftMessage(parseScenario({ ...minimal(), model: { rateOverrides: { "gamma+_{q1}": true } } }));
  assert.match(ro, /model\.rateOverrides\.gamma\+_\{q1\}: a rate override is a number in s\^-1, \{ "re": \.\.\., "im": \.\.\. \}, or a formula.*; got true$/);
  assert.ok(!ro.includes(" / "), ro);
});

test("scenario temperatures: a number in kelvin or a string with a K suffix, as --set TS=900K", () => {
  const env = (TS: unknown) => ({ ...minimal(), environment: { ...minimal().environment, TS } });
  assert.equal(right(parseScenario(env("900K"))).environment.TS, 900);
  assert.equal(right(parseScenario(env("450 K"))).environment.TS, 450);
  assert.match(leftMessage(parseScenario(env("hot"))), /environment\.TS: cannot read "hot" as a temperature: give a number in kelvin, e.g\. 900/);
  assert.match(leftMessage(parseScenario(env(-5))), /environment\.TS: a temperature must be >= 0 K, got -5/);
  assert.match(leftMessage(parseScenario(env(undefined))), /environment\.TS: missing field/);
});

test("a sweep range reaching z <= 0 is refused up front (each such point would fail)", () => {
  const s = right(parseScenario({ ...minimal(), sweep: [{ parameter: "z", from: "-1um", to: "5um", points: 4 }] }));
  assert.match(leftMessage(sweepGrid(s)), /sweep z: the range -1um \.\. 5um reaches z <= 0.*start and end the range above 0/);
  right(sweepGrid(right(parseScenario({ ...minimal(), sweep: [{ parameter: "z", from: "1um", to: "5um", points: 4 }] }))));
});
