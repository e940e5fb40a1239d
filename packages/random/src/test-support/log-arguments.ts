/**
 * Arguments for checking glibcLog against the C library, shared by the validation script, the fixture
 * script and the tests (so the fixture can hold only hashes of glibc's results). Test-only: not built.
 */
import { MT19937 } from '../mt19937.js';
import { RandomState } from '../random-state.js';

/** How an argument was drawn (see {@link logArguments}). */
export type LogArgumentKind = 'special' | 'polar' | 'bits' | 'near1' | 'unit' | 'subnormal';

/** Zeros, 1, infinities, NaN, negatives, the extremes and the bounds of glibc's paths and table. */
export const SPECIAL_LOG_ARGUMENTS: readonly number[] = [
  0, -0, 1, -1, Infinity, -Infinity, Number.NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
  1.7976931348623157e308, 0.9375, 0.9375 - 2 ** -53, 1.064697265625, 1.064697265625 - 2 ** -52, 1 - 2 ** -53, 1 + 2 ** -52,
  0.6875, 0.6875 - 2 ** -53, 1.375, 1.375 - 2 ** -52, 0.5, 2, Math.E, 10, 2 ** -1074 * 3, 2 ** 1023, 1e-300, 1e300,
];

const KINDS = ['polar', 'bits', 'near1', 'unit', 'subnormal'] as const;

/**
 * `count` arguments after the specials, kinds in turn (deterministic for a seed):
 * - polar: r2 = x1^2 + x2^2, x = 2u - 1 from 53-bit doubles, accepted in (0, 1) (the normals' arguments);
 * - bits: positive finite doubles with uniformly random bit patterns (every binade);
 * - near1: 1, 1 - 2^-4 or 1 + 0x1.09p-4 plus or minus m 2^-e (m < 4097, 12 <= e <= 52): both paths' bounds;
 * - unit: uniform in [0.5, 2) (every table interval);
 * - subnormal: random positive subnormals.
 */
export function logArguments(count: number, seed: number): { x: Float64Array; kind: LogArgumentKind[] } {
  const rng = new RandomState(seed);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  const fromWords = (hi: number, lo: number): number => {
    u32[HIGH] = hi;
    u32[1 - HIGH] = lo;
    return f64[0]!;
  };
  const x = new Float64Array(SPECIAL_LOG_ARGUMENTS.length + count);
  const kind: LogArgumentKind[] = [];
  SPECIAL_LOG_ARGUMENTS.forEach((v, i) => {
    x[i] = v;
    kind.push('special');
  });
  for (let j = 0; j < count; j++) {
    const k = KINDS[j % KINDS.length]!;
    let v: number;
    if (k === 'polar') {
      let r2: number;
      do {
        const x1 = 2 * rng.randomSample() - 1;
        const x2 = 2 * rng.randomSample() - 1;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      v = r2;
    } else if (k === 'bits') {
      v = fromWords(rng.nextUint32() % 0x7ff00000, rng.nextUint32());
    } else if (k === 'near1') {
      const m = 1 + (rng.nextUint32() % 4096);
      const e = 12 + (rng.nextUint32() % 41);
      const base = [1, 1, 0.9375, 1.064697265625][rng.nextUint32() % 4]!;
      v = base + (rng.nextUint32() % 2 === 0 ? 1 : -1) * m * 2 ** -e;
    } else if (k === 'unit') {
      v = 0.5 + 1.5 * rng.randomSample();
    } else {
      v = fromWords(rng.nextUint32() % 0x00100000, rng.nextUint32());
    }
    x[SPECIAL_LOG_ARGUMENTS.length + j] = v;
    kind.push(k);
  }
  return { x, kind };
}

/**
 * The polar method's r2 behind the normals at `indices` (ascending) of `standard_normal` from a fresh
 * `RandomState(seed)`: normals 2j and 2j + 1 come from the j-th accepted pair.
 */
export function polarArgumentsAt(seed: number, indices: readonly number[]): Float64Array {
  const mt = new MT19937();
  mt.seed(seed);
  const out = new Float64Array(indices.length);
  let pair = -1;
  let r2 = 0;
  indices.forEach((index, n) => {
    while (pair < index >> 1) {
      let x1: number, x2: number;
      do {
        x1 = 2 * mt.nextDouble() - 1;
        x2 = 2 * mt.nextDouble() - 1;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      pair++;
    }
    out[n] = r2;
  });
  return out;
}

/** Bytes of `ys` with every NaN written as 0x7ff8000000000000 (glibc's NaN signs and payloads are not compared: the fixture hashes these bytes). */
export function canonicalBytes(ys: Float64Array): Uint8Array {
  const copy = Float64Array.from(ys);
  const words = new Uint32Array(copy.buffer);
  for (let i = 0; i < copy.length; i++) {
    if (Number.isNaN(copy[i])) {
      words[2 * i] = 0;
      words[2 * i + 1] = 0x7ff80000;
    }
  }
  return new Uint8Array(copy.buffer);
}
