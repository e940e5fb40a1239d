/**
 * The straightforward row-by-row form of stream-classification.ts's batch assembly: the reference the
 * blocked one is tested against (same rows, same order, bit for bit). Test support only.
 */
import type { RecordBatch } from 'apache-arrow';
import { rowTimesMatrix } from '../make-classification.js';
import { datasetBatch, datasetSchema } from '../dataset-table.js';
import type { StreamPlan } from '../stream-classification.js';

export function* referenceBatches(plan: StreamPlan & { batchSize: number }): Generator<RecordBatch, void, undefined> {
  const { layout, batchSize } = plan;
  const { nSamples: n, nFeatures: d, nInformative: nInf, nRedundant: nRed, nRepeated: nRep, nUseless, nClasses, flipY } = layout;
  const schema = datasetSchema(d, { generator: 'make_classification', params: layout.sklearnParams, seed: null });

  const outColumn = new Uint32Array(d); // pre-permutation feature f -> output column
  plan.featureOrder.forEach((f, j) => (outColumn[f] = j));
  const remaining = layout.clusterStop.map((stop, k) => stop - layout.clusterStart[k]!);
  let remainingTotal = n;
  let sequential = 0;

  const row = new Float64Array(d);
  const z = new Float64Array(nInf);
  const inf = new Float64Array(nInf);
  const red = new Float64Array(nRed);

  for (let produced = 0; produced < n; ) {
    const rows = Math.min(batchSize, n - produced);
    const columns = Array.from({ length: d }, () => new Float64Array(rows));
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
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
      const cur = plan.cursors[k]!;

      cur.informative.standardNormalInto(z);
      rowTimesMatrix(z, plan.covariance[k]!, nInf, nInf, inf);
      for (let j = 0; j < nInf; j++) row[j] = inf[j]! + plan.centroids[k * nInf + j]!;
      if (nRed > 0) {
        for (let j = 0; j < nInf; j++) inf[j] = row[j]!;
        rowTimesMatrix(inf, plan.redundant, nInf, nRed, red);
        row.set(red, nInf);
      }
      for (let j = 0; j < nRep; j++) row[nInf + nRed + j] = row[plan.repeated[j]!]!;
      if (nUseless > 0) cur.useless.standardNormalInto(row, d - nUseless, nUseless);

      let label = k % nClasses;
      if (flipY >= 0.0 && cur.flip.randomSample() < flipY) label = cur.flipLabel.randint(nClasses);
      labels[r] = label;
      for (let f = 0; f < d; f++) columns[outColumn[f]!]![r] = (row[f]! + plan.shift[f]!) * plan.scale[f]!;
    }
    produced += rows;
    yield datasetBatch(schema, columns, labels);
  }
}
