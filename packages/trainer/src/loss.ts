/**
 * The JavaScript numerics left beside the WebAssembly kernels (src/wasm/): linear predictions over
 * column views of Arrow buffers (prediction) and the Hessian's symmetrisation.
 *
 * Parameter layout (shared by every solver): row k of a (K' x (d + 1)) row-major matrix holds
 * `w_k0 .. w_k(d-1), b_k`; K' = 1 for binary problems (the row scores class 1), K' = K otherwise.
 */

/** A feature column: a view of an Arrow Float64 or Float32 buffer. */
export type Column = Float64Array | Float32Array;

export const BLOCK = 2048;

/** z[zOff + i] = b + sum_j w_j x_(start+i),j for rows [start, end). */
export function linear(w: Float64Array, off: number, d: number, cols: Column[], start: number, end: number, z: Float64Array, zOff: number): void {
  const n = end - start;
  const b = w[off + d]!;
  for (let i = 0; i < n; i++) z[zOff + i] = b;
  // Four columns per sweep over z: a quarter of the z loads/stores. Offsets rather than subarray
  // views: views are heap objects, and prediction calls this for every block of rows.
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const c0 = cols[j]!;
    const c1 = cols[j + 1]!;
    const c2 = cols[j + 2]!;
    const c3 = cols[j + 3]!;
    const w0 = w[off + j]!;
    const w1 = w[off + j + 1]!;
    const w2 = w[off + j + 2]!;
    const w3 = w[off + j + 3]!;
    for (let i = 0, k = start; i < n; i++, k++) z[zOff + i] = z[zOff + i]! + (w0 * c0[k]! + w1 * c1[k]!) + (w2 * c2[k]! + w3 * c3[k]!);
  }
  for (; j < d; j++) {
    const c0 = cols[j]!;
    const w0 = w[off + j]!;
    for (let i = 0, k = start; i < n; i++, k++) z[zOff + i] = z[zOff + i]! + w0 * c0[k]!;
  }
}

/** Fills the lower block triangle of the multinomial Hessian (P = K(d+1)) from its upper blocks. */
export function symmetriseBlocks(h: Float64Array, P: number): void {
  for (let a = 0; a < P; a++) for (let b = a + 1; b < P; b++) h[b * P + a] = h[a * P + b]!;
}

/** Linear predictions for rows [0, n): out[i * Kp + k] = b_k + w_k . x_i. */
export function decisionValues(w: Float64Array, Kp: number, d: number, cols: Column[], n: number, out: Float64Array, outOff: number): void {
  const z = new Float64Array(Math.min(n, BLOCK));
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let k = 0; k < Kp; k++) {
      linear(w, k * (d + 1), d, cols, start, end, z, 0);
      for (let i = 0; i < end - start; i++) out[outOff + (start + i) * Kp + k] = z[i]!;
    }
  }
}
