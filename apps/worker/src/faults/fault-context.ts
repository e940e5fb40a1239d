import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { openArtifactStore, type ManagedArtifactStore } from '@sigmoid/arrow-store';
import { workflowsPath } from '@sigmoid/workflows';

/** What every fault scenario needs: a server, a client, a shared artifact store, a prebuilt workflow bundle. */
export interface FaultContext {
  address: string;
  namespace: string;
  client: Client;
  /** Scratch folder of this context (removed by `close`). */
  dir: string;
  /** Artifact store root shared by every worker of the context. */
  artifacts: string;
  store: ManagedArtifactStore;
  /** Path of the prebuilt workflow bundle (SIGMOID_FAULT_WORKFLOW_BUNDLE). */
  workflowBundle: string;
  close(): Promise<void>;
}

export async function createFaultContext(options: { address: string; namespace: string }): Promise<FaultContext> {
  const dir = mkdtempSync(join(tmpdir(), 'sigmoid-faults-'));
  const artifacts = join(dir, 'artifacts');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const workflowBundle = join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundle, code);
  const connection = await Connection.connect({ address: options.address });
  return {
    ...options,
    client: new Client({ connection, namespace: options.namespace }),
    dir,
    artifacts,
    store: await openArtifactStore(artifacts),
    workflowBundle,
    async close() {
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Environment of a fault worker on `taskQueue` of this context. */
export function workerEnv(ctx: FaultContext, taskQueue: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: ctx.address,
    TEMPORAL_NAMESPACE: ctx.namespace,
    SIGMOID_TASK_QUEUE: taskQueue,
    SIGMOID_ARTIFACTS: ctx.artifacts,
    SIGMOID_MAX_CONCURRENT_ACTIVITIES: '1',
    SIGMOID_SHUTDOWN_GRACE_MS: '1000',
    SIGMOID_FAULT_WORKFLOW_BUNDLE: ctx.workflowBundle,
    SIGMOID_FAULT_STICKY_TIMEOUT_MS: '1000',
    ...extra,
  };
}

let counter = 0;
/** A task queue / workflow id unique to this process. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}
