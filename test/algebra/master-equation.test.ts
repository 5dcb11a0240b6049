import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Dissipator,
  type MasterEquation,
  type Op,
  type Scalar,
  type SandwichTerm,
  type Space,
  type Superoperator,
  addOps,
  adjoint,
  anticommutator,
  applyAdjoint,
  complexSymbol,
  conjScalar,
  dissipatorSandwiches,
  equationOfMotion,
  hamiltonianSandwiches,
  identityOp,
  lindbladian,
  lowering,
  machineQubitDemo,
  masterEquation,
  mulOps,
  mulScalars,
  opEquals,
  productSpace,
  projector,
  proveHermiticityPreservation,
  proveHermiticityPreservationGeneric,
  proveTracePreservation,
  qubit,
  ratio,
  realSymbol,
  scaleOp,
  subOps,
  ZERO_SCALAR,
  isZeroOp,
  addScalars as addScalarsT,
  I_SCALAR,
} from "../../src/algebra/index.js";
import { opToCsr } from "../../src/numeric/compile.js";
import { csrToDense } from "../../src/numeric/csr.js";
import { arbConstant, arbSpace, arbOp, arbSymbolic, denseMul, denseTrace, unwrap } from "./arbitraries.js";

/** Random master equation: Hermitian H = A + A^dag, local terms, and collective pairs closed under swap. */
const arbMasterEquation = (coefficient: fc.Arbitrary<Scalar>, maxSubs = 3): fc.Arbitrary<MasterEquation> =>
  arbSpace(maxSubs).chain((space) =>
    fc
      .tuple(
        arbOp(space, coefficient, 2),
        fc.array(fc.tuple(coefficient, arbOp(space, arbConstant, 2), arbOp(space, arbConstant, 2)), { minLength: 1, maxLength: 3 }),
      )
      .map(([h, pairs]) => {
        const dissipators: Dissipator[] = pairs.flatMap(([c, a, b], k) => [
          { coefficient: c, a, b, label: `pair ${k} (a, b)` },
          { coefficient: conjScalar(c), a: b, b: a, label: `pair ${k} (b, a)` },
        ]);
        return unwrap(masterEquation(addOps(h, adjoint(h)), dissipators));
      }),
  );

const twoQubits = (): { space: Space; s1: Op; s2: Op } => {
  const space = unwrap(productSpace([unwrap(qubit("q1")), unwrap(qubit("q2"))]));
  return { space, s1: unwrap(lowering(space, "q1", "g", "e")), s2: unwrap(lowering(space, "q2", "g", "e")) };
};

test("thermal qubit: d<p_e>/dt = gamma- p_g - gamma+ p_e (gamma+ emission, gamma- absorption)", () => {
  const space = unwrap(productSpace([unwrap(qubit("q"))]));
  const sigma = unwrap(lowering(space, "q", "g", "e"));
  const gp = realSymbol("gamma+_{q}");
  const gm = realSymbol("gamma-_{q}");
  const me = unwrap(
    masterEquation(scaleOp(realSymbol("omega"), unwrap(projector(space, "q", "e"))), [
      { coefficient: gp, a: sigma, b: sigma },
      { coefficient: gm, a: adjoint(sigma), b: adjoint(sigma) },
    ]),
  );
  const pe = unwrap(projector(space, "q", "e"));
  const pg = unwrap(projector(space, "q", "g"));
  const expected = subOps(scaleOp(gm, pg), scaleOp(gp, pe));
  assert.ok(opEquals(equationOfMotion(me, pe), expected));
  // and the coherence decays at (gamma+ + gamma-)/2 and rotates at omega: d<sigma>/dt = (-i omega - (g+ + g-)/2) <sigma>
  const eomSigma = equationOfMotion(me, sigma);
  const rate = mulScalars(ratio(-1, 2), addScalarsT(gp, gm));
  const expectedSigma = scaleOp(addScalarsT(rate, mulScalars(ratio(-1), I_SCALAR, realSymbol("omega"))), sigma);
  assert.ok(opEquals(eomSigma, expectedSigma));
});

test("sandwich form equals the direct formula a rho b^dag - 1/2 {b^dag a, rho}", () => {
  fc.assert(
    fc.property(arbSpace(2).chain((s) => fc.tuple(arbOp(s, arbSymbolic), arbOp(s), arbOp(s), arbSymbolic)), ([rho, a, b, c]) => {
      const me = unwrap(masterEquation(scaleOp(ZERO_SCALAR, identityOp(rho.space)), [{ coefficient: c, a, b }]));
      const direct = scaleOp(c, subOps(mulOps(a, rho, adjoint(b)), scaleOp(ratio(1, 2), anticommutator(mulOps(adjoint(b), a), rho))));
      assert.ok(opEquals(lindbladian(me, rho), direct));
    }),
    { numRuns: 60 },
  );
});

test("trace preservation is proved symbolically for random master equations with collective terms", () => {
  fc.assert(
    fc.property(arbMasterEquation(arbSymbolic), (me) => {
      const proof = proveTracePreservation(me);
      assert.ok(proof.holds, proof.holds ? "" : proof.message);
    }),
    { numRuns: 60 },
  );
});

