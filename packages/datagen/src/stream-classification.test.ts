import { describe, expect, it } from 'vitest';
import { tableFromIPC, tableToIPC, Table } from 'apache-arrow';
import { makeClassification, streamClassification, streamClassificationAsync, type StreamProgress } from '@sigmoid/datagen';

function rows(t: Table): number[][] {
  const d = t.numCols - 1;
  const cols = Array.from({ length: d }, (_, j) => t.getChild(`x${j}`)!.toArray() as Float64Array);
  const y = t.getChild('y')!.toArray() as Int32Array;
  return Array.from({ length: t.numRows }, (_, i) => [...cols.map((c) => c[i]!), y[i]!]);
}
const collect = (o: Parameters<typeof streamClassification>[0]) => new Table([...streamClassification(o)]);

describe('streamClassification', () => {
  it('with shuffle=false is row-for-row makeClassification', () => {
    const o = { nSamples: 500, nFeatures: 7, nInformative: 3, nRedundant: 1, nRepeated: 1, nClasses: 3, weights: [0.5, 0.2], flipY: 0.2, hypercube: false, shift: null, scale: null, shuffle: false, randomState: 11 };
    expect(rows(collect({ ...o, batchSize: 64 }))).toEqual(rows(makeClassification(o)));
  });
  it('with shuffle=true holds the same rows as makeClassification, in another order', () => {
    const o = { nSamples: 400, nFeatures: 6, randomState: 3 };
    const sorted = (r: number[][]) => r.map((x) => JSON.stringify(x)).sort();
    const streamed = rows(collect({ ...o, batchSize: 50 }));
    expect(sorted(streamed)).toEqual(sorted(rows(makeClassification(o))));
    expect(streamed).not.toEqual(rows(makeClassification(o)));
  });
  it('is deterministic for a seed and independent of batchSize', () => {
    const a = collect({ nSamples: 300, randomState: 5, batchSize: 7 });
    const b = collect({ nSamples: 300, randomState: 5, batchSize: 1000 });
    expect(rows(a)).toEqual(rows(b));
    expect(a.batches.length).toBe(43);
    expect(b.batches.length).toBe(1);
  });
  it('interleaves clusters (not sorted by label)', () => {
    const y = collect({ nSamples: 1000, randomState: 1, flipY: 0 }).getChild('y')!.toArray() as Int32Array;
    let changes = 0;
    for (let i = 1; i < y.length; i++) if (y[i] !== y[i - 1]) changes++;
    expect(changes).toBeGreaterThan(300);
  });
  it('batches carry the dataset schema and provenance and survive IPC', () => {
    const [first] = streamClassification({ nSamples: 10, nFeatures: 3, nRedundant: 0, randomState: 2, batchSize: 4 });
    expect(first!.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['x0:Float64', 'x1:Float64', 'x2:Float64', 'y:Int32']);
    expect(first!.schema.metadata.get('sigmoid.generator')).toBe('make_classification');
    expect(JSON.parse(first!.schema.metadata.get('sigmoid.stream')!).batchSize).toBe(4);
    expect(tableFromIPC(tableToIPC(new Table([first!]))).numRows).toBe(4);
  });
  it('the async variant yields the same batches and reports planning, then generating progress', async () => {
    const o = { nSamples: 3000, nFeatures: 30, randomState: 8, batchSize: 1000 };
    const progress: StreamProgress[] = [];
    const batches = [];
    for await (const b of streamClassificationAsync({ ...o, onProgress: (p) => progress.push(p) })) batches.push(b);
    expect(rows(new Table(batches))).toEqual(rows(collect(o)));
    expect(progress.filter((p) => p.phase === 'planning').length).toBeGreaterThan(0);
    expect(progress.filter((p) => p.phase === 'generating').map((p) => p.done)).toEqual([1000, 2000, 3000]);
  });
  it('rejects a bad batchSize and bad generator options before yielding', () => {
    expect(() => streamClassification({ batchSize: 0 }).next()).toThrowError(/integer >= 1 for batchSize/);
    expect(() => streamClassification({ nInformative: 30, nFeatures: 5 }).next()).toThrowError(/nInformative \+ nRedundant \+ nRepeated/);
  });
});
