import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, tableFromIPC } from 'apache-arrow';
import { writeDataset } from '@sigmoid/datagen';
import { cliHarness } from '../cli-harness.js';

const FIXTURES = fileURLToPath(new URL('../../../../tools/fixtures/sklearn/', import.meta.url));
const { out, io, run } = cliHarness('sigmoid-cli-fit-');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));



/** Writes the make_classification fixture `name` as a dataset file; returns its path. */
async function datasetFile(name: string, ext = 'arrow'): Promise<string> {
  const { X, y } = fixture(`make_classification.${name}.json`) as { X: number[][]; y: number[] };
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (let j = 0; j < X[0]!.length; j++) cols[`x${j}`] = Float64Array.from(X, (r) => r[j]!);
  cols.y = Int32Array.from(y);
  const path = out(`${name}.${ext}`);
  await writeDataset(path, tableFromArrays(cols));
  return path;
}

describe('sigmoid fit reaches scikit-learn\'s exact optimum for every fixture', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.startsWith('logistic_regression.'));
  it.each(files)('%s', async (file) => {
    const fx = fixture(file);
    const data = await datasetFile(fx.dataset);
    const model = out(`${file}.model.json`);
    io.stderr = '';
    expect(await run('fit', '--data', data, '--params', JSON.stringify(fx.params), '--out', model)).toBe(0);
    const json = JSON.parse(readFileSync(model, 'utf8'));
    expect(json.format).toBe('sigmoid.logistic-regression/v1');
    expect(json.classes).toEqual(fx.classes);
    expect(Math.abs(json.history.loss.at(-1) - fx.objective_exact) / fx.objective_exact).toBeLessThan(1e-9);
    if (fx.classes.length === 2) {
      json.coef[0].forEach((c: number, j: number) => expect(Math.abs(c - fx.coef_exact[0][j])).toBeLessThan(1e-6));
      expect(Math.abs(json.intercept[0] - fx.intercept_exact[0])).toBeLessThan(1e-6);
    }
    // predict: probabilities of the exact optimum, as CSV
    const probs = out(`${file}.proba.csv`);
    const code = await run('predict', '--model', model, '--data', data, '--out', probs);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(probs, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(fx.classes.map((c: number) => `proba_${c}`).join(','));
    for (let i = 0; i < 5; i++) {
      lines[i + 1]!.split(',').map(Number).forEach((p, k) => expect(Math.abs(p - fx.proba_exact_first5[i][k])).toBeLessThan(1e-6));
    }
  });
});

describe('sigmoid fit / predict', () => {
  it('prints the seed demo\'s coefficients and writes probabilities as Arrow', async () => {
    const data = await datasetFile('seed-demo', 'csv');
    const model = out('demo.json');
    io.stdout = '';
    expect(await run('fit', '--data', data, '--out', model)).toBe(0);
    expect(io.stdout).toContain('coef [-0.771515, 3.074733]');
    expect(io.stdout).toContain('intercept [0.161964]');
    const probs = out('demo.arrow');
    expect(await run('predict', '--model', model, '--data', data, '--out', probs)).toBe(0);
    const t = tableFromIPC(readFileSync(probs));
    expect(t.numRows).toBe(300);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['proba_0', 'proba_1']);
    const p1 = t.getChild('proba_1')!.toArray() as Float64Array;
    const want = fixture('logistic_regression.seed-demo.json').proba_exact_first5 as number[][];
    for (let i = 0; i < 5; i++) expect(Math.abs(p1[i]! - want[i]![1]!)).toBeLessThan(1e-6);
  });

  it('runs a mini-batch solver with Sigmoid options and explicit columns', async () => {
    const data = await datasetFile('seed-demo');
    const model = out('sgd.json');
    const params = JSON.stringify({ solver: 'sgd', epochs: 20, batch_size: 16, standardize: true, random_state: 4 });
    expect(await run('fit', '--data', data, '--params', params, '--out', model, '--features', 'x0,x1', '--label', 'y')).toBe(0);
    const json = JSON.parse(readFileSync(model, 'utf8'));
    expect(json.params).toMatchObject({ solver: 'sgd', epochs: 20, batch_size: 16, standardize: true });
    expect(json.n_iter).toBeGreaterThan(0);
    expect(json.history.loss.length).toBe(json.n_iter);
  });

  it('an unknown parameter is a usage error (exit 2) naming it', async () => {
    const data = await datasetFile('seed-demo');
    io.stderr = '';
    expect(await run('fit', '--data', data, '--params', '{"C": 1, "colour": "red"}', '--out', out('x.json'))).toBe(2);
    expect(io.stderr).toMatch(/InvalidParameterError: .*received "colour"/);
    expect(await run('fit', '--data', data, '--params', '{"C": 0}', '--out', out('x.json'))).toBe(2);
    expect(await run('fit', '--data', data, '--params', '[1]', '--out', out('x.json'))).toBe(2);
    expect(await run('fit', '--data', data, '--out', out('x.txt'))).toBe(2);
  });

  it('bad data fails with exit 1 and names the column and row', async () => {
    const path = out('nan.arrow');
    await writeDataset(path, tableFromArrays({ x0: Float64Array.of(1, 2, NaN, 4), y: Int32Array.of(0, 1, 0, 1) }));
    io.stderr = '';
    expect(await run('fit', '--data', path, '--out', out('nan.json'))).toBe(1);
    expect(io.stderr).toContain('NonFiniteFeatureError: Expected finite numbers in feature column "x0" but received NaN at row 2');
  });

  it('predict reads Arrow data without a label column', async () => {
    const train = await datasetFile('seed-demo');
    const model = out('nolabel-model.json');
    expect(await run('fit', '--data', train, '--out', model)).toBe(0);
    const data = out('nolabel.arrows');
    await writeDataset(data, tableFromArrays({ x0: Float64Array.of(0, 1), x1: Float64Array.of(0, -2) }));
    const probs = out('nolabel.proba.csv');
    expect(await run('predict', '--model', model, '--data', data, '--out', probs)).toBe(0);
    expect(readFileSync(probs, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('predict with a file that is not a model is a usage error', async () => {
    const bogus = out('bogus.json');
    writeFileSync(bogus, '{"format": "something-else"}');
    const data = await datasetFile('seed-demo');
    expect(await run('predict', '--model', bogus, '--data', data, '--out', out('p.csv'))).toBe(2);
    expect(await run('predict', '--model', out('missing.json'), '--data', data, '--out', out('p.csv'))).toBe(2);
  });
});
