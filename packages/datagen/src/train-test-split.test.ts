import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromArrays } from 'apache-arrow';
import { InvalidDataError, InvalidParameterError } from '@sigmoid/arrow-store';
import { makeClassification, trainTestSplit, trainTestSplitIndices } from '@sigmoid/datagen';

const FIXTURES = fileURLToPath(new URL('../../../tools/fixtures/sklearn/', import.meta.url));
const fx = JSON.parse(readFileSync(FIXTURES + 'train_test_split.seed-demo.json', 'utf8'));
const idx = { x0: Float64Array.from({ length: 20 }, (_, i) => i) };

describe('trainTestSplit reproduces scikit-learn', () => {
  it('the seed-demo fixture, row for row', () => {
    const t = makeClassification({ nSamples: fx.n_samples, nFeatures: 2, nRedundant: 0, nInformative: 2, randomState: 2, nClustersPerClass: 1 });
    const { train, test } = trainTestSplit(t, { testSize: fx.params.test_size, randomState: fx.params.random_state });
    const x0 = t.getChild('x0')!.toArray() as Float64Array;
    expect(Array.from(train.getChild('x0')!.toArray() as Float64Array)).toEqual(fx.train_index.map((i: number) => x0[i]));
    expect(Array.from(test.getChild('x0')!.toArray() as Float64Array)).toEqual(fx.test_index.map((i: number) => x0[i]));
    const y = t.getChild('y')!.toArray() as Int32Array;
    expect(Array.from(test.getChild('y')!.toArray() as Int32Array)).toEqual(fx.test_index.map((i: number) => y[i]));
  });
  it('indices alone', () => {
    const { train, test } = trainTestSplitIndices(fx.n_samples, { testSize: 0.25, randomState: 42 });
    expect(Array.from(train)).toEqual(fx.train_index);
    expect(Array.from(test)).toEqual(fx.test_index);
  });
  // Reference values printed by scikit-learn 1.2.1.
  it('stratified by a label column', () => {
    const y = Int32Array.from([...Array(7).fill(0), ...Array(5).fill(1), ...Array(8).fill(2)]);
    const t = tableFromArrays({ ...idx, y });
    const { train, test } = trainTestSplit(t, { testSize: 0.3, randomState: 3, stratify: true });
    expect(Array.from(train.getChild('x0')!.toArray())).toEqual([19, 18, 17, 3, 11, 16, 13, 5, 6, 12, 10, 1, 4, 9]);
    expect(Array.from(test.getChild('x0')!.toArray())).toEqual([14, 15, 0, 2, 8, 7]);
  });
  it('stratified by string labels', () => {
    const { train, test } = trainTestSplitIndices(10, { testSize: 0.5, randomState: 0 }, ['b', 'a', 'b', 'c', 'a', 'c', 'b', 'a', 'c', 'c']);
    expect(Array.from(train)).toEqual([0, 6, 9, 3, 7]);
    expect(Array.from(test)).toEqual([5, 1, 8, 2, 4]);
  });
  it('integer sizes and no shuffle', () => {
    const counts = trainTestSplitIndices(20, { testSize: 4, trainSize: 10, randomState: 1 });
    expect(Array.from(counts.train)).toEqual([2, 14, 4, 17, 7, 1, 13, 0, 19, 18]);
    expect(Array.from(counts.test)).toEqual([3, 16, 6, 10]);
    const t = tableFromArrays(idx);
    const { train, test } = trainTestSplit(t, { trainSize: 0.5, shuffle: false });
    expect(Array.from(train.getChild('x0')!.toArray())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(test.getChild('x0')!.toArray())).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
  it('keeps schema metadata and records the split', () => {
    const t = makeClassification({ nSamples: 40, nFeatures: 3, nRedundant: 0, randomState: 1 });
    const { train } = trainTestSplit(t, { randomState: 0 });
    expect(train.schema.metadata.get('sigmoid.generator')).toBe('make_classification');
    expect(JSON.parse(train.schema.metadata.get('sigmoid.split')!)).toMatchObject({ side: 'train', params: { random_state: 0 } });
    expect(train.numRows).toBe(30);
  });
});

describe('trainTestSplit rejects what scikit-learn rejects', () => {
  const t = tableFromArrays({ ...idx, y: Int32Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0)) });
  const bad: [object, RegExp][] = [
    [{ testSize: 0 }, /test_size=0 should be either positive and smaller than the number of samples 20/],
    [{ testSize: 1.5 }, /test_size=1.5/],
    [{ testSize: 20 }, /testSize/],
    [{ trainSize: -0.2 }, /train_size=-0.2/],
    [{ testSize: 0.6, trainSize: 0.5 }, /Reduce test_size and\/or train_size/],
    [{ testSize: 10, trainSize: 11 }, /at most the number of samples 20/],
    [{ testSize: 'a' }, /testSize/],
    [{ stratify: true, shuffle: false }, /not implemented for shuffle=False/],
    [{ stratify: 'label' }, /a column of the table \(x0, y\)/],
    [{ testSize: 0.1, stratify: [0, 1] }, /20 labels, one per row/],
    [{ testsize: 0.1 }, /testsize/],
  ];
  for (const [o, m] of bad) {
    it(JSON.stringify(o), () => {
      expect(() => trainTestSplit(t, o as never)).toThrowError(InvalidParameterError);
      expect(() => trainTestSplit(t, o as never)).toThrowError(m);
    });
  }
  it('a class with one member cannot be stratified', () => {
    expect(() => trainTestSplit(t, { stratify: true })).toThrowError(InvalidDataError);
    expect(() => trainTestSplit(t, { stratify: true })).toThrowError(/only 1 member/);
  });
  it('too few test rows for the classes', () => {
    const two = tableFromArrays({ ...idx, y: Int32Array.from({ length: 20 }, (_, i) => i % 2) });
    expect(() => trainTestSplit(two, { testSize: 1, stratify: true })).toThrowError(/test_size = 1 should be greater or equal to the number of classes = 2/);
  });
  it('not a table, not an options object, a bad seed', () => {
    expect(() => trainTestSplit([] as never)).toThrowError(/Arrow Table for table/);
    expect(() => trainTestSplit(t, 5 as never)).toThrowError(/options object/);
    expect(() => trainTestSplit(t, { randomState: 1.5 })).toThrowError(/randomState/);
    expect(() => trainTestSplit(t, { shuffle: 'yes' as never })).toThrowError(/boolean for shuffle/);
  });
});
