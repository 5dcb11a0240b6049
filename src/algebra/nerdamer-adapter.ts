/**
 * Thin adapter to nerdamer: only `expand` and `buildFunction` are used (its `simplify` returns wrong
 * values on a few per cent of inputs; see docs/algebra.md). Symbol names such as "gamma+_{q1}" are
 * not nerdamer identifiers, so every atom is renamed to a safe alias (s0, s1, ...; a conjugated
 * complex symbol gets its own alias, since to a commutative polynomial algebra conj(z) is just
 * another variable). Property tests compare values before and after every trip through nerdamer.
 */
import * as E from "fp-ts/lib/Either.js";
import nerdamer from "nerdamer";
import "nerdamer/Algebra.js";
import { type AlgebraError, algebraError } from "./errors.js";
import { parseScalar } from "./parse.js";
import { qIsZero, qToString } from "./rational.js";
import { type Scalar, complexSymbol, conjScalar, realSymbol, substituteScalar } from "./scalar.js";

export interface NerdamerForm {
  /** a nerdamer expression string over the aliases */
  readonly expression: string;
  /** alias -> the atom it stands for */
  readonly aliases: ReadonlyMap<string, { readonly name: string; readonly real: boolean; readonly conjugated: boolean }>;
}

export const scalarToNerdamer = (s: Scalar): NerdamerForm => {
  const aliases = new Map<string, { name: string; real: boolean; conjugated: boolean }>();
  const byAtom = new Map<string, string>();
  const aliasOf = (name: string, real: boolean, conjugated: boolean): string => {
    const key = `${name}\u0001${conjugated}`;
    const existing = byAtom.get(key);
    if (existing !== undefined) return existing;
    const alias = `s${aliases.size}`;
    aliases.set(alias, { name, real, conjugated });
    byAtom.set(key, alias);
    return alias;
  };
  const terms = s.terms.map((t) => {
    const c = t.coefficient;
    const coeff = qIsZero(c.im) ? `(${qToString(c.re)})` : `(${qToString(c.re)}+(${qToString(c.im)})*i)`;
    const factors = t.monomial.factors.map((f) => `${aliasOf(f.name, f.real, f.conjugated)}^${f.power}`);
    return [coeff, ...factors].join("*");
  });
  return { expression: terms.length === 0 ? "0" : terms.join("+"), aliases };
};

/** Back from a nerdamer result string over the aliases to a Scalar. */
export const scalarFromNerdamer = (expression: string, form: NerdamerForm): E.Either<AlgebraError, Scalar> => {
  const parsed = parseScalar(expression, {}, "real");
  if (E.isLeft(parsed)) return parsed;
  for (const name of parsedNames(parsed.right)) {
    if (!form.aliases.has(name)) return E.left(algebraError(`nerdamer returned an unknown name "${name}" in "${expression}"`));
  }
  return E.right(
    substituteScalar(parsed.right, (alias) => {
      const atom = form.aliases.get(alias);
      if (atom === undefined) return undefined;
      const sym = atom.real ? realSymbol(atom.name) : complexSymbol(atom.name);
      return atom.conjugated ? conjScalar(sym) : sym;
    }),
  );
};

const parsedNames = (s: Scalar): string[] => [...new Set(s.terms.flatMap((t) => t.monomial.factors.map((f) => f.name)))];

/**
 * Expands a polynomial expression built from Scalars by nerdamer, e.g. a product of sums given as a
 * string over the aliases of `form`. Used to cross-check our own canonical form; any failure is a
 * typed error.
 */
export const expandWithNerdamer = (expression: string, form: NerdamerForm): E.Either<AlgebraError, Scalar> => {
  try {
    return scalarFromNerdamer(nerdamer(`expand(${expression})`).toString(), form);
  } catch (err) {
    return E.left(algebraError(`nerdamer could not expand "${expression}": ${(err as Error).message}`));
  }
};

/** The product of scalars, expanded by nerdamer (for cross-checks against mulScalars). */
export const nerdamerProduct = (factors: readonly Scalar[]): E.Either<AlgebraError, Scalar> => {
  // one alias table for all factors: render their sum's atoms first, then each factor with that table
  const all = scalarToNerdamer(factors.reduce((acc, f) => ({ kind: "Scalar", terms: [...acc.terms, ...f.terms] }), { kind: "Scalar", terms: [] } as Scalar));
  const inverse = new Map<string, string>();
  for (const [alias, atom] of all.aliases) inverse.set(`${atom.name}\u0001${atom.conjugated}`, alias);
  const render = (s: Scalar): string =>
    s.terms.length === 0
      ? "0"
      : s.terms
          .map((t) => {
            const c = t.coefficient;
            const coeff = qIsZero(c.im) ? `(${qToString(c.re)})` : `(${qToString(c.re)}+(${qToString(c.im)})*i)`;
            return [coeff, ...t.monomial.factors.map((f) => `${inverse.get(`${f.name}\u0001${f.conjugated}`)}^${f.power}`)].join("*");
          })
          .join("+");
  return expandWithNerdamer(factors.map((f) => `(${render(f)})`).join("*") || "1", all);
};

/**
 * A fast closure for a REAL scalar (real symbols, real coefficients) via nerdamer's buildFunction;
 * arguments in the order of `names`. Complex scalars are a typed error (use evaluateScalar).
 */
export const buildRealEvaluator = (s: Scalar, names: readonly string[]): E.Either<AlgebraError, (...args: number[]) => number> => {
  for (const t of s.terms) {
    if (!qIsZero(t.coefficient.im)) return E.left(algebraError("buildRealEvaluator: the scalar has a complex coefficient; use evaluateScalar"));
    for (const f of t.monomial.factors) {
      if (!f.real) return E.left(algebraError(`buildRealEvaluator: symbol "${f.name}" is complex; use evaluateScalar`));
      if (!names.includes(f.name)) return E.left(algebraError(`buildRealEvaluator: symbol "${f.name}" is not in the argument list ${names.join(", ")}`));
    }
  }
  const form = scalarToNerdamer(s);
  const aliasFor = new Map<string, string>();
  for (const [alias, atom] of form.aliases) aliasFor.set(atom.name, alias);
  // unused argument names get fresh aliases so that buildFunction accepts the full list
  const argAliases = names.map((n, k) => aliasFor.get(n) ?? `u${k}`);
  try {
    const fn = nerdamer(form.expression).buildFunction(argAliases) as (...args: number[]) => number;
    return E.right(fn);
  } catch (err) {
    return E.left(algebraError(`nerdamer buildFunction failed: ${(err as Error).message}`));
  }
};
