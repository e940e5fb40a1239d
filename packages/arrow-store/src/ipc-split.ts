/**
 * Reading a large record batch as bounded slices. Files written by other tools often hold a whole
 * table in one record batch (pyarrow writes a table's chunks as they are; a one-chunk table of a million
 * rows is one 160 MB message). Read as one message, such a batch needs the whole dataset in memory and
 * a buffer too large to reuse. When every column is a flat fixed-width one (integers, floats, booleans,
 * with or without nulls) and the body is not compressed, the batch is instead read as consecutive row
 * slices of at most {@link MAX_BATCH_ROWS} rows and about {@link MAX_BATCH_BYTES} bytes: each slice
 * is an IPC record batch message of its own (metadata encoded by Arrow JS, body read column by column
 * with positional reads), which the Arrow reader decodes like any other. Other batches are read whole.
 */
import type { FileHandle } from 'node:fs/promises';
import { DataType, Message, type Schema } from 'apache-arrow';
import { BufferRegion, FieldNode, RecordBatch as RecordBatchHeader } from 'apache-arrow/ipc/metadata/message';
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS } from './batch-slices.js';
import type { MessagePool } from './ipc-messages.js';
import { readFully } from './read-fully.js';

const CONTINUATION = 0xffffffff;
const align8 = (n: number) => (n + 7) & ~7;

/** Bytes per value of a flat fixed-width column (booleans: 0, they are bits), or null when not splittable. */
function valueWidth(type: DataType): number | null {
  if (DataType.isBool(type)) return 0;
  if (DataType.isInt(type) || DataType.isFloat(type)) return (type.ArrayType as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  return null;
}

/**
 * How a batch of `schema` is sliced: rows per slice (a multiple of 8, so bitmaps stay byte-aligned) and
 * value widths; null when it is not (then it is read whole, and Arrow's reader judges it), including when
 * its metadata does not describe whole columns inside its body of `bodyLength` bytes.
 */
export function slicePlan(schema: Schema | undefined, header: RecordBatchHeader, compressed: boolean, bodyLength: number): { rows: number; widths: number[] } | null {
  if (schema === undefined || compressed || schema.fields.length === 0) return null;
  const widths: number[] = [];
  for (const f of schema.fields) {
    const w = valueWidth(f.type);
    if (w === null) return null;
    widths.push(w);
  }
  if (header.nodes.length !== widths.length || header.buffers.length !== 2 * widths.length) return null;
  const n = header.length;
  const inside = (r: BufferRegion, need: number) => r.offset >= 0 && r.length >= need && r.offset + r.length <= bodyLength;
  for (let j = 0; j < widths.length; j++) {
    const w = widths[j]!;
    const node = header.nodes[j]!;
    if (node.length !== n || node.nullCount < 0 || node.nullCount > n) return null;
    if (node.nullCount > 0 && !inside(header.buffers[2 * j]!, Math.ceil(n / 8))) return null;
    if (!inside(header.buffers[2 * j + 1]!, w === 0 ? Math.ceil(n / 8) : n * w)) return null;
  }
  const bitsPerRow = widths.reduce((s, w) => s + (w === 0 ? 1 : 8 * w) + 1, 0);
  const rows = Math.max(8, Math.min(MAX_BATCH_ROWS, Math.floor((8 * MAX_BATCH_BYTES) / bitsPerRow)) & ~7);
  return header.length > rows ? { rows, widths } : null;
}

/** Zero bits among the first `n` bits of `bytes` (the nulls of a validity bitmap). */
function zeroBits(bytes: Uint8Array, n: number): number {
  let ones = 0;
  const whole = n >>> 3;
  for (let i = 0; i < whole; i++) {
    let v = bytes[i]!;
    v = v - ((v >>> 1) & 0x55);
    v = (v & 0x33) + ((v >>> 2) & 0x33);
    ones += (v + (v >>> 4)) & 0x0f;
  }
  for (let i = whole * 8; i < n; i++) ones += (bytes[i >>> 3]! >>> (i & 7)) & 1;
  return n - ones;
}

/**
 * The record batch whose body starts at byte `bodyStart` of `fh`, as encapsulated messages of row slices
 * (see {@link slicePlan}), each in a buffer of `pool`.
 */
export async function* sliceMessages(fh: FileHandle, bodyStart: number, header: RecordBatchHeader, plan: { rows: number; widths: number[] }, pool: MessagePool): AsyncGenerator<Uint8Array, void, undefined> {
  const { rows: R, widths } = plan;
  const n = header.length;
  for (let a = 0; a < n; a += R) {
    const m = Math.min(R, n - a);
    // Per column: the validity bytes (when the column has nulls) and the values of rows [a, a + m).
    const nodes: FieldNode[] = [];
    const regions: BufferRegion[] = [];
    const reads: { from: number; length: number; to: number }[] = [];
    let bodyLength = 0;
    const take = (from: number, length: number) => {
      regions.push(new BufferRegion(bodyLength, length));
      if (length > 0) reads.push({ from: bodyStart + from, length, to: bodyLength });
      bodyLength += align8(length);
    };
    widths.forEach((w, j) => {
      const validity = header.buffers[2 * j]!;
      const values = header.buffers[2 * j + 1]!;
      const hasNulls = header.nodes[j]!.nullCount > 0;
      take(validity.offset + a / 8, hasNulls ? Math.ceil(m / 8) : 0);
      take(w === 0 ? values.offset + a / 8 : values.offset + a * w, w === 0 ? Math.ceil(m / 8) : m * w);
      nodes.push(new FieldNode(m, 0)); // null counts filled in below, from the bytes read
    });
    const meta = Message.encode(Message.from(new RecordBatchHeader(m, nodes, regions, null), bodyLength));
    const metaLength = align8(8 + meta.byteLength) - 8;
    const total = 8 + metaLength + bodyLength;
    const buf = pool.take(total);
    buf.fill(0, 0, 8 + metaLength);
    const view = new DataView(buf.buffer, buf.byteOffset, 8);
    view.setUint32(0, CONTINUATION, true);
    view.setInt32(4, metaLength, true);
    const bodyAt = 8 + metaLength;
    const got = await Promise.all(reads.map((r) => readFully(fh, buf, bodyAt + r.to, r.length, r.from)));
    got.forEach((n, k) => {
      if (n < reads[k]!.length) throw new Error(`expected ${reads[k]!.length} bytes at byte ${reads[k]!.from} but the data ends after ${n}`);
    });
    // Padding between buffers is zero.
    for (let k = 0; k < regions.length; k++) {
      const r = regions[k]!;
      buf.fill(0, bodyAt + r.offset + r.length, bodyAt + (k + 1 < regions.length ? regions[k + 1]!.offset : bodyLength));
    }
    // The null counts, from the bitmaps just read (FieldNode is a fixed-size struct: the size stays).
    for (let j = 0; j < widths.length; j++) {
      const validity = regions[2 * j]!;
      if (validity.length > 0) nodes[j]!.nullCount = zeroBits(buf.subarray(bodyAt + validity.offset, bodyAt + validity.offset + validity.length), m);
    }
    const finalMeta = Message.encode(Message.from(new RecordBatchHeader(m, nodes, regions, null), bodyLength));
    if (finalMeta.byteLength !== meta.byteLength) throw new Error(`a slice's metadata changed size (${meta.byteLength} -> ${finalMeta.byteLength} bytes) when its null counts were set`);
    buf.set(finalMeta, 8);
    yield buf.subarray(0, total);
  }
}

