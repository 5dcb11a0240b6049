// Shared helpers for the electrodynamics tests (not a test file itself).
import * as E from "fp-ts/lib/Either.js";
import { complex } from "../../src/math/complex.js";
import type { Material } from "../../src/electrodynamics/materials/material.js";
import { halfSpace, slab, type PlanarBody } from "../../src/electrodynamics/planar.js";

export const unwrap = <L extends { message: string }, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

/** A constant-permittivity material written inline (no dependency on the materials layer's builders). */
export const constantEps = (re: number, im: number, domain: readonly [number, number] = [0, Infinity]): Material => {
  const eps = complex(re, im);
  return { name: `eps=${re}+${im}i`, epsilon: () => eps, domain, source: "test" };
};

export const testSlab = (re: number, im: number, thickness: number): PlanarBody => unwrap(slab(constantEps(re, im), thickness));
export const testHalfSpace = (re: number, im: number): PlanarBody => unwrap(halfSpace(constantEps(re, im)));

/** Relative difference with a floor, for comparing numbers of any sign. */
export const relDiff = (a: number, b: number, floor = 0): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
