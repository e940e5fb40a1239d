import { describe, expect, it } from 'vitest';
import { LogisticRegression, type Solver } from '@sigmoid/trainer';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { fixtureTable, readFixture, rebatch } from './test-data.js';

const optimum = readFixture<{ objective_exact: number }>('logistic_regression.seed-demo.json').objective_exact;

describe('mini-batch solvers', () => {
  const table = fixtureTable('seed-demo');

  // 100 epochs of 10 updates; the reported weights average the iterates of the last 500 updates
  // (Polyak-Ruppert tail averaging), which removes the noise floor of the last iterate.
  it.each<Solver>(['sgd', 'adam', 'adagrad', 'ftrl'])('%s reaches within 1e-3 of the optimal objective on the seed demo (100 epochs)', async (solver) => {
    const model = await new LogisticRegression({ solver, epochs: 100, tol: 0, average: 500, randomState: 3 }).fit(rebatch(table, 50));
    const objective = await model.objective(table);
    expect((objective - optimum) / optimum).toBeLessThan(1e-3);
    expect(objective).toBeGreaterThanOrEqual(optimum * (1 - 1e-12));
    expect(model.nIter_).toBe(100);
    expect(model.history_.loss).toHaveLength(100);
  });

  it.each([
    ['constant', 0.1],
    ['invscaling', 2],
    ['adaptive', 0.1],
  ] as const)('sgd with the %s schedule (eta0 %d) gets close to the optimum', async (learningRate, eta0) => {
    const model = await new LogisticRegression({ solver: 'sgd', learningRate, eta0, epochs: 100, tol: 1e-6 }).fit(table);
    expect(((await model.objective(table)) - optimum) / optimum).toBeLessThan(2e-2);
    expect(model.score(table)).toBeGreaterThan(0.9);
  });

  it('shuffle: false trains on consecutive rows straight from the columns (the fixed order costs some accuracy)', async () => {
    const model = await new LogisticRegression({ solver: 'sgd', shuffle: false, epochs: 100, tol: 0, average: 500 }).fit(rebatch(table, 50));
    expect(((await model.objective(table)) - optimum) / optimum).toBeLessThan(5e-3);
  });

  it('the same seed gives the same model; another seed another one', async () => {
    const fit = (seed: number) => new LogisticRegression({ solver: 'sgd', epochs: 3, randomState: seed, shuffleBufferSize: 64 }).fit(rebatch(table, 40));
    const a = await fit(1);
    const b = await fit(1);
    const c = await fit(2);
    expect(Array.from(a.coef_[0]!)).toEqual(Array.from(b.coef_[0]!));
    expect(Array.from(a.coef_[0]!)).not.toEqual(Array.from(c.coef_[0]!));
  });

  it('stops when the epoch objective stops improving by tol (nIterNoChange)', async () => {
    const model = await new LogisticRegression({ solver: 'sgd', tol: 0.5, nIterNoChange: 2, epochs: 50 }).fit(table);
    expect(model.nIter_).toBeLessThan(50);
  });

  it('early stopping holds out validationFraction and records the validation accuracy per epoch', async () => {
    const model = await new LogisticRegression({ solver: 'adam', earlyStopping: true, validationFraction: 0.2, nIterNoChange: 3, epochs: 60 }).fit(table);
    expect(model.history_.validationScore.length).toBe(model.nIter_);
    expect(model.nIter_).toBeLessThan(60);
    expect(model.history_.validationScore.at(-1)).toBeGreaterThan(0.8);
  });

  it('l1 with ftrl produces exact zeros on an uninformative feature set', async () => {
    const t = fixtureTable('defaults-seed0');
    const model = await new LogisticRegression({ solver: 'ftrl', penalty: 'l1', C: 0.05, epochs: 30 }).fit(t);
    expect(model.coef_[0]!.filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('shouldStop ends training after the current epoch and keeps the model', async () => {
    let epochs = 0;
    const model = await new LogisticRegression({ solver: 'sgd', epochs: 50, tol: 0 }).fit(table, undefined, {
      progressEvery: 1,
      onProgress: (p) => {
        epochs = p.epoch;
      },
      shouldStop: () => epochs >= 2,
    });
    expect(model.nIter_).toBe(3);
    expect(model.score(table)).toBeGreaterThan(0.8);
  });

  it('an AbortSignal stops an exact solver after the current iteration', async () => {
    const ac = new AbortController();
    const model = await new LogisticRegression({ tol: 1e-12 }).fit(fixtureTable('defaults-seed0'), undefined, {
      onProgress: (p) => {
        if (p.iteration === 2) ac.abort();
      },
      signal: ac.signal,
    });
    expect(model.nIter_).toBe(2);
  });

  it('partialFit needs classes first, then learns batch by batch', async () => {
    const batches = rebatch(table, 30);
    const model = new LogisticRegression({ solver: 'sgd', alpha: 1 / 300 });
    await expect(model.partialFit(batches[0]!)).rejects.toThrow(InvalidParameterError);
    for (let epoch = 0; epoch < 20; epoch++) for (const b of batches) await model.partialFit(b, { classes: [0, 1] });
    expect(model.classes_).toEqual([0, 1]);
    expect(model.score(table)).toBeGreaterThan(0.9);
    expect(((await model.objective(table)) - optimum) / optimum).toBeLessThan(0.05);
  });

  it('a one-shot stream trains one epoch when classes are given', async () => {
    async function* stream() {
      yield* rebatch(table, 64);
    }
    const model = await new LogisticRegression({ solver: 'sgd', epochs: 1 }).fit(stream(), undefined, { classes: [0, 1] });
    expect(model.isFitted).toBe(true);
    await expect(new LogisticRegression().fit(stream())).rejects.toThrow(/re-readable source/);
  });

  it('a function returning a fresh stream works for the exact solver', async () => {
    async function* stream() {
      yield* rebatch(table, 64);
    }
    const model = await new LogisticRegression().fit(() => stream());
    expect(Math.abs(((await model.objective(table)) - optimum) / optimum)).toBeLessThan(1e-9);
  });
});

describe('plain binary sgd runs its updates in one wasm call (sgdSteps)', () => {
  // average: 1e12 never starts averaging, so it changes nothing but keeps the per-update JS path.
  const table = fixtureTable('seed-demo');
  it.each([
    {},
    { penalty: 'l1', C: 0.5 },
    { penalty: 'elasticnet', l1Ratio: 0.3, fitIntercept: false },
    { classWeight: 'balanced', learningRate: 'invscaling', eta0: 0.5 },
    { learningRate: 'adaptive', eta0: 0.05, tol: 0.01, nIterNoChange: 1 },
    { learningRate: 'constant', eta0: 0.02, earlyStopping: true, validationFraction: 0.25 },
  ] as const)('%o: bit-identical to the per-update path, with checkpoints every 7 updates', async (extra) => {
    const fit = async (average: false | number) => {
      const checkpoints: number[] = [];
      const m = await new LogisticRegression({ solver: 'sgd', epochs: 6, tol: 0, batchSize: 9, shuffleBufferSize: 80, randomState: 5, ...extra, average }).fit(rebatch(table, 41), undefined, {
        progressEvery: 7,
        onProgress: (p) => void checkpoints.push(p.iteration, p.rowsSeen, p.loss),
      });
      return { coef: Array.from(m.coef_[0]!), intercept: Array.from(m.intercept_), history: m.history_, nIter: m.nIter_, checkpoints };
    };
    const fused = await fit(false);
    expect(fused.checkpoints.length).toBeGreaterThan(30);
    expect(fused).toEqual(await fit(1e12));
  });
});

describe('the default shuffle window', () => {
  it('is 16384 rows, fewer for wide data (64 MiB of Float64 at most), never below 1024', async () => {
    const { resolveParams, shuffleWindowRows } = await import('./params.js');
    const p = resolveParams({});
    expect(p.shuffleBufferSize).toBeNull();
    expect(shuffleWindowRows(p, 20)).toBe(16384);
    expect(shuffleWindowRows(p, 512)).toBe(16384);
    expect(shuffleWindowRows(p, 2000)).toBe(4194);
    expect(shuffleWindowRows(p, 100_000)).toBe(1024);
    expect(shuffleWindowRows(resolveParams({ shuffle_buffer_size: 100 }), 100_000)).toBe(100);
  });

  it('fits exactly like an explicit shuffleBufferSize of that many rows', async () => {
    const t = fixtureTable('seed-demo');
    const fit = async (shuffleBufferSize?: number) => {
      const m = await new LogisticRegression({ solver: 'sgd', epochs: 3, ...(shuffleBufferSize !== undefined ? { shuffleBufferSize } : {}) }).fit(rebatch(t, 40));
      return { coef: Array.from(m.coef_[0]!), history: m.history_ };
    };
    expect(await fit()).toEqual(await fit(16384));
    expect(await fit()).not.toEqual(await fit(64));
  });
});
