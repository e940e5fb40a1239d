/**
 * Runs the whole fault suite once and prints the summary: faults injected / survived, rows recomputed,
 * bad inputs tried / handled. Same scenarios as the tests (apps/worker/src/faults/*).
 *
 *   npx tsx --conditions=@sigmoid/source apps/worker/scripts/fault-summary.ts
 *
 * Uses TEMPORAL_ADDRESS when set, else starts an embedded dev server (the server-restart scenario always
 * starts its own). Takes about three minutes on two busy cores.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startDevServer } from '@sigmoid/dev-server';
import { createFaultContext } from '../src/faults/fault-context.js';
import { KILL_HEARTBEAT_INTERVAL_MS, KILL_POINTS, runKillScenario, runTwoWorkerScenario, spawnKillWorker, type KillOutcome } from '../src/faults/kill-scenarios.js';
import { runServerRestart } from '../src/faults/server-scenarios.js';
import { ARTIFACT_CASES, runArtifactCase } from '../src/faults/artifact-scenarios.js';
import { auditStore, runFullStore, runUnwritableStore } from '../src/faults/store-scenarios.js';
import { BAD_INPUTS, handledAsPromised, tryBadInput, writeFixtures } from '../src/faults/bad-inputs.js';
import { withInProcessWorker } from '../src/faults/in-process-worker.js';
import { killAllWorkers } from '../src/faults/processes.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const server = await startDevServer({ headless: true, log: () => {} });
const ctx = await createFaultContext({ address: server.address, namespace: server.namespace });
const faults: { name: string; survived: boolean; note: string }[] = [];
let recomputed = 0;
let killSummary = '';
let trained = 0;
const fault = (name: string, survived: boolean, note: string) => {
  faults.push({ name, survived, note });
  console.log(`${survived ? 'survived' : 'FAILED  '}  ${name}: ${note}`);
};
async function attempt(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    fault(name, false, err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
}

try {
  console.log('== worker killed during fitModel (SIGKILL)');
  const prepared = new Map(KILL_POINTS.map(({ name, kill }) => [name, spawnKillWorker(ctx, kill)]));
  const kills: KillOutcome[] = [];
  for (const { name, kill } of KILL_POINTS) await attempt(name, async () => void kills.push(await runKillScenario(ctx, name, kill, prepared.get(name))));
  await attempt('two workers', async () => void kills.push(await runTwoWorkerScenario(ctx)));
  for (const o of kills) {
    recomputed += o.recomputed;
    trained += o.totalRows;
    const ok = o.completed && o.identical && o.unconfirmedAtDeath <= 1 && o.recomputed <= o.boundRows;
    fault(
      `kill: ${o.name}`,
      ok,
      `model ${o.identical ? 'bit-identical' : 'DIFFERENT'}, fit attempts ${o.fitAttempts}, died at row ${o.rowsAtDeath} with ${o.confirmed} of ${o.heartbeats} checkpoints confirmed, resumed from ${o.resumedFrom}, recomputed ${o.recomputed} rows (bound: ${o.boundRows}, the rows of the heartbeat interval the kill fell in, up to the kill; previous interval: ${o.intervalRows}), ${(o.ms / 1000).toFixed(1)} s`,
    );
  }
  const within = kills.filter((o) => o.recomputed <= o.boundRows && o.unconfirmedAtDeath <= 1).length;
  killSummary = `${within} of ${kills.length} kills recomputed at most the rows since the last confirmed checkpoint (one heartbeat interval, ${KILL_HEARTBEAT_INTERVAL_MS} ms paced)`;

  console.log('== Temporal server stopped and restarted (SQLite)');
  await attempt('server restart', async () => {
    const o = await runServerRestart(ctx);
    fault(o.name, o.completed && o.identical && !o.stoppedEarly, `rows before stop ${o.rowsBeforeStop}, down ${(o.downMs / 1000).toFixed(1)} s, fit attempts ${o.fitAttempts}, model ${o.identical ? 'bit-identical' : 'DIFFERENT'}`);
  });

  console.log('== artifacts deleted or corrupted between steps');
  for (const c of ARTIFACT_CASES) {
    await attempt(c.name, async () => {
      const o = await runArtifactCase(ctx, c);
      const ok = c.outcome === 'repaired' ? o.status === 'completed' : o.status === 'failed' && o.damaged.every((u) => (o.message ?? '').includes(u));
      const reruns = Object.entries(o.calls).map(([k, v]) => `${k}x${v}`).join(' ');
      fault(`artifact: ${c.name}`, ok, c.outcome === 'repaired' ? `repaired (${reruns})` : `failed clearly: ${o.message?.slice(0, 120)}...`);
    });
  }

  console.log('== unusable or full artifact store');
  for (const run of [runUnwritableStore, runFullStore]) {
    await attempt(run.name, async () => {
      const o = await run(ctx);
      const ok = o.failed && o.message.includes(o.store) && o.partials.length === 0 && o.damaged.length === 0;
      fault(`store: ${o.name}`, ok, `${o.failureType} after ${o.attempts} attempts in ${(o.ms / 1000).toFixed(1)} s, partial files ${o.partials.length}`);
    });
  }

  console.log('== bad inputs');
  const dir = join(ctx.dir, 'fixtures');
  mkdirSync(dir, { recursive: true });
  writeFixtures(dir);
  const before = auditStore(ctx.artifacts);
  let handled = 0;
  const gaps: string[] = [];
  await withInProcessWorker(ctx, {}, async (taskQueue) => {
    for (const entry of BAD_INPUTS) {
      const h = await tryBadInput(entry, { ctx, dir, taskQueue });
      const ok = handledAsPromised(entry, h) && (entry.layer === 'workflow' || h.ms < 1000);
      if (ok) handled++;
      else gaps.push(`${entry.name}: got ${h.type}${h.exitCode !== undefined ? ` (exit ${h.exitCode})` : ''}: ${h.message.slice(0, 100)}${entry.gap ? ` [known gap: ${entry.gap}]` : ''}`);
    }
  });
  const after = auditStore(ctx.artifacts);
  const intact = after.damaged.length === 0 && before.visible.every((f) => after.visible.includes(f));

  console.log('\n== summary');
  console.log(`faults injected: ${faults.length}, survived as promised: ${faults.filter((f) => f.survived).length}`);
  console.log(`rows recomputed after worker kills: ${recomputed} of ${trained} rows trained (${((100 * recomputed) / trained).toFixed(1)}%); ${killSummary}`);
  console.log(`bad inputs tried: ${BAD_INPUTS.length}, handled (typed error, fast, non-retryable, one attempt): ${handled}`);
  for (const g of gaps) console.log(`  not handled: ${g}`);
  console.log(`artifact store after the bad inputs: ${intact ? 'intact' : 'DAMAGED'} (${after.visible.length} artifacts hash-verified)`);
  if (faults.some((f) => !f.survived) || !intact) process.exitCode = 1;
} finally {
  await killAllWorkers();
  await ctx.close();
  await server.stop();
}
