/**
 * The mini-batch solvers' shuffle window in WebAssembly memory: the window's rows row-major (W x d
 * Float64), their class indexes and weights, the permutation, the model's parameter vectors, and a
 * staging area for Arrow column chunks. Rows reach the window in two steps: a chunk of each Arrow
 * column is copied into the staging area (a memcpy, or a Float32 -> Float64 conversion), then the
 * `scatter` kernel writes every staged row to its shuffled place. The binary loss/gradient kernel then
 * runs on contiguous blocks of the window. Kernels: kernels.wat (SIMD f64x2).
 *
 * The memory never grows after construction, so the Float64Array views handed out stay valid.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { PreparedBatch } from '../data.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

interface KernelExports {
  scatter(cols: number, stride: number, n: number, d: number, dest: number, X: number, ys: number, Y: number, ss: number, S: number): void;
  binary(X: number, Y: number, S: number, start: number, n: number, d: number, w: number, g: number): number;
  nonFinite(x: number, n: number): number;
}

/** The part of the WebAssembly JS API used here (@types/node does not declare it; lib.dom does). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
let compiled: object | null = null;
function instantiate(pages: number): { k: KernelExports; buffer: ArrayBuffer } {
  compiled ??= new wasm.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const k = new wasm.Instance(compiled, { env: { memory }, math: { exp: Math.exp, log: Math.log } }).exports as unknown as KernelExports;
  return { k, buffer: memory.buffer };
}

/** Values per chunk of the finite check (512 KiB). */
const CHECK_CHUNK = 65536;
let checker: { k: KernelExports; f64: Float64Array } | null = null;

/**
 * The index of the first NaN or +-Infinity in `values`, or -1: chunks are copied into WebAssembly
 * memory (a memcpy, or Float32 -> Float64, which keeps NaN and Infinity) and checked with SIMD.
 */
export function firstNonFinite(values: Float64Array | Float32Array): number {
  if (checker === null) {
    const { k, buffer } = instantiate((8 * CHECK_CHUNK) / PAGE);
    checker = { k, f64: new Float64Array(buffer) };
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

/** wasm32 addresses 4 GiB: 65536 pages. */
const MAX_PAGES = 65536;
/** Bytes of Float64 staging per chunk (512 KiB: stays in a core's L2 cache next to the window's rows). */
const STAGE_BYTES = 1 << 19;

/** Where a window's arrays live in the memory (byte offsets, 16-byte aligned). */
class Layout {
  private end = 0;
  take(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 16) * 16;
    return at;
  }
  get bytes(): number {
    return this.end;
  }
}

export class WasmWindow {
  /** The parameter vectors the solvers update in place (P values each). */
  readonly theta: Float64Array;
  readonly wRaw: Float64Array;
  readonly gRaw: Float64Array;
  /** Row-major window rows, class indexes, weights (all 1 until a weighted row is written), permutation. */
  readonly X: Float64Array;
  readonly Y: Int32Array;
  readonly S: Float64Array;
  readonly position: Int32Array;
  /** Rows per staged chunk. */
  readonly chunk: number;
  private readonly k: KernelExports;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly p: { theta: number; wRaw: number; gRaw: number; X: number; Y: number; S: number; position: number; stage: number; ys: number; ss: number; dest: number };

  constructor(
    readonly W: number,
    readonly d: number,
    readonly P: number,
  ) {
    this.chunk = Math.max(16, Math.min(W, Math.floor(STAGE_BYTES / (8 * Math.max(1, d)))));
    const C = this.chunk;
    const L = new Layout();
    this.p = {
      theta: L.take(8 * P),
      wRaw: L.take(8 * P),
      gRaw: L.take(8 * P),
      X: L.take(8 * W * d),
      Y: L.take(4 * W),
      S: L.take(8 * W),
      position: L.take(4 * W),
      stage: L.take(8 * C * d),
      ys: L.take(4 * C),
      ss: L.take(8 * C),
      dest: L.take(4 * C),
    };
    const pages = Math.ceil(L.bytes / PAGE);
    if (pages > MAX_PAGES) {
      const perRow = 8 * d + 16;
      throw new InvalidParameterError('shuffleBufferSize', `at most ${Math.floor((MAX_PAGES * PAGE - 16 * PAGE) / perRow)} rows with ${d} features (the shuffle window lives in 4 GiB of WebAssembly memory)`, W);
    }
    const { k, buffer: buf } = instantiate(pages);
    this.k = k;
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
  }

  /**
   * Writes rows [from, to) of a prepared batch into the window: the k-th row that is not held out goes
   * to window row position[t + k]. `heldOut(i)` (i = row index within the batch) skips validation rows;
   * null keeps every row. Returns t plus the number of rows written.
   */
  scatterRows(pb: PreparedBatch, from: number, to: number, t: number, heldOut: ((i: number) => boolean) | null): number {
    const { d, chunk: C, p, f64, i32 } = this;
    const stage = p.stage >> 3;
    for (let a = from; a < to; a += C) {
      const n = Math.min(to, a + C) - a;
      for (let j = 0; j < d; j++) f64.set(pb.cols[j]!.subarray(a, a + n), stage + j * C);
      i32.set(pb.y.subarray(a, a + n), p.ys >> 2);
      if (pb.s !== null) f64.set(pb.s.subarray(a, a + n), p.ss >> 3);
      let dest: number;
      if (heldOut === null) {
        dest = p.position + 4 * t;
        t += n;
      } else {
        dest = p.dest;
        const out = p.dest >> 2;
        const pos = this.position;
        for (let i = 0; i < n; i++) i32[out + i] = heldOut(a + i) ? -1 : pos[t++]!;
      }
      this.k.scatter(p.stage, 8 * C, n, d, dest, p.X, p.ys, p.Y, pb.s !== null ? p.ss : 0, p.S);
    }
    return t;
  }

  /**
   * Binary loss and gradient over window rows [start, start + n): adds sum_i s_i (p_i - y_i) [x_i, 1]
   * to gRaw and returns sum_i s_i logloss_i, with the weights w = theta or wRaw (intercept last).
   */
  binary(w: 'theta' | 'wRaw', start: number, n: number, unitWeights: boolean): number {
    const p = this.p;
    return this.k.binary(p.X, p.Y, unitWeights ? 0 : p.S, start, n, this.d, w === 'theta' ? p.theta : p.wRaw, p.gRaw);
  }
}
