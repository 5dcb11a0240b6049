// Shared fast-check generators and dense-matrix helpers for the algebra tests (not a test file).
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Op,
  type Scalar,
  type Space,
  type Subsystem,
  addOps,
  addScalars,
  complexSymbol,
  conjScalar as conjOf,
  fromRational,
  identityOp,
  ketbra,
  mulOps,
  mulScalars,
  productSpace,
  rational,
  realSymbol,
  scaleOp,
  subsystem,
  zeroOp,
} from "../../src/algebra/index.js";

export const unwrap = <T>(e: E.Either<{ message: string }, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

/** A product of 1..maxSubs subsystems with 2, 3 or 4 levels each. */
export const arbSpace = (maxSubs = 3): fc.Arbitrary<Space> =>
  fc.array(fc.constantFrom(2, 3, 4), { minLength: 1, maxLength: maxSubs }).map((dims) =>
    unwrap(
      productSpace(
        dims.map((d, k): Subsystem => unwrap(subsystem(`s${k}`, Array.from({ length: d }, (_, l) => `L${l}`)))),
      ),
    ),
  );

const arbRationalPart = fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 4 }));

/** Exact complex-rational constant with small numerators. */
export const arbConstant: fc.Arbitrary<Scalar> = fc
  .tuple(arbRationalPart, arbRationalPart)
  .map(([[a, b], [c, d]]) => fromRational(rational(a, b), rational(c, d)));

/** Small symbolic scalar over real x, y and complex z (and conj z). */
export const arbSymbolic: fc.Arbitrary<Scalar> = fc
  .array(fc.tuple(arbConstant, fc.subarray(["x", "y", "z", "z*"], { maxLength: 2 })), { minLength: 1, maxLength: 3 })
  .map((terms) =>
    addScalars(
      ...terms.map(([c, names]) =>
        mulScalars(
          c,
          ...names.map((n) => (n === "z" ? complexSymbol("z") : n === "z*" ? conjOf(complexSymbol("z")) : realSymbol(n))),
        ),
      ),
    ),
  );

/** A random operator on `space`: 1..maxTerms terms, each a product of local |a><b| on a random subset. */
export const arbOp = (space: Space, coefficient: fc.Arbitrary<Scalar> = arbConstant, maxTerms = 3): fc.Arbitrary<Op> =>
  fc
    .array(
      fc.tuple(
        coefficient,
        fc.tuple(
          ...space.subsystems.map((s) =>
            fc.option(fc.tuple(fc.integer({ min: 0, max: s.levels.length - 1 }), fc.integer({ min: 0, max: s.levels.length - 1 })), { freq: 3 }),
          ),
        ),
      ),
      { minLength: 1, maxLength: maxTerms },
    )
    .map((terms) =>
      addOps(
        zeroOp(space),
        ...terms.map(([c, locals]) =>
          scaleOp(
            c,
            mulOps(
              identityOp(space),
              ...locals.flatMap((pair, k) => {
                if (pair === null) return [];
                const s = space.subsystems[k];
                return [unwrap(ketbra(space, s.name, s.levels[pair[0]], s.levels[pair[1]]))];
              }),
            ),
          ),
        ),
      ),
    );

/** A space together with n operators on it. */
export const arbSpaceWithOps = (n: number, coefficient: fc.Arbitrary<Scalar> = arbConstant, maxSubs = 3): fc.Arbitrary<[Space, Op[]]> =>
  arbSpace(maxSubs).chain((space) => fc.tuple(fc.constant(space), fc.array(arbOp(space, coefficient), { minLength: n, maxLength: n })));

// ---- dense complex matrices, interleaved row-major (tests only) ----
export { dMul as denseMul, dAdj as denseAdjoint } from "../numeric/helpers.js";
export const denseTrace = (a: Float64Array, n: number): { re: number; im: number } => {
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += a[2 * (i * n + i)];
    im += a[2 * (i * n + i) + 1];
  }
  return { re, im };
};
export const maxAbsDiff = (a: Float64Array, b: Float64Array): number => {
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m = Math.max(m, Math.hypot(a[k] - b[k], a[k + 1] - b[k + 1]));
  return m;
};
export const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m = Math.max(m, Math.hypot(a[k], a[k + 1]));
  return m;
};
