/**
 * Temporal plugin entry of @sigmoid/trainer: the `fitModel` activity (reads a dataset from the artifact
 * store as a stream, heartbeats its checkpoint, resumes from `activityInfo().heartbeatDetails` on retry,
 * writes the model JSON back to the store) and a `SimplePlugin` registering it.
 *
 * Durability: training never passes a checkpoint heartbeat before the server holds it, so a worker that dies
 * (SIGKILL, lost machine) costs at most one heartbeat interval of training -- the rows between two
 * consecutive checkpoints. `Context.heartbeat` is fire-and-forget and the SDK coalesces calls into at most one
 * send per throttle interval, so the activity paces its checkpoints to that interval and confirms each one
 * by reading the activity's pending heartbeat details back from the server (see {@link recordCheckpoint}).
 *
 * @module @sigmoid/trainer/temporal
 *
 * @example
 * ```ts
 * import { Worker } from '@temporalio/worker';
 * import { LocalArtifactStore } from '@sigmoid/arrow-store';
 * import { trainerPlugin } from '@sigmoid/trainer/temporal';
 *
 * const worker = await Worker.create({ taskQueue: 'sigmoid', plugins: [trainerPlugin({ store: new LocalArtifactStore() })] });
 * // in a workflow: const { model, summary } = await fitModel(trainRef, { C: 1.0, solver: 'lbfgs' });
 * ```
 */
import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { SimplePlugin } from '@temporalio/plugin';
import { LocalArtifactStore, defaultDatasetSpec, type ArtifactStore, type DatasetRef, type DatasetSpec, type ModelRef } from '@sigmoid/arrow-store';
import { toApplicationFailure } from '@sigmoid/arrow-store/temporal';
import { Field, Float64, Schema } from 'apache-arrow';
import { LogisticRegression } from './model.js';
import { CHECKPOINT_FORMAT, type Checkpoint, type FitProgress } from './fit.js';

/** The model as the pipeline reports it (scikit-learn's names). */
export interface ModelSummary {
  coef: number[][];
  intercept: number[];
  classes: (number | string)[];
  n_iter: number;
  feature_names: string[];
}

/** What fitModel returns: the stored model JSON and a small summary for workflow history. */
export interface FitModelResult {
  model: ModelRef;
  summary: ModelSummary;
  /** True when the workflow asked training to stop before it converged. */
  stoppedEarly: boolean;
}

/** The link between a running fit and its workflow (progress out, stop requests in). Best effort, never throws. */
export interface TrainingLink {
  report(progress: { epoch: number; rowsSeen: number; loss: number | null }): void;
  shouldStop(): boolean | Promise<boolean>;
}

/** What the activity heartbeats: the checkpoint plus the dataset it belongs to. */
export interface FitHeartbeat {
  dataset: string;
  checkpoint: Checkpoint;
  /** The attempt that sent it and its number within that attempt: how the activity finds it on the server. */
  attempt?: number;
  sequence?: number;
}

/** Where a checkpoint heartbeat is: handed to the SDK (`recorded: false`), then held by the server (`recorded: true`). */
export interface CheckpointBeat {
  rowsSeen: number;
  epoch: number;
  recorded: boolean;
}

export interface TrainerActivityDeps {
  store: ArtifactStore;
  /** Called once per activity run (inside the activity context) to connect to the workflow. */
  link?: () => TrainingLink;
  /** Heartbeat / progress every this many iterations (exact) or batches (mini-batch). Default: the solver's. */
  progressEvery?: number;
  /**
   * Least time between two checkpoint heartbeats, in ms: the first progress callback after it has passed (counted
   * from the moment the server held the previous one) heartbeats. Default: the SDK's heartbeat throttle interval
   * for the activity, 80% of its heartbeat timeout and at most 60 s (30 s without a heartbeat timeout). Set it to
   * the worker's `maxHeartbeatThrottleInterval` when that is lower. A value below the worker's throttle is still
   * safe; training then waits for the SDK's next send at each checkpoint.
   */
  heartbeatIntervalMs?: number;
  /** Observes each checkpoint heartbeat (logging, fault tests). */
  onCheckpoint?: (beat: CheckpointBeat) => void;
}

export interface TrainerActivities {
  /** Fits LogisticRegression(params) (scikit-learn keyword names + Sigmoid options) on a stored dataset. */
  fitModel(ref: DatasetRef, params: Record<string, unknown>): Promise<FitModelResult>;
}

/** How a fit reports and resumes; the activity fills it from the Temporal context. */
export interface FitFromStoreHooks {
  /** Records a checkpoint; training waits for the returned promise (resolve it once the checkpoint is durable). */
  heartbeat?: (details: FitHeartbeat, at: { epoch: number; rowsSeen: number }) => unknown;
  /** Least ms between two heartbeats (checked at each progress callback, counted from the end of the last one). Default 0. */
  heartbeatIntervalMs?: number;
  /** Details of the previous attempt's last heartbeat (anything; only a matching checkpoint is used). */
  heartbeatDetails?: unknown;
  link?: TrainingLink;
  progressEvery?: number;
}

