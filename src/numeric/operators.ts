/**
 * Building blocks for numeric operators on tensor products (used by tests, the benchmark and
 * examples): single-site transition operators embedded with identities.
 */
import { csrFromTriplets, csrIdentity, csrKron, type CsrMatrix } from "./csr.js";

/** |a><b| on a d-level space. */
export const transitionOperator = (d: number, a: number, b: number): CsrMatrix => {
  if (!(a >= 0 && a < d && b >= 0 && b < d)) throw new RangeError(`levels ${a}, ${b} outside a ${d}-level space`);
  return csrFromTriplets(d, d, [{ row: a, col: b, value: { re: 1, im: 0 } }]);
};

/** I kron ... kron op (at factor `site`) kron ... kron I. */
export const embedLocal = (dims: readonly number[], site: number, op: CsrMatrix): CsrMatrix => {
  if (op.rows !== dims[site] || op.cols !== dims[site]) throw new RangeError(`operator is ${op.rows}x${op.cols}, factor ${site} has dimension ${dims[site]}`);
  return dims.reduce<CsrMatrix | undefined>((acc, d, k) => {
    const factor = k === site ? op : csrIdentity(d);
    return acc === undefined ? factor : csrKron(acc, factor);
  }, undefined) as CsrMatrix;
};
