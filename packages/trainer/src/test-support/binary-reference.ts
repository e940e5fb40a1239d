import type { Column } from '../loss.js';

/** log(1 + exp(z)) without overflow or loss of precision. */
function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + exp(-z)), stable on both tails. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The binary loss, gradient and Hessian row weights written out row by row, the reference the
 * WebAssembly kernels are tested against: returns sum_i s_i [log(1 + e^z_i) - y_i z_i] over rows
 * [first, first + n), adds sum_i s_i (p_i - y_i) [x_i, 1] to g, and sets c[i - first] = s_i p_i (1 - p_i).
 */
export function binaryReference(w: Float64Array, d: number, cols: Column[], y: Int32Array, s: Float64Array | null, first: number, n: number, g: Float64Array, c: Float64Array | null = null): number {
  let loss = 0;
  for (let i = first; i < first + n; i++) {
    let z = w[d]!;
    for (let j = 0; j < d; j++) z += w[j]! * cols[j]![i]!;
    const si = s === null ? 1 : s[i]!;
    loss += si * (log1pExp(z) - (y[i] === 1 ? z : 0));
    const p = sigmoid(z);
    const r = si * (p - y[i]!);
    for (let j = 0; j < d; j++) g[j] = g[j]! + r * cols[j]![i]!;
    g[d] = g[d]! + r;
    if (c !== null) c[i - first] = si * p * (1 - p);
  }
  return loss;
}
