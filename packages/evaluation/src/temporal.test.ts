import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { ApplicationFailure } from '@temporalio/common';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { MODEL_FORMAT } from '@sigmoid/trainer';
import { createEvaluationActivities, evaluationPlugin } from '@sigmoid/evaluation/temporal';

const fixtures = new URL('../../../tools/fixtures/sklearn/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const root = mkdtempSync(join(tmpdir(), 'sigmoid-eval-temporal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function modelJson(fx: { coef: number[][]; intercept: number[]; classes: number[] }, d: number) {
  return { format: MODEL_FORMAT, coef: fx.coef, intercept: fx.intercept, classes: fx.classes, feature_names: Array.from({ length: d }, (_, j) => `x${j}`), n_iter: 1, params: {}, history: { loss: [], validation_score: [] } };
}

function datasetTable(X: number[][], y: number[]) {
  const cols: Record<string, Float64Array | Int32Array> = {};
  X[0]!.forEach((_, j) => (cols[`x${j}`] = Float64Array.from(X, (r) => r[j]!)));
  cols.y = Int32Array.from(y);
  return tableFromArrays(cols);
}

describe('evaluateModel activity', () => {
  const store = new LocalArtifactStore({ root });
  const { evaluateModel } = createEvaluationActivities({ store });

  it('reads the model and dataset from the store and reproduces the sklearn fixture (binary and multiclass)', async () => {
    for (const name of ['seed-demo', 'multiclass-multinomial']) {
      const fx = read(`logistic_regression.${name}.json`);
      const ds = read(`make_classification.${fx.dataset}.json`);
      const modelRef = await store.writeJson(modelJson(fx, ds.X[0].length));
      const datasetRef = await store.writeTable(datasetTable(ds.X, ds.y));
      const metrics = (await evaluateModel(modelRef, datasetRef)) as unknown as Record<string, number | number[][]>;
      for (const [k, v] of Object.entries(metrics)) {
        if (typeof v === 'number') expect(Math.abs(v - fx[k]), `${name} ${k}`).toBeLessThanOrEqual(1e-12);
        else expect(v).toEqual(fx[k]);
      }
    }
  });

  it('bad input becomes a non-retryable ApplicationFailure typed by the error name', async () => {
    const fx = read('logistic_regression.seed-demo.json');
    const modelRef = await store.writeJson(modelJson(fx, 2));
    const datasetRef = await store.writeTable(tableFromArrays({ x0: Float64Array.of(0.1, 0.2), x1: Float64Array.of(1, -1), y: Int32Array.of(0, 3) }));
    const err = await evaluateModel(modelRef, datasetRef).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('UnknownLabelError');
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    const badModel = await store.writeJson({ format: 'something-else' });
    const err2 = await evaluateModel(badModel, datasetRef).catch((e: unknown) => e);
    expect((err2 as ApplicationFailure).type).toBe('InvalidParameterError');
  });

  it('the plugin registers the activity', () => {
    const plugin = evaluationPlugin({ store });
    expect(plugin.name).toBe('sigmoid.evaluation');
    const opts = plugin.configureWorker({ taskQueue: 'q' } as never) as { activities?: Record<string, unknown> };
    expect(typeof opts.activities?.evaluateModel).toBe('function');
  });
});
