import { describe, expect, it } from 'vitest';
import { RandomState, sampleWithoutReplacement, checkRandomState } from '@sigmoid/random';

// sklearn 1.2.1: sample_without_replacement(n, k, method=m, random_state=np.random.RandomState(5)).
const draw = (n: number, k: number, method: 'auto' | 'tracking_selection' | 'reservoir_sampling' | 'pool' = 'auto') =>
  Array.from(sampleWithoutReplacement(n, k, { method, randomState: new RandomState(5) }));

describe('sampleWithoutReplacement', () => {
  it('auto, ratio < 0.01: tracking selection', () => {
    expect(draw(1000, 5)).toEqual([867, 206, 701, 998, 118]);
    expect(draw(2 ** 30, 4)).toEqual([953453411, 236996814, 518541295, 349300413]);
  });
  it('auto, 0.01 < ratio < 0.99: a prefix of a permutation', () => {
    expect(draw(100, 3)).toEqual([66, 32, 46]);
    expect(draw(100, 50).slice(0, 10)).toEqual([66, 32, 46, 28, 74, 23, 10, 20, 17, 35]);
    expect(draw(1000, 300).slice(-5)).toEqual([384, 477, 562, 636, 510]);
  });
  it('auto, ratio >= 0.99: reservoir sampling', () => {
    const out = draw(1000, 995);
    const moved = new Map([[118, 999], [206, 996], [701, 997], [867, 995]]);
    out.forEach((v, i) => expect(v).toBe(moved.get(i) ?? i));
  });
  it('explicit methods (tracking_selection falls back to reservoir at ratio >= 0.2, as in sklearn)', () => {
    const reservoir = [0, 41, 2, 20, 28, 5, 23, 34, 27, 46, 10, 40, 35, 39, 21, 36, 37, 17, 45, 19];
    expect(draw(50, 20, 'tracking_selection')).toEqual(reservoir);
    expect(draw(50, 20, 'reservoir_sampling')).toEqual(reservoir);
    expect(draw(50, 20, 'pool')).toEqual([35, 14, 47, 38, 16, 9, 8, 36, 39, 27, 30, 45, 7, 12, 15, 46, 40, 13, 11, 1]);
  });
  it('edge cases: everything, nothing', () => {
    expect(draw(4, 4)).toEqual([0, 1, 2, 3]);
    expect(draw(0, 0)).toEqual([]);
  });
  it('rejects nSamples > nPopulation, negatives and unknown methods', () => {
    expect(() => draw(3, 4)).toThrowError(/n_population should be greater or equal than n_samples/);
    expect(() => draw(-1, 0)).toThrowError(/nPopulation/);
    expect(() => draw(5, -1)).toThrowError(/nSamples/);
    expect(() => draw(5, 1, 'magic' as 'pool')).toThrowError(/method/);
  });
  it('checkRandomState passes a generator through and seeds a new one from a number', () => {
    const r = new RandomState(1);
    expect(checkRandomState(r)).toBe(r);
    expect(checkRandomState(0).nextUint32()).toBe(2357136044);
  });
});
