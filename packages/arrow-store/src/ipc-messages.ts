/**
 * Reading Arrow IPC files fast: the encapsulated messages of a byte range of a file, one buffer per
 * message, read ahead of the Arrow reader.
 *
 * Arrow's stream reader hands out a record batch as a view of its input when the batch lies within one
 * input chunk, and copies it into a joined buffer when it spans chunks. Fed fixed-size chunks, about
 * every other large batch was joined (a copy of the batch, and more garbage); fed a file handle, it
 * reads each message in two dependent reads that start only when the consumer asks for the batch.
 * Here each message is read whole (its prefix and metadata, usually already read with the previous
 * message, then the body in one positional read) and yielded as one buffer, so every batch is a view,
 * and with {@link readAhead} the next message's read is in flight while the consumer works on the
 * current batch.
 */
import type { FileHandle } from 'node:fs/promises';
import { Message, MessageHeader, RecordBatch, RecordBatchReader, Table, tableToIPC, type Schema } from 'apache-arrow';
import { readAhead } from './read-ahead.js';
import { readFully } from './read-fully.js';
import { slicePlan, sliceMessages } from './ipc-split.js';
import type { RecyclableBatches } from './recycling.js';

/** Bytes read past a message's body in the same read: normally the next message's prefix and metadata. */
const LOOKAHEAD = 1 << 16;
const CONTINUATION = 0xffffffff;

/** Bytes of freed message buffers a pool keeps for reuse (beyond that they are left to the GC). */
const FREE_BYTES = 64 << 20;

/**
 * Message buffers, reused when consumers recycle their batches ({@link RecyclableBatches}): a fresh
 * buffer for every message costs page faults when it is filled and full garbage collections to
 * reclaim it (V8 collects on external-memory pressure), which was about half the time of a streaming
 * read. A buffer is lent out with each record batch message; recycling a batch returns its message's
 * buffer. The readers share one pool (`sharedMessagePool`), so a solver's next pass over the data
 * reuses the buffers of the last. With SIGMOID_POISON_RECYCLED_BATCHES=1 in the environment, a recycled
 * buffer is overwritten at once (Float64 NaN, Int32 -1), so that a consumer still reading a batch it
 * recycled computes garbage visibly (the trainer's tests run with it).
 */
export class MessagePool {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;
  private readonly lent = new WeakSet<ArrayBufferLike>();
  /** Buffers allocated (not reused) so far. */
  allocations = 0;

  /** A buffer of `size` bytes: a recycled one when one fits (at most twice the size), else a new one. */
  take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.byteLength >= size && b.byteLength <= 2 * size);
    let buf: Buffer;
    if (i >= 0) {
      buf = this.free.splice(i, 1)[0]!;
      this.freeBytes -= buf.byteLength;
    } else {
      buf = Buffer.allocUnsafeSlow(size); // its own memory (never Node's shared pool): batches are views of it
      this.allocations++;
    }
    this.lent.add(buf.buffer);
    return buf.subarray(0, size);
  }

  /** Takes back the message buffer `batch` is a view of (no-op for a batch this pool did not lend). */
  recycle(batch: RecordBatch): void {
    for (const child of batch.data.children) {
      const d = child as { values?: Uint8Array; valueOffsets?: Uint8Array; nullBitmap?: Uint8Array };
      const ab = (d.values ?? d.valueOffsets ?? d.nullBitmap)?.buffer;
      if (ab === undefined || !this.lent.has(ab)) continue;
      this.lent.delete(ab);
      if (process.env['SIGMOID_POISON_RECYCLED_BATCHES'] === '1') new Uint8Array(ab).fill(0xff);
      if (this.freeBytes + ab.byteLength <= FREE_BYTES) {
        this.free.push(Buffer.from(ab));
        this.freeBytes += ab.byteLength;
      }
      return;
    }
  }
}

/** The pool the artifact stores and `@sigmoid/datagen`'s readers use. */
export const sharedMessagePool = new MessagePool();

/** `batches` (read through the shared pool) as {@link RecyclableBatches}: `recycle` returns a batch's buffer to the pool. */
export function recyclable<T extends AsyncIterable<RecordBatch>>(batches: T): T & RecyclableBatches {
  return Object.assign(batches, { recycle: (batch: RecordBatch) => sharedMessagePool.recycle(batch) });
}

/** A message whose framing or length does not fit the bytes (the caller names the file). */
export class IpcFramingError extends Error {}

/**
 * The encapsulated IPC messages (0xFFFFFFFF, metadata length, metadata, body) in bytes [start, end) of
 * `fh`, each as one buffer; an end-of-stream marker is yielded and ends the sequence.
 * @throws IpcFramingError when the bytes are not a sequence of whole messages.
 */
