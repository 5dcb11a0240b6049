/**
 * The symbolic master equation of BRIEF §2 for a planned system, in the interaction picture:
 *
 *   d rho/dt = -i [H_int, rho] + sum_t ( gamma+_t L(s_t, s_t) + gamma-_t L(s_t^dag, s_t^dag) )
 *            + sum_{(i,j) resonant, i<j} ( gamma+_{i,j} L(s_i, s_j) + conj(gamma+_{i,j}) L(s_j, s_i)
 *                                      + gamma-_{i,j} L(s_i^dag, s_j^dag) + conj(gamma-_{i,j}) L(s_j^dag, s_i^dag) ),
 *   H_int = sum_{(i,j) resonant, i<j} Lambda_{i,j} (s_i^dag s_j + s_j^dag s_i)      (hbar = 1)
 *         + sum_{shifted levels l of emitter e} delta_{e,l} |l><l|_e,
 *
 * with s_t = |lower><upper| of transition t. There is no free Hamiltonian: every term kept commutes
 * with the superoperator [H_0, .] (resonant exchange, secular dissipators), so the steady state
 * commutes with H_0 and its populations are the same in both pictures; keeping H_0 (~1e13 rad/s)
 * would only make the Liouvillian span ~15 orders of magnitude (theory/thermodynamics.md).
 * Pairs that are resonant only within the tolerance are kept in a rotating frame: the detunings
 * remain as level shifts delta_{e,l} (plan.ts, rotatingFrame; theory/master-equation.md).
 *
 * The collective rate of (j, i) is the conjugate of (i, j) (Hermitian rate matrix): one complex
 * symbol per unordered pair, used with conj() for the swapped order, makes the equation manifestly
 * Hermiticity preserving.
 */
import * as E from "fp-ts/lib/Either.js";
import type { AlgebraError } from "../algebra/errors.js";
import { masterEquation, type Dissipator, type MasterEquation } from "../algebra/master-equation.js";
import { addOps, adjoint, lowering, mulOps, projector, scaleOp, zeroOp, type Op } from "../algebra/operator.js";
import { complexSymbol, conjScalar, realSymbol } from "../algebra/scalar.js";
import { productSpace, subsystem, type Space, type Subsystem } from "../algebra/space.js";
import type { SystemPlan } from "./plan.js";
import { detuningSymbol, lambdaSymbol, localSymbol, pairSymbol } from "./rates.js";

export interface SymbolicSystem {
  readonly space: Space;
  readonly masterEquation: MasterEquation;
  /** Lowering operator of each transition, by id. */
  readonly lowering: ReadonlyMap<string, Op>;
}

/**
 * The symbolic equation depends only on the structure (emitters' names and levels, transitions,
 * resonant pairs, collective on/off), not on positions or rates: a sweep reuses one equation. A small
 * bounded memo keyed by that structure avoids rebuilding it at every point (values are immutable).
 */
const MEMO_SIZE = 32;
const memo = new Map<string, SymbolicSystem>();

const structureKey = (plan: SystemPlan, collective: boolean): string =>
  JSON.stringify([
    plan.emitters.map((e) => [e.name, e.levels]),
    plan.transitions.map((t) => [t.id, t.emitter, t.lower, t.upper]),
    plan.pairs.map((p) => [p.i, p.j]),
    plan.levelShifts.map((l) => [l.emitter, l.level]),
    collective,
  ]);

export const buildSymbolic = (plan: SystemPlan, collective: boolean): E.Either<AlgebraError, SymbolicSystem> => {
  const key = structureKey(plan, collective);
  const hit = memo.get(key);
  if (hit !== undefined) return E.right(hit);
  const built = buildSymbolicUncached(plan, collective);
  if (E.isRight(built)) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(key, built.right);
  }
  return built;
};

const buildSymbolicUncached = (plan: SystemPlan, collective: boolean): E.Either<AlgebraError, SymbolicSystem> => {
  const subs: Subsystem[] = [];
  for (const e of plan.emitters) {
    const s = subsystem(e.name, e.levels);
    if (E.isLeft(s)) return s;
    subs.push(s.right);
  }
  const space = productSpace(subs);
  if (E.isLeft(space)) return space;
  const sigma = new Map<string, Op>();
  for (const t of plan.transitions) {
    const op = lowering(space.right, t.emitter, t.lower, t.upper);
    if (E.isLeft(op)) return op;
    sigma.set(t.id, op.right);
  }
  const s = (id: string): Op => sigma.get(id) as Op;
  const dissipators: Dissipator[] = [];
  for (const t of plan.transitions) {
    dissipators.push({ coefficient: realSymbol(localSymbol("+", t.id)), a: s(t.id), b: s(t.id), label: `emission ${t.id}` });
    dissipators.push({ coefficient: realSymbol(localSymbol("-", t.id)), a: adjoint(s(t.id)), b: adjoint(s(t.id)), label: `absorption ${t.id}` });
  }
  const exchange: Op[] = [];
  for (const p of plan.pairs) {
    const si = s(p.i);
    const sj = s(p.j);
    exchange.push(scaleOp(realSymbol(lambdaSymbol(p.i, p.j)), addOps(mulOps(adjoint(si), sj), mulOps(adjoint(sj), si))));
    if (!collective) continue;
    const gp = complexSymbol(pairSymbol("+", p.i, p.j));
    const gm = complexSymbol(pairSymbol("-", p.i, p.j));
    dissipators.push(
      { coefficient: gp, a: si, b: sj, label: `collective emission ${p.i},${p.j}` },
      { coefficient: conjScalar(gp), a: sj, b: si, label: `collective emission ${p.j},${p.i}` },
      { coefficient: gm, a: adjoint(si), b: adjoint(sj), label: `collective absorption ${p.i},${p.j}` },
      { coefficient: conjScalar(gm), a: adjoint(sj), b: adjoint(si), label: `collective absorption ${p.j},${p.i}` },
    );
  }
  for (const shift of plan.levelShifts) {
    const p = projector(space.right, shift.emitter, shift.level);
    if (E.isLeft(p)) return p;
    exchange.push(scaleOp(realSymbol(detuningSymbol(shift.emitter, shift.level)), p.right));
  }
  const hamiltonian = exchange.length === 0 ? zeroOp(space.right) : addOps(exchange[0], ...exchange.slice(1));
  const me = masterEquation(hamiltonian, dissipators);
  if (E.isLeft(me)) return me;
  return E.right({ space: space.right, masterEquation: me.right, lowering: sigma });
};
