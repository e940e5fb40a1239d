import { describe, expect, it } from 'vitest';
import { MT19937, RandomState } from '@sigmoid/random';
import type { RandomStateJSON, Seed } from '@sigmoid/random';
import { ReferenceGenerator } from './test-support/reference-generator.js';

// The WebAssembly bulk paths against the JavaScript they replaced (test-support/reference-generator.ts),
// bit for bit: outputs as Float64 bit patterns, and the whole state afterwards.

/** Index of the first element whose bit pattern differs (-1: none). */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return -2;
  const ua = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, 2 * b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i >>> 1;
  return -1;
}

function expectSameState(got: RandomStateJSON, want: RandomStateJSON): void {
  expect({ ...got, gauss: 0 }).toEqual({ ...want, gauss: 0 });
  expect(Object.is(got.gauss, want.gauss)).toBe(true);
}

/** A generator `words` draws into the stream of `seed`, with a cached normal when `gauss`, and its reference. */
function startAt(seed: Seed, words: number, gauss: boolean): [RandomState, ReferenceGenerator] {
  const rs = new RandomState(seed);
  for (let i = 0; i < words; i++) rs.nextUint32();
  if (gauss) rs.standardNormal();
  return [rs, new ReferenceGenerator(rs.getState())];
}

/** Two equal arrays of `n` NaNs with a recognisable payload (so untouched elements compare too). */
function poisoned(n: number): [Float64Array, Float64Array] {
  const a = new Float64Array(n);
  new Uint32Array(a.buffer).fill(0x7ff80bad);
  return [a, a.slice()];
}

const seeds: Seed[] = [0, 1, 42, 2 ** 32 - 1, [1, 2, 3]];
// Positions inside a block, at its last words (a double or an attempt straddles the regeneration), at its end.
const starts = [0, 1, 3, 311, 617, 620, 623, 624, 1000];
const sizes = [0, 1, 2, 3, 7, 623, 624, 625, 4097, 100_003];

describe('randomSampleInto / MT19937.fillDoubles', () => {
  it('fill the reference doubles for every seed, start position and size, and leave the same state', () => {
    for (const seed of seeds) {
      for (const words of starts) {
        for (const n of sizes) {
          const [rs, ref] = startAt(seed, words, false);
          const [got, want] = poisoned(n);
          rs.randomSampleInto(got);
          ref.fillDoubles(want);
          expect(firstBitDifference(got, want), `seed ${seed}, start ${words}, n ${n}`).toBe(-1);
          expectSameState(rs.getState(), ref.getState());
        }
      }
    }
  });

  it('write only out[offset, offset + length) and drop what falls outside the array, as the JavaScript did', () => {
    const mt = new MT19937();
    mt.seed(7);
    for (const [size, offset, length] of [[10, 3, 5], [10, 9, 1], [700, 1, 698], [10, 8, 6], [10, -2, 5], [5000, 4999, 4100], [100, 50, 4100], [100, -20, 60], [4, 2, 0]] as const) {
      const state = { bitGenerator: 'MT19937' as const, key: Array.from(mt.key), pos: mt.pos, hasGauss: false, gauss: 0 };
      const ref = new ReferenceGenerator(state);
      const [got, want] = poisoned(size);
      mt.fillDoubles(got, offset, length);
      ref.fillDoubles(want, offset, length);
      expect(firstBitDifference(got, want), `${size} ${offset} ${length}`).toBe(-1);
      expect([Array.from(mt.key), mt.pos]).toEqual([Array.from(ref.key), ref.pos]);
    }
  });
});

describe('standardNormalInto', () => {
  it('fills the reference normals for every seed, start, cached value and size, and leaves the same state', () => {
    for (const seed of seeds) {
      for (const words of starts) {
        for (const gauss of [false, true]) {
          for (const n of sizes) {
            const [rs, ref] = startAt(seed, words, gauss);
            const [got, want] = poisoned(n);
            rs.standardNormalInto(got);
            ref.standardNormalInto(want);
            expect(firstBitDifference(got, want), `seed ${seed}, start ${words}, gauss ${gauss}, n ${n}`).toBe(-1);
            expectSameState(rs.getState(), ref.getState());
          }
        }
      }
    }
  });

  it('with an offset and a length fills only that range (odd lengths keep the second value cached)', () => {
    for (const gauss of [false, true]) {
      const [rs, ref] = startAt(3, 5, gauss);
      for (const [size, offset, length] of [[10, 3, 5], [10, 9, 1], [9000, 1, 8193], [9000, 2, 8192], [12, 10, 6], [100, 50, 4100], [100, -20, 61], [6, 2, 0]] as const) {
        const [got, want] = poisoned(size);
        rs.standardNormalInto(got, offset, length);
        ref.standardNormalInto(want, offset, length);
        expect(firstBitDifference(got, want), `${size} ${offset} ${length}`).toBe(-1);
        expectSameState(rs.getState(), ref.getState());
      }
    }
  });

  it('normalInto and uniformInto (built on the bulk fills) match the reference element by element', () => {
    const [rs, ref] = startAt(11, 2, true);
    const got = rs.normalInto(new Float64Array(1001), [1, -2, 3, 0.5, 7, -1, 2], 3);
    const want = Float64Array.from({ length: 1001 }, (_, i) => [1, -2, 3, 0.5, 7, -1, 2][i % 7]! + 3 * ref.standardNormal());
    expect(firstBitDifference(got, want)).toBe(-1);
    const u = rs.uniformInto(new Float64Array(1001), -2, 5);
    const v = Float64Array.from({ length: 1001 }, () => -2 + 7 * ref.nextDouble());
    expect(firstBitDifference(u, v)).toBe(-1);
    expectSameState(rs.getState(), ref.getState());
  });
});

