import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { openArtifactStore, type ArtifactStore } from '@sigmoid/arrow-store';
import { arrowStorePlugin } from '@sigmoid/arrow-store/temporal';
import { workflowsPath } from '@sigmoid/workflows';
import { createSigmoidActivities } from './activities.js';
import type { WorkerConfig } from './config.js';
import { connectionOptions } from './connection-options.js';

export interface SigmoidWorker {
  worker: Worker;
  store: ArtifactStore;
  /** A client with the same data converter as the worker (encryption, external storage). */
  client: Client;
  /** Closes the worker's connections (call after `worker.run()` resolves). */
  close(): Promise<void>;
}

/**
 * Creates a worker that runs every Sigmoid workflow and activity on `config.taskQueue`.
 * Used by apps/worker's main and by `sigmoid run` / `sigmoid dev` for the in-process worker.
 */
export async function createSigmoidWorker(config: WorkerConfig, extra: Partial<WorkerOptions> = {}): Promise<SigmoidWorker> {
  const store = await openArtifactStore(config.artifacts);
  // One data converter on both sides: Arrow tables as payloads, large payloads out of history into the
  // store, and AES-256-GCM encryption when SIGMOID_ENCRYPTION_KEYS is set.
  const dataPlugin = arrowStorePlugin({ store });
  const nativeConnection = await NativeConnection.connect(connectionOptions(config));
  // Activities talk back to their workflow (training progress, stop requests) through a client.
  const connection = await Connection.connect(connectionOptions(config));
  const client = new Client({ connection, namespace: config.namespace, plugins: [dataPlugin] });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowsPath,
      plugins: [dataPlugin],
      activities: createSigmoidActivities({ store, client }),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
      shutdownGraceTime: config.shutdownGraceMs,
      ...extra,
    });
    return {
      worker,
      store,
      client,
      close: async () => {
        await connection.close();
        await nativeConnection.close();
      },
    };
  } catch (err) {
    await connection.close();
    await nativeConnection.close();
    throw err;
  }
}
