/**
 * Operators on a Space: linear combinations of products of local transition operators |a><b|, one
 * per subsystem at most (identity elsewhere), with exact symbolic Scalar coefficients.
 *
 * A "word" is the operator part of a term: for subsystem k it stores (ket_k, bra_k) as level indices,
 * or (-1, -1) for the identity. Operators on different subsystems act on different tensor factors and
 * commute, so the product of two words is taken subsystem by subsystem with the local rule
 * |a><b| |c><d| = delta_bc |a><d| (identity is neutral). Canonical form: equal words collected,
 * zero coefficients dropped, words sorted (identity before transitions, then by level indices).
 *
 * Binary operations need both operands on the same Space; mixing spaces is a programming error and
 * throws (like an index out of range). Builders that take user names return Either instead.
 */
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { type AlgebraError } from "./errors.js";
import {
  type Scalar,
  I_SCALAR,
  ONE_SCALAR,
  addScalars,
  conjScalar,
  isZeroScalar,
  mulScalars,
  negScalar,
  ratio,
  scalarSymbols,
} from "./scalar.js";
import { type Space, levelIndex, sameSpace, subsystemIndex } from "./space.js";

/** (ket, bra) level indices per subsystem, flattened; -1 marks the identity. */
export type Word = readonly number[];

export interface OpTerm {
  readonly word: Word;
  readonly coefficient: Scalar;
}

export interface Op {
  readonly kind: "Op";
  readonly space: Space;
  /** canonical: unique words, sorted, no zero coefficient */
  readonly terms: readonly OpTerm[];
}

const IDENTITY_LEVEL = -1;
const wordKey = (w: Word): string => w.join(",");
const compareWords = (a: Word, b: Word): number => {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return 0;
};

const assertSameSpace = (a: Op, b: Op, what: string): void => {
  if (!sameSpace(a.space, b.space)) {
    throw new Error(`${what}: operators live on different spaces (${a.space.key} vs ${b.space.key}); build both on one Space`);
  }
};

const canonicalOp = (space: Space, terms: readonly OpTerm[]): Op => {
  const byKey = new Map<string, { word: Word; parts: Scalar[] }>();
  for (const t of terms) {
    const k = wordKey(t.word);
    const prev = byKey.get(k);
    if (prev === undefined) byKey.set(k, { word: t.word, parts: [t.coefficient] });
    else prev.parts.push(t.coefficient);
  }
  const kept: OpTerm[] = [];
  for (const { word, parts } of byKey.values()) {
    const coefficient = parts.length === 1 ? parts[0] : addScalars(...parts);
    if (!isZeroScalar(coefficient)) kept.push({ word, coefficient });
  }
  kept.sort((a, b) => compareWords(a.word, b.word));
  return { kind: "Op", space, terms: kept };
};

const identityWord = (space: Space): Word => new Array<number>(2 * space.subsystems.length).fill(IDENTITY_LEVEL);

// ---- constructors ----
export const zeroOp = (space: Space): Op => ({ kind: "Op", space, terms: [] });
export const identityOp = (space: Space): Op => ({ kind: "Op", space, terms: [{ word: identityWord(space), coefficient: ONE_SCALAR }] });
/** c * identity */
export const scalarOp = (space: Space, c: Scalar): Op => (isZeroScalar(c) ? zeroOp(space) : { kind: "Op", space, terms: [{ word: identityWord(space), coefficient: c }] });

/** |ket><bra| on one named subsystem (identity on the others). Unknown names are typed errors. */
export const ketbra = (space: Space, subsystemName: string, ketLevel: string, braLevel: string): E.Either<AlgebraError, Op> =>
  pipe(
    subsystemIndex(space, subsystemName),
    E.chain((sub) =>
      pipe(
        levelIndex(space, sub, ketLevel),
        E.chain((ket) =>
          pipe(
            levelIndex(space, sub, braLevel),
            E.map((bra): Op => {
              const word = [...identityWord(space)];
              word[2 * sub] = ket;
              word[2 * sub + 1] = bra;
              return { kind: "Op", space, terms: [{ word, coefficient: ONE_SCALAR }] };
            }),
          ),
        ),
      ),
    ),
  );

/** The transition operator sigma = |lower><upper| (it lowers the subsystem from `upper` to `lower`). */
export const lowering = (space: Space, sub: string, lower: string, upper: string): E.Either<AlgebraError, Op> =>
  ketbra(space, sub, lower, upper);
/** |level><level| on one subsystem. */
export const projector = (space: Space, sub: string, level: string): E.Either<AlgebraError, Op> => ketbra(space, sub, level, level);

// ---- linear structure ----
export const addOps = (first: Op, ...rest: readonly Op[]): Op => {
  for (const r of rest) assertSameSpace(first, r, "addOps");
  return canonicalOp(first.space, [first, ...rest].flatMap((o) => o.terms));
};
export const negOp = (a: Op): Op => ({ kind: "Op", space: a.space, terms: a.terms.map((t) => ({ word: t.word, coefficient: negScalar(t.coefficient) })) });
export const subOps = (a: Op, b: Op): Op => addOps(a, negOp(b));
export const scaleOp = (c: Scalar, a: Op): Op =>
  isZeroScalar(c) ? zeroOp(a.space) : canonicalOp(a.space, a.terms.map((t) => ({ word: t.word, coefficient: mulScalars(c, t.coefficient) })));

