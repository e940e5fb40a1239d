import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bool, Field, Float64, Int32, RecordBatch, Schema, Table, Utf8, makeData, makeVector, tableFromArrays, tableToIPC } from 'apache-arrow';
import { BufferRegion, FieldNode, RecordBatch as RecordBatchHeader } from 'apache-arrow/ipc/metadata/message';
import { slicePlan } from './ipc-split.js';
import { IpcFramingError, MessagePool, ipcMessages, openIpcMessages } from './ipc-messages.js';

const dir = mkdtempSync(join(tmpdir(), 'sigmoid-ipc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A table of `batches` record batches of `rows` rows and `cols` Float64 columns (x<j> = 1000 b + i + j / 1000), dictionary-encoded string labels. */
function table(batches: number, rows: number, cols: number): Table {
  const n = batches * rows;
  const columns: Record<string, Float64Array | string[]> = {};
  for (let j = 0; j < cols; j++) columns[`x${j}`] = Float64Array.from({ length: n }, (_, r) => 1000 * Math.floor(r / rows) + (r % rows) + j / 1000);
  columns.y = Array.from({ length: n }, (_, r) => ((Math.floor(r / rows) + (r % rows)) % 3 === 0 ? 'cat' : 'dog'));
  const whole = tableFromArrays(columns).batches[0]!;
  return new Table(Array.from({ length: batches }, (_, b) => whole.slice(b * rows, (b + 1) * rows)));
}

async function readAll(path: string, start: number, end: number, schema?: Table['schema']) {
  const fh = await open(path, 'r');
  try {
    const { batches } = await openIpcMessages(fh, start, end, schema);
    const got: RecordBatch[] = [];
    for await (const b of batches) got.push(b);
    return got;
  } finally {
    await fh.close();
  }
}

describe('ipcMessages / openIpcMessages', () => {
  it('reads a stream message by message: the same batches, each column a view of its own message buffer (no joined copies)', async () => {
    const t = table(5, 40_000, 4); // 1.3 MB batches, dictionary-encoded labels
    const bytes = tableToIPC(t, 'stream');
    const path = join(dir, 's.arrows');
    writeFileSync(path, bytes);
    const fh = await open(path, 'r');
    const sizes: number[] = [];
    for await (const m of ipcMessages(fh, 0, bytes.byteLength)) sizes.push(m.byteLength);
    await fh.close();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes.byteLength); // whole messages, nothing lost or repeated
    const got = await readAll(path, 0, bytes.byteLength);
    expect(got.map((b) => b.numRows)).toEqual([40_000, 40_000, 40_000, 40_000, 40_000]);
    const buffers = got.map((b) => b.getChild('x3')!.data[0]!.values.buffer);
    expect(new Set(buffers).size).toBe(5);
    for (const [k, b] of got.entries()) {
      expect(b.getChild('x3')!.get(39_999)).toBe(1000 * k + 39_999 + 0.003);
      expect(b.getChild('y')!.get(1)).toBe((k + 1) % 3 === 0 ? 'cat' : 'dog');
    }
  });

  it('reads the batches of an IPC file between its magic and its footer, given the footer schema', async () => {
    const t = table(3, 1000, 2);
    const bytes = tableToIPC(t, 'file');
    const path = join(dir, 'f.arrow');
    writeFileSync(path, bytes);
    const footerLength = Buffer.from(bytes).readInt32LE(bytes.byteLength - 10);
    const got = await readAll(path, 8, bytes.byteLength - 10 - footerLength, t.schema);
    expect(new Table(got).toArray().map((r) => r.toJSON())).toEqual(t.toArray().map((r) => r.toJSON()));
  });

  it('given a schema, messages that start with a schema message of their own (Arrow C++ files) read the same', async () => {
    const t = table(3, 1000, 2);
    const bytes = tableToIPC(t, 'stream'); // schema message first
    const path = join(dir, 'own-schema.arrows');
    writeFileSync(path, bytes);
    const plain = await readAll(path, 0, bytes.byteLength);
    const given = await readAll(path, 0, bytes.byteLength, t.schema);
    expect(given.map((b) => b.numRows)).toEqual([1000, 1000, 1000]);
    expect(new Table(given).toArray().map((r) => r.toJSON())).toEqual(new Table(plain).toArray().map((r) => r.toJSON()));
  });

  it('metadata longer than what is read ahead (3000 columns) is read on its own', async () => {
    const cols: Record<string, Float64Array> = {};
    for (let j = 0; j < 3000; j++) cols[`c${j}`] = Float64Array.from([j, -j]);
    const t = new Table([...tableFromArrays(cols).batches, ...tableFromArrays(cols).batches]);
    const bytes = tableToIPC(t, 'stream');
    const path = join(dir, 'wide.arrows');
    writeFileSync(path, bytes);
    const got = await readAll(path, 0, bytes.byteLength);
    expect(got.length).toBe(2);
    expect(got[1]!.getChild('c2999')!.get(1)).toBe(-2999);
  });

  it('bad framing is an IpcFramingError naming the byte: a wrong continuation marker, a body cut short', async () => {
    const t = tableFromArrays({ x0: Float64Array.from({ length: 1000 }, (_, i) => i) });
    const bytes = Buffer.from(tableToIPC(t, 'stream'));
    const path = join(dir, 'bad.arrows');
    const marker = Buffer.from(bytes);
    const second = 8 + marker.readInt32LE(4); // the record batch message follows the schema message
    marker.writeUInt32LE(0x12345678, second);
    writeFileSync(path, marker);
    const collect = async (p: string, end: number) => {
      const fh = await open(p, 'r');
      try {
        for await (const _ of ipcMessages(fh, 0, end));
      } finally {
        await fh.close();
      }
    };
    await expect(collect(path, marker.byteLength)).rejects.toThrow(new RegExp(`continuation marker 0xFFFFFFFF\\) at byte ${second} but found 0x12345678`));
    await expect(collect(path, marker.byteLength)).rejects.toBeInstanceOf(IpcFramingError);
    writeFileSync(path, bytes.subarray(0, bytes.byteLength - 100));
    await expect(collect(path, bytes.byteLength - 100)).rejects.toThrow(/expected a message body of at most \d+ bytes at byte \d+ but its metadata says 8000/);
  });
});

describe('MessagePool (recycling batches)', () => {
  async function pass(path: string, size: number, pool: MessagePool, recycle: boolean): Promise<number> {
    const fh = await open(path, 'r');
    try {
      const { batches } = await openIpcMessages(fh, 0, size, undefined, pool);
      let sum = 0;
      for await (const b of batches) {
        sum += b.getChild('x1')!.get(b.numRows - 1) as number;
        if (recycle) pool.recycle(b);
      }
      return sum;
    } finally {
      await fh.close();
    }
  }

  it('a consumer that recycles its batches gets later batches read into the same buffers, with the same values', async () => {
    const t = table(20, 5000, 2);
    const bytes = tableToIPC(t, 'stream');
    const path = join(dir, 'pool.arrows');
    writeFileSync(path, bytes);
    const want = t.batches.reduce((a, b) => a + (b.getChild('x1')!.get(4999) as number), 0);
    const fresh = new MessagePool();
    expect(await pass(path, bytes.byteLength, fresh, false)).toBe(want);
    expect(fresh.allocations).toBe(22); // schema, dictionary, 20 batches: one buffer each
    const pool = new MessagePool();
    expect(await pass(path, bytes.byteLength, pool, true)).toBe(want);
    expect(pool.allocations).toBeLessThanOrEqual(6); // the reader runs one message ahead; the rest is reused
    expect(await pass(path, bytes.byteLength, pool, true)).toBe(want); // a second pass reuses them too
    expect(pool.allocations).toBeLessThanOrEqual(8);
  });

  it('with SIGMOID_POISON_RECYCLED_BATCHES=1 a recycled batch reads as NaN / -1 (use after recycle is visible)', async () => {
    const t = table(3, 100, 2);
    const bytes = tableToIPC(t, 'stream');
    const path = join(dir, 'poison.arrows');
    writeFileSync(path, bytes);
    const pool = new MessagePool();
    const fh = await open(path, 'r');
    process.env['SIGMOID_POISON_RECYCLED_BATCHES'] = '1';
    try {
      const { batches } = await openIpcMessages(fh, 0, bytes.byteLength, undefined, pool);
      for await (const b of batches) {
        expect(b.getChild('x0')!.get(7)).not.toBeNaN();
        pool.recycle(b);
        expect(b.getChild('x0')!.get(7)).toBeNaN();
        expect(b.getChild('y')!.data[0]!.values[7]).toBe(-1); // dictionary indices (Int32)
      }
    } finally {
      delete process.env['SIGMOID_POISON_RECYCLED_BATCHES'];
      await fh.close();
    }
  });
});

describe('large record batches of fixed-width columns are read as bounded row slices', () => {
  /** One record batch of n rows: Float64, Float32, Int32 with nulls, Int64, Bool with nulls, Int8. */
  function fixedWidth(n: number): Table {
    const valid = new Uint8Array(Math.ceil(n / 8)).map((_, k) => (k % 5 === 0 ? 0b01101101 : 0xff));
    return new Table({
      f64: makeVector(Float64Array.from({ length: n }, (_, i) => i / 7)),
      f32: makeVector(Float32Array.from({ length: n }, (_, i) => i * 0.5)),
      i32: makeVector(makeData({ type: new Int32(), length: n, nullBitmap: valid, data: Int32Array.from({ length: n }, (_, i) => i - 5) })),
      i64: makeVector(BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 3n)),
      b: makeVector(makeData({ type: new Bool(), length: n, nullBitmap: valid, data: new Uint8Array(Math.ceil(n / 8)).map((_, k) => (k * 73) & 0xff) })),
      i8: makeVector(Int8Array.from({ length: n }, (_, i) => (i % 200) - 100)),
    });
  }
  const json = (t: Table) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v)));

  it.each(['stream', 'file'] as const)('an Arrow JS %s of one 150001-row batch reads as slices of 65536 rows with the same values, nulls and null counts', async (format) => {
    const t = fixedWidth(150_001);
    expect(t.batches.length).toBe(1);
    const bytes = tableToIPC(t, format);
    const path = join(dir, `one-batch.${format}`);
    writeFileSync(path, bytes);
    const got = format === 'stream' ? await readAll(path, 0, bytes.byteLength) : await readAll(path, 8, bytes.byteLength - 10 - Buffer.from(bytes).readInt32LE(bytes.byteLength - 10), t.schema);
    expect(got.map((b) => b.numRows)).toEqual([65_536, 65_536, 150_001 - 2 * 65_536]);
    for (const b of got) expect(b.getChild('f64')!.data[0]!.values.buffer.byteLength).toBeLessThan(12 << 20);
    const back = new Table(got);
    expect(json(back)).toEqual(json(t));
    expect(got.reduce((s, b) => s + b.getChild('i32')!.nullCount, 0)).toBe(t.getChild('i32')!.nullCount);
    expect(got.reduce((s, b) => s + b.getChild('b')!.nullCount, 0)).toBe(t.getChild('b')!.nullCount);
  });

  it('a wide batch is sliced by bytes (rows a multiple of 8, at most 16 MiB a slice), a batch with a string column is read whole', async () => {
    const n = 12_000;
    const wide = new Table(Object.fromEntries(Array.from({ length: 300 }, (_, j) => [`c${j}`, makeVector(Float64Array.from({ length: n }, (_, i) => i * 1000 + j))])));
    const path = join(dir, 'wide.arrows');
    const bytes = tableToIPC(wide, 'stream');
    writeFileSync(path, bytes);
    const got = await readAll(path, 0, bytes.byteLength);
    expect(got.length).toBe(2); // 28.8 MB of values
    for (const b of got.slice(0, -1)) {
      expect(b.numRows % 8).toBe(0);
      expect(b.data.byteLength).toBeLessThanOrEqual(16 << 20);
    }
    expect(got.reduce((s, b) => s + b.numRows, 0)).toBe(n);
    expect(new Table(got).getChild('c299')!.get(n - 1)).toBe((n - 1) * 1000 + 299);

    const strings = table(1, 100_000, 2); // Float64 columns and a dictionary-encoded string column
    const sbytes = tableToIPC(strings, 'stream');
    const spath = join(dir, 'strings.arrows');
    writeFileSync(spath, sbytes);
    expect((await readAll(spath, 0, sbytes.byteLength)).map((b) => b.numRows)).toEqual([100_000]);
  });

  it('slices only a batch whose metadata describes whole columns inside its body (otherwise it is read whole)', () => {
    const schema = new Schema([new Field('x', new Float64()), new Field('b', new Bool())]);
    const n = 100_000;
    const head = (nodes: [number, number][], buffers: [number, number][]) =>
      new RecordBatchHeader(n, nodes.map(([l, c]) => new FieldNode(l, c)), buffers.map(([o, l]) => new BufferRegion(o, l)), null);
    const bits = Math.ceil(n / 8);
    const body = 8 * n + 2 * bits;
    const good = head([[n, 0], [n, 3]], [[0, 0], [0, 8 * n], [8 * n, bits], [8 * n + bits, bits]]);
    expect(slicePlan(schema, good, false, body)).toEqual({ rows: 65_536, widths: [8, 0] });
    expect(slicePlan(schema, good, true, body)).toBeNull(); // compressed
    expect(slicePlan(schema, good, false, body - 1)).toBeNull(); // a buffer past the body
    expect(slicePlan(schema, head([[n, 0], [n, 3]], [[0, 0], [0, 8 * n - 8], [8 * n, bits], [8 * n + bits, bits]]), false, body)).toBeNull(); // values short
    expect(slicePlan(schema, head([[n, 0], [n, 3]], [[0, 0], [0, 8 * n], [8 * n, 0], [8 * n + bits, bits]]), false, body)).toBeNull(); // nulls but no bitmap
    expect(slicePlan(schema, head([[n - 1, 0], [n, 3]], [[0, 0], [0, 8 * n], [8 * n, bits], [8 * n + bits, bits]]), false, body)).toBeNull(); // node length
    expect(slicePlan(new Schema([new Field('s', new Utf8())]), good, false, body)).toBeNull(); // strings
  });
});
