/**
 * The dataset encoding both artifact stores share: a record-batch source written as an Arrow IPC
 * stream in bounded pieces (memory: about one batch), and the reading side.
 */
import type { FileHandle } from 'node:fs/promises';
import { AsyncByteQueue, RecordBatch, RecordBatchStreamWriter, Schema, Table, util } from 'apache-arrow';
import { recordBatches, type RecordBatchSource } from './dataset-spec.js';
import { InvalidDataError } from './errors.js';
import { openIpcMessages } from './ipc-messages.js';
import { recyclerOf } from './recycling.js';
import { boundedSlices } from './batch-slices.js';

/** Bytes collected before they are handed on (also handed on every 16 batches). */
const FLUSH_AT = 1 << 20;

/**
 * Collects the bytes the Arrow writer emits so that they can be hashed and written batch by batch.
 * The writer's own queue would keep every byte until someone reads it; this sink is drained after
 * each record batch, which bounds memory by one batch.
 */
class DrainableSink extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  bytes = 0;
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) {
      this.chunks.push(value);
      this.bytes += value.byteLength;
    }
  }
  take(): Uint8Array[] {
    const out = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    return out;
  }
}

/** How a store words the two ways a source can be refused. */
export interface StreamSourceErrors {
  notABatch(item: unknown, index: number): Error;
  schemaDiffers(first: Schema, other: Schema, index: number): Error;
}

/**
 * Encodes `source` as an Arrow IPC stream, handing the bytes to `write` in pieces. The schema is the
 * source's own (a Table or RecordBatch), else `schema`, else the first batch's; a source with no
 * batches and no schema becomes a valid zero-column stream.
 *
 * Batches beyond 65536 rows or 16 MiB are written as slices of that size (batch-slices.ts), so readers
 * hold one bounded batch at a time. One `write` stays in flight while the next batch is produced (the next `write` starts only after it
 * resolves, so the pieces reach `write` in order), so a generating or reading source overlaps the disk.
 * `write` must be done with the bytes when its promise resolves: batches of a recyclable source
 * (recycling.ts) are recycled then, as the bytes are views of their buffers.
 */
export async function encodeArrowStream(
  source: RecordBatchSource,
  schema: Schema | undefined,
  write: (chunks: Uint8Array[]) => Promise<void>,
  errors: StreamSourceErrors,
): Promise<{ schema: Schema; numRows: number }> {
  let first: Schema | undefined = source instanceof Table || source instanceof RecordBatch ? source.schema : schema;
  const sink = new DrainableSink();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink, first ?? null);
  const batches = recordBatches(source);
  const recycle = recyclerOf(batches);
  /** The write in flight and the batches whose bytes it holds; the batches written to the sink since. */
  let inFlight: { done: Promise<void>; batches: RecordBatch[] } | null = null;
  let encoded: RecordBatch[] = [];
  const settle = async () => {
    if (inFlight === null) return;
    const { done, batches: written } = inFlight;
    inFlight = null;
    await done;
    for (const b of written) recycle(b);
  };
  const flush = async () => {
    await settle();
    const done = write(sink.take());
    done.catch(() => undefined); // awaited by the next settle(); this only keeps it from counting as unhandled meanwhile
    inFlight = { done, batches: encoded };
    encoded = [];
  };
  let numRows = 0;
  let index = 0;
  try {
    for await (const batch of batches) {
      if (!(batch instanceof RecordBatch)) throw errors.notABatch(batch, index);
      if (first === undefined) {
        first = batch.schema;
        writer.reset(sink, first);
      } else if (!util.compareSchemas(first, batch.schema)) {
        throw errors.schemaDiffers(first, batch.schema, index);
      }
      // A large batch goes out as bounded slices (batch-slices.ts); it is recycled after the last one is written.
      const slices = boundedSlices(batch);
      for (let k = 0; k < slices.length; k++) {
        writer.write(slices[k]!);
        if (k === slices.length - 1) encoded.push(batch);
        if (sink.bytes >= FLUSH_AT) await flush();
      }
      numRows += batch.numRows;
      index++;
      if (index % 16 === 0 && sink.bytes > 0) await flush();
    }
    if (first === undefined) {
      first = new Schema([]);
      writer.reset(sink, first);
    }
    writer.close();
    await flush();
    await settle();
  } finally {
    // On an error, let the write in flight finish before the caller discards the file (its own error is not the one to report).
    if (inFlight !== null) await (inFlight as { done: Promise<void> }).done.catch(() => undefined);
  }
  return { schema: first, numRows };
}

/**
 * An Arrow reader over the Arrow IPC stream in the first `byteLength` bytes of `fh`, opened (so the
 * schema is known and passed to `onSchema`); it reads one message ahead (ipc-messages.ts), into
 * buffers of the shared message pool.
 * @throws InvalidDataError naming `uri` when the bytes are not an Arrow IPC stream.
 */
export async function openArrowStream(fh: FileHandle, byteLength: number, uri: string, onSchema: (schema: Schema) => void): Promise<AsyncIterable<RecordBatch>> {
  try {
    const { schema, batches } = await openIpcMessages(fh, 0, byteLength);
    onSchema(schema);
    return batches;
  } catch (err) {
    throw new InvalidDataError(`Expected an Arrow IPC stream at ${uri} but it could not be read: ${(err as Error).message}`, { uri });
  }
}

/** All batches of a scan as one Table (a schema-only Table when there are none). */
export async function collectTable(scan: (onSchema: (schema: Schema) => void) => AsyncIterable<RecordBatch>): Promise<Table> {
  let schema: Schema | undefined;
  const batches: RecordBatch[] = [];
  for await (const b of scan((s) => (schema = s))) batches.push(b);
  if (batches.length > 0) return new Table(batches);
  return new Table(schema ?? new Schema([]));
}