describe('skipStandardNormals / skipRandomSamples', () => {
  it('leave the state standard_normal(size=count) leaves, for every seed, start, cached value and count', () => {
    for (const seed of seeds) {
      for (const words of starts) {
        for (const gauss of [false, true]) {
          for (const n of [...sizes, 1_000_001]) {
            const [rs, ref] = startAt(seed, words, gauss);
            rs.skipStandardNormals(n);
            ref.skipStandardNormals(n);
            expectSameState(rs.getState(), ref.getState());
            expect(Object.is(rs.standardNormal(), ref.standardNormal())).toBe(true);
          }
        }
      }
    }
  });

  it('a skip then a fill equals one fill of both lengths', () => {
    for (const [skip, n] of [[1, 5], [4096, 3], [9999, 10_000]] as const) {
      const [a] = startAt(8, 17, false);
      const [b] = startAt(8, 17, false);
      a.skipStandardNormals(skip);
      const tail = a.standardNormalInto(new Float64Array(n));
      const whole = b.standardNormalInto(new Float64Array(skip + n));
      expect(firstBitDifference(tail, whole.subarray(skip))).toBe(-1);
      expect(a.getState()).toEqual(b.getState());
    }
  });

  it('do nothing for zero, negative and NaN counts', () => {
    const [rs] = startAt(4, 9, true);
    const before = rs.getState();
    for (const n of [0, -1, -7, Number.NaN]) rs.skipStandardNormals(n);
    expect(rs.getState()).toEqual(before);
  });
});

describe('scalar and bulk calls interleaved', () => {
  it('see one stream: the reference and the WebAssembly paths agree after each of 3000 random calls', () => {
    let s = 12345;
    const next = (m: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % m;
    };
    const [rs, ref] = startAt(2024, 0, false);
    let a = rs;
    for (let step = 0; step < 3000; step++) {
      const n = [0, 1, 2, 3, 5, 311, 624, 1250][next(8)]!;
      const op = next(8);
      let got: Float64Array = new Float64Array(0);
      let want: Float64Array = new Float64Array(0);
      if (op === 0) expect(a.nextUint32()).toBe(ref.nextUint32());
      else if (op === 1) expect(Object.is(a.standardNormal(), ref.standardNormal())).toBe(true);
      else if (op === 2) expect(Object.is(a.randomSample(), ref.nextDouble())).toBe(true);
      else if (op === 3) {
        got = a.randomSampleInto(new Float64Array(n));
        want = new Float64Array(n);
        ref.fillDoubles(want);
      }
      else if (op === 4) {
        got = a.standardNormalInto(new Float64Array(n));
        want = ref.standardNormalInto(new Float64Array(n));
      }
      else if (op === 5) {
        a.skipStandardNormals(n);
        ref.skipStandardNormals(n);
      }
      else if (op === 6) {
        a.skipRandomSamples(n);
        for (let i = 0; i < 2 * n; i++) ref.nextUint32();
      } else a = RandomState.fromState(JSON.parse(JSON.stringify(a.getState())) as RandomStateJSON); // a new slot
      expect(firstBitDifference(got, want), `step ${step} op ${op} n ${n}`).toBe(-1);
      expectSameState(a.getState(), ref.getState());
    }
  });

  it('generators sharing a memory keep their own streams', () => {
    const gens = [1, 2, 3].map((seed) => startAt(seed, seed * 100, seed === 2));
    for (let round = 0; round < 5; round++) {
      for (const [rs, ref] of gens) {
        const n = 777 + round;
        expect(firstBitDifference(rs.standardNormalInto(new Float64Array(n)), ref.standardNormalInto(new Float64Array(n)))).toBe(-1);
        const got = rs.randomSampleInto(new Float64Array(n));
        const want = new Float64Array(n);
        ref.fillDoubles(want);
        expect(firstBitDifference(got, want)).toBe(-1);
      }
    }
    for (const [rs, ref] of gens) expectSameState(rs.getState(), ref.getState());
  });
});

describe('against numpy across a regeneration', () => {
  it('standard_normal, random_sample and a skip straddling block ends give the values numpy 1.24.2 printed', () => {
    // r = np.random.RandomState(3); r.random_sample(311)  (622 words: the next attempt straddles the block end)
    const r = new RandomState(3);
    r.randomSampleInto(new Float64Array(311));
    expect(Array.from(r.standardNormalInto(new Float64Array(7)))).toEqual([
      -0.1402194579099544, -0.8455535719750695, 0.08613522689181467, -1.5025111199499317, 1.2531509828717906, 0.27158044964854494, 0.9876874546580141,
    ]);
    expect(Array.from(r.randomSampleInto(new Float64Array(5)))).toEqual([0.3950607897751658, 0.7446114470844425, 0.5527572624173823, 0.6238250857723261, 0.2703919968833126]);
    const { pos, hasGauss, gauss } = r.getState();
    expect({ pos, hasGauss, gauss }).toEqual({ pos: 32, hasGauss: true, gauss: -0.03352928314762036 });
    r.skipStandardNormals(10001); // r.standard_normal(10001)
    expect(Array.from(r.standardNormalInto(new Float64Array(3)))).toEqual([0.27658838079298137, 0.4813331164634572, 1.8265026429812636]);
  });
});
