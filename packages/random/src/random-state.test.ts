import { describe, expect, it } from 'vitest';
import { RandomState, RandomParameterError, MT19937 } from '@sigmoid/random';

// Reference values printed by numpy 1.24.2 (np.random.RandomState), pasted verbatim.

describe('seeding', () => {
  it('an integer seed follows init_genrand (RandomState(0).randint(0, 2**32))', () => {
    const r = new RandomState(0);
    expect([1, 2, 3, 4, 5].map(() => r.nextUint32())).toEqual([2357136044, 2546248239, 3071714933, 3626093760, 2588848963]);
  });
  it('accepts the largest seed 2**32 - 1', () => {
    const r = new RandomState(2 ** 32 - 1);
    expect([1, 2, 3].map(() => r.nextUint32())).toEqual([419326371, 479346978, 3918654476]);
  });
  it('an array seed follows init_by_array', () => {
    const r = new RandomState([1, 2, 3]);
    expect([1, 2, 3].map(() => r.nextUint32())).toEqual([2619334238, 1552691353, 3808334787]);
    const r0 = new RandomState([0]);
    expect([1, 2, 3].map(() => r0.nextUint32())).toEqual([3626764237, 1654615998, 3255389356]);
  });
  it('an array seed longer than the state (700 words) wraps like numpy', () => {
    const r = new RandomState(Array.from({ length: 700 }, (_, i) => i));
    expect([1, 2, 3].map(() => r.nextUint32())).toEqual([3727595200, 1914792892, 3929396303]);
  });
  it('rejects negative, fractional, too large and empty seeds', () => {
    expect(() => new RandomState(-1)).toThrowError(RandomParameterError);
    expect(() => new RandomState(1.5)).toThrowError(/Expected an integer between 0 and 2\*\*32 - 1 for seed but received 1.5/);
    expect(() => new RandomState(2 ** 32)).toThrowError(RandomParameterError);
    expect(() => new RandomState([])).toThrowError(/non-empty array/);
    expect(() => new RandomState([1, -2])).toThrowError(/seed\[1\]/);
  });
  it('without a seed draws from OS entropy (two generators differ)', () => {
    expect(new RandomState().nextUint32() === new RandomState().nextUint32() && new RandomState().nextUint32() === new RandomState().nextUint32()).toBe(false);
  });
  it('MT19937 is usable on its own', () => {
    const mt = new MT19937();
    mt.seed(0);
    expect(mt.nextUint32()).toBe(2357136044);
  });
});

describe('doubles', () => {
  it('random_sample uses 53 bits from two draws', () => {
    const r = new RandomState(42);
    expect([r.randomSample(), r.randomSample()]).toEqual([0.3745401188473625, 0.9507143064099162]);
    expect(Array.from(r.randomSampleInto(new Float64Array(2)))).toEqual([0.7319939418114051, 0.5986584841970366]);
  });
  it('uniform(low, high) is low + (high - low) * u, after normal() draws', () => {
    const r = new RandomState(1);
    expect(Array.from(r.normalInto(new Float64Array(3), 3, 2))).toEqual([6.248690727326483, 1.7764871726998492, 1.9436564954730886]);
    expect(Array.from(r.uniformInto(new Float64Array(3), -2, 5))).toEqual([0.7773723196146896, 1.7717171380234986, 0.9343616008230637]);
  });
  it('rejects a negative scale and an infinite range', () => {
    const r = new RandomState(1);
    expect(() => r.normalInto(new Float64Array(4), 0, -2)).toThrowError(/scale/);
    expect(() => r.normalInto(new Float64Array(5), [0, 1])).toThrowError(/array whose length divides 5 for loc/);
    expect(() => r.uniformInto(new Float64Array(2), 0, Infinity)).toThrowError(/finite range/);
    expect(() => r.normal(0, -1)).toThrowError(/non-negative number .*scale/);
    expect(() => r.uniform(-Infinity, 0)).toThrowError(RandomParameterError);
  });
});

