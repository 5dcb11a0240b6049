/**
 * The CLI boundary: library code returns Either with typed errors; here they become exceptions
 * that main() prints as one line and turns into a non-zero exit code.
 */
import * as E from "fp-ts/lib/Either.js";

export class CliError extends Error {}

/** Unwraps a Right, or throws a CliError carrying the typed error's message. */
export const orThrow = <T>(either: E.Either<{ readonly message: string }, T>): T => {
  if (E.isLeft(either)) throw new CliError(either.left.message);
  return either.right;
};
