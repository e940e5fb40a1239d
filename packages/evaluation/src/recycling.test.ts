/**
 * evaluateModelOnData hands every batch of a recyclable source (a store's readBatches) back after its
 * update (the evaluator copies what it keeps). With recycled memory overwritten at once
 * (SIGMOID_POISON_RECYCLED_BATCHES=1), the metrics must equal those of the same batches in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RecordBatch, tableFromArrays } from 'apache-arrow';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { evaluateModelOnData, type ProbabilisticClassifier } from '@sigmoid/evaluation';
import { mulberry32 } from './test-support/mulberry32.js';

const dir = mkdtempSync(join(tmpdir(), 'sigmoid-evaluation-recycling-'));
beforeAll(() => vi.stubEnv('SIGMOID_POISON_RECYCLED_BATCHES', '1'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** p(y = 1) = sigmoid(2 x0 - x1). */
const model: ProbabilisticClassifier = {
  classes_: [0, 1],
  predictProba(batch) {
    const x0 = batch.getChild('x0')!.toArray() as Float64Array;
    const x1 = batch.getChild('x1')!.toArray() as Float64Array;
    const out = new Float64Array(2 * batch.numRows);
    for (let i = 0; i < batch.numRows; i++) {
      const p = 1 / (1 + Math.exp(-(2 * x0[i]! - x1[i]!)));
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  },
};

it('metrics from a store with recycled memory poisoned equal those from memory, for 60 batches', async () => {
  const r = mulberry32(9);
  const n = 6000;
  const x0 = Float64Array.from({ length: n }, () => r() * 2 - 1);
  const x1 = Float64Array.from({ length: n }, () => r() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => (r() < 1 / (1 + Math.exp(-(2 * x0[i]! - x1[i]!))) ? 1 : 0));
  const table = tableFromArrays({ x0, x1, y });
  const batches: RecordBatch[] = [];
  for (let i = 0; i < n; i += 100) batches.push(...table.slice(i, i + 100).batches);
  const store = new LocalArtifactStore({ root: dir });
  const ref = await store.writeTable(batches);
  const want = await evaluateModelOnData(model, batches);
  expect(want.accuracy).toBeGreaterThan(0.6);
  expect(await evaluateModelOnData(model, store.readBatches(ref))).toEqual(want);
});
