import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { workflowsPath } from '@sigmoid/workflows';

// Histories recorded by scripts/record-histories.ts from earlier versions of the workflows must replay
// against the current code without non-determinism: the guard against breaking running pipelines.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = new URL('./__histories__/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories replay without non-determinism', () => {
  it('has recorded histories of trainingPipeline and sweep', () => {
    expect(files).toEqual(expect.arrayContaining(['sweep.json', 'training-pipeline-demo.json', 'training-pipeline-split.json']));
  });

  it.each(files)('%s replays', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { workflowId: string; history: unknown };
    const parsed = historyFromJSON(history);
    expect(parsed.events?.length).toBeGreaterThan(10);
    // Throws DeterminismViolationError if the code took a different path than the history records.
    await expect(Worker.runReplayHistory({ workflowsPath }, parsed, workflowId)).resolves.toBeUndefined();
  }, 60_000);
});
