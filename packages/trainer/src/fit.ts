/**
 * Fitting: the scan pass, then an exact solver (lbfgs / newton, one update per pass) or a mini-batch
 * solver (one update per batch). Checkpoints are plain JSON; resuming from one ends bit-identical to
 * an uninterrupted fit because every step is a deterministic function of (checkpoint, data).
 */
import { InvalidParameterError, defaultDatasetSpec, recordBatches, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import type { RecordBatch } from 'apache-arrow';
import { passOpener, type FitSource, type Label } from './data.js';
import { lbfgs, type LbfgsState } from './lbfgs.js';
import { newton, type NewtonState } from './newton.js';
import { Problem, scan, type ProblemInfo } from './problem.js';
import { paramsToSnakeCase, resolveParams, type LogisticRegressionParams } from './params.js';
import { fitMiniBatch, partialFitMiniBatch, type MiniBatchState } from './minibatch.js';
import type { LogisticRegression } from './model.js';

export const CHECKPOINT_FORMAT = 'sigmoid.trainer-checkpoint/v1' as const;

/** Solver state of a fit in progress: plain JSON (numbers, arrays, strings), safe to heartbeat. */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** scikit-learn snake_case hyper-parameters. */
  params: Record<string, unknown>;
  spec: DatasetSpec;
  problem: ProblemInfo;
  solver: { kind: 'lbfgs'; state: LbfgsState } | { kind: 'newton'; state: NewtonState } | { kind: 'minibatch'; state: MiniBatchState };
  history: { loss: number[]; validationScore: number[] };
  /** True once the fit has finished (converged, maxIter reached or stopped). */
  done: boolean;
}

/** What the progress callback receives. */
export interface FitProgress {
  checkpoint: Checkpoint;
  /** Exact solvers: objective after the iteration. Mini-batch: running mean objective of the epoch so far. */
  loss: number;
  epoch: number;
  iteration: number;
  rowsSeen: number;
}

export interface FitOptions {
  /** Every label the model must know (required when the data holds one class only). */
  classes?: Label[];
  /** Called every `progressEvery` iterations (exact solvers) or batches (mini-batch solvers). */
  onProgress?: (progress: FitProgress) => void | Promise<void>;
  /** Default 1 (exact solvers) / 100 (mini-batch). */
  progressEvery?: number;
  /** Polled after each iteration / epoch: true stops training early and keeps the model. */
  shouldStop?: () => boolean | Promise<boolean>;
  /** Aborting has the same effect as shouldStop returning true. */
  signal?: AbortSignal;
}

export interface PartialFitOptions {
  /** Every label, required on the first call. */
  classes?: Label[];
}

