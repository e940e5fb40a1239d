/**
 * The Mersenne Twister MT19937 exactly as numpy's `mt19937.c` (legacy `RandomState`) runs it.
 * Seeding: `seed()` is numpy's `mt19937_seed` (Matsumoto/Nishimura `init_genrand`), `seedByArray()`
 * is `mt19937_init_by_array` (`init_by_array`). The twist and the bulk fills run in WebAssembly
 * (wasm/kernels.wat) on the state's slot in a shared memory (wasm/state-pool.ts).
 */
import { allocateState, CHUNK_DOUBLES, copyScratch, OUT_SCRATCH } from './wasm/state-pool.js';
import type { StateSlot } from './wasm/state-pool.js';

const N = 624;

let slotOf: (mt: MT19937) => StateSlot;

/** The state slot of `mt`, for RandomState's polar-method kernels (not exported from the package). */
export function stateSlotOf(mt: MT19937): StateSlot {
  return slotOf(mt);
}

/** Raw MT19937 generator. State is a `Uint32Array(624)` and a position, as in numpy. */
export class MT19937 {
  static {
    slotOf = (mt) => mt.#slot;
  }

  readonly #slot: StateSlot = allocateState();
  /** The 624-word state vector (numpy's `state['key']`), a view of the state in WebAssembly memory. */
  readonly key: Uint32Array<ArrayBuffer> = this.#slot.key;
  /** Index of the next word to temper; 624 means "regenerate first" (numpy's `state['pos']`). */
  pos = N;

  /** `init_genrand`: numpy's `RandomState(int)` path (`mt19937_seed(state, seed & 0xffffffff)`). */
  seed(seed: number): void {
    const mt = this.key;
    let x = seed >>> 0;
    for (let i = 0; i < N; i++) {
      mt[i] = x;
      // 32-bit multiply with Math.imul; the sum stays far below 2^53, so `>>> 0` is the exact mod 2^32.
      x = (Math.imul(1812433253, x ^ (x >>> 30)) + i + 1) >>> 0;
    }
    this.pos = N;
  }

  /** `init_by_array`: numpy's `RandomState(array)` path. Every element must be a uint32. */
  seedByArray(initKey: ArrayLike<number>): void {
    const mt = this.key;
    const len = initKey.length;
    this.seed(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (initKey[j]! >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB set: the state is never all zero
    this.pos = N;
  }

  /** Regenerates all 624 words (numpy's `mt19937_gen`) and rewinds `pos` to 0. */
  generate(): void {
    this.#slot.kernels.twist(this.#slot.ptr);
    this.pos = 0;
  }

  /** Next tempered 32-bit output as an unsigned number in [0, 2^32). */
  nextUint32(): number {
    if (this.pos === N) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Advances by `count` outputs without tempering them (whole blocks are regenerated, not drawn). */
  skip(count: number): void {
    let k = count;
    while (k > 0) {
      if (this.pos === N) this.generate();
      const step = Math.min(k, N - this.pos);
      this.pos += step;
      k -= step;
    }
  }

  /** Fills `out[offset .. offset+length)` with `nextDouble()` values (the hot loop of `random_sample(size)`). */
  fillDoubles(out: Float64Array, offset = 0, length = out.length - offset): void {
    const { kernels, f64, ptr } = this.#slot;
    let pos = this.pos;
    for (let i = offset, end = offset + length; i < end; i += CHUNK_DOUBLES) {
      const n = Math.min(CHUNK_DOUBLES, end - i);
      pos = kernels.fillDoubles(ptr, pos, OUT_SCRATCH, n);
      copyScratch(f64, OUT_SCRATCH, n, out, i);
    }
    this.pos = pos;
  }

  /** numpy's `mt19937_next_double`: 53 random bits from two draws (27 + 26 bits). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
}
