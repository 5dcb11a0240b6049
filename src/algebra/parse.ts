/**
 * Adapter: a user's formula string (e.g. a rate override "2*gamma0 + 0.5*Lambda") parsed by mathjs
 * into an exact Scalar. Only polynomial syntax is accepted: numbers (decimals are read exactly as
 * decimals), the imaginary unit i, symbols, + - *, division by a nonzero constant, non-negative
 * integer powers, parentheses and conj(...)/conjugate(...). Anything else is a typed error.
 * mathjs is used only to parse; its `simplify` is never called. It is loaded on the first formula.
 */
import * as E from "fp-ts/lib/Either.js";
import { createRequire } from "node:module";
import type { MathNode } from "mathjs";
import { type AlgebraError, algebraError } from "./errors.js";
import { cq, cqInv, cqIsZero, qFromNumber, qIsZero } from "./rational.js";
import {
  type Scalar,
  I_SCALAR,
  addScalars,
  complexSymbol,
  conjScalar,
  constant,
  constantValue,
  mulScalars,
  negScalar,
  powScalar,
  realSymbol,
  subScalars,
} from "./scalar.js";

/** How to read a name in a formula: declared real or complex, and optionally the symbol name it stands for. */
export interface SymbolDeclaration {
  readonly real: boolean;
  /** the Scalar symbol name (default: the formula name); lets "gp_q1" stand for "gamma+_{q1}" */
  readonly name?: string;
}

export type Declarations = Readonly<Record<string, SymbolDeclaration>>;

/**
 * Parses a formula. Names not in `declarations` are an error naming them, unless `undeclared` says
 * how to treat them ("real" or "complex").
 */
export const parseScalar = (
  formula: string,
  declarations: Declarations = {},
  undeclared: "error" | "real" | "complex" = "error",
): E.Either<AlgebraError, Scalar> => {
  if (formula.trim() === "") return E.left(algebraError(`formula is empty; write an expression such as "2 * x"`));
  let node: MathNode;
  try {
    node = mathjsParse()(formula);
  } catch (err) {
    const why = err instanceof RangeError ? "it is nested too deeply" : (err as Error).message;
    return E.left(algebraError(`cannot parse formula "${shorten(formula)}": ${why}`));
  }
  try {
    return convert(node, formula, declarations, undeclared);
  } catch (err) {
    if (err instanceof RangeError) return E.left(algebraError(`formula "${shorten(formula)}" is nested too deeply; simplify it`));
    throw err;
  }
};

// mathjs takes ~0.4-1 s to import: load it on the first formula (its CommonJS build, synchronously), not with this module.
let parser: ((expression: string) => MathNode) | undefined;
const mathjsParse = (): ((expression: string) => MathNode) =>
  (parser ??= (createRequire(import.meta.url)("mathjs") as typeof import("mathjs")).parse as (expression: string) => MathNode);

const shorten = (formula: string): string => (formula.length > 80 ? `${formula.slice(0, 77)}...` : formula);

/** Largest number of terms a power may expand to: (a sum of k terms)^p has up to C(k + p - 1, p). */
export const MAX_EXPANDED_TERMS = 10000;

const expandedTermBound = (terms: number, power: number): number => {
  let bound = 1;
  for (let j = 1; j <= power; j++) {
    bound = (bound * (terms - 1 + j)) / j;
    if (bound > MAX_EXPANDED_TERMS) return Infinity;
  }
  return bound;
};

const convert = (
  node: MathNode,
  formula: string,
  declarations: Declarations,
  undeclared: "error" | "real" | "complex",
): E.Either<AlgebraError, Scalar> => {
  const go = (n: MathNode): E.Either<AlgebraError, Scalar> => convert(n, formula, declarations, undeclared);
  const bad = (what: string): E.Either<AlgebraError, Scalar> =>
    E.left(algebraError(`formula "${formula}": ${what}; allowed are numbers, i, symbols, + - * /, integer powers, parentheses, conj()`));
  const anyNode = node as unknown as { type: string; value?: unknown; name?: string; op?: string; fn?: unknown; args?: MathNode[]; content?: MathNode };
  switch (anyNode.type) {
    case "ConstantNode": {
      const v = anyNode.value;
      if (typeof v !== "number" || !Number.isFinite(v)) return bad(`constant ${String(v)} is not a finite number`);
      return E.right(constant(cq(qFromNumber(v))));
    }
    case "SymbolNode": {
      const name = anyNode.name ?? "";
      if (name === "i") return E.right(I_SCALAR);
      const decl = declarations[name];
      if (decl !== undefined) return E.right(decl.real ? realSymbol(decl.name ?? name) : complexSymbol(decl.name ?? name));
      if (undeclared === "real") return E.right(realSymbol(name));
      if (undeclared === "complex") return E.right(complexSymbol(name));
      const known = Object.keys(declarations);
      return E.left(algebraError(`formula "${formula}": unknown symbol "${name}"; declared symbols are ${known.map((k) => `"${k}"`).join(", ") || "(none)"}`));
    }
    case "ParenthesisNode":
      return anyNode.content === undefined ? bad("empty parentheses") : go(anyNode.content);
    case "FunctionNode": {
      const fnName = (anyNode.fn as { name?: string } | undefined)?.name;
      const args = anyNode.args ?? [];
      if (fnName === "conj" || fnName === "conjugate") {
        return args.length === 1 ? E.map(conjScalar)(go(args[0])) : bad(`${fnName}() takes exactly one argument, got ${args.length}`);
      }
      return bad(`function ${fnName ?? "?"}() is not allowed`);
    }
    case "OperatorNode": {
      const args = anyNode.args ?? [];
      const parts = E.sequenceArray(args.map(go));
      if (E.isLeft(parts)) return parts;
      const [a, b] = parts.right;
      switch (anyNode.op) {
        case "+":
          return args.length === 1 ? E.right(a) : E.right(addScalars(a, b));
        case "-":
          return args.length === 1 ? E.right(negScalar(a)) : E.right(subScalars(a, b));
        case "*": {
          // bound before expanding: the product of the factors' term counts
          const bound = parts.right.reduce((b, f) => b * Math.max(1, f.terms.length), 1);
          return bound > MAX_EXPANDED_TERMS ? bad(`the product expands to more than ${MAX_EXPANDED_TERMS} terms`) : E.right(mulScalars(...parts.right));
        }
        case "/": {
          const d = constantValue(b);
          if (d === undefined || cqIsZero(d)) return bad("division is only allowed by a nonzero constant");
          return E.right(mulScalars(a, constant(cqInv(d))));
        }
        case "^": {
          const p = constantValue(b);
          if (p === undefined || !qIsZero(p.im) || p.re.den !== 1n || p.re.num < 0n || p.re.num > 64n) {
            return bad("powers must be constant non-negative integers (at most 64)");
          }
          if (expandedTermBound(a.terms.length, Number(p.re.num)) > MAX_EXPANDED_TERMS) {
            return bad(`a sum of ${a.terms.length} terms to the power ${p.re.num} would expand to more than ${MAX_EXPANDED_TERMS} terms`);
          }
          return E.right(powScalar(a, Number(p.re.num)));
        }
        default:
          return bad(`operator "${anyNode.op ?? "?"}" is not allowed`);
      }
    }
    default:
      return bad(`${anyNode.type} is not allowed`);
  }
};
