/**
 * One pass over a dataset for a scatter plot: the range of the two plotted features, the mean of
 * every feature (to hold the others fixed), class counts, and a uniform random sample of at most
 * `maxPoints` rows (reservoir sampling, Algorithm R, with a seeded generator). Memory is bounded by
 * one record batch plus the sample, so a dataset of millions of rows costs one linear scan.
 */
import { DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { InvalidDataError, recordBatches, recyclerOf, validateSchema, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';

export interface ScatterScan {
  numRows: number;
  /** min/max of the x and y features. */
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Mean of each feature of `spec.features`, in order. */
  means: Float64Array;
  /** Sampled rows, in dataset order: x, y and class index (position in `classKeys`). */
  sampleX: Float64Array;
  sampleY: Float64Array;
  sampleClass: Int32Array;
  /** Rows per class index. */
  classCounts: number[];
  /** Label values as strings, by class index (the known classes first, in their order). */
  classKeys: string[];
}

/** Mulberry32: a tiny, fast, seedable generator; the sample depends only on the seed and row order. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function featureValues(batch: RecordBatch, name: string): ArrayLike<number> {
  const col = batch.getChild(name) as Vector | null;
  if (!col) throw new InvalidDataError(`Expected feature column "${name}" in every record batch but a batch has no such column`);
  if (col.nullCount > 0) throw new InvalidDataError(`Expected no missing values in feature column "${name}" but received ${col.nullCount} null(s)`, { column: name });
  return col.toArray() as Float64Array | Float32Array;
}

function labelKeys(batch: RecordBatch, name: string): (i: number) => string {
  const col = batch.getChild(name) as Vector | null;
  if (!col) throw new InvalidDataError(`Expected label column "${name}" in every record batch but a batch has no such column`);
  if (col.nullCount > 0) throw new InvalidDataError(`Expected no missing labels in column "${name}" but received ${col.nullCount} null(s)`, { column: name });
  if (DataType.isInt(col.type)) {
    const values = col.toArray() as ArrayLike<number | bigint>;
    return (i) => String(values[i]);
  }
  return (i) => String(col.get(i));
}

/**
 * Scans `source`. `known` are the model's classes (as strings), which fix the first class indices;
 * labels the model does not know get the next indices in order of appearance.
 * @throws SchemaMismatchError, InvalidDataError (no rows, NaN/Inf or null in a plotted feature)
 */
export async function scanScatter(
  source: RecordBatchSource,
  spec: DatasetSpec,
  axes: readonly [number, number],
  known: readonly string[],
  maxPoints: number,
  seed: number,
): Promise<ScatterScan> {
  const d = spec.features.length;
  const sums = new Float64Array(d);
  const classIndex = new Map<string, number>(known.map((k, i) => [k, i]));
  const classKeys = [...known];
  const classCounts = new Array<number>(known.length).fill(0);
  const sx = new Float64Array(maxPoints);
  const sy = new Float64Array(maxPoints);
  const sc = new Int32Array(maxPoints);
  const srow = new Float64Array(maxPoints);
  const rand = mulberry32(seed);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  let n = 0;
  let validated = false;
  const [ax, ay] = axes;
  const batches = recordBatches(source);
  const recycle = recyclerOf(batches); // the sample copies its values: batches go back to a recyclable source
  for await (const batch of batches) {
    if (!validated) {
      validateSchema(batch.schema, spec);
      validated = true;
    }
    const rows = batch.numRows;
    const cols = spec.features.map((f) => featureValues(batch, f));
    for (let j = 0; j < d; j++) {
      const v = cols[j] as ArrayLike<number>;
      let s = 0;
      for (let i = 0; i < rows; i++) s += v[i] as number;
      sums[j] = (sums[j] as number) + s;
    }
    const xs = cols[ax] as ArrayLike<number>;
    const ys = cols[ay] as ArrayLike<number>;
    const label = labelKeys(batch, spec.label);
    for (let i = 0; i < rows; i++) {
      const x = xs[i] as number;
      const y = ys[i] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        const col = Number.isFinite(x) ? spec.features[ay] : spec.features[ax];
        throw new InvalidDataError(`Expected finite values in feature column "${col}" but row ${n + i} holds ${Number.isFinite(x) ? y : x}`, { column: col, row: n + i });
      }
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      const key = label(i);
      let k = classIndex.get(key);
      if (k === undefined) {
        k = classKeys.length;
        classIndex.set(key, k);
        classKeys.push(key);
        classCounts.push(0);
      }
      classCounts[k] = (classCounts[k] as number) + 1;
      const row = n + i;
      let slot = -1;
      if (row < maxPoints) slot = row;
      else {
        const j = Math.floor(rand() * (row + 1));
        if (j < maxPoints) slot = j;
      }
      if (slot >= 0) {
        sx[slot] = x;
        sy[slot] = y;
        sc[slot] = k;
        srow[slot] = row;
      }
    }
    n += rows;
    recycle(batch);
  }
  if (n === 0) throw new InvalidDataError('Expected at least one row to plot but the dataset is empty');
  const m = Math.min(n, maxPoints);
  // Back to dataset order, so the picture does not depend on which slot a row landed in.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => (srow[a] as number) - (srow[b] as number));
  const sampleX = new Float64Array(m);
  const sampleY = new Float64Array(m);
  const sampleClass = new Int32Array(m);
  order.forEach((o, i) => {
    sampleX[i] = sx[o] as number;
    sampleY[i] = sy[o] as number;
    sampleClass[i] = sc[o] as number;
  });
  const means = new Float64Array(d);
  for (let j = 0; j < d; j++) means[j] = (sums[j] as number) / n;
  return { numRows: n, xMin, xMax, yMin, yMax, means, sampleX, sampleY, sampleClass, classCounts, classKeys };
}
