import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createFaultContext, type FaultContext } from './faults/fault-context.js';
import { BAD_INPUTS, handledAsPromised, tryBadInput, writeFixtures, type BadInputEnv } from './faults/bad-inputs.js';
import { withInProcessWorker } from './faults/in-process-worker.js';
import { auditStore } from './faults/store-scenarios.js';

// Fault suite item 6: a table of bad inputs across the CLI, the libraries and workflow input. Each gets its
// typed error quickly; workflow ones fail without retries; nothing already stored is damaged.
Runtime.install({ logger: new DefaultLogger('ERROR') });
let ctx: FaultContext;
let dir: string;
let before: ReturnType<typeof auditStore>;
beforeAll(async () => {
  ctx = await createFaultContext({ address: inject('temporalAddress'), namespace: inject('temporalNamespace') });
  dir = join(ctx.dir, 'fixtures');
  mkdirSync(dir, { recursive: true });
  writeFixtures(dir);
  // Something worth protecting in the store: a dataset, a split, a model, metrics, a PNG.
  await withInProcessWorker(ctx, {}, (taskQueue) =>
    ctx.client.workflow.execute('trainingPipeline', { taskQueue, workflowId: taskQueue, args: [{ data: { generator: 'make_classification', params: { n_samples: 300, random_state: 2 } }, split: { test_size: 0.25 } }] }),
  );
  before = auditStore(ctx.artifacts);
});
afterAll(async () => {
  await ctx?.close();
});

describe('bad inputs', () => {
  it('the catalogue has at least 25 entries across the CLI, the libraries and workflow input', () => {
    expect(BAD_INPUTS.filter((b) => b.gap === undefined).length).toBeGreaterThanOrEqual(25);
    for (const layer of ['cli', 'library', 'workflow']) expect(BAD_INPUTS.filter((b) => b.layer === layer).length).toBeGreaterThanOrEqual(6);
  });

  for (const layer of ['cli', 'library'] as const) {
    it.each(BAD_INPUTS.filter((b) => b.layer === layer && b.gap === undefined).map((b) => [b.name, b] as const))(`${layer}: %s -> typed error within a second`, async (_name, entry) => {
      const h = await tryBadInput(entry, { ctx, dir, taskQueue: '' });
      expect({ type: h.type, exitCode: h.exitCode }).toEqual({ type: entry.type, exitCode: entry.exitCode });
      expect(h.message).toMatch(entry.message);
      expect(handledAsPromised(entry, h), JSON.stringify(h)).toBe(true);
      expect(h.ms).toBeLessThan(1000);
    });
  }

  it('workflow input: each fails with its typed, non-retryable error, every activity attempted once', async () => {
    await withInProcessWorker(ctx, {}, async (taskQueue) => {
      const env: BadInputEnv = { ctx, dir, taskQueue };
      const outcomes = await Promise.all(BAD_INPUTS.filter((b) => b.layer === 'workflow' && b.gap === undefined).map(async (entry) => ({ entry, h: await tryBadInput(entry, env) })));
      for (const { entry, h } of outcomes) {
        expect({ name: entry.name, type: h.type }, h.message).toEqual({ name: entry.name, type: entry.type });
        expect(h.message, entry.name).toMatch(entry.message);
        expect(h.nonRetryable, entry.name).toBe(true);
        expect(h.attempts!.every((a) => a === 1), `${entry.name}: ${JSON.stringify(h.attempts)}`).toBe(true);
        expect(h.ms, entry.name).toBeLessThan(15_000);
      }
    });
  }, 60_000);

  it('nothing already stored was damaged', () => {
    const after = auditStore(ctx.artifacts);
    expect(before.visible.length).toBeGreaterThan(4);
    expect(after.damaged).toEqual([]);
    expect(after.visible).toEqual(expect.arrayContaining(before.visible));
  });
});
