/**
 * The mini-batch solvers' shuffle windows in WebAssembly memory: two row-major window buffers
 * (W x d Float64, with class indexes and weights), the permutation, the model's parameter vectors,
 * and a staging area for Arrow columns. Rows reach a window in two steps: the Arrow column slices are
 * copied into the staging area (a memcpy, or a Float32 -> Float64 conversion), then the `scatter`
 * kernel writes every staged row to its shuffled place. The binary loss/gradient kernel runs on
 * contiguous blocks of a window. Kernels: kernels.wat (SIMD f64x2).
 *
 * With a helper thread (`threaded`), there are two window buffers and the scatter of window k + 1
 * runs on the helper, in parallel with the updates of window k; without, one buffer, and the main
 * thread scatters each staged chunk at once. The memory is shared and never grows,
 * so the typed-array views handed out stay valid. Either way the windows' contents, and so the
 * models, are the same bit for bit.
 */
import { Worker } from 'node:worker_threads';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { PreparedBatch } from '../data.js';
import { Layout, MAX_PAGES, PAGE, STAGE_BYTES, instantiate, kernelsModule, type KernelExports } from './instance.js';

function twice(take: () => number, two: boolean): [number, number] {
  const a = take();
  return [a, two ? take() : a];
}

/** States of the scatter job in the control word. */
const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;
const DONE = 3;
const EXIT = 4;
/** Control block: the state word, the 10 scatter arguments, the count of scatters the helper ran. */
const CONTROL_INTS = 12;

/**
 * The helper thread (plain CommonJS, no loader): sleeps on the control word; a posted job is claimed
 * by whichever thread swaps POSTED -> RUNNING first, so the main thread never waits for a helper that
 * is still starting up.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory }, math: { exp: Math.exp, log: Math.log } }).exports;
const c = new Int32Array(memory.buffer, control, ${CONTROL_INTS});
for (;;) {
  const st = Atomics.load(c, 0);
  if (st === ${EXIT}) break;
  if (st === ${POSTED} && Atomics.compareExchange(c, 0, ${POSTED}, ${RUNNING}) === ${POSTED}) {
    k.scatter(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
    Atomics.add(c, 11, 1);
    Atomics.store(c, 0, ${DONE});
    Atomics.notify(c, 0);
  } else {
    Atomics.wait(c, 0, st);
  }
}
`;

interface Pointers {
  theta: number;
  wRaw: number;
  gRaw: number;
  X: [number, number];
  Y: [number, number];
  S: [number, number];
  position: number;
  dest: number;
  stage: number;
  ys: number;
  ss: number;
  control: number;
}

export interface WasmWindowOptions {
  /** Scatter on a helper thread (double-buffered windows; the staging area holds a whole window). Default false. */
  threaded?: boolean;
}

export class WasmWindow {
  /** The parameter vectors the solvers update in place (P values each). */
  readonly theta: Float64Array;
  readonly wRaw: Float64Array;
  readonly gRaw: Float64Array;
  /** The permutation of the window being filled: its k-th kept row goes to window row position[k]. */
  readonly position: Int32Array;
  /** Rows the staging area holds (a whole window when threaded, else a chunk). */
  readonly stageRows: number;
  readonly threaded: boolean;
  private readonly k: KernelExports;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly control: Int32Array;
  private readonly p: Pointers;
  private readonly views: { X: Float64Array; Y: Int32Array; S: Float64Array }[];
  private helper: Worker | null = null;
  /** The buffer being filled, rows staged (not yet scattered) and rows of the window staged so far. */
  private filling = 0;
  private staged = 0;
  private windowRows = 0;
  private weighted = false;
  /** The buffer the kernels read. */
  private active = 0;
  /** Per buffer: a scatter was posted and not yet collected. */
  private readonly posted = [false, false];

  constructor(
    readonly W: number,
    readonly d: number,
    readonly P: number,
    options: WasmWindowOptions = {},
  ) {
    this.threaded = options.threaded === true;
    this.stageRows = this.threaded ? W : Math.max(16, Math.min(W, Math.floor(STAGE_BYTES / (8 * Math.max(1, d)))));
    const C = this.stageRows;
    const L = new Layout();
    this.p = {
      theta: L.take(8 * P),
      wRaw: L.take(8 * P),
      gRaw: L.take(8 * P),
      // One buffer without a helper thread (the second aliases the first; it is never used).
      X: twice(() => L.take(8 * W * d), this.threaded),
      Y: twice(() => L.take(4 * W), this.threaded),
      S: twice(() => L.take(8 * W), this.threaded),
      position: L.take(4 * W),
      dest: L.take(4 * W),
      stage: L.take(8 * C * d),
      ys: L.take(4 * C),
      ss: L.take(8 * C),
      control: L.take(4 * CONTROL_INTS),
    };
    const pages = Math.ceil(L.bytes / PAGE);
    if (pages > MAX_PAGES) {
      const perRow = (this.threaded ? 3 : 1) * 8 * d + 40;
      throw new InvalidParameterError('shuffleBufferSize', `at most ${Math.floor((MAX_PAGES - 16) * PAGE / perRow)} rows with ${d} features (the shuffle windows live in 4 GiB of WebAssembly memory)`, W);
    }
    const { k, memory } = instantiate(pages);
    this.k = k;
    const buf = memory.buffer;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    this.control = new Int32Array(buf, this.p.control, CONTROL_INTS);
    const f = (at: number, n: number) => new Float64Array(buf, at, n);
    this.theta = f(this.p.theta, P);
    this.wRaw = f(this.p.wRaw, P);
    this.gRaw = f(this.p.gRaw, P);
    this.position = new Int32Array(buf, this.p.position, W);
    this.views = [0, 1].map((b) => ({
      X: f(this.p.X[b]!, W * d),
      Y: new Int32Array(buf, this.p.Y[b]!, W),
      // All 1 until a weighted row is written (unit-weight windows never write it).
      S: f(this.p.S[b]!, W).fill(1),
    }));
    if (this.threaded) {
      this.helper = new Worker(HELPER_SOURCE, { eval: true, execArgv: [], workerData: { module: kernelsModule(), memory, control: this.p.control } });
      // Never keeps the process alive; an error in it surfaces on the next collect (the job stays POSTED and the main thread runs it).
      this.helper.unref();
      this.helper.on('error', () => {});
    }
  }

