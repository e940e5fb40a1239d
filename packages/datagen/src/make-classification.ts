import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { Table } from 'apache-arrow';
import { checkRandomState, fma, sampleWithoutReplacement, type RandomState, type RandomStateLike } from '@sigmoid/random';
import { booleanValue, finiteNumber, finiteNumberArray, inMemorySize, integerAtLeast, randomStateOption, rejectUnknownKeys, seedForProvenance } from './option-checks.js';
import { datasetTable, type Provenance } from './dataset-table.js';

/**
 * Options of {@link makeClassification}: scikit-learn's `make_classification` keyword arguments in
 * camelCase, with the same defaults.
 */
export interface MakeClassificationOptions {
  /** Number of rows. Default 100. */
  nSamples?: number;
  /** Total number of features. Default 20. */
  nFeatures?: number;
  /** Informative features (cluster structure lives here). Default 2. */
  nInformative?: number;
  /** Random linear combinations of the informative features. Default 2. */
  nRedundant?: number;
  /** Copies of informative/redundant features. Default 0. */
  nRepeated?: number;
  /** Number of classes. Default 2. */
  nClasses?: number;
  /** Gaussian clusters per class. Default 2. */
  nClustersPerClass?: number;
  /** Class proportions (length nClasses or nClasses - 1); null = balanced. Default null. */
  weights?: number[] | null;
  /** Fraction of labels replaced at random. Default 0.01. */
  flipY?: number;
  /** Half side length of the hypercube. Default 1.0. */
  classSep?: number;
  /** Clusters on hypercube vertices (true) or on a random polytope (false). Default true. */
  hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or null = random in [-classSep, classSep]. Default 0. */
  shift?: number | number[] | null;
  /** Multiplies every feature (after shift): a number, one per feature, or null = random in [1, 101). Default 1. */
  scale?: number | number[] | null;
  /** Shuffle rows and features. Default true. */
  shuffle?: boolean;
  /** Seed (integer in [0, 2^32) or array) or a RandomState; undefined = fresh entropy. */
  randomState?: RandomStateLike;
}

/** Validated options with every default filled in, plus the derived cluster layout. */
export interface ClassificationLayout {
  nSamples: number;
  nFeatures: number;
  nInformative: number;
  nRedundant: number;
  nRepeated: number;
  nUseless: number;
  nClasses: number;
  nClustersPerClass: number;
  nClusters: number;
  weights: number[];
  flipY: number;
  classSep: number;
  hypercube: boolean;
  shift: number | number[] | null;
  scale: number | number[] | null;
  shuffle: boolean;
  randomState: RandomStateLike;
  /** Row range of each cluster before shuffling (scikit-learn's slices, clipped to nSamples). */
  clusterStart: number[];
  clusterStop: number[];
  /** scikit-learn keyword arguments, for provenance. */
  sklearnParams: Record<string, unknown>;
}

const KNOWN = new Set(['nSamples', 'nFeatures', 'nInformative', 'nRedundant', 'nRepeated', 'nClasses', 'nClustersPerClass', 'weights', 'flipY', 'classSep', 'hypercube', 'shift', 'scale', 'shuffle', 'randomState']);

function perFeature(name: string, value: unknown, nFeatures: number): number | number[] | null {
  if (value === null) return null;
  if (typeof value === 'number') return finiteNumber(name, value);
  return finiteNumberArray(name, value, nFeatures);
}

/**
 * Validates {@link MakeClassificationOptions} the way scikit-learn 1.2.1 does (same `ValueError`
 * conditions, as `InvalidParameterError`), plus type and range checks scikit-learn leaves to numpy.
 */
