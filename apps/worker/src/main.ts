/**
 * The Sigmoid worker process. Configured by environment variables (see README): TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, SIGMOID_TASK_QUEUE, SIGMOID_ARTIFACTS, SIGMOID_MAX_CONCURRENT_ACTIVITIES, ...
 * SIGINT/SIGTERM start a graceful shutdown: no new tasks, in-flight activities get
 * SIGMOID_SHUTDOWN_GRACE_MS to finish (training heartbeats its checkpoint, so a cut-off fit resumes elsewhere).
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { workerConfigFromEnv } from './config.js';
import { createSigmoidWorker } from './create-worker.js';

function log(level: string, message: string, meta: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...meta }) + '\n');
}

async function main(): Promise<void> {
  const config = workerConfigFromEnv();
  // Structured logs: one JSON object per line, from the SDK too.
  Runtime.install({
    logger: new DefaultLogger((process.env.SIGMOID_LOG_LEVEL as 'INFO') || 'INFO', (entry) =>
      log(entry.level.toLowerCase(), entry.message, { ...entry.meta, component: 'temporal-sdk' }),
    ),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const { worker, close } = await createSigmoidWorker(config);
  log('info', 'worker started', { address: config.address, namespace: config.namespace, taskQueue: config.taskQueue, artifacts: config.artifacts, pid: process.pid });
  try {
    await worker.run(); // resolves after SIGINT/SIGTERM once in-flight tasks are done
  } finally {
    await close();
    log('info', 'worker stopped');
  }
}

main().catch((err: unknown) => {
  log('error', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  process.exit(1);
});
