/**
 * Load: N small pipelines (default 50) started at once against ONE worker with concurrency limits; all must
 * complete. Prints pipelines/minute and p50/p95 latency (start -> result). A script, not a test.
 *
 *   npx tsx --conditions=@sigmoid/source apps/worker/bench/load.ts [pipelines=50] [maxConcurrentActivities=2]
 *
 * Uses TEMPORAL_ADDRESS when set, else starts an embedded dev server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startDevServer } from '@sigmoid/dev-server';
import type { PipelineResult, PipelineSpec } from '@sigmoid/workflows';
import { createSigmoidWorker, workerConfigFromEnv } from '@sigmoid/worker';

const pipelines = Number(process.argv[2] ?? 50);
const maxConcurrentActivities = Number(process.argv[3] ?? 2);
Runtime.install({ logger: new DefaultLogger('ERROR') });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

const server = await startDevServer({ headless: true, log: () => {} });
const artifacts = mkdtempSync(join(tmpdir(), 'sigmoid-load-'));
const taskQueue = `load-${Date.now().toString(36)}`;
const config = workerConfigFromEnv({
  TEMPORAL_ADDRESS: server.address,
  TEMPORAL_NAMESPACE: server.namespace,
  SIGMOID_TASK_QUEUE: taskQueue,
  SIGMOID_ARTIFACTS: artifacts,
  SIGMOID_MAX_CONCURRENT_ACTIVITIES: String(maxConcurrentActivities),
});
const { worker, close } = await createSigmoidWorker(config);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: server.namespace });

// Small but complete: generate 2,000 rows -> split -> lbfgs -> evaluate train and test -> render the report PNGs.
const spec = (i: number): PipelineSpec => ({
  data: { generator: 'make_classification', params: { n_samples: 2000, n_features: 4, random_state: i } },
  split: { test_size: 0.25, random_state: i },
  model: { C: 1 },
});

console.log(`${pipelines} pipelines at once, one worker (maxConcurrentActivities ${maxConcurrentActivities}, maxConcurrentWorkflowTasks ${config.maxConcurrentWorkflowTasks}), server ${server.embedded ? 'embedded dev server' : server.address}`);
try {
  await worker.runUntil(async () => {
    const t0 = performance.now();
    const latencies: number[] = [];
    const handles = await Promise.all(Array.from({ length: pipelines }, (_, i) => client.workflow.start('trainingPipeline', { taskQueue, workflowId: `${taskQueue}-${i}`, args: [spec(i)] })));
    const started = performance.now();
    const results = await Promise.allSettled(
      handles.map(async (h) => {
        const r = (await h.result()) as PipelineResult;
        latencies.push(performance.now() - t0);
        return r;
      }),
    );
    const wall = performance.now() - t0;
    const failed = results.filter((r) => r.status === 'rejected');
    latencies.sort((a, b) => a - b);
    const accuracy = results.flatMap((r) => (r.status === 'fulfilled' && r.value.metrics.test?.accuracy !== undefined ? [r.value.metrics.test.accuracy] : []));
    console.log(`started all in ${(started - t0).toFixed(0)} ms; completed ${pipelines - failed.length}/${pipelines} in ${(wall / 1000).toFixed(1)} s`);
    console.log(`throughput: ${((pipelines - failed.length) / (wall / 60_000)).toFixed(1)} pipelines/minute`);
    console.log(`latency (start -> result): p50 ${(quantile(latencies, 0.5) / 1000).toFixed(1)} s, p95 ${(quantile(latencies, 0.95) / 1000).toFixed(1)} s, max ${(latencies.at(-1)! / 1000).toFixed(1)} s`);
    console.log(`test accuracy across runs: min ${Math.min(...accuracy).toFixed(3)}, max ${Math.max(...accuracy).toFixed(3)}`);
    if (failed.length > 0) {
      console.log(`FAILED: ${failed.length}: ${String((failed[0] as PromiseRejectedResult).reason)}`);
      process.exitCode = 1;
    }
  });
} finally {
  await close();
  await connection.close();
  await server.stop();
  rmSync(artifacts, { recursive: true, force: true });
}
