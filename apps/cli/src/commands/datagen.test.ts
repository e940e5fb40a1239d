import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { readDatasetTable } from '@sigmoid/datagen';
import { cliHarness } from '../cli-harness.js';

const FIXTURES = fileURLToPath(new URL('../../../../tools/fixtures/sklearn/', import.meta.url));
const { out, io, run } = cliHarness('sigmoid-cli-datagen-');



function expectFixture(t: Table, fx: { X: number[][]; y: number[] }): void {
  expect(Array.from(t.getChild('y')!.toArray() as Int32Array)).toEqual(fx.y);
  fx.X.forEach((row, i) => row.forEach((want, j) => {
    const got = (t.getChild(`x${j}`)!.toArray() as Float64Array)[i]!;
    if (Math.abs(got - want) > 1e-12 * Math.abs(want)) expect.fail(`x${j}[${i}] = ${got} but scikit-learn has ${want}`);
  }));
}

describe('sigmoid datagen reproduces every scikit-learn fixture', () => {
  const files = readdirSync(FIXTURES).filter((f) => /^make_(classification|blobs|moons|circles)\./.test(f));
  for (const file of files) {
    for (const ext of ['arrow', 'csv']) {
      it(`${file} -> .${ext}`, async () => {
        const fx = JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
        const generator = file.split('.')[0]!.replace(/_/g, '-');
        const target = out(`${file}.${ext}`);
        expect(await run('datagen', generator, '--params', JSON.stringify(fx.params), '--out', target)).toBe(0);
        expectFixture(await readDatasetTable(target), fx);
      });
    }
  }
  it('streams make-classification to a file', async () => {
    const target = out('stream.arrows');
    expect(await run('datagen', 'make-classification', '--params', '{"n_samples":1000,"random_state":1}', '--stream', '--batch-size', '100', '--out', target)).toBe(0);
    const t = await readDatasetTable(target);
    expect(t.numRows).toBe(1000);
    expect(t.batches.length).toBe(10);
  });
});

describe('sigmoid split', () => {
  it('writes train and test rows in scikit-learn order (seed-demo fixture)', async () => {
    const fx = JSON.parse(readFileSync(FIXTURES + 'train_test_split.seed-demo.json', 'utf8'));
    const data = out('demo.arrow');
    const demo = JSON.parse(readFileSync(FIXTURES + 'make_classification.seed-demo.json', 'utf8'));
    expect(await run('datagen', 'make-classification', '--params', JSON.stringify(demo.params), '--out', data)).toBe(0);
    expect(await run('split', '--data', data, '--params', JSON.stringify(fx.params), '--train-out', out('train.csv'), '--test-out', out('test.arrow'))).toBe(0);
    const train = await readDatasetTable(out('train.csv'));
    const test = await readDatasetTable(out('test.arrow'));
    expect(Array.from(train.getChild('y')!.toArray() as Int32Array)).toEqual(fx.train_index.map((i: number) => demo.y[i]));
    expectFixture(test, { X: fx.test_index.map((i: number) => demo.X[i]), y: fx.test_index.map((i: number) => demo.y[i]) });
  });
  it('stratifies by a column name', async () => {
    const data = out('strat.csv');
    expect(await run('datagen', 'make-blobs', '--params', '{"n_samples":60,"random_state":0}', '--out', data)).toBe(0);
    expect(await run('split', '--data', data, '--params', '{"test_size":0.5,"random_state":1,"stratify":"y"}', '--train-out', out('st-train.arrow'), '--test-out', out('st-test.arrow'))).toBe(0);
    const y = Array.from((await readDatasetTable(out('st-test.arrow'))).getChild('y')!.toArray() as Int32Array);
    expect([0, 1, 2].map((c) => y.filter((v) => v === c).length)).toEqual([10, 10, 10]);
  });
});

describe('invalid input', () => {
  const fails = async (code: number, pattern: RegExp, ...args: string[]) => {
    io.stderr = '';
    expect(await run(...args)).toBe(code);
    expect(io.stderr).toMatch(pattern);
  };
  it('scikit-learn ValueErrors exit 2 with the same reason', async () => {
    await fails(2, /InvalidParameterError: .*must sum to less than the number of total features/, 'datagen', 'make-classification', '--params', '{"n_features":3,"n_informative":2,"n_redundant":2}', '--out', out('x.arrow'));
    await fails(2, /'factor' has to be between 0 and 1/, 'datagen', 'make-circles', '--params', '{"factor":1.5}', '--out', out('x.arrow'));
    await fails(2, /test_size=2000 should be either positive and smaller than the number of samples/, 'split', '--data', out('demo.arrow'), '--params', '{"test_size":2.0e3}', '--train-out', out('a.arrow'), '--test-out', out('b.arrow'));
  });
  it('unknown keyword arguments exit 2', async () => {
    await fails(2, /keyword argument of make_classification .* for params.n_sample/, 'datagen', 'make-classification', '--params', '{"n_sample":10}', '--out', out('x.arrow'));
    await fails(2, /params.testsize/, 'split', '--data', out('demo.arrow'), '--params', '{"testsize":0.2}', '--train-out', out('a.arrow'), '--test-out', out('b.arrow'));
  });
  it('unknown generator, unknown extension, malformed JSON exit 2; nothing is written', async () => {
    await fails(2, /one of make_classification/, 'datagen', 'make-swiss-roll', '--out', out('x.arrow'));
    await fails(2, /ending in .arrow, .feather, .arrows or .csv/, 'datagen', 'make-moons', '--out', out('x.parquet'));
    await fails(2, /UsageError: Expected a JSON object for --params/, 'datagen', 'make-moons', '--params', '{n_samples:1}', '--out', out('x.arrow'));
    await fails(2, /--stream only with make-classification/, 'datagen', 'make-moons', '--stream', '--out', out('x.arrow'));
    await fails(2, /positive integer for --batch-size but received "0"/, 'datagen', 'make-classification', '--stream', '--batch-size', '0', '--out', out('x.arrow'));
    await fails(2, /--batch-size only together with --stream/, 'datagen', 'make-classification', '--batch-size', '10', '--out', out('x.arrow'));
    await fails(2, /ending in .arrow, .feather, .arrows or .csv/, 'split', '--data', out('demo.arrow'), '--train-out', out('a.txt'), '--test-out', out('b.arrow'));
    expect(existsSync(out('x.arrow'))).toBe(false);
  });
  it('a missing or corrupt data file exits 1', async () => {
    await fails(1, /DatasetFileError: .*could not open/, 'split', '--data', out('nope.arrow'), '--train-out', out('a.arrow'), '--test-out', out('b.arrow'));
  });
  it('a missing required option is a usage error', async () => {
    expect(await run('datagen', 'make-moons')).toBe(2);
  });
});
