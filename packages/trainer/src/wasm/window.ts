/**
 * The mini-batch solvers' shuffle window in WebAssembly memory: the window's rows row-major (W x d
 * Float64, with class indexes and weights), the permutation, the model's parameter vectors, and a
 * staging area for Arrow columns. Rows reach the window in two steps: a chunk of the Arrow column
 * slices is copied into the staging area (a memcpy, or a Float32 -> Float64 conversion; 512 KiB, so
 * it stays in cache), then the `scatter` kernel writes every staged row to its shuffled place. The
 * binary loss/gradient kernel runs on contiguous blocks of the window. Kernels: kernels.wat (SIMD).
 * The memory never grows, so the typed-array views handed out stay valid.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { PreparedBatch } from '../data.js';
import { NonFiniteFeatureError } from '../errors.js';
import type { ShuffleRng } from '../rng.js';
import { Layout, MAX_PAGES, PAGE, instantiate, stageRows, type KernelExports } from './instance.js';

interface Pointers {
  theta: number;
  wRaw: number;
  gRaw: number;
  X: number;
  Y: number;
  S: number;
  position: number;
  dest: number;
  etas: number;
  /** K Float64 of scratch for the multinomial kernel. */
  zk: number;
  /** The staging area for C rows: columns, labels, weights. */
  stage: number;
  ys: number;
  ss: number;
  /** The shuffle generator's four uint32 state words. */
  rng: number;
}

export class WasmWindow {
  /** The parameter vectors the solvers update in place (P values each). */
  readonly theta: Float64Array;
  readonly wRaw: Float64Array;
  readonly gRaw: Float64Array;
  /** Row-major window rows, class indexes and weights (all 1 until a weighted row is written). */
  readonly X: Float64Array;
  readonly Y: Int32Array;
  readonly S: Float64Array;
  /** The permutation of the window being filled: its k-th kept row goes to window row position[k]. */
  readonly position: Int32Array;
  /** Step sizes of the updates of one sgdSteps call. */
  readonly etas: Float64Array;
  /** Rows per staged chunk. */
  readonly stageRows: number;
  private readonly k: KernelExports;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly p: Pointers;
  /** Per row of the window being filled (in stream order): 1 when it is held out for validation. */
  readonly heldOut: Uint8Array;
  /** Rows staged (not yet scattered), rows of the window staged so far; the window's weighted / held-out flags. */
  private staged = 0;
  private windowRows = 0;
  private weighted = false;
  private holdout = false;

  constructor(
    readonly W: number,
    readonly d: number,
    readonly P: number,
  ) {
    const C = stageRows(d, W);
    this.stageRows = C;
    const L = new Layout();
    this.p = {
      theta: L.take(8 * P),
      wRaw: L.take(8 * P),
      gRaw: L.take(8 * P),
      X: L.take(8 * W * d),
      Y: L.take(4 * W),
      S: L.take(8 * W),
      position: L.take(4 * W),
      dest: L.take(4 * W),
      etas: L.take(8 * W),
      zk: L.take(8 * Math.max(1, Math.floor(P / (d + 1)))),
      stage: L.take(8 * C * d),
      ys: L.take(4 * C),
      ss: L.take(8 * C),
      rng: L.take(16),
    };
    const pages = Math.ceil(L.bytes / PAGE);
    if (pages > MAX_PAGES) {
      throw new InvalidParameterError('shuffleBufferSize', `at most ${Math.floor(((MAX_PAGES - 64) * PAGE) / (8 * d + 28))} rows with ${d} features (the shuffle window lives in 4 GiB of WebAssembly memory)`, W);
    }
    const { k, memory } = instantiate(pages);
    this.k = k;
    const buf = memory.buffer;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    const f = (at: number, n: number) => new Float64Array(buf, at, n);
    this.theta = f(this.p.theta, P);
    this.wRaw = f(this.p.wRaw, P);
    this.gRaw = f(this.p.gRaw, P);
    this.X = f(this.p.X, W * d);
    this.Y = new Int32Array(buf, this.p.Y, W);
    this.S = f(this.p.S, W).fill(1);
    this.position = new Int32Array(buf, this.p.position, W);
    this.heldOut = new Uint8Array(W);
    this.etas = f(this.p.etas, W);
  }

  /**
   * Draws the permutation of a window of m training rows into `position`: the identity, shuffled
   * (Fisher-Yates, in wasm) by `rng` when it is given, which then holds the generator's state after
   * the draws. The same draws as the JavaScript reference (test-support/shuffle-reference.ts).
   */
  permute(m: number, rng: ShuffleRng | null): void {
    const { p, k } = this;
    if (rng === null) {
      k.permutation(p.position, m, 0);
      return;
    }
    const st = new Uint32Array(this.i32.buffer, p.rng, 4);
    st.set(rng.getState());
    k.permutation(p.position, m, p.rng);
    rng.setState(Array.from(st));
  }

