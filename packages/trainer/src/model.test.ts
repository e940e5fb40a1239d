import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Table } from 'apache-arrow';
import { LogisticRegression, NotFittedError, MODEL_FORMAT } from '@sigmoid/trainer';
import { InvalidParameterError } from '@sigmoid/arrow-store';

function toyTable(): Table {
  return tableFromArrays({
    x0: Float64Array.of(-2, -1, -0.5, 0.5, 1, 2, 0.1, -0.2),
    x1: Float64Array.of(1, 0.5, -1, 0.3, -0.4, 0.2, 0.9, -0.7),
    y: Int32Array.of(0, 0, 1, 0, 1, 1, 1, 0),
  });
}

describe('prediction side and model JSON', () => {
  it('predictProba rows sum to one and match the logistic of decisionFunction', async () => {
    const t = toyTable();
    const m = await new LogisticRegression().fit(t, { features: ['x0', 'x1'], label: 'y' });
    const z = m.decisionFunction(t);
    const p = m.predictProba(t);
    const lp = m.predictLogProba(t);
    expect(z.length).toBe(8);
    expect(p.length).toBe(16);
    for (let i = 0; i < 8; i++) {
      expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 14);
      expect(p[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-z[i]!)), 14);
      expect(lp[2 * i]).toBeCloseTo(Math.log(p[2 * i]!), 12);
      expect(lp[2 * i + 1]).toBeCloseTo(Math.log(p[2 * i + 1]!), 12);
    }
    const pred = m.predict(t);
    for (let i = 0; i < 8; i++) expect(pred[i]).toBe(p[2 * i + 1]! > 0.5 ? 1 : 0);
  });

  it('predictProbaMatrix agrees with predictProba on the same rows', async () => {
    const t = toyTable();
    const m = await new LogisticRegression({ C: 0.5 }).fit(t, { features: ['x0', 'x1'], label: 'y' });
    const x0 = t.getChild('x0')!.toArray() as Float64Array;
    const x1 = t.getChild('x1')!.toArray() as Float64Array;
    const X = new Float64Array(16);
    for (let i = 0; i < 8; i++) {
      X[2 * i] = x0[i]!;
      X[2 * i + 1] = x1[i]!;
    }
    const a = m.predictProbaMatrix(X, 8);
    const b = m.predictProba(t);
    for (let i = 0; i < 16; i++) expect(a[i]).toBeCloseTo(b[i]!, 14);
    expect(() => m.predictProbaMatrix(X, 7)).toThrow(InvalidParameterError);
  });

  it('toJSON / fromJSON round-trips to identical predictions', async () => {
    const t = toyTable();
    const m = await new LogisticRegression({ C: 2 }).fit(t, { features: ['x0', 'x1'], label: 'y' });
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.format).toBe(MODEL_FORMAT);
    expect(json.coef).toHaveLength(1);
    expect(json.params.C).toBe(2);
    expect(json.feature_names).toEqual(['x0', 'x1']);
    const m2 = LogisticRegression.fromJSON(json);
    expect(Array.from(m2.predictProba(t))).toEqual(Array.from(m.predictProba(t)));
    expect(m2.nIter_).toBe(m.nIter_);
  });

  it('fromJSON rejects a wrong format and malformed coefficients', () => {
    expect(() => LogisticRegression.fromJSON({ format: 'other' })).toThrow(/Expected "sigmoid.logistic-regression\/v1" for model.format/);
    const bad = { format: MODEL_FORMAT, coef: [[1]], intercept: [0], classes: [0, 1], feature_names: ['a', 'b'], n_iter: 1, params: {}, history: { loss: [], validation_score: [] } };
    expect(() => LogisticRegression.fromJSON(bad)).toThrow(/model.coef/);
  });

  it('prediction before fit is a NotFittedError', () => {
    expect(() => new LogisticRegression().predictProba(toyTable())).toThrow(NotFittedError);
  });

  it('string labels are mapped through sorted classes_', async () => {
    const t = tableFromArrays({
      x0: Float64Array.of(-2, -1, -0.5, 0.5, 1, 2),
      y: ['neg', 'neg', 'pos', 'neg', 'pos', 'pos'],
    });
    const m = await new LogisticRegression().fit(t, { features: ['x0'], label: 'y' });
    expect(m.classes_).toEqual(['neg', 'pos']);
    expect(m.coef_[0]![0]).toBeGreaterThan(0);
    expect(m.predict(t)[5]).toBe('pos');
    expect(m.score(t)).toBeGreaterThan(0.5);
  });
});
