import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFaultContext, type FaultContext } from './faults/fault-context.js';
import { KILL_POINTS, KILL_ROWS, runKillScenario, runTwoWorkerScenario, spawnKillWorker, type KillOutcome, type KillWorker } from './faults/kill-scenarios.js';
import { killAllWorkers } from './faults/processes.js';

// Fault suite items 1-2: worker processes (apps/worker/src/faults/fault-worker.ts = the production worker with
// an event log) are SIGKILLed during fitModel; another worker finishes the run from the last heartbeat.
let ctx: FaultContext;
const prepared = new Map<string, KillWorker>();
beforeAll(async () => {
  ctx = await createFaultContext({ address: inject('temporalAddress'), namespace: inject('temporalNamespace') });
  // Boot every scenario's first worker now, in parallel (each has its own task queue and idles until its turn).
  for (const { name, kill } of KILL_POINTS) prepared.set(name, spawnKillWorker(ctx, kill));
});
afterAll(async () => {
  await killAllWorkers();
  await ctx?.close();
});

function expectSurvived(o: KillOutcome): void {
  expect(o.completed).toBe(true);
  expect(o.fitAttempts, 'fitModel ran again after the kill').toBeGreaterThanOrEqual(2);
  // Bit-identical to an uninterrupted fit: the stored model JSON has the same sha256 (and so the same coef).
  expect(o.coefEqual).toBe(true);
  expect(o.model?.sha256).toBe(o.baseline.sha256);
  // Training never ran ahead of an unconfirmed checkpoint: at most one was outstanding when the worker died ...
  expect(o.heartbeats).toBeGreaterThan(0);
  expect(o.unconfirmedAtDeath, JSON.stringify(o)).toBeLessThanOrEqual(1);
  // ... and the new attempt resumed from the last checkpoint the server had confirmed (or a later one), so the
  // rows trained twice are at most the rows trained since then: at most one heartbeat interval.
  expect(o.recomputed).toBeGreaterThanOrEqual(0);
  expect(o.recomputed, JSON.stringify(o)).toBeLessThanOrEqual(o.boundRows);
  expect(o.recomputed).toBeLessThan(o.totalRows);
}

describe('SIGKILL of the worker during fitModel', () => {
  it.each(KILL_POINTS)('$name: a new worker completes the run with the same model', async ({ name, kill }) => {
    const o = await runKillScenario(ctx, name, kill, prepared.get(name));
    console.log(JSON.stringify({ ...o, model: o.model?.sha256.slice(0, 12), baseline: o.baseline.sha256.slice(0, 12) }));
    expectSurvived(o);
    if ('afterEpoch' in kill) expect(o.rowsAtDeath).toBe(kill.afterEpoch * KILL_ROWS);
    if ('atRows' in kill) expect(o.rowsAtDeath).toBeGreaterThanOrEqual(kill.atRows);
    if ('atBeat' in kill) {
      expect(o.rowsAtDeath).toBeGreaterThanOrEqual(kill.atBeat);
      // Killed with a checkpoint handed over but not confirmed: exactly one interval was at stake.
      expect(o.unconfirmedAtDeath).toBe(1);
      expect(o.boundRows).toBe(o.intervalRows);
    }
    // Past the first heartbeat, the new attempt resumes from a checkpoint instead of starting over.
    if (o.confirmed > 0) expect(o.resumedFrom).toBeGreaterThan(0);
  }, 120_000);

  it('two workers on one queue: kill the one training, the other finishes', async () => {
    const o = await runTwoWorkerScenario(ctx);
    console.log(JSON.stringify({ ...o, model: o.model?.sha256.slice(0, 12), baseline: o.baseline.sha256.slice(0, 12) }));
    expect(o.survivorDidFit).toBe(true);
    expectSurvived(o);
    expect(o.resumedFrom).toBeGreaterThan(0);
  }, 120_000);
});
