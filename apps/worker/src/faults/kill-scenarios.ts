/**
 * Worker-kill scenarios (fault suite items 1 and 2): SIGKILL a worker process while fitModel runs, let
 * another worker take over, and measure what was lost.
 */
import { join } from 'node:path';
import type { ModelRef } from '@sigmoid/arrow-store';
import { fitFromStore } from '@sigmoid/trainer/temporal';
import { progressQuery, type PipelineResult, type PipelineSpec } from '@sigmoid/workflows';
import { workerEnv, uniqueName, type FaultContext } from './fault-context.js';
import { activityAttempts, within } from './pipeline-history.js';
import { spawnWorker, waitFor, workerReady, type FaultEvent, type WorkerProcess } from './processes.js';

/** Rows per epoch, epochs, batch size and heartbeat cadence of the kill scenarios. */
export const KILL_ROWS = 100_000;
export const KILL_EPOCHS = 6;
export const KILL_BATCH = 256;
/** Heartbeat every this many mini-batches (2,560 rows). */
export const KILL_PROGRESS_EVERY = 10;
/** The SDK sends the latest heartbeat at most this often: the "heartbeat interval". */
export const KILL_HEARTBEAT_INTERVAL_MS = 250;

/**
 * Allowance for a heartbeat to land: the SDK sends the latest details once per interval, and the send is an RPC
 * that waits for the server, which on two loaded cores can take a good part of another interval (measured: a
 * kill 350 ms after the last landed heartbeat). So the asserted bound is the rows of the last interval plus
 * this allowance; the summary also reports how many kills stayed within the interval alone.
 */
export const KILL_SEND_ALLOWANCE_MS = KILL_HEARTBEAT_INTERVAL_MS;

/** sgd, several epochs, tol 0 (all epochs run): a few seconds of training that a kill can land in. */
export const killSpec: PipelineSpec = {
  data: { generator: 'make_classification', params: { n_samples: KILL_ROWS, n_features: 10, n_informative: 5, random_state: 7 } },
  model: { solver: 'sgd', epochs: KILL_EPOCHS, batch_size: KILL_BATCH, tol: 0, random_state: 0 },
  render: false,
  // A dead worker is noticed after 2 s without a heartbeat (the default 20 s would make the suite slow).
  timeouts: { fitHeartbeat: '2 seconds' },
};

/** The two-worker run trains twice as long, so an outside kill after epoch 1 lands well before the end. */
export const twoWorkerSpec: PipelineSpec = { ...killSpec, model: { ...killSpec.model, epochs: 2 * KILL_EPOCHS } };

export type KillPoint = { atRows: number } | { afterEpoch: number };

/** The kill points of item 1: early, mid-epoch, between epochs, during the final pass. */
export const KILL_POINTS: { name: string; kill: KillPoint }[] = [
  { name: 'early (first heartbeat)', kill: { atRows: 1 } },
  { name: 'mid-epoch (epoch 2 of 6, half way)', kill: { atRows: Math.round(1.5 * KILL_ROWS) } },
  { name: 'between epochs (after epoch 3)', kill: { afterEpoch: 3 } },
  { name: 'final pass (epoch 6, 70%)', kill: { atRows: Math.round((KILL_EPOCHS - 0.3) * KILL_ROWS) } },
];

export interface KillOutcome {
  name: string;
  completed: boolean;
  /** Rows the killed attempt had trained on when it died (its last heartbeat call). */
  rowsAtDeath: number;
  /** Rows of the checkpoint the next attempt resumed from (0 = started over). */
  resumedFrom: number;
  /** rowsAtDeath - resumedFrom: rows trained twice. */
  recomputed: number;
  /** Rows the killed attempt trained in the last heartbeat interval before it died. */
  heartbeatIntervalRows: number;
  /**
   * The asserted bound: rows trained in the last heartbeat interval plus {@link KILL_SEND_ALLOWANCE_MS} (the
   * SDK's send timer and the server round trip are not instantaneous on a loaded machine).
   */
  boundRows: number;
  /** Rows one uninterrupted fit trains (rows x epochs). */
  totalRows: number;
  fitAttempts: number;
  model: ModelRef | null;
  baseline: ModelRef;
  /** Stored model JSON of the run equals the uninterrupted fit's, byte for byte (same sha256). */
  identical: boolean;
  coefEqual: boolean;
  ms: number;
}

