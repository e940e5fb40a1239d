/**
 * Reading Arrow record batches into the column views the kernels use: feature columns (zero-copy
 * views of Float64/Float32 buffers), class indexes and per-row weights (sample weight x class weight).
 */
import { DataType, RecordBatch, Table, type Vector } from 'apache-arrow';
import { InvalidParameterError, SchemaMismatchError, recordBatches, validateSchema, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import { InvalidLabelError, InvalidWeightError, NonFiniteFeatureError } from './errors.js';
import type { Column } from './loss.js';
import { firstNonFinite } from './wasm/columns.js';

export type Label = number | string;

/**
 * A source that can be read more than once (the exact solvers make one pass per iteration):
 * a Table, a RecordBatch, an array of batches, or a function returning a fresh stream each call.
 */
export type ReplayableSource = Table | RecordBatch | RecordBatch[] | (() => RecordBatchSource);

/** What `fit` accepts: any {@link RecordBatchSource} or a function returning a fresh one per pass. */
export type FitSource = RecordBatchSource | (() => RecordBatchSource);

/** Returns a function opening the source for one pass, or null when the source can only be read once. */
export function passOpener(source: FitSource): (() => AsyncIterable<RecordBatch>) | null {
  if (typeof source === 'function') return () => recordBatches(source());
  if (source instanceof Table || source instanceof RecordBatch || Array.isArray(source)) return () => recordBatches(source);
  const s = source as unknown as { [Symbol.asyncIterator]?: () => unknown; [Symbol.iterator]?: () => unknown };
  const it = s[Symbol.asyncIterator] ?? s[Symbol.iterator];
  // Generators return themselves from [Symbol.(async)Iterator]: such a stream is one-shot.
  if (typeof it === 'function') {
    const probe = it.call(source);
    if (probe === source) return null;
    let first = true;
    return () => {
      if (first) {
        first = false;
        return recordBatches({ [Symbol.asyncIterator]: () => probe } as AsyncIterable<RecordBatch>);
      }
      return recordBatches(source as RecordBatchSource);
    };
  }
  return () => recordBatches(source as RecordBatchSource);
}

/** Feature column views of a batch, checked for nulls. `check` also scans for NaN/Inf. */
export function featureColumns(batch: RecordBatch, features: string[], rowOffset: number, check: boolean): Column[] {
  const cols: Column[] = new Array(features.length);
  for (let j = 0; j < features.length; j++) {
    const name = features[j]!;
    const vec = batch.getChild(name);
    if (vec === null) throw missingColumn(batch, name, 'feature', 'Float64 or Float32');
    if (!DataType.isFloat(vec.type) || (vec.type as { precision: number }).precision === 0) {
      throw new SchemaMismatchError(`Expected Float64 or Float32 for feature column "${name}" but received ${String(vec.type)}`, name, 'Float64 or Float32', String(vec.type));
    }
    if (vec.nullCount > 0) {
      for (let i = 0; i < vec.length; i++) if (!vec.isValid(i)) throw new NonFiniteFeatureError(name, rowOffset + i, null);
    }
    const values = vec.toArray() as Column;
    if (check) checkFinite(values, name, rowOffset);
    cols[j] = values;
  }
  return cols;
}

function checkFinite(values: Column, name: string, rowOffset: number): void {
  const bad = firstNonFinite(values);
  if (bad >= 0) throw new NonFiniteFeatureError(name, rowOffset + bad, values[bad]!);
}

function missingColumn(batch: RecordBatch, name: string, role: string, expected: string): SchemaMismatchError {
  const present = batch.schema.fields.map((f) => f.name).join(', ') || '(none)';
  return new SchemaMismatchError(`Expected ${role} column "${name}" (${expected}) but the data has no such column; columns present: ${present}`, name, expected, 'missing');
}

/** Raw label values of a batch: numbers (integer columns) or strings. */
export function labelValues(batch: RecordBatch, label: string, rowOffset: number): ArrayLike<number> | string[] {
  const vec = batch.getChild(label);
  if (vec === null) throw missingColumn(batch, label, 'label', 'Int32 or Utf8 labels');
  if (vec.nullCount > 0) for (let i = 0; i < vec.length; i++) if (!vec.isValid(i)) throw new InvalidLabelError(label, rowOffset + i, null, 'a non-null label');
  if (DataType.isInt(vec.type)) {
    const arr = vec.toArray() as ArrayLike<number | bigint>;
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) return Float64Array.from(arr as ArrayLike<bigint>, (v) => Number(v));
    return arr as ArrayLike<number>;
  }
  if (DataType.isUtf8(vec.type) || DataType.isLargeUtf8(vec.type) || DataType.isDictionary(vec.type)) {
    const out: string[] = new Array(vec.length);
    for (let i = 0; i < vec.length; i++) out[i] = String((vec as Vector).get(i));
    return out;
  }
  throw new SchemaMismatchError(`Expected Int32 (or any integer) or Utf8 labels for label column "${label}" but received ${String(vec.type)}`, label, 'Int32 or Utf8', String(vec.type));
}

