/**
 * An unusable or full artifact store (fault suite item 5): the run fails with a message naming the store,
 * after a bounded number of attempts, and no partial artifact becomes visible.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { PipelineSpec } from '@sigmoid/workflows';
import { uniqueName, workerEnv, type FaultContext } from './fault-context.js';
import { withInProcessWorker } from './in-process-worker.js';
import { activityAttempts, within } from './pipeline-history.js';
import { spawnWorker, workerReady } from './processes.js';

export interface StoreFaultOutcome {
  name: string;
  store: string;
  failed: boolean;
  message: string;
  failureType: string | null;
  /** Attempts of the failing activity (bounded by spec.retry.maximumAttempts). */
  attempts: number;
  ms: number;
  /** Files under the store whose name is not the sha256 of their bytes (must be none). */
  damaged: string[];
  /** Files a reader could see (complete artifacts) and temp files left behind. */
  visible: string[];
  partials: string[];
}

const ATTEMPTS = 3;
const spec = (nSamples: number): PipelineSpec => ({
  data: { generator: 'make_classification', params: { n_samples: nSamples, n_features: 10, random_state: 5 } },
  render: false,
  retry: { maximumAttempts: ATTEMPTS },
});

/** Every file of a local store: complete artifacts must hash to their key; temp files are listed apart. */
export function auditStore(root: string): { visible: string[]; partials: string[]; damaged: string[] } {
  const visible: string[] = [];
  const partials: string[] = [];
  const damaged: string[] = [];
  if (!existsSync(root)) return { visible, partials, damaged };
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const rel = relative(root, path);
    if (entry.name.endsWith('.partial')) {
      partials.push(rel);
      continue;
    }
    visible.push(rel);
    const m = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{62})\.[a-z]+$/.exec(rel);
    if (m === null || createHash('sha256').update(readFileSync(path)).digest('hex') !== m[1]! + m[2]!) damaged.push(rel);
  }
  return { visible, partials, damaged };
}

async function failedRun(ctx: FaultContext, taskQueue: string, s: PipelineSpec) {
  const t0 = Date.now();
  const handle = await ctx.client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [s] });
  try {
    await within('a run against a broken store', 60_000, handle.result());
    return { failed: false, message: '', failureType: null, attempts: 0, ms: Date.now() - t0 };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause as { message?: string; type?: string } | undefined;
    const attempts = Math.max(...(await activityAttempts(handle)).map((a) => a.attempt));
    return { failed: true, message: cause?.message ?? '', failureType: cause?.type ?? null, attempts, ms: Date.now() - t0 };
  }
}

/** SIGMOID_ARTIFACTS names a path below a regular file: nothing can ever be written there. */
export async function runUnwritableStore(ctx: FaultContext): Promise<StoreFaultOutcome> {
  const file = join(ctx.dir, uniqueName('not-a-folder'));
  writeFileSync(file, 'a regular file where the store root should be a folder\n');
  const store = join(file, 'artifacts');
  const run = await withInProcessWorker(ctx, { artifacts: store }, (taskQueue) => failedRun(ctx, taskQueue, spec(1000)));
  return { name: 'store root below a regular file (ENOTDIR)', store, ...run, ...auditStore(store) };
}

/** A worker whose disk is "full" (ulimit -f 2 MiB) is asked for an 8 MiB dataset. */
export async function runFullStore(ctx: FaultContext): Promise<StoreFaultOutcome> {
  const taskQueue = uniqueName('fault-full');
  const store = join(ctx.dir, `${taskQueue}-store`);
  const w = spawnWorker({ env: { ...workerEnv(ctx, taskQueue), SIGMOID_ARTIFACTS: store }, log: join(ctx.dir, `${taskQueue}.jsonl`), fileSizeLimitKiB: 2048 });
  try {
    await workerReady(w);
    const run = await failedRun(ctx, taskQueue, spec(100_000));
    return { name: 'disk full while writing a dataset (EFBIG under ulimit -f)', store, ...run, ...auditStore(store) };
  } finally {
    await w.kill();
  }
}
