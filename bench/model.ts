/**
 * The benchmark system: a three-level atom M (levels 0 < 1 < 2; transitions 01, 02, 12) and n
 * qubits resonant with M's 1-2 transition, in the interaction picture. Local emission/absorption
 * on every transition (M's 01 and 02 rates ~1000x the qubits'), collective emission/absorption for
 * every ordered pair of resonant transitions (qubits and M_12) with positive semidefinite rate
 * matrices, and exchange couplings between every resonant pair.
 */
import { csrAdjoint, csrLinearCombination, csrMultiply, type CsrMatrix } from "../src/numeric/csr.js";
import { embedLocal, transitionOperator } from "../src/numeric/operators.js";
import type { NumericDissipator, NumericMasterEquation } from "../src/numeric/master-equation.js";

const c = (re: number, im = 0) => ({ re, im });

export const benchmarkModel = (qubits: number): NumericMasterEquation => {
  const dims = [3, ...Array.from({ length: qubits }, () => 2)];
  const names = ["M", ...Array.from({ length: qubits }, (_, k) => `q${k + 1}`)];
  const lowering = (site: number, lower: number, upper: number): CsrMatrix => embedLocal(dims, site, transitionOperator(dims[site], lower, upper));
  const m01 = lowering(0, 0, 1);
  const m02 = lowering(0, 0, 2);
  const m12 = lowering(0, 1, 2);
  const resonant = [m12, ...Array.from({ length: qubits }, (_, k) => lowering(k + 1, 0, 1))];
  // thermal occupation-like factors: emission (1 + n), absorption n
  const nHigh = 0.05;
  const nLow = 0.8;
  const highRate = 1000;
  const dissipators: NumericDissipator[] = [];
  for (const [sigma, rate, occupation] of [
    [m01, 0.9 * highRate, nHigh],
    [m02, highRate, 0.7 * nHigh],
  ] as const) {
    dissipators.push({ rate: c(rate * (1 + occupation)), a: sigma, b: sigma });
    dissipators.push({ rate: c(rate * occupation), a: csrAdjoint(sigma), b: csrAdjoint(sigma) });
  }
  // resonant transitions sit on a ring; a Gaussian kernel of the distance gives PSD correlations
  const count = resonant.length;
  const position = (k: number) => (k === 0 ? [0, 0] : [Math.cos((2 * Math.PI * k) / (count - 1 || 1)), Math.sin((2 * Math.PI * k) / (count - 1 || 1))]);
  const correlation = (i: number, j: number) => {
    const [xi, yi] = position(i);
    const [xj, yj] = position(j);
    return Math.exp(-((xi - xj) ** 2 + (yi - yj) ** 2) / 0.8);
  };
  const emission = (i: number) => (i === 0 ? 1.3 : 1 + 0.1 * i) * (1 + nLow);
  const absorption = (i: number) => (i === 0 ? 2.1 : 1 + 0.1 * i) * nLow;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      const ge = correlation(i, j) * Math.sqrt(emission(i) * emission(j));
      const ga = correlation(i, j) * Math.sqrt(absorption(i) * absorption(j));
      dissipators.push({ rate: c(ge), a: resonant[i], b: resonant[j] });
      dissipators.push({ rate: c(ga), a: csrAdjoint(resonant[i]), b: csrAdjoint(resonant[j]) });
    }
  }
  const exchange = [];
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const lambda = 0.3 * correlation(i, j);
      exchange.push({ scale: c(lambda), matrix: csrMultiply(csrAdjoint(resonant[i]), resonant[j]) });
      exchange.push({ scale: c(lambda), matrix: csrMultiply(csrAdjoint(resonant[j]), resonant[i]) });
    }
  }
  const hamiltonian = exchange.length > 0 ? csrLinearCombination(exchange) : csrLinearCombination([{ scale: c(0), matrix: m12 }]);
  return { dims, names, hamiltonian, dissipators, rateUnit: 1 };
};
