import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFaultContext, type FaultContext } from './faults/fault-context.js';
import { killAllWorkers } from './faults/processes.js';
import { runServerRestart } from './faults/server-scenarios.js';

// Fault suite item 3: this test starts its own dev server (SQLite file), stops it mid-training and starts it again.
let ctx: FaultContext;
beforeAll(async () => {
  ctx = await createFaultContext({ address: inject('temporalAddress'), namespace: inject('temporalNamespace') });
});
afterAll(async () => {
  await killAllWorkers();
  await ctx?.close();
});

describe('Temporal server restart', () => {
  it('stopped mid-training and started again on the same port and SQLite file: the run completes', async () => {
    const o = await runServerRestart(ctx);
    console.log(JSON.stringify(o));
    expect(o.completed).toBe(true);
    expect(o.rowsBeforeStop).toBeGreaterThan(0);
    expect(o.fitAttempts).toBeGreaterThanOrEqual(1);
    expect(o.fitAttempts).toBeLessThanOrEqual(10);
    // The model does not depend on the outage: same bytes as an uninterrupted fit. (The one mismatch seen before
    // was a worker that loaded trainer sources edited mid-run; the scenario now checks that first and says so.)
    expect(o.difference).toBe('');
    expect(o.identical).toBe(true);
    expect(o.stoppedEarly).toBe(false);
  }, 150_000);
});
