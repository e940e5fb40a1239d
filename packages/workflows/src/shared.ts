/**
 * Names, signals, queries and plain types shared by workflows, workers and clients.
 * This file is bundled into the workflow sandbox: no Node built-ins, no I/O, types-only imports.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ArtifactRef, DatasetRef, ModelRef } from '@sigmoid/arrow-store';

/** Default task queue of every Sigmoid worker (`SIGMOID_TASK_QUEUE` overrides it). */
export const DEFAULT_TASK_QUEUE = 'sigmoid';

/** Where the data comes from: a scikit-learn-style generator, or a dataset file (.arrow/.csv). */
export type DataSource =
  | { generator: 'make_classification' | 'make_blobs' | 'make_moons' | 'make_circles'; params: Record<string, unknown>; streaming?: boolean; batchSize?: number }
  | { path: string };

/** What `trainingPipeline` runs. Parameter names follow scikit-learn's keyword names. */
export interface PipelineSpec {
  data: DataSource;
  /** Hold out a test set (train_test_split keywords: test_size, random_state, stratify...); none by default. */
  split?: Record<string, unknown> | null;
  /** LogisticRegression keyword arguments plus Sigmoid's own options (solver, batch_size, epochs, ...). */
  model?: Record<string, unknown>;
  /** Chart options: title, axis labels, class labels. */
  render?: Record<string, unknown> | false;
  /** Retry policy overrides (maximumAttempts) per activity, for tests and tuning. */
  retry?: { maximumAttempts?: number };
  /**
   * Timeout overrides. `fitHeartbeat` (default "20 seconds"): how long fitModel may go without a heartbeat
   * before Temporal declares its worker dead and retries it from the last checkpoint (ms-style string or ms).
   */
  timeouts?: { fitHeartbeat?: string | number };
}

/** The model as the pipeline reports it (scikit-learn's names). */
export interface ModelSummary {
  coef: number[][];
  intercept: number[];
  classes: (number | string)[];
  n_iter: number;
  feature_names?: string[];
}

/**
 * Metrics keyed by scikit-learn's names (accuracy, log_loss, roc_auc, confusion_matrix, ...), as
 * @sigmoid/evaluation returns them. The workflows read only `accuracy` and `log_loss`.
 */
export type Metrics = { accuracy?: number; log_loss?: number };

export interface PipelineResult {
  dataset: DatasetRef;
  train: DatasetRef;
  test: DatasetRef | null;
  model: ModelRef;
  summary: ModelSummary;
  metrics: { train: Metrics; test: Metrics | null };
  artifacts: ArtifactRef[];
  stoppedEarly: boolean;
}

export type PipelineStage = 'starting' | 'generating' | 'splitting' | 'training' | 'evaluating' | 'rendering' | 'done' | 'failed';

/** What the `progress` query answers. */
export interface PipelineProgress {
  stage: PipelineStage;
  epoch: number;
  rowsSeen: number;
  loss: number | null;
  stopRequested: boolean;
}

/** Training progress as the fitModel activity reports it (through a signal). */
export interface TrainingProgress {
  epoch: number;
  rowsSeen: number;
  loss: number | null;
}

export const progressQuery = defineQuery<PipelineProgress>('progress');
/** Asked by the fitModel activity between batches: should training stop after the current epoch? */
export const stopRequestedQuery = defineQuery<boolean>('stopRequested');
/** Finish the current epoch, keep the model, and complete the pipeline with it. */
export const stopTrainingSignal = defineSignal('stopTraining');
/** Sent by the fitModel activity (throttled) so `progress` can report epoch, rows and loss. */
export const trainingProgressSignal = defineSignal<[TrainingProgress]>('trainingProgress');

/** One point of a hyper-parameter sweep: model keyword arguments merged over the base spec's. */
export interface SweepSpec {
  base: PipelineSpec;
  /** Grid: every combination of these values is one child pipeline. */
  grid: Record<string, unknown[]>;
  /** How many child pipelines run at once (default 4). */
  maxConcurrency?: number;
}

export interface SweepTrial {
  params: Record<string, unknown>;
  workflowId: string;
  validationLogLoss: number | null;
  result: PipelineResult | null;
  error: string | null;
}

export interface SweepResult {
  trials: SweepTrial[];
  best: SweepTrial | null;
  chart: ArtifactRef | null;
}
