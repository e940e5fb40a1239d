/**
 * The worker process of the fault suite: the production worker (`createSigmoidWorker`, configured from the
 * same environment variables as `main.ts`) with an instrumented `fitModel` so a test can see inside a
 * process it is about to SIGKILL. Extra variables:
 *
 * - `SIGMOID_FAULT_LOG`: file that gets one JSON line per event, written synchronously (so the lines
 *   survive SIGKILL): `start` (with a fingerprint of the trainer sources it loaded), `fitStart` (attempt, rows
 *   of the checkpoint it resumes from), `p` (every progress callback: rows seen, epoch, time), `beat` (a
 *   checkpoint heartbeat handed to the SDK), `held` (the server holds it), `epochEnd`, `fitDone`.
 * - `SIGMOID_FAULT_KILL`: JSON `{"atRows": n}` (SIGKILL itself at the first progress callback with rowsSeen >= n),
 *   `{"atBeat": n}` (at the first checkpoint heartbeat with rowsSeen >= n, right after handing it to the SDK and
 *   before the server confirms it: the worst moment) or `{"afterEpoch": k}` (when training asks "stop?" after
 *   epoch k, i.e. between epochs).
 * - `SIGMOID_FAULT_PROGRESS_EVERY`: progress callback every this many mini-batches (default: the trainer's, 100).
 * - `SIGMOID_FAULT_HEARTBEAT_THROTTLE_MS`: Worker `maxHeartbeatThrottleInterval` (SDK default: 80% of the
 *   activity's heartbeat timeout, at most 60 s) and the activity's `heartbeatIntervalMs`: the heartbeat interval.
 * - `SIGMOID_FAULT_STICKY_TIMEOUT_MS`: Worker `stickyQueueScheduleToStartTimeout` (SDK default 10 s: how long a
 *   dead worker's cached workflows wait before another worker takes them).
 * - `SIGMOID_FAULT_WORKFLOW_BUNDLE`: path of a prebuilt workflow bundle (saves seconds of bundling per process).
 */
import { appendFileSync } from 'node:fs';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import { openArtifactStore } from '@sigmoid/arrow-store';
import { createTrainerActivities, type FitHeartbeat } from '@sigmoid/trainer/temporal';
import { createSigmoidActivities } from '../activities.js';
import { workerConfigFromEnv } from '../config.js';
import { connectionOptions } from '../connection-options.js';
import { createSigmoidWorker } from '../create-worker.js';
import { createTrainingLink } from '../training-link.js';
import { loadedTrainerFingerprint as fingerprint } from './code-fingerprint.js';

const logPath = process.env.SIGMOID_FAULT_LOG;
function event(e: string, fields: Record<string, unknown> = {}): void {
  if (logPath) appendFileSync(logPath, JSON.stringify({ e, t: Date.now(), pid: process.pid, ...fields }) + '\n');
}
function ms(name: string): number | undefined {
  const raw = process.env[name];
  return raw ? Number(raw) : undefined;
}

const kill = process.env.SIGMOID_FAULT_KILL ? (JSON.parse(process.env.SIGMOID_FAULT_KILL) as { atRows?: number; atBeat?: number; afterEpoch?: number }) : {};
function die(fields: Record<string, unknown>): void {
  event('kill', fields);
  process.kill(process.pid, 'SIGKILL');
}

const config = workerConfigFromEnv();
Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => event('sdk', { level: entry.level, message: entry.message })),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
});
const store = await openArtifactStore(config.artifacts);
const connection = await Connection.connect(connectionOptions(config));
const client = new Client({ connection, namespace: config.namespace });
const progressEvery = ms('SIGMOID_FAULT_PROGRESS_EVERY');
const throttle = ms('SIGMOID_FAULT_HEARTBEAT_THROTTLE_MS');
let rowsSeen = 0;
const trainer = createTrainerActivities({
  store,
  ...(progressEvery !== undefined ? { progressEvery } : {}),
  ...(throttle !== undefined ? { heartbeatIntervalMs: throttle } : {}),
  onCheckpoint(beat) {
    event(beat.recorded ? 'held' : 'beat', { r: beat.rowsSeen, ep: beat.epoch });
    if (!beat.recorded && kill.atBeat !== undefined && beat.rowsSeen >= kill.atBeat) die({ r: beat.rowsSeen, ep: beat.epoch, beat: true });
  },
  link: () => {
    const link = createTrainingLink(client);
    let epochsDone = 0;
    return {
      report(p) {
        rowsSeen = p.rowsSeen;
        event('p', { r: p.rowsSeen, ep: p.epoch });
        if (kill.atRows !== undefined && p.rowsSeen >= kill.atRows) die({ r: p.rowsSeen, ep: p.epoch });
        link.report(p);
      },
      async shouldStop() {
        // Training asks once per finished epoch.
        epochsDone++;
        event('epochEnd', { epochsDone });
        if (kill.afterEpoch !== undefined && epochsDone === kill.afterEpoch) die({ r: rowsSeen, afterEpoch: epochsDone });
        return link.shouldStop();
      },
    };
  },
});
const activities = {
  ...createSigmoidActivities({ store, client }),
  async fitModel(...args: Parameters<typeof trainer.fitModel>) {
    const info = Context.current().info;
    const details = info.heartbeatDetails as FitHeartbeat | undefined;
    const state = details?.checkpoint?.solver?.state as { rowsSeen?: number } | undefined;
    event('fitStart', { attempt: info.attempt, resumeRows: state?.rowsSeen ?? null, workflowId: info.workflowExecution?.workflowId });
    const result = await trainer.fitModel(...args);
    event('fitDone', { attempt: info.attempt, model: result.model.sha256 });
    return result;
  },
};
const bundle = process.env.SIGMOID_FAULT_WORKFLOW_BUNDLE;
const sticky = ms('SIGMOID_FAULT_STICKY_TIMEOUT_MS');
const extra: Partial<WorkerOptions> = {
  activities,
  ...(bundle ? { workflowsPath: undefined, workflowBundle: { codePath: bundle } } : {}),
  ...(throttle !== undefined ? { maxHeartbeatThrottleInterval: throttle } : {}),
  ...(sticky !== undefined ? { stickyQueueScheduleToStartTimeout: sticky } : {}),
};
const { worker, close } = await createSigmoidWorker(config, extra);
event('start', { taskQueue: config.taskQueue, fingerprint });
try {
  await worker.run();
} finally {
  await close();
  await connection.close();
  event('stop');
}
