/**
 * Plain-text and LaTeX rendering of scalars, operators, master equations and equations of motion.
 * Pure string functions: nothing here prints.
 *
 * Symbol names follow the pattern  base[+|-][digits][_{subscript}|_word], e.g. gamma+_{q1},
 * gamma-_{q1,M12}, Lambda_{q1,q2}, gamma0; Greek bases become Greek letters in LaTeX
 * (\gamma^{+}_{q1}, \Lambda_{q1,q2}, \gamma_{0}). Any other name is set upright with \mathrm.
 */
import type { MasterEquation } from "./master-equation.js";
import { describeDissipator } from "./master-equation.js";
import type { Op, Word } from "./operator.js";
import { type ComplexRational, type Rational, qIsZero, qNeg } from "./rational.js";
import type { Factor, Scalar, ScalarTerm } from "./scalar.js";
import type { Space } from "./space.js";

const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
  "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
]);

const escapeLatex = (s: string): string => s.replace(/([\\{}_^#$%&~])/g, (c) => (c === "\\" ? "\\backslash " : `\\${c}`));

/** LaTeX of one symbol name. */
export const symbolToLatex = (name: string): string => {
  const m = /^([A-Za-z]+)([+-]?)(\d*)(?:_\{([^{}]*)\}|_([A-Za-z0-9,]+))?$/.exec(name);
  if (m === null) return `\\mathrm{${escapeLatex(name)}}`;
  const [, base, sign, digits, braced, bare] = m;
  const head = GREEK.has(base) ? `\\${base}` : base.length === 1 ? base : `\\mathrm{${base}}`;
  const sup = sign === "" ? "" : `^{${sign}}`;
  const subParts = [digits, braced ?? bare ?? ""].filter((p) => p !== "");
  const sub = subParts.length === 0 ? "" : `_{${subParts.map(escapeLatex).join(",")}}`;
  return `${head}${sup}${sub}`;
};

// ---- numbers ----
const ratText = (q: Rational): string => (q.den === 1n ? `${q.num}` : `${q.num}/${q.den}`);
const ratLatex = (q: Rational): string => (q.den === 1n ? `${q.num}` : `\\frac{${q.num}}{${q.den}}`);
const isNegative = (q: Rational): boolean => q.num < 0n;
const isOne = (q: Rational): boolean => q.num === 1n && q.den === 1n;

interface Signed {
  negative: boolean;
  /** text of the magnitude, or "" when it is exactly 1 and may be omitted before a non-empty factor */
  body: string;
}

/** A complex rational as a signed magnitude: the sign is pulled out when the number is real or imaginary. */
const signedNumber = (c: ComplexRational, latex: boolean): Signed => {
  const r = latex ? ratLatex : ratText;
  const times = latex ? " " : "*";
  if (qIsZero(c.im)) return { negative: isNegative(c.re), body: isOne(isNegative(c.re) ? qNeg(c.re) : c.re) ? "" : r(isNegative(c.re) ? qNeg(c.re) : c.re) };
  if (qIsZero(c.re)) {
    const m = isNegative(c.im) ? qNeg(c.im) : c.im;
    return { negative: isNegative(c.im), body: isOne(m) ? "i" : `${r(m)}${times}i` };
  }
  const imPart = isNegative(c.im) ? `- ${isOne(qNeg(c.im)) ? "" : r(qNeg(c.im)) + times}i` : `+ ${isOne(c.im) ? "" : r(c.im) + times}i`;
  return { negative: false, body: `(${r(c.re)} ${imPart})` };
};

// ---- scalars ----
const factorText = (f: Factor): string => {
  const atom = f.conjugated ? `conj(${f.name})` : f.name;
  return f.power === 1 ? atom : `${atom}^${f.power}`;
};
const factorLatex = (f: Factor): string => {
  const sym = symbolToLatex(f.name);
  const atom = f.conjugated ? `\\overline{${sym}}` : sym;
  return f.power === 1 ? atom : `{${atom}}^{${f.power}}`;
};

const termPieces = (t: ScalarTerm, latex: boolean): Signed => {
  const num = signedNumber(t.coefficient, latex);
  const factors = t.monomial.factors.map(latex ? factorLatex : factorText);
  const parts = [num.body, ...factors].filter((p) => p !== "");
  return { negative: num.negative, body: parts.length === 0 ? "1" : parts.join(latex ? " " : "*") };
};

const joinSigned = (pieces: readonly Signed[]): string =>
  pieces.length === 0
    ? "0"
    : pieces.map((p, k) => (k === 0 ? (p.negative ? `-${p.body}` : p.body) : p.negative ? ` - ${p.body}` : ` + ${p.body}`)).join("");

export const scalarToText = (s: Scalar): string => joinSigned(s.terms.map((t) => termPieces(t, false)));
export const scalarToLatex = (s: Scalar): string => joinSigned(s.terms.map((t) => termPieces(t, true)));

/** A scalar as a coefficient in front of something: bare if a single term, parenthesised otherwise. */
const coefficientPieces = (s: Scalar, latex: boolean): Signed => {
  if (s.terms.length === 1) return termPieces(s.terms[0], latex);
  const inner = latex ? scalarToLatex(s) : scalarToText(s);
  return { negative: false, body: latex ? `\\left(${inner}\\right)` : `(${inner})` };
};

// ---- operators ----
const wordText = (space: Space, w: Word): string => {
  const parts: string[] = [];
  for (let k = 0; k < space.subsystems.length; k++) {
    if (w[2 * k] < 0) continue;
    const s = space.subsystems[k];
    parts.push(`|${s.levels[w[2 * k]]}><${s.levels[w[2 * k + 1]]}|_${s.name}`);
  }
  return parts.length === 0 ? "I" : parts.join(" ");
};
const wordLatex = (space: Space, w: Word): string => {
  const parts: string[] = [];
  for (let k = 0; k < space.subsystems.length; k++) {
    if (w[2 * k] < 0) continue;
    const s = space.subsystems[k];
    parts.push(`|${escapeLatex(s.levels[w[2 * k]])}\\rangle\\langle ${escapeLatex(s.levels[w[2 * k + 1]])}|_{${escapeLatex(s.name)}}`);
  }
  return parts.length === 0 ? "\\mathbb{1}" : parts.join(" ");
};

const opPieces = (op: Op, latex: boolean, wrap: (w: string) => string): Signed[] =>
  op.terms.map((t) => {
    const c = coefficientPieces(t.coefficient, latex);
    const w = wrap(latex ? wordLatex(op.space, t.word) : wordText(op.space, t.word));
    const body = c.body === "1" || c.body === "" ? w : `${c.body}${latex ? "\\," : " "}${w}`;
    return { negative: c.negative, body };
  });

export const opToText = (op: Op): string => joinSigned(opPieces(op, false, (w) => w));
export const opToLatex = (op: Op): string => joinSigned(opPieces(op, true, (w) => w));

/** The operator read as an expectation value: sum c <word>. */
export const expectationToText = (op: Op): string => joinSigned(opPieces(op, false, (w) => `<${w}>`));
export const expectationToLatex = (op: Op): string => joinSigned(opPieces(op, true, (w) => `\\langle ${w}\\rangle`));

// ---- master equations ----
const bracket = (s: string, latex: boolean): string => (latex ? `\\left(${s}\\right)` : `(${s})`);

export const masterEquationToText = (me: MasterEquation): string => {
  const lines = [`H = ${opToText(me.hamiltonian)}`, "d rho/dt = -i [H, rho]"];
  me.dissipators.forEach((d, k) => {
    const c = coefficientPieces(d.coefficient, false);
    const name = d.label === undefined ? "" : `   # ${describeDissipator(d, k)}`;
    lines.push(`    ${c.negative ? "-" : "+"} ${c.body === "" ? "" : `${c.body} `}L(${opToText(d.a)}, ${opToText(d.b)}) rho${name}`);
  });
  lines.push("with L(a, b) rho = a rho b^dag - 1/2 {b^dag a, rho}");
  return lines.join("\n");
};

export const masterEquationToLatex = (me: MasterEquation): string => {
  const terms = me.dissipators.map((d) => {
    const c = coefficientPieces(d.coefficient, true);
    return `${c.negative ? "-" : "+"} ${c.body}\\,\\mathcal{L}${bracket(`${opToLatex(d.a)},\\ ${opToLatex(d.b)}`, true)}\\rho`;
  });
  return [
    "\\begin{aligned}",
    `H &= ${opToLatex(me.hamiltonian)} \\\\`,
    `\\dot\\rho &= -i\\left[H, \\rho\\right]${terms.length === 0 ? "" : " \\\\"}`,
    ...terms.map((t, k) => `&\\quad ${t}${k < terms.length - 1 ? " \\\\" : ""}`),
    "\\end{aligned}",
    "% with \\mathcal{L}(a, b)\\rho = a\\rho b^\\dagger - \\tfrac{1}{2}\\{b^\\dagger a, \\rho\\}",
  ].join("\n");
};

/** "d<O>/dt = ..." given O and its equation-of-motion operator L^dag(O). */
export const equationOfMotionToText = (o: Op, rhs: Op): string => `d/dt <${opToText(o)}> = ${expectationToText(rhs)}`;
export const equationOfMotionToLatex = (o: Op, rhs: Op): string =>
  `\\frac{d}{dt}\\left\\langle ${opToLatex(o)}\\right\\rangle = ${expectationToLatex(rhs)}`;
