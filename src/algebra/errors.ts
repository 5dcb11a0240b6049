/** Typed errors of the symbolic layer. Every message says what was wrong and how to fix it. */
export interface AlgebraError {
  readonly kind: "AlgebraError";
  readonly message: string;
}

export const algebraError = (message: string): AlgebraError => ({ kind: "AlgebraError", message });
