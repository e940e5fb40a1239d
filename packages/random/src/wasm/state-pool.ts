/**
 * Where generator states live: every MT19937 owns a 2496-byte slot (its 624 words) in a shared
 * WebAssembly memory, and `MT19937.key` is a Uint32Array view of that slot, so the kernels
 * (kernels.wat) and the scalar JavaScript paths work on the same words without copying.
 *
 * Why shared: a WebAssembly.Memory per generator would cost an instance and an address-space
 * reservation each (V8 reserves gigabytes of guard region per memory), and datagen and the tests
 * create thousands of generators. A pool is one memory (never grown, so views stay valid) and one
 * instance with a scratch area for bulk output and up to {@link SLOTS_PER_POOL} states; a full
 * pool gets a sibling. A slot returns to its pool when its key view is garbage-collected
 * (FinalizationRegistry; the view, not the generator, so a `key` kept alive keeps its slot).
 * @module
 */
import { GLIBC_LOG_TABLE } from '../glibc-log.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The kernels' exports (pointers are byte offsets into the pool's memory, positions are 0..624). */
export interface RandomKernels {
  twist(st: number): void;
  fillDoubles(st: number, pos: number, out: number, n: number): number;
  skipPairs(st: number, pos: number, pairs: number): number;
  normalPairs(st: number, pos: number, out: number, r2: number, pairs: number): number;
  /** glibc's log (glibc-log.ts) for x in [2^-1022, 2^1024), for tests. */
  log(x: number): number;
  /** The same computed by emulating every FMA (the fallback of `log`), for tests. */
  logExact(x: number): number;
}

/** The part of the WebAssembly JS API used here (@types/node does not declare it; lib.dom does). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
/** 64 MiB per pool, about 26 800 states: pages never touched cost no physical memory. */
const POOL_PAGES = 1024;
/** Log table: 128 entries of (invc, invc_hi, invc_lo, logc) Float64, at byte 0 (kernels.wat reads it there). */
const TABLE_BYTES = GLIBC_LOG_TABLE.length * 8;
/** Doubles per bulk kernel call: 32 KiB of output, and half as many r2 values. */
export const CHUNK_DOUBLES = 4096;
/** Byte offset of the r2 scratch (one value per normal pair). */
export const R2_SCRATCH = Math.ceil(TABLE_BYTES / 64) * 64;
/** Byte offset of the output scratch. */
export const OUT_SCRATCH = R2_SCRATCH + (CHUNK_DOUBLES / 2) * 8 + 64;
const FIRST_SLOT = OUT_SCRATCH + CHUNK_DOUBLES * 8 + 64;
/** 624 words. */
const SLOT_BYTES = 2496;
export const SLOTS_PER_POOL = Math.floor((POOL_PAGES * PAGE - FIRST_SLOT) / SLOT_BYTES);

/** One memory and its kernels instance. */
interface Pool {
  readonly kernels: RandomKernels;
  /** The whole memory as Float64 (the scratch areas are read through it). */
  readonly f64: Float64Array;
  readonly buffer: ArrayBuffer;
  /** Released slots (byte offsets), reused first. */
  readonly free: number[];
  /** Slots never handed out start here. */
  next: number;
}

/** A generator's slot: its kernels, its state's byte offset, and the 624-word view `MT19937.key` is. */
export interface StateSlot {
  readonly kernels: RandomKernels;
  readonly f64: Float64Array;
  readonly ptr: number;
  readonly key: Uint32Array<ArrayBuffer>;
}

let compiled: object | null = null;
const pools: Pool[] = [];
const released = new FinalizationRegistry<{ pool: Pool; ptr: number }>(({ pool, ptr }) => pool.free.push(ptr));

function createPool(): Pool {
  compiled ??= new wasm.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const memory = new wasm.Memory({ initial: POOL_PAGES, maximum: POOL_PAGES });
  const kernels = new wasm.Instance(compiled, { env: { memory } }).exports as RandomKernels;
  const f64 = new Float64Array(memory.buffer);
  f64.set(GLIBC_LOG_TABLE, 0);
  return { kernels, f64, buffer: memory.buffer, free: [], next: FIRST_SLOT };
}

/** A zeroed state slot (as `new Uint32Array(624)` was), released when its key view is collected. */
export function allocateState(): StateSlot {
  let pool = pools.find((p) => p.free.length > 0);
  let ptr = pool?.free.pop();
  let key: Uint32Array<ArrayBuffer>;
  if (pool !== undefined && ptr !== undefined) {
    key = new Uint32Array(pool.buffer, ptr, 624);
    key.fill(0);
  } else {
    pool = pools.find((p) => p.next + SLOT_BYTES <= p.buffer.byteLength);
    if (pool === undefined) pools.push((pool = createPool()));
    ptr = pool.next;
    pool.next += SLOT_BYTES;
    key = new Uint32Array(pool.buffer, ptr, 624); // fresh memory is zero
  }
  released.register(key, { pool, ptr });
  return { kernels: pool.kernels, f64: pool.f64, ptr, key };
}

/**
 * Copies `n` doubles of scratch output at byte offset `from` to `out[at ..]`. Indices outside `out` are
 * dropped, as the element-by-element writes of the JavaScript fills dropped them (the draws still count).
 */
export function copyScratch(f64: Float64Array, from: number, n: number, out: Float64Array, at: number): void {
  const lo = Math.max(at, 0);
  const hi = Math.min(at + n, out.length);
  const shift = from / 8 - at;
  // A few values are copied by hand: a subarray view costs more than they do.
  if (hi - lo <= 16) for (let i = lo; i < hi; i++) out[i] = f64[i + shift]!;
  else if (lo < hi) out.set(f64.subarray(lo + shift, hi + shift), lo);
}
