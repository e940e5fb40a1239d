import { ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleHandle, type ScheduleSummary } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { PipelineSpec } from './shared.js';
import { DEFAULT_TASK_QUEUE } from './shared.js';

export type OverlapPolicy = keyof typeof ScheduleOverlapPolicy;

export interface PipelineScheduleOptions {
  /** Schedule id (unique in the namespace). */
  scheduleId: string;
  /** The pipeline each run executes. */
  spec: PipelineSpec;
  /** Run every interval ('1h', '15 minutes', ms) ... */
  every?: Duration;
  /** ... and/or on cron expressions ('0 3 * * *'). At least one of the two. */
  cron?: string | string[];
  /** What to do when a run is still going at the next time (default 'SKIP'). */
  overlap?: OverlapPolicy;
  taskQueue?: string;
  /** Start paused (default false). */
  paused?: boolean;
  note?: string;
}

/**
 * Creates a Temporal Schedule that starts `trainingPipeline(spec)` every interval or on a cron.
 * Each run's workflow id is `<scheduleId>-<timestamp>` (Temporal appends the time).
 */
export async function createPipelineSchedule(client: Client, options: PipelineScheduleOptions): Promise<ScheduleHandle> {
  const cron = options.cron === undefined ? [] : Array.isArray(options.cron) ? options.cron : [options.cron];
  if (options.every === undefined && cron.length === 0) {
    throw new TypeError(`Expected "every" (an interval such as "1h") or "cron" for schedule ${options.scheduleId} but received neither`);
  }
  const overlap = options.overlap ?? 'SKIP';
  if (!(overlap in ScheduleOverlapPolicy)) {
    throw new TypeError(`Expected overlap to be one of ${Object.keys(ScheduleOverlapPolicy).join(', ')} but received ${JSON.stringify(overlap)}`);
  }
  return client.schedule.create({
    scheduleId: options.scheduleId,
    spec: { ...(options.every !== undefined ? { intervals: [{ every: options.every }] } : {}), ...(cron.length ? { cronExpressions: cron } : {}) },
    action: { type: 'startWorkflow', workflowType: 'trainingPipeline', args: [options.spec], taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE, workflowId: options.scheduleId },
    policies: { overlap: ScheduleOverlapPolicy[overlap], catchupWindow: '1 minute' },
    state: { paused: options.paused ?? false, ...(options.note ? { note: options.note } : {}) },
  });
}

/** Lists the schedules in the client's namespace. */
export async function listPipelineSchedules(client: Client): Promise<ScheduleSummary[]> {
  const out: ScheduleSummary[] = [];
  for await (const s of client.schedule.list()) out.push(s);
  return out;
}

/** Describes one schedule (spec, state, recent and upcoming runs). */
export async function describePipelineSchedule(client: Client, scheduleId: string): Promise<ScheduleDescription> {
  return client.schedule.getHandle(scheduleId).describe();
}