test("the QuTiP #1719 form (a^dag b in the anticommutator) FAILS the trace proof and is named", () => {
  const { space, s1, s2 } = twoQubits();
  const c = realSymbol("gamma_{12}");
  const buggy: SandwichTerm[] = [
    { coefficient: c, left: s1, right: adjoint(s2), origin: "buggy collective (q1, q2)" },
    { coefficient: mulScalars(ratio(-1, 2), c), left: mulOps(adjoint(s1), s2), right: identityOp(space), origin: "buggy collective (q1, q2)" },
    { coefficient: mulScalars(ratio(-1, 2), c), left: identityOp(space), right: mulOps(adjoint(s1), s2), origin: "buggy collective (q1, q2)" },
  ];
  const correct = dissipatorSandwiches({ coefficient: c, a: s1, b: s2 }, "correct collective (q1, q2)");
  const sup: Superoperator = { kind: "Superoperator", space, terms: [...hamiltonianSandwiches(identityOp(space)), ...correct, ...buggy] };
  const proof = proveTracePreservation(sup);
  assert.equal(proof.holds, false);
  if (!proof.holds) {
    assert.deepEqual(proof.offending.map((o) => o.origin), ["buggy collective (q1, q2)"]);
    assert.match(proof.message, /buggy collective/);
  }
  // the same superoperator without the buggy term is trace preserving
  assert.ok(proveTracePreservation({ ...sup, terms: sup.terms.filter((t) => !t.origin.startsWith("buggy")) }).holds);
});

test("Tr(A L(rho)) = Tr(L^dag(A) rho) numerically on random instances", () => {
  const values = fc.record({ x: fc.double({ min: -2, max: 2, noNaN: true }), y: fc.double({ min: -2, max: 2, noNaN: true }), zr: fc.double({ min: -2, max: 2, noNaN: true }), zi: fc.double({ min: -2, max: 2, noNaN: true }) });
  fc.assert(
    fc.property(
      arbMasterEquation(arbSymbolic, 2).chain((me) => fc.tuple(fc.constant(me), arbOp(me.space, arbConstant, 4), arbOp(me.space, arbConstant, 4))),
      values,
      ([me, a, rho], v) => {
        const bind = { x: v.x, y: v.y, z: { re: v.zr, im: v.zi } };
        const n = me.space.dimension;
        const dense = (op: Op) => csrToDense(unwrap(opToCsr(op, bind)));
        const left = denseTrace(denseMul(dense(a), dense(lindbladian(me, rho)), n), n);
        const right = denseTrace(denseMul(dense(applyAdjoint(me, a)), dense(rho), n), n);
        const scale = 1 + Math.hypot(left.re, left.im);
        assert.ok(Math.hypot(left.re - right.re, left.im - right.im) <= 1e-11 * scale, `${JSON.stringify(left)} vs ${JSON.stringify(right)}`);
      },
    ),
    { numRuns: 60 },
  );
});

test("Hermiticity preservation: proved for random closed lists; generic proof agrees; failures name the term", () => {
  fc.assert(
    fc.property(arbMasterEquation(arbSymbolic, 2), (me) => {
      const structural = proveHermiticityPreservation(me);
      assert.ok(structural.holds, structural.holds ? "" : structural.message);
      if (me.space.dimension <= 9) assert.ok(proveHermiticityPreservationGeneric(me).holds);
    }),
    { numRuns: 40 },
  );
  const { space, s1, s2 } = twoQubits();
  const z = complexSymbol("z");
  // one order only, complex coefficient: not Hermiticity preserving
  const oneSided = unwrap(masterEquation(scaleOp(ZERO_SCALAR, identityOp(space)), [{ coefficient: z, a: s1, b: s2, label: "only (q1,q2)" }]));
  const s = proveHermiticityPreservation(oneSided);
  assert.ok(!s.holds && s.message.includes("only (q1,q2)"));
  const g = proveHermiticityPreservationGeneric(oneSided);
  assert.ok(!g.holds && g.offending.some((o) => o.origin.includes("only (q1,q2)")));
  // non-Hermitian Hamiltonian
  const badH = unwrap(masterEquation(s1, []));
  const h = proveHermiticityPreservation(badH);
  assert.ok(!h.holds && h.message.includes("Hamiltonian"));
  assert.ok(!proveHermiticityPreservationGeneric(badH).holds);
  // a local dissipator with a complex rate is not Hermiticity preserving either
  const complexLocal = unwrap(masterEquation(scaleOp(ZERO_SCALAR, identityOp(space)), [{ coefficient: z, a: s1, b: s1, label: "complex local" }]));
  assert.ok(!proveHermiticityPreservation(complexLocal).holds);
  assert.ok(!proveHermiticityPreservationGeneric(complexLocal).holds);
});

test("demo system: trace and Hermiticity preserving; qubit population equation has the local rate terms", () => {
  const demo = unwrap(machineQubitDemo());
  const me = demo.masterEquation;
  assert.equal(me.space.dimension, 6);
  assert.equal(me.dissipators.length, 12);
  assert.ok(proveTracePreservation(me).holds);
  assert.ok(proveHermiticityPreservation(me).holds);
  assert.ok(proveHermiticityPreservationGeneric(me).holds);
  const eom = equationOfMotion(me, demo.qubitExcited);
  // d<p_e>/dt - (gamma- p_g - gamma+ p_e) only involves the exchange coherences |1><2|_M |e><g|_q and h.c.
  const rest = subOps(eom, subOps(scaleOp(realSymbol("gamma-_{q}"), unwrap(projector(me.space, "q", "g"))), scaleOp(realSymbol("gamma+_{q}"), demo.qubitExcited)));
  assert.equal(rest.terms.length, 2);
  for (const t of rest.terms) assert.ok(t.word[0] >= 0 && t.word[2] >= 0 && t.word[0] !== t.word[1], "a joint coherence of M and q");
  // sum of M populations is conserved
  const pops = ["0", "1", "2"].map((l) => equationOfMotion(me, unwrap(projector(me.space, "M", l))));
  assert.ok(isZeroOp(addOps(pops[0], pops[1], pops[2])));
  assert.ok(E.isLeft(machineQubitDemo({ machineName: "q", qubitName: "q" })));
});