describe('standard_normal (polar method)', () => {
  const ref = [1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785, -2.3015386968802827, 1.74481176421648];
  // Bit-exact: the polar method's log is glibc's (which numpy calls), reproduced (glibc-log.ts).
  const close = (a: number[], b: number[]) => expect(a).toEqual(b);
  it('matches numpy one value at a time', () => {
    const r = new RandomState(1);
    close(ref.map(() => r.standardNormal()), ref);
  });
  it('bulk fill draws the same values, including across the cached second value', () => {
    const r = new RandomState(1);
    const a = Array.from(r.standardNormalInto(new Float64Array(3)));
    const b = Array.from(r.standardNormalInto(new Float64Array(4)));
    close([...a, ...b], ref);
  });
  it('bulk fill equals one-at-a-time draws across its internal blocks and odd lengths', () => {
    const a = new RandomState(7);
    const b = new RandomState(7);
    const bulk = [...a.standardNormalInto(new Float64Array(1001)), ...a.standardNormalInto(new Float64Array(600))];
    expect(bulk).toEqual(Array.from({ length: 1601 }, () => b.standardNormal()));
    expect(a.getState()).toEqual(b.getState());
  });
  it('keeps the cached value in the state exactly as numpy get_state() shows it', () => {
    const r = new RandomState(1);
    r.standardNormal();
    const s = r.getState();
    expect(s.pos).toBe(4);
    expect(s.hasGauss).toBe(true);
    close([s.gauss], [-0.6117564136500754]);
  });
  it('matches numpy bit for bit where Math.log would be one ulp off', () => {
    // numpy 1.24.2: [float(v).hex() for v in np.random.RandomState(seed).standard_normal(end)[start:end]]
    // (repr: seed 1 -> -0.12289022551864817, -0.9357694342590688; seed 2 -> 0.37044453666323424,
    // 1.3596338626725961; seed 42 -> -0.5443827245251827, 0.11092258970986608)
    const hex = (s: string): number => {
      const m = /^(-?)0x1\.([0-9a-f]{13})p([+-]\d+)$/.exec(s)!;
      return (m[1] === '-' ? -1 : 1) * (2 ** 52 + parseInt(m[2]!, 16)) * 2 ** (Number(m[3]) - 52);
    };
    const cases: [number, number, string[]][] = [
      [1, 26, ['-0x1.f75bbdb99c4c2p-4', '-0x1.df1d2bd97a6e4p-1']],
      [2, 34, ['0x1.7b55d007cd467p-2', '0x1.5c10f6feb6844p+0']],
      [42, 24, ['-0x1.16b9551cafa28p-1', '0x1.c656c3f310635p-4']],
    ];
    for (const [seed, start, values] of cases) {
      const bulk = new RandomState(seed).standardNormalInto(new Float64Array(start + 2));
      expect(Array.from(bulk.subarray(start))).toEqual(values.map(hex));
      const one = new RandomState(seed);
      one.skipStandardNormals(start);
      expect([one.standardNormal(), one.standardNormal()]).toEqual(values.map(hex));
    }
  });
});

describe('randint (masked rejection)', () => {
  it('array form with one bound', () => {
    const r = new RandomState(7);
    expect(Array.from(r.randintArray(12, 10))).toEqual([4, 9, 6, 3, 3, 7, 7, 9, 7, 8, 9, 8]);
    expect(r.randint(5, 17)).toBe(12);
    expect(r.randint(3)).toBe(2);
  });
  it('broadcast form with array bounds', () => {
    const r = new RandomState(7);
    expect(Array.from(r.randintArray(3, [0, 10, 100], [5, 20, 1000]))).toEqual([4, 19, 602]);
  });
  it('ranges above 2**32 take two draws, high word first', () => {
    const r = new RandomState(11);
    expect(Array.from(r.randintArray(3, 0, 2 ** 40))).toEqual([657423371967, 346452335707, 348726071223]);
    expect(Array.from(r.randintArray(2, -(2 ** 45), 2 ** 45))).toEqual([-29627001020084, 24881197269575]);
  });
  it('a range of one value draws nothing', () => {
    const a = new RandomState(3);
    const b = new RandomState(3);
    expect(a.randint(4, 5)).toBe(4);
    expect(a.nextUint32()).toBe(b.nextUint32());
  });
  it('rejects low >= high and non-integers', () => {
    const r = new RandomState(0);
    expect(() => r.randint(5, 5)).toThrowError(/numpy: low >= high/);
    expect(() => r.randint(0.5, 2)).toThrowError(/safe integer for low/);
    expect(() => r.randintArray(-1, 3)).toThrowError(/non-negative integer for size/);
    expect(() => r.randintArray(2, [0], 3)).toThrowError(/array of length 2 for low/);
    expect(() => r.randintArray(2, 0, [3])).toThrowError(/array of length 2 for high/);
    expect(() => r.randintArray(2, [0, 5], [3, 5])).toThrowError(/low >= high/);
    expect(() => r.randint(0, 2 ** 60)).toThrowError(/safe integer for high/);
  });
});

