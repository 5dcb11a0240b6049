/**
 * Fill-reducing ordering: greedy minimum degree on the pattern of A + A^T, computed on the explicit
 * elimination graph (no quotient graph). The cost of building the elimination graph is of the
 * order of the symbolic fill, i.e. below the numeric factorisation's cost. See theory/numerics.md §4.
 */
import type { CsrMatrix } from "./csr.js";

/** Binary min-heap of (key, node) pairs with lazy deletion (stale entries are skipped by callers). */
class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(capacity, 16));
    this.nodes = new Int32Array(this.keys.length);
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(2 * this.size);
      keys.set(this.keys);
      const nodes = new Int32Array(2 * this.size);
      nodes.set(this.nodes);
      this.keys = keys;
      this.nodes = nodes;
    }
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[at] = this.keys[parent];
      this.nodes[at] = this.nodes[parent];
      at = parent;
    }
    this.keys[at] = key;
    this.nodes[at] = node;
  }
  /** Removes the smallest entry; returns its node (and leaves its key in `lastKey`). */
  lastKey = 0;
  pop(): number {
    const node = this.nodes[0];
    this.lastKey = this.keys[0];
    const key = this.keys[--this.size];
    const moved = this.nodes[this.size];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[at] = this.keys[child];
      this.nodes[at] = this.nodes[child];
      at = child;
    }
    this.keys[at] = key;
    this.nodes[at] = moved;
    return node;
  }
}

/**
 * A permutation `order` (order[k] = index eliminated k-th) of 0..n-1 that reduces fill when the
 * matrix is factored as A[order, order]. Ties are broken by index so the result is deterministic.
 */
export const minimumDegreeOrdering = (a: CsrMatrix): Int32Array => {
  const n = a.rows;
  // symmetric adjacency without self loops
  const adjacency: Int32Array[] = new Array(n);
  {
    const degree = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
        const c = a.colIdx[k];
        if (c === r) continue;
        degree[r]++;
        degree[c]++;
      }
    }
    const raw: Int32Array[] = Array.from({ length: n }, (_, v) => new Int32Array(degree[v]));
    const fill = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
        const c = a.colIdx[k];
        if (c === r) continue;
        raw[r][fill[r]++] = c;
        raw[c][fill[c]++] = r;
      }
    }
    // deduplicate
    const seen = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      let count = 0;
      const list = raw[v];
      for (let k = 0; k < list.length; k++) {
        const w = list[k];
        if (seen[w] === v) continue;
        seen[w] = v;
        list[count++] = w;
      }
      adjacency[v] = list.slice(0, count);
    }
  }
  const eliminated = new Uint8Array(n);
  const degree = new Int32Array(n);
  const heap = new MinHeap(2 * n);
  for (let v = 0; v < n; v++) {
    degree[v] = adjacency[v].length;
    heap.push(degree[v] * n + v, v); // key encodes (degree, index) for deterministic ties
  }
  const order = new Int32Array(n);
  const stamp = new Int32Array(n).fill(-1);
  let stampCounter = 0;
  let buffer = new Int32Array(64);
  let position = 0;
  while (position < n) {
    const v = heap.pop();
    if (eliminated[v] || heap.lastKey !== degree[v] * n + v) continue; // stale entry
    eliminated[v] = 1;
    order[position++] = v;
    // live neighbours of v form a clique after elimination
    const neighbours = adjacency[v].filter((w) => !eliminated[w]);
    adjacency[v] = new Int32Array(0);
    for (let t = 0; t < neighbours.length; t++) {
      const u = neighbours[t];
      const tag = stampCounter++;
      const old = adjacency[u];
      const bound = old.length + neighbours.length;
      if (buffer.length < bound) buffer = new Int32Array(2 * bound);
      let count = 0;
      for (let k = 0; k < old.length; k++) {
        const w = old[k];
        if (eliminated[w] || stamp[w] === tag) continue;
        stamp[w] = tag;
        buffer[count++] = w;
      }
      for (let k = 0; k < neighbours.length; k++) {
        const w = neighbours[k];
        if (w === u || stamp[w] === tag) continue;
        stamp[w] = tag;
        buffer[count++] = w;
      }
      adjacency[u] = buffer.slice(0, count);
      degree[u] = count;
      heap.push(count * n + u, u);
    }
  }
  return order;
};

/** The identity ordering 0..n-1 (for comparisons). */
export const naturalOrdering = (n: number): Int32Array => Int32Array.from({ length: n }, (_, k) => k);
