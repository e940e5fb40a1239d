import { InvalidParameterError, InvalidDataError } from '@sigmoid/arrow-store';
import { DataType, RecordBatch, Schema, Struct, Table, makeData, vectorFromArray, type Data, type Vector } from 'apache-arrow';
import { checkRandomState, type RandomState, type RandomStateLike } from '@sigmoid/random';
import { booleanValue, randomStateOption, seedForProvenance, rejectUnknownKeys } from './option-checks.js';

/**
 * Options of {@link trainTestSplit}, scikit-learn's `train_test_split` keywords in camelCase.
 * Sizes: an integer is a row count, a non-integer a fraction in (0, 1) (so `1.0` means one row;
 * scikit-learn would read it as a fraction and reject it).
 */
export interface TrainTestSplitOptions {
  /** Test rows (count or fraction). Default: the complement of trainSize, or 0.25 when both are unset. */
  testSize?: number | null;
  /** Train rows (count or fraction). Default: the complement of testSize. */
  trainSize?: number | null;
  /** Seed or RandomState; undefined = fresh entropy. */
  randomState?: RandomStateLike;
  /** Shuffle before splitting. Default true. */
  shuffle?: boolean;
  /** Stratify by class: `true` = by the `label` column, a column name, or the labels themselves. Default none. */
  stratify?: boolean | string | ArrayLike<number | string> | null;
  /** Label column used by `stratify: true`. Default "y". */
  label?: string;
}

const KNOWN = new Set(['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify', 'label']);

function isInt(v: number): boolean {
  return Number.isInteger(v);
}

/** scikit-learn's `_validate_shuffle_split`: row counts of train and test. */
export function splitSizes(nSamples: number, testSize: number | null | undefined, trainSize: number | null | undefined): { nTrain: number; nTest: number } {
  let test = testSize ?? null;
  const train = trainSize ?? null;
  if (test === null && train === null) test = 0.25;
  for (const [name, v] of [['testSize', test], ['trainSize', train]] as const) {
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParameterError(name, 'a row count or a fraction in (0, 1) (scikit-learn: Invalid value)', v);
    if ((isInt(v) && (v >= nSamples || v <= 0)) || (!isInt(v) && (v <= 0 || v >= 1))) {
      throw new InvalidParameterError(name, `a positive integer smaller than the number of samples ${nSamples} or a float in the (0, 1) range (scikit-learn: ${name === 'testSize' ? 'test_size' : 'train_size'}=${v} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range)`, v);
    }
  }
  if (test !== null && train !== null && !isInt(test) && !isInt(train) && test + train > 1) {
    throw new InvalidParameterError('testSize + trainSize', 'a sum in the (0, 1) range (scikit-learn: Reduce test_size and/or train_size.)', test + train);
  }
  let nTest = test === null ? Number.NaN : isInt(test) ? test : Math.ceil(test * nSamples);
  let nTrain = train === null ? Number.NaN : isInt(train) ? train : Math.floor(train * nSamples);
  if (train === null) nTrain = nSamples - nTest;
  else if (test === null) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new InvalidParameterError('trainSize + testSize', `at most the number of samples ${nSamples} rows (scikit-learn: Reduce test_size and/or train_size.)`, nTrain + nTest);
  }
  if (nTrain === 0) {
    throw new InvalidParameterError('testSize', `sizes leaving at least one training row (scikit-learn: With n_samples=${nSamples}, test_size=${test} and train_size=${train}, the resulting train set will be empty.)`, test);
  }
  return { nTrain, nTest };
}

