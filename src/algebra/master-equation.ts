/**
 * Superoperators and Lindblad master equations, symbolically (hbar = 1, Schrodinger picture):
 *
 *   d rho/dt = -i [H, rho] + sum_k c_k L(a_k, b_k) rho,   L(a, b) rho = a rho b^dag - 1/2 {b^dag a, rho}.
 *
 * The adjoint (Heisenberg) generator with respect to the bilinear pairing <A, rho> = Tr(A rho), so that
 * d<A>/dt = Tr(A L(rho)) = Tr(L^dag(A) rho):
 *
 *   L^dag(A) = i [H, A] + sum_k c_k ( b_k^dag A a_k - 1/2 {b_k^dag a_k, A} ).
 *
 * Note: c_k is NOT conjugated (the pairing is bilinear, not Hilbert-Schmidt). Derivation and the reason
 * the anticommutator holds b^dag a (not a^dag b) are in theory/master-equation.md.
 *
 * Internally every generator is a list of "sandwich" terms c * (left . rho . right), which is what both
 * directions and the symbolic proofs work on.
 */
import * as E from "fp-ts/lib/Either.js";
import { type AlgebraError, algebraError } from "./errors.js";
import {
  type Op,
  addOps,
  adjoint,
  identityOp,
  isHermitian,
  isZeroOp,
  mulOps,
  opEquals,
  opSymbols,
  scaleOp,
  subOps,
  zeroOp,
} from "./operator.js";
import {
  type Scalar,
  I_SCALAR,
  addScalars,
  complexSymbol,
  conjScalar,
  isRealScalar,
  mulScalars,
  negScalar,
  ratio,
  scalarEquals,
} from "./scalar.js";
import { type Space, sameSpace } from "./space.js";

/** coefficient * L(a, b) */
export interface Dissipator {
  readonly coefficient: Scalar;
  readonly a: Op;
  readonly b: Op;
  readonly label?: string;
}

export interface MasterEquation {
  readonly kind: "MasterEquation";
  readonly space: Space;
  /** units hbar = 1: an angular frequency */
  readonly hamiltonian: Op;
  readonly dissipators: readonly Dissipator[];
}

/** Checks that every operator is on the Hamiltonian's space and that no symbol is declared both real and complex. */
export const masterEquation = (hamiltonian: Op, dissipators: readonly Dissipator[]): E.Either<AlgebraError, MasterEquation> => {
  const space = hamiltonian.space;
  const reality = new Map<string, boolean>(opSymbols(hamiltonian));
  for (const [k, d] of dissipators.entries()) {
    const name = describeDissipator(d, k);
    if (!sameSpace(d.a.space, space) || !sameSpace(d.b.space, space)) {
      return E.left(algebraError(`${name}: its operators live on a different space than the Hamiltonian (${space.key}); build all on one Space`));
    }
    const symbols = [...opSymbols(d.a), ...opSymbols(d.b), ...opSymbols(scaleOp(d.coefficient, identityOp(space)))];
    for (const [sym, real] of symbols) {
      const prev = reality.get(sym);
      if (prev !== undefined && prev !== real) {
        return E.left(algebraError(`symbol "${sym}" is declared both real and complex (in ${name}); declare it one way everywhere`));
      }
      reality.set(sym, real);
    }
  }
  return E.right({ kind: "MasterEquation", space, hamiltonian, dissipators: [...dissipators] });
};

export const describeDissipator = (d: Dissipator, index: number): string =>
  d.label === undefined ? `dissipator #${index}` : `dissipator #${index} (${d.label})`;

// ---- sandwich form ----
/** c * left . rho . right; `origin` names the generator term it came from (for proof messages). */
export interface SandwichTerm {
  readonly coefficient: Scalar;
  readonly left: Op;
  readonly right: Op;
  readonly origin: string;
}

export interface Superoperator {
  readonly kind: "Superoperator";
  readonly space: Space;
  readonly terms: readonly SandwichTerm[];
}

const MINUS_HALF = ratio(-1, 2);

/** The sandwich terms of c L(a, b): c a.rho.b^dag - c/2 (b^dag a).rho - c/2 rho.(b^dag a). */
export const dissipatorSandwiches = (d: Dissipator, origin: string): SandwichTerm[] => {
  const space = d.a.space;
  const bDag = adjoint(d.b);
  const bDagA = mulOps(bDag, d.a);
  const half = mulScalars(MINUS_HALF, d.coefficient);
  return [
    { coefficient: d.coefficient, left: d.a, right: bDag, origin },
    { coefficient: half, left: bDagA, right: identityOp(space), origin },
    { coefficient: half, left: identityOp(space), right: bDagA, origin },
  ];
};