export function classificationLayout(options: MakeClassificationOptions = {}): ClassificationLayout {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an options object', options);
  rejectUnknownKeys(options, KNOWN, 'makeClassification');
  const nSamples = integerAtLeast('nSamples', options.nSamples ?? 100, 1);
  const nFeatures = integerAtLeast('nFeatures', options.nFeatures ?? 20, 1);
  const nInformative = integerAtLeast('nInformative', options.nInformative ?? 2, 1);
  const nRedundant = integerAtLeast('nRedundant', options.nRedundant ?? 2, 0);
  const nRepeated = integerAtLeast('nRepeated', options.nRepeated ?? 0, 0);
  const nClasses = integerAtLeast('nClasses', options.nClasses ?? 2, 1);
  const nClustersPerClass = integerAtLeast('nClustersPerClass', options.nClustersPerClass ?? 2, 1);
  const flipY = finiteNumber('flipY', options.flipY ?? 0.01);
  const classSep = finiteNumber('classSep', options.classSep ?? 1.0);
  const hypercube = booleanValue('hypercube', options.hypercube ?? true);
  const shuffle = booleanValue('shuffle', options.shuffle ?? true);
  const shift = perFeature('shift', options.shift === undefined ? 0.0 : options.shift, nFeatures);
  const scale = perFeature('scale', options.scale === undefined ? 1.0 : options.scale, nFeatures);
  const randomState = randomStateOption('randomState', options.randomState);

  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new InvalidParameterError(
      'nInformative + nRedundant + nRepeated',
      `at most nFeatures=${nFeatures} (scikit-learn: Number of informative, redundant and repeated features must sum to less than the number of total features)`,
      nInformative + nRedundant + nRepeated,
    );
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new InvalidParameterError(
      'nClasses * nClustersPerClass',
      `at most 2**nInformative=${2 ** nInformative} (scikit-learn: n_classes(${nClasses}) * n_clusters_per_class(${nClustersPerClass}) must be smaller or equal 2**n_informative(${nInformative})=${2 ** nInformative})`,
      nClasses * nClustersPerClass,
    );
  }
  let weights: number[];
  const given = options.weights ?? null;
  if (given !== null) {
    const w = finiteNumberArray('weights', given);
    if (w.length !== nClasses && w.length !== nClasses - 1) {
      throw new InvalidParameterError('weights', `an array of ${nClasses} or ${nClasses - 1} numbers (scikit-learn: Weights specified but incompatible with number of classes.)`, given);
    }
    w.forEach((v, i) => {
      if (v < 0) throw new InvalidParameterError(`weights[${i}]`, 'a non-negative class proportion', v);
    });
    weights = w.length === nClasses - 1 ? [...w, 1.0 - w.reduce((s, v) => s + v, 0)] : w;
    if (weights[nClasses - 1]! < 0) throw new InvalidParameterError('weights', 'proportions summing to at most 1 when the last class is inferred', given);
  } else {
    weights = new Array<number>(nClasses).fill(1.0 / nClasses);
  }

  const nClusters = nClasses * nClustersPerClass;
  const counts: number[] = [];
  for (let k = 0; k < nClusters; k++) counts.push(Math.trunc((nSamples * weights[k % nClasses]!) / nClustersPerClass));
  const assigned = counts.reduce((s, v) => s + v, 0);
  for (let i = 0; i < nSamples - assigned; i++) counts[i % nClusters]! += 1;
  const clusterStart: number[] = [];
  const clusterStop: number[] = [];
  let stop = 0;
  for (let k = 0; k < nClusters; k++) {
    const start = stop;
    stop = start + counts[k]!;
    // numpy slices clip to the array: with weights summing above 1 the last clusters lose rows.
    clusterStart.push(Math.min(start, nSamples));
    clusterStop.push(Math.min(stop, nSamples));
  }

  return {
    nSamples, nFeatures, nInformative, nRedundant, nRepeated, nUseless: nFeatures - nInformative - nRedundant - nRepeated,
    nClasses, nClustersPerClass, nClusters, weights, flipY, classSep, hypercube, shift, scale, shuffle, randomState,
    clusterStart, clusterStop,
    sklearnParams: {
      n_samples: nSamples, n_features: nFeatures, n_informative: nInformative, n_redundant: nRedundant, n_repeated: nRepeated,
      n_classes: nClasses, n_clusters_per_class: nClustersPerClass, weights: given === null ? null : Array.from(given),
      flip_y: flipY, class_sep: classSep, hypercube, shift, scale, shuffle, random_state: seedForProvenance(randomState),
    },
  };
}

