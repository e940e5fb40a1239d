import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { Table } from 'apache-arrow';
import { checkRandomState, type RandomStateLike } from '@sigmoid/random';
import { booleanValue, finiteNumber, finiteNumberArray, inMemorySize, integerAtLeast, randomStateOption, seedForProvenance, rejectUnknownKeys } from './option-checks.js';
import { datasetTable } from './dataset-table.js';

/** Options of {@link makeBlobs}: scikit-learn's `make_blobs` keyword arguments in camelCase, same defaults. */
export interface MakeBlobsOptions {
  /** Total rows split evenly over the centers, or rows per center. Default 100. */
  nSamples?: number | number[];
  /** Features per row (ignored when `centers` is an array). Default 2. */
  nFeatures?: number;
  /** Number of centers drawn uniformly in `centerBox`, or the centers themselves. Default 3 (or one per entry of an `nSamples` array). */
  centers?: number | number[][] | null;
  /** Standard deviation of every cluster, or one per center. Default 1.0. */
  clusterStd?: number | number[];
  /** Bounding box of random centers. Default [-10, 10]. */
  centerBox?: [number, number];
  /** Shuffle the rows. Default true. */
  shuffle?: boolean;
  /** Seed or RandomState; undefined = fresh entropy. */
  randomState?: RandomStateLike;
}

const KNOWN = new Set(['nSamples', 'nFeatures', 'centers', 'clusterStd', 'centerBox', 'shuffle', 'randomState']);

function centersArray(value: unknown): number[][] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((c) => Array.isArray(c) || ArrayBuffer.isView(c))) {
    throw new InvalidParameterError('centers', 'an integer or a non-empty array of center coordinates (scikit-learn: Parameter `centers` must be array-like)', value);
  }
  const d = (value[0] as ArrayLike<number>).length;
  if (d === 0) throw new InvalidParameterError('centers', 'centers with at least one coordinate', value);
  return value.map((c, i) => finiteNumberArray(`centers[${i}]`, c, d));
}

/**
 * scikit-learn's `make_blobs`, draw for draw: centers from `uniform(centerBox, size=(nCenters, nFeatures))`
 * when not given, then `normal(center, std, size=(n, nFeatures))` per center, then the row shuffle.
 * The centers are kept in the schema metadata (`sigmoid.centers`, JSON).
 *
 * @throws InvalidParameterError for what scikit-learn rejects (inconsistent lengths, negative std) and wrong types.
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Table {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an options object', options);
  rejectUnknownKeys(options, KNOWN, 'makeBlobs');
  const nSamplesOpt = options.nSamples ?? 100;
  let nFeatures = integerAtLeast('nFeatures', options.nFeatures ?? 2, 1);
  const shuffle = booleanValue('shuffle', options.shuffle ?? true);
  const randomState = randomStateOption('randomState', options.randomState);
  const box = options.centerBox ?? [-10.0, 10.0];
  if (!Array.isArray(box) || box.length !== 2) throw new InvalidParameterError('centerBox', 'a [min, max] pair of numbers', box);
  const [lo, hi] = [finiteNumber('centerBox[0]', box[0]), finiteNumber('centerBox[1]', box[1])];
  const perCenterGiven = Array.isArray(nSamplesOpt) ? nSamplesOpt.map((v, i) => integerAtLeast(`nSamples[${i}]`, v, 0)) : null;
  const nSamplesInt = perCenterGiven === null ? integerAtLeast('nSamples', nSamplesOpt, 1) : 0;
  inMemorySize(perCenterGiven === null ? nSamplesInt : perCenterGiven.reduce((a, b) => a + b, 0), nFeatures);
  const stdOpt = options.clusterStd ?? 1.0;
  if (typeof stdOpt !== 'number') finiteNumberArray('clusterStd', stdOpt);
  else finiteNumber('clusterStd', stdOpt);
  const rng = checkRandomState(randomState);

  let centers: number[][];
  const drawCenters = (k: number): number[][] => {
    const u = rng.uniformInto(new Float64Array(k * nFeatures), lo, hi);
    return Array.from({ length: k }, (_, i) => Array.from(u.subarray(i * nFeatures, (i + 1) * nFeatures)));
  };
  let centersGiven: number | number[][] | null = options.centers ?? null;
  if (perCenterGiven === null) {
    const c = centersGiven ?? 3;
    if (typeof c === 'number') {
      centers = drawCenters(integerAtLeast('centers', c, 1));
    } else {
      centers = centersArray(c);
      nFeatures = centers[0]!.length;
    }
  } else {
    if (centersGiven === null) {
      centers = drawCenters(perCenterGiven.length);
    } else {
      if (typeof centersGiven === 'number') centersArray(centersGiven);
      centers = centersArray(centersGiven);
      if (centers.length !== perCenterGiven.length) {
        throw new InvalidParameterError('centers', `${perCenterGiven.length} centers, one per entry of nSamples (scikit-learn: Length of \`n_samples\` not consistent with number of centers)`, centersGiven);
      }
      nFeatures = centers[0]!.length;
    }
  }
  const nCenters = centers.length;
  let stds: number[];
  if (typeof stdOpt === 'number') {
    stds = new Array<number>(nCenters).fill(stdOpt);
  } else {
    if (stdOpt.length !== nCenters) {
      throw new InvalidParameterError('clusterStd', `${nCenters} standard deviations, one per center (scikit-learn: Length of \`clusters_std\` not consistent with number of centers)`, stdOpt);
    }
    stds = Array.from(stdOpt);
  }
  stds.forEach((s, i) => {
    if (s < 0) throw new InvalidParameterError(typeof stdOpt === 'number' ? 'clusterStd' : `clusterStd[${i}]`, 'a non-negative standard deviation (numpy: scale < 0)', s);
  });

  let counts: number[];
  if (perCenterGiven !== null) {
    counts = perCenterGiven;
  } else {
    counts = new Array<number>(nCenters).fill(Math.floor(nSamplesInt / nCenters));
    for (let i = 0; i < nSamplesInt % nCenters; i++) counts[i]! += 1;
  }
  const n = counts.reduce((s, v) => s + v, 0);
  if (n === 0) throw new InvalidParameterError('nSamples', 'at least one row in total', nSamplesOpt);

  let columns = Array.from({ length: nFeatures }, () => new Float64Array(n));
  let y = new Int32Array(n);
  let row = 0;
  const buf = new Float64Array(nFeatures);
  for (let c = 0; c < nCenters; c++) {
    for (let i = 0; i < counts[c]!; i++, row++) {
      rng.normalInto(buf, centers[c]!, stds[c]!);
      for (let j = 0; j < nFeatures; j++) columns[j]![row] = buf[j]!;
      y[row] = c;
    }
  }
  if (shuffle) {
    const order = rng.permutation(n);
    columns = columns.map((col) => Float64Array.from(order, (o) => col[o]!));
    y = Int32Array.from(order, (o) => y[o]!);
  }
  return datasetTable(columns, y, {
    generator: 'make_blobs',
    params: {
      n_samples: perCenterGiven ?? nSamplesInt, n_features: nFeatures, centers: options.centers ?? (perCenterGiven === null ? 3 : null),
      cluster_std: stdOpt, center_box: [lo, hi], shuffle, random_state: seedForProvenance(randomState),
    },
    seed: seedForProvenance(randomState),
    extra: { 'sigmoid.centers': JSON.stringify(centers) },
  });
}
