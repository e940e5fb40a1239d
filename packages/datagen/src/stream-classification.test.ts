import { describe, expect, it } from 'vitest';
import { tableFromIPC, tableToIPC, Table } from 'apache-arrow';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { makeClassification, streamClassification, streamClassificationAsync, type StreamProgress } from '@sigmoid/datagen';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { planClassification, type StreamClassificationOptions } from './stream-classification.js';
import { referenceBatches } from './test-support/stream-reference.js';

function rows(t: Table): number[][] {
  const d = t.numCols - 1;
  const cols = Array.from({ length: d }, (_, j) => t.getChild(`x${j}`)!.toArray() as Float64Array);
  const y = t.getChild('y')!.toArray() as Int32Array;
  return Array.from({ length: t.numRows }, (_, i) => [...cols.map((c) => c[i]!), y[i]!]);
}
/** The first column and row where two tables differ in any bit, or null. */
function firstDifference(a: Table, b: Table): string | null {
  for (const f of a.schema.fields) {
    const x = a.getChild(f.name)!.toArray() as Float64Array | Int32Array;
    const y = b.getChild(f.name)!.toArray() as Float64Array | Int32Array;
    const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    if (bx.length !== by.length) return `${f.name}: ${x.length} vs ${y.length} values`;
    for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return `${f.name}[${Math.floor(i / x.BYTES_PER_ELEMENT)}]: ${x[Math.floor(i / x.BYTES_PER_ELEMENT)]} vs ${y[Math.floor(i / x.BYTES_PER_ELEMENT)]}`;
  }
  return null;
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

  // The blocked assembly (normals drawn per cluster for 1024 rows at a time, columns written column by
  // column) against the row-by-row reference: same values bit for bit, same labels, same order.
  it.each<[string, StreamClassificationOptions]>([
    ['defaults, shuffled, batches not a multiple of the block', { nSamples: 2500, nFeatures: 20, randomState: 0, batchSize: 1500 }],
    ['odd normal counts per row (the cached gauss crosses rows), flips, three classes', { nSamples: 3100, nFeatures: 9, nInformative: 3, nRedundant: 2, nRepeated: 1, nClasses: 3, nClustersPerClass: 2, weights: [0.2, 0.5], flipY: 0.3, randomState: 7, batchSize: 1024 }],
    ['unshuffled, no useless features, no shift or scale', { nSamples: 2100, nFeatures: 5, nInformative: 3, nRedundant: 1, nRepeated: 1, shuffle: false, hypercube: false, shift: null, scale: null, randomState: 3, batchSize: 333 }],
    ['one informative feature', { nSamples: 1500, nFeatures: 4, nInformative: 1, nRedundant: 0, nClustersPerClass: 1, randomState: 12, batchSize: 4096 }],
  ])('assembles rows exactly as the row-by-row reference: %s', (_name, o) => {
    const fast = new Table([...streamClassification(o)]);
    const reference = new Table([...referenceBatches(planClassification(o))]);
    expect(fast.batches.map((b) => b.numRows)).toEqual(reference.batches.map((b) => b.numRows));
    expect(firstDifference(fast, reference)).toBeNull();
  });

  it('reuses recycled batch memory without leaking old values (recycled buffers poisoned)', () => {
    vi.stubEnv('SIGMOID_POISON_RECYCLED_BATCHES', '1');
    try {
      const o = { nSamples: 5000, nFeatures: 6, randomState: 4, batchSize: 1000 };
      const expected = rows(collect(o));
      const stream = streamClassification(o);
      const copies = [];
      let reused = 0;
      const seen = new Set<ArrayBufferLike>();
      for (const batch of stream) {
        const buffer = batch.getChild('x0')!.data[0]!.values.buffer;
        if (seen.has(buffer)) reused++;
        seen.add(buffer);
        copies.push(tableFromIPC(tableToIPC(new Table([batch]))).batches[0]!);
        stream.recycle(batch);
      }
      expect(reused).toBeGreaterThan(0);
      expect(rows(new Table(copies))).toEqual(expected);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('written to an artifact store while recycled (and poisoned) gives the bytes of an unrecycled write', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sigmoid-stream-'));
    try {
      const store = new LocalArtifactStore({ root });
      const o = { nSamples: 40000, nFeatures: 8, randomState: 9, batchSize: 4000 };
      const plain = await store.writeTable(new Table([...streamClassification(o)]));
      vi.stubEnv('SIGMOID_POISON_RECYCLED_BATCHES', '1');
      const recycled = await store.writeTable(streamClassificationAsync(o));
      expect(recycled).toEqual(plain);
      expect(rows(await store.readTable(recycled))).toEqual(rows(collect(o)));
    } finally {
      vi.unstubAllEnvs();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
