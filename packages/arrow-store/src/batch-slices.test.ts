import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bool, Dictionary, Int32, Table, Utf8, makeData, makeVector, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { LocalArtifactStore, MAX_BATCH_BYTES, MAX_BATCH_ROWS, boundedSlices } from '@sigmoid/arrow-store';

const root = mkdtempSync(join(tmpdir(), 'sigmoid-slices-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One batch of n rows: Float64, Int32 with nulls, Bool with nulls, Utf8, dictionary-encoded strings. */
function mixedTable(n: number): Table {
  const ints = Int32Array.from({ length: n }, (_, i) => i * 7);
  const valid = new Uint8Array(Math.ceil(n / 8)).map((_, k) => (k % 3 === 0 ? 0b10110111 : 0xff));
  const bools = new Uint8Array(Math.ceil(n / 8)).map((_, k) => (k * 37) & 0xff);
  const t = tableFromArrays({ x: Float64Array.from({ length: n }, (_, i) => i / 3) });
  const words = ['alpha', 'beta', 'gamma', 'delta'];
  return new Table({
    x: t.getChild('x')!,
    k: makeVector(makeData({ type: new Int32(), length: n, nullBitmap: valid, data: ints })),
    b: makeVector(makeData({ type: new Bool(), length: n, nullBitmap: valid, data: bools })),
    s: vectorFromArray(Array.from({ length: n }, (_, i) => `row ${i}`), new Utf8()),
    d: vectorFromArray(Array.from({ length: n }, (_, i) => words[(i * 5) % 4]!), new Dictionary(new Utf8(), new Int32())),
  });
}

const rowsOf = (t: Table) => t.toArray().map((r) => JSON.stringify(r.toJSON()));

describe('boundedSlices', () => {
  it('keeps a batch within the bounds whole and slices a larger one into consecutive bounded views', () => {
    const small = tableFromArrays({ x: new Float64Array(MAX_BATCH_ROWS) }).batches[0]!;
    expect(boundedSlices(small)).toEqual([small]);
    const long = tableFromArrays({ x: new Float64Array(2 * MAX_BATCH_ROWS + 5) }).batches[0]!;
    expect(boundedSlices(long).map((b) => b.numRows)).toEqual([MAX_BATCH_ROWS, MAX_BATCH_ROWS, 5]);
    // 600 Float64 columns x 8000 rows = 38 MB: slices of at most 16 MiB
    const wide = new Table(Object.fromEntries(Array.from({ length: 600 }, (_, j) => [`c${j}`, makeVector(new Float64Array(8000).fill(j))]))).batches[0]!;
    const slices = boundedSlices(wide);
    expect(slices.length).toBe(3);
    for (const s of slices) expect(s.data.byteLength).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(slices.reduce((a, s) => a + s.numRows, 0)).toBe(8000);
  });

  it('an artifact store writes one large batch of mixed types (nulls, bools, strings, dictionaries) as bounded batches with the same rows', async () => {
    const store = new LocalArtifactStore({ root });
    const table = mixedTable(150_000);
    expect(table.batches.length).toBe(1);
    const ref = await store.writeTable(table);
    const sizes: number[] = [];
    for await (const b of store.readBatches(ref)) sizes.push(b.numRows);
    expect(sizes).toEqual([MAX_BATCH_ROWS, MAX_BATCH_ROWS, 150_000 - 2 * MAX_BATCH_ROWS]);
    const back = await store.readTable(ref);
    expect(back.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(table.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(rowsOf(back)).toEqual(rowsOf(table));
    expect(back.getChild('k')!.nullCount).toBe(table.getChild('k')!.nullCount);
  });

  it('slices at row offsets that are not a multiple of 8 keep bit-packed nulls and booleans right', async () => {
    const store = new LocalArtifactStore({ root });
    const mixed = mixedTable(30_000);
    const wide = new Table({ ...Object.fromEntries(mixed.schema.fields.map((f) => [f.name, mixed.getChild(f.name)!])), ...Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`w${j}`, makeVector(Float64Array.from({ length: 30_000 }, (_, i) => i + j))])) });
    const slices = boundedSlices(wide.batches[0]!);
    expect(slices.length).toBeGreaterThan(1);
    expect(slices[0]!.numRows % 8).not.toBe(0);
    const back = await store.readTable(await store.writeTable(wide));
    expect(back.batches.length).toBe(slices.length);
    expect(rowsOf(back)).toEqual(rowsOf(wide));
  });
});
