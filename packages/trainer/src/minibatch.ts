import type { RecordBatch } from 'apache-arrow';
import type { DatasetSpec } from '@sigmoid/arrow-store';
import type { LogisticRegression } from './model.js';
import type { Problem } from './problem.js';
import type { Checkpoint, FitOptions, PartialFitOptions } from './fit.js';

export interface MiniBatchState {
  epoch: number;
}

export async function fitMiniBatch(
  _model: LogisticRegression,
  _problem: Problem,
  _theta0: Float64Array,
  _history: Checkpoint['history'],
  _options: FitOptions,
  _progressEvery: number,
  _resume: MiniBatchState | null,
  _checkpointOf: (s: MiniBatchState, done: boolean) => Checkpoint,
): Promise<void> {
  throw new Error('mini-batch solvers: not implemented yet');
}

export async function partialFitMiniBatch(_model: LogisticRegression, _batches: AsyncIterable<RecordBatch>, _spec: DatasetSpec | undefined, _options: PartialFitOptions, _fresh: boolean): Promise<void> {
  throw new Error('partialFit: not implemented yet');
}
