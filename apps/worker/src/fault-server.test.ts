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
    // Item 3 asks that the run completes. Whether the model is also byte-identical to an uninterrupted fit is
    // printed above, not asserted: one run in five under heavy load gave a different model after the restart
    // (not reproduced since; an open issue). The worker-kill tests do assert bit-identical models.
    expect(o.fitAttempts).toBeLessThanOrEqual(10);
  }, 150_000);
});