/** Product of two words, or undefined when a local delta_bc vanishes. */
const mulWords = (a: Word, b: Word): Word | undefined => {
  const out = new Array<number>(a.length);
  for (let k = 0; k < a.length; k += 2) {
    const aKet = a[k];
    const aBra = a[k + 1];
    const bKet = b[k];
    const bBra = b[k + 1];
    if (aKet === IDENTITY_LEVEL) {
      out[k] = bKet;
      out[k + 1] = bBra;
    } else if (bKet === IDENTITY_LEVEL) {
      out[k] = aKet;
      out[k + 1] = aBra;
    } else if (aBra !== bKet) {
      return undefined;
    } else {
      out[k] = aKet;
      out[k + 1] = bBra;
    }
  }
  return out;
};

/** Operator product a b (left factor first); more factors multiply left to right. */
export const mulOps = (first: Op, ...rest: readonly Op[]): Op =>
  rest.reduce<Op>((acc, b) => {
    assertSameSpace(acc, b, "mulOps");
    const terms: OpTerm[] = [];
    for (const s of acc.terms) {
      for (const t of b.terms) {
        const word = mulWords(s.word, t.word);
        if (word !== undefined) terms.push({ word, coefficient: mulScalars(s.coefficient, t.coefficient) });
      }
    }
    return canonicalOp(acc.space, terms);
  }, first);

/** Hermitian adjoint: (c |a><b|)^dag = conj(c) |b><a| on every subsystem. */
export const adjoint = (a: Op): Op =>
  canonicalOp(
    a.space,
    a.terms.map((t) => {
      const word = new Array<number>(t.word.length);
      for (let k = 0; k < t.word.length; k += 2) {
        word[k] = t.word[k + 1];
        word[k + 1] = t.word[k];
      }
      return { word, coefficient: conjScalar(t.coefficient) };
    }),
  );

export const commutator = (a: Op, b: Op): Op => subOps(mulOps(a, b), mulOps(b, a));
export const anticommutator = (a: Op, b: Op): Op => addOps(mulOps(a, b), mulOps(b, a));

// ---- normal form and predicates ----
/**
 * The collected form above is unique only up to the completeness relation sum_k |k><k| = I on each
 * subsystem (I - |0><0| - |1><1| on a qubit is the zero operator). The normal form removes that
 * freedom: on every subsystem the projector onto the LAST level is rewritten as
 * I - sum_{k < last} |k><k|. The local operators {I} and {|k><l| : (k, l) != (last, last)} are a basis
 * of the d x d matrices, so the normal form is unique: two operators are equal iff their normal forms
 * are identical, and an operator is zero iff its normal form has no terms. Equality and zero tests
 * use it; the stored form stays as built (more readable: |e><e| stays |e><e|).
 */
export const normalForm = (a: Op): Op => {
  const dims = a.space.dims;
  const expanded: OpTerm[] = [];
  const expand = (word: Word, coefficient: Scalar, from: number): void => {
    for (let k = from; k < dims.length; k++) {
      const last = dims[k] - 1;
      if (word[2 * k] === last && word[2 * k + 1] === last) {
        const withIdentity = [...word];
        withIdentity[2 * k] = IDENTITY_LEVEL;
        withIdentity[2 * k + 1] = IDENTITY_LEVEL;
        expand(withIdentity, coefficient, k + 1);
        const minus = negScalar(coefficient);
        for (let l = 0; l < last; l++) {
          const w = [...word];
          w[2 * k] = l;
          w[2 * k + 1] = l;
          expand(w, minus, k + 1);
        }
        return;
      }
    }
    expanded.push({ word, coefficient });
  };
  for (const t of a.terms) expand(t.word, t.coefficient, 0);
  return canonicalOp(a.space, expanded);
};

export const isZeroOp = (a: Op): boolean => a.terms.length === 0 || normalForm(a).terms.length === 0;
/** Equality as operators (exact, every symbol value): same space and identical normal forms. */
export const opEquals = (a: Op, b: Op): boolean => sameSpace(a.space, b.space) && isZeroOp(subOps(a, b));
export const isHermitian = (a: Op): boolean => opEquals(a, adjoint(a));

/** Every symbol in the coefficients, name -> declared real. */
export const opSymbols = (a: Op): Map<string, boolean> => {
  const out = new Map<string, boolean>();
  for (const t of a.terms) for (const [k, v] of scalarSymbols(t.coefficient)) out.set(k, v);
  return out;
};

/** Convenience scalars used throughout: i and 1/2. */
export const IMAGINARY_UNIT: Scalar = I_SCALAR;
export const ONE_HALF: Scalar = ratio(1, 2);