/** Per-row sample weights, checked (finite, >= 0). */
export function weightValues(batch: RecordBatch, weight: string, rowOffset: number, check: boolean): Column {
  const vec = batch.getChild(weight);
  if (vec === null) throw missingColumn(batch, weight, 'weight', 'Float64 or Float32');
  if (!DataType.isFloat(vec.type)) throw new SchemaMismatchError(`Expected Float64 or Float32 for weight column "${weight}" but received ${String(vec.type)}`, weight, 'Float64 or Float32', String(vec.type));
  if (vec.nullCount > 0) for (let i = 0; i < vec.length; i++) if (!vec.isValid(i)) throw new InvalidWeightError(weight, rowOffset + i, null);
  const w = vec.toArray() as Column;
  if (check) for (let i = 0; i < w.length; i++) if (!(w[i]! >= 0 && w[i]! < Infinity)) throw new InvalidWeightError(weight, rowOffset + i, w[i]!);
  return w;
}

/** Sorts labels the way numpy's unique does: numbers ascending, strings by code point. */
export function sortLabels(labels: Label[]): Label[] {
  const nums = labels.filter((l): l is number => typeof l === 'number').sort((a, b) => a - b);
  const strs = labels.filter((l): l is string => typeof l === 'string').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...nums, ...strs];
}

/** Maps raw labels to class indexes through the sorted `classes`. */
export class LabelEncoder {
  private readonly index = new Map<Label, number>();
  /** Dense lookup for small non-negative integer classes (the usual 0..K-1): value -> index or -1. */
  private readonly dense: Int32Array | null;
  constructor(readonly classes: Label[]) {
    classes.forEach((c, i) => this.index.set(c, i));
    const ints = classes.every((c): c is number => typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < 65536);
    if (ints) {
      const dense = new Int32Array(Math.max(...(classes as number[])) + 1).fill(-1);
      classes.forEach((c, i) => (dense[c as number] = i));
      this.dense = dense;
    } else {
      this.dense = null;
    }
  }
  /** True when the classes are exactly 0..K-1, so an Int32 label column already holds class indexes. */
  get isIdentity(): boolean {
    return this.classes.every((c, i) => c === i);
  }

  /** Fills `out` with class indexes; unknown labels throw, naming the row. */
  encode(values: ArrayLike<number> | string[], out: Int32Array, column: string, rowOffset: number): void {
    const dense = this.dense;
    if (dense !== null && !Array.isArray(values)) {
      const v = values as ArrayLike<number>;
      const n = v.length;
      const m = dense.length;
      let bad = -1;
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        const k = x >= 0 && x < m ? dense[x]! : -1;
        out[i] = k;
        if (k < 0 && bad < 0) bad = i;
      }
      if (bad >= 0) throw new InvalidLabelError(column, rowOffset + bad, v[bad], `one of the classes ${JSON.stringify(this.classes)}`);
      return;
    }
    const idx = this.index;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const k = idx.get(v);
      if (k === undefined) throw new InvalidLabelError(column, rowOffset + i, v, `one of the classes ${JSON.stringify(this.classes)}`);
      out[i] = k;
    }
  }
}

/** One batch ready for the kernels. */
export interface PreparedBatch {
  n: number;
  cols: Column[];
  /** Class index per row. */
  y: Int32Array;
  /** Per-row weight s_i = sample weight x class weight, or null when all are 1. */
  s: Float64Array | null;
}

/** Builds kernel inputs from a batch. Class weights: null means all 1. */
export function prepareBatch(batch: RecordBatch, spec: DatasetSpec, encoder: LabelEncoder, classWeights: Float64Array | null, rowOffset: number, check: boolean): PreparedBatch {
  const n = batch.numRows;
  const cols = featureColumns(batch, spec.features, rowOffset, check);
  const labels = labelValues(batch, spec.label, rowOffset);
  let y: Int32Array;
  if (labels instanceof Int32Array && encoder.isIdentity) {
    // Labels 0..K-1 in an Int32 column are their own class indexes: check the range, use the Arrow buffer as is.
    const K = encoder.classes.length;
    let bad = -1;
    for (let i = 0; i < n; i++) if (!(labels[i]! >= 0 && labels[i]! < K)) bad = bad < 0 ? i : bad;
    if (bad >= 0) throw new InvalidLabelError(spec.label, rowOffset + bad, labels[bad], `one of the classes ${JSON.stringify(encoder.classes)}`);
    y = labels;
  } else {
    y = new Int32Array(n);
    encoder.encode(labels, y, spec.label, rowOffset);
  }
  let s: Float64Array | null = null;
  if (spec.weight !== undefined) {
    const w = weightValues(batch, spec.weight, rowOffset, check);
    s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = w[i]!;
  }
  if (classWeights !== null) {
    if (s === null) s = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) s[i] = s[i]! * classWeights[y[i]!]!;
  }
  return { n, cols, y, s };
}

/** Validates a batch schema against the spec the first time a batch is seen. */
export function checkSchema(batch: RecordBatch, spec: DatasetSpec, requireLabel = true): void {
  validateSchema(batch.schema, spec, { requireLabel });
}

/** Validates a DatasetSpec object itself. */
export function checkSpec(spec: unknown): DatasetSpec {
  const s = spec as DatasetSpec;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.features) || s.features.some((f) => typeof f !== 'string') || typeof s.label !== 'string' || (s.weight !== undefined && typeof s.weight !== 'string')) {
    throw new InvalidParameterError('spec', '{ features: string[]; label: string; weight?: string }', spec);
  }
  return s;
}
