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
 * binary problem, K for a multinomial one; P = Kp (d + 1) parameters). Binary passes can add the
 * Hessian too.
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
  private readonly p: { stage: number; ys: number; ss: number; z: number; c: number; w: number; g: number; h: number };

  constructor(
    readonly d: number,
    readonly Kp: number,
  ) {
    const C = stageRows(d);
    this.chunk = C;
    const L = new Layout();
    const P = Kp * (d + 1);
    const hessian = Kp === 1;
    this.p = { stage: L.take(8 * C * d), ys: L.take(4 * C), ss: L.take(8 * C), z: L.take(8 * C * Kp), c: L.take(hessian ? 8 * C : 0), w: L.take(8 * P), g: L.take(8 * P), h: L.take(hessian ? 8 * P * P : 0) };
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
   * (all 1). When `h` ((d+1) x (d+1), row-major; binary passes only) is given, adds the Hessian
   * sum_i s_i p_i (1 - p_i) [x_i, 1][x_i, 1]^T.
   */
  run(w: Float64Array, cols: Column[], y: Int32Array, s: Float64Array | null, first: number, n: number, g: Float64Array | null, h: Float64Array | null = null): number {
    const { d, Kp, chunk: C, p, f64, i32, k } = this;
    if (h !== null && this.h === null) throw new Error('ColumnPass: the Hessian is only accumulated for binary problems');
    this.w.set(w);
    this.g.fill(0);
    if (h !== null) this.h!.fill(0);
    let loss = 0;
    for (let a = first; a < first + n; a += C) {
      const m = Math.min(first + n - a, C);
      for (let j = 0; j < d; j++) f64.set(cols[j]!.subarray(a, a + m), (p.stage >> 3) + j * C);
      i32.set(y.subarray(a, a + m), p.ys >> 2);
      if (s !== null) f64.set(s.subarray(a, a + m), p.ss >> 3);
      const S = s === null ? 0 : p.ss;
      if (Kp > 1) {
        loss += k.multiCols(p.stage, 8 * C, m, d, Kp, p.ys, S, p.w, p.g, p.z);
        continue;
      }
      loss += k.binaryCols(p.stage, 8 * C, m, d, p.ys, S, p.w, p.g, p.z, h === null ? 0 : p.c);
      if (h !== null) k.hessianCols(p.stage, 8 * C, m, d, p.c, p.z, p.h);
    }
    if (g !== null) for (let q = 0; q < g.length; q++) g[q] = g[q]! + this.g[q]!;
    if (h !== null) for (let q = 0; q < h.length; q++) h[q] = h[q]! + this.h![q]!;
    return loss;
  }
}
