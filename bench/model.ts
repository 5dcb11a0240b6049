/**
 * The benchmark system: a three-level atom M (levels 0 < 1 < 2; transitions 01, 02, 12) and n
 * qubits resonant with M's 1-2 transition, in the interaction picture. Local emission/absorption
 * on every transition (M's 01 and 02 rates ~1000x the qubits'), collective emission/absorption for
 * every ordered pair of resonant transitions (qubits and M_12) with positive semidefinite rate
 * matrices, and exchange couplings between every resonant pair.
 *
 * Two constructions of the same model, from one set of parameters (`benchmarkParameters`):
 * - `benchmarkSymbolic(n)`: a symbolic MasterEquation (src/algebra) with a named symbol for every
 *   rate and coupling, laid out as the system builder does (src/emitters/symbolic.ts: real gamma+_{t}
 *   emission and gamma-_{t} absorption per transition, one complex gamma+-_{i,j} per resonant pair
 *   i < j used with conj() for (j, i), real Lambda_{i,j} exchange), plus the bindings. bench/run.ts
 *   binds and compiles it (src/numeric/compile.ts) and times that step.
 * - `benchmarkModel(n)`: the numeric matrices built directly (the reference the symbolic path is
 *   checked against, `numericDeviation`; also used by scripts/qutip-crosscheck.ts).
 * The dissipators are listed in the same order in both, so the compiled equation can be compared
 * term by term.
 */
import * as E from "fp-ts/lib/Either.js";
import { masterEquation, type Dissipator, type MasterEquation } from "../src/algebra/master-equation.js";
import { addOps, adjoint, lowering, mulOps, scaleOp, zeroOp, type Op } from "../src/algebra/operator.js";
import { complexSymbol, conjScalar, realSymbol, type Scalar } from "../src/algebra/scalar.js";
import { nLevel, productSpace, qubit, type Subsystem } from "../src/algebra/space.js";
import type { Bindings } from "../src/numeric/compile.js";
import { csrAdjoint, csrLinearCombination, csrMultiply, type CsrMatrix } from "../src/numeric/csr.js";
import { embedLocal, transitionOperator } from "../src/numeric/operators.js";
import type { NumericDissipator, NumericMasterEquation } from "../src/numeric/master-equation.js";

const c = (re: number, im = 0) => ({ re, im });

/** The model's numbers. Resonant transition 0 is M_12, k >= 1 is qubit k. */
export const benchmarkParameters = (qubits: number) => {
  // thermal occupation-like factors: emission (1 + n), absorption n
  const nHigh = 0.05;
  const nLow = 0.8;
  const highRate = 1000;
  /** M's non-resonant transitions [lower, upper, emission, absorption] */
  const fast = [
    [0, 1, 0.9 * highRate * (1 + nHigh), 0.9 * highRate * nHigh],
    [0, 2, highRate * (1 + 0.7 * nHigh), highRate * (0.7 * nHigh)],
  ] as const;
  // resonant transitions sit on a ring; a Gaussian kernel of the distance gives PSD correlations
  const count = qubits + 1;
  const position = (k: number) => (k === 0 ? [0, 0] : [Math.cos((2 * Math.PI * k) / (count - 1 || 1)), Math.sin((2 * Math.PI * k) / (count - 1 || 1))]);
  const correlation = (i: number, j: number) => {
    const [xi, yi] = position(i);
    const [xj, yj] = position(j);
    return Math.exp(-((xi - xj) ** 2 + (yi - yj) ** 2) / 0.8);
  };
  const emission = (i: number) => (i === 0 ? 1.3 : 1 + 0.1 * i) * (1 + nLow);
  const absorption = (i: number) => (i === 0 ? 2.1 : 1 + 0.1 * i) * nLow;
  return {
    fast,
    count,
    /** collective emission / absorption rate matrices (i, j over resonant transitions) */
    emissionRate: (i: number, j: number) => correlation(i, j) * Math.sqrt(emission(i) * emission(j)),
    absorptionRate: (i: number, j: number) => correlation(i, j) * Math.sqrt(absorption(i) * absorption(j)),
    exchange: (i: number, j: number) => 0.3 * correlation(i, j),
  };
};

