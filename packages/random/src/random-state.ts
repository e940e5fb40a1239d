import { MT19937, stateSlotOf } from './mt19937.js';
import { CHUNK_DOUBLES, copyScratch, OUT_SCRATCH, R2_SCRATCH } from './wasm/state-pool.js';
import { RandomParameterError } from './errors.js';
import { glibcLog } from './glibc-log.js';

/** A seed as numpy's `RandomState` takes it: an integer in [0, 2^32) or a non-empty array of them. */
export type Seed = number | ArrayLike<number>;

/**
 * Plain-JSON snapshot of a {@link RandomState}, the same fields as numpy's
 * `RandomState.get_state()` tuple `('MT19937', key, pos, has_gauss, cached_gaussian)`.
 */
export interface RandomStateJSON {
  bitGenerator: 'MT19937';
  /** 624 unsigned 32-bit words. */
  key: number[];
  /** Position in `key`, 0..624. */
  pos: number;
  /** Whether a second normal from the polar method is cached. */
  hasGauss: boolean;
  /** The cached normal (0 when `hasGauss` is false). */
  gauss: number;
}

/** A writable array-like that {@link RandomState.shuffle} can permute in place. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const TWO_32 = 4294967296;

/** Smallest all-ones bit mask covering `max` (max < 2^32). */
function mask32(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/** With `i`, the parameter is `name[i]`, a string built only for the error (setState checks 624 words). */
function checkSeedWord(value: number, name: string, i?: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RandomParameterError(i === undefined ? name : `${name}[${i}]`, 'an integer between 0 and 2**32 - 1', value);
  }
  return value;
}

function entropySeed(): Uint32Array {
  const words = new Uint32Array(4);
  globalThis.crypto.getRandomValues(words);
  return words;
}

/**
 * numpy's legacy `RandomState` (MT19937), bit-exact: the same seed gives the same integers,
 * doubles, permutations and normals as numpy 1.24 (normals: as numpy on x86-64 glibc with FMA, whose
 * `log` the polar method reproduces; see glibc-log.ts).
 *
 * Scalar methods mirror numpy's (`randomSample`, `uniform`, `standardNormal`, `normal`, `randint`);
 * `...Into(out)` methods fill a typed array in bulk, drawing exactly what numpy's `size=` form draws.
 */
export class RandomState {
  private readonly mt = new MT19937();
  private hasGauss = false;
  private gauss = 0;

  /** @param seed integer in [0, 2^32) (`init_genrand`), an array of them (`init_by_array`), or omitted for OS entropy. */
  constructor(seed?: Seed) {
    this.seed(seed);
  }

  /** Restores a generator from {@link getState} output. */
  static fromState(state: RandomStateJSON): RandomState {
    const rs = new RandomState(0);
    rs.setState(state);
    return rs;
  }

