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
      heartbeatTimeout: (spec.timeouts?.fitHeartbeat ?? '20 seconds') as ActivityOptions['heartbeatTimeout'],
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

/** Failure types meaning "an input artifact is gone or does not match its hash" (from @sigmoid/arrow-store). */
const LOST_ARTIFACT_TYPES = ['ArtifactNotFoundError', 'ArtifactCorruptedError'];

/** The uri of the artifact an activity found missing or corrupted, if that is why it failed. */
function lostArtifact(err: unknown): { uri: string; type: string; message: string } | undefined {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return undefined;
  const { type, details, message } = err.cause;
  if (type == null || !LOST_ARTIFACT_TYPES.includes(type)) return undefined;
  const uri = (details?.[0] as { uri?: unknown } | undefined)?.uri;
  return typeof uri === 'string' ? { uri, type, message } : undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return `${err.cause.type ?? 'Error'}: ${err.cause.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * generate (or read) -> split -> fit -> evaluate (train and test) -> render.
 * Query `progress`; signal `stopTraining` to finish the current epoch and keep the model.
 *
 * When a step finds one of its input artifacts deleted or corrupted (the store verifies hashes) and this
 * run produced that artifact, the producing step runs again once (content addressing gives the same
 * reference and repairs the file) and the step is retried; if the producer cannot run again (its own
 * input is gone), the run fails with a message naming the lost artifact.
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
  // uri of every artifact this run produced -> how to produce it again.
  const producers = new Map<string, () => Promise<void>>();
  const repaired = new Set<string>();
  // Runs an activity; repairs a lost input artifact once (by re-running its producer) and tries again.
  const repairing = async <T>(stage: PipelineStage, run: () => Promise<T>): Promise<T> => {
    for (;;) {
      progress.stage = stage;
      try {
        return await run();
      } catch (err) {
        const lost = lostArtifact(err);
        const produce = lost !== undefined && !repaired.has(lost.uri) ? producers.get(lost.uri) : undefined;
        if (lost === undefined || produce === undefined) throw err;
        repaired.add(lost.uri);
        try {
          await produce();
        } catch (produceErr) {
          throw ApplicationFailure.create({
            message: `Artifact ${lost.uri} needed by ${stage} is ${lost.type === 'ArtifactNotFoundError' ? 'missing' : 'corrupted'} and the step that produced it could not run again: ${messageOf(produceErr)}`,
            type: lost.type,
            nonRetryable: true,
            details: [{ uri: lost.uri }],
            cause: produceErr instanceof Error ? produceErr : undefined,
          });
        }
      }
    }
  };
  const step = async <T>(stage: PipelineStage, run: () => Promise<T>): Promise<T> => {
    try {
      return await repairing(stage, run);
    } catch (err) {
      progress.stage = 'failed';
      if (err instanceof ApplicationFailure) throw err;
      failStep(stage, err);
    }
  };

  let dataset = await step('generating', () => data.generateDataset(spec.data));
  const generate = async () => {
    dataset = await repairing('generating', () => data.generateDataset(spec.data));
  };
  producers.set(dataset.uri, generate);
  let parts = spec.split ? await step('splitting', () => data.splitDataset(dataset, spec.split!)) : null;
  const split = async () => {
    parts = await repairing('splitting', () => data.splitDataset(dataset, spec.split!));
  };
  if (parts) for (const ref of [parts.train, parts.test]) producers.set(ref.uri, split);
  const trainRef = () => (parts ? parts.train : dataset);
  const model = spec.model ?? {};
  let fit = await step('training', () => train.fitModel(trainRef(), model));
  producers.set(fit.model.uri, async () => {
    fit = await repairing('training', () => train.fitModel(trainRef(), model));
  });
  const trainMetrics = await step('evaluating', () => report.evaluateModel(fit.model, trainRef()));
  const testMetrics = parts ? await step('evaluating', () => report.evaluateModel(fit.model, parts!.test)) : null;
  const artifacts =
    spec.render === false ? [] : await step('rendering', () => report.renderReport(fit.model, trainRef(), trainMetrics, (spec.render || {}) as Record<string, unknown>));
  progress.stage = 'done';
  return {
    dataset,
    train: trainRef(),
    test: parts ? parts.test : null,
    model: fit.model,
    summary: fit.summary,
    metrics: { train: trainMetrics, test: testMetrics },
    artifacts,
    stoppedEarly: fit.stoppedEarly ?? progress.stopRequested,
  };
}
