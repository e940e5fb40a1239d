/**
 * Worker-kill scenarios (fault suite items 1 and 2): SIGKILL a worker process while fitModel runs, let
 * another worker take over, and measure what was lost.
 */
import { join } from 'node:path';
import type { ModelRef } from '@sigmoid/arrow-store';
import { fitFromStore } from '@sigmoid/trainer/temporal';
import { progressQuery, type PipelineResult, type PipelineSpec } from '@sigmoid/workflows';
import { expectSameTrainerSources } from './code-fingerprint.js';
import { workerEnv, uniqueName, type FaultContext } from './fault-context.js';
import { activityAttempts, within } from './pipeline-history.js';
import { spawnWorker, waitFor, workerReady, type FaultEvent, type WorkerProcess } from './processes.js';

/** Rows per epoch, epochs, batch size and heartbeat cadence of the kill scenarios. */
export const KILL_ROWS = 100_000;
export const KILL_EPOCHS = 6;
export const KILL_BATCH = 256;
/** A progress callback every this many mini-batches (2,560 rows): where a checkpoint heartbeat can happen. */
export const KILL_PROGRESS_EVERY = 10;
/**
 * The heartbeat interval: the worker's `maxHeartbeatThrottleInterval` (the SDK sends at most one heartbeat per
 * interval) and the activity's `heartbeatIntervalMs` (it checkpoints at the first progress callback at least
 * this long after the server confirmed the previous checkpoint). Training does not pass a checkpoint before the
 * server holds it, so "one heartbeat interval" in rows is the rows between two consecutive checkpoints.
 */
export const KILL_HEARTBEAT_INTERVAL_MS = 25;

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

/**
 * Where worker A SIGKILLs itself: at a progress callback (`atRows`), right after handing a checkpoint heartbeat to
 * the SDK and before the server confirms it (`atBeat`: the worst moment, a whole interval at stake), or when
 * training asks "stop?" after an epoch (`afterEpoch`).
 */
export type KillPoint = { atRows: number } | { atBeat: number } | { afterEpoch: number };

/**
 * The kill points of item 1 (early, mid-epoch, between epochs, during the final pass), plus a kill at a later
 * checkpoint before the server confirmed it. Checkpoints are paced by time, so `atBeat` lands on the first
 * checkpoint at or past its row (the fit has several more to go, so there is one).
 */
export const KILL_POINTS: { name: string; kill: KillPoint }[] = [
  { name: 'early (first heartbeat, unconfirmed)', kill: { atBeat: 1 } },
  { name: 'mid-epoch (epoch 2 of 6, half way)', kill: { atRows: Math.round(1.5 * KILL_ROWS) } },
  { name: 'between epochs (after epoch 3)', kill: { afterEpoch: 3 } },
  { name: 'a checkpoint past epoch 3, unconfirmed', kill: { atBeat: 3 * KILL_ROWS + 1 } },
  { name: 'final pass (epoch 6, 70%)', kill: { atRows: Math.round((KILL_EPOCHS - 0.3) * KILL_ROWS) } },
];

export interface KillOutcome {
  name: string;
  completed: boolean;
  /**
   * Rows the killed attempt had trained on when it died: exact for self-kills (the kill row, or the epoch
   * boundary); for an outside kill, its last logged progress callback (it may have trained up to one callback more).
   */
  rowsAtDeath: number;
  /** Rows of the checkpoint the next attempt resumed from (0 = started over). */
  resumedFrom: number;
  /** rowsAtDeath - resumedFrom: rows trained twice. */
  recomputed: number;
  /** Checkpoint heartbeats the killed attempt handed to the SDK, and how many of them the server confirmed. */
  heartbeats: number;
  confirmed: number;
  /** Heartbeats handed over after the last confirmed one when it died: at most 1 (training waits for each). */
  unconfirmedAtDeath: number;
  /** Rows between the last two checkpoints the killed attempt handed over (its start counts as one): its last complete interval. */
  intervalRows: number;
  /**
   * The asserted bound: rows trained since the last checkpoint the server confirmed (or the attempt's start).
   * Training never passes an unconfirmed checkpoint, so this is at most one heartbeat interval: the whole last
   * interval when the kill lands while a checkpoint is being confirmed, less when it lands between checkpoints.
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

/** The last events and output of each worker, for a scenario that did not finish. */
function diagnosis(workers: Record<string, WorkerProcess>): string {
  return Object.entries(workers)
    .map(([name, w]) => `worker ${name} (exit ${String(w.child.exitCode ?? w.child.signalCode)}): events ${JSON.stringify(w.events().filter((e) => e.e !== 'p').slice(-12))}\noutput: ${w.output().slice(-1500)}`)
    .join('\n');
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
    const result = (await within(`"${name}" run after the kill`, 90_000, handle.result()).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${diagnosis({ a, b: b! })}`);
    })) as PipelineResult;
    const progress = await handle.query(progressQuery);
    if (progress.stage !== 'done') throw new Error(`progress says ${progress.stage} after the run completed`);
    return { name, ...(await measure(ctx, result, a, b, handle)), ms: Date.now() - t0 };
  } finally {
    await a.kill();
    await b?.kill();
  }
}

async function measure(ctx: FaultContext, result: PipelineResult, killed: WorkerProcess, survivor: WorkerProcess, handle: Parameters<typeof activityAttempts>[0], spec: PipelineSpec = killSpec) {
  const events = killed.events();
  expectSameTrainerSources([...events, ...survivor.events()].filter((e) => e.e === 'start').map((e) => e.fingerprint as string | undefined));
  const kill = events.find((e) => e.e === 'kill');
  const rowsOf = (name: string) => events.filter((e) => e.e === name).map((e) => e.r as number);
  const rowsAtDeath =
    kill === undefined ? Math.max(0, ...rowsOf('p')) : kill.afterEpoch !== undefined ? (kill.afterEpoch as number) * KILL_ROWS : (kill.r as number);
  const start = (fitEvents(killed).at(-1)?.resumeRows as number | null | undefined) ?? 0;
  const beats = rowsOf('beat').filter((r) => r <= rowsAtDeath);
  const held = rowsOf('held').filter((r) => r <= rowsAtDeath);
  const lastHeld = Math.max(start, ...held);
  const resumed = fitEvents(survivor).find((e) => (e.attempt as number) >= 2);
  const resumedFrom = (resumed?.resumeRows as number | null | undefined) ?? 0;
  const attempts = await activityAttempts(handle);
  return {
    completed: true,
    rowsAtDeath,
    resumedFrom,
    recomputed: rowsAtDeath - resumedFrom,
    heartbeats: beats.length,
    confirmed: held.length,
    unconfirmedAtDeath: beats.filter((r) => r > lastHeld).length,
    intervalRows: (beats.at(-1) ?? start) - (beats.at(-2) ?? start),
    boundRows: rowsAtDeath - lastHeld,
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
    const result = (await within('the two-worker run after the kill', 90_000, handle.result())) as PipelineResult;
    const m = await measure(ctx, result, victim, survivor, handle, twoWorkerSpec);
    return { name: 'two workers, kill the one training', ...m, survivorDidFit: fitEvents(survivor).some((e) => (e.attempt as number) >= 2), ms: Date.now() - t0 };
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
  }
}
