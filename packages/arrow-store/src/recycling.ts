/**
 * Recycling record batches: a batch source that reads into buffers it can reuse (the artifact stores,
 * `@sigmoid/datagen`'s `readDataset`) offers `recycle(batch)`. A consumer that calls it promises not to
 * touch the batch, or any view of its columns, again; the source may then read a later batch into the
 * same memory. Consumers that never call it (most) are unaffected: every batch keeps its own memory.
 */
import type { RecordBatch } from 'apache-arrow';

/** Batches whose consumer may hand each one back when it is done with it. */
export interface RecyclableBatches extends AsyncIterable<RecordBatch> {
  /** The consumer will not read `batch` (or views of its columns) again: its memory may be reused. */
  recycle(batch: RecordBatch): void;
}

/** `source.recycle` when the source offers it, else a function that does nothing. */
export function recyclerOf(source: unknown): (batch: RecordBatch) => void {
  const recycle = (source as Partial<RecyclableBatches> | null)?.recycle;
  return typeof recycle === 'function' ? (batch) => recycle.call(source, batch) : () => undefined;
}

/** `batches` with the `recycle` of `from` (when it has one). */
export function withRecycler<T extends AsyncIterable<RecordBatch>>(batches: T, from: unknown): T {
  const recycle = (from as Partial<RecyclableBatches> | null)?.recycle;
  return typeof recycle === 'function' ? Object.assign(batches, { recycle: (batch: RecordBatch) => recycle.call(from, batch) }) : batches;
}
