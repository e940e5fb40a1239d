/**
 * Loading the trainer's WebAssembly kernels (kernels.wat, embedded as base64 in kernels-wasm.ts):
 * the module is compiled once per process; every user instantiates it over its own memory, sized
 * once (the memory never grows, so typed-array views of it stay valid).
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The kernels' exports (pointers are byte offsets into the memory). */
export interface KernelExports {
  scatter(cols: number, stride: number, n: number, d: number, dest: number, X: number, ys: number, Y: number, ss: number, S: number): void;
  binary(X: number, Y: number, S: number, start: number, n: number, d: number, w: number, g: number): number;
  sgdSteps(X: number, Y: number, S: number, start: number, B: number, m: number, U: number, d: number, w: number, g: number, etas: number, a2: number, a1: number, fitB: number, loss: number): number;
  multiRows(X: number, Y: number, S: number, start: number, n: number, d: number, K: number, w: number, g: number, zk: number): number;
  binaryCols(cols: number, stride: number, n: number, d: number, Y: number, S: number, w: number, g: number, z: number, c: number): number;
  multiCols(cols: number, stride: number, n: number, d: number, K: number, Y: number, S: number, w: number, g: number, Z: number, Pout: number): number;
  hessianCols(cols: number, stride: number, n: number, d: number, c: number, u: number, h: number, hStride: number): void;
  nonFinite(x: number, n: number): number;
  permutation(a: number, n: number, st: number): void;
  expNeg(x: number): number;
}

/** The part of the WebAssembly JS API used here (@types/node does not declare it; lib.dom does). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const PAGE = 65536;
/** wasm32 addresses 4 GiB: 65536 pages. */
export const MAX_PAGES = 65536;
/** Bytes of Float64 staging per chunk of Arrow columns (512 KiB: stays in a core's L2 cache; 128 KiB-2 MiB measured slower). */
export const STAGE_BYTES = 1 << 19;

/** Rows per staged chunk of d Float64 columns (at most `cap`). */
export function stageRows(d: number, cap = Infinity): number {
  return Math.max(16, Math.min(cap, Math.floor(STAGE_BYTES / (8 * Math.max(1, d)))));
}

let compiled: object | null = null;
function kernelsModule(): object {
  compiled ??= new wasm.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** A kernels instance over a new memory of `pages` 64 KiB pages. */
export function instantiate(pages: number): { k: KernelExports; memory: { buffer: ArrayBuffer } } {
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const k = new wasm.Instance(kernelsModule(), { env: { memory }, math: { log: Math.log } }).exports as unknown as KernelExports;
  return { k, memory };
}

/** Where arrays live in a memory (byte offsets, 16-byte aligned). */
export class Layout {
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