/** rows(t): the rows of the last progress event at or before t. */
function rowsAt(progress: FaultEvent[], t: number): number {
  let r = 0;
  for (const p of progress) if (p.t <= t) r = p.r as number;
  return r;
}

const baselines = new Map<string, Promise<{ ref: ModelRef; json: { coef: number[][]; intercept: number[] } }>>();
/** The uninterrupted fit of the same activity code on the same dataset (computed once per dataset). */
export function baselineFit(ctx: FaultContext, result: PipelineResult, params: Record<string, unknown>) {
  const key = `${result.train.sha256}:${JSON.stringify(params)}`;
  let b = baselines.get(key);
  if (b === undefined) {
    b = (async () => {
      const { model } = await fitFromStore(ctx.store, result.train, params);
      return { ref: model, json: await ctx.store.readJson<{ coef: number[][]; intercept: number[] }>(model) };
    })();
    baselines.set(key, b);
  }
  return b;
}

function fitEvents(w: WorkerProcess): FaultEvent[] {
  return w.events().filter((e) => e.e === 'fitStart');
}

async function compare(ctx: FaultContext, result: PipelineResult, params: Record<string, unknown>) {
  const base = await baselineFit(ctx, result, params);
  const run = await ctx.store.readJson<{ coef: number[][]; intercept: number[] }>(result.model);
  const coefEqual = JSON.stringify(run.coef) === JSON.stringify(base.json.coef) && JSON.stringify(run.intercept) === JSON.stringify(base.json.intercept);
  return { baseline: base.ref, identical: result.model.sha256 === base.ref.sha256, coefEqual };
}

/** A worker that will kill itself at `kill`, booted ahead of its scenario (booting takes seconds). */
export interface KillWorker {
  taskQueue: string;
  env: Record<string, string>;
  a: WorkerProcess;
}

function killEnv(ctx: FaultContext, taskQueue: string): Record<string, string> {
  return workerEnv(ctx, taskQueue, { SIGMOID_FAULT_PROGRESS_EVERY: String(KILL_PROGRESS_EVERY), SIGMOID_FAULT_HEARTBEAT_THROTTLE_MS: String(KILL_HEARTBEAT_INTERVAL_MS) });
}

/** Spawns worker A of a kill scenario on its own task queue (call early; it boots in the background). */
export function spawnKillWorker(ctx: FaultContext, kill: KillPoint): KillWorker {
  const taskQueue = uniqueName('fault-kill');
  const env = killEnv(ctx, taskQueue);
  return { taskQueue, env, a: spawnWorker({ env: { ...env, SIGMOID_FAULT_KILL: JSON.stringify(kill) }, log: join(ctx.dir, `${taskQueue}-a.jsonl`) }) };
}

/**
 * Item 1: worker A kills itself with SIGKILL at `kill` (a deterministic position), worker B starts once A holds
 * fitModel and must finish the run from A's last heartbeated checkpoint.
 */
export async function runKillScenario(ctx: FaultContext, name: string, kill: KillPoint, prepared: KillWorker = spawnKillWorker(ctx, kill)): Promise<KillOutcome> {
  const t0 = Date.now();
  const { taskQueue, env, a } = prepared;
  let b: WorkerProcess | undefined;
  try {
    await workerReady(a);
    const handle = await ctx.client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [killSpec] });
    // B starts as soon as A holds fitModel (so B cannot take it first) and boots while A trains.
    await waitFor(`worker A of "${name}" to start fitModel`, () => (fitEvents(a).length > 0 || a.child.signalCode !== null || a.child.exitCode !== null ? true : undefined), 90_000);
    b = spawnWorker({ env, log: join(ctx.dir, `${taskQueue}-b.jsonl`) });
    const death = await within(`worker A of "${name}" to be killed`, 90_000, a.exited);
    if (death.signal !== 'SIGKILL') throw new Error(`worker A exited with ${JSON.stringify(death)} instead of being killed:\n${a.output()}`);
    const result = (await within(`"${name}" run after the kill`, 90_000, handle.result())) as PipelineResult;
    const progress = await handle.query(progressQuery);
    if (progress.stage !== 'done') throw new Error(`progress says ${progress.stage} after the run completed`);
    const killEvent = a.events().find((e) => e.e === 'kill');
    return { name, ...(await measure(ctx, result, a, b, handle, killEvent?.t ?? 0)), ms: Date.now() - t0 };
  } finally {
    await a.kill();
    await b?.kill();
  }
}

