/**
 * Lost and corrupted artifacts between steps (fault suite item 4): an activity wrapper deletes or corrupts
 * the input artifacts of a step just before it runs. The store's hash check detects it; the workflow re-runs
 * the producing step when it can, or fails naming the artifact.
 */
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowFailedError } from '@temporalio/client';
import { makeClassification, writeDataset } from '@sigmoid/datagen';
import type { AnyArtifactRef } from '@sigmoid/arrow-store';
import type { PipelineResult, PipelineSpec, SigmoidActivities } from '@sigmoid/workflows';
import { uniqueName, type FaultContext } from './fault-context.js';
import { withInProcessWorker } from './in-process-worker.js';
import { activityAttempts, within } from './pipeline-history.js';

export type Damage = 'delete' | 'corrupt';
type Step = keyof SigmoidActivities;

export interface ArtifactFaultCase {
  name: string;
  /** Spec of the run (a file path is filled in for `fromFile`). */
  spec: PipelineSpec;
  /** Data comes from a file that is deleted together with the artifacts. */
  fromFile?: boolean;
  /** The step before whose first run the damage is done. */
  before: Step;
  /** Which artifacts to damage: indexes into the step's arguments, or 'parent' for the dataset the train split came from. */
  targets: (args: unknown[], produced: Map<Step, unknown>) => AnyArtifactRef[];
  damage: Damage;
  /** 'repaired': the run completes with the undamaged run's model; 'failed': a clear failure naming the artifact. */
  outcome: 'repaired' | 'failed';
}

const small = { generator: 'make_classification' as const, params: { n_samples: 2000, n_features: 4, random_state: 3 } };
const base: PipelineSpec = { data: small, model: { C: 0.5 }, render: false };
const withSplit: PipelineSpec = { ...base, split: { test_size: 0.25, random_state: 1 } };

export const ARTIFACT_CASES: ArtifactFaultCase[] = [
  { name: 'dataset deleted before fitModel', spec: base, before: 'fitModel', targets: (a) => [a[0] as AnyArtifactRef], damage: 'delete', outcome: 'repaired' },
  { name: 'train split corrupted before fitModel', spec: withSplit, before: 'fitModel', targets: (a) => [a[0] as AnyArtifactRef], damage: 'corrupt', outcome: 'repaired' },
  {
    name: 'train split and its parent dataset deleted before fitModel',
    spec: withSplit,
    before: 'fitModel',
    targets: (a, produced) => [a[0] as AnyArtifactRef, produced.get('generateDataset') as AnyArtifactRef],
    damage: 'delete',
    outcome: 'repaired',
  },
  { name: 'model corrupted before evaluateModel', spec: withSplit, before: 'evaluateModel', targets: (a) => [a[0] as AnyArtifactRef], damage: 'corrupt', outcome: 'repaired' },
  { name: 'test split deleted before its evaluation', spec: withSplit, before: 'evaluateModel', targets: (_a, produced) => [(produced.get('splitDataset') as { test: AnyArtifactRef }).test], damage: 'delete', outcome: 'repaired' },
  {
    name: 'source file and dataset deleted before fitModel (cannot regenerate)',
    spec: base,
    fromFile: true,
    before: 'fitModel',
    targets: (a) => [a[0] as AnyArtifactRef],
    damage: 'delete',
    outcome: 'failed',
  },
];

function damageFile(ref: AnyArtifactRef, damage: Damage): void {
  const path = fileURLToPath(ref.uri);
  if (damage === 'delete') return unlinkSync(path);
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff; // same length, different hash
  writeFileSync(path, bytes);
}

export interface ArtifactFaultOutcome {
  name: string;
  damaged: string[];
  /** Runs of each activity (all attempts of all schedulings). */
  calls: Record<string, number>;
  status: 'completed' | 'failed';
  result: PipelineResult | null;
  /** The failure message (failed runs). */
  message: string | null;
  failureType: string | null;
  /** Attempts per scheduled activity, from history. */
  attempts: { activity: string; attempt: number }[];
}

async function runPipeline(ctx: FaultContext, spec: PipelineSpec, wrap?: (a: SigmoidActivities) => SigmoidActivities) {
  return withInProcessWorker(ctx, wrap ? { wrap } : {}, async (taskQueue) => {
    const handle = await ctx.client.workflow.start('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [spec] });
    try {
      const result = (await within('pipeline', 60_000, handle.result())) as PipelineResult;
      return { result, error: null as WorkflowFailedError | null, attempts: await activityAttempts(handle) };
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      return { result: null, error: err, attempts: await activityAttempts(handle) };
    }
  });
}

/** The model of an undamaged run of `spec` (same store), to compare repaired runs with. */
export async function undamagedModel(ctx: FaultContext, spec: PipelineSpec): Promise<string> {
  const { result } = await runPipeline(ctx, spec);
  if (result === null) throw new Error('the undamaged run failed');
  return result.model.sha256;
}

export async function runArtifactCase(ctx: FaultContext, c: ArtifactFaultCase): Promise<ArtifactFaultOutcome> {
  let spec = c.spec;
  let file: string | undefined;
  if (c.fromFile) {
    file = join(ctx.dir, `${uniqueName('source')}.arrow`);
    await writeDataset(file, makeClassification({ nSamples: 2000, nFeatures: 4, randomState: 3 }));
    spec = { ...spec, data: { path: file } };
  }
  const calls: Record<string, number> = {};
  const produced = new Map<Step, unknown>();
  const damaged: string[] = [];
  let done = false;
  const wrap = (real: SigmoidActivities): SigmoidActivities => {
    const out = {} as Record<Step, (...args: unknown[]) => Promise<unknown>>;
    for (const key of Object.keys(real) as Step[]) {
      const fn = real[key] as (...args: unknown[]) => Promise<unknown>;
      out[key] = async (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        if (key === c.before && !done) {
          done = true;
          for (const ref of c.targets(args, produced)) {
            damageFile(ref, c.damage);
            damaged.push(ref.uri);
          }
          if (file !== undefined) rmSync(file);
        }
        const value = await fn(...args);
        if (!produced.has(key)) produced.set(key, value);
        return value;
      };
    }
    return out as unknown as SigmoidActivities;
  };
  const { result, error, attempts } = await runPipeline(ctx, spec, wrap);
  const cause = error?.cause as { message?: string; type?: string } | undefined;
  return {
    name: c.name,
    damaged,
    calls,
    status: result !== null ? 'completed' : 'failed',
    result,
    message: cause?.message ?? null,
    failureType: cause?.type ?? null,
    attempts,
  };
}