/**
 * scikit-learn's `_generate_hypercube`: `samples` distinct vertices of the `dimensions`-cube, row-major
 * 0/1 values. Above 30 dimensions the leading ones are plain `randint(2)` draws, as in scikit-learn.
 */
export function generateHypercube(samples: number, dimensions: number, rng: RandomState): Uint8Array {
  const out = new Uint8Array(samples * dimensions);
  if (dimensions > 30) {
    const extra = dimensions - 30;
    const left = rng.randintArray(samples * extra, 2);
    const right = generateHypercube(samples, 30, rng);
    for (let i = 0; i < samples; i++) {
      for (let j = 0; j < extra; j++) out[i * dimensions + j] = left[i * extra + j]!;
      for (let j = 0; j < 30; j++) out[i * dimensions + extra + j] = right[i * 30 + j]!;
    }
    return out;
  }
  const vertices = sampleWithoutReplacement(2 ** dimensions, samples, { randomState: rng });
  for (let i = 0; i < samples; i++) {
    const v = vertices[i]!;
    for (let j = 0; j < dimensions; j++) out[i * dimensions + j] = (v >>> (dimensions - 1 - j)) & 1;
  }
  return out;
}

/**
 * The parameters that do not depend on the rows: cluster centroids and covariance factors, redundant
 * mixing matrix, repeated-column indices, shift, scale and the final feature order. Row-major arrays.
 */
export interface ClassificationModel {
  /** nClusters x nInformative. */
  centroids: Float64Array;
  /** One nInformative x nInformative matrix per cluster: informative rows are `z @ A_k + centroid_k`. */
  covariance: Float64Array[];
  /** nInformative x nRedundant. */
  redundant: Float64Array;
  /** Source column (0..nInformative+nRedundant-1) of each repeated feature. */
  repeated: number[];
  /** Per-feature shift and scale (pre-permutation order). */
  shift: Float64Array;
  scale: Float64Array;
  /** Output column j holds pre-permutation feature `featureOrder[j]`. */
  featureOrder: Uint32Array;
}

/** Draws centroids (and the polytope factors when hypercube is false) in scikit-learn's order. */
export function drawCentroids(layout: ClassificationLayout, rng: RandomState): Float64Array {
  const { nClusters, nInformative: nInf, classSep } = layout;
  const bits = generateHypercube(nClusters, nInf, rng);
  const centroids = new Float64Array(nClusters * nInf);
  for (let i = 0; i < centroids.length; i++) centroids[i] = bits[i]! * (2 * classSep) - classSep;
  if (!layout.hypercube) {
    const perCluster = rng.uniformInto(new Float64Array(nClusters));
    const perFeature = rng.uniformInto(new Float64Array(nInf));
    for (let k = 0; k < nClusters; k++) for (let j = 0; j < nInf; j++) centroids[k * nInf + j]! *= perCluster[k]!;
    for (let k = 0; k < nClusters; k++) for (let j = 0; j < nInf; j++) centroids[k * nInf + j]! *= perFeature[j]!;
  }
  return centroids;
}

/** `2 * uniform(size=n) - 1`. */
export function signedUniform(rng: RandomState, n: number): Float64Array {
  const a = rng.uniformInto(new Float64Array(n));
  for (let i = 0; i < n; i++) a[i] = 2 * a[i]! - 1;
  return a;
}

/** `((n - 1) * uniform(size=nRepeated) + 0.5).astype(intp)`. */
export function drawRepeated(layout: ClassificationLayout, rng: RandomState): number[] {
  const n = layout.nInformative + layout.nRedundant;
  return Array.from(rng.uniformInto(new Float64Array(layout.nRepeated)), (u) => Math.trunc((n - 1) * u + 0.5));
}

