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
import { Message, RecordBatch, RecordBatchReader, Table, tableToIPC, type Schema } from 'apache-arrow';
import { readAhead } from './read-ahead.js';

/** Bytes read past a message's body in the same read: normally the next message's prefix and metadata. */
const LOOKAHEAD = 1 << 16;
const CONTINUATION = 0xffffffff;

/** A message whose framing or length does not fit the bytes (the caller names the file). */
export class IpcFramingError extends Error {}

/** Reads up to `length` bytes at `position` into `buf` at `offset`; returns the bytes read (short only at end of file). */
async function readFully(fh: FileHandle, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * The encapsulated IPC messages (0xFFFFFFFF, metadata length, metadata, body) in bytes [start, end) of
 * `fh`, each as one buffer; an end-of-stream marker is yielded and ends the sequence.
 * @throws IpcFramingError when the bytes are not a sequence of whole messages.
 */
export async function* ipcMessages(fh: FileHandle, start: number, end: number): AsyncGenerator<Uint8Array, void, undefined> {
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
    const bodyLength = Number(Message.decode(carry.subarray(8, 8 + metaLength)).bodyLength);
    const total = 8 + metaLength + bodyLength;
    if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || pos + total > end) {
      throw new IpcFramingError(`expected a message body of at most ${end - pos - 8 - metaLength} bytes at byte ${pos} but its metadata says ${bodyLength}`);
    }
    const size = Math.min(total + LOOKAHEAD, end - pos);
    const buf = Buffer.allocUnsafeSlow(size); // its own memory (never Node's shared pool): batches are views of it
    const have = Math.min(carry.byteLength, size);
    buf.set(carry.subarray(0, have));
    const got = have + (have < size ? await readFully(fh, buf, have, size - have, pos + have) : 0);
    if (got < total) throw new IpcFramingError(`expected ${total} bytes of message at byte ${pos} but the data ends after ${got}`);
    yield buf.subarray(0, total);
    carry = buf.subarray(total, got);
    pos += total;
  }
}

/** The encapsulated schema message of `schema` (what an IPC stream starts with). */
function schemaMessage(schema: Schema): Uint8Array {
  const bytes = tableToIPC(new Table(schema), 'stream');
  // A schema-only stream: the schema message, then the 8-byte end-of-stream marker.
  return bytes.subarray(0, bytes.byteLength - 8);
}

async function* startingWith(first: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  yield first;
  yield* rest;
}

/**
 * An Arrow reader over the messages in bytes [start, end) of `fh`, opened, reading one message ahead:
 * a stream, or, with `schema` (from the file's footer), the record batches of an IPC file (whose
 * writers need not repeat the schema message before them).
 */
export async function openIpcMessages(fh: FileHandle, start: number, end: number, schema?: Schema): Promise<{ schema: Schema; batches: AsyncIterable<RecordBatch> }> {
  const messages = readAhead(ipcMessages(fh, start, end));
  const reader = await RecordBatchReader.from(schema === undefined ? messages : startingWith(schemaMessage(schema), messages));
  await reader.open();
  return { schema: reader.schema, batches: reader as AsyncIterable<RecordBatch> };
}
