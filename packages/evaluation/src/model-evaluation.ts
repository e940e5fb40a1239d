/**
 * Evaluating a fitted model on a dataset stream. The model is duck-typed (anything with
 * `classes_` and `predictProba`, such as @sigmoid/trainer's `LogisticRegression`), so this entry
 * does not depend on the trainer package.
 */
import { DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { InvalidDataError, InvalidParameterError, SchemaMismatchError, defaultDatasetSpec, recordBatches, recyclerOf, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import type { NumericArray } from './classes.js';
import { ClassifierEvaluator, type ClassifierEvaluatorOptions, type Metrics } from './classifier-evaluator.js';
import { UnknownLabelError } from './errors.js';

/** What a model must offer to be evaluated: its classes and row-major n x K probabilities in that order. */
export interface ProbabilisticClassifier {
  readonly classes_: readonly (number | string)[];
  predictProba(batch: RecordBatch, spec?: Pick<DatasetSpec, 'features'>): Float64Array;
}

/** Options of {@link evaluateModelOnData}. */
export interface EvaluateModelOptions extends Omit<ClassifierEvaluatorOptions, 'classes'> {
  /**
   * Column roles. Default: `defaultDatasetSpec` of the first batch (features `x<i>`, label `y`,
   * weight `sample_weight` when present, which then weights every metric).
   */
  spec?: DatasetSpec;
}

/**
 * Streams `source` through `model.predictProba` and the {@link ClassifierEvaluator}, one record batch
 * at a time (memory: one batch plus the metric state), and returns the CLI's metric set.
 * Numeric classes keep their values in the confusion matrix; string classes are reported by their
 * index in `classes_`.
 *
 * @throws EmptyInputError for a stream without rows; UnknownLabelError for a label the model does not know.
 */
export async function evaluateModelOnData(model: ProbabilisticClassifier, source: RecordBatchSource, options: EvaluateModelOptions = {}): Promise<Metrics> {
  return (await accumulateModelOnData(model, source, options)).metrics();
}

/**
 * Like {@link evaluateModelOnData} but returns the filled {@link ClassifierEvaluator}, for the
 * classification report, curves or a state to merge with other partitions.
 */
export async function accumulateModelOnData(model: ProbabilisticClassifier, source: RecordBatchSource, options: EvaluateModelOptions = {}): Promise<ClassifierEvaluator> {
  if (model === null || typeof model !== 'object' || typeof model.predictProba !== 'function' || !Array.isArray(model.classes_)) {
    throw new InvalidParameterError('model', 'a fitted classifier with classes_ and predictProba', model);
  }
  const { spec: givenSpec, ...evaluatorOptions } = options;
  const modelClasses = [...model.classes_];
  const numeric = modelClasses.every((c, i) => typeof c === 'number' && (i === 0 || c > (modelClasses[i - 1] as number)));
  const classes = numeric ? (modelClasses as number[]) : modelClasses.map((_, i) => i);
  const position = new Map<number | string, number>(modelClasses.map((c, i) => [c, i]));
  const evaluator = new ClassifierEvaluator({ ...evaluatorOptions, classes });
  let spec = givenSpec;
  let row = 0;
  const batches = recordBatches(source);
  // The evaluator copies what it keeps: each batch can go back to a recyclable source after its update.
  const recycle = recyclerOf(batches);
  for await (const batch of batches) {
    spec ??= defaultDatasetSpec(batch.schema);
    const raw = labelColumn(batch, spec.label);
    let yTrue: NumericArray;
    if (numeric && !Array.isArray(raw)) yTrue = raw;
    else {
      const enc = new Int32Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i]!;
        const k = position.get(v) ?? (typeof v === 'string' && numeric ? position.get(Number(v)) : undefined);
        if (k === undefined) throw new UnknownLabelError('yTrue', v, classes, row + i);
        enc[i] = numeric ? classes[k]! : k;
      }
      yTrue = enc;
    }
    const proba = model.predictProba(batch, { features: spec.features });
    const weight = spec.weight === undefined ? undefined : weightColumn(batch, spec.weight);
    evaluator.update(yTrue, proba, weight);
    row += batch.numRows;
    recycle(batch);
  }
  return evaluator;
}

function column(batch: RecordBatch, name: string, role: string, expected: string): Vector {
  const vec = batch.getChild(name) as Vector | null;
  if (vec === null) {
    const present = batch.schema.fields.map((f) => f.name).join(', ') || '(none)';
    throw new SchemaMismatchError(`Expected ${role} column "${name}" (${expected}) but the data has no such column; columns present: ${present}`, name, expected, 'missing');
  }
  if (vec.nullCount > 0) throw new InvalidDataError(`Expected no null values in ${role} column "${name}" but received ${vec.nullCount}`, { column: name, nullCount: vec.nullCount });
  return vec;
}

/** Label values: numbers for integer columns, strings for Utf8 / dictionary columns. */
function labelColumn(batch: RecordBatch, name: string): NumericArray | string[] {
  const vec = column(batch, name, 'label', 'integer or Utf8 labels');
  if (DataType.isInt(vec.type)) {
    const arr = vec.toArray() as ArrayLike<number | bigint>;
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) return Float64Array.from(arr as ArrayLike<bigint>, (v) => Number(v));
    return arr as NumericArray;
  }
  if (DataType.isUtf8(vec.type) || DataType.isLargeUtf8(vec.type) || DataType.isDictionary(vec.type)) {
    return Array.from({ length: vec.length }, (_, i) => String(vec.get(i)));
  }
  throw new SchemaMismatchError(`Expected integer or Utf8 labels for label column "${name}" but received ${String(vec.type)}`, name, 'integer or Utf8', String(vec.type));
}

function weightColumn(batch: RecordBatch, name: string): NumericArray {
  const vec = column(batch, name, 'weight', 'Float64 or Float32');
  if (!DataType.isFloat(vec.type)) throw new SchemaMismatchError(`Expected Float64 or Float32 for weight column "${name}" but received ${String(vec.type)}`, name, 'Float64 or Float32', String(vec.type));
  return vec.toArray() as NumericArray;
}