  /** Row-major rows, class indexes and weights of the window the kernels read. */
  get X(): Float64Array {
    return this.views[this.active]!.X;
  }
  get Y(): Int32Array {
    return this.views[this.active]!.Y;
  }
  get S(): Float64Array {
    return this.views[this.active]!.S;
  }

  /** Starts filling buffer `b` (its previous scatter, if any, is collected first). position must hold the permutation. */
  begin(b: number): void {
    this.collect(b);
    this.collect(1 - b); // the staging area is shared by both buffers
    this.filling = b;
    this.staged = 0;
    this.windowRows = 0;
    this.weighted = false;
  }

  /**
   * Stages rows [from, to) of a prepared batch for the window being filled: the k-th row that is not
   * held out goes to window row position[t + k]. `heldOut(i)` (i = row index within the batch) skips
   * validation rows; null keeps every row. Returns t plus the number of rows kept.
   */
  addRows(pb: PreparedBatch, from: number, to: number, t: number, heldOut: ((i: number) => boolean) | null): number {
    const { d, stageRows: C, p, f64, i32 } = this;
    if (pb.s !== null) this.weighted = true;
    for (let a = from; a < to; ) {
      const n = Math.min(to - a, C - this.staged);
      const at = this.staged;
      for (let j = 0; j < d; j++) f64.set(pb.cols[j]!.subarray(a, a + n), (p.stage >> 3) + j * C + at);
      i32.set(pb.y.subarray(a, a + n), (p.ys >> 2) + at);
      if (pb.s !== null) f64.set(pb.s.subarray(a, a + n), (p.ss >> 3) + at);
      if (heldOut === null) {
        t += n;
      } else {
        const out = (p.dest >> 2) + this.windowRows;
        const pos = this.position;
        for (let i = 0; i < n; i++) i32[out + i] = heldOut(a + i) ? -1 : pos[t++]!;
      }
      this.staged += n;
      this.windowRows += n;
      a += n;
      if (!this.threaded && this.staged === C) this.flush(heldOut !== null);
    }
    return t;
  }

  /** Ends the window being filled: scatters what is staged (on the helper thread when threaded). */
  end(heldOut: boolean): void {
    this.flush(heldOut);
  }

  private flush(heldOut: boolean): void {
    if (this.staged === 0) return;
    const { p, d, stageRows: C } = this;
    const b = this.filling;
    const first = this.windowRows - this.staged;
    const dest = (heldOut ? p.dest : p.position) + 4 * first;
    const args = [p.stage, 8 * C, this.staged, d, dest, p.X[b]!, p.ys, p.Y[b]!, this.weighted ? p.ss : 0, p.S[b]!] as const;
    this.staged = 0;
    if (!this.threaded) {
      this.k.scatter(...args);
      return;
    }
    const c = this.control;
    for (let i = 0; i < 10; i++) c[i + 1] = args[i]!;
    this.posted[b] = true;
    Atomics.store(c, 0, POSTED);
    Atomics.notify(c, 0);
  }

  /** Waits for (or, if the helper has not started it, runs) buffer b's posted scatter. */
  private collect(b: number): void {
    if (!this.posted[b]) return;
    const c = this.control;
    if (Atomics.compareExchange(c, 0, POSTED, RUNNING) === POSTED) {
      this.k.scatter(c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!);
    } else {
      while (Atomics.load(c, 0) === RUNNING) Atomics.wait(c, 0, RUNNING);
    }
    Atomics.store(c, 0, IDLE);
    this.posted[b] = false;
  }

  /** Scatters the helper thread has run (the main thread runs those it has not started when it needs them). */
  get helperScatters(): number {
    return Atomics.load(this.control, 11);
  }

  /** Makes buffer b the one the kernels read, once its rows are in place. */
  use(b: number): void {
    this.collect(b);
    this.active = b;
  }

  /**
   * Binary loss and gradient over rows [start, start + n) of the active window: adds
   * sum_i s_i (p_i - y_i) [x_i, 1] to gRaw and returns sum_i s_i logloss_i, with the weights
   * w = theta or wRaw (intercept last).
   */
  binary(w: 'theta' | 'wRaw', start: number, n: number, unitWeights: boolean): number {
    const p = this.p;
    const b = this.active;
    return this.k.binary(p.X[b]!, p.Y[b]!, unitWeights ? 0 : p.S[b]!, start, n, this.d, w === 'theta' ? p.theta : p.wRaw, p.gRaw);
  }

  /** Stops the helper thread (idempotent). */
  close(): void {
    if (this.helper === null) return;
    for (const b of [0, 1]) this.collect(b);
    Atomics.store(this.control, 0, EXIT);
    Atomics.notify(this.control, 0);
    void this.helper.terminate();
    this.helper = null;
  }
}
