import { describe, expect, it } from 'vitest';
import { Int32, Table as ArrowTable, tableFromArrays, vectorFromArray, type Table } from 'apache-arrow';
import { InvalidParameterError, SchemaMismatchError, SigmoidInputError } from '@sigmoid/arrow-store';
import { EmptyDatasetError, InvalidLabelError, InvalidWeightError, LogisticRegression, NonFiniteFeatureError, SingleClassError } from '@sigmoid/trainer';
import { rebatch } from './test-data.js';

function table(x0: number[], y: number[], extra: Record<string, Float64Array | Int32Array | Float32Array> = {}): Table {
  return tableFromArrays({ x0: Float64Array.from(x0), x1: Float64Array.from(x0, (v, i) => v * 0.5 + (i % 3)), y: Int32Array.from(y), ...extra });
}
const spec = { features: ['x0', 'x1'], label: 'y' };
const x = [-2, -1, -0.5, 0.5, 1, 2, 0.1, -0.2];
const y = [0, 0, 1, 0, 1, 1, 1, 0];

async function rejection(p: Promise<unknown>): Promise<SigmoidInputError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SigmoidInputError);
  expect((err as SigmoidInputError).nonRetryable).toBe(true);
  return err as SigmoidInputError;
}

describe('bad input is a typed error naming column, row or parameter', () => {
  // The exact solvers check in the scan pass; the mini-batch solvers as they stage rows into the window.
  it.each([{}, { solver: 'newton' }, { solver: 'sgd' }, { solver: 'adam', earlyStopping: true, validationFraction: 0.5 }, { solver: 'ftrl', shuffle: false }] as const)(
    'NaN in a feature names the column and the global row (%o)',
    async (params) => {
      const bad = [...x];
      bad[6] = NaN;
      const err = await rejection(new LogisticRegression(params).fit(rebatch(table(bad, y), 3), spec));
      expect(err).toBeInstanceOf(NonFiniteFeatureError);
      expect(err.message).toBe('Expected finite numbers in feature column "x0" but received NaN at row 6');
      expect(err.details).toMatchObject({ column: 'x0', row: 6 });
    },
  );

  it('NaN in a partialFit batch (not the first call) is rejected the same way', async () => {
    const bad = [...x];
    bad[4] = -Infinity;
    const m = new LogisticRegression({ solver: 'sgd' });
    await m.partialFit(table(x, y), { classes: [0, 1] }); // a later call is checked too
    const err = await rejection(m.partialFit(table(bad, y), { classes: [0, 1] }));
    expect(err.message).toBe('Expected finite numbers in feature column "x0" but received -Infinity at row 4');
  });

  it('Infinity in a feature (Float32 column) is rejected too', async () => {
    const t = table(x, y, { x1: Float32Array.from(x, (v, i) => (i === 2 ? Infinity : v)) });
    const err = await rejection(new LogisticRegression().fit(t, spec));
    expect(err.message).toMatch(/feature column "x1" but received Infinity at row 2/);
  });

  it('a label column with one class, unless classes are given', async () => {
    const one = y.map(() => 1);
    const err = await rejection(new LogisticRegression().fit(table(x, one), spec));
    expect(err).toBeInstanceOf(SingleClassError);
    expect(err.message).toMatch(/at least 2 classes in label column "y" but received 1 \(1\)/);
    const m = await new LogisticRegression({ solver: 'sgd', epochs: 2 }).fit(table(x, one), spec, { classes: [0, 1] });
    expect(m.classes_).toEqual([0, 1]);
    expect(m.predict(table(x, one)).every((p) => p === 1)).toBe(true);
  });

  it('zero rows', async () => {
    const err = await rejection(new LogisticRegression().fit(table([], []), spec));
    expect(err).toBeInstanceOf(EmptyDatasetError);
    expect(err.message).toBe('Expected at least one row in the data source but received 0 rows');
  });

  it('a missing column', async () => {
    const err = await rejection(new LogisticRegression().fit(table(x, y), { features: ['x0', 'x7'], label: 'y' }));
    expect(err).toBeInstanceOf(SchemaMismatchError);
    expect(err.message).toMatch(/feature column "x7"/);
    expect(err.details).toMatchObject({ column: 'x7', received: 'missing' });
  });

  it('a feature column of the wrong type', async () => {
    const err = await rejection(new LogisticRegression().fit(table(x, y, { x1: Int32Array.from(y) }), spec));
    expect(err).toBeInstanceOf(SchemaMismatchError);
    expect(err.message).toMatch(/Float64 or Float32 for feature column "x1" but received Int32/);
  });

  it('a negative sample weight names the weight column and row', async () => {
    const w = Float64Array.from(y, (_, i) => (i === 5 ? -1 : 1));
    const err = await rejection(new LogisticRegression().fit(table(x, y, { w }), { ...spec, weight: 'w' }));
    expect(err).toBeInstanceOf(InvalidWeightError);
    expect(err.message).toBe('Expected finite non-negative sample weights in column "w" but received -1 at row 5');
  });

  it('a null label', async () => {
    const t = new ArrowTable({ x0: vectorFromArray(Float64Array.from(x)), y: vectorFromArray(y.map((v, i) => (i === 3 ? null : v)), new Int32()) });
    const err = await rejection(new LogisticRegression().fit(t, { features: ['x0'], label: 'y' }));
    expect(err).toBeInstanceOf(InvalidLabelError);
    expect(err.message).toMatch(/label column "y" but received null at row 3/);
  });

  it('a label that partialFit was not told about', async () => {
    const m = new LogisticRegression({ solver: 'sgd' });
    const err = await rejection(m.partialFit(table(x, y.map((v) => v + 1)), { classes: [0, 1], spec }));
    expect(err).toBeInstanceOf(InvalidLabelError);
    expect(err.message).toMatch(/one of the classes \[0,1\] in label column "y" but received 2 of type number at row 2/);
  });

  it('a class_weight key that is not a class', async () => {
    const err = await rejection(new LogisticRegression({ class_weight: { 7: 2 } }).fit(table(x, y), spec));
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(err.message).toMatch(/classWeight/);
  });

  it('predicting with a missing feature column', async () => {
    const m = await new LogisticRegression().fit(table(x, y), spec);
    expect(() => m.predictProba(tableFromArrays({ x0: Float64Array.from(x) }))).toThrow(/feature column "x1"/);
  });
});

