/**
 * The demo system of issue 2 as a symbolic master equation: a three-level atom M (levels 0 < 1 < 2)
 * with thermal local rates on its three transitions, exchanging excitations with one qubit q (g, e)
 * resonant with its 1-2 transition (BRIEF §2, interaction picture: no free Hamiltonian).
 *
 *   H = Lambda_{q,M12} (sigma_q^dag sigma_M12 + sigma_M12^dag sigma_q)
 *   local:      gamma+_{t} L(sigma_t, sigma_t) + gamma-_{t} L(sigma_t^dag, sigma_t^dag),  t in {q, M01, M02, M12}
 *   collective: gamma+_{q,M12} L(sigma_q, sigma_M12) + conj(gamma+_{q,M12}) L(sigma_M12, sigma_q)
 *             + gamma-_{q,M12} L(sigma_q^dag, sigma_M12^dag) + conj(gamma-_{q,M12}) L(sigma_M12^dag, sigma_q^dag)
 *
 * sigma = |lower><upper|; gamma+ is emission, gamma- absorption. The collective rates of the two
 * orders are complex conjugates (the rate matrix is Hermitian), so one complex symbol per pair and
 * direction is enough and the equation is Hermiticity preserving as a symbolic identity. With
 * `realCollectiveRates` the collective symbols are declared real instead (then both orders share the
 * same real value).
 */
import * as E from "fp-ts/lib/Either.js";
import type { AlgebraError } from "./errors.js";
import { type Dissipator, type MasterEquation, masterEquation } from "./master-equation.js";
import { type Op, addOps, adjoint, lowering, mulOps, scaleOp } from "./operator.js";
import { complexSymbol, conjScalar, realSymbol } from "./scalar.js";
import { type Space, nLevel, productSpace, qubit } from "./space.js";

export interface DemoOptions {
  readonly machineName?: string;
  readonly qubitName?: string;
  readonly realCollectiveRates?: boolean;
}

export interface DemoSystem {
  readonly space: Space;
  readonly masterEquation: MasterEquation;
  /** the qubit's excited-state projector |e><e| */
  readonly qubitExcited: Op;
  /** sigma operators by transition name: q, M01, M02, M12 (with the chosen names) */
  readonly sigmas: Readonly<Record<string, Op>>;
}

const localThermal = (sigma: Op, tag: string): Dissipator[] => [
  { coefficient: realSymbol(`gamma+_{${tag}}`), a: sigma, b: sigma, label: `emission ${tag}` },
  { coefficient: realSymbol(`gamma-_{${tag}}`), a: adjoint(sigma), b: adjoint(sigma), label: `absorption ${tag}` },
];

export const machineQubitDemo = (options: DemoOptions = {}): E.Either<AlgebraError, DemoSystem> => {
  const m = options.machineName ?? "M";
  const q = options.qubitName ?? "q";
  const subs = E.sequenceArray([nLevel(m, 3), qubit(q)]);
  if (E.isLeft(subs)) return subs;
  const spaceE = productSpace(subs.right);
  if (E.isLeft(spaceE)) return spaceE;
  const space = spaceE.right;
  const ops = E.sequenceArray([lowering(space, q, "g", "e"), lowering(space, m, "0", "1"), lowering(space, m, "0", "2"), lowering(space, m, "1", "2")]);
  if (E.isLeft(ops)) return ops;
  const [sq, s01, s02, s12] = ops.right;
  const tq = q;
  const t01 = `${m}01`;
  const t02 = `${m}02`;
  const t12 = `${m}12`;
  const pair = `${tq},${t12}`;
  const lambda = realSymbol(`Lambda_{${pair}}`);
  const hamiltonian = scaleOp(lambda, addOps(mulOps(adjoint(sq), s12), mulOps(adjoint(s12), sq)));
  const collective = (name: string) => (options.realCollectiveRates === true ? realSymbol(name) : complexSymbol(name));
  const gPlus = collective(`gamma+_{${pair}}`);
  const gMinus = collective(`gamma-_{${pair}}`);
  const dissipators: Dissipator[] = [
    ...localThermal(sq, tq),
    ...localThermal(s01, t01),
    ...localThermal(s02, t02),
    ...localThermal(s12, t12),
    { coefficient: gPlus, a: sq, b: s12, label: `collective emission ${tq},${t12}` },
    { coefficient: conjScalar(gPlus), a: s12, b: sq, label: `collective emission ${t12},${tq}` },
    { coefficient: gMinus, a: adjoint(sq), b: adjoint(s12), label: `collective absorption ${tq},${t12}` },
    { coefficient: conjScalar(gMinus), a: adjoint(s12), b: adjoint(sq), label: `collective absorption ${t12},${tq}` },
  ];
  const me = masterEquation(hamiltonian, dissipators);
  if (E.isLeft(me)) return me;
  const excited = mulOps(adjoint(sq), sq);
  return E.right({ space, masterEquation: me.right, qubitExcited: excited, sigmas: { [tq]: sq, [t01]: s01, [t02]: s02, [t12]: s12 } });
};
