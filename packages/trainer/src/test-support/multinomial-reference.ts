import { BLOCK, linear, type Column } from '../loss.js';

/*
 * The multinomial loss, gradient and Hessian in plain JavaScript over Arrow column views: the reference
 * the WebAssembly pass (wasm/columns.ts multiCols / hessianCols) and the mini-batch kernel
 * (kernels.wat multiRows) are tested against. It was the exact solvers' kernel before the wasm one.
 */

/** g[off + j] += sum_i r_i x_ij; g[off + d] += sum_i r_i. */
function accumulateGradient(r: Float64Array, rOff: number, d: number, cols: Column[], start: number, end: number, g: Float64Array, off: number): void {
  const n = end - start;
  let R = 0;
  for (let i = 0; i < n; i++) R += r[rOff + i]!;
  g[off + d] = g[off + d]! + R;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const c0 = cols[j]!;
    const c1 = cols[j + 1]!;
    const c2 = cols[j + 2]!;
    const c3 = cols[j + 3]!;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let i = 0, k = start; i < n; i++, k++) {
      const ri = r[rOff + i]!;
      a0 += ri * c0[k]!;
      a1 += ri * c1[k]!;
      a2 += ri * c2[k]!;
      a3 += ri * c3[k]!;
    }
    g[off + j] = g[off + j]! + a0;
    g[off + j + 1] = g[off + j + 1]! + a1;
    g[off + j + 2] = g[off + j + 2]! + a2;
    g[off + j + 3] = g[off + j + 3]! + a3;
  }
  for (; j < d; j++) {
    const c0 = cols[j]!;
    let a0 = 0;
    for (let i = 0, k = start; i < n; i++, k++) a0 += r[rOff + i]! * c0[k]!;
    g[off + j] = g[off + j]! + a0;
  }
}

/** H[(ro + j), (co + l)] += sum_i c_i x_ij x_il over one symmetric (d+1) x (d+1) block (x_id = 1). */
function accumulateHessianBlock(c: Float64Array, cOff: number, d: number, cols: Column[], start: number, end: number, h: Float64Array, stride: number, ro: number, co: number): void {
  const n = end - start;
  const p = d + 1;
  for (let j = 0; j < p; j++) {
    const cj = j < d ? cols[j]! : null;
    for (let l = j; l < p; l++) {
      const cl = l < d ? cols[l]! : null;
      let a = 0;
      if (cj !== null && cl !== null) for (let i = 0; i < n; i++) a += c[cOff + i]! * cj[start + i]! * cl[start + i]!;
      else if (cj !== null) for (let i = 0; i < n; i++) a += c[cOff + i]! * cj[start + i]!;
      else if (cl !== null) for (let i = 0; i < n; i++) a += c[cOff + i]! * cl[start + i]!;
      else for (let i = 0; i < n; i++) a += c[cOff + i]!;
      h[(ro + j) * stride + co + l] = h[(ro + j) * stride + co + l]! + a;
      if (l !== j) h[(ro + l) * stride + co + j] = h[(ro + l) * stride + co + j]! + a;
    }
  }
}

/** Scratch for the multinomial kernel with K classes. */
export class MultiScratch {
  readonly z: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  constructor(readonly K: number) {
    this.z = new Float64Array(K * BLOCK);
    this.r = new Float64Array(K * BLOCK);
    this.p = new Float64Array(K * BLOCK);
  }
}

/**
 * Multinomial (softmax) log loss: sum_i s_i [logsumexp(z_i) - z_{i,y_i}], gradient into `g`
 * (K x (d+1)), optionally the full Hessian into `h` ((K(d+1))^2, row-major).
 */
export function multinomialLossGrad(
  w: Float64Array,
  K: number,
  d: number,
  cols: Column[],
  y: Int32Array,
  s: Float64Array | null,
  n: number,
  g: Float64Array | null,
  scratch: MultiScratch,
  h: Float64Array | null = null,
  first = 0,
): number {
  const p1 = d + 1;
  const z = scratch.z;
  const r = scratch.r;
  const P = scratch.p;
  let loss = 0;
  const last = first + n;
  for (let start = first; start < last; start += BLOCK) {
    const end = Math.min(last, start + BLOCK);
    const m = end - start;
    // z is class-major: z[k * BLOCK + i].
    for (let k = 0; k < K; k++) linear(w, k * p1, d, cols, start, end, z, k * BLOCK);
    for (let i = 0; i < m; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, z[k * BLOCK + i]!);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(z[k * BLOCK + i]! - mx);
        P[k * BLOCK + i] = e;
        sum += e;
      }
      const yi = y[start + i]!;
      const si = s === null ? 1 : s[start + i]!;
      loss += si * (mx + Math.log(sum) - z[yi * BLOCK + i]!);
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) {
        const pk = P[k * BLOCK + i]! * inv;
        P[k * BLOCK + i] = pk;
        r[k * BLOCK + i] = si * (pk - (k === yi ? 1 : 0));
      }
    }
    if (g !== null) for (let k = 0; k < K; k++) accumulateGradient(r, k * BLOCK, d, cols, start, end, g, k * p1);
    if (h !== null) {
      const stride = K * p1;
      for (let k = 0; k < K; k++) {
        for (let q = k; q < K; q++) {
          // c_i = s_i (p_k [k == q] - p_k p_q)
          for (let i = 0; i < m; i++) {
            const si = s === null ? 1 : s[start + i]!;
            const pk = P[k * BLOCK + i]!;
            z[i] = si * (k === q ? pk - pk * pk : -pk * P[q * BLOCK + i]!);
          }
          accumulateHessianBlock(z, 0, d, cols, start, end, h, stride, k * p1, q * p1);
        }
      }
      // z was overwritten; it is recomputed per block, so nothing else depends on it.
    }
  }
  return loss;
}
