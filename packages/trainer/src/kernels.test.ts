import { describe, expect, it } from 'vitest';
import { LogisticRegression, type Solver } from '@sigmoid/trainer';
import { ShuffleRng } from './rng.js';
import { nextInt } from './test-support/shuffle-reference.js';
import { fixtureTable, rebatch } from './test-data.js';

describe('shuffle draws (the JavaScript reference of kernels.wat permutation)', () => {
  it('nextInt is uniform (chi-square over 7 cells) for small and large n', () => {
    for (const n of [7, 3 * 2 ** 22 + 1]) {
      const s = new ShuffleRng(11).getState();
      const cells = new Array<number>(7).fill(0);
      const draws = 70000;
      for (let i = 0; i < draws; i++) cells[Math.floor((nextInt(s, n) / n) * 7)]!++;
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
