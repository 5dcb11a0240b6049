import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import { epsilonAt, knownMaterialNames, materialByName, OMEGA_A, parseConstantMaterial } from "../../../src/electrodynamics/materials/index.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};

test("every known name builds a passive material", () => {
  for (const name of knownMaterialNames) {
    const m = right(materialByName(name));
    const w = Math.min(Math.max(OMEGA_A, m.domain[0]), m.domain[1]);
    const e = right(epsilonAt(m, w));
    assert.ok(e.im >= 0 && Number.isFinite(e.re), name);
    assert.ok(m.source.length > 10, `${name} cites a source`);
  }
  assert.ok(knownMaterialNames.includes("sapphire-ordinary+fir"));
});

test("unknown name: the error lists the known names", () => {
  const r = materialByName("unobtainium");
  assert.ok(E.isLeft(r));
  for (const name of knownMaterialNames) assert.ok(r.left.message.includes(name));
});

test("constant permittivity strings", () => {
  assert.deepEqual(right(parseConstantMaterial("eps=9.4+0.016i")).epsilon(1), { re: 9.4, im: 0.016 });
  assert.deepEqual(right(materialByName("eps = -100 + 3i")).epsilon(1), { re: -100, im: 3 });
  assert.deepEqual(right(materialByName("eps=2.25")).epsilon(1), { re: 2.25, im: 0 });
  assert.deepEqual(right(materialByName("eps=1e1+2e-2j")).epsilon(1), { re: 10, im: 0.02 });
  const gain = materialByName("eps=2-0.1i");
  assert.ok(E.isLeft(gain) && /gain/.test(gain.left.message));
  assert.ok(E.isLeft(materialByName("eps=abc")));
});

test(".yaml names go through the caller's loader; without one, a clear error", () => {
  const files: Record<string, string> = {
    "data/test.yml": "DATA:\n  - type: tabulated nk\n    data: |\n        100 3.0 0.001\n        300 3.1 0.002\n",
  };
  const readTextFile = (path: string) =>
    path in files ? E.right(files[path]) : E.left({ kind: "MaterialError" as const, message: `no file ${path}` });
  const m = right(materialByName("data/test.yml", { readTextFile }));
  assert.equal(m.name, "test");
  assert.ok(E.isRight(epsilonAt(m, OMEGA_A)), "43 cm^-1 = 232 um lies inside 100 .. 300 um");
  const missing = materialByName("data/none.yaml", { readTextFile });
  assert.ok(E.isLeft(missing) && /no file/.test(missing.left.message));
  const noLoader = materialByName("x.yaml");
  assert.ok(E.isLeft(noLoader) && /loader/.test(noLoader.left.message));
});

test("silica (Malitson, 0.21 - 3.71 um) refuses the far infrared instead of extrapolating", () => {
  const silica = right(materialByName("silica-malitson"));
  const r = epsilonAt(silica, OMEGA_A);
  assert.ok(E.isLeft(r) && /no data/.test(r.left.message));
});

test("gold-drude (Ordal 1985): strongly negative Re eps and Im eps > 0 in the mid infrared", () => {
  const gold = right(materialByName("gold-drude"));
  const e = gold.epsilon(2 * Math.PI * 299792458 / 10e-6); // 10 um
  assert.ok(e.re < -1000 && e.im > 100, `${e.re} + ${e.im}i`);
});
