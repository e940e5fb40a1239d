import { describe, expect, it, inject, beforeAll, afterAll } from 'vitest';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker, Runtime, DefaultLogger, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { ArtifactRef, DatasetRef, ModelRef } from '@sigmoid/arrow-store';
import { workflowsPath, progressQuery, stopTrainingSignal, trainingProgressSignal, stopRequestedQuery, expandGrid, type PipelineResult, type SigmoidActivities, type SweepResult } from '@sigmoid/workflows';

// The workflows' own logic (ordering, retries, fail-fast, progress, stop) on the real dev server, with
// activities that stand in for the plugins. The plugins' real activities are tested end to end in apps/.
Runtime.install({ logger: new DefaultLogger('WARN') });

const ds = (name: string, numRows: number): DatasetRef => ({ kind: 'dataset', uri: `mem://${name}`, sha256: name.padEnd(64, '0'), numRows, byteLength: 1, schema: { fields: [], metadata: {} } });
const model: ModelRef = { kind: 'model', uri: 'mem://model', sha256: 'm'.padEnd(64, '0'), byteLength: 1 };

let client: Client;
let connection: Connection;
let nativeConnection: NativeConnection;
let workflowBundle: WorkflowBundleWithSourceMap;
const namespace = inject('temporalNamespace');

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace });
  workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
});
afterAll(async () => {
  await connection.close();
  await nativeConnection.close();
});

function fakeActivities(overrides: Partial<SigmoidActivities> = {}, calls: string[] = []): SigmoidActivities {
  return {
    generateDataset: async () => (calls.push('generate'), ds('all', 300)),
    splitDataset: async (_ref, opts) => (calls.push(`split:${JSON.stringify(opts)}`), { train: ds('train', 225), test: ds('test', 75) }),
    fitModel: async (ref) => (calls.push(`fit:${ref.uri}`), { model, summary: { coef: [[-0.772, 3.075]], intercept: [0.162], classes: [0, 1], n_iter: 7 } }),
    evaluateModel: async (_m, data) => (calls.push(`evaluate:${data.uri}`), { accuracy: data.uri === 'mem://test' ? 0.9 : 0.937, log_loss: data.numRows / 1000 }),
    renderReport: async () => (calls.push('render'), [{ kind: 'artifact', uri: 'mem://png', sha256: 'p'.padEnd(64, '0'), byteLength: 1, name: 'boundary.png', mediaType: 'image/png' } satisfies ArtifactRef]),
    renderSweepChart: async (trials) => (calls.push(`chart:${trials.length}`), { kind: 'artifact', uri: 'mem://chart', sha256: 'c'.padEnd(64, '0'), byteLength: 1, name: 'sweep.png', mediaType: 'image/png' }),
    ...overrides,
  };
}

