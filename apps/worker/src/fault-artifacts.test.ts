import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createFaultContext, type FaultContext } from './faults/fault-context.js';
import { ARTIFACT_CASES, runArtifactCase, undamagedModel } from './faults/artifact-scenarios.js';

// Fault suite item 4: artifacts deleted or corrupted between steps, on the real dev server with the real activities.
Runtime.install({ logger: new DefaultLogger('ERROR') });
let ctx: FaultContext;
const models = new Map<string, Promise<string>>();
beforeAll(async () => {
  ctx = await createFaultContext({ address: inject('temporalAddress'), namespace: inject('temporalNamespace') });
});
afterAll(async () => {
  await ctx?.close();
});

describe('an artifact deleted or corrupted between steps', () => {
  it.each(ARTIFACT_CASES.filter((c) => c.outcome === 'repaired'))('$name: detected, the producing step runs again, same model', async (c) => {
    const key = JSON.stringify(c.spec);
    if (!models.has(key)) models.set(key, undamagedModel(ctx, c.spec));
    const expected = await models.get(key)!;
    const o = await runArtifactCase(ctx, c);
    expect(o.damaged.length).toBeGreaterThan(0);
    expect(o.status, o.message ?? '').toBe('completed');
    expect(o.result!.model.sha256).toBe(expected);
    // The damaged step ran twice (detected, then retried after the repair), its producers ran again.
    expect(o.calls[c.before]).toBeGreaterThanOrEqual(2);
    const producersRan = (o.calls.generateDataset ?? 0) + (o.calls.splitDataset ?? 0) + (o.calls.fitModel ?? 0);
    expect(producersRan).toBeGreaterThan(c.spec.split ? 3 : 2);
    // Detection burnt no retries: every attempt count is 1 (the repair is a new scheduling, not a retry).
    expect(o.attempts.every((a) => a.attempt === 1), JSON.stringify(o.attempts)).toBe(true);
  }, 60_000);

  it('when the producing step cannot run again, the failure names the lost artifact', async () => {
    const c = ARTIFACT_CASES.find((x) => x.outcome === 'failed')!;
    const o = await runArtifactCase(ctx, c);
    expect(o.status).toBe('failed');
    expect(o.failureType).toBe('ArtifactNotFoundError');
    expect(o.message).toContain(o.damaged[0]);
    expect(o.message).toMatch(/is missing and the step that produced it could not run again: DatasetFileError: .*source-.*\.arrow/);
    expect(o.calls.generateDataset).toBe(2);
    expect(o.attempts.every((a) => a.attempt === 1), JSON.stringify(o.attempts)).toBe(true);
  }, 60_000);
});
