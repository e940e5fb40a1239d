import { open, rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { Table, type RecordBatch, type Schema } from 'apache-arrow';
import { InvalidParameterError, defaultDatasetSpec, recyclable, recordBatches, validateSchema, type RecyclableBatches, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import { readArrowIpc, writeArrowIpc } from './arrow-ipc-file.js';
import { readCsv, writeCsv } from './csv-file.js';
import { integerAtLeast } from './option-checks.js';
import { DatasetFileError } from './errors.js';

/** File formats a dataset can be read from and written to. */
export type DatasetFormat = 'arrow-file' | 'arrow-stream' | 'csv';

const BY_EXTENSION: Record<string, DatasetFormat> = { '.arrow': 'arrow-file', '.feather': 'arrow-file', '.arrows': 'arrow-stream', '.csv': 'csv' };

/**
 * The format a path's extension names: `.arrow`/`.feather` = Arrow IPC file, `.arrows` = Arrow IPC
 * stream, `.csv` = CSV. @throws InvalidParameterError for any other extension.
 */
export function datasetFormat(path: string): DatasetFormat {
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (format === undefined) throw new InvalidParameterError('path', 'a file name ending in .arrow, .feather, .arrows or .csv', path);
  return format;
}

/** Options of {@link readDataset}. */
export interface ReadDatasetOptions {
  /** Column roles to validate against. Default: `defaultDatasetSpec` (all `x<i>` columns, label `y`). */
  spec?: DatasetSpec;
  /** CSV rows per record batch (Arrow files keep their own batches). Default 65536. */
  batchSize?: number;
}

/**
 * Reads a dataset file as record batches in bounded memory. Arrow IPC files and streams are told apart
 * by their magic bytes (any extension but .csv); CSV by the `.csv` extension. The schema is validated
 * against `spec` before the first batch is yielded.
 *
 * @throws InvalidParameterError for an unknown extension.
 * @throws SchemaMismatchError naming a missing or mistyped column.
 * @throws DatasetFileError for a missing, truncated or corrupt file; CsvFormatError (row and column) for malformed CSV.
 *
 * The batches are recyclable (arrow-store `RecyclableBatches`): a consumer that calls
 * `recycle(batch)` when done with a batch lets the next Arrow batches be read into its memory.
 */
export function readDataset(path: string, options: ReadDatasetOptions = {}): AsyncGenerator<RecordBatch, void, undefined> & RecyclableBatches {
  return recyclable(readDatasetBatches(path, options));
}

async function* readDatasetBatches(path: string, options: ReadDatasetOptions): AsyncGenerator<RecordBatch, void, undefined> {
  const format = datasetFormat(path);
  const batchSize = integerAtLeast('batchSize', options.batchSize ?? 65536, 1);
  const check = (schema: Schema) => validateSchema(schema, options.spec ?? defaultDatasetSpec(schema));
  if (format === 'csv') {
    yield* readCsv(path, { spec: options.spec, batchSize, onSchema: check });
    return;
  }
  let checked = false;
  for await (const batch of readArrowIpc(path)) {
    if (!checked) {
      check(batch.schema);
      checked = true;
    }
    yield batch;
  }
}

/** A whole dataset file as one Arrow table (for data that fits in memory). */
export async function readDatasetTable(path: string, options: ReadDatasetOptions = {}): Promise<Table> {
  const batches: RecordBatch[] = [];
  for await (const b of readDataset(path, options)) batches.push(b);
  if (batches.length === 0) throw new InvalidParameterError('path', 'a dataset file with at least one record batch', path);
  return new Table(batches);
}

/** What {@link writeDataset} wrote. */
export interface WrittenDataset {
  path: string;
  format: DatasetFormat;
  numRows: number;
  numBatches: number;
}

/**
 * Writes any record-batch source (a Table, a RecordBatch, a sync or async iterable of batches such as
 * `streamClassification(...)`) to `path`, in the format its extension names, one batch in memory at a
 * time. The file appears atomically (written to a temporary name, then renamed).
 *
 * @throws InvalidParameterError for an unknown extension; SchemaMismatchError when batches disagree;
 *   DatasetFileError when the file cannot be created (e.g. a missing directory).
 */
export async function writeDataset(path: string, source: RecordBatchSource, options: { format?: DatasetFormat } = {}): Promise<WrittenDataset> {
  const format = options.format ?? datasetFormat(path);
  if (!['arrow-file', 'arrow-stream', 'csv'].includes(format)) throw new InvalidParameterError('format', "'arrow-file', 'arrow-stream' or 'csv'", format);
  const emptySchema = source instanceof Table ? source.schema : null;
  const temp = `${path}.${process.pid}.${Date.now()}.partial`;
  let handle;
  try {
    handle = await open(temp, 'w');
  } catch (err) {
    throw new DatasetFileError(`Expected a writable location for ${path} but could not create it: ${(err as Error).message}`, path);
  }
  let result: { numRows: number; numBatches: number };
  try {
    const batches = recordBatches(source);
    result = format === 'csv' ? await writeCsv(handle, batches, emptySchema) : await writeArrowIpc(handle, batches, format === 'arrow-file' ? 'file' : 'stream', emptySchema);
    if (result.numBatches === 0 && emptySchema === null) throw new InvalidParameterError('source', 'at least one record batch (or a Table, whose schema is written even when empty)', source);
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await rename(temp, path);
  return { path, format, ...result };
}
