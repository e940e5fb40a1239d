import { describe, expect, it } from 'vitest';
import { LogisticRegression, type Solver } from '@sigmoid/trainer';
import { rowMajorLossGrad } from './loss.js';
import { MultiScratch, multinomialLossGrad } from './test-support/multinomial-reference.js';
import { ShuffleRng } from './rng.js';
import { fixtureTable, rebatch } from './test-data.js';

/** Deterministic uniform numbers in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** n x d data, column-major and row-major copies, labels in [0, K), weights in (0, 2). */
function data(n: number, d: number, K: number, scale: number, seed: number) {
  const r = lcg(seed);
  const cols = Array.from({ length: d }, () => new Float64Array(n));
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = scale * r();
      cols[j]![i] = v;
      X[i * d + j] = v;
    }
  }
  const y = Int32Array.from({ length: n }, () => Math.min(K - 1, Math.floor(((r() + 1) / 2) * K)));
  const s = Float64Array.from({ length: n }, () => 1 + r());
  return { cols, X, y, s };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b[i]!)));
}

describe('the row-major multinomial mini-batch kernel agrees with the column kernel of the exact solvers', () => {
  it('multinomial, 3 classes, weighted and unit weights', () => {
    const n = 300;
    const d = 5;
    const K = 3;
    const { cols, X, y, s } = data(n, d, K, 2, 7);
    const w = Float64Array.from({ length: K * (d + 1) }, (_, j) => 0.2 * Math.cos(j));
    for (const weights of [null, s]) {
      const gRef = new Float64Array(K * (d + 1));
      const ref = multinomialLossGrad(w, K, d, cols, y, weights, n, gRef, new MultiScratch(K));
      const g = new Float64Array(K * (d + 1));
      const loss = rowMajorLossGrad(w, K, d, X, 0, n, y, weights ?? new Float64Array(n).fill(1), g, new Float64Array(K));
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(1e-12 * Math.abs(ref));
      expectClose(g, gRef, 1e-12);
    }
  });
});

describe('shuffling', () => {
  it('shuffle() makes the same draws as nextInt (Fisher-Yates) and leaves the generator in the same state', () => {
    for (const n of [1, 2, 7, 1000, 16384]) {
      const a = new ShuffleRng(n);
      const b = new ShuffleRng(n);
      const x = Int32Array.from({ length: n }, (_, i) => i);
      const ref = x.slice();
      a.shuffle(x);
      for (let i = n - 1; i > 0; i--) {
        const j = b.nextInt(i + 1);
        const t = ref[i]!;
        ref[i] = ref[j]!;
        ref[j] = t;
      }
      expect(Array.from(x)).toEqual(Array.from(ref));
      expect(a.getState()).toEqual(b.getState());
      expect([...x].sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('nextInt is uniform (chi-square over 7 cells) for small and large n', () => {
    for (const n of [7, 3 * 2 ** 22 + 1]) {
      const rng = new ShuffleRng(11);
      const cells = new Array<number>(7).fill(0);
      const draws = 70000;
      for (let i = 0; i < draws; i++) cells[Math.floor((rng.nextInt(n) / n) * 7)]!++;
      const e = draws / 7;
      const chi2 = cells.reduce((a, c) => a + ((c - e) * (c - e)) / e, 0);
      expect(chi2).toBeLessThan(22.5); // p = 0.001 for 6 degrees of freedom
    }
  });
});

describe('mini-batch solvers on weighted and multinomial data (shuffled windows)', () => {
  it.each<Solver>(['sgd', 'adam'])('%s with class weights (weighted rows) gets within 2e-3 of the exact optimum', async (solver) => {
    const t = fixtureTable('seed-demo');
    for (const classWeight of ['balanced', { 0: 3, 1: 0.5 }] as const) {
      const f = await (await new LogisticRegression({ classWeight }).fit(t)).objective(t);
      const mb = await new LogisticRegression({ solver, classWeight, epochs: 60, tol: 0, average: 300, shuffleBufferSize: 64, randomState: 1 }).fit(rebatch(t, 37));
      expect(((await mb.objective(t)) - f) / f).toBeLessThan(2e-3);
    }
  });

  it.each<Solver>(['sgd', 'adam'])('%s with K = 3 classes (standardised) gets within 1e-3 of the exact optimum', async (solver) => {
    const t = fixtureTable('multiclass-weights');
    const f = await (await new LogisticRegression().fit(t)).objective(t);
    const mb = await new LogisticRegression({ solver, standardize: true, epochs: 60, tol: 0, average: 300, shuffleBufferSize: 64, randomState: 1 }).fit(rebatch(t, 37));
    expect(mb.classes_).toEqual([0, 1, 2]);
    expect(((await mb.objective(t)) - f) / f).toBeLessThan(1e-3);
  });
});
