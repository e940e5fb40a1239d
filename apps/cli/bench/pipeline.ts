/**
 * Pipeline benchmarks (issue 7):
 *  1. the reference demo end to end on a warm worker (embedded dev server, in-process worker), median of N;
 *  2. the same steps called directly as libraries, and the per-activity overhead of going through Temporal;
 *  3. a large pipeline (streamed make_classification, sgd one epoch) run by a worker PROCESS whose peak RSS
 *     is read from /proc: no payload-size error, worker RSS under 1 GB.
 *
 *   npx tsx --conditions=@sigmoid/source apps/cli/bench/pipeline.ts [--runs 5] [--rows 1e7] [--skip-large]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { startDevServer } from '@sigmoid/dev-server';
import { createSigmoidWorker, workerConfigFromEnv } from '@sigmoid/worker';
import { generate } from '@sigmoid/datagen';
import { LogisticRegression } from '@sigmoid/trainer';
import { evaluateModelOnData } from '@sigmoid/evaluation';
import { renderReportImages, type ReportModel } from '@sigmoid/render';
import type { PipelineResult, PipelineSpec } from '@sigmoid/workflows';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const runs = Number(arg('runs', '5'));
const largeRows = Number(arg('rows', '1e7'));
const skipLarge = process.argv.includes('--skip-large');
const root = fileURLToPath(new URL('../../../', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const demoParams = { n_samples: 300, n_features: 2, n_redundant: 0, n_informative: 2, random_state: 2, n_clusters_per_class: 1 };
const demo: PipelineSpec = { data: { generator: 'make_classification', params: demoParams }, model: {}, render: { title: 'Logistic regression decision boundary' } };

Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-bench-pipeline-'));
const server = await startDevServer({ headless: true });
try {
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, SIGMOID_TASK_QUEUE: 'bench', SIGMOID_ARTIFACTS: join(dir, 'artifacts') };
  const sw = await createSigmoidWorker(workerConfigFromEnv(env));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  await sw.worker.runUntil(async () => {
    const once = async (i: number) => {
      const t = performance.now();
      await client.workflow.execute('trainingPipeline', { taskQueue: 'bench', workflowId: `bench-demo-${i}`, args: [demo] });
      return performance.now() - t;
    };
    await once(-1); // warm: bundle loaded, JIT, fonts
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once(i));
    const direct: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const table = generate('make_classification', demoParams);
      const model = await new LogisticRegression({}).fit(table);
      const metrics = await evaluateModelOnData(model, table);
      await renderReportImages(model as unknown as ReportModel, () => table, metrics as never, { title: 'Logistic regression decision boundary' });
      direct.push(performance.now() - t);
    }
    const activities = 4; // generate, fit, evaluate, render
    console.log(`reference demo, warm worker, median of ${runs}: ${median(times).toFixed(1)} ms end to end through Temporal`);
    console.log(`same steps called as libraries:               ${median(direct).toFixed(1)} ms`);
    console.log(`overhead per activity (history, store I/O):    ${((median(times) - median(direct)) / activities).toFixed(1)} ms (${activities} activities)`);
  });
  await sw.close();

  /** Seconds each activity of a finished workflow ran, from its history (started -> completed events). */
  async function activityTimes(workflowId: string): Promise<string[]> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const started = new Map<string, number>();
    const typeOf = new Map<string, string>();
    const out: string[] = [];
    const ms = (e: (typeof history.events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Number(e.eventTime?.nanos ?? 0) / 1e6;
    for (const e of history.events ?? []) {
      const id = String(e.eventId);
      if (e.activityTaskScheduledEventAttributes) typeOf.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
      if (e.activityTaskStartedEventAttributes) started.set(String(e.activityTaskStartedEventAttributes.scheduledEventId), ms(e));
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const scheduled = String(done.scheduledEventId);
        out.push(`${typeOf.get(scheduled)} ${((ms(e) - (started.get(scheduled) ?? ms(e))) / 1000).toFixed(1)} s`);
      }
    }
    return out;
  }

  if (!skipLarge) {
    // The worker runs as its own process so its peak RSS is the worker's alone.
    const worker = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sigmoid/source', join(root, 'apps/worker/src/main.ts')], { cwd: root, env: { ...env, SIGMOID_TASK_QUEUE: 'bench-large', SIGMOID_MAX_CONCURRENT_ACTIVITIES: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 200);
    try {
      const t = performance.now();
      const spec: PipelineSpec = {
        data: { generator: 'make_classification', params: { n_samples: largeRows, n_features: 20, random_state: 0 }, streaming: true, batchSize: 65_536 },
        model: { solver: 'sgd', epochs: 1, batch_size: 256 },
        render: { title: `${largeRows.toExponential(0)} rows, sgd, one epoch` },
      };
      const workflowId = `bench-large-${Date.now()}`;
      const result = (await client.workflow.execute('trainingPipeline', { taskQueue: 'bench-large', workflowId, args: [spec] })) as PipelineResult;
      const secs = (performance.now() - t) / 1000;
      console.log(`large pipeline: ${result.dataset.numRows.toLocaleString('en-US')} rows x 20, streamed generation, sgd 1 epoch: ${secs.toFixed(1)} s, training accuracy ${result.metrics.train.accuracy?.toFixed(4)}`);
      console.log(`  dataset artifact ${(result.dataset.byteLength / 2 ** 20).toFixed(0)} MiB; worker peak RSS ${(peakKb / 1024).toFixed(0)} MB (goal: < 1024 MB)`);
      console.log(`  where the time goes (activity started -> completed, from the workflow history): ${(await activityTimes(workflowId)).join(', ')}`);
    } finally {
      clearInterval(poll);
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
  }
  await connection.close();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
