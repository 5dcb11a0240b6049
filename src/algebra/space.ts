/**
 * Hilbert spaces: a subsystem is a named finite set of labelled levels; a Space is an ordered tensor
 * product of subsystems with unique names. Dimensions and the index order are derived here, never
 * typed by hand. Basis order of the full space: the FIRST subsystem is the most significant index,
 * i.e. index = sum_k level_k * stride_k with stride_last = 1 (the usual Kronecker-product order).
 */
import * as E from "fp-ts/lib/Either.js";
import { type AlgebraError, algebraError } from "./errors.js";

export interface Subsystem {
  readonly name: string;
  readonly levels: readonly string[];
}

export interface Space {
  readonly subsystems: readonly Subsystem[];
  /** local dimensions, in subsystem order */
  readonly dims: readonly number[];
  /** full dimension = product of dims */
  readonly dimension: number;
  /** index strides, first subsystem most significant */
  readonly strides: readonly number[];
  /** structural identity: two spaces with equal keys are the same space */
  readonly key: string;
}

export const subsystem = (name: string, levels: readonly string[]): E.Either<AlgebraError, Subsystem> => {
  if (name.trim() === "" || /\s/.test(name)) {
    return E.left(algebraError(`subsystem name "${name}" must be non-empty without spaces, e.g. "q1" or "M"`));
  }
  if (levels.length === 0) return E.left(algebraError(`subsystem "${name}" needs at least one level, e.g. ["g", "e"]`));
  const seen = new Set<string>();
  for (const level of levels) {
    if (level === "" || /\s/.test(level)) {
      return E.left(algebraError(`subsystem "${name}": level label "${level}" must be non-empty without spaces`));
    }
    if (seen.has(level)) return E.left(algebraError(`subsystem "${name}": level "${level}" appears twice; labels must be unique`));
    seen.add(level);
  }
  return E.right({ name, levels: [...levels] });
};

/** A two-level emitter with levels "g" (ground) and "e" (excited). */
export const qubit = (name: string): E.Either<AlgebraError, Subsystem> => subsystem(name, ["g", "e"]);
/** An n-level emitter with levels "0" .. "n-1" (ascending energy by convention). */
export const nLevel = (name: string, n: number): E.Either<AlgebraError, Subsystem> =>
  Number.isInteger(n) && n >= 1
    ? subsystem(name, Array.from({ length: n }, (_, k) => `${k}`))
    : E.left(algebraError(`subsystem "${name}": number of levels must be a positive integer, got ${n}`));

export const productSpace = (subs: readonly Subsystem[]): E.Either<AlgebraError, Space> => {
  if (subs.length === 0) return E.left(algebraError("a space needs at least one subsystem"));
  const names = new Set<string>();
  for (const s of subs) {
    if (names.has(s.name)) return E.left(algebraError(`subsystem name "${s.name}" is used twice; names in a space must be unique`));
    names.add(s.name);
  }
  const dims = subs.map((s) => s.levels.length);
  const strides = dims.map((_, k) => dims.slice(k + 1).reduce((p, d) => p * d, 1));
  const dimension = dims.reduce((p, d) => p * d, 1);
  const key = subs.map((s) => `${s.name}(${s.levels.join(",")})`).join("⊗");
  return E.right({ subsystems: subs.map((s) => ({ name: s.name, levels: [...s.levels] })), dims, dimension, strides, key });
};

export const sameSpace = (a: Space, b: Space): boolean => a === b || a.key === b.key;

/** Index of a named subsystem, or a typed error naming the bad name and the valid ones. */
export const subsystemIndex = (space: Space, name: string): E.Either<AlgebraError, number> => {
  const k = space.subsystems.findIndex((s) => s.name === name);
  return k >= 0
    ? E.right(k)
    : E.left(algebraError(`unknown subsystem "${name}"; this space has ${space.subsystems.map((s) => `"${s.name}"`).join(", ")}`));
};

/** Index of a level of a subsystem, or a typed error naming the bad level and the valid ones. */
export const levelIndex = (space: Space, sub: number, level: string): E.Either<AlgebraError, number> => {
  const s = space.subsystems[sub];
  const k = s.levels.indexOf(level);
  return k >= 0
    ? E.right(k)
    : E.left(algebraError(`unknown level "${level}" of subsystem "${s.name}"; its levels are ${s.levels.map((l) => `"${l}"`).join(", ")}`));
};