  /** Re-seeds exactly like numpy's `RandomState.seed` (and forgets a cached normal). */
  seed(seed?: Seed): void {
    if (seed === undefined) {
      this.mt.seedByArray(entropySeed());
    } else if (typeof seed === 'number') {
      this.mt.seed(checkSeedWord(seed, 'seed'));
    } else {
      if (seed.length === 0) throw new RandomParameterError('seed', 'a non-empty array of integers', seed);
      const words = new Uint32Array(seed.length);
      for (let i = 0; i < seed.length; i++) words[i] = checkSeedWord(seed[i]!, 'seed', i);
      this.mt.seedByArray(words);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The full generator state as plain JSON (survives `JSON.stringify`). */
  getState(): RandomStateJSON {
    return { bitGenerator: 'MT19937', key: Array.from(this.mt.key), pos: this.mt.pos, hasGauss: this.hasGauss, gauss: this.hasGauss ? this.gauss : 0 };
  }

  /** Continues exactly where the generator that produced `state` stood. */
  setState(state: RandomStateJSON): void {
    if (state === null || typeof state !== 'object' || state.bitGenerator !== 'MT19937') {
      throw new RandomParameterError('state.bitGenerator', '"MT19937"', (state as { bitGenerator?: unknown } | null)?.bitGenerator);
    }
    if (!Array.isArray(state.key) || state.key.length !== 624) throw new RandomParameterError('state.key', 'an array of 624 integers', state.key);
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > 624) throw new RandomParameterError('state.pos', 'an integer between 0 and 624', state.pos);
    if (typeof state.hasGauss !== 'boolean') throw new RandomParameterError('state.hasGauss', 'a boolean', state.hasGauss);
    if (typeof state.gauss !== 'number' || !Number.isFinite(state.gauss)) throw new RandomParameterError('state.gauss', 'a finite number', state.gauss);
    for (let i = 0; i < 624; i++) this.mt.key[i] = checkSeedWord(state.key[i]!, 'state.key', i);
    this.mt.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.gauss : 0;
  }

  /** Next raw 32-bit output (numpy `randint(0, 2**32)` / `next_uint32`). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** numpy `random_sample()`: a double in [0, 1) from 53 random bits. */
  randomSample(): number {
    return this.mt.nextDouble();
  }

  /** Fills `out` like numpy `random_sample(size=out.length)`. */
  randomSampleInto(out: Float64Array): Float64Array {
    this.mt.fillDoubles(out);
    return out;
  }

  /**
   * Advances the stream as if `count` doubles had been drawn (`random_sample(size=count)`), without
   * computing them: two 32-bit words per double.
   */
  skipRandomSamples(count: number): void {
    this.mt.skip(2 * count);
  }

  /**
   * Advances the stream exactly as `standard_normal(size=count)` would, including the cached second
   * value, but skips the logarithms of every pair except a final half-used one. The rejection test
   * runs in WebAssembly, two attempts at a time (kernels.wat `skipPairs`).
   */
  skipStandardNormals(count: number): void {
    let remaining = count;
    if (remaining > 0 && this.hasGauss) {
      this.hasGauss = false;
      this.gauss = 0;
      remaining--;
    }
    const mt = this.mt;
    const { kernels, ptr } = stateSlotOf(mt);
    // The kernel counts pairs in an i32: at most 2^30 per call.
    for (let pairs = Math.floor(remaining / 2); pairs > 0; pairs -= 2 ** 30) mt.pos = kernels.skipPairs(ptr, mt.pos, Math.min(pairs, 2 ** 30));
    if (remaining % 2 === 1) this.standardNormal();
  }

  /** numpy `uniform(low, high)`: `low + (high - low) * random_sample()`. */
  uniform(low = 0, high = 1): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RandomParameterError('high - low', 'a finite range', range);
    return low + range * this.mt.nextDouble();
  }