/** scikit-learn's `_approximate_mode`: per-class counts for `nDraws`, ties broken with `rng.choice`. */
function approximateMode(classCounts: number[], nDraws: number, rng: RandomState): number[] {
  const total = classCounts.reduce((s, v) => s + v, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(nDraws - floored.reduce((s, v) => s + v, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rng.choice(inds, addNow, { replace: false })) floored[i]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * The row indices scikit-learn's `train_test_split` selects for `nSamples` rows: `ShuffleSplit`
 * (a permutation; test first, then train) or `StratifiedShuffleSplit` when `stratifyLabels` is given.
 */
export function trainTestSplitIndices(
  nSamples: number,
  options: Omit<TrainTestSplitOptions, 'stratify' | 'label'> = {},
  stratifyLabels?: ArrayLike<number | string>,
): { train: Uint32Array; test: Uint32Array } {
  const { nTrain, nTest } = splitSizes(nSamples, options.testSize, options.trainSize);
  const shuffle = booleanValue('shuffle', options.shuffle ?? true);
  const randomState = randomStateOption('randomState', options.randomState);
  if (!shuffle) {
    if (stratifyLabels !== undefined) throw new InvalidParameterError('stratify', 'no stratification when shuffle is false (scikit-learn: Stratified train/test split is not implemented for shuffle=False)', 'labels');
    return { train: Uint32Array.from({ length: nTrain }, (_, i) => i), test: Uint32Array.from({ length: nTest }, (_, i) => nTrain + i) };
  }
  if (stratifyLabels === undefined) {
    const rng = checkRandomState(randomState);
    const perm = rng.permutation(nSamples);
    return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
  }
  if (stratifyLabels.length !== nSamples) throw new InvalidParameterError('stratify', `${nSamples} labels, one per row`, stratifyLabels);
  const classes = [...new Set(Array.from(stratifyLabels))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const classIndices: number[][] = classes.map(() => []);
  for (let i = 0; i < nSamples; i++) classIndices[classOf.get(stratifyLabels[i]!)!]!.push(i);
  const classCounts = classIndices.map((c) => c.length);
  if (Math.min(...classCounts) < 2) {
    throw new InvalidDataError('Expected at least 2 rows in every class to stratify but the least populated class has only 1 (scikit-learn: The least populated class in y has only 1 member, which is too few.)', { classCounts });
  }
  if (nTrain < classes.length) throw new InvalidParameterError('trainSize', `at least the number of classes = ${classes.length} training rows (scikit-learn: The train_size = ${nTrain} should be greater or equal to the number of classes = ${classes.length})`, nTrain);
  if (nTest < classes.length) throw new InvalidParameterError('testSize', `at least the number of classes = ${classes.length} test rows (scikit-learn: The test_size = ${nTest} should be greater or equal to the number of classes = ${classes.length})`, nTest);
  const rng = checkRandomState(randomState);
  const nI = approximateMode(classCounts, nTrain, rng);
  const tI = approximateMode(classCounts.map((c, i) => c - nI[i]!), nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  classIndices.forEach((indices, i) => {
    const perm = rng.permutation(indices.length);
    const taken = Array.from(perm, (p) => indices[p]!);
    train.push(...taken.slice(0, nI[i]!));
    test.push(...taken.slice(nI[i]!, nI[i]! + tI[i]!));
  });
  return { train: Uint32Array.from(rng.permutation(train)), test: Uint32Array.from(rng.permutation(test)) };
}

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | BigInt64Array | BigUint64Array;

function takeRows(vector: Vector, rows: Uint32Array): Data {
  const type = vector.type;
  if ((DataType.isFloat(type) || DataType.isInt(type)) && vector.nullCount === 0) {
    const values = vector.toArray() as TypedArray;
    const Ctor = values.constructor as new (n: number) => TypedArray;
    const out = new Ctor(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
    return makeData({ type, length: rows.length, nullCount: 0, data: out } as never);
  }
  return vectorFromArray(Array.from(rows, (r) => vector.get(r)), type).data[0]!;
}

/** The rows `rows` of `table`, in that order, keeping the schema and adding `extraMetadata`. */
export function takeTableRows(table: Table, rows: Uint32Array, extraMetadata: Record<string, string>): Table {
  const metadata = new Map(table.schema.metadata);
  for (const [k, v] of Object.entries(extraMetadata)) metadata.set(k, v);
  const schema = new Schema(table.schema.fields, metadata);
  const children = table.schema.fields.map((_, i) => takeRows(table.getChildAt(i)!, rows));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
  return new Table(schema, [batch]);
}

/**
 * scikit-learn's `train_test_split` on an Arrow table: the same rows in the same order as
 * `train_test_split(X, y, test_size=..., random_state=...)` for the same seed. The parts keep the
 * schema and its metadata, plus `sigmoid.split` (JSON: side and split parameters).
 *
 * @throws InvalidParameterError for sizes scikit-learn rejects, a missing stratify column, unknown options.
 * @throws InvalidDataError when stratifying with a class of fewer than 2 rows.
 */
export function trainTestSplit(table: Table, options: TrainTestSplitOptions = {}): { train: Table; test: Table } {
  if (!(table instanceof Table)) throw new InvalidParameterError('table', 'an Arrow Table', table);
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an options object', options);
  rejectUnknownKeys(options, KNOWN, 'trainTestSplit');
  let labels: ArrayLike<number | string> | undefined;
  const stratify = options.stratify ?? null;
  if (stratify === true || typeof stratify === 'string') {
    const name = stratify === true ? (options.label ?? 'y') : stratify;
    const column = table.getChild(name);
    if (column === null) {
      throw new InvalidParameterError('stratify', `a column of the table (${table.schema.fields.map((f) => f.name).join(', ')})`, name);
    }
    labels = column.toArray() as ArrayLike<number | string>;
    if (!DataType.isInt(column.type) && !DataType.isFloat(column.type)) labels = Array.from({ length: column.length }, (_, i) => String(column.get(i)));
  } else if (stratify !== null && stratify !== false) {
    labels = stratify;
  }
  const { train, test } = trainTestSplitIndices(table.numRows, { testSize: options.testSize, trainSize: options.trainSize, randomState: options.randomState, shuffle: options.shuffle }, labels);
  const params = JSON.stringify({
    test_size: options.testSize ?? null, train_size: options.trainSize ?? null, random_state: seedForProvenance(options.randomState),
    shuffle: options.shuffle ?? true, stratify: typeof stratify === 'string' || stratify === true ? (stratify === true ? (options.label ?? 'y') : stratify) : stratify === null || stratify === false ? null : 'labels',
  });
  return {
    train: takeTableRows(table, train, { 'sigmoid.split': `{"side":"train","params":${params}}` }),
    test: takeTableRows(table, test, { 'sigmoid.split': `{"side":"test","params":${params}}` }),
  };
}