export const benchmarkModel = (qubits: number): NumericMasterEquation => {
  const p = benchmarkParameters(qubits);
  const dims = [3, ...Array.from({ length: qubits }, () => 2)];
  const names = ["M", ...Array.from({ length: qubits }, (_, k) => `q${k + 1}`)];
  const lowering = (site: number, lower: number, upper: number): CsrMatrix => embedLocal(dims, site, transitionOperator(dims[site], lower, upper));
  const m12 = lowering(0, 1, 2);
  const resonant = [m12, ...Array.from({ length: qubits }, (_, k) => lowering(k + 1, 0, 1))];
  const dissipators: NumericDissipator[] = [];
  for (const [lower, upper, down, up] of p.fast) {
    const sigma = lowering(0, lower, upper);
    dissipators.push({ rate: c(down), a: sigma, b: sigma });
    dissipators.push({ rate: c(up), a: csrAdjoint(sigma), b: csrAdjoint(sigma) });
  }
  for (let i = 0; i < p.count; i++) {
    for (let j = 0; j < p.count; j++) {
      dissipators.push({ rate: c(p.emissionRate(i, j)), a: resonant[i], b: resonant[j] });
      dissipators.push({ rate: c(p.absorptionRate(i, j)), a: csrAdjoint(resonant[i]), b: csrAdjoint(resonant[j]) });
    }
  }
  const exchange = [];
  for (let i = 0; i < p.count; i++) {
    for (let j = i + 1; j < p.count; j++) {
      const lambda = p.exchange(i, j);
      exchange.push({ scale: c(lambda), matrix: csrMultiply(csrAdjoint(resonant[i]), resonant[j]) });
      exchange.push({ scale: c(lambda), matrix: csrMultiply(csrAdjoint(resonant[j]), resonant[i]) });
    }
  }
  const hamiltonian = exchange.length > 0 ? csrLinearCombination(exchange) : csrLinearCombination([{ scale: c(0), matrix: m12 }]);
  return { dims, names, hamiltonian, dissipators, rateUnit: 1 };
};

export interface SymbolicBenchmark {
  readonly masterEquation: MasterEquation;
  readonly bindings: Bindings;
  /** number of distinct symbols */
  readonly symbols: number;
}

const orThrow = <A>(x: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(x)) throw new Error(x.left.message);
  return x.right;
};

