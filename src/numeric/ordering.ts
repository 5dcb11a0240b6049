/**
 * Fill-reducing orderings on the pattern of A + A^T (see theory/numerics.md §4):
 * - `approximateMinimumDegree`: minimum degree on the quotient graph (eliminated nodes become
 *   "elements" that stand for the clique they created), with AMD-style approximate external degrees
 *   and element absorption. Its cost is close to linear in nnz(L), far below the factorisation's.
 *   Written after the published description (Amestoy, Davis & Duff, SIAM J. Matrix Anal. Appl. 17,
 *   1996); no supervariable detection.
 * - `minimumDegreeOrdering`: exact minimum degree on the explicit elimination graph (simple, but its
 *   cost grows like the factorisation's flops); kept as a reference for tests and measurements.
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

/**
 * Approximate minimum degree ordering (quotient graph, approximate external degrees, element
 * absorption). Returns order[k] = index eliminated k-th; deterministic. Once the minimum degree
 * reaches `denseTail.fraction` of the remaining count (and at least `minSize` remain), the rest is
 * appended in index order: it is a (near) clique that the LU factorises densely anyway.
 */
export const approximateMinimumDegree = (a: CsrMatrix, denseTail: { readonly fraction: number; readonly minSize: number } = { fraction: 0.8, minSize: 48 }): Int32Array => {
  const n = a.rows;
  // symmetric variable adjacency without self loops or duplicates
  const varAdj: number[][] = new Array(n);
  {
    const count = new Int32Array(n);
    for (let r = 0; r < n; r++)
      for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
        const c = a.colIdx[k];
        if (c !== r) {
          count[r]++;
          count[c]++;
        }
      }
    const raw = Array.from({ length: n }, (_, v) => new Int32Array(count[v]));
    const fill = new Int32Array(n);
    for (let r = 0; r < n; r++)
      for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
        const c = a.colIdx[k];
        if (c !== r) {
          raw[r][fill[r]++] = c;
          raw[c][fill[c]++] = r;
        }
      }
    const seen = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      let m = 0;
      const list = raw[v];
      for (let k = 0; k < list.length; k++) {
        const w = list[k];
        if (seen[w] !== v) {
          seen[w] = v;
          list[m++] = w;
        }
      }
      varAdj[v] = Array.from(list.subarray(0, m));
    }
  }
  const VARIABLE = 0;
  const ELEMENT = 1;
  const ABSORBED = 2;
  const status = new Uint8Array(n); // all variables
  // plain arrays, edited in place: allocating many small typed arrays is slow in V8
  const elemAdj: number[][] = Array.from({ length: n }, () => []);
  const elemVars: number[][] = Array.from({ length: n }, () => []);
  const degree = Int32Array.from(varAdj, (l) => l.length);
  const heap = new MinHeap(2 * n);
  for (let v = 0; v < n; v++) heap.push(degree[v] * n + v, v);
  const inPivotSet = new Int32Array(n).fill(-1); // = k while v is in L_p of step k
  const wStamp = new Int32Array(n).fill(-1);
  const w = new Int32Array(n); // |L_e \ L_p| for elements touched in step k
  const order = new Int32Array(n);
  let lp = new Int32Array(64);
  let k = 0;
  while (k < n) {
    const p = heap.pop();
    if (status[p] !== VARIABLE || heap.lastKey !== degree[p] * n + p) continue;
    const remaining = n - k;
    if (remaining >= denseTail.minSize && degree[p] >= denseTail.fraction * (remaining - 1)) {
      // the rest is (nearly) a clique: its factor is dense whatever the order, and the LU switches
      // to dense arithmetic there, so order it by index and stop
      for (let v = 0; v < n; v++) if (status[v] === VARIABLE) order[k++] = v;
      break;
    }
    order[k] = p;
    // L_p = union of the variables of p's elements and p's variable neighbours, minus p
    let size = 0;
    inPivotSet[p] = k;
    const ensure = (extra: number) => {
      if (size + extra > lp.length) {
        const grown = new Int32Array(Math.max(2 * lp.length, size + extra));
        grown.set(lp.subarray(0, size));
        lp = grown;
      }
    };
    const pElems = elemAdj[p];
    for (let t = 0; t < pElems.length; t++) {
      const e = pElems[t];
      if (status[e] !== ELEMENT) continue;
      const vars = elemVars[e];
      ensure(vars.length);
      for (let s2 = 0; s2 < vars.length; s2++) {
        const v = vars[s2];
        if (status[v] === VARIABLE && inPivotSet[v] !== k) {
          inPivotSet[v] = k;
          lp[size++] = v;
        }
      }
      status[e] = ABSORBED;
      elemVars[e] = [];
    }
    const pVars = varAdj[p];
    ensure(pVars.length);
    for (let t = 0; t < pVars.length; t++) {
      const v = pVars[t];
      if (status[v] === VARIABLE && inPivotSet[v] !== k) {
        inPivotSet[v] = k;
        lp[size++] = v;
      }
    }
    status[p] = ELEMENT;
    elemVars[p] = Array.from(lp.subarray(0, size));
    varAdj[p] = [];
    elemAdj[p] = [];
    k++;
    // w(e) = |L_e \ L_p| for every element adjacent to L_p
    for (let t = 0; t < size; t++) {
      const i = lp[t];
      const elems = elemAdj[i];
      for (let s2 = 0; s2 < elems.length; s2++) {
        const e = elems[s2];
        if (status[e] !== ELEMENT) continue;
        if (wStamp[e] !== k) {
          wStamp[e] = k;
          w[e] = elemVars[e].length;
        }
        w[e]--;
      }
    }
    // update each i in L_p: prune lists in place, add element p, approximate degree
    for (let t = 0; t < size; t++) {
      const i = lp[t];
      const elems = elemAdj[i];
      let m = 0;
      let external = 0;
      for (let s2 = 0; s2 < elems.length; s2++) {
        const e = elems[s2];
        if (status[e] !== ELEMENT) continue;
        if (wStamp[e] === k && w[e] === 0) {
          // aggressive absorption: L_e is inside L_p
          status[e] = ABSORBED;
          elemVars[e] = [];
          continue;
        }
        elems[m++] = e;
        external += wStamp[e] === k ? w[e] : elemVars[e].length;
      }
      elems.length = m;
      elems.push(p);
      const vars = varAdj[i];
      let kept = 0;
      for (let s2 = 0; s2 < vars.length; s2++) {
        const v = vars[s2];
        if (status[v] === VARIABLE && inPivotSet[v] !== k) vars[kept++] = v; // edges inside L_p are now in element p
      }
      vars.length = kept;
      const approx = Math.min(n - k - 1, degree[i] + size - 1, kept + size - 1 + external);
      degree[i] = Math.max(approx, 0);
      heap.push(degree[i] * n + i, i);
    }
    // no live element holds an eliminated variable: every element containing p was adjacent to p
    // and has just been absorbed into p, so element lists never need filtering.
  }
  return order;
};

