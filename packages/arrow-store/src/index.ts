/**
 * @module @sigmoid/arrow-store
 *
 * The data contract shared by every Sigmoid package: {@link DatasetSpec} (column roles),
 * {@link recordBatches} (one way to read any source), schema validation and the error protocol.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from 'apache-arrow';
 * import { validateSchema, recordBatches } from '@sigmoid/arrow-store';
 * const table = tableFromArrays({ x0: Float64Array.of(1, 2), y: Int32Array.of(0, 1) });
 * validateSchema(table.schema, { features: ['x0'], label: 'y' });
 * for await (const batch of recordBatches(table)) console.log(batch.numRows);
 * ```
 */
export type { DatasetSpec, RecordBatchSource } from './dataset-spec.js';
export { defaultDatasetSpec, validateSchema, recordBatches } from './dataset-spec.js';
export { SigmoidInputError, InvalidParameterError, SchemaMismatchError, InvalidDataError, describeValue } from './errors.js';
