/**
 * @module @sigmoid/workflows
 *
 * Temporal workflows that compose the Sigmoid plugins: `trainingPipeline` (generate -> split -> fit ->
 * evaluate -> render) and `sweep` (child pipelines over a hyper-parameter grid), their signals and
 * queries, and helpers over the client's Schedule API.
 *
 * @example
 * ```ts
 * import { Client } from '@temporalio/client';
 * import { DEFAULT_TASK_QUEUE, progressQuery, type PipelineResult } from '@sigmoid/workflows';
 * const client = new Client();
 * const handle = await client.workflow.start('trainingPipeline', {
 *   taskQueue: DEFAULT_TASK_QUEUE, workflowId: 'demo',
 *   args: [{ data: { generator: 'make_classification', params: { n_samples: 300, random_state: 2 } } }],
 * });
 * console.log(await handle.query(progressQuery));
 * const result: PipelineResult = await handle.result();
 * ```
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('./workflows.js', import.meta.url));
/**
 * Path of the workflow bundle entry, for `Worker.create({ workflowsPath })`: the compiled file, or the
 * TypeScript source when running from sources (tests), which Temporal's bundler compiles itself.
 */
export const workflowsPath: string = existsSync(compiled) ? compiled : compiled.replace(/\.js$/, '.ts');

export {
  DEFAULT_TASK_QUEUE,
  progressQuery,
  stopRequestedQuery,
  stopTrainingSignal,
  trainingProgressSignal,
} from './shared.js';
export type {
  DataSource,
  Metrics,
  ModelSummary,
  PipelineProgress,
  PipelineResult,
  PipelineSpec,
  PipelineStage,
  SweepResult,
  SweepSpec,
  SweepTrial,
  TrainingProgress,
} from './shared.js';
export type { SigmoidActivities } from './activities.js';
export { INVALID_SPEC, validatePipelineSpec, validateSweepSpec } from './spec.js';
export { expandGrid } from './sweep.js';
export { createPipelineSchedule, listPipelineSchedules, describePipelineSchedule } from './schedules.js';
export type { PipelineScheduleOptions, OverlapPolicy } from './schedules.js';