/** -i[H, rho] as two sandwiches. */
export const hamiltonianSandwiches = (h: Op, origin = "Hamiltonian -i[H, rho]"): SandwichTerm[] => [
  { coefficient: negScalar(I_SCALAR), left: h, right: identityOp(h.space), origin },
  { coefficient: I_SCALAR, left: identityOp(h.space), right: h, origin },
];

export const superoperatorOf = (me: MasterEquation): Superoperator => ({
  kind: "Superoperator",
  space: me.space,
  terms: [...hamiltonianSandwiches(me.hamiltonian), ...me.dissipators.flatMap((d, k) => dissipatorSandwiches(d, describeDissipator(d, k)))],
});

const asSuperoperator = (x: MasterEquation | Superoperator): Superoperator => (x.kind === "MasterEquation" ? superoperatorOf(x) : x);

/** S(rho) = sum c left rho right (Schrodinger picture). */
export const applySuperoperator = (s: MasterEquation | Superoperator, rho: Op): Op => {
  const sup = asSuperoperator(s);
  return sup.terms.reduce((acc, t) => addOps(acc, scaleOp(t.coefficient, mulOps(t.left, rho, t.right))), zeroOp(sup.space));
};

/** S^dag(A) = sum c right A left: Tr(A S(rho)) = Tr(S^dag(A) rho) for all A, rho (bilinear pairing). */
export const applyAdjoint = (s: MasterEquation | Superoperator, a: Op): Op => {
  const sup = asSuperoperator(s);
  return sup.terms.reduce((acc, t) => addOps(acc, scaleOp(t.coefficient, mulOps(t.right, a, t.left))), zeroOp(sup.space));
};

/** The Lindbladian applied to rho: d rho/dt. */
export const lindbladian = (me: MasterEquation, rho: Op): Op => applySuperoperator(me, rho);

/**
 * d<O>/dt as an operator whose expectation value is the right-hand side: L^dag(O).
 * Example: thermal qubit, O = |e><e|: gamma- |g><g| - gamma+ |e><e|.
 */
export const equationOfMotion = (me: MasterEquation, o: Op): Op => applyAdjoint(me, o);

// ---- symbolic proofs ----
export interface ProofTerm {
  readonly origin: string;
  /** what this term contributes to the quantity that should vanish */
  readonly residual: Op;
}

export type ProofResult =
  | { readonly holds: true; readonly property: string }
  | { readonly holds: false; readonly property: string; readonly message: string; readonly offending: readonly ProofTerm[] };

/**
 * Trace preservation, proved on the symbolic form: Tr(S(rho)) = Tr(S^dag(I) rho) for every rho, so the
 * generator is trace preserving iff S^dag(I) == 0 in canonical form (exact, every symbol value).
 * On failure the result names every generator term whose own contribution to S^dag(I) is nonzero.
 */
export const proveTracePreservation = (s: MasterEquation | Superoperator): ProofResult => {
  const sup = asSuperoperator(s);
  const property = "trace preservation: L^dag(I) = 0";
  const identity = identityOp(sup.space);
  const byOrigin = new Map<string, SandwichTerm[]>();
  for (const t of sup.terms) byOrigin.set(t.origin, [...(byOrigin.get(t.origin) ?? []), t]);
  const total = applyAdjoint(sup, identity);
  if (isZeroOp(total)) return { holds: true, property };
  const offending: ProofTerm[] = [];
  for (const [origin, terms] of byOrigin) {
    const residual = applyAdjoint({ kind: "Superoperator", space: sup.space, terms }, identity);
    if (!isZeroOp(residual)) offending.push({ origin, residual });
  }
  const names = offending.map((o) => o.origin).join("; ");
  return {
    holds: false,
    property,
    message: `the generator does not preserve the trace: L^dag(I) has ${total.terms.length} nonzero term(s); offending: ${names || "cancellations across terms"}`,
    offending,
  };
};

/**
 * Hermiticity preservation of a master equation, proved structurally: H is Hermitian (H == H^dag
 * canonically) and every dissipator c L(a, b) is either self-paired (a == b, c real) or the list also
 * holds conj(c) L(b, a) (coefficients of equal (a, b) pairs are summed first). This is the sufficient
 * condition of the brief; `proveHermiticityPreservationGeneric` is the exact test for any superoperator.
 */
