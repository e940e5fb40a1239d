/**
 * The Temporal server goes away mid-run (fault suite item 3): a dev server persisting to a SQLite file is
 * stopped while fitModel trains and started again on the same port and file; the run completes.
 */
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer, type DevServer } from '@sigmoid/dev-server';
import { progressQuery, type PipelineResult } from '@sigmoid/workflows';
import { expectSameTrainerSources } from './code-fingerprint.js';
import { uniqueName, workerEnv, type FaultContext } from './fault-context.js';
import { baselineFit, KILL_HEARTBEAT_INTERVAL_MS, KILL_PROGRESS_EVERY, killSpec } from './kill-scenarios.js';
import { activityAttempts, within } from './pipeline-history.js';
import { spawnWorker, waitFor, workerReady } from './processes.js';

export interface ServerRestartOutcome {
  name: string;
  completed: boolean;
  /** Rows the worker had trained (its log) when the server was stopped. */
  rowsBeforeStop: number;
  downMs: number;
  fitAttempts: number;
  identical: boolean;
  /** Fields of the model JSON that differ from the uninterrupted fit's (empty when identical). */
  difference: string;
  stoppedEarly: boolean;
  fitEvents: string[];
  ms: number;
}

export async function runServerRestart(ctx: FaultContext): Promise<ServerRestartOutcome> {
  const t0 = Date.now();
  const dbFilename = join(ctx.dir, `${uniqueName('temporal')}.db`);
  const port = await freePort();
  const env = { ...process.env, TEMPORAL_ADDRESS: '' }; // always our own server, never an external one
  const log = () => {};
  let server: DevServer | undefined = await startDevServer({ headless: true, dbFilename, port, env, log });
  const taskQueue = uniqueName('fault-server');
  const workerCtx = { ...ctx, address: server.address, namespace: server.namespace };
  // Checkpoints as in the kill scenarios, so the outage lands between confirmed checkpoints and training waits it out.
  const checkpoints = { SIGMOID_FAULT_PROGRESS_EVERY: String(KILL_PROGRESS_EVERY), SIGMOID_FAULT_HEARTBEAT_THROTTLE_MS: String(KILL_HEARTBEAT_INTERVAL_MS) };
  const w = spawnWorker({ env: workerEnv(workerCtx, taskQueue, checkpoints), log: join(ctx.dir, `${taskQueue}.jsonl`) });
  let connection: Connection | undefined;
  try {
    await workerReady(w);
    connection = await Connection.connect({ address: server.address });
    let client = new Client({ connection, namespace: server.namespace });
    await client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [killSpec] });
    // Mid-training: the workflow reports the training stage (progress query) and the worker has trained rows (its log).
    await waitFor(
      'the progress query to report training on the SQLite-backed server',
      async () => ((await client.workflow.getHandle(taskQueue).query(progressQuery)).stage === 'training' ? true : undefined),
      60_000,
      50,
    );
    const rowsBeforeStop = await waitFor('the worker to train its first rows', () => w.events().find((e) => e.e === 'p')?.r as number | undefined, 60_000, 10);
    const down = Date.now();
    await server.stop();
    server = undefined;
    await connection.close();
    connection = undefined;
    await new Promise((r) => setTimeout(r, 1000));
    server = await startDevServer({ headless: true, dbFilename, port, env, log });
    const downMs = Date.now() - down;
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });
    const handle = client.workflow.getHandle(taskQueue);
    const result = (await within('the run after the server restart', 90_000, handle.result())) as PipelineResult;
    expectSameTrainerSources(w.events().filter((e) => e.e === 'start').map((e) => e.fingerprint as string | undefined));
    const base = await baselineFit(ctx, result, killSpec.model!);
    const attempts = await activityAttempts(handle);
    let difference = '';
    if (result.model.sha256 !== base.ref.sha256) {
      const run = await ctx.store.readJson<Record<string, unknown>>(result.model);
      const ref = await ctx.store.readJson<Record<string, unknown>>(base.ref);
      difference = Object.keys({ ...run, ...ref })
        .filter((k) => JSON.stringify(run[k]) !== JSON.stringify(ref[k]))
        .map((k) => `${k}: ${JSON.stringify(run[k]).slice(0, 300)} vs ${JSON.stringify(ref[k]).slice(0, 300)}`)
        .join('; ');
    }
    return {
      name: 'dev server (SQLite) stopped mid-training and restarted',
      completed: true,
      rowsBeforeStop,
      downMs,
      fitAttempts: attempts.find((a) => a.activity === 'fitModel')?.attempt ?? 0,
      identical: result.model.sha256 === base.ref.sha256,
      difference,
      stoppedEarly: result.stoppedEarly,
      fitEvents: w
        .events()
        .filter((e) => e.e.startsWith('fit') || e.e === 'epochEnd' || e.e === 'held')
        .map((e) => `${e.e}@${e.t % 100000}${e.attempt !== undefined ? ` attempt ${String(e.attempt)} resume ${String(e.resumeRows)}` : ''}${e.e === 'held' ? ` ${String(e.r)}` : ''}`),
      ms: Date.now() - t0,
    };
  } finally {
    await w.kill();
    await connection?.close();
    await server?.stop();
  }
}
