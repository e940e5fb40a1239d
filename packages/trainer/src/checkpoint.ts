/**
 * What a fit in progress is made of, shared by the exact and the mini-batch solvers: the plain-JSON
 * checkpoint, the options that observe or stop a fit, and publishing learned state into the model.
 */
import type { DatasetSpec } from '@sigmoid/arrow-store';
import type { Label } from './data.js';
import type { LbfgsState } from './lbfgs.js';
import type { NewtonState } from './newton.js';
import type { MiniBatchState } from './minibatch.js';
import type { LogisticRegression } from './model.js';
import type { Problem, ProblemInfo } from './problem.js';

export const CHECKPOINT_FORMAT = 'sigmoid.trainer-checkpoint/v3' as const;

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

export async function stopRequested(options: FitOptions): Promise<boolean> {
  if (options.signal?.aborted === true) return true;
  return options.shouldStop !== undefined && (await options.shouldStop()) === true;
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