describe('shuffle, permutation, choice', () => {
  it('shuffle and permutation follow numpy Fisher-Yates', () => {
    const r = new RandomState(3);
    const x = Array.from({ length: 10 }, (_, i) => i);
    r.shuffle(x);
    expect(x).toEqual([5, 4, 1, 2, 9, 6, 7, 0, 3, 8]);
    expect(Array.from(r.permutation(7))).toEqual([6, 1, 3, 4, 0, 5, 2]);
  });
  it('permutation of an array returns a shuffled copy', () => {
    const r = new RandomState(3);
    const src = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(r.permutation(src)).toEqual([5, 4, 1, 2, 9, 6, 7, 0, 3, 8].map((i) => src[i]));
    expect(src[0]).toBe('a');
  });
  it('choice with and without replacement, with and without p', () => {
    const r = new RandomState(3);
    expect(r.choice(10, 4, { replace: false })).toEqual([5, 4, 1, 2]);
    expect(r.choice(10, 4)).toEqual([5, 7, 6, 0]);
    expect(r.choice(5, 6, { p: [0.1, 0.2, 0.3, 0.2, 0.2] })).toEqual([3, 1, 2, 1, 2, 2]);
    expect(r.choice(5, 3, { replace: false, p: [0.1, 0.2, 0.3, 0.2, 0.2] })).toEqual([4, 3, 1]);
  });
  it('choice rejects impossible requests', () => {
    const r = new RandomState(3);
    expect(() => r.choice(3, 4, { replace: false })).toThrowError(/larger sample than population/);
    expect(() => r.choice(3, 1, { p: [0.5, 0.5] })).toThrowError(/same size/);
    expect(() => r.choice(2, 1, { p: [0.7, 0.7] })).toThrowError(/summing to 1/);
    expect(() => r.choice(0, 1)).toThrowError(/non-empty population/);
  });
  it('rejects a negative permutation size', () => {
    expect(() => new RandomState(0).permutation(-1)).toThrowError(RandomParameterError);
  });
});

describe('getState / setState', () => {
  it('matches numpy get_state() after 1000 doubles', () => {
    const r = new RandomState(9);
    r.randomSampleInto(new Float64Array(1000));
    const s = r.getState();
    expect(s.pos).toBe(128);
    expect(s.key.slice(0, 3)).toEqual([3770598109, 2301893747, 2668991571]);
    expect(s.key[623]).toBe(1587832979);
  });
  it('round-trips through JSON and resumes the exact stream, cached normal included', () => {
    const r = new RandomState(1);
    r.standardNormal();
    const saved = JSON.parse(JSON.stringify(r.getState()));
    const expected = [r.standardNormal(), r.standardNormal(), r.randomSample(), r.randint(1000)];
    const resumed = RandomState.fromState(saved);
    expect([resumed.standardNormal(), resumed.standardNormal(), resumed.randomSample(), resumed.randint(1000)]).toEqual(expected);
  });
  it('rejects malformed states', () => {
    const r = new RandomState(0);
    const good = r.getState();
    expect(() => r.setState({ ...good, key: good.key.slice(1) })).toThrowError(/624 integers for state.key/);
    expect(() => r.setState({ ...good, pos: 625 })).toThrowError(/state.pos/);
    expect(() => r.setState({ ...good, bitGenerator: 'PCG64' as 'MT19937' })).toThrowError(/MT19937/);
    expect(() => r.setState({ ...good, gauss: Number.NaN })).toThrowError(/state.gauss/);
    expect(() => r.setState({ ...good, hasGauss: 1 as unknown as boolean })).toThrowError(/boolean for state.hasGauss/);
    expect(() => r.setState({ ...good, key: good.key.map((k, i) => (i === 5 ? -1 : k)) })).toThrowError(/state.key\[5\]/);
    expect(() => r.setState(null as never)).toThrowError(/MT19937/);
  });
});

describe('skipping', () => {
  it('skipRandomSamples lands where drawing would', () => {
    const a = new RandomState(4);
    const b = new RandomState(4);
    a.randomSampleInto(new Float64Array(1001));
    b.skipRandomSamples(1001);
    expect(b.nextUint32()).toBe(a.nextUint32());
  });
  it('skipStandardNormals keeps the cached value exactly like drawing (odd and even counts)', () => {
    for (const [pre, n] of [[0, 7], [1, 6], [1, 7], [0, 0]] as const) {
      const a = new RandomState(8);
      const b = new RandomState(8);
      a.standardNormalInto(new Float64Array(pre));
      b.standardNormalInto(new Float64Array(pre));
      a.standardNormalInto(new Float64Array(n));
      b.skipStandardNormals(n);
      expect(b.getState()).toEqual(a.getState());
    }
  });
});
