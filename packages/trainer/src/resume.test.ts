import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { LogisticRegression, type Checkpoint, type LogisticRegressionParams } from '@sigmoid/trainer';
import { fixtureTable, rebatch } from './test-data.js';

class Interrupted extends Error {}

/** A re-readable source that throws when the `failAt`-th batch (counted over all passes) is read. */
function interruptingSource(batches: RecordBatch[], failAt: number): () => AsyncIterable<RecordBatch> {
  let reads = 0;
  return () =>
    (async function* () {
      for (const b of batches) {
        if (reads++ === failAt) throw new Interrupted(`interrupted at read ${failAt}`);
        yield b;
      }
    })();
}

/** Small deterministic PRNG for choosing interruption points. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Fits, interrupting at read `failAt`; resumes from the last heartbeat-able (JSON) checkpoint. */
async function fitWithInterruption(params: Partial<LogisticRegressionParams>, batches: RecordBatch[], failAt: number, every: number): Promise<{ model: LogisticRegression; interrupted: boolean }> {
  let last: Checkpoint | null = null;
  try {
    const model = await new LogisticRegression(params).fit(interruptingSource(batches, failAt), undefined, {
      progressEvery: every,
      onProgress: (p) => {
        last = p.checkpoint;
      },
    });
    return { model, interrupted: false };
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  }
  const state = last === null ? null : (JSON.parse(JSON.stringify(last)) as Checkpoint);
  const model = state === null ? await new LogisticRegression(params).fit(batches) : await LogisticRegression.resume(state, batches);
  return { model, interrupted: true };
}

function fingerprint(m: LogisticRegression): unknown {
  return { coef: m.coef_.map((r) => Array.from(r)), intercept: Array.from(m.intercept_), nIter: m.nIter_, history: m.history_ };
}

describe('interrupt and resume gives bit-identical models', () => {
  const batches = rebatch(fixtureTable('seed-demo'), 23);

  const cases: Partial<LogisticRegressionParams>[] = [
    { solver: 'sgd', epochs: 4, batchSize: 16, shuffleBufferSize: 70, tol: 0 },
    { solver: 'sgd', epochs: 4, batchSize: 7, shuffleBufferSize: 50, average: 20, learningRate: 'adaptive', eta0: 0.05, tol: 0.01, nIterNoChange: 1 },
    { solver: 'adam', epochs: 3, batchSize: 10, shuffleBufferSize: 100, earlyStopping: true, validationFraction: 0.2 },
    { solver: 'adagrad', epochs: 3, batchSize: 32, shuffleBufferSize: 1000, penalty: 'elasticnet', l1Ratio: 0.5 },
    { solver: 'ftrl', epochs: 3, batchSize: 12, shuffleBufferSize: 64, penalty: 'l1', standardize: true },
    { solver: 'sgd', epochs: 3, batchSize: 10, shuffleBufferSize: 50, shuffle: false },
    { solver: 'lbfgs' },
    { solver: 'lbfgs', penalty: 'l1', C: 0.1 },
    { solver: 'newton', standardize: true },
  ];

  it.each(cases)('%o over many seeds and interruption points', async (base) => {
    const rand = lcg(JSON.stringify(base).length * 7919);
    let interruptions = 0;
    for (let trial = 0; trial < 8; trial++) {
      const seed = Math.floor(rand() * 1000);
      const params = { ...base, randomState: seed };
      const reference = await new LogisticRegression(params).fit(batches);
      const solver = reference.state_!.solver;
      // Passes over the data: the scan, then one per epoch (two with early stopping) or one per evaluation.
      const passes = 1 + (solver.kind === 'minibatch' ? reference.nIter_ * (params.earlyStopping ? 2 : 1) : solver.state.evaluations);
      const totalReads = passes * batches.length;
      const failAt = 1 + Math.floor(rand() * totalReads);
      const every = 1 + Math.floor(rand() * 3);
      const { model, interrupted } = await fitWithInterruption(params, batches, failAt, every);
      if (interrupted) interruptions++;
      expect(fingerprint(model)).toEqual(fingerprint(reference));
    }
    expect(interruptions).toBeGreaterThanOrEqual(4);
  });

  it('a resumed checkpoint is plain JSON and carries weights, RNG state, epoch, batch position and rows seen', async () => {
    let cp: Checkpoint | null = null;
    await new LogisticRegression({ solver: 'adam', epochs: 2, batchSize: 16, shuffleBufferSize: 60 }).fit(batches, undefined, {
      progressEvery: 5,
      onProgress: (p) => {
        cp ??= p.checkpoint;
      },
    });
    const c = cp as unknown as Checkpoint;
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c.solver.kind).toBe('minibatch');
    const s = c.solver.kind === 'minibatch' ? c.solver.state : null;
    expect(s!.theta).toHaveLength(3);
    expect(s!.rngAtWindow).toHaveLength(4);
    expect(s!.moments.m).toHaveLength(3);
    expect(s!.t).toBe(5);
    // Shuffle windows are rows [0, 60), [60, 120), ...: updates of 16, 16, 16, 12 rows, then 16 in the second window.
    expect(s!.rowsSeen).toBe(76);
    expect(s!.windowStart).toBe(60);
    expect(s!.stepInWindow).toBe(1);
    expect(s!.epoch).toBe(0);
    expect(typeof s!.windowStart).toBe('number');
  });
});

describe('checkpoint format', () => {
  it('refuses a checkpoint of another trainer version instead of resuming on different arithmetic', async () => {
    const batches = rebatch(fixtureTable('seed-demo'), 50);
    let last: Checkpoint | null = null;
    await new LogisticRegression({ solver: 'sgd', epochs: 2, randomState: 0 }).fit(batches, undefined, { progressEvery: 1, onProgress: (p) => void (last = p.checkpoint) });
    const old = { ...(last as unknown as Checkpoint), format: 'sigmoid.trainer-checkpoint/v2' } as unknown as Checkpoint;
    await expect(LogisticRegression.resume(old, batches)).rejects.toThrowError(/Expected "sigmoid.trainer-checkpoint\/v3" \(a checkpoint of this trainer version\) for state.format but received "sigmoid.trainer-checkpoint\/v2"/);
  });
});
