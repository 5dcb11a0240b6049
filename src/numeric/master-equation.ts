/**
 * A master equation with every symbol bound to a number: the interface between symbolic
 * compilation (src/algebra -> src/numeric/compile.ts) and the numeric solvers.
 *
 *   d rho/dt = -i [H, rho] + sum_k rate_k L(a_k, b_k) rho,
 *   L(a, b) rho = a rho b^dag - 1/2 {b^dag a, rho}.
 *
 * H and the rates are in the same units of angular frequency (hbar = 1), normally divided by a
 * reference rate so that the matrices are well scaled; `rateUnit` records that reference [rad/s].
 */
import type { Complex } from "../math/complex.js";
import type { CsrMatrix } from "./csr.js";

export interface NumericDissipator {
  readonly rate: Complex;
  readonly a: CsrMatrix;
  readonly b: CsrMatrix;
}

export interface NumericMasterEquation {
  /** Local dimensions of the tensor factors, in order; the full dimension is their product. */
  readonly dims: readonly number[];
  /** Names of the tensor factors, in the same order (for partial traces and messages). */
  readonly names: readonly string[];
  readonly hamiltonian: CsrMatrix;
  readonly dissipators: readonly NumericDissipator[];
  /** The angular frequency [rad/s] that H and the rates are measured in (1 if unscaled). */
  readonly rateUnit: number;
}