/** Shift then scale vectors, drawing the random ones (shift first) as scikit-learn does. */
export function drawShiftScale(layout: ClassificationLayout, rng: RandomState): { shift: Float64Array; scale: Float64Array } {
  const d = layout.nFeatures;
  const resolve = (value: number | number[] | null, draw: (u: number) => number): Float64Array => {
    if (value === null) return rng.uniformInto(new Float64Array(d)).map(draw);
    return typeof value === 'number' ? new Float64Array(d).fill(value) : Float64Array.from(value);
  };
  const shift = resolve(layout.shift, (u) => (2 * u - 1) * layout.classSep);
  const scale = resolve(layout.scale, (u) => 1 + 100 * u);
  return { shift, scale };
}

/** Applies `x @ A` for one row of `n` values (in `z`) into `out`, summing in index order. */
export function rowTimesMatrix(z: Float64Array, a: Float64Array, n: number, m: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = dotColumn(z, 0, a, n, m, j);
}

/**
 * sum_l z[at + l] * a[l * m + j] for l < n (row z times column j of the n x m matrix a), rounded as
 * numpy's `np.dot` computes it on x86-64 with OpenBLAS's FMA kernels (fused multiply-adds emulated with
 * `fma` of `@sigmoid/random`):
 * - m = 1: numpy calls gemv, whose kernel keeps four lanes (l mod 4) over the whole blocks of four, sums
 *   them as (l0 + l2) + (l1 + l3), then adds the last n mod 4 terms as the compiled C tail does;
 * - m > 1: gemm: the first product rounded, then one fused multiply-add per further term, in order.
 * Checked bit for bit against numpy 1.24.2 / OpenBLAS 0.3.21 (SkylakeX kernels) with one BLAS thread
 * (OPENBLAS_NUM_THREADS=1), for every shape tried (make_classification up to 200000 rows, n_informative=25,
 * n_redundant=10). With several BLAS threads, numpy's own result depends on the thread count: a large
 * product (rows x m x n above 10^6) of 5 to 15 (17 to 31, ...) columns is shared between the threads, and
 * then some of its sums come out in another order (some columns, not all): those values differ from ours
 * (and from a one-thread numpy) in the last bit. Measured: the differences vanish with one thread.
 * Products of 1-4, 16 and 32 columns, and small ones, are the same with one thread or two.
 */
export function dotColumn(z: Float64Array, at: number, a: Float64Array, n: number, m: number, j: number): number {
  if (m === 1) {
    const q = n - (n % 4);
    let y = 0;
    if (q > 0) {
      let l0 = z[at]! * a[0]!;
      let l1 = z[at + 1]! * a[1]!;
      let l2 = z[at + 2]! * a[2]!;
      let l3 = z[at + 3]! * a[3]!;
      for (let l = 4; l < q; l += 4) {
        l0 = fma(z[at + l]!, a[l]!, l0);
        l1 = fma(z[at + l + 1]!, a[l + 1]!, l1);
        l2 = fma(z[at + l + 2]!, a[l + 2]!, l2);
        l3 = fma(z[at + l + 3]!, a[l + 3]!, l3);
      }
      y = l0 + l2 + (l1 + l3);
    }
    switch (n - q) {
      case 1:
        return fma(a[q]!, z[at + q]!, y);
      case 2:
        return y + fma(a[q]!, z[at + q]!, a[q + 1]! * z[at + q + 1]!);
      case 3:
        return y + fma(a[q + 2]!, z[at + q + 2]!, fma(a[q]!, z[at + q]!, a[q + 1]! * z[at + q + 1]!));
      default:
        return y;
    }
  }
  let s = z[at]! * a[j]!;
  for (let l = 1; l < n; l++) s = fma(z[at + l]!, a[l * m + j]!, s);
  return s;
}

const NORMAL_CHUNK = 1 << 16;

/** Fills columns `first..first+count-1` of rows `[0, nRows)` with normals drawn row-major. */
function fillNormalsRowMajor(rng: RandomState, columns: Float64Array[], first: number, count: number, nRows: number): void {
  if (count === 0) return;
  const rowsPerChunk = Math.max(1, Math.floor(NORMAL_CHUNK / count));
  const buf = new Float64Array(rowsPerChunk * count);
  for (let r0 = 0; r0 < nRows; r0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, nRows - r0);
    rng.standardNormalInto(buf, 0, rows * count);
    for (let j = 0; j < count; j++) {
      const col = columns[first + j]!;
      for (let i = 0; i < rows; i++) col[r0 + i] = buf[i * count + j]!;
    }
  }
}

