import { test } from "node:test";
import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { nLevel, qubit, threeLevel, transitionId, levelEnergies } from "../../src/emitters/emitter.js";
import { atHeight, moveOnRing, ring, tiltDipole } from "../../src/emitters/geometry.js";
import { paperEmitters, OMEGA_A, OMEGA_S } from "../../src/emitters/paper.js";
import { buildSystem } from "../../src/emitters/environment.js";
import { dot, norm, vsub, type Vec3 } from "../../src/math/vec3.js";

const right = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) assert.fail(e.left.message);
  return e.right;
};
const leftMessage = (e: E.Either<{ message: string }, unknown>): string => {
  assert.ok(E.isLeft(e), "expected an error");
  return e.left.message;
};
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const closeVec = (a: Vec3, b: Vec3, tol = 1e-12) => assert.ok(norm(vsub(a, b)) <= tol, `[${a}] vs [${b}]`);

test("qubit: levels g < e, one unit-direction transition with the given frequency", () => {
  const q = right(qubit("q1", { omega: 8.1e12, dipole: [0, 3, 4], position: [0, 0, 1e-6] }));
  assert.deepEqual(q.levels, ["g", "e"]);
  assert.equal(q.transitions.length, 1);
  closeVec(q.transitions[0].direction, [0, 0.6, 0.8]);
  assert.equal(transitionId(q, q.transitions[0]), "q1");
});

test("three-level atom: the third frequency follows from two, ids are M01, M02, M12", () => {
  const m = right(threeLevel("M", { omega02: OMEGA_S, omega12: OMEGA_A, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  const omegas = Object.fromEntries(m.transitions.map((t) => [transitionId(m, t), t.omega]));
  close(omegas.M01, OMEGA_S - OMEGA_A, 1);
  assert.equal(omegas.M02, OMEGA_S);
  assert.equal(omegas.M12, OMEGA_A);
  const energies = right(levelEnergies("M", m.levels, m.transitions));
  close(energies[2], OMEGA_S, 1);
});

test("emitter validation errors say what is wrong", () => {
  assert.match(leftMessage(qubit("1q", { omega: 1, dipole: [1, 0, 0], position: [0, 0, 1] })), /symbol stem/);
  assert.match(leftMessage(qubit("q", { omega: -1, dipole: [1, 0, 0], position: [0, 0, 1] })), /positive angular frequency/);
  assert.match(leftMessage(qubit("q", { omega: 1, dipole: [0, 0, 0], position: [0, 0, 1] })), /non-zero vector/);
  assert.match(leftMessage(qubit("q", { omega: 1, dipole: [1, 0, 0], position: [0, NaN, 1] })), /finite numbers/);
  assert.match(leftMessage(threeLevel("M", { omega02: 3, position: [0, 0, 1], dipole: [1, 0, 0] })), /at least two of/);
  assert.match(
    leftMessage(threeLevel("M", { omega01: 1, omega02: 3.5, omega12: 2, dipole: [1, 0, 0], position: [0, 0, 1] })),
    /consistent/,
  );
  assert.match(
    leftMessage(nLevel("A", { levels: ["a", "b", "c"], transitions: [{ lower: "a", upper: "b", omega: 1, dipole: [1, 0, 0] }], position: [0, 0, 1] })),
    /level\(s\) c have no transition/,
  );
  assert.match(
    leftMessage(nLevel("A", { levels: ["a", "b"], transitions: [{ lower: "b", upper: "a", omega: 1, dipole: [1, 0, 0] }], position: [0, 0, 1] })),
    /lower level must come before/,
  );
  assert.match(
    leftMessage(nLevel("A", { levels: ["a", "b"], transitions: [{ lower: "a", upper: "x", omega: 1, dipole: [1, 0, 0] }], position: [0, 0, 1] })),
    /unknown level "x"/,
  );
});

test("n-level atom with a ladder of transitions derives increasing energies", () => {
  const a = right(
    nLevel("A", {
      levels: ["g", "m", "x"],
      transitions: [
        { lower: "g", upper: "m", omega: 2, dipole: [1, 0, 0] },
        { lower: "m", upper: "x", omega: 3, dipole: [0, 1, 0], magnitude: 2e-29 },
      ],
      position: [0, 0, 1e-6],
    }),
  );
  assert.deepEqual(right(levelEnergies("A", a.levels, a.transitions)), [0, 2, 5]);
  assert.equal(a.transitions[1].magnitude, 2e-29);
  assert.equal(transitionId(a, a.transitions[0]), "Agm");
});

test("ring: qubit k at angle (k-1) 2pi/n, radius r, dipole pointing at the centre", () => {
  const centre: Vec3 = [1e-6, -2e-6, 3e-6];
  const qs = right(ring({ n: 4, radius: 75e-6, centre, omega: OMEGA_A }));
  assert.deepEqual(qs.map((q) => q.name), ["q1", "q2", "q3", "q4"]);
  qs.forEach((q, k) => {
    const rel = vsub(q.position, centre);
    close(norm(rel), 75e-6, 1e-18);
    close(Math.atan2(rel[1], rel[0]), [0, Math.PI / 2, Math.PI, -Math.PI / 2][k], 1e-12);
    // dipole antiparallel to the position relative to the centre
    close(dot(q.transitions[0].direction, rel) / norm(rel), -1);
  });
});

test("moveOnRing keeps radius, height and the dipole's radial/tangential/normal components", () => {
  fc.assert(
    fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: Math.PI / 2, noNaN: true }), (phi, alpha) => {
      const centre: Vec3 = [0, 0, 2e-6];
      const qs = right(ring({ n: 3, radius: 10e-6, centre, omega: 1 }));
      const tilted = right(tiltDipole(qs, "q1", alpha, centre));
      const moved = right(moveOnRing(tilted, "q1", phi, centre));
      const q = moved[0];
      const rel = vsub(q.position, centre);
      close(norm(rel), 10e-6, 1e-17);
      close(Math.cos(Math.atan2(rel[1], rel[0]) - phi), 1, 1e-9);
      const d = q.transitions[0].direction;
      close(d[2], Math.cos(alpha), 1e-12);
      close(dot(d, rel) / norm(rel), -Math.sin(alpha), 1e-12);
      assert.deepEqual(moved.slice(1), tilted.slice(1));
    }),
    { numRuns: 50 },
  );
});