function specOf(ref: DatasetRef): DatasetSpec | undefined {
  // The DatasetRef's schema summary names the columns; the generators' convention gives the roles.
  // Without a summary the trainer reads the roles from the first batch's schema.
  const fields = (ref.schema?.fields ?? []).map((f) => new Field(f.name, new Float64()));
  return fields.length === 0 ? undefined : defaultDatasetSpec(new Schema(fields));
}

function usableCheckpoint(details: unknown, ref: DatasetRef, params: Record<string, unknown>): Checkpoint | null {
  const d = details as FitHeartbeat | null | undefined;
  if (d === null || typeof d !== 'object' || d.dataset !== ref.sha256 || d.checkpoint?.format !== CHECKPOINT_FORMAT) return null;
  // Same hyper-parameters or nothing: a retried attempt of the same activity always passes the same ones.
  const now = new LogisticRegression(params).toParamsJSON();
  return JSON.stringify(now) === JSON.stringify(d.checkpoint.params) ? d.checkpoint : null;
}

/**
 * The plain function behind `fitModel`: streams `ref` from the store (one pass per iteration / epoch),
 * resumes from a matching checkpoint in `hooks.heartbeatDetails`, writes the model JSON.
 */
export async function fitFromStore(store: ArtifactStore, ref: DatasetRef, params: Record<string, unknown>, hooks: FitFromStoreHooks = {}): Promise<FitModelResult> {
  const source = () => store.readBatches(ref);
  let stoppedEarly = false;
  const interval = hooks.heartbeatIntervalMs ?? 0;
  let lastBeat = -Infinity;
  const options = {
    ...(hooks.progressEvery !== undefined ? { progressEvery: hooks.progressEvery } : {}),
    onProgress: async (p: FitProgress) => {
      hooks.link?.report({ epoch: p.epoch, rowsSeen: p.rowsSeen, loss: Number.isFinite(p.loss) ? p.loss : null });
      if (hooks.heartbeat !== undefined && performance.now() - lastBeat >= interval) {
        // Awaited: the solver does not train past a checkpoint the heartbeat has not made durable.
        await hooks.heartbeat({ dataset: ref.sha256, checkpoint: p.checkpoint }, { epoch: p.epoch, rowsSeen: p.rowsSeen });
        lastBeat = performance.now();
      }
      // The solver loop only awaits microtasks: without a macrotask turn here, the worker's event loop (heartbeat
      // sends, progress signals, queries and workflow tasks of this worker) would wait for the next file read,
      // i.e. about one epoch. Measured by the fault suite: heartbeats landed only at epoch boundaries.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    shouldStop: async () => {
      if (hooks.link === undefined) return false;
      const stop = (await hooks.link.shouldStop()) === true;
      if (stop) stoppedEarly = true;
      return stop;
    },
  };
  const resume = usableCheckpoint(hooks.heartbeatDetails, ref, params);
  const model = resume !== null ? await LogisticRegression.resume(resume, source, options) : await new LogisticRegression(params).fit(source, specOf(ref), options);
  const json = model.toJSON();
  const modelRef = await store.writeJson(json);
  return {
    model: modelRef,
    summary: { coef: json.coef, intercept: json.intercept, classes: json.classes, n_iter: json.n_iter, feature_names: json.feature_names },
    stoppedEarly,
  };
}

function currentContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null; // called outside an activity (scripts, tests)
  }
}

/** The SDK's heartbeat throttle interval for an activity with this heartbeat timeout (worker defaults). */
export function sdkHeartbeatThrottleMs(heartbeatTimeoutMs: number | undefined): number {
  return heartbeatTimeoutMs !== undefined && heartbeatTimeoutMs > 0 ? Math.min(0.8 * heartbeatTimeoutMs, 60_000) : 30_000;
}

/** Thrown when the server has moved on from this attempt (timed out and retried, completed, workflow closed). */
export class AttemptSupersededError extends Error {
  override readonly name = 'AttemptSupersededError';
}

type ActivityClient = Context['client'];

/** gRPC status codes: NOT_FOUND (the run is gone), and the ones that will not change by asking again. */
const GRPC_NOT_FOUND = 5;
const UNCONFIRMABLE = new Set([3, 7, 12, 16]); // INVALID_ARGUMENT, PERMISSION_DENIED, UNIMPLEMENTED, UNAUTHENTICATED
/** Attempts whose checkpoints cannot be confirmed (see recordCheckpoint). */
const unconfirmable = new WeakSet<Context>();

/** Checks the server's copy: true when it holds `beat`; throws when this attempt is no longer the pending one. */
async function serverHolds(ctx: Context, client: ActivityClient, beat: FitHeartbeat): Promise<boolean> {
  const { workflowExecution, activityId, attempt } = ctx.info;
  const response = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId: workflowExecution?.workflowId ?? '', runId: workflowExecution?.runId ?? '' },
  });
  const pending = response.pendingActivities?.find((a) => a.activityId === activityId);
  if (pending === undefined || (pending.attempt ?? 1) !== attempt) {
    throw new AttemptSupersededError(`fitModel attempt ${attempt} is no longer the pending attempt of activity ${activityId} (server: ${pending === undefined ? 'not pending' : `attempt ${pending.attempt}`})`);
  }
  let payloads = pending.heartbeatDetails?.payloads ?? [];
  if (payloads.length === 0) return false;
  const converter = client.options.loadedDataConverter;
  for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
  const held = converter.payloadConverter.fromPayload<FitHeartbeat | null>(payloads[0]!);
  return held?.attempt === beat.attempt && held?.sequence === beat.sequence;
}

