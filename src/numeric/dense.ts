/**
 * Small dense helpers on interleaved row-major complex matrices (density matrices, tests).
 * Not for large matrices.
 */

/** Largest eigenvalue-free check: max |m - m^dag| over entries. */
export const hermiticityError = (m: Float64Array, n: number): number => {
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = 2 * (i * n + j);
      const b = 2 * (j * n + i);
      err = Math.max(err, Math.hypot(m[a] - m[b], m[a + 1] + m[b + 1]));
    }
  }
  return err;
};

/** Complex trace as [re, im]. */
export const denseTrace = (m: Float64Array, n: number): readonly [number, number] => {
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += m[2 * (i * n + i)];
    im += m[2 * (i * n + i) + 1];
  }
  return [re, im];
};

/**
 * Eigenvalues (ascending) of a Hermitian n x n matrix, by the cyclic Jacobi method on its real
 * symmetric embedding [[A, -B], [B, A]] (A + iB = m), whose spectrum is m's with each value twice.
 * O(n^3) per sweep: meant for n up to a few hundred.
 */
export const hermitianEigenvalues = (m: Float64Array, n: number): Float64Array => {
  const size = 2 * n;
  const s = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // symmetrise explicitly so rounding asymmetry does not matter
      const re = 0.5 * (m[2 * (i * n + j)] + m[2 * (j * n + i)]);
      const im = 0.5 * (m[2 * (i * n + j) + 1] - m[2 * (j * n + i) + 1]);
      s[i * size + j] = re;
      s[(i + n) * size + (j + n)] = re;
      s[i * size + (j + n)] = -im;
      s[(i + n) * size + j] = im;
    }
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < size; p++) {
      for (let q = 0; q < size; q++) {
        const v = s[p * size + q] * s[p * size + q];
        total += v;
        if (p !== q) off += v;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = s[p * size + q];
        if (apq === 0) continue;
        const app = s[p * size + p];
        const aqq = s[q * size + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < size; k++) {
          const akp = s[k * size + p];
          const akq = s[k * size + q];
          s[k * size + p] = c * akp - sn * akq;
          s[k * size + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = s[p * size + k];
          const aqk = s[q * size + k];
          s[p * size + k] = c * apk - sn * aqk;
          s[q * size + k] = sn * apk + c * aqk;
        }
      }
    }
  }
  const all = Float64Array.from({ length: size }, (_, k) => s[k * size + k]).sort();
  // each eigenvalue appears twice; take every other one
  return Float64Array.from({ length: n }, (_, k) => 0.5 * (all[2 * k] + all[2 * k + 1]));
};
