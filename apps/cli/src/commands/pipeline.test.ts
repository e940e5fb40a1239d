import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import sharp from 'sharp';
import { createSigmoidWorker, workerConfigFromEnv } from '@sigmoid/worker';
import { progressQuery, stopTrainingSignal, type PipelineResult } from '@sigmoid/workflows';
import { main } from '../main.js';

// The product as a user runs it: `sigmoid` commands against the real dev server (TEMPORAL_ADDRESS from
// the global setup) with the real plugin activities, on a task queue of this file's own.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-cli-pipeline-'));
process.env.TEMPORAL_ADDRESS = inject('temporalAddress');
process.env.TEMPORAL_NAMESPACE = inject('temporalNamespace');
process.env.SIGMOID_TASK_QUEUE = `cli-test-${process.pid}`;
process.env.SIGMOID_ARTIFACTS = join(dir, 'artifacts');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sigmoid = (...args: string[]) => main(['node', 'sigmoid', ...args]);

describe('sigmoid run', () => {
  it('prints the reference demo numbers and writes the boundary PNG, charts, metrics, model and report', async () => {
    const code = await sigmoid('run', '--worker', '--no-progress', '--out', join(dir, 'out'), '--workflow-id', 'cli-demo');
    expect(err).not.toMatch(/sigmoid: /);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual(['Training accuracy: 0.937', 'Coefficient feature 1: -0.772', 'Coefficient feature 2: 3.075', 'Intercept: 0.162']);
    const runDir = join(dir, 'out', 'cli-demo');
    for (const f of ['boundary.png', 'roc.png', 'metrics.json', 'model.json', 'report.html']) expect(existsSync(join(runDir, f)), f).toBe(true);
    const meta = await sharp(join(runDir, 'boundary.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 700, 600]);
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
    expect(metrics.train.confusion_matrix).toEqual([[136, 12], [7, 145]]);
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toMatch(/<img src="boundary.png"/);
  }, 120_000);

  it('reads a YAML spec with a test split and reports test accuracy', async () => {
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, 'data: { generator: make_moons, params: { n_samples: 400, noise: 0.2, random_state: 0 } }\nsplit: { test_size: 0.25, random_state: 42 }\nmodel: { C: 0.5 }\nrender: false\n');
    const code = await sigmoid('run', '--worker', '--no-progress', '--spec', spec, '--out', join(dir, 'out'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out) as PipelineResult;
    expect(result.train.numRows).toBe(300);
    expect(result.test?.numRows).toBe(100);
    expect(result.metrics.test?.accuracy).toBeGreaterThan(0.8);
    expect(result.artifacts).toEqual([]);
  }, 120_000);

  it('rejects a malformed spec file with exit 2 before starting anything', async () => {
    const spec = join(dir, 'bad.json');
    writeFileSync(spec, '{"data": {"generator": "make_classification"}, "modle": {}}');
    expect(await sigmoid('run', '--spec', spec)).toBe(2);
    expect(err).toMatch(/Unknown pipeline spec field "modle"/);
    writeFileSync(spec, '{"data": ');
    expect(await sigmoid('run', '--spec', spec)).toBe(2);
    expect(err).toMatch(/Cannot parse spec file .*bad\.json as JSON/);
  });

  it('fails fast, without retries, on an invalid model parameter and names it', async () => {
    const started = Date.now();
    const code = await sigmoid('run', '--worker', '--no-progress', '--C', '-1', '--out', join(dir, 'out'));
    expect(code).toBe(1);
    expect(err).toMatch(/training failed: .*C.*-1/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('sigmoid sweep', () => {
  it('runs 4 configurations as child workflows and reports the best with a chart', async () => {
    const code = await sigmoid('sweep', '--worker', '--grid', '{"C":[0.001,0.01,1,100]}', '--max-concurrency', '2', '--out', join(dir, 'out'), '--workflow-id', 'cli-sweep');
    expect(err).not.toMatch(/sigmoid: /);
    expect(code).toBe(0);
    expect(out.match(/validation log loss \d/g)).toHaveLength(4);
    expect(out).toMatch(/^Best: \{"C":/m);
    expect(existsSync(join(dir, 'out', 'cli-sweep', 'sweep.png'))).toBe(true);
  }, 180_000);
});

describe('schedules, status and stopTraining against a running worker', () => {
  let stopWorker: () => Promise<void>;
  let client: Client;
  let connection: Connection;
  beforeAll(async () => {
    const sw = await createSigmoidWorker(workerConfigFromEnv());
    const running = sw.worker.run();
    stopWorker = async () => {
      sw.worker.shutdown();
      await running;
      await sw.close();
    };
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, namespace: inject('temporalNamespace') });
  });
  afterAll(async () => {
    await stopWorker();
    await connection.close();
  });

  it('creates a schedule, triggers it, and the triggered pipeline completes', async () => {
    const id = `sched-${process.pid}`;
    expect(await sigmoid('schedule', 'create', '--id', id, '--every', '1h', '--overlap', 'SKIP')).toBe(0);
    expect(await sigmoid('schedule', 'list')).toBe(0);
    expect(out).toMatch(new RegExp(`^${id}\\tactive`, 'm'));
    expect(await sigmoid('schedule', 'trigger', id)).toBe(0);
    let runs: string[] = [];
    for (let i = 0; i < 100 && runs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      runs = (await client.schedule.getHandle(id).describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
    }
    expect(runs).toHaveLength(1);
    const result = (await client.workflow.getHandle(runs[0]!).result()) as PipelineResult;
    expect(result.metrics.train.accuracy).toBeCloseTo(0.9367, 4);
    expect(await sigmoid('schedule', 'pause', id, '--note', 'test')).toBe(0);
    out = '';
    expect(await sigmoid('schedule', 'describe', id)).toBe(0);
    expect(JSON.parse(out).state.paused).toBe(true);
    expect(await sigmoid('schedule', 'delete', id)).toBe(0);
  }, 120_000);

  it('reports progress mid-training and stops after stopTraining, keeping the model', async () => {
    const workflowId = `stop-${process.pid}`;
    const handle = await client.workflow.start('trainingPipeline', {
      taskQueue: process.env.SIGMOID_TASK_QUEUE!,
      workflowId,
      args: [{ data: { generator: 'make_classification', params: { n_samples: 20000, n_features: 10, random_state: 0 } }, model: { solver: 'sgd', epochs: 10000, batch_size: 64, tol: 0, n_iter_no_change: 100000 }, render: false }],
    });
    let p = await handle.query(progressQuery);
    for (let i = 0; i < 300 && !(p.stage === 'training' && p.rowsSeen > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      p = await handle.query(progressQuery);
    }
    expect(p.stage).toBe('training');
    expect(p.rowsSeen).toBeGreaterThan(0);
    expect(await sigmoid('status', workflowId)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ status: 'RUNNING', progress: { stage: 'training' } });
    await handle.signal(stopTrainingSignal);
    const result = (await handle.result()) as PipelineResult;
    expect(result.stoppedEarly).toBe(true);
    expect(result.metrics.train.accuracy).toBeGreaterThan(0.8);
  }, 120_000);
});
