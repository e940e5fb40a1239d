import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, defaultPayloadConverter } from '@temporalio/common';
import { LocalArtifactStore, type ArtifactStore, type DatasetRef } from '@sigmoid/arrow-store';
import { LogisticRegression, type ModelJSON } from '@sigmoid/trainer';
import { AttemptSupersededError, createTrainerActivities, fitFromStore, recordCheckpoint, sdkHeartbeatThrottleMs, trainerPlugin, type FitHeartbeat } from '@sigmoid/trainer/temporal';
import { fixtureTable, readFixture, rebatch } from './test-data.js';

const root = mkdtempSync(join(tmpdir(), 'sigmoid-trainer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalArtifactStore({ root });

class Interrupted extends Error {}

/** A store whose dataset reads fail once, at the `failAt`-th batch read. */
function flakyStore(inner: ArtifactStore, failAt: number): ArtifactStore {
  let reads = 0;
  return {
    ...inner,
    writeJson: (v) => inner.writeJson(v),
    readJson: (r) => inner.readJson(r),
    readBatches: (ref) =>
      (async function* () {
        for await (const b of inner.readBatches(ref)) {
          if (reads++ === failAt) throw new Interrupted('worker lost');
          yield b;
        }
      })(),
  } as ArtifactStore;
}

async function seedDemoRef(): Promise<DatasetRef> {
  return store.writeTable(rebatch(fixtureTable('seed-demo'), 40));
}

describe('fitModel activity', () => {
  it('fits a stored dataset and stores the model JSON (scikit-learn optimum)', async () => {
    const ref = await seedDemoRef();
    const { fitModel } = createTrainerActivities({ store });
    const result = await fitModel(ref, {});
    const fx = readFixture<{ coef_exact: number[][]; intercept_exact: number[] }>('logistic_regression.seed-demo.json');
    expect(result.summary.coef[0]![0]).toBeCloseTo(fx.coef_exact[0]![0]!, 6);
    expect(result.summary.intercept[0]).toBeCloseTo(fx.intercept_exact[0]!, 6);
    expect(result.summary.feature_names).toEqual(['x0', 'x1']);
    expect(result.stoppedEarly).toBe(false);
    const json = await store.readJson<ModelJSON>(result.model);
    expect(LogisticRegression.fromJSON(json).score(fixtureTable('seed-demo')).toFixed(3)).toBe('0.937');
  });

  it.each([
    ['lbfgs', 43],
    ['sgd', 23],
    ['adam', 41],
  ])('%s: a retried attempt resumes from the last heartbeat and ends with the same model', async (solver, failAt) => {
    const ref = await seedDemoRef();
    const params = { solver, epochs: 5, batch_size: 16, shuffle_buffer_size: 64, random_state: 9 };
    const reference = await fitFromStore(store, ref, params);
    const beats: FitHeartbeat[] = [];
    await expect(fitFromStore(flakyStore(store, failAt), ref, params, { heartbeat: (d) => beats.push(JSON.parse(JSON.stringify(d))), progressEvery: 1 })).rejects.toThrow(Interrupted);
    expect(beats.length).toBeGreaterThan(0);
    const resumed = await fitFromStore(store, ref, params, { heartbeatDetails: beats.at(-1) });
    expect(resumed.summary).toEqual(reference.summary);
    expect(resumed.model.sha256).toBe(reference.model.sha256);
  });

  it('ignores heartbeat details of another dataset or other parameters', async () => {
    const ref = await seedDemoRef();
    const beats: FitHeartbeat[] = [];
    await fitFromStore(store, ref, { C: 0.1 }, { heartbeat: (d) => beats.push(d) });
    const fresh = await fitFromStore(store, ref, { C: 1 }, { heartbeatDetails: beats[0] });
    const plain = await fitFromStore(store, ref, { C: 1 });
    expect(fresh.summary).toEqual(plain.summary);
  });

  it('stops early when the workflow asks, and says so', async () => {
    const ref = await seedDemoRef();
    const reports: number[] = [];
    const result = await fitFromStore(store, ref, { solver: 'sgd', epochs: 50, tol: 0 }, {
      link: { report: (p) => reports.push(p.epoch), shouldStop: async () => reports.length > 0 },
      progressEvery: 5,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.summary.n_iter).toBe(1);
  });

  it('bad parameters become a non-retryable ApplicationFailure', async () => {
    const ref = await seedDemoRef();
    const err = await createTrainerActivities({ store }).fitModel(ref, { C: -1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).type).toBe('InvalidParameterError');
  });

  it('trainerPlugin registers the activities', () => {
    const plugin = trainerPlugin({ store });
    expect(plugin.name).toBe('sigmoid.trainer');
  });
});

/** A fake activity context whose client answers DescribeWorkflowExecution from `pending()` (the server's copy). */
function fakeContext(pending: () => { attempt: number; heartbeatDetails?: { payloads: unknown[] } } | Error | undefined) {
  const handed: FitHeartbeat[] = [];
  let describes = 0;
  const abort = new AbortController();
  const client = {
    options: { namespace: 'default', loadedDataConverter: { payloadConverter: defaultPayloadConverter, payloadCodecs: [] } },
    workflowService: {
      describeWorkflowExecution: async () => {
        describes++;
        const p = pending();
        if (p instanceof Error) throw p;
        return { pendingActivities: p === undefined ? [] : [{ activityId: '1', ...p }] };
      },
    },
  };
  const ctx = {
    info: { activityId: '1', attempt: 1, workflowExecution: { workflowId: 'w', runId: 'r' } },
    heartbeat: (d: FitHeartbeat) => handed.push(structuredClone(d)),
    client,
    cancellationSignal: abort.signal,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    log: { warn: () => {} },
  } as unknown as Context;
  return { ctx, handed, describes: () => describes, abort };
}

const payloadOf = (beat: FitHeartbeat) => ({ payloads: [defaultPayloadConverter.toPayload(beat)] });

describe('recordCheckpoint: a heartbeat the server holds before training goes on', () => {
  const beat = (sequence: number) => ({ dataset: 'd', checkpoint: {} as FitHeartbeat['checkpoint'], attempt: 1, sequence });

  it('resolves only once the server holds this beat (not an older one), handing it again while it does not', async () => {
    let server: FitHeartbeat | undefined = beat(1);
    let calls = 0;
    const f = fakeContext(() => {
      calls++;
      if (calls === 2) return new Error('14 UNAVAILABLE'); // the server restarting: keep asking
      if (calls === 6) server = beat(2); // the SDK's send lands
      return { attempt: 1, ...(server ? { heartbeatDetails: payloadOf(server) } : {}) };
    });
    await recordCheckpoint(f.ctx, beat(2), 5);
    expect(calls).toBe(6);
    expect(f.handed.length).toBeGreaterThanOrEqual(2); // handed again after resendMs without confirmation
    expect(f.handed.every((h) => h.sequence === 2)).toBe(true);
  });

  it('throws AttemptSupersededError once the server has moved to another attempt, or the activity is gone', async () => {
    await expect(recordCheckpoint(fakeContext(() => ({ attempt: 2 })).ctx, beat(1), 5)).rejects.toThrow(AttemptSupersededError);
    await expect(recordCheckpoint(fakeContext(() => undefined).ctx, beat(1), 5)).rejects.toThrow(/no longer the pending attempt/);
  });

  it('throws CancelledFailure when the activity is cancelled while it waits', async () => {
    const f = fakeContext(() => ({ attempt: 1 }));
    setTimeout(() => f.abort.abort('CANCELLED'), 10);
    await expect(recordCheckpoint(f.ctx, beat(1), 5)).rejects.toThrow(CancelledFailure);
  });

  it('fitFromStore waits for each heartbeat and paces them by heartbeatIntervalMs', async () => {
    const ref = await seedDemoRef();
    const params = { solver: 'sgd', epochs: 5, batch_size: 16, random_state: 9, tol: 0 };
    const progress: number[] = [];
    let pending = 0;
    const result = await fitFromStore(store, ref, params, {
      progressEvery: 1,
      link: { report: (p) => void progress.push(p.rowsSeen), shouldStop: () => false },
      heartbeat: async (_d, at) => {
        pending++;
        await new Promise((r) => setTimeout(r, 5));
        // Nothing trained while the checkpoint was being recorded.
        expect(progress.at(-1)).toBe(at.rowsSeen);
        pending--;
      },
      heartbeatIntervalMs: 60_000,
    });
    expect(pending).toBe(0);
    expect(result.model.sha256).toBe((await fitFromStore(store, ref, params)).model.sha256);
    // One heartbeat (the first callback) in a fit far shorter than the interval.
    const beats: number[] = [];
    await fitFromStore(store, ref, params, { progressEvery: 1, heartbeat: (_d, at) => beats.push(at.rowsSeen), heartbeatIntervalMs: 60_000 });
    expect(beats).toEqual([16]);
  });

  it('sdkHeartbeatThrottleMs follows the SDK defaults', () => {
    expect(sdkHeartbeatThrottleMs(2000)).toBe(1600);
    expect(sdkHeartbeatThrottleMs(600_000)).toBe(60_000);
    expect(sdkHeartbeatThrottleMs(undefined)).toBe(30_000);
  });
});
