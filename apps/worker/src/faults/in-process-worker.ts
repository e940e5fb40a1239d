import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { openArtifactStore } from '@sigmoid/arrow-store';
import type { SigmoidActivities } from '@sigmoid/workflows';
import { createSigmoidActivities } from '../activities.js';
import { workerConfigFromEnv } from '../config.js';
import { createSigmoidWorker } from '../create-worker.js';
import { uniqueName, type FaultContext } from './fault-context.js';

/**
 * Runs `fn` against an in-process production worker (createSigmoidWorker) on a fresh task queue; `wrap` may
 * decorate the real activities (fault injection between steps).
 */
export async function withInProcessWorker<T>(
  ctx: FaultContext,
  options: { artifacts?: string; wrap?: (a: SigmoidActivities) => SigmoidActivities; maxConcurrentActivities?: number },
  fn: (taskQueue: string, worker: Worker) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueName('fault-inproc');
  const config = workerConfigFromEnv({
    TEMPORAL_ADDRESS: ctx.address,
    TEMPORAL_NAMESPACE: ctx.namespace,
    SIGMOID_TASK_QUEUE: taskQueue,
    SIGMOID_ARTIFACTS: options.artifacts ?? ctx.artifacts,
    SIGMOID_MAX_CONCURRENT_ACTIVITIES: String(options.maxConcurrentActivities ?? 2),
    SIGMOID_SHUTDOWN_GRACE_MS: '1000',
  });
  const connection = await Connection.connect({ address: ctx.address });
  const client = new Client({ connection, namespace: ctx.namespace });
  try {
    const real = createSigmoidActivities({ store: await openArtifactStore(config.artifacts), client });
    const { worker, close } = await createSigmoidWorker(config, {
      activities: options.wrap ? options.wrap(real) : real,
      workflowsPath: undefined,
      workflowBundle: { codePath: ctx.workflowBundle },
    });
    try {
      return await worker.runUntil(fn(taskQueue, worker));
    } finally {
      await close();
    }
  } finally {
    await connection.close();
  }
}
