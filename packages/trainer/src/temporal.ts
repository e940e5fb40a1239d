/**
 * Temporal plugin entry of @sigmoid/trainer: the `fitModel` activity (reads a dataset from the artifact
 * store as a stream, heartbeats its checkpoint, resumes from `activityInfo().heartbeatDetails` on retry,
 * writes the model JSON back to the store) and a `SimplePlugin` registering it.
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
}

export interface TrainerActivityDeps {
  store: ArtifactStore;
  /** Called once per activity run (inside the activity context) to connect to the workflow. */
  link?: () => TrainingLink;
  /** Heartbeat / progress every this many iterations (exact) or batches (mini-batch). Default: the solver's. */
  progressEvery?: number;
}

export interface TrainerActivities {
  /** Fits LogisticRegression(params) (scikit-learn keyword names + Sigmoid options) on a stored dataset. */
  fitModel(ref: DatasetRef, params: Record<string, unknown>): Promise<FitModelResult>;
}

/** How a fit reports and resumes; the activity fills it from the Temporal context. */
export interface FitFromStoreHooks {
  heartbeat?: (details: FitHeartbeat) => void;
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
  const options = {
    ...(hooks.progressEvery !== undefined ? { progressEvery: hooks.progressEvery } : {}),
    onProgress: async (p: FitProgress) => {
      hooks.heartbeat?.({ dataset: ref.sha256, checkpoint: p.checkpoint });
      hooks.link?.report({ epoch: p.epoch, rowsSeen: p.rowsSeen, loss: Number.isFinite(p.loss) ? p.loss : null });
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

/** Builds the trainer activities over an artifact store (thin wrappers over {@link fitFromStore}). */
export function createTrainerActivities(deps: TrainerActivityDeps): TrainerActivities {
  return {
    async fitModel(ref: DatasetRef, params: Record<string, unknown>): Promise<FitModelResult> {
      try {
        const ctx = currentContext();
        return await fitFromStore(deps.store, ref, params ?? {}, {
          ...(ctx !== null ? { heartbeat: (d: FitHeartbeat) => ctx.heartbeat(d), heartbeatDetails: ctx.info.heartbeatDetails } : {}),
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