  /** Fills `out` like numpy `uniform(low, high, size=out.length)`. */
  uniformInto(out: Float64Array, low = 0, high = 1): Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RandomParameterError('high - low', 'a finite range', range);
    this.mt.fillDoubles(out);
    for (let i = 0; i < out.length; i++) out[i] = low + range * out[i]!;
    return out;
  }

  /**
   * numpy `standard_normal()` (legacy `legacy_gauss`): the Marsaglia polar method; each accepted pair
   * returns `f * x2` and caches `f * x1` for the next call.
   */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    const mt = this.mt;
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * mt.nextDouble() - 1.0;
      x2 = 2.0 * mt.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * Fills `out` like numpy `standard_normal(size=out.length)` (same draws, same cache afterwards). Whole
   * pairs are made in WebAssembly (kernels.wat `normalPairs`), up to 4096 values per call.
   */
  standardNormalInto(out: Float64Array, offset = 0, length = out.length - offset): Float64Array {
    const end = offset + length;
    let i = offset;
    if (i < end && this.hasGauss) {
      out[i++] = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
    }
    const mt = this.mt;
    const { kernels, f64, ptr } = stateSlotOf(mt);
    let pos = mt.pos;
    while (end - i >= 2) {
      const pairs = Math.min(CHUNK_DOUBLES / 2, Math.floor((end - i) / 2));
      pos = kernels.normalPairs(ptr, pos, OUT_SCRATCH, R2_SCRATCH, pairs);
      copyScratch(f64, OUT_SCRATCH, 2 * pairs, out, i);
      i += 2 * pairs;
    }
    mt.pos = pos;
    // An odd count: the last value is a fresh pair's first, the second stays cached, as in numpy.
    if (i < end) out[i++] = this.standardNormal();
    return out;
  }

  /** numpy `normal(loc, scale)`: `loc + scale * standard_normal()`. */
  normal(loc = 0, scale = 1): number {
    if (!(scale >= 0)) throw new RandomParameterError('scale', 'a non-negative number (numpy: scale < 0)', scale);
    return loc + scale * this.standardNormal();
  }

  /** Fills `out` like numpy `normal(loc, scale, size=out.length)`; `loc` may be an array broadcast over the last axis. */
  normalInto(out: Float64Array, loc: number | ArrayLike<number> = 0, scale = 1): Float64Array {
    if (!(scale >= 0)) throw new RandomParameterError('scale', 'a non-negative number (numpy: scale < 0)', scale);
    if (typeof loc === 'number') {
      for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.standardNormal();
    } else {
      const d = loc.length;
      if (d === 0 || out.length % d !== 0) throw new RandomParameterError('loc', `an array whose length divides ${out.length}`, loc);
      for (let i = 0; i < out.length; i++) out[i] = loc[i % d]! + scale * this.standardNormal();
    }
    return out;
  }

  /**
   * A uniform integer in [0, rng] by numpy's masked rejection (`random_bounded_uint64` with
   * `use_masked=True`): 32-bit draws for rng < 2^32, two draws (high word first) above.
   */
  private bounded(rng: number): number {
    const mt = this.mt;
    if (rng === 0) return 0;
    if (rng < TWO_32) {
      if (rng === 0xffffffff) return mt.nextUint32();
      const mask = mask32(rng);
      let v: number;
      do v = (mt.nextUint32() & mask) >>> 0;
      while (v > rng);
      return v;
    }
    return this.masked64(rng);
  }

  private masked64(max: number): number {
    const mt = this.mt;
    const maskHi = mask32(Math.floor(max / TWO_32));
    let v: number;
    do {
      const hi = (mt.nextUint32() & maskHi) >>> 0;
      v = hi * TWO_32 + mt.nextUint32();
    } while (v > max);
    return v;
  }

  /** numpy's `random_interval(max)`: uniform in [0, max] by masked rejection (the Fisher-Yates step). */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = mask32(max);
      const mt = this.mt;
      let v: number;
      do v = (mt.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    return this.masked64(max);
  }

  private checkBounds(low: number, high: number): number {
    if (!Number.isSafeInteger(low)) throw new RandomParameterError('low', 'a safe integer', low);
    if (!Number.isSafeInteger(high)) throw new RandomParameterError('high', 'a safe integer', high);
    if (low >= high) throw new RandomParameterError('high', `an integer greater than low=${low} (numpy: low >= high)`, high);
    const rng = high - 1 - low;
    if (!Number.isSafeInteger(rng)) throw new RandomParameterError('high - low', 'a range below 2**53', rng + 1);
    return rng;
  }

  /** numpy `randint(low, high)` (or `randint(high)` for [0, high)): one integer, high exclusive. */
  randint(low: number, high?: number): number {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    return low + this.bounded(this.checkBounds(low, high));
  }

  /**
   * numpy `randint(low, high, size=n)`: `n` integers drawn in order. `low` and `high` may be arrays of
   * length `n` (numpy's broadcast form draws the same way, one bounded draw per element).
   */
  randintArray(size: number, low: number | ArrayLike<number>, high?: number | ArrayLike<number>): Float64Array {
    if (!Number.isInteger(size) || size < 0) throw new RandomParameterError('size', 'a non-negative integer', size);
    if (high === undefined) {
      high = low;
      low = 0;
    }
    const out = new Float64Array(size);
    if (typeof low === 'number' && typeof high === 'number') {
      const rng = this.checkBounds(low, high);
      if (rng > 0 && rng < 0xffffffff) {
        // numpy's 32-bit masked path with the mask computed once
        const mask = mask32(rng);
        const mt = this.mt;
        for (let i = 0; i < size; i++) {
          let v: number;
          do v = (mt.nextUint32() & mask) >>> 0;
          while (v > rng);
          out[i] = low + v;
        }
        return out;
      }
      for (let i = 0; i < size; i++) out[i] = low + this.bounded(rng);
      return out;
    }
    const lowAt = (i: number) => (typeof low === 'number' ? low : (low as ArrayLike<number>)[i]!);
    const highAt = (i: number) => (typeof high === 'number' ? high : (high as ArrayLike<number>)[i]!);
    for (const [name, arr] of [['low', low], ['high', high]] as const) {
      if (typeof arr !== 'number' && arr.length !== size) throw new RandomParameterError(name, `an array of length ${size}`, arr);
    }
    for (let i = 0; i < size; i++) {
      const lo = lowAt(i);
      out[i] = lo + this.bounded(this.checkBounds(lo, highAt(i)));
    }
    return out;
  }

  /** numpy `shuffle(x)` for a 1-d array: Fisher-Yates from the end with {@link randomInterval}. In place. */
  shuffle<T, A extends MutableArrayLike<T>>(x: A): A {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
    return x;
  }

  /** numpy `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Uint32Array;
  /** numpy `permutation(array)`: a shuffled copy. */
  permutation<T>(x: ArrayLike<T>): T[];
  permutation<T>(x: number | ArrayLike<T>): Uint32Array | T[] {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RandomParameterError('n', 'an integer between 0 and 2**32 - 1', x);
      const arr = new Uint32Array(x);
      for (let i = 0; i < x; i++) arr[i] = i;
      return this.shuffle(arr);
    }
    return this.shuffle(Array.from(x));
  }

  /**
   * numpy `choice(a, size, replace, p)`: `a` is a population size or an array. Uniform draws with
   * replacement use `randint(0, n, size)`; without replacement `permutation(n)[:size]`; with `p`, the
   * inverse CDF of `random_sample` (and numpy's redraw loop when `replace` is false).
   */
  choice<T = number>(a: number | ArrayLike<T>, size: number, options: { replace?: boolean; p?: ArrayLike<number> } = {}): T[] {
    const replace = options.replace ?? true;
    const pop = typeof a === 'number' ? a : a.length;
    if (!Number.isInteger(pop) || pop < 0) throw new RandomParameterError('a', 'a non-negative integer or an array', a);
    if (!Number.isInteger(size) || size < 0) throw new RandomParameterError('size', 'a non-negative integer', size);
    if (pop === 0 && size > 0) throw new RandomParameterError('a', "a non-empty population when size > 0 (numpy: 'a' cannot be empty unless no samples are taken)", a);
    const pick = (i: number): T => (typeof a === 'number' ? (i as unknown as T) : a[i]!);
    const p = options.p;
    if (p !== undefined) {
      if (p.length !== pop) throw new RandomParameterError('p', `an array of length ${pop} (numpy: 'a' and 'p' must have same size)`, p);
      let sum = 0;
      for (let i = 0; i < pop; i++) {
        if (!(p[i]! >= 0)) throw new RandomParameterError(`p[${i}]`, 'a non-negative probability', p[i]);
        sum += p[i]!;
      }
      if (Math.abs(sum - 1) > Math.sqrt(Number.EPSILON)) throw new RandomParameterError('p', 'probabilities summing to 1', sum);
    }
    if (replace) {
      if (p === undefined) return Array.from(this.randintArray(size, 0, pop), pick);
      const cdf = cumulative(p);
      const out: T[] = new Array(size);
      for (let i = 0; i < size; i++) out[i] = pick(searchRight(cdf, this.randomSample()));
      return out;
    }
    if (size > pop) throw new RandomParameterError('size', `at most ${pop} without replacement (numpy: Cannot take a larger sample than population when 'replace=False')`, size);
    if (p === undefined) {
      const perm = this.permutation(pop);
      return Array.from(perm.subarray(0, size), pick);
    }
    let nonzero = 0;
    for (let i = 0; i < pop; i++) if (p[i]! > 0) nonzero++;
    if (size > nonzero) throw new RandomParameterError('p', `at least ${size} non-zero entries (numpy: Fewer non-zero entries in p than size)`, nonzero);
    const weights = Float64Array.from(p);
    const found: number[] = [];
    const seen = new Set<number>();
    while (found.length < size) {
      const draws = this.randomSampleInto(new Float64Array(size - found.length));
      for (const f of found) weights[f] = 0;
      const cdf = cumulative(weights);
      for (const u of draws) {
        const idx = searchRight(cdf, u);
        if (!seen.has(idx)) {
          seen.add(idx);
          found.push(idx);
        }
      }
    }
    return found.map(pick);
  }
}

function cumulative(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i]!;
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i]! /= last;
  return cdf;
}

/** `np.searchsorted(cdf, u, side='right')`. */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
