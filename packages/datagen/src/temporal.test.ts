import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { SimplePlugin } from '@temporalio/plugin';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { writeDataset, makeMoons } from '@sigmoid/datagen';
import { createDatagenActivities, datagenPlugin } from '@sigmoid/datagen/temporal';

const FIXTURES = fileURLToPath(new URL('../../../tools/fixtures/sklearn/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-datagen-temporal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new LocalArtifactStore({ root: join(dir, 'store') });
const activities = createDatagenActivities({ store });

describe('generateDataset', () => {
  it('stores the scikit-learn dataset and returns a reference', async () => {
    const fx = JSON.parse(readFileSync(FIXTURES + 'make_classification.seed-demo.json', 'utf8'));
    const ref = await activities.generateDataset({ generator: 'make_classification', params: fx.params });
    expect(ref).toMatchObject({ kind: 'dataset', numRows: 300 });
    const t = await store.readTable(ref);
    expect(Array.from(t.getChild('y')!.toArray() as Int32Array)).toEqual(fx.y);
    expect(t.schema.metadata.get('sigmoid.generator')).toBe('make_classification');
    const again = await activities.generateDataset({ generator: 'make_classification', params: fx.params });
    expect(again.sha256).toBe(ref.sha256); // same parameters, same content, same key
  });
  it('streams make_classification batch by batch', async () => {
    const ref = await activities.generateDataset({ generator: 'make_classification', params: { n_samples: 1000, random_state: 3 }, streaming: true, batchSize: 250 });
    const batches = [];
    for await (const b of store.readBatches(ref)) batches.push(b.numRows);
    expect(batches).toEqual([250, 250, 250, 250]);
  });
  it('reads a dataset file', async () => {
    const path = join(dir, 'moons.csv');
    await writeDataset(path, makeMoons({ nSamples: 40, randomState: 1 }));
    const ref = await activities.generateDataset({ path });
    expect(ref.numRows).toBe(40);
  });
  it('bad parameters fail without retry, typed by the error name', async () => {
    const err = await activities.generateDataset({ generator: 'make_circles', params: { factor: 2 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ nonRetryable: true, type: 'InvalidParameterError' });
    expect(err.message).toMatch(/'factor' has to be between 0 and 1/);
    const streamingMoons = await activities.generateDataset({ generator: 'make_moons', params: {}, streaming: true }).catch((e) => e);
    expect(streamingMoons).toMatchObject({ nonRetryable: true, type: 'InvalidParameterError' });
    await expect(activities.generateDataset(null as never)).rejects.toMatchObject({ nonRetryable: true, type: 'InvalidParameterError' });
    await expect(activities.generateDataset({ path: '' })).rejects.toThrowError(/dataset file path for spec.path/);
    await expect(activities.generateDataset({ generator: 'make_swiss_roll' as never, params: {} })).rejects.toThrowError(/one of make_classification/);
    const missing = await activities.generateDataset({ path: join(dir, 'missing.arrow') }).catch((e) => e);
    expect(missing).toMatchObject({ nonRetryable: true, type: 'DatasetFileError' });
  });
});

describe('splitDataset', () => {
  it('splits like train_test_split and records the parent', async () => {
    const fx = JSON.parse(readFileSync(FIXTURES + 'train_test_split.seed-demo.json', 'utf8'));
    const demo = JSON.parse(readFileSync(FIXTURES + 'make_classification.seed-demo.json', 'utf8'));
    const ref = await activities.generateDataset({ generator: 'make_classification', params: demo.params });
    const { train, test } = await activities.splitDataset(ref, fx.params);
    expect([train.numRows, test.numRows]).toEqual([225, 75]);
    const t = await store.readTable(test);
    expect(Array.from(t.getChild('y')!.toArray() as Int32Array)).toEqual(fx.test_index.map((i: number) => demo.y[i]));
    expect(t.schema.metadata.get('sigmoid.parent')).toBe(ref.sha256);
  });
  it('bad split parameters fail without retry', async () => {
    const ref = await activities.generateDataset({ generator: 'make_moons', params: { n_samples: 10, random_state: 0 } });
    await expect(activities.splitDataset(ref, { test_size: 0 })).rejects.toMatchObject({ nonRetryable: true, type: 'InvalidParameterError' });
    await expect(activities.splitDataset(ref, { test_sise: 0.2 })).rejects.toMatchObject({ nonRetryable: true });
  });
});

describe('datagenPlugin', () => {
  it('is a SimplePlugin named sigmoid.datagen', () => {
    const plugin = datagenPlugin({ store });
    expect(plugin).toBeInstanceOf(SimplePlugin);
    expect(plugin.name).toBe('sigmoid.datagen');
  });
});
