import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { makeClassification } from '@sigmoid/datagen';
import { fitFromStore } from '@sigmoid/trainer/temporal';
import { createTrainingLink } from './training-link.js';

// The server-restart suspect: while the Temporal server is down, the stopTraining query and the progress signal
// fail. A failed query must read as "go on", never as "stop" (that would end training early: another model).

const root = mkdtempSync(join(tmpdir(), 'sigmoid-link-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A client whose workflow calls answer with `query` / `signal` (each may throw, as during an outage). */
function fakeClient(query: () => Promise<boolean>, signal: () => Promise<void> = async () => {}): { client: Client; queries: () => number } {
  let queries = 0;
  const handle = {
    query: async () => {
      queries++;
      return query();
    },
    signal: async () => signal(),
  };
  return { client: { workflow: { getHandle: () => handle } } as unknown as Client, queries: () => queries };
}

/** Runs `fn` as if inside a fitModel activity of workflow "w" (the link reads the execution from the context). */
function inActivity<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = { info: { workflowExecution: { workflowId: 'w', runId: 'r' } } } as unknown as Context;
  return asyncLocalStorage.run(ctx, fn);
}

const unavailable = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: Connection refused'), { code: 14 }));

describe('training link while the server is unreachable', () => {
  it('a failed stopTraining query reads as "go on", and a later answer is taken', async () => {
    let answer: () => Promise<boolean> = unavailable;
    const { client, queries } = fakeClient(() => answer());
    const link = createTrainingLink(client, 0);
    await inActivity(async () => {
      expect(await link.shouldStop()).toBe(false);
      expect(await link.shouldStop()).toBe(false);
      expect(queries()).toBe(2);
      answer = async () => false;
      expect(await link.shouldStop()).toBe(false);
      answer = async () => true;
      expect(await link.shouldStop()).toBe(true);
      answer = unavailable; // once asked to stop, an outage does not take it back
      expect(await link.shouldStop()).toBe(true);
    });
  });

  it('a failed progress signal neither throws nor rejects unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const link = createTrainingLink(fakeClient(async () => false, unavailable).client, 0);
      await inActivity(async () => {
        expect(() => link.report({ epoch: 1, rowsSeen: 10, loss: 0.5 })).not.toThrow();
        await new Promise((r) => setTimeout(r, 20));
      });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a fit whose every query and signal fails trains every epoch and ends with the uninterrupted model', async () => {
    const store = new LocalArtifactStore({ root });
    const ref = await store.writeTable(makeClassification({ nSamples: 2000, nFeatures: 4, nInformative: 2, randomState: 3 }));
    const params = { solver: 'sgd', epochs: 4, batch_size: 32, tol: 0, random_state: 0 };
    const plain = await fitFromStore(store, ref, params);
    const { client, queries } = fakeClient(unavailable, unavailable);
    const down = await inActivity(() => fitFromStore(store, ref, params, { link: createTrainingLink(client, 0), progressEvery: 5 }));
    expect(queries()).toBeGreaterThanOrEqual(4); // asked after every epoch, failed every time
    expect(down.stoppedEarly).toBe(false);
    expect(down.summary.n_iter).toBe(4);
    expect(down.model.sha256).toBe(plain.model.sha256);
  });
});