function checkOptions(options: FitOptions): void {
  if (options.progressEvery !== undefined && !(Number.isInteger(options.progressEvery) && options.progressEvery >= 1)) {
    throw new InvalidParameterError('progressEvery', 'an integer >= 1', options.progressEvery);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InvalidParameterError('onProgress', 'a function', options.onProgress);
  if (options.shouldStop !== undefined && typeof options.shouldStop !== 'function') throw new InvalidParameterError('shouldStop', 'a function', options.shouldStop);
  if (options.classes !== undefined && !(Array.isArray(options.classes) && options.classes.every((c) => typeof c === 'number' || typeof c === 'string'))) {
    throw new InvalidParameterError('classes', 'an array of numbers or strings', options.classes);
  }
}

export async function stopRequested(options: FitOptions): Promise<boolean> {
  if (options.signal?.aborted === true) return true;
  return options.shouldStop !== undefined && (await options.shouldStop()) === true;
}

async function firstSchemaSpec(open: () => AsyncIterable<RecordBatch>): Promise<DatasetSpec> {
  for await (const batch of open()) return defaultDatasetSpec(batch.schema);
  return { features: [], label: 'y' };
}

/** Writes learned state (raw space) into the model. */
export function publish(model: LogisticRegression, problem: Problem, theta: Float64Array, nIter: number, history: Checkpoint['history']): void {
  const raw = new Float64Array(problem.P);
  problem.toRaw(theta, raw);
  const d = problem.d;
  model.coef_ = [];
  const intercept = new Float64Array(problem.Kp);
  for (let k = 0; k < problem.Kp; k++) {
    model.coef_.push(raw.slice(k * (d + 1), k * (d + 1) + d));
    intercept[k] = problem.params.fitIntercept || problem.info.standardization !== null ? raw[k * (d + 1) + d]! : 0;
  }
  model.intercept_ = intercept;
  model.classes_ = [...problem.info.classes];
  model.featureNames_ = [...problem.info.spec.features];
  model.nIter_ = nIter;
  model.history_ = { loss: [...history.loss], validationScore: [...history.validationScore] };
  model.standardization_ = problem.info.standardization === null ? null : structuredClone(problem.info.standardization);
}

/** Initial solver parameters: zeros, or the current model (warmStart) mapped into solver space. */
function initialTheta(model: LogisticRegression, problem: Problem): Float64Array {
  const theta = new Float64Array(problem.P);
  if (model.params.warmStart && model.isFitted && model.coef_.length === problem.Kp && model.featureNames_.length === problem.d) {
    const raw = new Float64Array(problem.P);
    for (let k = 0; k < problem.Kp; k++) {
      raw.set(model.coef_[k]!, k * (problem.d + 1));
      raw[k * (problem.d + 1) + problem.d] = model.intercept_[k]!;
    }
    problem.fromRaw(raw, theta);
  }
  return theta;
}

/** Exact solvers stop at max|projected gradient of F| <= tol * GTOL_FACTOR (see README). */
export const GTOL_FACTOR = 1e-4;

export async function train(model: LogisticRegression, source: FitSource, specIn: DatasetSpec | undefined, options: FitOptions, resume: Checkpoint | null): Promise<void> {
  checkOptions(options);
  const params = model.params;
  const open = passOpener(source);
  const multiPass = params.solver === 'lbfgs' || params.solver === 'newton' || (params.epochs ?? params.maxIter) > 1 || params.earlyStopping;
  let oneShot: (() => AsyncIterable<RecordBatch>) | null = null;
  if (open === null) {
    if (multiPass || resume !== null) {
      throw new InvalidParameterError(
        'source',
        `a re-readable source for solver '${params.solver}' (a Table, an array of RecordBatch, or a function returning a fresh stream per pass), or a mini-batch solver with epochs: 1`,
        source,
      );
    }
    // One pass of a mini-batch solver over a one-shot stream: the scan needs its own pass, so the
    // statistics it gathers (row count, classes) come from `classes` / the stream as it goes.
    oneShot = () => recordBatches(source as RecordBatchSource);
  }
  const opener = open ?? oneShot!;
  let info: ProblemInfo;
  if (resume !== null) {
    info = resume.problem;
  } else if (open === null) {
    await partialFitMiniBatch(model, opener(), specIn, { ...(options.classes ? { classes: options.classes } : {}) }, true);
    return;
  } else {
    const spec = specIn ?? (await firstSchemaSpec(opener));
    info = await scan(opener(), spec, params, options.classes);
  }
  const problem = new Problem(info, params, opener);
  const history: Checkpoint['history'] = resume !== null ? structuredClone(resume.history) : { loss: [], validationScore: [] };
  const progressEvery = options.progressEvery ?? (params.solver === 'lbfgs' || params.solver === 'newton' ? 1 : 100);
  const checkpointOf = (solver: Checkpoint['solver'], done: boolean): Checkpoint => ({
    format: CHECKPOINT_FORMAT,
    params: paramsToSnakeCase(params),
    spec: info.spec,
    problem: info,
    solver,
    history: structuredClone(history),
    done,
  });

  if (params.solver === 'lbfgs') {
    const l1 = problem.l1Weights.some((v) => v !== 0) ? problem.l1Weights : null;
    const resumeState = resume?.solver.kind === 'lbfgs' ? resume.solver.state : null;
    const state = await lbfgs((x, g) => problem.evaluate(x, g), initialTheta(model, problem), {
      l1,
      maxIter: params.maxIter,
      gtol: params.tol * GTOL_FACTOR,
      onIteration: async (s, F) => {
        history.loss.push(problem.sklearnObjective(F));
        if (options.onProgress && s.iteration % progressEvery === 0) {
          await options.onProgress({ checkpoint: checkpointOf({ kind: 'lbfgs', state: structuredClone(s) }, s.converged), loss: history.loss.at(-1)!, epoch: s.iteration, iteration: s.iteration, rowsSeen: s.evaluations * info.nRows });
        }
        return stopRequested(options);
      },
    }, resumeState);
    const theta = Float64Array.from(state.x);
    publish(model, problem, theta, state.iteration, history);
    model.state_ = checkpointOf({ kind: 'lbfgs', state }, true);
    return;
  }
  if (params.solver === 'newton') {
    const resumeState = resume?.solver.kind === 'newton' ? resume.solver.state : null;
    const state = await newton((x, g, h) => problem.evaluate(x, g, h), initialTheta(model, problem), {
      maxIter: params.maxIter,
      gtol: params.tol * GTOL_FACTOR,
      onIteration: async (s, F) => {
        history.loss.push(problem.sklearnObjective(F));
        if (options.onProgress && s.iteration % progressEvery === 0) {
          await options.onProgress({ checkpoint: checkpointOf({ kind: 'newton', state: structuredClone(s) }, s.converged), loss: history.loss.at(-1)!, epoch: s.iteration, iteration: s.iteration, rowsSeen: s.evaluations * info.nRows });
        }
        return stopRequested(options);
      },
    }, resumeState);
    publish(model, problem, Float64Array.from(state.x), state.iteration, history);
    model.state_ = checkpointOf({ kind: 'newton', state }, true);
    return;
  }
  const resumeState = resume?.solver.kind === 'minibatch' ? resume.solver.state : null;
  await fitMiniBatch(model, problem, initialTheta(model, problem), history, options, progressEvery, resumeState, (s, done) => checkpointOf({ kind: 'minibatch', state: s }, done));
}

export async function trainPartial(model: LogisticRegression, source: RecordBatchSource, spec: DatasetSpec | undefined, options: PartialFitOptions): Promise<void> {
  await partialFitMiniBatch(model, recordBatches(source), spec, options, false);
}

export { resolveParams };
export type { LogisticRegressionParams };
