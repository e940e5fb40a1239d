import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '@sigmoid/trainer';
import { fixtureTable, readFixture as read, rebatch } from './test-data.js';

interface LrFixture {
  dataset: string;
  params: Record<string, unknown>;
  coef_exact: number[][];
  intercept_exact: number[];
  objective_exact: number;
  proba_exact_first5: number[][];
  classes: number[];
}

const datasetTable = fixtureTable;

const fixtures = readdirSync(new URL('../../../tools/fixtures/sklearn/', import.meta.url)).filter((f) => f.startsWith('logistic_regression.'));

describe('scikit-learn parity (default solver, exact optimum)', () => {
  it.each(fixtures)('%s', async (file) => {
    const fx = read<LrFixture>(file);
    const table = datasetTable(fx.dataset);
    const d = table.schema.fields.length - 1;
    const spec = { features: Array.from({ length: d }, (_, j) => `x${j}`), label: 'y' };
    const model = await new LogisticRegression(fx.params).fit(table, spec);
    const objective = model.history_.loss.at(-1)!;
    expect(Math.abs(objective - fx.objective_exact) / fx.objective_exact).toBeLessThan(1e-9);
    expect(model.classes_).toEqual(fx.classes);
    const proba = model.predictProba(table);
    const K = fx.classes.length;
    for (let i = 0; i < 5; i++) for (let k = 0; k < K; k++) expect(Math.abs(proba[i * K + k]! - fx.proba_exact_first5[i]![k]!)).toBeLessThan(1e-6);
    if (K === 2) {
      for (let j = 0; j < d; j++) {
        expect(Math.abs(model.coef_[0]![j]! - fx.coef_exact[0]![j]!)).toBeLessThan(1e-6);
        // Exact zeros of the l1 optimum are reproduced exactly.
        if (fx.coef_exact[0]![j] === 0) expect(model.coef_[0]![j]).toBe(0);
      }
      expect(Math.abs(model.intercept_[0]! - fx.intercept_exact[0]!)).toBeLessThan(1e-6);
    }
  });

  it.each(fixtures.filter((f) => !f.includes('l1')))('newton solver: %s', async (file) => {
    const fx = read<LrFixture>(file);
    const table = datasetTable(fx.dataset);
    const model = await new LogisticRegression({ ...fx.params, solver: 'newton' }).fit(table);
    expect(Math.abs(model.history_.loss.at(-1)! - fx.objective_exact) / fx.objective_exact).toBeLessThan(1e-9);
    const proba = model.predictProba(table);
    const K = fx.classes.length;
    for (let i = 0; i < 5; i++) for (let k = 0; k < K; k++) expect(Math.abs(proba[i * K + k]! - fx.proba_exact_first5[i]![k]!)).toBeLessThan(1e-6);
  });

  it('standardize: true reaches the same optimum when the penalty is off', async () => {
    const table = datasetTable('defaults-seed0');
    const plain = await new LogisticRegression({ penalty: 'none', C: 1 }).fit(rebatch(table, 64));
    const scaled = await new LogisticRegression({ penalty: 'none', standardize: true }).fit(rebatch(table, 64));
    expect(scaled.standardization_).not.toBeNull();
    const a = plain.predictProba(table);
    const b = scaled.predictProba(table);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
  });

  it('the seed demo prints accuracy 0.937, coef -0.772 / 3.075, intercept 0.162', async () => {
    const table = datasetTable('seed-demo');
    const model = await new LogisticRegression().fit(table, { features: ['x0', 'x1'], label: 'y' });
    expect(model.score(table).toFixed(3)).toBe('0.937');
    expect(Array.from(model.coef_[0]!, (v) => v.toFixed(3))).toEqual(['-0.772', '3.075']);
    expect(model.intercept_[0]!.toFixed(3)).toBe('0.162');
  });
});