/** The same model as a symbolic master equation with named symbols (transition ids M01, M02, M12, q1, ..., as the system builder names them). */
export const benchmarkSymbolic = (qubits: number): SymbolicBenchmark => {
  const p = benchmarkParameters(qubits);
  const subs: Subsystem[] = [orThrow(nLevel("M", 3)), ...Array.from({ length: qubits }, (_, k) => orThrow(qubit(`q${k + 1}`)))];
  const space = orThrow(productSpace(subs));
  const bindings: Record<string, number | { re: number; im: number }> = {};
  const real = (name: string, value: number): Scalar => {
    bindings[name] = value;
    return realSymbol(name);
  };
  const complex = (name: string, value: number): Scalar => {
    bindings[name] = c(value);
    return complexSymbol(name);
  };
  const dissipators: Dissipator[] = [];
  for (const [lower, upper, down, up] of p.fast) {
    const id = `M${lower}${upper}`;
    const s = orThrow(lowering(space, "M", `${lower}`, `${upper}`));
    dissipators.push({ coefficient: real(`gamma+_{${id}}`, down), a: s, b: s, label: `emission ${id}` });
    dissipators.push({ coefficient: real(`gamma-_{${id}}`, up), a: adjoint(s), b: adjoint(s), label: `absorption ${id}` });
  }
  const ids = ["M12", ...Array.from({ length: qubits }, (_, k) => `q${k + 1}`)];
  const resonant: Op[] = [orThrow(lowering(space, "M", "1", "2")), ...Array.from({ length: qubits }, (_, k) => orThrow(lowering(space, `q${k + 1}`, "g", "e")))];
  // pair (i, j), i < j: one complex symbol; (j, i) uses its conjugate (Hermitian rate matrix)
  const pair = (sign: "+" | "-", i: number, j: number, value: number): Scalar => {
    if (i === j) return real(`gamma${sign}_{${ids[i]}}`, value);
    const [lo, hi] = i < j ? [i, j] : [j, i];
    const s = complex(`gamma${sign}_{${ids[lo]},${ids[hi]}}`, value);
    return i < j ? s : conjScalar(s);
  };
  for (let i = 0; i < p.count; i++) {
    for (let j = 0; j < p.count; j++) {
      const what = i === j ? ids[i] : `${ids[i]},${ids[j]}`;
      dissipators.push({ coefficient: pair("+", i, j, p.emissionRate(i, j)), a: resonant[i], b: resonant[j], label: `${i === j ? "" : "collective "}emission ${what}` });
      dissipators.push({ coefficient: pair("-", i, j, p.absorptionRate(i, j)), a: adjoint(resonant[i]), b: adjoint(resonant[j]), label: `${i === j ? "" : "collective "}absorption ${what}` });
    }
  }
  const exchange: Op[] = [];
  for (let i = 0; i < p.count; i++) {
    for (let j = i + 1; j < p.count; j++) {
      const lambda = real(`Lambda_{${ids[i]},${ids[j]}}`, p.exchange(i, j));
      exchange.push(scaleOp(lambda, addOps(mulOps(adjoint(resonant[i]), resonant[j]), mulOps(adjoint(resonant[j]), resonant[i]))));
    }
  }
  const hamiltonian = exchange.length === 0 ? zeroOp(space) : addOps(exchange[0], ...exchange.slice(1));
  return { masterEquation: orThrow(masterEquation(hamiltonian, dissipators)), bindings, symbols: Object.keys(bindings).length };
};

/** max |A - B| over all entries (patterns may differ; a missing entry counts as zero). */
const csrMaxAbsDiff = (a: CsrMatrix, b: CsrMatrix): number => {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  let max = 0;
  const row = new Map<number, [number, number]>();
  for (let r = 0; r < a.rows; r++) {
    row.clear();
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) row.set(a.colIdx[k], [a.values[2 * k], a.values[2 * k + 1]]);
    for (let k = b.rowPtr[r]; k < b.rowPtr[r + 1]; k++) {
      const [re, im] = row.get(b.colIdx[k]) ?? [0, 0];
      row.set(b.colIdx[k], [re - b.values[2 * k], im - b.values[2 * k + 1]]);
    }
    for (const [re, im] of row.values()) max = Math.max(max, Math.hypot(re, im));
  }
  return max;
};

const csrMaxAbs = (a: CsrMatrix): number => {
  let max = 0;
  for (let k = 0; k < a.values.length; k += 2) max = Math.max(max, Math.hypot(a.values[k], a.values[k + 1]));
  return max;
};

/**
 * Largest deviation between two numeric master equations, relative to the largest entry of H and
 * the largest rate (Infinity if dims, names, rate unit or the number of dissipators differ). Jump
 * operators are compared entrywise in absolute terms (their entries are O(1)).
 */
export const numericDeviation = (x: NumericMasterEquation, y: NumericMasterEquation): number => {
  if (x.dims.join() !== y.dims.join() || x.names.join() !== y.names.join() || x.rateUnit !== y.rateUnit || x.dissipators.length !== y.dissipators.length) return Infinity;
  const hScale = Math.max(csrMaxAbs(x.hamiltonian), Number.MIN_VALUE);
  const rScale = Math.max(...x.dissipators.map((d) => Math.hypot(d.rate.re, d.rate.im)));
  let dev = csrMaxAbsDiff(x.hamiltonian, y.hamiltonian) / hScale;
  x.dissipators.forEach((d, k) => {
    const e = y.dissipators[k];
    dev = Math.max(dev, Math.hypot(d.rate.re - e.rate.re, d.rate.im - e.rate.im) / rScale, csrMaxAbsDiff(d.a, e.a), csrMaxAbsDiff(d.b, e.b));
  });
  return dev;
};