test("tiltDipole: alpha = 0 along z, alpha = pi/2 pointing at the centre (paper Fig. 5)", () => {
  const es = right(paperEmitters({ z: 2.7e-6 }));
  const zero = right(tiltDipole(es, "q4", 0, [0, 0, 2.7e-6])).find((e) => e.name === "q4");
  closeVec(zero!.transitions[0].direction, [0, 0, 1]);
  const half = right(tiltDipole(es, "q4", Math.PI / 2, [0, 0, 2.7e-6])).find((e) => e.name === "q4");
  // q4 sits at angle 3pi/2, i.e. at (0, -r): the centre is along +y
  closeVec(half!.transitions[0].direction, [0, 1, 0], 1e-12);
});

test("paper geometry: M at the centre with x dipoles, q1..q4 on the square, all at height z", () => {
  const es = right(paperEmitters({ z: 1e-6, phi: 2.5 }));
  assert.deepEqual(es.map((e) => e.name), ["M", "q1", "q2", "q3", "q4"]);
  assert.ok(es.every((e) => e.position[2] === 1e-6));
  assert.ok(es[0].transitions.every((t) => t.direction[0] === 1));
  closeVec(es[1].position, [75e-6 * Math.cos(2.5), 75e-6 * Math.sin(2.5), 1e-6], 1e-18);
  closeVec(es[1].transitions[0].direction, [-Math.cos(2.5), -Math.sin(2.5), 0]);
});

test("geometry errors: unknown emitter, non-positive height, emitter on the ring axis", () => {
  const es = right(paperEmitters());
  assert.match(leftMessage(moveOnRing(es, "q9", 1, [0, 0, 0])), /no emitter named "q9"; the emitters are M, q1/);
  assert.match(leftMessage(atHeight(es, 0)), /positive length/);
  assert.match(leftMessage(tiltDipole(es, "M", 1, [0, 0, 0])), /axis/);
  assert.match(leftMessage(ring({ n: 0, radius: 1, centre: [0, 0, 0], omega: 1 })), /positive integer/);
});

test("untyped callers (plain JS, parsed JSON): a missing dipole or position is a typed error, not a TypeError", () => {
  const noDipole = { omega: 8.1e12, position: [0, 0, 1e-6] } as unknown as Parameters<typeof qubit>[1];
  assert.match(leftMessage(qubit("q1", noDipole)), /emitter q1, transition g-e: the dipole must be a finite non-zero vector, got undefined/);
  const noPosition = { omega: 8.1e12, dipole: [1, 0, 0] } as unknown as Parameters<typeof qubit>[1];
  assert.match(leftMessage(qubit("q1", noPosition)), /emitter q1: position must be three finite numbers in metres, got undefined/);
  const stringDipole = { omega: 8.1e12, dipole: "x", position: [0, 0, 1e-6] } as unknown as Parameters<typeof qubit>[1];
  assert.match(leftMessage(qubit("q1", stringDipole)), /the dipole must be a finite non-zero vector, got "x"/);
});

