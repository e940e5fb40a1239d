import type { RecordBatch } from 'apache-arrow';
import { RandomState, checkRandomState } from '@sigmoid/random';
import { recyclable, sharedMessagePool, type MessagePool, type RecyclableBatches } from '@sigmoid/arrow-store';
import {
  classificationLayout, dotColumn, drawCentroids, drawRepeated, drawShiftScale, rowTimesMatrix, signedUniform,
  type ClassificationLayout, type ClassificationModel, type MakeClassificationOptions,
} from './make-classification.js';
import { integerAtLeast, seedForProvenance } from './option-checks.js';
import { datasetBatch, datasetSchema } from './dataset-table.js';

/** Options of {@link streamClassification}: those of `makeClassification` plus the batch size. */
export interface StreamClassificationOptions extends MakeClassificationOptions {
  /** Rows per record batch. Default 65536. */
  batchSize?: number;
}

/** Generator positions for one cluster's rows in each of scikit-learn's draw segments. */
interface ClusterCursors {
  informative: RandomState;
  useless: RandomState;
  flip: RandomState;
  flipLabel: RandomState;
}

const PLAN_STEP = 1 << 20;

/** What planning finds (exported for the reference assembly in test-support only). */
export interface StreamPlan extends ClassificationModel {
  layout: ClassificationLayout;
  cursors: ClusterCursors[];
  /** Draws the cluster of each next row when shuffling (continues after scikit-learn's last draw). */
  order: RandomState;
}

/**
 * Walks scikit-learn's whole draw sequence for `makeClassification` without materialising rows: it
 * draws every row-independent parameter exactly, and records where each cluster's rows start in each
 * per-row segment (informative normals, useless normals, flip uniforms, flipped labels). Costs about
 * one pass of raw 32-bit draws over the dataset, no memory beyond 4 x 2.5 KB per cluster.
 */
function* planSteps(layout: ClassificationLayout): Generator<number, StreamPlan, undefined> {
  const { nSamples: n, nInformative: nInf, nRedundant: nRed, nUseless, nClusters, nClasses } = layout;
  const rng = checkRandomState(layout.randomState);
  const snapshot = () => RandomState.fromState(rng.getState());

  const centroids = drawCentroids(layout, rng);

  // Long walks are cut into steps so an async consumer can yield to the event loop (and heartbeat).
  let work = 0;
  function* skipNormals(count: number): Generator<number, void, undefined> {
    for (let left = count; left > 0; ) {
      const step = Math.min(left, PLAN_STEP);
      rng.skipStandardNormals(step);
      left -= step;
      yield (work += step);
    }
  }
  function* segmentCursors(perRow: number): Generator<number, RandomState[], undefined> {
    const out: RandomState[] = [];
    let at = 0;
    for (let k = 0; k < nClusters; k++) {
      const target = layout.clusterStart[k]! * perRow;
      yield* skipNormals(target - at);
      at = target;
      out.push(snapshot());
    }
    yield* skipNormals(n * perRow - at);
    return out;
  }

  const informative = yield* segmentCursors(nInf);
  const covariance: Float64Array[] = [];
  for (let k = 0; k < nClusters; k++) covariance.push(signedUniform(rng, nInf * nInf));
  const redundant = nRed > 0 ? signedUniform(rng, nInf * nRed) : new Float64Array(0);
  const repeated = layout.nRepeated > 0 ? drawRepeated(layout, rng) : [];
  const useless = yield* segmentCursors(nUseless);

  const flip: RandomState[] = [];
  const flipLabel: RandomState[] = [];
  if (layout.flipY >= 0.0) {
    const flips: number[] = [];
    for (let k = 0; k < nClusters; k++) {
      flip.push(snapshot());
      let count = 0;
      for (let i = layout.clusterStart[k]!; i < layout.clusterStop[k]!; i++) {
        if (rng.randomSample() < layout.flipY) count++;
        if (++work % PLAN_STEP === 0) yield work;
      }
      flips.push(count);
    }
    for (let k = 0; k < nClusters; k++) {
      flipLabel.push(snapshot());
      for (let f = 0; f < flips[k]!; f++) rng.randint(nClasses);
    }
  }

  const { shift, scale } = drawShiftScale(layout, rng);
  let featureOrder: Uint32Array = Uint32Array.from({ length: layout.nFeatures }, (_, j) => j);
  if (layout.shuffle) {
    for (let i = n - 1; i > 0; i--) {
      rng.randomInterval(i); // the row permutation's draws
      if (++work % PLAN_STEP === 0) yield work;
    }
    featureOrder = rng.permutation(layout.nFeatures);
  }
  const cursors = informative.map((inf, k) => ({ informative: inf, useless: useless[k]!, flip: flip[k] ?? inf, flipLabel: flipLabel[k] ?? inf }));
  return { layout, centroids, covariance, redundant, repeated, shift, scale, featureOrder, cursors, order: rng };
}

