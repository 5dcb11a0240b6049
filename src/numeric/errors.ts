/**
 * Typed errors of the numeric back end. Every message says what was wrong and how to fix it.
 */
export type SolveErrorReason =
  | "invalid-input" // shapes, dimensions, NaN or infinite entries
  | "non-unique" // the steady state is not unique (several independent null vectors)
  | "ill-conditioned" // unique in principle, but double precision cannot resolve it to the requested accuracy
  | "not-positive" // the generator is not positivity preserving (e.g. a negative rate) or the result is not PSD
  | "singular" // the factorisation met a zero pivot outside the steady-state setting
  | "not-converged"; // time integration could not meet its tolerance

export interface SolveError {
  readonly kind: "SolveError";
  readonly reason: SolveErrorReason;
  readonly message: string;
}

export const solveError = (reason: SolveErrorReason, message: string): SolveError => ({ kind: "SolveError", reason, message });