/**
 * Nested dissection by breadth-first level structures (George's automatic nested dissection): from
 * a pseudo-peripheral node, the BFS levels of the (A + A^T) graph are computed; a level near the
 * middle separates the earlier from the later levels; both sides are ordered recursively and the
 * separator last. Parts smaller than `leafSize` are ordered by approximate minimum degree. Meant for
 * Liouvillians whose graph is a chain of blocks (e.g. by energy), where minimum degree produces a
 * large dense tail. See theory/numerics.md §5.
 */
export const nestedDissectionOrdering = (a: CsrMatrix, leafSize = 200): Int32Array => {
  const n = a.rows;
  // symmetric adjacency (CSR, no self loops, duplicates allowed)
  const degree = new Int32Array(n + 1);
  for (let r = 0; r < n; r++)
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
      const c = a.colIdx[k];
      if (c !== r) {
        degree[r + 1]++;
        degree[c + 1]++;
      }
    }
  for (let v = 0; v < n; v++) degree[v + 1] += degree[v];
  const adjPtr = degree;
  const adj = new Int32Array(adjPtr[n]);
  const fill = adjPtr.slice(0, n);
  for (let r = 0; r < n; r++)
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
      const c = a.colIdx[k];
      if (c !== r) {
        adj[fill[r]++] = c;
        adj[fill[c]++] = r;
      }
    }
  const part = new Int32Array(n); // current part label of each node
  const level = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const order = new Int32Array(n);
  let placed = 0;
  let nextLabel = 1;
  const symmetricSubmatrix = (nodes: Int32Array): CsrMatrix => {
    const local = new Map<number, number>();
    nodes.forEach((v, i) => local.set(v, i));
    const rowPtr = new Int32Array(nodes.length + 1);
    const cols: number[] = [];
    nodes.forEach((v, i) => {
      for (let k = adjPtr[v]; k < adjPtr[v + 1]; k++) {
        const w = local.get(adj[k]);
        if (w !== undefined) cols.push(w);
      }
      rowPtr[i + 1] = cols.length;
    });
    return { rows: nodes.length, cols: nodes.length, rowPtr, colIdx: Int32Array.from(cols), values: new Float64Array(0) };
  };
  /** BFS inside part `label` from `start`; returns the visited nodes in BFS order (levels in `level`). */
  const bfs = (start: number, label: number): Int32Array => {
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    level[start] = 0;
    const visited: number[] = [start];
    while (head < tail) {
      const v = queue[head++];
      for (let k = adjPtr[v]; k < adjPtr[v + 1]; k++) {
        const w = adj[k];
        if (part[w] !== label || level[w] >= 0) continue;
        level[w] = level[v] + 1;
        queue[tail++] = w;
        visited.push(w);
      }
    }
    return Int32Array.from(visited);
  };
  const resetLevels = (nodes: Int32Array) => nodes.forEach((v) => (level[v] = -1));
  // explicit stack of parts to avoid deep recursion; separators are placed from the end
  let tailPos = n;
  const dissect = (nodes: Int32Array): void => {
    if (nodes.length <= leafSize) {
      const local = approximateMinimumDegree(symmetricSubmatrix(nodes), { fraction: 2, minSize: n + 1 });
      // leaves are placed before every separator created so far
      for (let i = 0; i < local.length; i++) order[placed++] = nodes[local[i]];
      return;
    }
    const label = nextLabel++;
    nodes.forEach((v) => (part[v] = label));
    // pseudo-peripheral node: repeat BFS from the last node reached
    let start = nodes[0];
    let visited = bfs(start, label);
    for (let round = 0; round < 3; round++) {
      const far = visited[visited.length - 1];
      const farLevel = level[far];
      resetLevels(visited);
      const again = bfs(far, label);
      const newDepth = level[again[again.length - 1]];
      start = far;
      visited = again;
      if (newDepth <= farLevel) break;
    }
    if (visited.length < nodes.length) {
      // disconnected part: dissect the reached component and the rest separately
      const reached = new Set(visited);
      resetLevels(visited);
      dissect(visited);
      dissect(nodes.filter((v) => !reached.has(v)));
      return;
    }
    const depth = level[visited[visited.length - 1]] + 1;
    const counts = new Int32Array(depth);
    visited.forEach((v) => counts[level[v]]++);
    // separator level: the smallest level whose cumulative count lies within [35 %, 65 %]
    let best = -1;
    let cumulative = 0;
    for (let l = 0; l < depth; l++) {
      const before = cumulative;
      cumulative += counts[l];
      if (l === 0 || l === depth - 1) continue;
      if (before >= 0.35 * nodes.length && before <= 0.65 * nodes.length && (best < 0 || counts[l] < counts[best])) best = l;
    }
    if (best < 0) {
      // no balanced level (e.g. a near clique): order by minimum degree
      resetLevels(visited);
      const local = approximateMinimumDegree(symmetricSubmatrix(nodes));
      for (let i = 0; i < local.length; i++) order[placed++] = nodes[local[i]];
      return;
    }
    const left = visited.filter((v) => level[v] < best);
    const right = visited.filter((v) => level[v] > best);
    const separator = visited.filter((v) => level[v] === best);
    resetLevels(visited);
    // separator goes after both halves: reserve its slots at the current end
    tailPos -= separator.length;
    const sepStart = tailPos;
    const sepLocal = approximateMinimumDegree(symmetricSubmatrix(separator), { fraction: 2, minSize: n + 1 });
    for (let i = 0; i < separator.length; i++) order[sepStart + i] = separator[sepLocal[i]];
    dissect(left);
    dissect(right);
  };
  dissect(Int32Array.from({ length: n }, (_, v) => v));
  return order;
};
