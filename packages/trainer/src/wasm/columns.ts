/**
 * WebAssembly kernels over Arrow columns: the NaN/Inf check of the scan pass and the binary
 * loss/gradient pass of the exact solvers. Column slices are copied into WebAssembly memory (a memcpy,
 * or Float32 -> Float64) in chunks of STAGE_BYTES and processed there with SIMD (kernels.wat).
 */
import type { Column } from '../loss.js';
import { Layout, PAGE, STAGE_BYTES, instantiate, stageRows, type KernelExports } from './instance.js';

/** Values per chunk of the finite check (512 KiB). */
const CHECK_CHUNK = STAGE_BYTES / 8;
let checker: { k: KernelExports; f64: Float64Array } | null = null;

/**
 * The index of the first NaN or +-Infinity in `values`, or -1 (Float32 -> Float64 keeps NaN and
 * Infinity).
 */
export function firstNonFinite(values: Float64Array | Float32Array): number {
  if (checker === null) {
    const { k, memory } = instantiate((8 * CHECK_CHUNK) / PAGE);
    checker = { k, f64: new Float64Array(memory.buffer) };
  }
  const { k, f64 } = checker;
  for (let a = 0; a < values.length; a += CHECK_CHUNK) {
    const n = Math.min(values.length - a, CHECK_CHUNK);
    f64.set(values.subarray(a, a + n), 0);
    const bad = k.nonFinite(0, n);
    if (bad >= 0) return a + bad;
  }
  return -1;
}

/**
 * The exact solvers' loss/gradient pass over column chunks, for d features and Kp score rows (1 for a
 * binary problem, K for a multinomial one; P = Kp (d + 1) parameters), and with `hessian`, the
 * Hessian (P x P) for Newton's sampled blocks.
 */
export class ColumnPass {
  /** Rows per staged chunk. */
  readonly chunk: number;
  private readonly k: KernelExports;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly w: Float64Array;
  private readonly g: Float64Array;
  private readonly h: Float64Array | null;
  private readonly p: { stage: number; ys: number; ss: number; z: number; probs: number; c: number; w: number; g: number; h: number };

  constructor(
    readonly d: number,
    readonly Kp: number,
    readonly hessian: boolean,
  ) {
    const C = stageRows(d);
    this.chunk = C;
    const L = new Layout();
    const P = Kp * (d + 1);
    this.p = {
      stage: L.take(8 * C * d),
      ys: L.take(4 * C),
      ss: L.take(8 * C),
      z: L.take(8 * C * Kp),
      probs: L.take(hessian && Kp > 1 ? 8 * C * Kp : 0),
      c: L.take(hessian ? 8 * C : 0),
      w: L.take(8 * P),
      g: L.take(8 * P),
      h: L.take(hessian ? 8 * P * P : 0),
    };
    const { k, memory } = instantiate(Math.ceil(L.bytes / PAGE));
    this.k = k;
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.w = new Float64Array(memory.buffer, this.p.w, P);
    this.g = new Float64Array(memory.buffer, this.p.g, P);
    this.h = hessian ? new Float64Array(memory.buffer, this.p.h, P * P) : null;
  }

  /**
   * sum_i s_i logloss_i over rows [first, first + n) with the parameters w (Kp rows of d weights and an
   * intercept); adds the gradient to `g` when given. `y` class indexes, `s` per-row weights or null
   * (all 1). When `h` (P x P, row-major) is given (a pass made with `hessian`), adds the Hessian: for a
   * binary problem sum_i s_i p_i (1 - p_i) [x_i, 1][x_i, 1]^T; for a multinomial one its blocks (k, q),
   * q >= k, with weights s_i (p_ik [k = q] - p_ik p_iq), as loss.ts's multinomialLossGrad (the caller
   * mirrors them into the lower blocks).
   */
  run(w: Float64Array, cols: Column[], y: Int32Array, s: Float64Array | null, first: number, n: number, g: Float64Array | null, h: Float64Array | null = null): number {
    const { d, Kp, chunk: C, p, f64, i32, k } = this;
    if (h !== null && this.h === null) throw new Error('ColumnPass: made without `hessian`, so it cannot add a Hessian');
    this.w.set(w);
    this.g.fill(0);
    if (h !== null) this.h!.fill(0);
    const p1 = d + 1;
    const P = Kp * p1;
    let loss = 0;
    for (let a = first; a < first + n; a += C) {
      const m = Math.min(first + n - a, C);
      for (let j = 0; j < d; j++) f64.set(cols[j]!.subarray(a, a + m), (p.stage >> 3) + j * C);
      i32.set(y.subarray(a, a + m), p.ys >> 2);
      if (s !== null) f64.set(s.subarray(a, a + m), p.ss >> 3);
      const S = s === null ? 0 : p.ss;
      if (Kp === 1) {
        loss += k.binaryCols(p.stage, 8 * C, m, d, p.ys, S, p.w, p.g, p.z, h === null ? 0 : p.c);
        if (h !== null) k.hessianCols(p.stage, 8 * C, m, d, p.c, p.z, p.h, p1);
        continue;
      }
      loss += k.multiCols(p.stage, 8 * C, m, d, Kp, p.ys, S, p.w, p.g, p.z, h === null ? 0 : p.probs);
      if (h === null) continue;
      const probs = p.probs >> 3;
      const c = p.c >> 3;
      for (let kk = 0; kk < Kp; kk++) {
        for (let q = kk; q < Kp; q++) {
          // c_i = s_i (p_k [k == q] - p_k p_q), then the (d+1) x (d+1) block (k, q)
          for (let i = 0; i < m; i++) {
            const si = s === null ? 1 : s[a + i]!;
            const pk = f64[probs + kk * m + i]!;
            f64[c + i] = si * (kk === q ? pk - pk * pk : -pk * f64[probs + q * m + i]!);
          }
          k.hessianCols(p.stage, 8 * C, m, d, p.c, p.z, p.h + 8 * (kk * p1 * P + q * p1), P);
        }
      }
    }
    if (g !== null) for (let q = 0; q < g.length; q++) g[q] = g[q]! + this.g[q]!;
    if (h !== null) for (let q = 0; q < h.length; q++) h[q] = h[q]! + this.h![q]!;
    return loss;
  }
}
