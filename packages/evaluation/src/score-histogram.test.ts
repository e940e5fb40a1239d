import { describe, it, expect } from 'vitest';
import { RankingAccumulator, ScoreHistogramAccumulator, rocAucScore } from '@sigmoid/evaluation';
import { mulberry32 as rng } from './test-support/mulberry32.js';


/** Overlapping classes: positive scores skewed up, negatives down. */
function sample(n: number, seed: number, tieDecimals?: number) {
  const r = rng(seed);
  const y = new Int32Array(n);
  const s = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r() < 0.4 ? 1 : 0;
    const u = r();
    let v = y[i] ? Math.sqrt(u) : 1 - Math.sqrt(1 - u) * 0.9;
    if (tieDecimals !== undefined) v = Math.round(v * 10 ** tieDecimals) / 10 ** tieDecimals;
    s[i] = v;
    w[i] = 0.5 + r();
  }
  return { y, s, w };
}

describe('bounded-memory ROC AUC (score histogram)', () => {
  it('the exact AUC lies within the returned bound, for several resolutions', () => {
    const { y, s } = sample(20000, 1);
    const exact = rocAucScore(y, s) as number;
    for (const bins of [16, 256, 4096, 65536]) {
      const { auc, errorBound } = new ScoreHistogramAccumulator([0, 1], { bins }).update(y, s).rocAuc();
      expect(Math.abs(auc - exact)).toBeLessThanOrEqual(errorBound + 1e-15);
      expect(errorBound).toBeGreaterThan(0);
    }
    // the bound shrinks roughly like 1 / bins for smooth score densities
    const b16 = new ScoreHistogramAccumulator([0, 1], { bins: 16 }).update(y, s).rocAuc().errorBound;
    const b4096 = new ScoreHistogramAccumulator([0, 1], { bins: 4096 }).update(y, s).rocAuc().errorBound;
    expect(b4096).toBeLessThan(b16 / 100);
  });
  it('with sample weights the bound holds too', () => {
    const { y, s, w } = sample(5000, 2);
    const exact = rocAucScore(y, s, { sampleWeight: w }) as number;
    const { auc, errorBound } = new ScoreHistogramAccumulator([0, 1], { bins: 1024 }).update(y, s, w).rocAuc();
    expect(Math.abs(auc - exact)).toBeLessThanOrEqual(errorBound + 1e-15);
  });
  it('is exact (bound 0) when every bin holds one class, and ties across bins agree with sklearn', () => {
    // scores on a 0.01 grid, 2^16 bins: each distinct score in its own bin, so histogram ties = score ties
    const { y, s } = sample(3000, 3, 2);
    const exact = rocAucScore(y, s) as number;
    const h = new ScoreHistogramAccumulator().update(y, s).rocAuc();
    expect(Math.abs(h.auc - exact)).toBeLessThanOrEqual(1e-12);
    const separated = new ScoreHistogramAccumulator().update([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]).rocAuc();
    expect(separated).toEqual({ auc: 1, errorBound: 0 });
  });
  it('decision scores over a custom range, values outside clamped to the end bins', () => {
    const y = [0, 1, 0, 1, 1, 0];
    const s = [-12, 3.5, -0.5, 20, 0.25, 1];
    const exact = rocAucScore(y, s) as number;
    const { auc, errorBound } = new ScoreHistogramAccumulator([0, 1], { range: [-5, 5], bins: 1000 }).update(y, s).rocAuc();
    expect(Math.abs(auc - exact)).toBeLessThanOrEqual(errorBound + 1e-15);
  });
  it('memory does not grow with the number of rows', () => {
    const h = new ScoreHistogramAccumulator();
    const before = h.byteLength;
    const { y, s } = sample(50000, 4);
    h.update(y, s);
    expect(h.byteLength).toBe(before);
    expect(before).toBe(2 * 65536 * 8);
    const exact = new RankingAccumulator().update(y, s);
    expect(exact.byteLength).toBeGreaterThan(50000 * 9);
  });
  it('average precision at histogram resolution is close to the exact value', () => {
    const { y, s } = sample(20000, 5);
    const exact = new RankingAccumulator().update(y, s).averagePrecision();
    const approx = new ScoreHistogramAccumulator().update(y, s).averagePrecision();
    expect(Math.abs(approx - exact)).toBeLessThan(1e-3);
  });
});
