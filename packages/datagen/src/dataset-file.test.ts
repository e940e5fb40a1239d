import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, tableFromArrays } from 'apache-arrow';
import { InvalidParameterError, SchemaMismatchError } from '@sigmoid/arrow-store';
import { CsvFormatError, DatasetFileError, makeClassification, readDataset, readDatasetTable, streamClassification, writeDataset, formatDouble } from '@sigmoid/datagen';

const dir = mkdtempSync(join(tmpdir(), 'sigmoid-datagen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const p = (name: string) => join(dir, name);
const collect = async (it: AsyncIterable<unknown>) => { const out = []; for await (const b of it) out.push(b); return out; };

function expectSameData(a: Table, b: Table): void {
  expect(b.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(a.schema.fields.map((f) => `${f.name}:${f.type}`));
  for (const f of a.schema.fields) expect(Array.from(b.getChild(f.name)!.toArray() as ArrayLike<number>)).toEqual(Array.from(a.getChild(f.name)!.toArray() as ArrayLike<number>));
}

describe('Arrow IPC', () => {
  const table = makeClassification({ nSamples: 257, nFeatures: 5, randomState: 4 });
  for (const name of ['d.arrow', 'd.arrows', 'd.feather']) {
    it(`round-trips ${name} with metadata`, async () => {
      const w = await writeDataset(p(name), table);
      expect(w).toMatchObject({ numRows: 257, numBatches: 1, format: name.endsWith('s') ? 'arrow-stream' : 'arrow-file' });
      const back = await readDatasetTable(p(name));
      expectSameData(table, back);
      expect(back.schema.metadata.get('sigmoid.generator')).toBe('make_classification');
    });
  }
  it('file format starts with the ARROW1 magic, stream format does not', () => {
    expect(readFileSync(p('d.arrow')).subarray(0, 6).toString()).toBe('ARROW1');
    expect(readFileSync(p('d.arrows')).subarray(0, 6).toString()).not.toBe('ARROW1');
  });
  it('streams a generator batch by batch and reads the batches back', async () => {
    await writeDataset(p('s.arrow'), streamClassification({ nSamples: 1000, nFeatures: 4, randomState: 1, batchSize: 300 }));
    const batches = await collect(readDataset(p('s.arrow')));
    expect(batches.map((b) => (b as { numRows: number }).numRows)).toEqual([300, 300, 300, 100]);
    expectSameData(new Table([...streamClassification({ nSamples: 1000, nFeatures: 4, randomState: 1, batchSize: 1000 })]), await readDatasetTable(p('s.arrow')));
  });
  it('writes a one-batch table larger than 65536 rows as bounded batches, so readers hold one at a time', async () => {
    const big = makeClassification({ nSamples: 140_000, nFeatures: 5, randomState: 6 });
    expect(big.batches.length).toBe(1);
    for (const name of ['big.arrow', 'big.arrows']) {
      expect(await writeDataset(p(name), big)).toMatchObject({ numRows: 140_000 });
      const batches = await collect(readDataset(p(name)));
      expect(batches.map((b) => (b as { numRows: number }).numRows)).toEqual([65_536, 65_536, 140_000 - 2 * 65_536]);
      expectSameData(big, await readDatasetTable(p(name)));
    }
  });
  it('a truncated file is reported as truncated or corrupt, and no partial output is left by failed writes', async () => {
    const bytes = readFileSync(p('d.arrow'));
    writeFileSync(p('cut.arrow'), bytes.subarray(0, bytes.length - 40));
    await expect(collect(readDataset(p('cut.arrow')))).rejects.toThrowError(DatasetFileError);
    await expect(collect(readDataset(p('cut.arrow')))).rejects.toThrowError(/truncated or corrupt/);
    writeFileSync(p('junk.arrow'), 'this is not arrow at all, just some text');
    await expect(collect(readDataset(p('junk.arrow')))).rejects.toThrowError(DatasetFileError);
    writeFileSync(p('empty.arrow'), '');
    await expect(collect(readDataset(p('empty.arrow')))).rejects.toThrowError(/file is empty/);
    await expect(collect(readDataset(p('missing.arrow')))).rejects.toThrowError(/could not open/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
  it('a stream cut at a message boundary (no end-of-stream marker) is reported', async () => {
    const bytes = readFileSync(p('d.arrows'));
    writeFileSync(p('noeos.arrows'), bytes.subarray(0, bytes.length - 8));
    await expect(collect(readDataset(p('noeos.arrows')))).rejects.toThrowError(/end-of-stream marker/);
  });
  it('a truncated stream is reported', async () => {
    const bytes = readFileSync(p('d.arrows'));
    writeFileSync(p('cut.arrows'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(collect(readDataset(p('cut.arrows')))).rejects.toThrowError(DatasetFileError);
  });
});

describe('schema validation on read', () => {
  it('names a missing column', async () => {
    await expect(collect(readDataset(p('d.arrow'), { spec: { features: ['x0', 'x9'], label: 'y' } }))).rejects.toThrowError(/feature column "x9".*no such column/);
  });
  it('names a mistyped column', async () => {
    await writeDataset(p('typed.arrow'), tableFromArrays({ x0: Float64Array.of(1, 2), y: Float64Array.of(0, 1) }));
    const err = await collect(readDataset(p('typed.arrow'))).catch((e) => e);
    expect(err).toBeInstanceOf(SchemaMismatchError);
    expect(err.message).toMatch(/label column "y" but received Float64/);
  });
});

describe('CSV', () => {
  it('writes a header and shortest round-trip numbers that read back bit-identical', async () => {
    const t = makeClassification({ nSamples: 300, nFeatures: 3, nRedundant: 0, randomState: 9, shift: null, scale: null });
    await writeDataset(p('d.csv'), t);
    const text = readFileSync(p('d.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('x0,x1,x2,y');
    expect(text.split('\n')[1]!.split(',')[0]).toBe(String((t.getChild('x0')!.toArray() as Float64Array)[0]));
    expectSameData(t, await readDatasetTable(p('d.csv')));
  });
  it('keeps -0, infinities and NaN', async () => {
    const t = tableFromArrays({ x0: Float64Array.of(-0, Infinity, -Infinity, Number.NaN, 5e-324, 1.7976931348623157e308), y: Int32Array.of(0, 1, 0, 1, 0, 1) });
    await writeDataset(p('special.csv'), t);
    const back = (await readDatasetTable(p('special.csv'))).getChild('x0')!.toArray() as Float64Array;
    expect(Object.is(back[0], -0)).toBe(true);
    expect(Array.from(back.slice(1))).toEqual([Infinity, -Infinity, Number.NaN, 5e-324, 1.7976931348623157e308]);
    expect(formatDouble(0.1)).toBe('0.1');
  });
  it('reads in batches of batchSize rows, streaming', async () => {
    const batches = await collect(readDataset(p('d.csv'), { batchSize: 128 }));
    expect(batches.map((b) => (b as { numRows: number }).numRows)).toEqual([128, 128, 44]);
  });
  it('reads CRLF line ends, quoted header fields and files from other tools', async () => {
    writeFileSync(p('crlf.csv'), '"x0",x1,y\r\n1.5,2,0\r\n-3,4e2,1\r\n');
    const t = await readDatasetTable(p('crlf.csv'));
    expect(Array.from(t.getChild('x1')!.toArray() as Float64Array)).toEqual([2, 400]);
    expect(String(t.schema.fields[2]!.type)).toBe('Int32');
  });
  it('names row and column of a malformed value', async () => {
    writeFileSync(p('bad.csv'), 'x0,x1,y\n1,2,0\n3,abc,1\n');
    const err = await collect(readDataset(p('bad.csv'))).catch((e) => e);
    expect(err).toBeInstanceOf(CsvFormatError);
    expect(err).toMatchObject({ row: 3, column: 'x1' });
    expect(err.message).toMatch(/Expected a number in column "x1" on line 3 .* but found "abc"/);
  });
  it('names the line with a wrong number of fields, a non-integer label, an empty field', async () => {
    writeFileSync(p('short.csv'), 'x0,x1,y\n1,2,0\n3,1\n');
    await expect(collect(readDataset(p('short.csv')))).rejects.toThrowError(/Expected 3 fields .* on line 3 .* but found 2/);
    writeFileSync(p('label.csv'), 'x0,y\n1,0.5\n');
    await expect(collect(readDataset(p('label.csv')))).rejects.toThrowError(/integer class label in column "y" on line 2/);
    writeFileSync(p('hole.csv'), 'x0,y\n,1\n');
    await expect(collect(readDataset(p('hole.csv')))).rejects.toThrowError(/column "x0" on line 2/);
  });
  it('names a missing column from the header', async () => {
    writeFileSync(p('nolabel.csv'), 'x0,x1\n1,2\n');
    await expect(collect(readDataset(p('nolabel.csv')))).rejects.toThrowError(/label column "y".*no such column; columns present: x0, x1/);
  });
  it('an empty file has no header', async () => {
    writeFileSync(p('empty.csv'), '');
    await expect(collect(readDataset(p('empty.csv')))).rejects.toThrowError(CsvFormatError);
  });
});

describe('formats and sources', () => {
  it('rejects unknown extensions on read and write', async () => {
    await expect(writeDataset(p('d.parquet'), tableFromArrays({ x0: Float64Array.of(1) }))).rejects.toThrowError(InvalidParameterError);
    await expect(collect(readDataset(p('d.txt')))).rejects.toThrowError(/ending in .arrow, .feather, .arrows or .csv for path/);
  });
  it('rejects an empty iterable (nothing to take a schema from) and leaves no file', async () => {
    await expect(writeDataset(p('none.arrow'), [])).rejects.toThrowError(/at least one record batch/);
    expect(() => statSync(p('none.arrow'))).toThrow();
  });
  it('rejects a bad batchSize and an unknown format', async () => {
    await expect(collect(readDataset(p('d.csv'), { batchSize: 0 }))).rejects.toThrowError(/integer >= 1 for batchSize/);
    await expect(writeDataset(p('f.arrow'), tableFromArrays({ x0: Float64Array.of(1) }), { format: 'parquet' as never })).rejects.toThrowError(/'arrow-file', 'arrow-stream' or 'csv' for format/);
  });
  it('a missing directory is a DatasetFileError naming the path', async () => {
    await expect(writeDataset(join(dir, 'no', 'such', 'dir.arrow'), tableFromArrays({ x0: Float64Array.of(1) }))).rejects.toThrowError(/Expected a writable location for .*dir.arrow/);
  });
  it('rejects batches with different columns', async () => {
    const a = tableFromArrays({ x0: Float64Array.of(1), y: Int32Array.of(0) }).batches[0]!;
    const b = tableFromArrays({ x1: Float64Array.of(1), y: Int32Array.of(0) }).batches[0]!;
    await expect(writeDataset(p('mixed.arrow'), [a, b])).rejects.toThrowError(SchemaMismatchError);
  });
  it('writes the schema of an empty table', async () => {
    const t = makeClassification({ nSamples: 5, nFeatures: 2, nRedundant: 0, randomState: 0 }).slice(0, 0);
    await writeDataset(p('zero.csv'), t);
    expect(readFileSync(p('zero.csv'), 'utf8')).toBe('x0,x1,y\n');
  });
});