/**
 * Streams a `makeClassification` dataset of any size as record batches, in memory bounded by one
 * batch (plus a few KB per cluster).
 *
 * The rows are exactly scikit-learn's rows: same centroids, same per-cluster covariance factors,
 * same redundant/repeated/useless features, same flipped labels, shift, scale and feature order as
 * `makeClassification` with the same options and seed. With `shuffle: false` the stream is
 * row-for-row identical to `makeClassification`. With `shuffle: true` (the default) it holds the same
 * rows in a different order: a global shuffle needs the whole dataset in memory, so the stream instead
 * interleaves clusters uniformly at random (each next row's cluster is drawn in proportion to the rows
 * the clusters have left), which gives a uniformly random order of the same rows — but not
 * scikit-learn's order. Output does not depend on `batchSize`.
 *
 * Before the first batch the generator walks scikit-learn's draw sequence once (about a third of the
 * cost of generating the rows) to find where each cluster's draws start.
 */
export function streamClassification(options: StreamClassificationOptions = {}): Generator<RecordBatch, void, undefined> & { recycle(batch: RecordBatch): void } {
  const batches = (function* () {
    yield* batchesFromPlan(planClassification(options), sharedMessagePool);
  })();
  return Object.assign(batches, { recycle: (batch: RecordBatch) => sharedMessagePool.recycle(batch) });
}

/** The plan and batch size of a stream (exported for tests: test-support/stream-reference.ts). */
export function planClassification(options: StreamClassificationOptions): StreamPlan & { batchSize: number } {
  const { layout, batchSize } = streamLayout(options);
  const steps = planSteps(layout);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return { ...step.value, batchSize };
}

/** Progress of {@link streamClassificationAsync}. */
export interface StreamProgress {
  /** `planning`: walking scikit-learn's draw sequence (units: draws skipped); `generating`: rows produced. */
  phase: 'planning' | 'generating';
  done: number;
}

/**
 * {@link streamClassification} as an async generator that gives the event loop a turn between planning
 * steps and reports progress (the Temporal activity heartbeats from `onProgress`). Same batches.
 */
export function streamClassificationAsync(
  options: StreamClassificationOptions & { onProgress?: (progress: StreamProgress) => void } = {},
): AsyncGenerator<RecordBatch, void, undefined> & RecyclableBatches {
  return recyclable(streamAsync(options));
}

