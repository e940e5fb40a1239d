import { Field, Float64, Int32, RecordBatch, Schema, Struct, Table, makeData, type Data } from 'apache-arrow';

/** Schema-metadata keys that carry a generated dataset's provenance. */
export const PROVENANCE_KEYS = {
  generator: 'sigmoid.generator',
  params: 'sigmoid.params',
  seed: 'sigmoid.seed',
  parent: 'sigmoid.parent',
} as const;

/** Provenance of a generated dataset: scikit-learn generator name, its keyword arguments, the seed. */
export interface Provenance {
  generator: string;
  /** Keyword arguments with scikit-learn names, defaults filled in. */
  params: Record<string, unknown>;
  seed: number | number[] | null;
  /** Extra metadata entries (e.g. the split side, the parent dataset). */
  extra?: Record<string, string>;
}

/** The Sigmoid dataset schema: `x0..x{d-1}` Float64, `y` Int32, with provenance metadata. */
export function datasetSchema(nFeatures: number, provenance: Provenance): Schema {
  const fields: Field[] = [];
  for (let j = 0; j < nFeatures; j++) fields.push(new Field(`x${j}`, new Float64(), false));
  fields.push(new Field('y', new Int32(), false));
  const metadata = new Map<string, string>([
    [PROVENANCE_KEYS.generator, provenance.generator],
    [PROVENANCE_KEYS.params, JSON.stringify(provenance.params)],
    [PROVENANCE_KEYS.seed, JSON.stringify(provenance.seed)],
    ...Object.entries(provenance.extra ?? {}),
  ]);
  return new Schema(fields, metadata);
}

/** Wraps column arrays (no copy) into one record batch of `schema`. */
export function datasetBatch(schema: Schema, columns: Float64Array[], labels: Int32Array): RecordBatch {
  const length = labels.length;
  const children: Data[] = columns.map((values) => makeData({ type: new Float64(), length, nullCount: 0, data: values }));
  children.push(makeData({ type: new Int32(), length, nullCount: 0, data: labels }));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

/** A one-batch table of the Sigmoid dataset schema. */
export function datasetTable(columns: Float64Array[], labels: Int32Array, provenance: Provenance): Table {
  const schema = datasetSchema(columns.length, provenance);
  return new Table(schema, [datasetBatch(schema, columns, labels)]);
}