  /**
   * Starts filling the window: `position` must hold its permutation (see permute), and with `holdout`, `heldOut` the
   * rows to skip. `weighted`: its batches carry per-row weights.
   */
  begin(weighted: boolean, holdout: boolean): void {
    this.staged = 0;
    this.windowRows = 0;
    this.weighted = weighted;
    this.holdout = holdout;
  }

  /**
   * Stages rows [from, to) of a prepared batch for the window: the k-th row that is not held out goes
   * to window row position[t + k]. Returns t plus the number of rows kept.
   * @throws NonFiniteFeatureError for a NaN or +-Infinity feature, checked in the staging area when
   * `features` (the column names) is given; named by column and global row (`row` is that of `from`).
   */
  addRows(pb: PreparedBatch, from: number, to: number, t: number, row: number, features: readonly string[] | null): number {
    const { d, stageRows: C, p, f64, i32 } = this;
    for (let a = from; a < to; ) {
      const n = Math.min(to - a, C - this.staged);
      const at = this.staged;
      for (let j = 0; j < d; j++) {
        const col = p.stage + 8 * (j * C + at);
        f64.set(pb.cols[j]!.subarray(a, a + n), col >> 3);
        const bad = features === null ? -1 : this.k.nonFinite(col, n);
        if (bad >= 0) throw new NonFiniteFeatureError(features![j]!, row + (a - from) + bad, f64[(col >> 3) + bad]!);
      }
      i32.set(pb.y.subarray(a, a + n), (p.ys >> 2) + at);
      if (pb.s !== null) f64.set(pb.s.subarray(a, a + n), (p.ss >> 3) + at);
      if (!this.holdout) {
        t += n;
      } else {
        const first = this.windowRows;
        const out = (p.dest >> 2) + first;
        const { position: pos, heldOut: held } = this;
        for (let i = 0; i < n; i++) i32[out + i] = held[first + i] === 1 ? -1 : pos[t++]!;
      }
      this.staged += n;
      this.windowRows += n;
      a += n;
      if (this.staged === C) this.flush();
    }
    return t;
  }

  /** Ends the window: scatters what is still staged. */
  end(): void {
    this.flush();
  }

  /** Scatters the staged chunk to the window. */
  private flush(): void {
    if (this.staged === 0) return;
    const { p, d, stageRows: C } = this;
    const first = this.windowRows - this.staged;
    const dest = (this.holdout ? p.dest : p.position) + 4 * first;
    this.k.scatter(p.stage, 8 * C, this.staged, d, dest, p.X, p.ys, p.Y, this.weighted ? p.ss : 0, p.S);
    this.staged = 0;
  }

  /**
   * Binary loss and gradient over rows [start, start + n) of the window: adds
   * sum_i s_i (p_i - y_i) [x_i, 1] to gRaw and returns sum_i s_i logloss_i, with the weights
   * w = theta or wRaw (intercept last).
   */
  binary(w: 'theta' | 'wRaw', start: number, n: number, unitWeights: boolean): number {
    const p = this.p;
    return this.k.binary(p.X, p.Y, unitWeights ? 0 : p.S, start, n, this.d, w === 'theta' ? p.theta : p.wRaw, p.gRaw);
  }

  /**
   * Multinomial loss and gradient over rows [start, start + n) of the window, K classes: adds
   * sum_i s_i (p_ik - [y_i = k]) [x_i, 1] to gRaw (K rows of d + 1) and returns sum_i s_i logloss_i,
   * with the parameters w = theta or wRaw.
   */
  multi(w: 'theta' | 'wRaw', K: number, start: number, n: number, unitWeights: boolean): number {
    const p = this.p;
    return this.k.multiRows(p.X, p.Y, unitWeights ? 0 : p.S, start, n, this.d, K, w === 'theta' ? p.theta : p.wRaw, p.gRaw, p.zk);
  }

  /**
   * U plain sgd updates of theta (binary, raw weights): mini-batch u is window rows
   * [start + uB, min(m, start + (u+1)B)), its step size etas[u]; a2/a1 the per-row l2/l1 weights.
   * Returns `loss` plus the mini-batches' summed log losses (added in order). See kernels.wat sgdSteps.
   */
  sgdSteps(start: number, B: number, m: number, U: number, a2: number, a1: number, fitIntercept: boolean, unitWeights: boolean, loss: number): number {
    const p = this.p;
    return this.k.sgdSteps(p.X, p.Y, unitWeights ? 0 : p.S, start, B, m, U, this.d, p.theta, p.gRaw, p.etas, a2, a1, fitIntercept ? 1 : 0, loss);
  }
}
