import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, type ActivityOptions } from '@temporalio/workflow';
import type { SigmoidActivities } from './activities.js';
import {
  progressQuery,
  stopRequestedQuery,
  stopTrainingSignal,
  trainingProgressSignal,
  type PipelineProgress,
  type PipelineResult,
  type PipelineSpec,
  type PipelineStage,
} from './shared.js';
import { validatePipelineSpec } from './spec.js';

function activities(spec: PipelineSpec) {
  const maximumAttempts = spec.retry?.maximumAttempts;
  const quick: ActivityOptions = {
    startToCloseTimeout: '30 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: maximumAttempts ?? 5 },
  };
  return {
    data: proxyActivities<Pick<SigmoidActivities, 'generateDataset' | 'splitDataset'>>(quick),
    // Training can be long: the heartbeat timeout, not start-to-close, detects a dead worker quickly; the
    // retried attempt resumes from the last heartbeated checkpoint.
    train: proxyActivities<Pick<SigmoidActivities, 'fitModel'>>({
      startToCloseTimeout: '24 hours',
      heartbeatTimeout: '20 seconds',
      retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: maximumAttempts ?? 10 },
    }),
    report: proxyActivities<Pick<SigmoidActivities, 'evaluateModel' | 'renderReport'>>(quick),
  };
}

/** Turns an activity failure into the workflow's failure, naming the step and keeping the typed cause. */
function failStep(step: PipelineStage, err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    throw ApplicationFailure.create({ message: `${step} failed: ${cause.message}`, type: cause.type ?? 'ActivityFailed', nonRetryable: true, details: cause.details ? [...cause.details] : undefined, cause: err });
  }
  throw err;
}

/**
 * generate (or read) -> split -> fit -> evaluate (train and test) -> render.
 * Query `progress`; signal `stopTraining` to finish the current epoch and keep the model.
 */
export async function trainingPipeline(spec: PipelineSpec): Promise<PipelineResult> {
  validatePipelineSpec(spec);
  const progress: PipelineProgress = { stage: 'starting', epoch: 0, rowsSeen: 0, loss: null, stopRequested: false };
  setHandler(progressQuery, () => ({ ...progress }));
  setHandler(stopRequestedQuery, () => progress.stopRequested);
  setHandler(stopTrainingSignal, () => {
    progress.stopRequested = true;
  });
  setHandler(trainingProgressSignal, (p) => {
    // Signals can arrive out of order after a retry; keep the furthest point reached.
    if (p.rowsSeen >= progress.rowsSeen) Object.assign(progress, { epoch: p.epoch, rowsSeen: p.rowsSeen, loss: p.loss });
  });
  const { data, train, report } = activities(spec);
  const step = async <T>(stage: PipelineStage, run: () => Promise<T>): Promise<T> => {
    progress.stage = stage;
    try {
      return await run();
    } catch (err) {
      progress.stage = 'failed';
      failStep(stage, err);
    }
  };

  const dataset = await step('generating', () => data.generateDataset(spec.data));
  const parts = spec.split ? await step('splitting', () => data.splitDataset(dataset, spec.split!)) : null;
  const trainRef = parts ? parts.train : dataset;
  const fit = await step('training', () => train.fitModel(trainRef, spec.model ?? {}));
  const trainMetrics = await step('evaluating', () => report.evaluateModel(fit.model, trainRef));
  const testMetrics = parts ? await step('evaluating', () => report.evaluateModel(fit.model, parts.test)) : null;
  const artifacts =
    spec.render === false ? [] : await step('rendering', () => report.renderReport(fit.model, trainRef, trainMetrics, (spec.render || {}) as Record<string, unknown>));
  progress.stage = 'done';
  return {
    dataset,
    train: trainRef,
    test: parts ? parts.test : null,
    model: fit.model,
    summary: fit.summary,
    metrics: { train: trainMetrics, test: testMetrics },
    artifacts,
    stoppedEarly: fit.stoppedEarly ?? progress.stopRequested,
  };
}
