import { DataType, RecordBatch, Table, type Schema, type Field } from 'apache-arrow';
import { SchemaMismatchError, InvalidDataError, describeValue } from './errors.js';
import { withRecycler } from './recycling.js';

/**
 * Names the roles of a dataset's columns. Roles are never inferred from position alone.
 * The Sigmoid convention (used by the generators) is features `x0..x{d-1}`, label `y`.
 */
export interface DatasetSpec {
  /** Feature columns, in model order. Float64 (default) or Float32. */
  features: string[];
  /** Label column: Int32 class index, or Utf8 / Dictionary<Utf8> labels. */
  label: string;
  /** Optional Float64/Float32 sample-weight column. */
  weight?: string;
}

/** Anything Sigmoid reads data from: a whole table or a stream of record batches. */
export type RecordBatchSource = Table | RecordBatch | Iterable<RecordBatch> | AsyncIterable<RecordBatch>;

/** The spec that matches the generators' convention: all `x<i>` columns as features, `y` as label. */
export function defaultDatasetSpec(schema: Schema): DatasetSpec {
  const features = schema.fields
    .map((f) => f.name)
    .filter((n) => /^x\d+$/.test(n))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const spec: DatasetSpec = { features, label: 'y' };
  if (schema.fields.some((f) => f.name === 'sample_weight')) spec.weight = 'sample_weight';
  return spec;
}

function isFloat(t: DataType): boolean {
  return DataType.isFloat(t) && (t as { precision?: number }).precision !== 0; // Float16 excluded
}

function isLabelType(t: DataType): boolean {
  return DataType.isInt(t) || DataType.isUtf8(t) || DataType.isLargeUtf8(t) || (DataType.isDictionary(t) && (DataType.isUtf8(t.dictionary) || DataType.isLargeUtf8(t.dictionary)));
}

/**
 * Checks that `schema` has every column `spec` names, with a usable type.
 * @throws SchemaMismatchError naming the column, the expected type and the received one.
 */
export function validateSchema(schema: Schema, spec: DatasetSpec, options: { requireLabel?: boolean } = {}): void {
  const requireLabel = options.requireLabel ?? true;
  const byName = new Map<string, Field>(schema.fields.map((f) => [f.name, f]));
  const present = schema.fields.map((f) => f.name).join(', ') || '(none)';
  if (spec.features.length === 0) {
    throw new SchemaMismatchError('Expected at least one feature column in the dataset spec but received none', '(features)', 'at least one column', 'none');
  }
  const check = (name: string, role: string, ok: (t: DataType) => boolean, expected: string) => {
    const f = byName.get(name);
    if (!f) throw new SchemaMismatchError(`Expected ${role} column "${name}" (${expected}) but the data has no such column; columns present: ${present}`, name, expected, 'missing');
    if (!ok(f.type)) throw new SchemaMismatchError(`Expected ${expected} for ${role} column "${name}" but received ${String(f.type)}`, name, expected, String(f.type));
  };
  for (const name of spec.features) check(name, 'feature', isFloat, 'Float64 or Float32');
  if (requireLabel) check(spec.label, 'label', isLabelType, 'Int32 (or any integer) or Utf8 labels');
  if (spec.weight !== undefined) check(spec.weight, 'weight', isFloat, 'Float64 or Float32');
}

/**
 * Iterates any {@link RecordBatchSource} as record batches, so every reader in Sigmoid has one
 * code path for in-memory tables and for streams from disk. Memory is bounded by one batch.
 */
export function recordBatches(source: RecordBatchSource): AsyncGenerator<RecordBatch, void, undefined> {
  // A recyclable source stays recyclable (see recycling.ts).
  return withRecycler(batchesOf(source), source);
}

async function* batchesOf(source: RecordBatchSource): AsyncGenerator<RecordBatch, void, undefined> {
  if (source instanceof Table) {
    yield* source.batches;
  } else if (source instanceof RecordBatch) {
    yield source;
  } else if (typeof source !== 'object' || source === null) {
    throw new InvalidDataError(`Expected an Arrow Table, a RecordBatch or an (async) iterable of RecordBatch as data source but received ${describeValue(source)}`);
  } else if (Symbol.asyncIterator in (source as object)) {
    yield* source as AsyncIterable<RecordBatch>;
  } else if (Symbol.iterator in (source as object)) {
    yield* source as Iterable<RecordBatch>;
  } else {
    throw new InvalidDataError('Expected an Arrow Table, a RecordBatch or an (async) iterable of RecordBatch as data source but received something else');
  }
}
