import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createFaultContext, type FaultContext } from './faults/fault-context.js';
import { killAllWorkers } from './faults/processes.js';
import { runFullStore, runUnwritableStore, type StoreFaultOutcome } from './faults/store-scenarios.js';

// Fault suite item 5: an unusable or full artifact store fails the run clearly, in bounded time, with no
// partial artifact visible.
Runtime.install({ logger: new DefaultLogger('ERROR') });
let ctx: FaultContext;
beforeAll(async () => {
  ctx = await createFaultContext({ address: inject('temporalAddress'), namespace: inject('temporalNamespace') });
});
afterAll(async () => {
  await killAllWorkers();
  await ctx?.close();
});

function expectCleanFailure(o: StoreFaultOutcome, code: string): void {
  expect(o.failed).toBe(true);
  expect(o.failureType).toBe('ArtifactStoreWriteError');
  expect(o.message).toContain(o.store);
  expect(o.message).toContain(code);
  // Retryable (space or permissions can come back) but bounded: exactly the spec's maximumAttempts.
  expect(o.attempts).toBe(3);
  expect(o.ms).toBeLessThan(30_000);
  expect(o.damaged).toEqual([]);
  expect(o.partials).toEqual([]);
}

describe('an unusable or full artifact store', () => {
  it('a store root that cannot be created fails the run naming the path, after the bounded retries', async () => {
    const o = await runUnwritableStore(ctx);
    expectCleanFailure(o, 'ENOTDIR');
    expect(o.visible).toEqual([]);
  }, 60_000);

  it('a full disk fails the dataset write; nothing partial is visible in the store', async () => {
    const o = await runFullStore(ctx);
    expectCleanFailure(o, 'EFBIG');
    expect(o.visible.filter((f) => f.endsWith('.arrow'))).toEqual([]);
  }, 90_000);
});