/** Gathers `column[order[i]]` into a new array. */
function gather(column: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]!]!;
  return out;
}

/**
 * scikit-learn's `make_classification`, draw for draw: the same seed gives the same `y` and the same `X`,
 * bit for bit (normals through glibc's own `log`, products as OpenBLAS's FMA kernels sum them: see
 * {@link dotColumn} for the one limit), as scikit-learn 1.2.1 with numpy's legacy
 * `RandomState`.
 *
 * Returns an Arrow table: features `x0..x{d-1}` (Float64), label `y` (Int32), provenance in the schema
 * metadata (`sigmoid.generator`, `sigmoid.params` with scikit-learn names, `sigmoid.seed`).
 *
 * @throws InvalidParameterError for any option scikit-learn rejects (same conditions) or of the wrong type.
 */
export function makeClassification(options: MakeClassificationOptions = {}): Table {
  const layout = classificationLayout(options);
  inMemorySize(layout.nSamples, layout.nFeatures);
  const { nSamples: n, nFeatures: d, nInformative: nInf, nRedundant: nRed, nRepeated: nRep, nUseless, nClasses, nClusters } = layout;
  const rng = checkRandomState(layout.randomState);

  const centroids = drawCentroids(layout, rng);
  let columns: Float64Array[] = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Int32Array(n);

  fillNormalsRowMajor(rng, columns, 0, nInf, n);

  const z = new Float64Array(nInf);
  const t = new Float64Array(Math.max(nInf, nRed));
  for (let k = 0; k < nClusters; k++) {
    const start = layout.clusterStart[k]!;
    const stop = layout.clusterStop[k]!;
    y.fill(k % nClasses, start, stop);
    const a = signedUniform(rng, nInf * nInf);
    for (let i = start; i < stop; i++) {
      for (let l = 0; l < nInf; l++) z[l] = columns[l]![i]!;
      rowTimesMatrix(z, a, nInf, nInf, t);
      for (let j = 0; j < nInf; j++) columns[j]![i] = t[j]! + centroids[k * nInf + j]!;
    }
  }

  if (nRed > 0) {
    const b = signedUniform(rng, nInf * nRed);
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < nInf; l++) z[l] = columns[l]![i]!;
      rowTimesMatrix(z, b, nInf, nRed, t);
      for (let j = 0; j < nRed; j++) columns[nInf + j]![i] = t[j]!;
    }
  }

  if (nRep > 0) {
    const src = drawRepeated(layout, rng);
    src.forEach((s, r) => columns[nInf + nRed + r]!.set(columns[s]!));
  }

  fillNormalsRowMajor(rng, columns, d - nUseless, nUseless, n);

  if (layout.flipY >= 0.0) {
    const u = rng.uniformInto(new Float64Array(n));
    let flips = 0;
    for (let i = 0; i < n; i++) if (u[i]! < layout.flipY) flips++;
    const labels = rng.randintArray(flips, nClasses);
    for (let i = 0, f = 0; i < n; i++) if (u[i]! < layout.flipY) y[i] = labels[f++]!;
  }

  const { shift, scale } = drawShiftScale(layout, rng);
  for (let j = 0; j < d; j++) {
    const col = columns[j]!;
    const s = shift[j]!;
    const c = scale[j]!;
    for (let i = 0; i < n; i++) col[i] = (col[i]! + s) * c;
  }

  let labels = y;
  if (layout.shuffle) {
    const order = rng.permutation(n);
    columns = columns.map((col) => gather(col, order));
    labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = y[order[i]!]!;
    const featureOrder = rng.permutation(d);
    columns = Array.from(featureOrder, (f) => columns[f]!);
  }

  const provenance: Provenance = { generator: 'make_classification', params: layout.sklearnParams, seed: seedForProvenance(layout.randomState) };
  return datasetTable(columns, labels, provenance);
}