describe('parameters are validated where they enter', () => {
  it.each([
    [{ C: -1 }, 'Expected a finite number > 0 for C but received -1 of type number'],
    [{ C: 'big' }, 'Expected a finite number > 0 for C but received "big" of type string'],
    [{ penalty: 'l3' }, 'Expected one of "l2", "l1", "elasticnet", "none" for penalty but received "l3" of type string'],
    [{ solver: 'magic' }, /for solver but received "magic"/],
    [{ maxIter: 0 }, 'Expected an integer >= 1 for maxIter but received 0 of type number'],
    [{ max_iter: 2.5 }, 'Expected an integer >= 1 for max_iter but received 2.5 of type number'],
    [{ tol: -1 }, /for tol but received -1/],
    [{ l1_ratio: 2 }, /for l1_ratio but received 2/],
    [{ penalty: 'elasticnet' }, /when penalty is 'elasticnet' for l1Ratio but received null/],
    [{ solver: 'newton', penalty: 'l1' }, /OWL-QN.*for solver but received "newton"/],
    [{ validationFraction: 1 }, /a number in \(0, 1\) for validationFraction but received 1/],
    [{ beta1: 1 }, /for beta1 but received 1/],
    [{ batchSize: 0 }, /integer >= 1 for batchSize/],
    [{ randomState: -3 }, /randomState/],
    [{ classWeight: { 0: -1 } }, /for classWeight/],
    [{ learningRate: 'optimal', solver: 'adam' }, /for learningRate but received "optimal"/],
    [{ colour: 'red' }, /Expected a known parameter .* for params but received "colour"/],
  ] as const)('%o', (params, message) => {
    const make = () => new LogisticRegression(params as Record<string, unknown>);
    expect(make).toThrow(InvalidParameterError);
    expect(make).toThrow(message);
  });

  it('accepts scikit-learn names and solver aliases, and ignores sklearn-only knobs', () => {
    const m = new LogisticRegression({ C: 3, fit_intercept: false, max_iter: 7, solver: 'newton-cg', multi_class: 'auto', n_jobs: 2 });
    expect(m.params).toMatchObject({ C: 3, fitIntercept: false, maxIter: 7, solver: 'newton' });
    expect(new LogisticRegression({ solver: 'saga', penalty: 'l1' }).params.solver).toBe('lbfgs');
  });

  it('fit options are validated too', async () => {
    await expect(new LogisticRegression().fit(table(x, y), spec, { progressEvery: 0 })).rejects.toThrow('Expected an integer >= 1 for progressEvery but received 0 of type number');
  });
});

describe('sample weights', () => {
  it('an integer weight equals repeating the row (same optimum)', async () => {
    const w = Float64Array.from(y, (_, i) => 1 + (i % 3));
    const weighted = await new LogisticRegression({ tol: 1e-8 }).fit(table(x, y, { w }), { ...spec, weight: 'w' });
    const rx: number[] = [];
    const ry: number[] = [];
    x.forEach((v, i) => {
      for (let r = 0; r < w[i]!; r++) {
        rx.push(v);
        ry.push(y[i]!);
      }
    });
    const x1 = x.map((v, i) => v * 0.5 + (i % 3));
    const rx1: number[] = [];
    x.forEach((_, i) => {
      for (let r = 0; r < w[i]!; r++) rx1.push(x1[i]!);
    });
    const repeated = await new LogisticRegression({ tol: 1e-8 }).fit(tableFromArrays({ x0: Float64Array.from(rx), x1: Float64Array.from(rx1), y: Int32Array.from(ry) }), spec);
    for (let j = 0; j < 2; j++) expect(weighted.coef_[0]![j]).toBeCloseTo(repeated.coef_[0]![j]!, 8);
    expect(weighted.intercept_[0]).toBeCloseTo(repeated.intercept_[0]!, 8);
  });
});

describe('a resumed mini-batch fit checks the data it reads again', () => {
  it('NaN in the data given to resume (after a checkpoint in epoch 2) is rejected, not trained on', async () => {
    const clean = rebatch(table(x, y), 3);
    let state: unknown = null;
    await new LogisticRegression({ solver: 'sgd', epochs: 4, tol: 0, batchSize: 2, shuffleBufferSize: 4 }).fit(clean, spec, {
      progressEvery: 1,
      onProgress: (p) => {
        if (p.epoch === 2 && state === null) state = p.checkpoint;
      },
    });
    expect(state).not.toBeNull();
    const bad = [...x];
    bad[1] = NaN;
    const err = await rejection(LogisticRegression.resume(state as never, rebatch(table(bad, y), 3)));
    expect(err.message).toBe('Expected finite numbers in feature column "x0" but received NaN at row 1');
  });
});
