/**
 * @module @sigmoid/arrow-store
 *
 * The data contract shared by every Sigmoid package: {@link DatasetSpec} (column roles),
 * {@link recordBatches} (one way to read any source), schema validation and the error protocol;
 * and the content-addressed {@link ArtifactStore} that Sigmoid steps pass data through
 * ({@link LocalArtifactStore}, {@link S3ArtifactStore} for `s3://bucket/prefix`, {@link openArtifactStore}).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from 'apache-arrow';
 * import { validateSchema, recordBatches, openArtifactStore } from '@sigmoid/arrow-store';
 * const table = tableFromArrays({ x0: Float64Array.of(1, 2), y: Int32Array.of(0, 1) });
 * validateSchema(table.schema, { features: ['x0'], label: 'y' });
 * for await (const batch of recordBatches(table)) console.log(batch.numRows);
 *
 * const store = await openArtifactStore('/tmp/sigmoid-artifacts');
 * const ref = await store.writeTable(table); // { kind: 'dataset', uri, sha256, numRows: 2, ... }
 * const back = await store.readTable(ref);   // hash verified
 * console.log(back.numRows, ref.uri);
 * ```
 */
export type { DatasetSpec, RecordBatchSource } from './dataset-spec.js';
export { defaultDatasetSpec, validateSchema, recordBatches } from './dataset-spec.js';
export { openIpcMessages, IpcFramingError, MessagePool, sharedMessagePool, recyclable } from './ipc-messages.js';
export type { RecyclableBatches } from './recycling.js';
export { recyclerOf, withRecycler } from './recycling.js';
export { boundedSlices, MAX_BATCH_ROWS, MAX_BATCH_BYTES } from './batch-slices.js';
export {
  SigmoidInputError,
  InvalidParameterError,
  SchemaMismatchError,
  InvalidDataError,
  ArtifactNotFoundError,
  ArtifactCorruptedError,
  InvalidArtifactKeyError,
  ArtifactStoreWriteError,
  PayloadDecryptionError,
  describeValue,
} from './errors.js';
export type {
  DatasetRef,
  ModelRef,
  ArtifactRef,
  AnyArtifactRef,
  DatasetSchemaSummary,
  ArtifactStore,
  ManagedArtifactStore,
} from './artifact-ref.js';
export { artifactKey, parseArtifactKey, artifactExtension, isSha256Hex } from './artifact-ref.js';
export type { LocalArtifactStoreOptions, WriteTableOptions } from './local-artifact-store.js';
export { LocalArtifactStore, defaultArtifactRoot } from './local-artifact-store.js';
export type { ArtifactStoreFactory } from './open-artifact-store.js';
export { openArtifactStore, registerArtifactStoreBackend } from './open-artifact-store.js';
export type { S3ArtifactStoreOptions } from './s3-artifact-store.js';
export { S3ArtifactStore, ArtifactStoreReadError } from './s3-artifact-store.js';