async function measure(ctx: FaultContext, result: PipelineResult, killed: WorkerProcess, survivor: WorkerProcess, handle: Parameters<typeof activityAttempts>[0], deathTime: number, spec: PipelineSpec = killSpec) {
  const progress = killed.events().filter((e) => e.e === 'p');
  // The last heartbeat call before death (an outside kill can land up to one progress step later).
  const rowsAtDeath = rowsAt(progress, deathTime);
  const resumed = fitEvents(survivor).find((e) => (e.attempt as number) >= 2);
  const resumedFrom = (resumed?.resumeRows as number | null | undefined) ?? 0;
  const heartbeatIntervalRows = rowsAtDeath - rowsAt(progress, deathTime - KILL_HEARTBEAT_INTERVAL_MS);
  const boundRows = rowsAtDeath - rowsAt(progress, deathTime - KILL_HEARTBEAT_INTERVAL_MS - KILL_SEND_ALLOWANCE_MS);
  const attempts = await activityAttempts(handle);
  return {
    completed: true,
    rowsAtDeath,
    resumedFrom,
    recomputed: rowsAtDeath - resumedFrom,
    heartbeatIntervalRows,
    boundRows,
    totalRows: KILL_ROWS * ((spec.model?.epochs as number | undefined) ?? KILL_EPOCHS),
    fitAttempts: attempts.find((x) => x.activity === 'fitModel')?.attempt ?? 0,
    model: result.model,
    ...(await compare(ctx, result, spec.model!)),
  };
}

/**
 * Item 2: two workers on one task queue; once the progress query shows training under way, SIGKILL the
 * worker running fitModel from outside: the other one finishes the run.
 */
export async function runTwoWorkerScenario(ctx: FaultContext): Promise<KillOutcome & { survivorDidFit: boolean }> {
  const t0 = Date.now();
  const taskQueue = uniqueName('fault-two');
  const env = killEnv(ctx, taskQueue);
  const workers = [0, 1].map((i) => spawnWorker({ env, log: join(ctx.dir, `${taskQueue}-${i}.jsonl`) }));
  try {
    await Promise.all(workers.map((w) => workerReady(w)));
    const handle = await ctx.client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [twoWorkerSpec] });
    // Mid-training, as the workflow itself reports it (stage; rowsSeen comes from throttled, best-effort signals) ...
    await waitFor('the progress query to report training', async () => ((await handle.query(progressQuery)).stage === 'training' ? true : undefined), 90_000, 50);
    // ... then past the first epoch, read from the worker's own log (progress reports are throttled to 1/s).
    const victim = await waitFor(
      'a worker to train past epoch 1',
      () => workers.find((w) => w.events().some((e) => e.e === 'p' && (e.r as number) > KILL_ROWS)),
      90_000,
      10,
    );
    if (victim.events().some((e) => e.e === 'fitDone')) throw new Error('training finished before the kill could land');
    const survivor = workers.find((w) => w !== victim)!;
    await victim.kill('SIGKILL');
    // Everything the victim logged happened before it died; it may have trained up to one progress step more.
    const killTime = Math.max(...victim.events().filter((e) => e.e === 'p').map((e) => e.t));
    const result = (await within('the two-worker run after the kill', 90_000, handle.result())) as PipelineResult;
    const m = await measure(ctx, result, victim, survivor, handle, killTime, twoWorkerSpec);
    return { name: 'two workers, kill the one training', ...m, survivorDidFit: fitEvents(survivor).some((e) => (e.attempt as number) >= 2), ms: Date.now() - t0 };
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
  }
}
