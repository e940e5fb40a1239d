/**
 * Fits from recyclable sources (datagen's readDataset, the local artifact store) recycle every batch as
 * soon as its rows are copied into the solver's memory. These runs poison recycled memory at once
 * (SIGMOID_POISON_RECYCLED_BATCHES=1: NaN features, -1 labels), so a solver that still read a batch it
 * recycled would end elsewhere: each fit must give the model of the same batches in memory, bit for bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Table, type RecordBatch } from 'apache-arrow';
import { LocalArtifactStore, type DatasetRef } from '@sigmoid/arrow-store';
import { makeClassification, readDataset, writeDataset } from '@sigmoid/datagen';
import { LogisticRegression, type LogisticRegressionParams } from '@sigmoid/trainer';
import { rebatch } from './test-data.js';

const dir = mkdtempSync(join(tmpdir(), 'sigmoid-recycling-'));
beforeAll(() => vi.stubEnv('SIGMOID_POISON_RECYCLED_BATCHES', '1'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** `table` as 700-row batches (windows of 1000 rows then span batches, unaligned): in memory, in a file, in a store. */
async function sources(table: Table, name: string): Promise<{ batches: RecordBatch[]; file: string; store: LocalArtifactStore; ref: DatasetRef }> {
  const batches: RecordBatch[] = rebatch(table, 700);
  const file = join(dir, `${name}.arrow`);
  await writeDataset(file, batches);
  const store = new LocalArtifactStore({ root: join(dir, 'store') });
  const ref = await store.writeTable(batches);
  return { batches, file, store, ref };
}

function model(m: LogisticRegression) {
  return { coef: m.coef_.map((r) => Array.from(r)), intercept: Array.from(m.intercept_), nIter: m.nIter_, loss: m.history_.loss };
}

describe('fits from recyclable sources with recycled memory poisoned', () => {
  const binary = makeClassification({ nSamples: 6000, nFeatures: 5, randomState: 3 });
  const cases: [string, Partial<LogisticRegressionParams>][] = [
    ['sgd, shuffled windows of 1000 rows', { solver: 'sgd', epochs: 3, tol: 0, shuffleBufferSize: 1000, randomState: 4 }],
    ['sgd with early stopping (a held-out validation pass)', { solver: 'sgd', epochs: 6, earlyStopping: true, nIterNoChange: 2, shuffleBufferSize: 1000, randomState: 4 }],
    ['adam, standardized', { solver: 'adam', epochs: 2, tol: 0, standardize: true, shuffleBufferSize: 1000 }],
    ['lbfgs', { solver: 'lbfgs' }],
    ['newton', { solver: 'newton' }],
    ['lbfgs with l1', { solver: 'lbfgs', penalty: 'l1', C: 0.05 }],
  ];
  let src: Awaited<ReturnType<typeof sources>>;
  beforeAll(async () => {
    src = await sources(binary, 'binary');
  });

  it.each(cases)('%s: the model from the file and from the store equals the in-memory one', async (_name, params) => {
    const want = model(await new LogisticRegression(params).fit(src.batches));
    expect(model(await new LogisticRegression(params).fit(() => readDataset(src.file)))).toEqual(want);
    expect(model(await new LogisticRegression(params).fit(() => src.store.readBatches(src.ref)))).toEqual(want);
  });

  it('the exact solvers\' head start (>= 4 x 65536 rows, sliced batches) and multinomial data', async () => {
    const big = makeClassification({ nSamples: 270_000, nFeatures: 4, randomState: 5 });
    const bigSrc = await sources(big, 'big');
    const want = model(await new LogisticRegression({ solver: 'lbfgs' }).fit(bigSrc.batches));
    expect(model(await new LogisticRegression({ solver: 'lbfgs' }).fit(() => readDataset(bigSrc.file)))).toEqual(want);
    const multi = makeClassification({ nSamples: 5000, nFeatures: 6, nInformative: 4, nClasses: 3, randomState: 6 });
    const multiSrc = await sources(multi, 'multi');
    for (const params of [{ solver: 'lbfgs' }, { solver: 'sgd', epochs: 2, tol: 0, shuffleBufferSize: 1000, standardize: true }] as Partial<LogisticRegressionParams>[]) {
      const wantMulti = model(await new LogisticRegression(params).fit(multiSrc.batches));
      expect(model(await new LogisticRegression(params).fit(() => readDataset(multiSrc.file)))).toEqual(wantMulti);
    }
  });
});
