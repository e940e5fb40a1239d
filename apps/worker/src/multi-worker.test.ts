import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { openArtifactStore, S3ArtifactStore, type ManagedArtifactStore } from '@sigmoid/arrow-store';
import { arrowStorePlugin } from '@sigmoid/arrow-store/temporal';
import type { SweepResult, SweepSpec } from '@sigmoid/workflows';
import { startS3Server, type S3Server } from '@sigmoid/s3-server';
import { killAllWorkers, spawnWorker, waitFor, type WorkerProcess } from './faults/processes.js';

// Scale-out on one machine: three worker PROCESSES (apps/worker/src/main.ts as shipped) share one task
// queue and one S3 artifact store (a real S3-compatible server started here). A sweep's children must
// spread across them, and every artifact they hand each other lives in S3, not on a local disk.
const address = inject('temporalAddress');
const namespace = inject('temporalNamespace');
const taskQueue = `multi-worker-${process.pid}-${Date.now().toString(36)}`;
let artifacts: string;

let s3: S3Server;
let workers: WorkerProcess[] = [];
let connection: Connection | undefined;
let client: Client;
let store: ManagedArtifactStore;

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'sigmoid-multi' });
  Object.assign(process.env, s3.env);
  artifacts = `s3://${s3.bucket}/runs/${taskQueue}`;
  store = await openArtifactStore(artifacts);
  if (!s3.embedded) await (store as S3ArtifactStore).ensureBucket();
  const env = {
    ...s3.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    SIGMOID_TASK_QUEUE: taskQueue,
    SIGMOID_ARTIFACTS: artifacts,
    // One activity slot each: six concurrent children cannot all run on one worker.
    SIGMOID_MAX_CONCURRENT_ACTIVITIES: '1',
    SIGMOID_SHUTDOWN_GRACE_MS: '1000',
  };
  workers = [0, 1, 2].map(() => spawnWorker({ entry: 'main', env }));
  await Promise.all(
    workers.map((w) =>
      waitFor(`worker ${w.pid} to start`, () => {
        if (w.child.exitCode !== null) throw new Error(`worker ${w.pid} exited early:\n${w.output()}`);
        return w.output().includes('"worker started"') ? true : undefined;
      }, 150_000, 200),
    ),
  );
  connection = await Connection.connect({ address });
  client = new Client({ connection, namespace, plugins: [arrowStorePlugin({ store })] });
}, 180_000);

afterAll(async () => {
  await killAllWorkers();
  await connection?.close();
  await s3?.stop();
});

/** Identities of the workers that started activities or completed workflow tasks in a run's history. */
async function countByWorker(workflowId: string, activities: Map<string, number>, workflowTasks: Map<string, number>): Promise<void> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
  const T = temporal.api.enums.v1.EventType;
  for (const e of history.events ?? []) {
    if (e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_STARTED && e.activityTaskStartedEventAttributes?.identity) {
      bump(activities, e.activityTaskStartedEventAttributes.identity);
    }
    if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && e.workflowTaskCompletedEventAttributes?.identity) {
      bump(workflowTasks, e.workflowTaskCompletedEventAttributes.identity);
    }
  }
}

describe('three worker processes sharing a task queue and an S3 artifact store', () => {
  it('spread a six-config sweep across more than one worker, with every artifact in S3', async () => {
    const spec: SweepSpec = {
      base: { data: { generator: 'make_classification', params: { n_samples: 400, random_state: 3 } }, split: { test_size: 0.25, random_state: 0 }, render: false },
      grid: { C: [0.01, 0.1, 1, 10, 100, 1000] },
      maxConcurrency: 6,
    };
    const workflowId = `${taskQueue}-sweep`;
    const result = (await client.workflow.execute('sweep', { taskQueue, workflowId, args: [spec], workflowExecutionTimeout: '150 seconds' })) as SweepResult;
    expect(result.trials).toHaveLength(6);
    for (const t of result.trials) expect(t.error, `trial ${JSON.stringify(t.params)}`).toBeNull();

    const activities = new Map<string, number>();
    const workflowTasks = new Map<string, number>();
    for (const t of result.trials) await countByWorker(t.workflowId, activities, workflowTasks);
    await countByWorker(workflowId, activities, workflowTasks);
    // Identities are `<pid>@<host>`: every one must be one of our three processes.
    const pidOf = (id: string) => Number(id.split('@')[0]);
    for (const id of [...activities.keys(), ...workflowTasks.keys()]) expect(workers.map((w) => w.pid)).toContain(pidOf(id));
    // Six children of four activities each (generate, split, fit, evaluate) ran on more than one process.
    expect([...activities.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24);
    expect(new Set([...activities.keys()].map(pidOf)).size).toBeGreaterThan(1);

    // The children's data and models were written by (possibly) other processes to S3 and read back here.
    for (const t of result.trials) {
      const r = t.result!;
      for (const ref of [r.dataset, r.train, r.model]) {
        expect(ref.uri.startsWith(`${artifacts}/sha256/`)).toBe(true);
        expect(await store.has(ref)).toBe(true);
      }
      const model = await store.readJson<Record<string, unknown>>(r.model);
      expect(model).toBeTypeOf('object');
    }
    // Same base data for every trial: one content-addressed dataset, shared by all workers.
    expect(new Set(result.trials.map((t) => t.result!.dataset.sha256)).size).toBe(1);
    // Different C, different models.
    expect(new Set(result.trials.map((t) => t.result!.model.sha256)).size).toBe(6);
    process.stdout.write(`[multi-worker] activities per worker ${JSON.stringify(Object.fromEntries(activities))}, workflow tasks per worker ${JSON.stringify(Object.fromEntries(workflowTasks))}\n`);
  }, 170_000);
});
