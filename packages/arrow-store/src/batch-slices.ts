/**
 * Record batches as they are written to Arrow IPC (the artifact stores, `@sigmoid/datagen`'s
 * `writeDataset`): a batch larger than {@link MAX_BATCH_ROWS} rows or about {@link MAX_BATCH_BYTES}
 * bytes is written as consecutive slices of at most that size. A reader then holds one bounded batch at
 * a time, whatever the writer was given (an in-memory `makeClassification` table is one batch of every
 * row); the rows, their order and the schema are unchanged.
 */
import type { RecordBatch } from 'apache-arrow';

/** Rows a written batch holds at most. */
export const MAX_BATCH_ROWS = 65_536;
/** Bytes a written batch holds at most (unless a single row is larger). */
export const MAX_BATCH_BYTES = 16 << 20;

/** `batch`, or its consecutive slices (zero-copy views) when it exceeds the bounds. */
export function boundedSlices(batch: RecordBatch): RecordBatch[] {
  const n = batch.numRows;
  const bytes = batch.data.byteLength;
  const perSlice = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor((n * MAX_BATCH_BYTES) / Math.max(1, bytes))));
  if (n <= perSlice) return [batch];
  const slices: RecordBatch[] = [];
  for (let a = 0; a < n; a += perSlice) slices.push(batch.slice(a, Math.min(n, a + perSlice)));
  return slices;
}