test("untyped callers: a missing spec, levels or transitions, or a non-string name is a typed error", () => {
  const position: Vec3 = [0, 0, 1e-6];
  const anyQubit = qubit as (...args: unknown[]) => ReturnType<typeof qubit>;
  const anyNLevel = nLevel as (...args: unknown[]) => ReturnType<typeof nLevel>;
  const anyThree = threeLevel as (...args: unknown[]) => ReturnType<typeof threeLevel>;
  assert.match(leftMessage(anyQubit("a")), /emitter a: the spec must be an object with omega, dipole and position, got undefined/);
  assert.match(leftMessage(anyThree("M")), /emitter M: the spec must be an object/);
  assert.match(leftMessage(anyNLevel("A", { transitions: [], position })), /emitter A: levels must be an array of level labels/);
  assert.match(leftMessage(anyNLevel("A", { levels: ["a", "b"], transitions: null, position })), /transitions must be an array .* got null/);
  assert.match(leftMessage(anyNLevel("A", { levels: ["a", "b"], transitions: [], position })), /needs at least one transition/);
  assert.match(leftMessage(anyNLevel("A", { levels: ["a", "b"], transitions: [null], position })), /every transition must be an object/);
  assert.match(leftMessage(anyQubit(undefined, { omega: 1e13, dipole: [1, 0, 0], position })), /emitter name must be a string, got undefined/);
  assert.match(leftMessage(anyQubit(7, { omega: 1e13, dipole: [1, 0, 0], position })), /emitter name must be a string, got 7/);
});

test("buildSystem with malformed plain-JS input: typed errors, checked before any rate is computed", () => {
  const q = right(qubit("a", { omega: 1e13, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  const env = { body: null, TS: 900, TW: 300 };
  const anyBuild = buildSystem as (...args: unknown[]) => ReturnType<typeof buildSystem>;
  assert.match(leftMessage(anyBuild(undefined, env)), /the emitters must be an array of emitters/);
  assert.match(leftMessage(anyBuild([q], { TS: 900, TW: 300 })), /no body: .*body: null for free space/);
  assert.match(leftMessage(anyBuild([q], undefined)), /the environment must be an object \{ body, TS, TW \}/);
  assert.match(leftMessage(anyBuild([q], { body: { thickness: 1e-6 }, TS: 900, TW: 300 })), /material must be a Material/);
  assert.match(leftMessage(anyBuild([{}], env)), /emitters\[0\] has no name/);
  // Type-checks, but an emitter without transitions has nothing to couple (was a TypeError in referenceRate).
  assert.match(leftMessage(buildSystem([{ ...q, transitions: [] }], env)), /emitters\[0\] \(a\) has no transitions/);
});

test("ring: n is capped (the Hilbert space grows as 2^n; 1e9 was an out-of-memory crash)", () => {
  const m = leftMessage(ring({ n: 1e9, radius: 1e-6, centre: [0, 0, 1e-6], omega: 1e13 }));
  assert.match(m, /n must be at most 64, got 1000000000; .*2\^n/);
  assert.equal(right(ring({ n: 3, radius: 1e-6, centre: [0, 0, 1e-6], omega: 1e13 })).length, 3);
});

test("two emitters closer than the minimum separation: the message says the threshold and the distance", () => {
  const a = right(qubit("a", { omega: 1e13, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  const b = right(qubit("b", { omega: 1e13, dipole: [1, 0, 0], position: [1e-13, 0, 1e-6] }));
  assert.match(leftMessage(buildSystem([a, b], { body: null, TS: 900, TW: 300 })), /a and b are closer than 1e-12 m \(1\.00e-13 m apart\)/);
});

test("a non-finite rate override shows the value given (NaN was reported as null)", () => {
  const q = right(qubit("a", { omega: 1e13, dipole: [1, 0, 0], position: [0, 0, 1e-6] }));
  const env = { body: null, TS: 900, TW: 300 };
  assert.match(leftMessage(buildSystem([q], env, { rateOverrides: { "gamma+_{a}": NaN } })), /override of gamma\+_\{a\} must be .*finite.*got NaN$/);
  assert.match(leftMessage(buildSystem([q], env, { rateOverrides: { "gamma+_{a}": { re: 1, im: Infinity } } })), /got \{ re: 1, im: Infinity \}$/);
});