export async function* ipcMessages(fh: FileHandle, start: number, end: number, pool = sharedMessagePool, schema?: Schema): AsyncGenerator<Uint8Array, void, undefined> {
  let pos = start;
  // Bytes of the file from `pos` on that an earlier read already brought in.
  let carry: Uint8Array = new Uint8Array(0);
  const ensure = async (n: number): Promise<void> => {
    if (carry.byteLength >= n) return;
    const want = Math.min(Math.max(n, 8 + 4096), end - pos);
    const buf = new Uint8Array(want);
    buf.set(carry);
    const got = await readFully(fh, buf, carry.byteLength, want - carry.byteLength, pos + carry.byteLength);
    carry = buf.subarray(0, carry.byteLength + got);
  };
  while (pos < end) {
    await ensure(8);
    if (carry.byteLength < 8) throw new IpcFramingError(`expected an 8-byte message prefix at byte ${pos} but the data ends after ${carry.byteLength} bytes`);
    const view = new DataView(carry.buffer, carry.byteOffset, 8);
    const marker = view.getUint32(0, true);
    if (marker !== CONTINUATION) {
      throw new IpcFramingError(`expected an IPC message (continuation marker 0xFFFFFFFF) at byte ${pos} but found 0x${marker.toString(16).padStart(8, '0')}`);
    }
    const metaLength = view.getInt32(4, true);
    if (metaLength === 0) {
      yield carry.slice(0, 8); // end of stream
      return;
    }
    if (metaLength < 0 || pos + 8 + metaLength > end) {
      throw new IpcFramingError(`expected message metadata of at most ${end - pos - 8} bytes at byte ${pos} but its length field says ${metaLength}`);
    }
    await ensure(8 + metaLength);
    const message = Message.decode(carry.subarray(8, 8 + metaLength));
    const bodyLength = Number(message.bodyLength);
    const total = 8 + metaLength + bodyLength;
    if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || pos + total > end) {
      throw new IpcFramingError(`expected a message body of at most ${end - pos - 8 - metaLength} bytes at byte ${pos} but its metadata says ${bodyLength}`);
    }
    if (message.isSchema()) schema = message.header();
    const plan = message.isRecordBatch() ? slicePlan(schema, message.header(), message.compression != null, bodyLength) : null;
    if (plan !== null && message.isRecordBatch()) {
      // A large batch of fixed-width columns: read as bounded row slices (ipc-split.ts).
      yield* sliceMessages(fh, pos + 8 + metaLength, message.header(), plan, pool);
      carry = carry.byteLength > total ? carry.slice(total) : new Uint8Array(0);
      pos += total;
      continue;
    }
    const size = Math.min(total + LOOKAHEAD, end - pos);
    const buf = pool.take(size);
    const have = Math.min(carry.byteLength, size);
    buf.set(carry.subarray(0, have));
    const got = have + (have < size ? await readFully(fh, buf, have, size - have, pos + have) : 0);
    if (got < total) throw new IpcFramingError(`expected ${total} bytes of message at byte ${pos} but the data ends after ${got}`);
    yield buf.subarray(0, total);
    // A copy (at most LOOKAHEAD bytes): the message's buffer belongs to its batch from now on, and goes
    // back to the pool (or is poisoned) when the consumer recycles the batch. This runs as soon as the
    // next message is asked for, before the consumer sees this one.
    carry = new Uint8Array(buf.subarray(total, got)); // (Buffer#slice would not copy)
    pos += total;
  }
}

/** The encapsulated schema message of `schema` (what an IPC stream starts with). */
function schemaMessage(schema: Schema): Uint8Array {
  const bytes = tableToIPC(new Table(schema), 'stream');
  // A schema-only stream: the schema message, then the 8-byte end-of-stream marker.
  return bytes.subarray(0, bytes.byteLength - 8);
}

/** Whether an encapsulated message (prefix, metadata, body) is a schema message. */
function isSchemaMessage(message: Uint8Array): boolean {
  if (message.byteLength < 8) return false;
  const metaLength = new DataView(message.buffer, message.byteOffset, 8).getInt32(4, true);
  return metaLength > 0 && Message.decode(message.subarray(8, 8 + metaLength)).headerType === MessageHeader.Schema;
}

/**
 * `messages` as a stream that starts with a schema message: `schema`'s, unless the first message is
 * one (IPC file writers differ: Arrow C++ repeats the schema before the batches, Arrow JS does not).
 */
async function* withSchema(schema: Schema, messages: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  let first = true;
  for await (const m of messages) {
    if (first && !isSchemaMessage(m)) yield schemaMessage(schema);
    first = false;
    yield m;
  }
  if (first) yield schemaMessage(schema);
}

/**
 * An Arrow reader over the messages in bytes [start, end) of `fh`, opened, reading one message ahead:
 * a stream, or, with `schema` (from the file's footer), the record batches of an IPC file (whose
 * writers need not repeat the schema message before them; when one does, that message is used).
 * Message buffers come from `pool`.
 */
export async function openIpcMessages(
  fh: FileHandle,
  start: number,
  end: number,
  schema?: Schema,
  pool = sharedMessagePool,
): Promise<{ schema: Schema; batches: AsyncIterable<RecordBatch> }> {
  const messages = readAhead(ipcMessages(fh, start, end, pool, schema));
  const reader = await RecordBatchReader.from(schema === undefined ? messages : withSchema(schema, messages));
  await reader.open();
  return { schema: reader.schema, batches: reader as AsyncIterable<RecordBatch> };
}