async function withWorker<T>(activities: SigmoidActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `wf-test-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({ connection: nativeConnection, namespace, taskQueue, workflowBundle, activities });
  return worker.runUntil(fn(taskQueue));
}

const demo = { data: { generator: 'make_classification' as const, params: { n_samples: 300, random_state: 2 } } };

describe('trainingPipeline', () => {
  it('runs generate -> split -> fit -> evaluate train and test -> render, in order', async () => {
    const calls: string[] = [];
    const result = await withWorker(fakeActivities({}, calls), (taskQueue) =>
      client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [{ ...demo, split: { test_size: 0.25 } }] }),
    ) as PipelineResult;
    expect(calls).toEqual(['generate', 'split:{"test_size":0.25}', 'fit:mem://train', 'evaluate:mem://train', 'evaluate:mem://test', 'render']);
    expect(result.metrics).toEqual({ train: { accuracy: 0.937, log_loss: 0.225 }, test: { accuracy: 0.9, log_loss: 0.075 } });
    expect(result.summary.coef).toEqual([[-0.772, 3.075]]);
    expect(result.artifacts.map((a) => a.name)).toEqual(['boundary.png']);
  });

  it('trains on the whole dataset when there is no split, and skips rendering when asked', async () => {
    const calls: string[] = [];
    const result = (await withWorker(fakeActivities({}, calls), (taskQueue) =>
      client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [{ ...demo, render: false }] }),
    )) as PipelineResult;
    expect(calls).toEqual(['generate', 'fit:mem://all', 'evaluate:mem://all']);
    expect(result.test).toBeNull();
    expect(result.metrics.test).toBeNull();
  });

  it('retries a failed activity and succeeds', async () => {
    let attempts = 0;
    const result = (await withWorker(
      fakeActivities({
        generateDataset: async () => {
          attempts++;
          if (attempts < 3) throw new Error('transient: disk busy');
          return ds('all', 300);
        },
      }),
      (taskQueue) => client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [demo] }),
    )) as PipelineResult;
    expect(attempts).toBe(3);
    expect(result.metrics.train.accuracy).toBe(0.937);
  });

  it('fails fast on a non-retryable bad-input failure, naming the step and the problem', async () => {
    let attempts = 0;
    const started = Date.now();
    const err = await withWorker(
      fakeActivities({
        fitModel: async () => {
          attempts++;
          throw ApplicationFailure.create({ message: 'Expected Float64 or Float32 for feature column "x1" but received Utf8', type: 'SchemaMismatchError', nonRetryable: true });
        },
      }),
      (taskQueue) => client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [demo] }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('SchemaMismatchError');
    expect(cause.message).toMatch(/^training failed: Expected Float64 or Float32 for feature column "x1"/);
    expect(attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects a malformed spec before any activity runs', async () => {
    const calls: string[] = [];
    const err = await withWorker(fakeActivities({}, calls), (taskQueue) =>
      client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [{ data: { generator: 'make_spirals', params: {} } }] }),
    ).catch((e: unknown) => e);
    const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('InvalidPipelineSpec');
    expect(cause.message).toMatch(/generator to be one of make_classification, .* but received "make_spirals"/);
    expect(calls).toEqual([]);
  });

  it('answers the progress query mid-training and honours stopTraining', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const result = (await withWorker(
      fakeActivities({
        fitModel: async () => {
          const { workflowId } = Context.current().info.workflowExecution!;
          const h = client.workflow.getHandle(workflowId);
          await h.signal(trainingProgressSignal, { epoch: 2, rowsSeen: 600, loss: 0.25 });
          await gate;
          // The activity keeps asking, as the trainer does between batches.
          const stop = await h.query(stopRequestedQuery);
          return { model, summary: { coef: [[1, 2]], intercept: [0], classes: [0, 1], n_iter: 2 }, stoppedEarly: stop };
        },
      }),
      async (taskQueue) => {
        const handle = await client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [demo] });
        let p = await handle.query(progressQuery);
        for (let i = 0; i < 100 && !(p.stage === 'training' && p.rowsSeen === 600); i++) {
          await new Promise((r) => setTimeout(r, 100));
          p = await handle.query(progressQuery);
        }
        expect(p).toEqual({ stage: 'training', epoch: 2, rowsSeen: 600, loss: 0.25, stopRequested: false });
        await handle.signal(stopTrainingSignal);
        expect((await handle.query(progressQuery)).stopRequested).toBe(true);
        release();
        return handle.result();
      },
    )) as PipelineResult;
    expect(result.stoppedEarly).toBe(true);
  });
});

describe('sweep', () => {
  it('expands a grid in a stable order', () => {
    expect(expandGrid({ C: [0.1, 1], penalty: ['l2', 'l1'] })).toEqual([
      { C: 0.1, penalty: 'l2' },
      { C: 0.1, penalty: 'l1' },
      { C: 1, penalty: 'l2' },
      { C: 1, penalty: 'l1' },
    ]);
  });

  it('runs one child pipeline per grid point and picks the lowest validation log loss', async () => {
    let running = 0;
    let peak = 0;
    const calls: string[] = [];
    const result = (await withWorker(
      fakeActivities(
        {
          fitModel: async (_ref, params) => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setTimeout(r, 200));
            running--;
            return { model: { ...model, uri: `mem://model-${String(params.C)}` }, summary: { coef: [[Number(params.C)]], intercept: [0], classes: [0, 1], n_iter: 1 } };
          },
          evaluateModel: async (m) => ({ log_loss: Math.abs(Math.log10(Number(m.uri.split('-')[1]))) + 0.1, accuracy: 0.9 }),
        },
        calls,
      ),
      (taskQueue) => client.workflow.execute('sweep', { taskQueue, workflowId: taskQueue, args: [{ base: demo, grid: { C: [0.01, 0.1, 1, 10, 100] }, maxConcurrency: 2 }] }),
    )) as SweepResult;
    expect(result.trials).toHaveLength(5);
    expect(result.best?.params).toEqual({ C: 1 });
    expect(result.best?.validationLogLoss).toBeCloseTo(0.1, 12);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(calls).toContain('chart:5');
    expect(result.chart?.name).toBe('sweep.png');
  });
});
