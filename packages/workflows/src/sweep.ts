import { ApplicationFailure, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SigmoidActivities } from './activities.js';
import type { PipelineSpec, SweepResult, SweepSpec, SweepTrial } from './shared.js';
import { validateSweepSpec } from './spec.js';
import { trainingPipeline } from './training-pipeline.js';

const { renderSweepChart } = proxyActivities<Pick<SigmoidActivities, 'renderSweepChart'>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5 },
});

/** Every combination of the grid's values, in a stable order (keys sorted). */
export function expandGrid(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const key of Object.keys(grid).sort()) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of grid[key]!) next.push({ ...p, [key]: v });
    points = next;
  }
  return points;
}

function validationLogLoss(trial: SweepTrial): number | null {
  const m = trial.result?.metrics.test ?? trial.result?.metrics.train;
  const v = m?.log_loss;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One child `trainingPipeline` per grid point, at most `maxConcurrency` at once; the best is the one
 * with the lowest validation log loss (test split when the base spec has one, else training).
 */
export async function sweep(spec: SweepSpec): Promise<SweepResult> {
  validateSweepSpec(spec);
  const points = expandGrid(spec.grid);
  const limit = spec.maxConcurrency ?? 4;
  const parent = workflowInfo().workflowId;
  const trials: SweepTrial[] = points.map((params, i) => ({ params, workflowId: `${parent}-trial-${i}`, validationLogLoss: null, result: null, error: null }));
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < trials.length) {
      const trial = trials[next++]!;
      const child: PipelineSpec = { ...spec.base, model: { ...(spec.base.model ?? {}), ...trial.params }, render: false };
      try {
        trial.result = await executeChild(trainingPipeline, { args: [child], workflowId: trial.workflowId });
        trial.validationLogLoss = validationLogLoss(trial);
      } catch (err) {
        trial.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, trials.length) }, runOne));
  const scored = trials.filter((t) => t.validationLogLoss !== null);
  if (scored.length === 0) {
    throw ApplicationFailure.create({ message: `Every sweep trial failed: ${trials.map((t) => t.error).join('; ')}`, type: 'SweepFailed', nonRetryable: true });
  }
  const best = scored.reduce((a, b) => (b.validationLogLoss! < a.validationLogLoss! ? b : a));
  const chart = await renderSweepChart(
    scored.map((t) => ({ label: Object.entries(t.params).map(([k, v]) => `${k}=${String(v)}`).join(', '), value: t.validationLogLoss! })),
    { title: 'Sweep: validation log loss', valueLabel: 'log loss' },
  );
  return { trials, best, chart };
}