/**
 * Heartbeats `beat` and resolves once the server holds it. `Context.heartbeat` gives no acknowledgement, and the
 * SDK (Core) sends at most one heartbeat per throttle interval, each carrying the latest details, one send at a
 * time: so the server's copy only moves forward, and reading it back (DescribeWorkflowExecution, pending
 * activity) is a sound acknowledgement. While the server is unreachable the beat is handed again every
 * `resendMs` (Core drops a failed send). `onHanded` runs right after the first hand-over. Throws CancelledFailure on cancellation and AttemptSupersededError
 * once the server has retried the activity elsewhere, so a stale attempt stops instead of training on.
 */
export async function recordCheckpoint(ctx: Context, beat: FitHeartbeat, resendMs: number, onHanded?: () => void): Promise<void> {
  ctx.heartbeat(beat);
  onHanded?.();
  if (unconfirmable.has(ctx)) return;
  let client: ActivityClient;
  try {
    client = ctx.client;
  } catch {
    return; // no client (MockActivityEnvironment): best effort
  }
  let handedAt = performance.now();
  for (let wait = 1; ; wait = Math.min(2 * wait, 50)) {
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure(`fitModel cancelled while recording a checkpoint (${String(ctx.cancellationSignal.reason)})`);
    let held = false;
    try {
      held = await serverHolds(ctx, client, beat);
    } catch (err) {
      if (err instanceof AttemptSupersededError) throw err;
      const code = (err as { code?: unknown } | null)?.code;
      if (code === GRPC_NOT_FOUND) throw new AttemptSupersededError(`the workflow of fitModel attempt ${ctx.info.attempt} is gone: ${String(err)}`);
      if (typeof code === 'number' && UNCONFIRMABLE.has(code)) {
        // This worker may not read workflow state (e.g. an API key without describe rights): the SDK's
        // unconfirmed heartbeat is all there is, and a kill may then cost more than one interval.
        ctx.log.warn('fitModel cannot confirm checkpoint heartbeats; continuing unconfirmed', { error: String(err) });
        unconfirmable.add(ctx);
        return;
      }
      // The server is unreachable or restarting: keep asking; training waits, it does not run ahead.
    }
    if (held) return;
    if (performance.now() - handedAt >= resendMs) {
      ctx.heartbeat(beat);
      handedAt = performance.now();
    }
    await ctx.sleep(wait);
  }
}

/** Builds the trainer activities over an artifact store (thin wrappers over {@link fitFromStore}). */
export function createTrainerActivities(deps: TrainerActivityDeps): TrainerActivities {
  return {
    async fitModel(ref: DatasetRef, params: Record<string, unknown>): Promise<FitModelResult> {
      try {
        const ctx = currentContext();
        let heartbeat: FitFromStoreHooks['heartbeat'];
        let heartbeatIntervalMs = 0;
        if (ctx !== null) {
          heartbeatIntervalMs = deps.heartbeatIntervalMs ?? sdkHeartbeatThrottleMs(ctx.info.heartbeatTimeoutMs);
          let sequence = 0;
          heartbeat = async (details, at) => {
            const beat: FitHeartbeat = { ...details, attempt: ctx.info.attempt, sequence: ++sequence };
            await recordCheckpoint(ctx, beat, heartbeatIntervalMs, () => deps.onCheckpoint?.({ ...at, recorded: false }));
            deps.onCheckpoint?.({ ...at, recorded: true });
          };
        }
        return await fitFromStore(deps.store, ref, params ?? {}, {
          ...(ctx !== null ? { heartbeat, heartbeatIntervalMs, heartbeatDetails: ctx.info.heartbeatDetails } : {}),
          ...(deps.link !== undefined && ctx !== null ? { link: deps.link() } : {}),
          ...(deps.progressEvery !== undefined ? { progressEvery: deps.progressEvery } : {}),
        });
      } catch (err) {
        throw toApplicationFailure(err);
      }
    },
  };
}

export interface TrainerPluginOptions {
  /** The store, or a folder for a `LocalArtifactStore`. Default `new LocalArtifactStore()`. */
  store?: ArtifactStore | string;
  link?: () => TrainingLink;
  /** Plugin name. Default "sigmoid.trainer". */
  name?: string;
}

/** A `SimplePlugin` registering the trainer activities on a worker. */
export function trainerPlugin(options: TrainerPluginOptions = {}): SimplePlugin {
  const store = typeof options.store === 'string' || options.store === undefined ? new LocalArtifactStore(options.store === undefined ? {} : { root: options.store }) : options.store;
  return new SimplePlugin({
    name: options.name ?? 'sigmoid.trainer',
    activities: createTrainerActivities({ store, ...(options.link !== undefined ? { link: options.link } : {}) }),
  });
}
