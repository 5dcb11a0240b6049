import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Op,
  addOps,
  addScalars as addScalarsT,
  adjoint,
  anticommutator,
  commutator,
  conjScalar as conjOfScalar,
  identityOp,
  isZeroOp,
  ketbra,
  lowering,
  mulOps,
  negOp,
  nLevel,
  opEquals,
  productSpace,
  projector,
  qubit,
  realSymbol,
  scaleOp,
  subOps,
  subsystem,
  zeroOp,
} from "../../src/algebra/index.js";
import { arbSpaceWithOps, arbSymbolic, unwrap } from "./arbitraries.js";

const same = (a: Op, b: Op): void => assert.ok(opEquals(a, b), "operators differ in canonical form");
const runs = { numRuns: 80 };

test("product is associative and distributes over sums (random ops on products of 2-, 3-, 4-level spaces)", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(3, arbSymbolic), ([, [a, b, c]]) => {
      same(mulOps(mulOps(a, b), c), mulOps(a, mulOps(b, c)));
      same(mulOps(a, addOps(b, c)), addOps(mulOps(a, b), mulOps(a, c)));
      same(mulOps(addOps(a, b), c), addOps(mulOps(a, c), mulOps(b, c)));
    }),
    runs,
  );
});

test("adjoint: (AB)^dag = B^dag A^dag, (A^dag)^dag = A, (cA)^dag = conj(c) A^dag", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(2, arbSymbolic), arbSymbolic, ([, [a, b]], c) => {
      same(adjoint(mulOps(a, b)), mulOps(adjoint(b), adjoint(a)));
      same(adjoint(adjoint(a)), a);
      same(adjoint(scaleOp(c, a)), scaleOp(conjOfScalar(c), adjoint(a)));
    }),
    runs,
  );
});

test("commutator: [A,B] = -[B,A], Jacobi identity, {A,B} = AB + BA, identity commutes", () => {
  fc.assert(
    fc.property(arbSpaceWithOps(3, arbSymbolic), ([space, [a, b, c]]) => {
      same(commutator(a, b), negOp(commutator(b, a)));
      const jacobi = addOps(commutator(a, commutator(b, c)), commutator(b, commutator(c, a)), commutator(c, commutator(a, b)));
      assert.ok(isZeroOp(jacobi));
      same(anticommutator(a, b), addOps(mulOps(a, b), mulOps(b, a)));
      assert.ok(isZeroOp(commutator(identityOp(space), a)));
      same(mulOps(identityOp(space), a), a);
      same(subOps(a, a), zeroOp(space));
    }),
    runs,
  );
});

test("local product rule |a><b||c><d| = delta_bc |a><d| and operators on different subsystems commute", () => {
  const space = unwrap(productSpace([unwrap(nLevel("M", 3)), unwrap(qubit("q"))]));
  const k = (s: string, a: string, b: string) => unwrap(ketbra(space, s, a, b));
  same(mulOps(k("M", "0", "1"), k("M", "1", "2")), k("M", "0", "2"));
  assert.ok(isZeroOp(mulOps(k("M", "0", "1"), k("M", "2", "2"))));
  same(mulOps(k("M", "0", "1"), k("q", "g", "e")), mulOps(k("q", "g", "e"), k("M", "0", "1")));
  // completeness: sum of projectors is the identity
  same(addOps(unwrap(projector(space, "M", "0")), unwrap(projector(space, "M", "1")), unwrap(projector(space, "M", "2"))), identityOp(space));
  // sigma^dag sigma = |e><e|
  const sigma = unwrap(lowering(space, "q", "g", "e"));
  same(mulOps(adjoint(sigma), sigma), unwrap(projector(space, "q", "e")));
  // collecting: g|a> + g|a> = 2 g|a>
  const g = realSymbol("g");
  same(addOps(scaleOp(g, sigma), scaleOp(g, sigma)), scaleOp(addScalarsT(g, g), sigma));
});

test("unknown subsystem or level names are typed errors naming the bad name and the valid ones", () => {
  const space = unwrap(productSpace([unwrap(nLevel("M", 3)), unwrap(qubit("q1"))]));
  const badSub = ketbra(space, "q2", "g", "e");
  assert.ok(E.isLeft(badSub));
  assert.match(badSub.left.message, /"q2"/);
  assert.match(badSub.left.message, /"M".*"q1"/);
  const badLevel = lowering(space, "M", "1", "3");
  assert.ok(E.isLeft(badLevel));
  assert.match(badLevel.left.message, /"3"/);
  assert.match(badLevel.left.message, /"0", "1", "2"/);
});

test("spaces: dims, strides (first subsystem most significant) and validation errors", () => {
  const space = unwrap(productSpace([unwrap(nLevel("M", 3)), unwrap(qubit("q")), unwrap(nLevel("r", 4))]));
  assert.deepEqual(space.dims, [3, 2, 4]);
  assert.deepEqual(space.strides, [8, 4, 1]);
  assert.equal(space.dimension, 24);
  const dup = productSpace([unwrap(qubit("q")), unwrap(qubit("q"))]);
  assert.ok(E.isLeft(dup) && dup.left.message.includes('"q"'));
  const dupLevel = subsystem("a", ["x", "x"]);
  assert.ok(E.isLeft(dupLevel) && dupLevel.left.message.includes('"x"'));
  assert.ok(E.isLeft(productSpace([])));
  assert.ok(E.isLeft(nLevel("bad", 0)));
});