export const proveHermiticityPreservation = (me: MasterEquation): ProofResult => {
  const property = "Hermiticity preservation: L(rho)^dag = L(rho^dag)";
  const offending: ProofTerm[] = [];
  if (!isHermitian(me.hamiltonian)) {
    offending.push({ origin: "Hamiltonian is not Hermitian (residual H - H^dag)", residual: subOps(me.hamiltonian, adjoint(me.hamiltonian)) });
  }
  // group equal (a, b) pairs, summing coefficients
  const groups: { a: Op; b: Op; c: Scalar; origins: string[] }[] = [];
  me.dissipators.forEach((d, k) => {
    const g = groups.find((x) => opEquals(x.a, d.a) && opEquals(x.b, d.b));
    if (g === undefined) groups.push({ a: d.a, b: d.b, c: d.coefficient, origins: [describeDissipator(d, k)] });
    else {
      g.c = addScalars(g.c, d.coefficient);
      g.origins.push(describeDissipator(d, k));
    }
  });
  for (const g of groups) {
    const partner = groups.find((x) => opEquals(x.a, g.b) && opEquals(x.b, g.a));
    const ok = partner !== undefined && scalarEquals(partner.c, conjScalar(g.c));
    if (!ok) {
      const why =
        partner === undefined
          ? "has no partner conj(c) L(b, a)"
          : opEquals(g.a, g.b)
            ? "has a coefficient that is not real"
            : "has a partner L(b, a) whose coefficient is not conj(c)";
      offending.push({ origin: `${g.origins.join(" + ")} ${why}`, residual: zeroOp(me.space) });
    }
  }
  return offending.length === 0
    ? { holds: true, property }
    : { holds: false, property, message: `not Hermiticity preserving: ${offending.map((o) => o.origin).join("; ")}`, offending };
};


/**
 * Exact Hermiticity-preservation test for any superoperator: S(X)^dag == S(X^dag) for a generic
 * operator X = sum_ij x_ij |i><j| whose entries are independent complex symbols. Both sides are
 * linear in X, so canonical equality of the two polynomials is a proof for every X.
 * Cost grows as dimension^2 times the number of terms: meant for small spaces (tests, demos).
 */
export const proveHermiticityPreservationGeneric = (s: MasterEquation | Superoperator): ProofResult => {
  const sup = asSuperoperator(s);
  const property = "Hermiticity preservation (generic X): S(X)^dag = S(X^dag)";
  const generic = genericOperator(sup.space, "x");
  const lhs = adjoint(applySuperoperator(sup, generic));
  const rhs = applySuperoperator(sup, adjoint(generic));
  const diff = subOps(lhs, rhs);
  if (isZeroOp(diff)) return { holds: true, property };
  const offending: ProofTerm[] = [];
  const byOrigin = new Map<string, SandwichTerm[]>();
  for (const t of sup.terms) byOrigin.set(t.origin, [...(byOrigin.get(t.origin) ?? []), t]);
  for (const [origin, terms] of byOrigin) {
    const part: Superoperator = { kind: "Superoperator", space: sup.space, terms };
    const r = subOps(adjoint(applySuperoperator(part, generic)), applySuperoperator(part, adjoint(generic)));
    if (!isZeroOp(r)) offending.push({ origin, residual: r });
  }
  return {
    holds: false,
    property,
    message: `S(X)^dag - S(X^dag) has ${diff.terms.length} nonzero term(s); terms not Hermiticity preserving on their own: ${offending.map((o) => o.origin).join("; ")}`,
    offending,
  };
};

/** X = sum over full-space basis pairs of x_{i,j} |i><j|, with complex symbols named `${prefix}_{i,j}`. */
export const genericOperator = (space: Space, prefix: string): Op => {
  const n = space.subsystems.length;
  const terms: { word: number[]; coefficient: Scalar }[] = [];
  const levels = (index: number): number[] => space.strides.map((s, k) => Math.floor(index / s) % space.dims[k]);
  for (let i = 0; i < space.dimension; i++) {
    for (let j = 0; j < space.dimension; j++) {
      const li = levels(i);
      const lj = levels(j);
      const word = new Array<number>(2 * n);
      for (let k = 0; k < n; k++) {
        word[2 * k] = li[k];
        word[2 * k + 1] = lj[k];
      }
      terms.push({ word, coefficient: complexSymbol(`${prefix}_{${i},${j}}`) });
    }
  }
  // the words are distinct and nonzero, so addOps of single-term operators gives the canonical form
  return addOps(zeroOp(space), ...terms.map((t): Op => ({ kind: "Op", space, terms: [t] })));
};

/** True when every coefficient of every dissipator is real as a polynomial identity. */
export const hasRealRates = (me: MasterEquation): boolean => me.dissipators.every((d) => isRealScalar(d.coefficient));