async function* streamAsync(options: StreamClassificationOptions & { onProgress?: (progress: StreamProgress) => void }): AsyncGenerator<RecordBatch, void, undefined> {
  const { onProgress, ...rest } = options;
  const { layout, batchSize } = streamLayout(rest);
  const steps = planSteps(layout);
  let step = steps.next();
  while (!step.done) {
    onProgress?.({ phase: 'planning', done: step.value });
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  let rows = 0;
  for (const batch of batchesFromPlan({ ...step.value, batchSize }, sharedMessagePool)) {
    rows += batch.numRows;
    onProgress?.({ phase: 'generating', done: rows });
    yield batch;
  }
}

function streamLayout(options: StreamClassificationOptions): { layout: ClassificationLayout; batchSize: number } {
  const { batchSize: rawBatch, ...rest } = options;
  const batchSize = integerAtLeast('batchSize', rawBatch ?? 65536, 1);
  return { layout: classificationLayout(rest), batchSize };
}

/** Rows assembled together: their normals are drawn per cluster in one call, their columns written column by column. */
const BLOCK = 1024;

function* batchesFromPlan(plan: StreamPlan & { batchSize: number }, pool: MessagePool): Generator<RecordBatch, void, undefined> {
  const { layout, batchSize } = plan;
  const { nSamples: n, nFeatures: d, nInformative: nInf, nRedundant: nRed, nRepeated: nRep, nUseless, nClusters, nClasses, flipY } = layout;
  const schema = datasetSchema(d, {
    generator: 'make_classification',
    params: layout.sklearnParams,
    seed: seedForProvenance(layout.randomState),
    extra: { 'sigmoid.stream': JSON.stringify({ batchSize, rowOrder: layout.shuffle ? 'clusters interleaved at random' : 'scikit-learn' }) },
  });

  const outColumn = new Uint32Array(d); // pre-permutation feature f -> output column
  plan.featureOrder.forEach((f, j) => (outColumn[f] = j));
  const remaining = layout.clusterStop.map((stop, k) => stop - layout.clusterStart[k]!);
  let remainingTotal = n;
  let sequential = 0;

  // Per block: each row's cluster and its rank among the block's rows of that cluster; the normals of
  // each cluster's rows (cluster by cluster, rows in order: exactly that cluster's draw sequence); the
  // leading (informative, redundant, repeated) features row by row.
  const F = nInf + nRed + nRep;
  const clusterOf = new Int32Array(BLOCK);
  const slot = new Int32Array(BLOCK);
  const count = new Int32Array(nClusters);
  const first = new Int32Array(nClusters);
  const infNormals = new Float64Array(BLOCK * nInf);
  const uselessNormals = new Float64Array(BLOCK * nUseless);
  const lead = new Float64Array(BLOCK * F);
  const inf = new Float64Array(nInf);
  const red = new Float64Array(nRed);

  for (let produced = 0; produced < n; ) {
    const rows = Math.min(batchSize, n - produced);
    // One buffer per batch (d Float64 columns, then the Int32 labels) from the pool, so a consumer that
    // recycles batches (the artifact stores' writeTable does) lets the next batch reuse the memory.
    const buf = pool.take(rows * (8 * d + 4));
    const columns = Array.from({ length: d }, (_, j) => new Float64Array(buf.buffer, buf.byteOffset + 8 * j * rows, rows));
    const labels = new Int32Array(buf.buffer, buf.byteOffset + 8 * d * rows, rows);
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const b = Math.min(BLOCK, rows - r0);
      count.fill(0);
      for (let r = 0; r < b; r++) {
        let k: number;
        if (layout.shuffle) {
          let pick = plan.order.randint(remainingTotal);
          k = 0;
          while (pick >= remaining[k]!) pick -= remaining[k++]!;
        } else {
          while (remaining[sequential] === 0) sequential++;
          k = sequential;
        }
        remaining[k]!--;
        remainingTotal--;
        clusterOf[r] = k;
        slot[r] = count[k]!++;
      }
      for (let k = 0, at = 0; k < nClusters; at += count[k]!, k++) {
        first[k] = at;
        if (count[k] === 0) continue;
        const cur = plan.cursors[k]!;
        cur.informative.standardNormalInto(infNormals, at * nInf, count[k]! * nInf);
        if (nUseless > 0) cur.useless.standardNormalInto(uselessNormals, at * nUseless, count[k]! * nUseless);
      }
      for (let r = 0; r < b; r++) {
        const k = clusterOf[r]!;
        const s = (slot[r]! += first[k]!); // from here on: the row's place in the normals buffers
        const o = r * F;
        const cov = plan.covariance[k]!;
        for (let j = 0; j < nInf; j++) lead[o + j] = dotColumn(infNormals, s * nInf, cov, nInf, nInf, j) + plan.centroids[k * nInf + j]!;
        if (nRed > 0) {
          for (let j = 0; j < nInf; j++) inf[j] = lead[o + j]!;
          rowTimesMatrix(inf, plan.redundant, nInf, nRed, red);
          lead.set(red, o + nInf);
        }
        for (let j = 0; j < nRep; j++) lead[o + nInf + nRed + j] = lead[o + plan.repeated[j]!]!;
        const cur = plan.cursors[k]!;
        let label = k % nClasses;
        if (flipY >= 0.0 && cur.flip.randomSample() < flipY) label = cur.flipLabel.randint(nClasses);
        labels[r0 + r] = label;
      }
      for (let f = 0; f < d; f++) {
        const col = columns[outColumn[f]!]!;
        const sh = plan.shift[f]!;
        const sc = plan.scale[f]!;
        if (f < F) {
          for (let r = 0; r < b; r++) col[r0 + r] = (lead[r * F + f]! + sh) * sc;
        } else {
          const u = f - F;
          for (let r = 0; r < b; r++) col[r0 + r] = (uselessNormals[slot[r]! * nUseless + u]! + sh) * sc;
        }
      }
    }
    produced += rows;
    yield datasetBatch(schema, columns, labels);
  }
}
