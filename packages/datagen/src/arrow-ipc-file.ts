import { open, type FileHandle } from 'node:fs/promises';
import { AsyncByteQueue, RecordBatch, RecordBatchFileWriter, RecordBatchReader, RecordBatchStreamWriter, Schema } from 'apache-arrow';
import { SchemaMismatchError, boundedSlices, openIpcMessages } from '@sigmoid/arrow-store';
import { DatasetFileError } from './errors.js';

/**
 * A byte sink the Arrow writer fills synchronously and we empty after every batch, so at most one
 * encoded batch is ever held in memory (the writer's own node-stream adapter has no backpressure
 * toward the producer).
 */
class DrainableByteQueue extends AsyncByteQueue {
  drain(): Uint8Array[] {
    return this._values.splice(0) as Uint8Array[];
  }
}

const ARROW_MAGIC = 'ARROW1';

/** Whether the file starts with the Arrow IPC *file* magic (otherwise it may be the stream format). */
export async function isArrowFileFormat(handle: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(6);
  const { bytesRead } = await handle.read(head, 0, 6, 0);
  return bytesRead === 6 && head.toString('latin1') === ARROW_MAGIC;
}

function sameFields(a: Schema, b: Schema): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i]!.name && String(f.type) === String(b.fields[i]!.type));
}

/**
 * Writes record batches as Arrow IPC (`file` = random-access format with footer, `stream` = streaming
 * format), one batch in memory at a time. Every batch must have the first batch's columns.
 */
export async function writeArrowIpc(
  handle: FileHandle,
  batches: AsyncIterable<RecordBatch>,
  format: 'file' | 'stream',
  emptySchema: Schema | null,
): Promise<{ numRows: number; numBatches: number }> {
  const sink = new DrainableByteQueue();
  const writer = format === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  writer.reset(sink as never);
  let schema: Schema | null = null;
  let numRows = 0;
  let numBatches = 0;
  const flush = async () => {
    const chunks = sink.drain();
    if (chunks.length > 0) await handle.writev(chunks);
  };
  for await (let batch of batches) {
    if (schema === null) {
      schema = batch.schema;
    } else if (batch.schema !== schema) {
      if (!sameFields(schema, batch.schema)) {
        throw new SchemaMismatchError(
          `Expected every record batch to have the columns ${schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ')} but batch ${numBatches} has ${batch.schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ')}`,
          '(batch)', 'the first batch schema', 'a different schema',
        );
      }
      batch = new RecordBatch(schema, batch.data); // metadata-only differences: keep the first schema
    }
    for (const slice of boundedSlices(batch)) {
      writer.write(slice); // a large batch as bounded slices, so readers hold one bounded batch at a time
      await flush();
    }
    numRows += batch.numRows;
    numBatches++;
  }
  if (schema === null && emptySchema !== null) writer.reset(sink as never, emptySchema);
  writer.close();
  await flush();
  return { numRows, numBatches };
}

/**
 * Reads an Arrow IPC file or stream, batch by batch: the messages of a stream, or of the stream part of
 * a file (between its leading magic and its footer), each read whole and one message ahead of the
 * consumer (arrow-store `openIpcMessages`).
 */
export async function* readArrowIpc(path: string): AsyncGenerator<RecordBatch, void, undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new DatasetFileError(`Expected a readable dataset file at ${path} but could not open it: ${(err as Error).message}`, path);
  }
  const wrap = (err: unknown) =>
    new DatasetFileError(`Expected a complete Arrow IPC file or stream at ${path} but it is truncated or corrupt: ${(err as Error).message}`, path);
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw new DatasetFileError(`Expected an Arrow IPC file or stream at ${path} but the file is empty`, path);
    const fileFormat = await isArrowFileFormat(handle);
    let start = 0;
    let end = size;
    if (fileFormat) {
      // ARROW1, 2 bytes of padding, the stream, the footer, its int32 length, ARROW1.
      const tail = Buffer.alloc(10);
      await handle.read(tail, 0, 10, Math.max(0, size - 10));
      const footerLength = tail.readInt32LE(0);
      if (size < 18 || tail.toString('latin1', 4, 10) !== ARROW_MAGIC || footerLength <= 0 || 8 + footerLength + 10 > size) {
        throw new DatasetFileError(`Expected an Arrow IPC file ending in its footer and the ARROW1 magic at ${path} but they are missing: the file is truncated or corrupt`, path);
      }
      start = 8;
      end = size - 10 - footerLength;
    } else {
      // A stream cut at a message boundary still parses; only the end-of-stream marker (continuation
      // 0xFFFFFFFF, then length 0) shows that it is complete. Pre-1.0 streams (a bare 0) are not accepted.
      const tail = Buffer.alloc(8);
      await handle.read(tail, 0, 8, Math.max(0, size - 8));
      if (size < 8 || tail.readUInt32LE(0) !== 0xffffffff || tail.readUInt32LE(4) !== 0) {
        throw new DatasetFileError(`Expected an Arrow IPC stream ending in the end-of-stream marker at ${path} but it is missing: the stream is truncated or not Arrow`, path);
      }
    }
    let batches: AsyncIterable<RecordBatch>;
    try {
      // A file's schema is in its footer (Arrow's file reader reads it; its batches are read here).
      const schema = fileFormat ? (await RecordBatchReader.from(handle).then(async (r) => (await r.open()).schema)) : undefined;
      ({ batches } = await openIpcMessages(handle, start, end, schema));
    } catch (err) {
      throw wrap(err);
    }
    const it = batches[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await it.next();
      } catch (err) {
        throw wrap(err);
      }
      if (next.done) break;
      yield next.value;
    }
  } finally {
    await handle.close();
  }
}

